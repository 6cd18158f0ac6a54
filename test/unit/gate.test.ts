// gate: exit 0 when the candidate holds, 1 on a significant drop or a missed minimum,
// 2 on unusable input (missing files, malformed results / summary / gate.yaml).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXIT_BAD_INPUT, EXIT_HOLDS, EXIT_REGRESSION, parseMin, runGate } from '../../harness/cli/commands/gate.js';
import { gate } from '../../reports/gate.js';
import { renderReports } from '../../reports/index.js';
import { writeSyntheticRun, type SyntheticOptions } from '../../harness/testing/synthetic.js';
import { holmAdjust } from '../../harness/stats/index.js';

let tmp: string;
let baseline: string;
let same: string;
let worse: string;
let slightlyWorse: string;

const common: SyntheticOptions = { seed: 21, epochs: 2, tasksPerSkill: 30, infraRate: 0.01, agentErrorRate: 0.02 };

async function exitOf(opts: Parameters<typeof runGate>[0]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runGate({ stepSummary: null, ...opts }, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'as-gate-'));
  baseline = (await writeSyntheticRun(tmp, { ...common, runId: 'base', agents: [{ name: 'agent', skill: 0.75 }] })).dir;
  same = (await writeSyntheticRun(tmp, { ...common, runId: 'same', agents: [{ name: 'agent', skill: 0.75 }] })).dir;
  // Same seed: the RNG stream is identical, only the pass threshold moves → outcomes only get worse.
  worse = (
    await writeSyntheticRun(tmp, { ...common, runId: 'worse', agents: [{ name: 'agent', skill: 0.75, perSkill: { editing: 0.2 } }] })
  ).dir;
  slightlyWorse = (
    await writeSyntheticRun(tmp, { ...common, runId: 'slight', agents: [{ name: 'agent', skill: 0.75, perSkill: { editing: 0.7 } }] })
  ).dir;
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('gate verdicts', () => {
  it('holds (exit 0) when nothing changed, and writes gate.md', async () => {
    const r = await exitOf({ baseline, candidate: same });
    expect(r.code).toBe(EXIT_HOLDS);
    expect(r.out).toContain('atomic-skills gate: ✅ holds');
    expect(r.out).toMatch(/\| editing \| [0-9.]+ \|/);
    expect(await fs.readFile(path.join(same, 'gate.md'), 'utf8')).toContain('✅ holds');
  });

  it('flags a significant drop (exit 1) with McNemar on paired items', async () => {
    const v = await gate({ baseline, candidate: worse, stepSummary: null });
    expect(v.ok).toBe(false);
    expect(v.regressions.map((r) => [r.skill, r.kind])).toEqual([['editing', 'drop']]);
    const row = v.rows.find((r) => r.skill === 'editing')!;
    expect(row.drop!).toBeGreaterThan(0.05);
    expect(row.p!).toBeLessThan(0.05);
    expect(row.shared!).toBeGreaterThan(10);
    expect(v.markdown).toContain('❌ 1 regression');
    expect(v.markdown).toMatch(/p=[0-9.e-]+, Holm [0-9.e-]+ on \d+ shared items in \d+ clusters/);
    expect((await exitOf({ baseline, candidate: worse })).code).toBe(EXIT_REGRESSION);
  });

  it('does not flag a drop that is not significant; a larger max-drop lets a real drop pass', async () => {
    const tiny: SyntheticOptions = { seed: 2, epochs: 1, tasksPerSkill: 3, infraRate: 0, agentErrorRate: 0, skills: ['editing'] };
    const tinyBase = (await writeSyntheticRun(tmp, { ...tiny, runId: 'tiny-base', agents: [{ name: 'agent', skill: 1 }] })).dir;
    const tinyWorse = (await writeSyntheticRun(tmp, { ...tiny, runId: 'tiny-worse', agents: [{ name: 'agent', skill: 0 }] })).dir;
    const small = await gate({ baseline: tinyBase, candidate: tinyWorse, stepSummary: null, write: false });
    const row = small.rows.find((r) => r.skill === 'editing')!;
    expect(row.drop!).toBeGreaterThan(0.05);
    expect(row.shared).toBe(3);
    expect(row.p!).toBeGreaterThanOrEqual(0.05); // at most 3 discordant pairs: p ≥ 0.25
    expect(small.ok).toBe(true);
    expect(small.notes.join('\n')).toContain('not significant');

    const same2 = await gate({ baseline, candidate: slightlyWorse, stepSummary: null, write: false });
    expect(same2.ok).toBe(true);
    const lenient = await gate({ baseline, candidate: worse, maxDrop: 0.9, stepSummary: null, write: false });
    expect(lenient.ok).toBe(true);
  });

  it('flags a skill below its --min (exit 1)', async () => {
    const r = await exitOf({ baseline, candidate: same, min: ['editing=0.99'] });
    expect(r.code).toBe(EXIT_REGRESSION);
    expect(r.out).toMatch(/editing: mean [0-9.]+ is below the minimum 0\.990/);
  });

  it('uses the candidate CI when the baseline is only a summary.json', async () => {
    const { summaryPath } = await renderReports(baseline, { outDir: path.join(tmp, 'base-summary') });
    const held = await gate({ baseline: summaryPath, candidate: same, stepSummary: null, write: false });
    expect(held.ok).toBe(true);
    expect(held.notes.join('\n')).toContain('upper bound of the candidate’s (1 − α/5) interval');
    const regressed = await gate({ baseline: summaryPath, candidate: worse, stepSummary: null, write: false });
    expect(regressed.regressions.map((r) => r.skill)).toEqual(['editing']);
    expect(regressed.rows.find((r) => r.skill === 'editing')!.p).toBeNull();
    // A directory holding only summary.json is a summary baseline too.
    expect((await gate({ baseline: path.dirname(summaryPath), candidate: same, stepSummary: null, write: false })).ok).toBe(true);
  });

  it('judges every skill with Holm-adjusted p-values: a drop significant alone can fail to be significant among five', async () => {
    const v = await gate({ baseline, candidate: worse, stepSummary: null, write: false });
    const tested = v.rows.filter((r) => r.p !== null);
    expect(tested).toHaveLength(5);
    expect(tested.map((r) => r.pAdjusted)).toEqual(holmAdjust(tested.map((r) => r.p!)));
    const editing = v.rows.find((r) => r.skill === 'editing')!;
    expect(editing.pAdjusted!).toBeGreaterThan(editing.p!);
    expect(v.markdown).toContain('Holm over 5 tests');
    const between = (editing.p! + editing.pAdjusted!) / 2;
    const strict = await gate({ baseline, candidate: worse, alpha: between, stepSummary: null, write: false });
    expect(strict.rows.find((r) => r.skill === 'editing')!.p!).toBeLessThan(between);
    expect(strict.ok).toBe(true);
    expect(strict.notes.join('\n')).toMatch(/editing: drop [0-9.]+ exceeds 0\.050 but is not significant/);
    const loose = await gate({
      baseline,
      candidate: worse,
      alpha: Math.min(0.5, editing.pAdjusted! * 1.01),
      stepSummary: null,
      write: false,
    });
    expect(loose.ok).toBe(false);
  });

  it('warns when max drop is below what the run can detect, and not when it is above', async () => {
    const v = await gate({ baseline, candidate: same, stepSummary: null, write: false });
    const editing = v.rows.find((r) => r.skill === 'editing')!;
    expect(editing.detectable!).toBeGreaterThan(0.05);
    expect(editing.detectable!).toBeLessThan(1);
    const note = v.notes.find((n) => n.startsWith('max drop 0.050 is below what this run can detect with 80% power at α/5: '))!;
    expect(note).toContain(`agent/editing ${editing.detectable!.toFixed(3)}`);
    const wide = await gate({ baseline, candidate: same, maxDrop: 0.9, stepSummary: null, write: false });
    expect(wide.notes.join('\n')).not.toContain('below what this run can detect');
    expect(v.markdown).toContain('| detectable drop |');
  });

  it('clusters by the level asked (flag or gate.yaml)', async () => {
    const provenance = (n: number) => ({ source: 'synthetic', instance: `bug-${n}`, repo: `acme/lib${n % 5}` });
    const pb = (await writeSyntheticRun(tmp, { ...common, runId: 'pb', provenance, agents: [{ name: 'agent', skill: 0.75 }] })).dir;
    const pc = (
      await writeSyntheticRun(tmp, {
        ...common,
        runId: 'pc',
        provenance,
        agents: [{ name: 'agent', skill: 0.75, perSkill: { editing: 0.2 } }],
      })
    ).dir;
    const byInstance = await gate({ baseline: pb, candidate: pc, stepSummary: null, write: false });
    const byTask = await gate({ baseline: pb, candidate: pc, cluster: 'task', stepSummary: null, write: false });
    const editingClusters = byInstance.rows.find((r) => r.skill === 'editing')!.clusters!;
    expect(editingClusters).toBeGreaterThan(25); // one instance per task of a skill (a few lost to infra errors)
    expect(byTask.rows.find((r) => r.skill === 'editing')!.clusters).toBe(editingClusters);
    expect(byInstance.markdown).toContain('clusters: instance (30 clusters)');
    const cfg = path.join(tmp, 'gate-repo.yaml');
    await fs.writeFile(cfg, 'cluster: repo\n');
    const byRepo = await gate({ baseline: pb, candidate: pc, config: cfg, stepSummary: null, write: false });
    expect(byRepo.rows.find((r) => r.skill === 'editing')!.clusters).toBe(5);
    const flagWins = await gate({ baseline: pb, candidate: pc, config: cfg, cluster: 'task', stepSummary: null, write: false });
    expect(flagWins.rows.find((r) => r.skill === 'editing')!.clusters).toBe(editingClusters);
  });

  it('reads gate.yaml, lets flags override it, and appends to the step summary', async () => {
    const cfg = path.join(tmp, 'gate.yaml');
    await fs.writeFile(cfg, 'max_drop: 0.9\nmins:\n  review: 0.01\n');
    const stepSummary = path.join(tmp, 'step-summary.md');
    await fs.writeFile(stepSummary, '# earlier step\n');
    const v = await gate({ baseline, candidate: worse, config: cfg, stepSummary, write: false });
    expect(v.ok).toBe(true);
    expect(v.rows.find((r) => r.skill === 'review')!.min).toBe(0.01);
    const text = await fs.readFile(stepSummary, 'utf8');
    expect(text.startsWith('# earlier step\n')).toBe(true);
    expect(text).toContain('atomic-skills gate: ✅ holds');
    const strict = await gate({ baseline, candidate: worse, config: cfg, maxDrop: 0.05, stepSummary: null, write: false });
    expect(strict.ok).toBe(false);
  });
});

