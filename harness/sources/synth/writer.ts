// Optional (`--writer <agent.yaml>`): a model rewrites the templated issue texts into natural
// prose. The template stands alone: a failed call, an empty or suspicious answer keeps it.
// The model sees only the template (never the code or the bug), so it cannot leak the fix.
import { loadAgentConfig } from '../../config/agent-config.js';
import { createModelClient } from '../../models/index.js';
import type { ModelClient } from '../../core/messages.js';
import type { TaskDraft } from './drafts.js';

const SYSTEM = [
  'You rewrite bug reports generated from failing tests into the issue a user of the library would file.',
  'Keep every fact: the behaviours that fail, the test names in backticks, the failure messages (quote them as they are).',
  'Add nothing you do not know: do not guess which file, function or line is wrong, and do not propose a fix.',
  'Answer with the issue text only (a title line, a blank line, then the body), no preamble.',
].join('\n');

/** Is this rewrite usable in place of `template`? */
export function acceptable(template: string, rewrite: string): boolean {
  const text = rewrite.trim();
  if (text.length < 40 || text.length > template.length * 3 + 500) return false;
  if (/\/testbed\b/.test(text)) return false;
  // Every test the template names in backticks must still be named.
  const names = [...template.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]);
  return names.every((n) => text.includes(n));
}

async function rewriteOne(client: ModelClient, template: string): Promise<string | undefined> {
  const res = await client.complete({ system: SYSTEM, messages: [{ role: 'user', content: template }], tools: [] });
  return acceptable(template, res.text) ? `${res.text.trim()}\n` : undefined;
}

export async function rewriteTexts(
  drafts: TaskDraft[],
  agentConfigPath: string,
  log: (line: string) => void,
  client?: ModelClient,
): Promise<void> {
  const model = client ?? createModelClient(loadAgentConfig(agentConfigPath), { warn: log });
  const done = new Map<string, string>();
  let kept = 0;
  for (const d of drafts) {
    for (const t of d.texts) {
      if (!done.has(t.issue)) {
        try {
          done.set(t.issue, (await rewriteOne(model, t.issue)) ?? t.issue);
        } catch (e) {
          log(`writer: ${d.id}: ${(e as Error).message}; the templated text is kept`);
          done.set(t.issue, t.issue);
        }
      }
      const text = done.get(t.issue)!;
      if (text === t.issue) kept++;
      d.fields[t.field] = text + t.suffix;
    }
  }
  log(`writer: ${done.size} texts sent to ${model.id}, ${kept} task texts kept as templated`);
}
