// Default agent prompts and the tiny `{{name}}` template renderer used for the
// configurable system and task prompts (agent config `prompts.system` / `prompts.task`).
import type { ToolName } from '../core/messages.js';

/** Placeholders each template may use; anything else is a configuration error. */
export const SYSTEM_PLACEHOLDERS = ['workdir', 'tools', 'max_turns'] as const;
export const TASK_PLACEHOLDERS = ['task', 'workdir'] as const;

export const DEFAULT_SYSTEM_PROMPT = `You are an autonomous software engineer working alone in a sandboxed Linux machine without network access.
The repository you work on is checked out at {{workdir}}; it is your working directory.

Your tools:
{{tools}}

Work step by step: explore the code, run commands, make the changes the task asks for, and check them.
You have at most {{max_turns}} turns. Nobody will answer questions: decide for yourself.
When you are done, reply with your final answer WITHOUT calling any tool. That message ends the session
and is taken as your answer, so put in it exactly what the task asks you to give.`;

export const DEFAULT_TASK_PROMPT = '{{task}}';

const TOOL_BLURBS: Record<ToolName, string> = {
  bash: '- bash: run a shell command in the sandbox and see its output.',
  str_replace_based_edit_tool:
    '- str_replace_based_edit_tool: view files and directories, create files, replace an exact string, insert lines.',
};

export function describeTools(tools: readonly ToolName[]): string {
  return tools.map((t) => TOOL_BLURBS[t]).join('\n');
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Names used in a template, in order of first appearance. */
export function templatePlaceholders(template: string): string[] {
  const seen = new Set<string>();
  for (const m of template.matchAll(PLACEHOLDER)) seen.add(m[1]);
  return [...seen];
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
