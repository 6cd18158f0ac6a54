// The agent's tool box: the enabled tools' specs and one entry point that routes a model's
// tool call to bash or the editor, turning every agent mistake into an isError result.
import type { ToolCall, ToolName, ToolResult, ToolSpec } from '../../core/messages.js';
import type { Sandbox } from '../../core/sandbox.js';
import { BashTool } from './bash.js';
import { editorCommands, TextEditor } from './editor.js';
import type { ToolOutcome } from './outcome.js';
import { bashSpec, editorSpec } from './specs.js';
import type { CreateToolBox, ToolBox, ToolBoxOptions } from './types.js';

export { formatObservation, BashTool, SESSION_ROOT } from './bash.js';
export { TextEditor, EDITOR_COMMANDS, editorCommands, type EditorDialect } from './editor.js';
export { bashSpec, editorSpec } from './specs.js';
export type { ToolOutcome } from './outcome.js';

/** Fixed order, so specs (and prompt caches built on them) are stable across runs. */
const ALL_TOOLS: ToolName[] = ['bash', 'str_replace_based_edit_tool'];

/** The specs a tool box with these options declares (the preflight request sends them too). */
export function toolSpecs(options: ToolBoxOptions): ToolSpec[] {
  const dialect = options.editorDialect ?? 'json';
  return ALL_TOOLS.filter((t) => options.enabled.includes(t)).map((t) =>
    t === 'bash'
      ? bashSpec({ timeoutMs: options.bashTimeoutMs, outputCapBytes: options.outputCapBytes, mode: options.bashMode })
      : editorSpec(editorCommands(dialect)),
  );
}

export const createToolBox: CreateToolBox = (sandbox: Sandbox, options: ToolBoxOptions): ToolBox => {
  const enabled = ALL_TOOLS.filter((t) => options.enabled.includes(t));
  const bash = new BashTool(sandbox, {
    timeoutMs: options.bashTimeoutMs,
    outputCapBytes: options.outputCapBytes,
    mode: options.bashMode,
  });
  // The editor's view is held to the same size budget as one bash stream.
  const dialect = options.editorDialect ?? 'json';
  const editor = new TextEditor(sandbox, { maxViewChars: options.outputCapBytes, dialect });
  const specs = toolSpecs(options);

  async function dispatch(call: ToolCall): Promise<ToolOutcome> {
    const name = call.name;
    if (!(ALL_TOOLS as string[]).includes(name)) {
      return { isError: true, output: `Unknown tool ${JSON.stringify(name)}. Available tools: ${enabled.join(', ') || 'none'}.` };
    }
    if (!(enabled as string[]).includes(name)) {
      return {
        isError: true,
        output: `The tool ${JSON.stringify(name)} is not enabled in this setting. Available tools: ${enabled.join(', ') || 'none'}.`,
      };
    }
    const input = call.input;
    if (input === undefined || input === null || typeof input !== 'object' || Array.isArray(input)) {
      const raw = call.rawInput ?? (input === undefined ? '' : JSON.stringify(input));
      const shown = raw.length > 300 ? `${raw.slice(0, 300)}…` : raw;
      return {
        isError: true,
        output: `The arguments of this ${name} call are not a JSON object${raw ? `: ${shown}` : ' (nothing was sent)'}. Send the parameters as a JSON object matching the tool's schema.`,
      };
    }
    return name === 'bash' ? bash.run(input) : editor.run(input);
  }

  return {
    specs,
    async run(call: ToolCall): Promise<ToolResult> {
      const outcome = await dispatch(call);
      return { callId: call.id, output: outcome.output, isError: outcome.isError };
    },
  };
};
