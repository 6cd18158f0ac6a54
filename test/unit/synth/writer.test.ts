// The optional writer: rewrites issue texts through a model, keeps the template whenever the
// answer is unusable or the call fails, and asks once per distinct text.
import { describe, expect, it } from 'vitest';
import type { ModelClient, ModelRequest } from '../../../harness/core/messages.js';
import type { TaskDraft } from '../../../harness/sources/synth/drafts.js';
import { acceptable, rewriteTexts } from '../../../harness/sources/synth/writer.js';

const ISSUE = 'Regression: parse no longer behaves as expected\n\n- parse (`test_parse`)\n';

function draft(id: string, suffix = ''): TaskDraft {
  return {
    skill: 'editing',
    id,
    instance: id,
    fields: { problem_statement: ISSUE + suffix },
    files: new Map(),
    difficulty: {},
    provenance: {},
    texts: [{ field: 'problem_statement', issue: ISSUE, suffix }],
  };
}

function client(answer: (req: ModelRequest) => string): ModelClient & { calls: number } {
  const c = {
    id: 'fake/model',
    calls: 0,
    async complete(req: ModelRequest) {
      c.calls++;
      return {
        text: answer(req),
        toolCalls: [],
        usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
        stopReason: 'end',
      };
    },
  };
  return c;
}

describe('rewriteTexts', () => {
  it('uses an acceptable rewrite for every task sharing the text, keeping each suffix', async () => {
    const fake = client(
      () => 'Parsing broke after the last release\n\nWhen I call parse, `test_parse` in our suite fails with a wrong value.',
    );
    const drafts = [draft('a'), draft('b', '\nWrite a test.\n')];
    await rewriteTexts(drafts, 'unused.yaml', () => undefined, fake);
    expect(fake.calls).toBe(1);
    expect(drafts[0].fields.problem_statement).toMatch(/^Parsing broke/);
    expect(drafts[1].fields.problem_statement).toMatch(/Write a test\.\n$/);
  });

  it('keeps the template when the answer drops a test name, is empty, or the call fails', async () => {
    for (const fake of [
      client(() => 'Parsing is broken somewhere, please look at it soon, thanks a lot.'),
      client(() => ''),
      client(() => {
        throw new Error('503');
      }),
    ]) {
      const d = draft('a');
      const logs: string[] = [];
      await rewriteTexts([d], 'unused.yaml', (l) => logs.push(l), fake);
      expect(d.fields.problem_statement).toBe(ISSUE);
      expect(logs.at(-1)).toContain('1 task texts kept as templated');
    }
  });

  it('refuses rewrites that mention the sandbox paths', () => {
    expect(acceptable(ISSUE, 'In /testbed/src/x.py `test_parse` fails, which is bad for all of us.')).toBe(false);
  });
});
