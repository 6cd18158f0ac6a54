// The results store: run.json without secrets, fsynced appends, serialised concurrent appends,
// torn last lines (skipped on read, moved aside on resume), malformed lines naming line + field.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { InputError } from '../../harness/core/errors.js';
import type { TrialRecord } from '../../harness/core/results.js';
import {
  ResultsWriter,
  completedKeys,
  createRunDir,
  openRunDir,
  readResults,
  trialKeyString,
  writeTrajectory,
  type NewRunMeta,
} from '../../harness/results/store.js';
import { syntheticRecords } from '../../harness/testing/synthetic.js';
import { redactSettings } from '../../harness/core/secrets.js';

let tmp: string;
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'as-store-'));
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

const meta = (runId = 'run-1'): NewRunMeta => ({
  runId,
  harnessVersion: '0.1.0',
  dataset: { path: 'datasets/sample', hash: 'abc' },
  agents: [
    {
      name: 'a',
      hash: 'h1',
      model: 'openai/x',
      config: {
        model: 'openai/x',
        provider: { apiKey: 'sk-abcdefghijklmnopqrstuvwxyz', baseUrl: 'http://x' },
        limits: { max_tokens: 100 },
      },
    },
  ],
  epochs: 3,
  options: { concurrency: 4, headers: { Authorization: 'Bearer abc' } },
});

async function collect(dir: string, warnings: string[] = []): Promise<TrialRecord[]> {
  const out: TrialRecord[] = [];
  for await (const r of readResults(dir, { onWarning: (m) => warnings.push(m) })) out.push(r);
  return out;
}

const records = (n: number, seed = 1) => [...syntheticRecords({ n, seed, agents: [{ name: 'a', skill: 0.5 }], epochs: 2 })];

describe('run directory', () => {
  it('creates run.json (secrets removed), results.jsonl and trajectories/', async () => {
    const run = await createRunDir(tmp, meta());
    expect(run.dir).toBe(path.join(tmp, 'run-1'));
    const text = await fs.readFile(path.join(run.dir, 'run.json'), 'utf8');
    expect(text).not.toContain('sk-abcdefghijklmnop');
    expect(text).not.toContain('Bearer abc');
    const json = JSON.parse(text);
    expect(json.agents[0].config.provider.apiKey).toBe('[REDACTED]');
    expect(json.agents[0].config.provider.baseUrl).toBe('http://x');
    expect(json.agents[0].config.limits.max_tokens).toBe(100);
    expect(json.v).toBe(1);
    expect(typeof json.createdAt).toBe('string');
    expect((await fs.stat(run.trajectoriesDir)).isDirectory()).toBe(true);
    expect(await fs.readFile(run.resultsPath, 'utf8')).toBe('');

    const reopened = await openRunDir(run.dir);
    expect(reopened.meta.runId).toBe('run-1');
    expect(reopened.meta.epochs).toBe(3);
    await expect(createRunDir(tmp, meta())).rejects.toBeInstanceOf(InputError);
    const rel = await writeTrajectory(reopened, 't.json', { steps: [] });
    expect(rel).toBe('trajectories/t.json');
    await expect(writeTrajectory(reopened, '../evil.json', {})).rejects.toBeInstanceOf(InputError);
  });

  it('names the field of a bad run.json', async () => {
    await fs.mkdir(path.join(tmp, 'bad'));
    await fs.writeFile(
      path.join(tmp, 'bad', 'run.json'),
      JSON.stringify({
        v: 1,
        runId: 'bad',
        createdAt: 'x',
        harnessVersion: '1',
        dataset: { path: 'd', hash: 'h' },
        agents: [],
        epochs: 0,
        options: {},
      }),
    );
    await expect(openRunDir(path.join(tmp, 'bad'))).rejects.toThrow(/run\.json: epochs/);
    await expect(openRunDir(path.join(tmp, 'none'))).rejects.toBeInstanceOf(InputError);
  });

  it('redactSettings keeps ordinary keys', () => {
    expect(redactSettings({ max_tokens: 5, token: 'x', accessToken: 'y', nested: [{ password: 'p', name: 'n' }] })).toEqual({
      max_tokens: 5,
      token: '[REDACTED]',
      accessToken: '[REDACTED]',
      nested: [{ password: '[REDACTED]', name: 'n' }],
    });
  });
});

