// Sharded runs end to end through the CLI: a plan split 3 ways and merged gives the unsharded
// run's summary.json and report.md (byte for byte once the run's id, time and wall clock are set aside), every
// trial exactly once; shards of another plan or harness, a shard twice or missing, a trial in
// the wrong shard are refused. Local sandboxes (bubblewrap): the sharding is the subject here.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireBwrapOrSkip } from '../helpers/docker.js';
import { shardOf } from '../../harness/results/shard.js';

const bin = path.resolve('bin/atomic-skills.js');
const hasBwrap = requireBwrapOrSkip();
// 6 tasks (two skills without scoring sandboxes) × 2 agents × 2 epochs = 24 trials.
const SELECTION = [
  '--skills',
  'localization,review',
  '--filter',
  '*-{csvlite,inikit,semrange}-001',
  '--model',
  'oracle',
  '--model',
  'noop',
];
const COMMON = [...SELECTION, '--epochs', '2', '--sandbox', 'local'];

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 900_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function runDirOf(r: { stdout: string }): string {
  return r.stdout.trim().split('\n').pop()!;
}

const lines = (dir: string) =>
  readFileSync(path.join(dir, 'results.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { key: { taskHash: string; agentHash: string; epoch: number }; wallMs: number });
const keyOf = (l: { key: { taskHash: string; agentHash: string; epoch: number } }) => `${l.key.taskHash}:${l.key.agentHash}:${l.key.epoch}`;

/** summary.json without what differs between any two runs: the run's id and start, and wall time. */
function deterministicSummary(dir: string): string {
  const s = JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8'));
  delete s.runId;
  delete s.createdAt;
  for (const g of s.groups) delete g.wall;
  return JSON.stringify(s, null, 2);
}

/** report.md without what differs between any two runs: the run's id and start, and the
 * wall-clock cells (the last two of each row of the cost-and-time table). */
function deterministicReport(dir: string): string {
  const s = JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8')) as { runId: string; createdAt: string };
  const text = readFileSync(path.join(dir, 'report.md'), 'utf8').split(s.runId).join('RUN').split(s.createdAt).join('START');
  const [before, rest] = text.split('## Cost and time');
  const [cost, after] = rest.split('## Errors');
  return `${before}## Cost and time${cost.replace(/\| [^|]* \| [^|]* \|$/gm, '| wall | wall |')}## Errors${after}`;
}

describe.skipIf(!hasBwrap)('run --shard i/n and merge (CLI, local sandboxes)', () => {
  let out: string;
  let whole: string;
  let shards: string[];
  let merged: string;

  beforeAll(() => {
    out = mkdtempSync(path.join(tmpdir(), 'as-shard-'));
    // One at a time: the unsharded run's lines are then in plan order, the order merge writes.
    const r = cli(['run', ...COMMON, '--concurrency', '1', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    whole = runDirOf(r);
    shards = [1, 2, 3].map((i) => {
      const s = cli(['run', ...COMMON, '--shard', `${i}/3`, '--concurrency', '2', '--out', out]);
      expect(s.status, s.stderr).toBe(0);
      expect(s.stderr).toMatch(new RegExp(`shard ${i}/3 of 24`));
      return runDirOf(s);
    });
    const m = cli(['merge', ...[...shards].reverse(), '--out', out]);
    expect(m.status, m.stderr).toBe(0);
    merged = runDirOf(m);
  }, 1_800_000);

  it('splits the plan into disjoint parts by trial key, each trial in the shard its key names', () => {
    const parts = shards.map((d) => lines(d).map(keyOf));
    expect(parts.every((p) => p.length > 0)).toBe(true);
    const all = parts.flat();
    expect(new Set(all).size).toBe(all.length);
    expect(new Set(all)).toEqual(new Set(lines(whole).map(keyOf)));
    parts.forEach((p, i) => p.forEach((k) => expect(shardOf(k, 3)).toBe(i + 1)));
  });

  it('merges into the unsharded run: same summary.json, every trial once, in plan order', () => {
    expect(deterministicSummary(merged)).toBe(deterministicSummary(whole));
    const summary = JSON.parse(readFileSync(path.join(merged, 'summary.json'), 'utf8'));
    const means = Object.fromEntries(
      summary.groups.map((g: { agent: string; skill: string; mean: { mean: number } }) => [`${g.agent}/${g.skill}`, g.mean.mean]),
    );
    expect(means).toEqual({ 'oracle/localization': 1, 'oracle/review': 1, 'noop/localization': 0, 'noop/review': 0 });
    expect(lines(merged).map(keyOf)).toEqual(lines(whole).map(keyOf));
    // Every trajectory of every shard came along.
    const trajectories = shards.flatMap((d) => readdirSync(path.join(d, 'trajectories'))).sort();
    expect(readdirSync(path.join(merged, 'trajectories')).sort()).toEqual(trajectories);
    const meta = JSON.parse(readFileSync(path.join(merged, 'run.json'), 'utf8'));
    expect(meta.options.shard).toBeUndefined();
    expect(meta.options.merged.from).toHaveLength(3);
  });

  it("writes the unsharded run's report.md byte for byte, apart from the run id, its start and wall-clock figures", () => {
    const merged_ = deterministicReport(merged);
    expect(merged_).toBe(deterministicReport(whole));
    // Not vacuous: the scores are there, and the masks took out what they should.
    expect(merged_).toMatch(/## Scores[\s\S]*\| localization \|/);
    expect(merged_).toContain('run `RUN`');
  });

  it('refuses shards that are not the parts of one run', () => {
    const bad = (mutate: (dir: string) => string[]) => {
      const r = cli(['merge', ...mutate(mkdtempSync(path.join(out, 'bad-'))), '--out', out]);
      expect(r.status).toBe(2);
      return r.stderr;
    };
    const copy = (from: string, base: string) => {
      const to = path.join(base, path.basename(from));
      cpSync(from, to, { recursive: true });
      return to;
    };
    const edit = (dir: string, file: string, change: (text: string) => string) =>
      writeFileSync(path.join(dir, file), change(readFileSync(path.join(dir, file), 'utf8')));

    expect(bad(() => [shards[0], shards[1]])).toMatch(/shard\(s\) 3\/3 missing/);
    expect(bad(() => [shards[0], shards[0], shards[1], shards[2]])).toMatch(/shard 1\/3 is also/);
    expect(bad(() => [whole])).toMatch(/not a shard/);
    expect(
      bad((base) => {
        const other = copy(shards[1], base);
        edit(other, 'run.json', (t) => t.replace(/"harnessVersion": "[^"]*"/, '"harnessVersion": "0.0.0-other"'));
        return [shards[0], other, shards[2]];
      }),
    ).toMatch(/harnessVersion: harness version 0\.0\.0-other differs/);
    expect(
      bad((base) => {
        const other = copy(shards[2], base);
        edit(other, 'run.json', (t) => t.replace(/"planHash": "[0-9a-f]+"/, `"planHash": "${'0'.repeat(64)}"`));
        return [shards[0], shards[1], other];
      }),
    ).toMatch(/the trial plan .* differs/);
    expect(
      bad((base) => {
        const other = copy(shards[2], base);
        edit(other, 'run.json', (t) => t.replace(/"timeoutMultiplier": [0-9.]+/, '"timeoutMultiplier": 3'));
        return [shards[0], shards[1], other];
      }),
    ).toMatch(/options\.timeoutMultiplier: timeoutMultiplier 3 differs/);
    expect(
      bad((base) => {
        // A trial of shard 1 slipped into shard 2: it would be counted twice.
        const other = copy(shards[1], base);
        edit(other, 'results.jsonl', (t) => t + readFileSync(path.join(shards[0], 'results.jsonl'), 'utf8').split('\n')[0] + '\n');
        return [shards[0], other, shards[2]];
      }),
    ).toMatch(/belongs to shard 1\/3, not 2/);
  });

  it('resumes a shard as the same part, and refuses to resume it as another', () => {
    const r = cli(['run', '--resume', shards[0], '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/0 trials to run .*shard 1\/3/);
    const wrong = cli(['run', '--resume', shards[0], '--shard', '2/3', '--out', out]);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/holds shard 1\/3; resuming it as shard 2\/3/);
  });
});
