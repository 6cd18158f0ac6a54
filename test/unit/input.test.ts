// One way to read input: every reader (agent config, task, quarantine, gate config, summary
// baseline, run.json, results lines, trajectory) gives the same error shape — the file, where in
// it (line and column of a syntax error, or the field path), and what is wrong.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InputError } from '../../harness/core/errors.js';
import { fieldPath, parseText, readInput, readInputSync, validateInput } from '../../harness/core/input.js';
import { readTrajectory } from '../../harness/core/trajectory.js';
import { loadAgentConfig } from '../../harness/config/agent-config.js';
import { readResultBatches, readRunMeta } from '../../harness/results/store.js';
import { loadGateConfig } from '../../reports/gate.js';

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'as-input-'));
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

async function write(name: string, text: string): Promise<string> {
  const file = path.join(tmp, name);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, text);
  return file;
}

/** The InputError a call throws (sync or async), as { file, field, message }. */
async function problem(run: () => unknown): Promise<{ file: string; field: string; message: string }> {
  try {
    await run();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    const e = err as InputError;
    return { file: e.file, field: e.field, message: e.message.slice(`${e.file}: ${e.field ? `${e.field}: ` : ''}`.length) };
  }
  throw new Error('expected an InputError');
}

const Schema = z.object({ name: z.string(), items: z.array(z.object({ n: z.number() }).strict()) }).strict();

describe('read → parse → validate', () => {
  it('names the line and column of a syntax error', async () => {
    expect(await problem(() => parseText('a: 1\nb: [1, 2\n', 'f.yaml', 'yaml'))).toMatchObject({
      file: 'f.yaml',
      field: expect.stringMatching(/^line \d+, column \d+$/),
      message: expect.stringMatching(/^invalid YAML: /),
    });
    expect(await problem(() => parseText('a: 1\na: 2\n', 'f.yaml', 'yaml'))).toMatchObject({ field: 'line 2, column 1' });
    expect((await problem(() => parseText('{"a": }', 'f.json', 'json'))).message).toMatch(/^invalid JSON: /);
  });

  it('names the field path, an unknown field, and lists every other problem', async () => {
    expect(fieldPath(['items', 1, 'n'])).toBe('items.1.n');
    const p = await problem(() => validateInput({ name: 3, items: [{ n: 1 }, { n: 'x', extra: 1 }] }, Schema, 'f.yaml'));
    expect(p.field).toBe('name');
    expect(p.message).toMatch(/^Invalid input: expected string, received number \(also items\.1\.n: .+; items\.1\.extra: unknown field\)$/);
    expect(await problem(() => validateInput({ name: 'a', items: [], zzz: 1 }, Schema, 'f.yaml'))).toEqual({
      file: 'f.yaml',
      field: 'zzz',
      message: 'unknown field',
    });
    expect((await problem(() => validateInput({}, Schema, 'r.jsonl', 'line 7'))).field).toBe('line 7: name');
  });

  it('reads a file whole, sync or not; a missing file is "not found"; an empty YAML file takes the default', async () => {
    const f = await write('ok.yaml', 'name: a\nitems:\n  - n: 1\n');
    expect(await readInput(f, Schema, { format: 'yaml' })).toEqual({ name: 'a', items: [{ n: 1 }] });
    expect(readInputSync(f, Schema, { format: 'yaml' })).toEqual({ name: 'a', items: [{ n: 1 }] });
    expect(await problem(() => readInput(path.join(tmp, 'nope.yaml'), Schema, { format: 'yaml', label: 'nope.yaml' }))).toEqual({
      file: 'nope.yaml',
      field: '',
      message: 'not found',
    });
    const empty = await write('empty.yaml', '# nothing\n');
    expect(await readInput(empty, z.object({ a: z.number().default(1) }), { format: 'yaml', empty: {} })).toEqual({ a: 1 });
  });
});

describe('every reader uses it', () => {
  it('agent config', async () => {
    const f = await write('agent.yaml', 'model: oracle\ntools: [bash, nope]\n');
    expect(await problem(() => loadAgentConfig(f))).toMatchObject({ file: f, field: 'tools.1' });
    const bad = await write('agent-bad.yaml', 'model: oracle\n  tools: x\n');
    expect((await problem(() => loadAgentConfig(bad))).field).toMatch(/^line \d+, column \d+$/);
  });

  it('gate config', async () => {
    const f = await write('gate.yaml', 'max_drop: 2\n');
    expect(await problem(() => loadGateConfig(f))).toMatchObject({ file: f, field: 'max_drop' });
  });

  it('run.json and results lines', async () => {
    const run = path.join(tmp, 'run');
    await write('run/run.json', JSON.stringify({ v: 1, runId: 'r' }));
    expect(await problem(() => readRunMeta(run))).toMatchObject({ file: path.join(run, 'run.json'), field: 'createdAt' });
    await write('run/results.jsonl', '{"v": 1}\n{}\n');
    const read = async () => {
      for await (const _batch of readResultBatches(run, { onWarning: () => undefined })) void _batch;
    };
    expect((await problem(read)).field).toMatch(/^line 1: key$/);
  });

  it('trajectory: the schema names the field; older files without newer fields read', async () => {
    const usage = { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 };
    const step = {
      turn: 1,
      request: { messages: 1, tools: ['bash'] },
      // a tool call whose arguments were not a JSON object has no `input` in the file
      response: { text: '', toolCalls: [{ id: 'c1', name: 'bash', rawInput: '{oops' }], stopReason: 'tool_use' },
      observations: [{ callId: 'c1', tool: 'bash', output: 'bad input', isError: true, durationMs: 0 }],
      usage,
      cost: null,
      latencyMs: 3,
    };
    const t = {
      version: 1,
      model: 'm',
      agent: 'a',
      steps: [step],
      final: { answer: 'done', status: 'finished' },
      totals: { usage, cost: null, turns: 1, wallMs: 5 },
    };
    const good = await write('t.json', JSON.stringify(t));
    expect(readTrajectory(good).steps[0].response.toolCalls[0].input).toBeUndefined();
    const broken = await write('t2.json', JSON.stringify({ ...t, steps: [{ ...step, response: { ...step.response, toolCalls: 'x' } }] }));
    expect(await problem(() => readTrajectory(broken))).toMatchObject({ file: broken, field: 'steps.0.response.toolCalls' });
    const v2 = await write('t3.json', JSON.stringify({ ...t, version: 2 }));
    expect((await problem(() => readTrajectory(v2))).field).toBe('version');
  });
});