describe('ResultsWriter', () => {
  it('appends one line per record, each on disk when append resolves', async () => {
    const run = await createRunDir(tmp, meta());
    const w = await ResultsWriter.open(run.dir);
    const rs = records(3);
    await w.append(rs[0]);
    // Readable before close: the line is written and flushed already.
    expect((await fs.readFile(run.resultsPath, 'utf8')).split('\n')).toHaveLength(2);
    await w.append(rs[1]);
    await w.append(rs[2]);
    await w.close();
    const back = await collect(run.dir);
    expect(back).toEqual(rs);
    await expect(w.append(rs[0])).rejects.toThrow(/closed/);
  });

  it('serialises concurrent appends: every line whole, none lost', async () => {
    const run = await createRunDir(tmp, meta());
    const w = await ResultsWriter.open(run.dir);
    const rs = [...syntheticRecords({ n: 200, seed: 5, padding: 20_000, agents: [{ name: 'a', skill: 0.5 }] })];
    await Promise.all(rs.map((r) => w.append(r)));
    await w.close();
    const back = await collect(run.dir);
    expect(back).toHaveLength(200);
    expect(new Set(back.map((r) => trialKeyString(r.key) + r.agent)).size).toBe(
      new Set(rs.map((r) => trialKeyString(r.key) + r.agent)).size,
    );
    expect(back.map((r) => r.startedAt).sort()).toEqual(rs.map((r) => r.startedAt).sort());
  });

  it('refuses an invalid record, naming the field, and keeps going', async () => {
    const run = await createRunDir(tmp, meta());
    const w = await ResultsWriter.open(run.dir);
    const [good] = records(1);
    const bad = { ...good, outcome: 'exploded' } as unknown as TrialRecord;
    await expect(w.append(bad)).rejects.toThrow(/outcome/);
    await w.append(good);
    await w.close();
    expect(await collect(run.dir)).toHaveLength(1);
  });

  it('on resume moves a torn last line aside so new lines never join it', async () => {
    const run = await createRunDir(tmp, meta());
    const rs = records(3);
    const torn = JSON.stringify(rs[2]).slice(0, 57);
    await fs.writeFile(run.resultsPath, JSON.stringify(rs[0]) + '\n' + JSON.stringify(rs[1]) + '\n' + torn);
    const warnings: string[] = [];
    const w = await ResultsWriter.open(run.dir, { onWarning: (m) => warnings.push(m) });
    await w.append(rs[2]);
    await w.close();
    expect(warnings.join()).toMatch(/torn/);
    expect(await fs.readFile(run.resultsPath + '.torn', 'utf8')).toBe(torn + '\n');
    const readWarnings: string[] = [];
    expect(await collect(run.dir, readWarnings)).toEqual(rs);
    expect(readWarnings).toEqual([]);
  });

  it('on resume completes a valid last line that lacks its newline', async () => {
    const run = await createRunDir(tmp, meta());
    const rs = records(2);
    await fs.writeFile(run.resultsPath, JSON.stringify(rs[0]));
    const w = await ResultsWriter.open(run.dir);
    await w.append(rs[1]);
    await w.close();
    expect(await collect(run.dir)).toEqual(rs);
  });
});

