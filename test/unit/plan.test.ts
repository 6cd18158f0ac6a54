// plan: variance components read from a baseline run (counting rules and clusters as the reports
// apply them), tasks needed per epoch count, the fewest epochs the dataset needs, stated rates, and
// input errors that name the flag.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { InputError } from '../../harness/core/errors.js';
import type { TrialRecord } from '../../harness/core/results.js';
import { writeSyntheticRun } from '../../harness/testing/synthetic.js';
import { minimumDetectable, tasksNeeded, varianceComponents } from '../../harness/stats/index.js';
import { parseRates } from '../../harness/cli/commands/plan.js';
import { countedScore } from '../../reports/aggregate.js';
import { clusterKey } from '../../reports/clusters.js';
import { datasetShape, planDataset, renderPlanMarkdown, type DatasetShape } from '../../reports/plan.js';

let tmp: string;
let run: string;
let records: TrialRecord[];
// Task n of every skill comes from instance n; instances come from three repositories.
const provenance = (n: number) => ({ source: 'synthetic', instance: `bug-${n}`, repo: `acme/lib${n % 3}` });

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'as-plan-'));
  run = (await writeSyntheticRun(tmp, { seed: 5, epochs: 3, tasksPerSkill: 40, agents: [{ name: 'base', skill: 0.55 }], provenance })).dir;
  records = (await fs.readFile(path.join(run, 'results.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

function shapeOf(level: 'task' | 'instance' | 'repo'): Map<string, DatasetShape> {
  const seen = new Map<string, TrialRecord>();
  for (const r of records) seen.set(r.key.taskHash, r);
  return datasetShape(
    [...seen.values()].map((r) => ({ skill: r.skill, hash: r.key.taskHash, provenance: r.provenance })),
    level,
  );
}

describe('plan from a baseline run', () => {
  it('estimates each skill from its counted trials, clustered at the level asked', async () => {
    const plan = await planDataset({ dataset: shapeOf('repo'), level: 'repo', mde: 0.1, baseline: run, correlation: 0.9 });
    expect(plan.skills.map((s) => s.skill)).toEqual(['localization', 'editing', 'test-generation', 'reproduction', 'review']);
    expect(plan.alphaPerTest).toBeCloseTo(0.01, 14);
    expect(plan.epochs).toBe(3);
    const editing = plan.skills.find((s) => s.skill === 'editing')!;
    // By hand: counted scores per task (infra_error left out, agent_error = 0), clusters by repo.
    const byTask = new Map<string, { cluster: string; scores: number[] }>();
    for (const r of records.filter((x) => x.skill === 'editing')) {
      const score = countedScore(r);
      if (score === null) continue;
      const t = byTask.get(r.key.taskHash) ?? { cluster: clusterKey('repo', r.key.taskHash, r.provenance), scores: [] };
      t.scores.push(score);
      byTask.set(r.key.taskHash, t);
    }
    const c = varianceComponents([...byTask.values()]);
    expect(editing.source).toBe('baseline');
    expect(editing.inputs.mean).toBeCloseTo(c.mean, 12);
    expect(editing.inputs.between).toBeCloseTo(c.between!, 12);
    expect(editing.inputs.within).toBeCloseTo(c.within!, 12);
    expect(editing.inputs.icc).toBeCloseTo(c.icc, 12);
    expect(editing.dataset).toEqual({ tasks: 40, clusters: 3, clusterSize: expect.closeTo((14 * 14 + 13 * 13 + 13 * 13) / 40, 12) });
    expect(editing.assumed).toEqual([]);
    for (const n of editing.needed)
      expect(n.tasks).toBe(tasksNeeded(editing.inputs, { epochs: n.epochs, delta: 0.1, alpha: 0.01, power: 0.8 }));
    expect(editing.detectable).toBeCloseTo(minimumDetectable(editing.inputs, { tasks: 40, epochs: 3, alpha: 0.01 })!, 12);
    const md = renderPlanMarkdown(plan);
    expect(md).toContain('Clusters: repo');
    expect(md).toMatch(/\| editing \| 40 \(3\) \|/);
  });

  it('the fewest epochs for the dataset is the first K whose tasks needed fit it', async () => {
    const plan = await planDataset({ dataset: shapeOf('instance'), level: 'instance', mde: 0.3, baseline: run, family: 1 });
    for (const s of plan.skills) {
      expect(s.dataset.clusterSize).toBe(1);
      const k = s.epochsForDataset;
      const need = (epochs: number) => tasksNeeded(s.inputs, { epochs, delta: 0.3, alpha: 0.05, power: 0.8 });
      if (k === null) expect(need(20)).toBeGreaterThan(40);
      else {
        expect(need(k)).toBeLessThanOrEqual(40);
        if (k > 1) expect(need(k - 1)).toBeGreaterThan(40);
      }
    }
    expect(plan.skills.some((s) => s.epochsForDataset !== null)).toBe(true);
  });

  it('with one epoch the split of the variance is assumed and said so', async () => {
    const one = (await writeSyntheticRun(tmp, { seed: 6, epochs: 1, tasksPerSkill: 40, runId: 'one', agents: [{ name: 'b', skill: 0.5 }] }))
      .dir;
    const plan = await planDataset({ dataset: shapeOf('task'), level: 'task', mde: 0.1, baseline: one, agreement: 0.7 });
    const s = plan.skills[0];
    expect(s.assumed).toEqual(['correlation 0.8']);
    expect(s.agreement).toBeCloseTo(0.7, 12);
    const plan2 = await planDataset({ dataset: shapeOf('task'), level: 'task', mde: 0.1, baseline: one });
    expect(plan2.skills[0].assumed).toContain('agreement 0.5 (one epoch per task)');
  });
});

describe('plan from stated rates', () => {
  it('uses the rate per skill (or for all), and lists what it assumed', async () => {
    const plan = await planDataset({
      dataset: shapeOf('repo'),
      level: 'repo',
      mde: 0.05,
      rates: { '*': 0.3, review: 0.7 },
      agreement: 0.6,
    });
    const review = plan.skills.find((s) => s.skill === 'review')!;
    const editing = plan.skills.find((s) => s.skill === 'editing')!;
    expect([review.inputs.mean, editing.inputs.mean]).toEqual([0.7, 0.3]);
    expect(editing.inputs.between).toBeCloseTo(0.6 * 0.21, 14);
    expect(editing.source).toBe('stated');
    expect(editing.assumed).toEqual(['correlation 0.8', 'icc 0.1']);
    expect(renderPlanMarkdown(plan)).toContain('## Assumed (not measured)');
  });

  it('names a bad flag', async () => {
    const bad = (req: Partial<Parameters<typeof planDataset>[0]>) =>
      planDataset({ dataset: shapeOf('task'), level: 'task', mde: 0.05, ...req }).then(
        () => null,
        (e: unknown) => e as InputError,
      );
    expect((await bad({ mde: 0 }))?.message).toMatch(/--mde/);
    expect((await bad({ power: 1 }))?.message).toMatch(/--power/);
    expect((await bad({ correlation: 2 }))?.message).toMatch(/--correlation/);
    expect((await bad({ rates: { editing: 1.5 } }))?.message).toMatch(/--rate editing/);
    expect((await bad({ baseline: path.join(tmp, 'nope') }))?.message).toMatch(/results\.jsonl/);
    expect(() => parseRates(['painting=0.3'])).toThrow(/unknown skill/);
    expect(() => parseRates(['x'])).toThrow(/--rate/);
    expect(parseRates(['0.3', 'review=0.6'])).toEqual({ '*': 0.3, review: 0.6 });
  });

  it('asks which agent when the baseline has several', async () => {
    const two = (await writeSyntheticRun(tmp, { seed: 7, epochs: 2, tasksPerSkill: 5, runId: 'two' })).dir;
    await expect(planDataset({ dataset: shapeOf('task'), level: 'task', mde: 0.1, baseline: two })).rejects.toThrow(/--agent/);
    const plan = await planDataset({ dataset: shapeOf('task'), level: 'task', mde: 0.1, baseline: two, agent: 'candidate' });
    expect(plan.baseline?.agent).toBe('candidate');
  });
});
