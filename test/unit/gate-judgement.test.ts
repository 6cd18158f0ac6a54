// The gate's judgement without a run folder: sides built in memory, each piece checked on its own —
// a drop judged by its Holm-adjusted p (not its own), the candidate's interval when the baseline is
// only a summary, skills missing from the candidate, and minimums.
import { describe, expect, it } from 'vitest';
import type { ItemResult } from '../../reports/items.js';
import { ClusterIndex } from '../../reports/clusters.js';
import { pairConfigs } from '../../reports/paired.js';
import { judgeDrop, judgeGate, judgeMissing, type GateRow, type GateSettings, type Side } from '../../reports/gate.js';

/** n items (one epoch each, own task) scoring 1 for the first `passes`, 0 after. */
function items(n: number, passes: number): Map<string, ItemResult> {
  const m = new Map<string, ItemResult>();
  for (let i = 0; i < n; i++) m.set(`t${i}:1`, { score: i < passes ? 1 : 0, pass: i < passes, task: `t${i}` });
  return m;
}

/** A side with per-trial items (or only means when perTrial is false) for one agent. */
function side(agent: string, bySkill: Record<string, [n: number, passes: number]>, perTrial = true): Side {
  const skillItems = new Map(Object.entries(bySkill).map(([skill, [n, k]]) => [skill, items(n, k)]));
  return {
    source: `/runs/${agent}`,
    perTrial,
    groups: Object.entries(bySkill).map(([skill, [n, k]]) => ({ agent, skill, mean: k / n, lo: null, hi: null, n })),
    items: perTrial ? new Map([[agent, skillItems]]) : null,
  };
}

const settings: GateSettings = { maxDrop: 0.05, alpha: 0.05, mins: {}, cluster: 'task' };

function row(over: Partial<GateRow> = {}): GateRow {
  return {
    agent: 'a',
    skill: 'editing',
    baseline: null,
    candidate: null,
    candidateLo: null,
    candidateHi: null,
    candidateN: 0,
    drop: null,
    shared: null,
    clusters: null,
    p: null,
    pAdjusted: null,
    detectable: null,
    min: null,
    verdict: 'ok',
    ...over,
  };
}

