// The tiny `{{name}}` template renderer for the configurable system and task prompts (agent
// config `prompts.system` / `prompts.task`; defaults in harness/config/prompt-templates.ts).
import type { ToolName } from '../core/messages.js';
import { DEFAULT_SYSTEM_PROMPT, DEFAULT_TASK_PROMPT, PLACEHOLDER } from '../config/prompt-templates.js';

const TOOL_BLURBS: Record<ToolName, string> = {
  bash: '- bash: run a shell command in the sandbox and see its output.',
  str_replace_based_edit_tool:
    '- str_replace_based_edit_tool: view files and directories, create files, replace an exact string, insert lines.',
};

export function describeTools(tools: readonly ToolName[]): string {
  return tools.map((t) => TOOL_BLURBS[t]).join('\n');
}

/** Replaces `{{name}}` with vars[name]; an unknown name is an error (a typo must not pass silently). */
export function renderTemplate(template: string, vars: Record<string, string>): string {
  return template.replace(PLACEHOLDER, (_whole, name: string) => {
    if (!Object.prototype.hasOwnProperty.call(vars, name)) {
      throw new Error(`unknown placeholder {{${name}}} (known: ${Object.keys(vars).join(', ') || 'none'})`);
    }
    return vars[name];
  });
}

export interface PromptSettings {
  prompts: { system?: string; task?: string };
  tools: ToolName[];
  limits: { max_turns: number };
}

/** The system prompt and first user message for one trial. */
export function buildPrompts(config: PromptSettings, taskText: string, workdir = '/testbed'): { system: string; task: string } {
  const system = renderTemplate(config.prompts.system ?? DEFAULT_SYSTEM_PROMPT, {
    workdir,
    tools: describeTools(config.tools),
    max_turns: String(config.limits.max_turns),
  });
  const task = renderTemplate(config.prompts.task ?? DEFAULT_TASK_PROMPT, { task: taskText, workdir });
  return { system, task };
}
