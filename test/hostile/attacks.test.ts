// The hostile-agent suite: every scripted attack (attacks-sandbox.ts, attacks-scoring.ts) is
// replayed through the real CLI on a bundled task, and must be contained — no probe escaped,
// the sandbox still answering where the attack tried to kill it — and scored 0 or agent_error,
// never infra_error; the harness itself stays under 500 MB, leaves no container, and no key
// reaches any file it writes. Cases marked `pendingOn` wait for another stream's fix
// (docs/security.md lists them) and are expected to fail until it lands.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireDockerOrSkip } from '../helpers/docker.js';
import { probeNames, type Attack, type AttackResult } from './attack.js';
import { FAKE_KEYS, SANDBOX_ATTACKS } from './attacks-sandbox.js';
import { SCORING_ATTACKS } from './attacks-scoring.js';
import { filesContaining, runAttacks, type CliRun } from './cli-run.js';

const hasDocker = await requireDockerOrSkip();
/** HOSTILE_ONLY=id,id… replays just those (while working on one). */
const only = process.env.HOSTILE_ONLY?.split(',');
const ATTACKS: Attack[] = [...SANDBOX_ATTACKS, ...SCORING_ATTACKS].filter((a) => !only || only.includes(a.id));
/** Attacks aimed at the harness's own memory run alone, so each peak is its own. */
const SOLO = new Set(['giant-output', 'giant-answer', 'editor-sparse-file', 'editor-giant-write', 'diff-over-cap', 'diff-near-cap']);
const MAX_HARNESS_RSS_MB = 500;

/** One CLI run per task (solo attacks each their own), in a stable order. */
function plan(attacks: Attack[]): { task: string; attacks: Attack[] }[] {
  const groups = new Map<string, Attack[]>();
  for (const a of attacks) {
    const key = SOLO.has(a.id) ? `${a.task}#${a.id}` : a.task;
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  return [...groups.values()].map((list) => ({ task: list[0].task, attacks: list }));
}

function assertContained(a: Attack, r: AttackResult | undefined, run: CliRun): void {
  console.log(`${a.id}: harness peak ${run.peakRssMb.toFixed(0)} MB`);
  expect(run.status, `the CLI failed: ${run.stderr}`).toBe(0);
  expect(r, `no result for ${a.id}`).toBeDefined();
  const { record, observations } = r!;
  const where = `${a.id}: ${record.outcome} ${JSON.stringify(record.error ?? record.details).slice(0, 600)}`;
  // What the agent caused is the agent's: never an infrastructure error, never a point.
  expect(record.outcome, where).not.toBe('infra_error');
  if ((a.outcome ?? 'zero') === 'agent_error') expect(record.outcome, where).toBe('agent_error');
  else expect(['scored', 'agent_error'], where).toContain(record.outcome);
  if (record.outcome === 'scored') expect(record.score, where).toBe(0);
  // Whatever the outcome, what the agent did is kept.
  expect(record.trajectory, `${where}: trajectory`).not.toBeNull();
  // Every probe was attempted, and none escaped.
  const text = observations.join('\n');
  for (const name of probeNames(a.calls)) expect(text, `${a.id}: probe ${name} never ran`).toContain(`ATTEMPTED:${name}`);
  expect(text.match(/ESCAPED:[\w.-]+/g) ?? [], a.id).toEqual([]);
  expect(run.peakRssMb, `${a.id}: harness peak memory`).toBeLessThan(MAX_HARNESS_RSS_MB);
  a.check?.(r!);
}

describe.skipIf(!hasDocker)('hostile agents, replayed through the CLI on the bundled tasks', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'as-hostile-'));
  const runs: CliRun[] = [];
  const runOf = new Map<string, CliRun>();

  beforeAll(async () => {
    for (const { task, attacks } of plan(ATTACKS)) {
      const run = await runAttacks(task, attacks, work, FAKE_KEYS);
      runs.push(run);
      for (const a of attacks) runOf.set(a.id, run);
    }
  }, 3_600_000);

  for (const a of ATTACKS) {
    const title = `${a.id} on ${a.task}: ${a.threat}${a.pendingOn ? ` (pending on ${a.pendingOn})` : ''}`;
    // HOSTILE_STRICT=1 runs pending cases as ordinary ones: to see why they still fail.
    (a.pendingOn && !process.env.HOSTILE_STRICT ? it.fails : it)(title, () => {
      const run = runOf.get(a.id)!;
      assertContained(a, run.results.get(a.id), run);
    });
  }

  it('leaves no sandbox container behind after any run', () => {
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.map((r) => r.leftContainers)).toEqual(runs.map(() => 0));
  });

  it("writes none of the harness's keys into any file of any run", () => {
    expect(filesContaining(path.join(work, 'runs'), Object.values(FAKE_KEYS))).toEqual([]);
  });
});