describe('gate input errors (exit 2)', () => {
  it('missing candidate or baseline', async () => {
    const a = await exitOf({ baseline, candidate: path.join(tmp, 'nope') });
    expect(a.code).toBe(EXIT_BAD_INPUT);
    expect(a.err).toMatch(/nope.*candidate.*does not exist/);
    const b = await exitOf({ baseline: path.join(tmp, 'nothing'), candidate: same });
    expect(b.code).toBe(EXIT_BAD_INPUT);
    const empty = path.join(tmp, 'empty-dir');
    await fs.mkdir(empty, { recursive: true });
    const c = await exitOf({ baseline, candidate: empty });
    expect(c.code).toBe(EXIT_BAD_INPUT);
    expect(c.err).toMatch(/results\.jsonl/);
  });

  it('a malformed results line names the file, line and field', async () => {
    const broken = (await writeSyntheticRun(tmp, { ...common, runId: 'broken', agents: [{ name: 'agent', skill: 0.5 }] })).dir;
    const file = path.join(broken, 'results.jsonl');
    const lines = (await fs.readFile(file, 'utf8')).split('\n');
    const rec = JSON.parse(lines[4]);
    rec.outcome = 'weird';
    lines[4] = JSON.stringify(rec);
    await fs.writeFile(file, lines.join('\n'));
    const r = await exitOf({ baseline, candidate: broken });
    expect(r.code).toBe(EXIT_BAD_INPUT);
    expect(r.err).toMatch(/results\.jsonl: line 5: outcome/);
  });

  it('a malformed summary.json or gate.yaml names the field', async () => {
    const badSummary = path.join(tmp, 'bad-summary.json');
    await fs.writeFile(
      badSummary,
      JSON.stringify({ groups: [{ agent: 'agent', skill: 'editing', mean: { mean: 'high', lo: 0, hi: 1, n: 3 } }] }),
    );
    const a = await exitOf({ baseline: badSummary, candidate: same });
    expect(a.code).toBe(EXIT_BAD_INPUT);
    expect(a.err).toMatch(/bad-summary\.json: groups\.0\.mean\.mean/);

    const badYaml = path.join(tmp, 'bad-gate.yaml');
    await fs.writeFile(badYaml, 'max_drop: lots\n');
    const b = await exitOf({ baseline, candidate: same, config: badYaml });
    expect(b.code).toBe(EXIT_BAD_INPUT);
    expect(b.err).toMatch(/bad-gate\.yaml: max_drop/);

    await fs.writeFile(badYaml, 'maxdrop: 0.1\n');
    const c = await exitOf({ baseline, candidate: same, config: badYaml });
    expect(c.code).toBe(EXIT_BAD_INPUT);
    expect(c.err).toMatch(/bad-gate\.yaml/);
    expect(c.err).toMatch(/maxdrop/);

    const d = await exitOf({ baseline, candidate: same, config: path.join(tmp, 'absent.yaml') });
    expect(d.code).toBe(EXIT_BAD_INPUT);
  });

  it('a bad --min is unusable input', async () => {
    expect(parseMin('editing=0.5')).toEqual(['editing', 0.5]);
    expect(() => parseMin('editing')).toThrow(/SKILL=VALUE/);
    expect(() => parseMin('cooking=0.5')).toThrow(/unknown skill/);
    expect(() => parseMin('editing=1.5')).toThrow(/\[0, 1\]/);
    expect((await exitOf({ baseline, candidate: same, min: ['editing=2'] })).code).toBe(EXIT_BAD_INPUT);
  });
});