describe('judgeDrop', () => {
  const clusters = new ClusterIndex('task');
  const paired = pairConfigs(new Map([['editing', items(60, 50)]]), new Map([['editing', items(60, 38)]]), ['editing'], clusters).skills[0]
    .result!;
  const test = { row: row({ shared: 60 }), baseline: 50 / 60, candidate: 38 / 60, paired, items: items(60, 38) };
  const family = { alpha: 0.05, m: 5, maxDrop: 0.05, perTrialBaseline: true, clusters };

  it('flags a drop whose adjusted p is below α, and not the same drop once Holm lifts its p', () => {
    expect(paired.p).toBeLessThan(0.05);
    const alone = judgeDrop(test, paired.p, { ...family, m: 1 });
    expect(alone.regressions.map((r) => r.kind)).toEqual(['drop']);
    expect(alone.stats).toMatchObject({ p: paired.p, pAdjusted: paired.p, clusters: 60 });
    const inFamily = judgeDrop(test, Math.min(1, paired.p * 5 + 0.05), family);
    expect(inFamily.regressions).toEqual([]);
    expect(inFamily.notes).toEqual([expect.stringMatching(/^editing: drop 0\.200 exceeds 0\.050 but is not significant \(p=/)]);
  });

  it('reports the detectable drop at α/m: a larger family detects less', () => {
    const one = judgeDrop(test, paired.p, { ...family, m: 1 }).stats.detectable!;
    const five = judgeDrop(test, paired.p, family).stats.detectable!;
    expect(five).toBeGreaterThan(one);
  });

  it('without a paired test, judges by the candidate interval at 1 − α/m and says it fell back', () => {
    const halved = { ...test, paired: null, candidate: 0.5, items: items(60, 30) };
    const j = judgeDrop(halved, null, family);
    expect(j.stats.p).toBeNull();
    expect(j.stats.clusters).toBe(60);
    expect(j.notes[0]).toMatch(/no \(task, epoch\) item shared with the baseline/);
    expect(j.regressions.map((r) => r.kind)).toEqual(['drop']); // 0.5's 99% upper bound is below 0.833 − 0.05
    expect(judgeDrop({ ...test, paired: null }, null, family).regressions).toEqual([]); // 0.633's is not
    const summaryBaseline = judgeDrop(halved, null, { ...family, perTrialBaseline: false });
    expect(summaryBaseline.notes.some((n) => n.includes('fell back'))).toBe(false);
  });

  it('checks the minimum whatever the drop', () => {
    const j = judgeDrop({ ...test, row: row({ min: 0.9 }), baseline: 38 / 60 }, 1, family);
    expect(j.regressions).toEqual([{ kind: 'min', message: 'editing: mean 0.633 is below the minimum 0.900' }]);
  });
});

describe('judgeMissing', () => {
  it('a skill never run is a regression only when a minimum asks for it; else a note for a gated agent', () => {
    expect(judgeMissing({ row: row({ min: 0.3 }), baseline: undefined, ran: false, gated: true })).toEqual({
      regression: 'editing: no trials in the candidate, but a minimum of 0.3 is set',
    });
    const b = { agent: 'a', skill: 'editing', mean: 0.5, lo: null, hi: null, n: 4 };
    expect(judgeMissing({ row: row(), baseline: b, ran: false, gated: true })).toEqual({
      note: 'a/editing: in the baseline but not run by the candidate.',
    });
    expect(judgeMissing({ row: row(), baseline: b, ran: false, gated: false })).toBeNull();
  });

  it('a skill run without one counted trial is a regression when the baseline or a minimum had it', () => {
    const b = { agent: 'a', skill: 'editing', mean: 0.5, lo: null, hi: null, n: 4 };
    expect(judgeMissing({ row: row(), baseline: b, ran: true, gated: true })?.regression).toMatch(/no counted trial/);
    expect(judgeMissing({ row: row(), baseline: undefined, ran: true, gated: true })).toBeNull();
  });
});

describe('judgeGate', () => {
  it('puts every drop test in one Holm family, in skill order, and adjusts each p over it', () => {
    const base = side('a', { review: [60, 45], editing: [60, 50], localization: [60, 30] });
    const cand = side('a', { review: [60, 45], editing: [60, 38], localization: [60, 30] });
    const j = judgeGate(base, cand, settings);
    expect(j.rows.map((r) => r.skill)).toEqual(['localization', 'editing', 'review']);
    expect(j.family).toBe(3);
    const editing = j.rows[1];
    expect(editing.pAdjusted).toBeGreaterThan(editing.p!);
    expect(editing.verdict).toBe('drop');
    expect(j.cluster).toMatch(/^task \(60 clusters/);
  });

  it('a summary baseline: tests count as p = 1 in the family and the note says how drops are judged', () => {
    const base = side('a', { editing: [60, 50], review: [60, 45] }, false);
    const cand = side('a', { editing: [60, 38], review: [60, 45] });
    const j = judgeGate(base, cand, settings);
    expect(j.family).toBe(2);
    expect(j.rows.every((r) => r.p === null && r.shared === null)).toBe(true);
    expect(j.notes.at(-1)).toMatch(/^Baseline is a summary\.json: .*\(1 − α\/2\) interval/);
  });

  it('checks minimums of skills the baseline lacks, and names a skill it lacks entirely', () => {
    const base = side('a', { editing: [60, 50] });
    const cand = side('a', { editing: [60, 50], review: [60, 20] });
    const j = judgeGate(base, cand, { ...settings, mins: { review: 0.5, localization: 0.2 } });
    expect(j.regressions.map((r) => [r.skill, r.kind])).toEqual([
      ['localization', 'missing'],
      ['review', 'min'],
    ]);
    expect(j.rows.find((r) => r.skill === 'review')!.drop).toBeNull();
  });
});
