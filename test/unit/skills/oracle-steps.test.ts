// The oracle plays a gold solution as a model would: an existing file (a test the fix changes)
// is written at a scratch path and copied over, since the editor's `create` never overwrites;
// and a step that fails stops the oracle with an agent error naming the step.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentError } from '../../../harness/core/errors.js';
import type { Message, ModelRequest } from '../../../harness/core/messages.js';
import { oracleClient } from '../../../harness/models/scripted.js';
import { writeFileSteps } from '../../../skills/shared/oracle.js';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'as-oracle-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    writeFileSync(path.join(dir, p), text);
  }
  return dir;
}

describe('oracle steps', () => {
  it('creates new files in place and copies changed existing ones over from a scratch path', async () => {
    const repo = folder({ 'tests/test_old.py': 'old\n', 'src/x.py': 'x\n' });
    const gold = folder({ 'tests/test_old.py': 'changed\n', 'tests/unit/test_new.py': 'new\n' });
    const steps = await writeFileSteps(gold, repo);
    const creates = steps.filter((s) => s.input.command === 'create').map((s) => [s.input.path, s.input.file_text]);
    expect(creates).toEqual([
      ['/tmp/atomic-skills-oracle/tests/test_old.py', 'changed\n'],
      ['/testbed/tests/unit/test_new.py', 'new\n'],
    ]);
    // the existing file is never the target of `create`; a copy puts the new text over it
    const copy = steps.find((s) => s.tool === 'bash' && String(s.input.command).includes(' cp '));
    expect(copy?.input.command).toContain("cp '/tmp/atomic-skills-oracle/tests/test_old.py' '/testbed/tests/test_old.py'");
    // the folders `create` needs are made first (it does not make them)
    expect(steps[0]).toMatchObject({ tool: 'bash' });
    expect(String(steps[0].input.command)).toContain('/testbed/tests/unit');
    expect(String(steps[0].input.command)).toContain('/tmp/atomic-skills-oracle/tests');
  });

  it('without a host copy of the repo (an environment task) treats every file as existing', async () => {
    const gold = folder({ 'tests/test_a.py': 'a\n' });
    const steps = await writeFileSteps(gold, undefined);
    expect(steps.filter((s) => s.input.command === 'create').map((s) => s.input.path)).toEqual([
      '/tmp/atomic-skills-oracle/tests/test_a.py',
    ]);
  });

  it('stops with oracle_step_failed naming the step when a call errors or a bash step exits non-zero', async () => {
    const client = oracleClient({
      steps: [
        { tool: 'str_replace_based_edit_tool', input: { command: 'create', path: '/testbed/tests/test_a.py', file_text: 'a' } },
        { tool: 'bash', input: { command: 'cd /testbed && git apply /tmp/test.patch' } },
      ],
      finalAnswer: 'done',
    });
    const request = (messages: Message[]): ModelRequest => ({ system: '', messages, tools: [] });
    const first = await client.complete(request([{ role: 'user', content: 'go' }]));
    const history: Message[] = [
      { role: 'user', content: 'go' },
      { role: 'assistant', text: '', toolCalls: first.toolCalls },
    ];
    // a successful step goes on to the next one
    const second = await client.complete(
      request([...history, { role: 'tool', results: [{ callId: first.toolCalls[0].id, output: 'File created', isError: false }] }]),
    );
    expect(second.toolCalls[0].name).toBe('bash');
    // an editor refusal stops it
    const refused = client.complete(
      request([...history, { role: 'tool', results: [{ callId: first.toolCalls[0].id, output: 'file already exists', isError: true }] }]),
    );
    await expect(refused).rejects.toThrow(AgentError);
    await expect(refused).rejects.toMatchObject({
      reason: 'oracle_step_failed',
      message: expect.stringContaining('create /testbed/tests/test_a.py'),
    });
    // so does a bash step with a non-zero exit
    const after = [
      ...history,
      { role: 'tool' as const, results: [{ callId: first.toolCalls[0].id, output: 'File created', isError: false }] },
      { role: 'assistant' as const, text: '', toolCalls: second.toolCalls },
      { role: 'tool' as const, results: [{ callId: second.toolCalls[0].id, output: 'error: patch failed\nexit code: 1', isError: false }] },
    ];
    await expect(client.complete(request(after))).rejects.toMatchObject({
      reason: 'oracle_step_failed',
      message: expect.stringContaining('git apply'),
    });
    // the whole script played, the final answer comes
    const done = [
      ...after.slice(0, -1),
      { role: 'tool' as const, results: [{ callId: second.toolCalls[0].id, output: 'exit code: 0', isError: false }] },
    ];
    expect((await client.complete(request(done))).text).toBe('done');
  });
});
