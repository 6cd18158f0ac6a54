// The agent's default prompt templates and the `{{name}}` placeholders each may use: the agent
// config checks templates against them (and hashes the defaults in); harness/agent renders them.

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

export const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Names used in a template, in order of first appearance. */
export function templatePlaceholders(template: string): string[] {
  const seen = new Set<string>();
  for (const m of template.matchAll(PLACEHOLDER)) seen.add(m[1]);
  return [...seen];
}