describe('readResults', () => {
  it('streams records and skips a torn final line with a warning', async () => {
    const run = await createRunDir(tmp, meta());
    const rs = records(4);
    await fs.writeFile(
      run.resultsPath,
      rs
        .slice(0, 3)
        .map((r) => JSON.stringify(r) + '\n')
        .join('') + JSON.stringify(rs[3]).slice(0, 80),
    );
    const warnings: string[] = [];
    const back = await collect(run.dir, warnings);
    expect(back).toEqual(rs.slice(0, 3));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/line 4: torn/);
  });

  it('names results.jsonl, the line and the field of a malformed line', async () => {
    const run = await createRunDir(tmp, meta());
    const rs = records(3);
    const bad = { ...rs[1], usage: { ...rs[1].usage, outputTokens: 'many' } };
    await fs.writeFile(run.resultsPath, [rs[0], bad, rs[2]].map((r) => JSON.stringify(r) + '\n').join(''));
    const err = await collect(run.dir).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toMatch(/results\.jsonl: line 2: usage\.outputTokens/);
    expect((err as InputError).field).toBe('line 2: usage.outputTokens');
  });

  it('names the metric key of a non-numeric metric', async () => {
    const run = await createRunDir(tmp, meta());
    const [r] = records(1);
    await fs.writeFile(
      run.resultsPath,
      JSON.stringify({ ...r, metrics: { ok: 1, gone: null, recall_at_3: 'high' } }) + '\n' + JSON.stringify(r) + '\n',
    );
    await expect(collect(run.dir)).rejects.toThrow(/line 1: metrics\.recall_at_3: expected a finite number or null/);
    await fs.writeFile(run.resultsPath, JSON.stringify({ ...r, details: [] }) + '\n' + JSON.stringify(r) + '\n');
    await expect(collect(run.dir)).rejects.toThrow(/line 1: details: expected an object/);
  });

  it('a non-JSON line in the middle is an error, not a torn line', async () => {
    const run = await createRunDir(tmp, meta());
    const rs = records(2);
    await fs.writeFile(run.resultsPath, JSON.stringify(rs[0]) + '\n{"v":1,\n' + JSON.stringify(rs[1]) + '\n');
    await expect(collect(run.dir)).rejects.toThrow(/line 2: invalid JSON/);
  });

  it('carries an optional provenance: lines with and without it load, a malformed one is named', async () => {
    const run = await createRunDir(tmp, meta());
    const rs = records(2);
    const withProv = { ...rs[1], provenance: { source: 'swebench', instance: 'acme__lib-12', repo: 'acme/lib' } };
    await fs.writeFile(run.resultsPath, JSON.stringify(rs[0]) + '\n' + JSON.stringify(withProv) + '\n');
    const back = await collect(run.dir);
    expect(back[0].provenance).toBeUndefined();
    expect(back[1].provenance).toEqual({ source: 'swebench', instance: 'acme__lib-12', repo: 'acme/lib' });
    await fs.writeFile(run.resultsPath, JSON.stringify({ ...rs[0], provenance: { instance: 12 } }) + '\n' + JSON.stringify(rs[1]) + '\n');
    await expect(collect(run.dir)).rejects.toThrow(/line 1: provenance\.instance/);
  });

  it('ignores blank lines, tolerates CRLF, and reports a missing file as InputError', async () => {
    const run = await createRunDir(tmp, meta());
    const rs = records(2);
    await fs.writeFile(run.resultsPath, '\n' + JSON.stringify(rs[0]) + '\r\n\n' + JSON.stringify(rs[1]) + '\n\n');
    expect(await collect(run.dir)).toEqual(rs);
    await expect(collect(path.join(tmp, 'nope'))).rejects.toBeInstanceOf(InputError);
  });
});

describe('completedKeys', () => {
  it('holds taskHash:agentHash:epoch of finished trials, without infra errors', async () => {
    const run = await createRunDir(tmp, meta());
    const rs = records(6);
    rs[1] = { ...rs[1], outcome: 'infra_error', score: null, pass: null, error: { kind: 'docker', message: 'down' } };
    rs[2] = { ...rs[2], outcome: 'agent_error', score: 0, pass: false, error: { kind: 'max_turns', message: 'x' } };
    rs[0] = { ...rs[0], outcome: 'scored', score: 1, pass: true, error: null };
    const w = await ResultsWriter.open(run.dir);
    for (const r of rs) await w.append(r);
    await w.close();
    const keys = await completedKeys(run.dir);
    expect(keys.has(trialKeyString(rs[0].key))).toBe(true);
    expect(keys.has(`${rs[2].key.taskHash}:${rs[2].key.agentHash}:${rs[2].key.epoch}`)).toBe(true);
    const infraKey = trialKeyString(rs[1].key);
    expect(new Set(rs.map((r) => trialKeyString(r.key))).size).toBe(6); // all distinct here
    expect(keys.has(infraKey)).toBe(false);
    expect(keys.size).toBe(rs.filter((r) => r.outcome !== 'infra_error').length);
    expect(await completedKeys(path.join(tmp, 'fresh'))).toEqual(new Set());
  });
});
