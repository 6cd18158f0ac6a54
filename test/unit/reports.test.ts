// Reports from stored results: summary arithmetic (infra excluded, agent_error = 0, retries,
// pass@k, Avg@k, review P/R/F1, unknown cost), Markdown tables, well-formed JUnit, safe HTML.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { TrialRecord } from '../../harness/core/results.js';
import { createRunDir } from '../../harness/results/store.js';
import { renderReports, type SkillSummary, type Summary } from '../../reports/index.js';
import { summaryFile } from '../../reports/aggregate.js';
import type { ReviewConfusion } from '../../skills/review/summary.js';
import { compareRuns, renderCompareMarkdown, writeCompare } from '../../reports/compare.js';
import { clusteredMeanCI, holmAdjust, seedFor, DEFAULT_SEED } from '../../harness/stats/index.js';
import { summarizeResults } from '../../reports/aggregate.js';
import { writeSyntheticRun } from '../../harness/testing/synthetic.js';

let tmp: string;
let runDir: string;
let summary: Summary;
let paths: Awaited<ReturnType<typeof renderReports>>;
const warnings: string[] = [];

let line = 0;
function rec(p: Partial<TrialRecord> & Pick<TrialRecord, 'taskId' | 'skill' | 'epoch' | 'outcome'>): TrialRecord {
  line++;
  const scored = p.outcome === 'scored';
  return {
    v: 1,
    key: { taskHash: `hash-${p.taskId}`, agentHash: 'agent-hash-A', epoch: p.epoch },
    language: 'python',
    agent: 'A',
    model: 'mock/a',
    score: p.outcome === 'infra_error' ? null : p.outcome === 'agent_error' ? 0 : 0,
    pass: p.outcome === 'infra_error' ? null : false,
    metrics: {},
    details: {},
    error: scored ? null : { kind: p.outcome === 'infra_error' ? 'docker' : 'max_turns', message: 'boom' },
    answer: '',
    diff: '',
    usage: { inputTokens: 100, outputTokens: 10, cacheReadTokens: 5, cacheWriteTokens: 1 },
    cost: 0.5,
    turns: 3,
    attempts: 1,
    startedAt: `2026-01-01T00:00:${String(line).padStart(2, '0')}.000Z`,
    wallMs: 1000 * line,
    phases: {},
    trajectory: null,
    ...p,
  };
}

const RECORDS: TrialRecord[] = [
  // editing: t1 pass/fail, t2 agent_error + unresolved infra, t3 infra retried into a pass
  rec({
    taskId: 't1',
    skill: 'editing',
    epoch: 0,
    outcome: 'scored',
    score: 1,
    pass: true,
    metrics: { f2p_fraction: 1, p2p_fraction: null },
  }),
  rec({ taskId: 't1', skill: 'editing', epoch: 1, outcome: 'scored', score: 0, pass: false, metrics: { f2p_fraction: 0.5 } }),
  rec({
    taskId: 't2',
    skill: 'editing',
    epoch: 0,
    outcome: 'agent_error',
    score: 0,
    pass: false,
    cost: null,
    answer: '</script><script>alert(1)</script>',
  }),
  rec({ taskId: 't2', skill: 'editing', epoch: 1, outcome: 'infra_error' }),
  rec({ taskId: 't3', skill: 'editing', epoch: 0, outcome: 'infra_error' }),
  rec({ taskId: 't3', skill: 'editing', epoch: 0, outcome: 'scored', score: 1, pass: true, diff: '--- a/x\n+++ b/x\n@@\n-a\n+b & <c>\n' }),
  // review: confusion tp=2 fp=1 fn=1 tn=0 invalid(reject)=1
  rec({
    taskId: 'r1',
    skill: 'review',
    epoch: 0,
    outcome: 'scored',
    score: 1,
    pass: true,
    metrics: { confusion_tp: 1, confusion_fp: 0, confusion_fn: 0, confusion_tn: 0 },
  }),
  rec({
    taskId: 'r2',
    skill: 'review',
    epoch: 0,
    outcome: 'scored',
    score: 1,
    pass: true,
    metrics: { confusion_tp: 1, confusion_fp: 0, confusion_fn: 0, confusion_tn: 0 },
  }),
  rec({
    taskId: 'r3',
    skill: 'review',
    epoch: 0,
    outcome: 'scored',
    score: 0,
    pass: false,
    metrics: { confusion_tp: 0, confusion_fp: 1, confusion_fn: 0, confusion_tn: 0 },
  }),
  rec({
    taskId: 'r4',
    skill: 'review',
    epoch: 0,
    outcome: 'scored',
    score: 0,
    pass: false,
    metrics: { confusion_tp: 0, confusion_fp: 0, confusion_fn: 1, confusion_tn: 0 },
  }),
  // a missing verdict on an incorrect patch: its own class, a miss for recall
  rec({
    taskId: 'r5',
    skill: 'review',
    epoch: 0,
    outcome: 'scored',
    score: 0,
    pass: false,
    metrics: {
      confusion_tp: 0,
      confusion_fp: 0,
      confusion_fn: 0,
      confusion_tn: 0,
      confusion_invalid_reject: 1,
      confusion_invalid_approve: 0,
    },
  }),
  // an unsound task: final, in no denominator
  rec({
    taskId: 'l1',
    skill: 'localization',
    epoch: 0,
    outcome: 'grader_error',
    score: null,
    pass: null,
    error: { kind: 'grader_error:missing_test', message: 'expected test not reported' },
  }),
];

function group(skill: string): SkillSummary {
  const g = summary.groups.find((x) => x.skill === skill);
  if (!g) throw new Error(`no group ${skill}`);
  return g;
}

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'as-reports-'));
  const run = await createRunDir(tmp, {
    runId: 'small',
    harnessVersion: '0.1.0',
    dataset: { path: 'datasets/sample', hash: 'd'.repeat(64) },
    agents: [{ name: 'A', hash: 'agent-hash-A', config: {} }],
    epochs: 2,
    options: {},
  });
  runDir = run.dir;
  await fs.writeFile(run.resultsPath, RECORDS.map((r) => JSON.stringify(r) + '\n').join(''));
  paths = await renderReports(runDir, { onWarning: (m) => warnings.push(m) });
  summary = paths.summary;
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('summary.json', () => {
  it('is written and equals the returned summary, sections inline in each group', async () => {
    const file = JSON.parse(await fs.readFile(paths.summaryPath, 'utf8'));
    expect(file).toEqual(JSON.parse(JSON.stringify(summaryFile(summary))));
    const review = file.groups.find((g: { skill: string }) => g.skill === 'review');
    expect(Object.keys(review).slice(Object.keys(review).indexOf('metrics'), -3)).toEqual(['metrics', 'review']);
    expect(review.review.tp).toBe(2);
    expect(summary.runId).toBe('small');
    expect(summary.epochs).toBe(2);
    expect(summary.totals.lines).toBe(RECORDS.length);
    expect(warnings).toEqual([]);
  });

  it('leaves infra errors out of denominators and counts agent errors as 0', () => {
    const g = group('editing');
    expect(g.lines).toBe(6);
    expect(g.trials).toBe(5); // t1e0 t1e1 t2e0 t2e1 t3e0
    expect(g.scored).toBe(3);
    expect(g.agentErrors).toBe(1);
    expect(g.infraErrors).toBe(1); // t2e1 never resolved
    expect(g.infraRetried).toBe(1); // t3e0 retried into a pass
    expect(g.counted).toBe(4);
    expect(g.mean.mean).toBeCloseTo(0.5, 12); // (1 + 0 + 0 + 1) / 4
    expect(g.mean.n).toBe(4);
    expect(g.mean.lo!).toBeLessThanOrEqual(0.5);
    expect(g.mean.hi!).toBeGreaterThanOrEqual(0.5);
    expect(g.passRate).toBeCloseTo(0.5, 12);
    expect(g.errors).toEqual({ agent: { max_turns: 1 }, infra: { docker: 1 }, grader: {} });
    expect(g.tasks).toBe(3);
  });

  it('counts grader errors apart: a trial, final, in no denominator', () => {
    const g = group('localization');
    expect(g).toMatchObject({ trials: 1, graderErrors: 1, counted: 0, scored: 0, agentErrors: 0, infraErrors: 0 });
    expect(g.errors.grader).toEqual({ 'grader_error:missing_test': 1 });
    expect(g.mean.mean).toBeNull();
  });

  it('computes Avg@k, pass@k and pass^k per task', () => {
    const g = group('editing');
    // epoch 0: t1=1 t2=0 t3=1 → 2/3; epoch 1: t1=0 → 0
    expect(g.avgAtK.value).toBeCloseTo(1 / 3, 12);
    expect(g.avgAtK.perEpoch).toEqual([
      { epoch: 0, mean: 2 / 3, n: 3 },
      { epoch: 1, mean: 0, n: 1 },
    ]);
    // pass@1: t1 1/2, t2 0/1, t3 1/1
    expect(g.passAtK[0]).toEqual({ k: 1, value: 0.5, tasks: 3 });
    // pass@2 only t1 (n=2, c=1) → 1; pass^2 → 0
    expect(g.passAtK[1]).toEqual({ k: 2, value: 1, tasks: 1 });
    expect(g.passHatK[1]).toEqual({ k: 2, value: 0, tasks: 1 });
  });

  it('means numeric metrics ignoring nulls; cost unknown when a trial has none; spend over all lines', () => {
    const g = group('editing');
    expect(g.metrics.f2p_fraction).toEqual({ mean: 0.75, n: 2 });
    expect(g.metrics.p2p_fraction).toBeUndefined();
    expect(g.cost).toEqual({ total: null, known: 2.5, unknownTrials: 1 });
    expect(g.tokens).toEqual({ input: 600, output: 60, cacheRead: 30, cacheWrite: 6 });
    expect(g.wall.totalMs).toBe(1000 * (1 + 2 + 3 + 4 + 5 + 6));
    expect(g.wall.medianMs).toBe(3500);
  });

  it('computes review precision/recall/F1 on rejecting incorrect patches', () => {
    const g = group('review');
    expect(g.sections.review).toMatchObject({
      tp: 2,
      fp: 1,
      fn: 1,
      tn: 0,
      invalidReject: 1,
      invalidApprove: 0,
      precision: 2 / 3,
      recall: 0.5,
    });
    expect((g.sections.review as ReviewConfusion).f1).toBeCloseTo(4 / 7, 12);
    expect((g.sections.review as ReviewConfusion).accuracy).toBeCloseTo(0.4, 12);
    expect(g.cost.total).toBeCloseTo(2.5, 12);
    expect(group('editing').sections.review).toBeNull();
  });

  it('is reproducible (seeded bootstrap)', async () => {
    const again = await renderReports(runDir, { outDir: path.join(tmp, 'again') });
    expect(await fs.readFile(again.summaryPath, 'utf8')).toBe(await fs.readFile(paths.summaryPath, 'utf8'));
  });
});

describe('summary intervals clustered by provenance', () => {
  it('resample instances by default, repositories on request, tasks as before; the mean stays', async () => {
    const provenance = (n: number) => ({ source: 'synthetic', instance: `bug-${n}`, repo: `acme/lib${n % 3}` });
    const run = await writeSyntheticRun(path.join(tmp, 'clustered'), { runId: 'cl', seed: 4, epochs: 2, tasksPerSkill: 12, provenance });
    const quiet = { onWarning: () => {} };
    const byInstance = (await summarizeResults(run.dir, quiet)).summary;
    const byRepo = (await summarizeResults(run.dir, { ...quiet, cluster: 'repo' })).summary;
    const byTask = (await summarizeResults(run.dir, { ...quiet, cluster: 'task' })).summary;
    expect(byInstance.cluster.label).toBe('instance (12 clusters)');
    expect(byRepo.cluster.label).toBe('repo (3 clusters)');
    expect(byTask.cluster.label).toBe('task (60 clusters: the epochs of a task together)');
    const g = (s: Summary) => s.groups.find((x) => x.agent === 'baseline' && x.skill === 'editing')!;
    expect([g(byInstance).clusters, g(byRepo).clusters, g(byTask).clusters]).toEqual([12, 3, 12]);
    expect(g(byRepo).mean.mean).toBe(g(byTask).mean.mean);
    // By hand: the repo level sums the editing tasks' counted trials per repository.
    const lines = (await fs.readFile(path.join(run.dir, 'results.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as TrialRecord);
    const per = new Map<string, { sum: number; n: number }>();
    for (const r of lines.filter((x) => x.agent === 'baseline' && x.skill === 'editing' && x.outcome !== 'infra_error')) {
      const c = per.get(r.provenance!.repo!) ?? { sum: 0, n: 0 };
      c.sum += r.outcome === 'agent_error' ? 0 : r.score!;
      c.n++;
      per.set(r.provenance!.repo!, c);
    }
    const v = [...per.values()];
    const hand = clusteredMeanCI(
      v.map((c) => c.sum),
      v.map((c) => c.n),
      { seed: seedFor('baseline/editing', DEFAULT_SEED) },
    );
    expect(g(byRepo).mean).toEqual(hand);
    expect(await renderReports(run.dir, { cluster: 'repo', onWarning: () => {} }).then((r) => fs.readFile(r.mdPath, 'utf8'))).toContain(
      'bootstrap resampling clusters by repo (3 clusters)',
    );
  });
});

describe('report.md', () => {
  it('has the per-skill table, review table, cost table and error sections', async () => {
    const md = await fs.readFile(paths.mdPath, 'utf8');
    expect(md).toContain('# atomic-skills report — run `small`');
    expect(md).toMatch(/\| skill \| trials \| counted \| mean \[95% CI\] \| pass rate \| Avg@2 \| pass@1 \| pass@2 \| pass\^2 \|/);
    expect(md).toMatch(/\| editing \| 5 \| 4 \| 0\.500 \[/);
    expect(md).toMatch(/\| review \| 5 \| 5 \| 0\.400 \[/);
    expect(md).toContain('| TP | FP | FN | TN | invalid (reject) | invalid (approve) | precision | recall | F1 | accuracy |');
    expect(md).toMatch(/\| review \| 2 \| 1 \| 1 \| 0 \| 1 \| 0 \| 0\.667 \| 0\.500 \| 0\.571 \| 0\.400 \|/);
    expect(md).toMatch(
      /### Grader errors[^\n]*\n\n\| agent \| skill \| kind \| trials \|\n[^\n]*\n\| A \| localization \| grader_error:missing_test \| 1 \|/,
    );
    expect(md).toContain('## Cost and time');
    expect(md).toContain('(1 unknown)');
    // No spend.jsonl in this run: the run total is the results' sum, one trial's cost unknown.
    expect(md).toMatch(/Run total: ≥ \$\d+\.\d{2,4} \(1 at an unknown price\); tokens /);
    expect(md).toMatch(/### Agent errors[^\n]*\n\n\| agent \| skill \| reason \| trials \|\n[^\n]*\n\| A \| editing \| max_turns \| 1 \|/);
    expect(md).toMatch(
      /### Infrastructure errors[^\n]*\n\n\| agent \| skill \| kind \| trials \|\n[^\n]*\n\| A \| editing \| docker \| 1 \|/,
    );
    expect(md).toContain('1 earlier infrastructure error line(s) were retried');
    // every table row has the header's column count
    for (const block of md.split('\n\n').filter((b) => b.startsWith('|'))) {
      const cols = block
        .trimEnd()
        .split('\n')
        .map((l) => l.replace(/\\\|/g, '').split('|').length);
      expect(new Set(cols).size, block).toBe(1);
    }
  });
});

describe('cost', () => {
  it('is shown to four significant figures, never rounded to $0.00', async () => {
    const { fmtUsd } = await import('../../reports/format.js');
    expect([0.0047, 0.004712, 12.3, 1.5, 0, 123.456, 1234.5, 1e-9].map(fmtUsd)).toEqual([
      '$0.0047',
      '$0.004712',
      '$12.30',
      '$1.50',
      '$0.00',
      '$123.50',
      '$1234.50',
      '< $0.000001',
    ]);
  });

  it('the run total comes from spend.jsonl when the run kept one (preflight and retried attempts included)', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'as-spend-report-'));
    const run = await createRunDir(dir, {
      harnessVersion: 'x',
      dataset: { path: 'd', hash: 'h' },
      agents: [{ name: 'A', hash: 'agent-hash-A', config: {} }],
      epochs: 1,
      options: {},
    });
    await fs.writeFile(
      path.join(run.dir, 'results.jsonl'),
      JSON.stringify(rec({ taskId: 'x', skill: 'editing', epoch: 1, outcome: 'scored', score: 1, pass: true, cost: 0.002 })) + '\n',
    );
    const usage = { inputTokens: 1000, outputTokens: 10, cacheReadTokens: 0, cacheWriteTokens: 0 };
    const lines = [
      { t: 'x', kind: 'preflight', agent: 'A', usage, cost: 0.0003 },
      { t: 'x', kind: 'trial', agent: 'A', usage, cost: 0.002 },
      { t: 'x', kind: 'trial', agent: 'A', usage, cost: 0.0021 }, // an attempt that later failed
    ];
    await fs.writeFile(path.join(run.dir, 'spend.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const out = await renderReports(run.dir, { B: 50, onWarning: () => undefined });
    expect(out.summary.spend).toMatchObject({ source: 'spend.jsonl', tokens: { input: 3000, output: 30 } });
    expect(out.summary.spend?.cost).toBeCloseTo(0.0044, 12);
    expect(await fs.readFile(out.mdPath, 'utf8')).toContain('Run total: $0.0044; tokens 3,000 in');
    await fs.rm(dir, { recursive: true, force: true });
  });
});

describe('junit.xml', () => {
  it('is well-formed with one testcase per trial (superseded retries left out)', async () => {
    const xml = await fs.readFile(paths.junitPath, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    const suite = doc.testsuites.testsuite;
    const cases = suite.testcase as Record<string, unknown>[];
    expect(cases).toHaveLength(11);
    expect(suite.tests).toBe('11');
    expect(suite.failures).toBe('4'); // t1e1, r3, r4, r5
    expect(suite.errors).toBe('1');
    expect(suite.skipped).toBe('2'); // t2e1 (infra), l1 (grader)
    expect(cases.filter((c) => 'failure' in c)).toHaveLength(4);
    expect(cases.filter((c) => 'error' in c)).toHaveLength(1);
    expect(cases.filter((c) => 'skipped' in c)).toHaveLength(2);
    expect(cases[0]).toMatchObject({ classname: 'A.editing', name: 't1 [epoch 0]' });
    const err = cases.find((c) => 'error' in c)!;
    expect((err.error as Record<string, string>).type).toBe('agent_error:max_turns');
  });
});

describe('report.html', () => {
  it('is self-contained and embeds trial data safely', async () => {
    const html = await fs.readFile(paths.htmlPath, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<svg class="chart"');
    expect(html).toContain('<script type="application/json" id="trials-data">');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']?https?:/i);
    expect(html).not.toContain('</script><script>alert(1)');
    const data = /<script type="application\/json" id="trials-data">(.*?)<\/script>/s.exec(html)![1];
    const rows = JSON.parse(data) as { t: string; x?: number }[];
    expect(rows).toHaveLength(RECORDS.length);
    expect(rows.filter((r) => r.x)).toHaveLength(1);
    const d2 = JSON.parse(/<script type="application\/json" id="d-2">(.*?)<\/script>/s.exec(html)![1]);
    expect(d2.answer).toBe('</script><script>alert(1)</script>');
  });
});

describe('compare', () => {
  it('pairs agent configs within one run and across runs', async () => {
    const a = await writeSyntheticRun(path.join(tmp, 'cmp'), {
      runId: 'r1',
      seed: 3,
      epochs: 2,
      tasksPerSkill: 20,
      agents: [
        { name: 'base', skill: 0.8 },
        { name: 'worse', skill: 0.2 },
      ],
    });
    const one = await compareRuns([a.dir]);
    expect(one.baseline.label).toBe('base');
    expect(one.configs.map((c) => c.label)).toEqual(['base', 'worse']);
    expect(one.skills).toHaveLength(5);
    for (const s of one.skills) {
      const v = s.rows[1].vsBaseline!;
      expect(v.shared).toBeGreaterThan(20);
      expect(v.diff.mean!).toBeLessThan(0);
      expect(v.diff.lo!).toBeLessThanOrEqual(v.diff.mean!);
      expect(v.b).toBeGreaterThan(v.c);
      expect(v.p).toBeLessThan(0.05);
    }
    const md = renderCompareMarkdown(one);
    expect(md).toContain('## editing');
    expect(md).toContain(
      '| config | model | counted | mean [95% CI] | pass rate | Δ vs baseline [95% CI] | shared items | clusters | b / c | p | p (Holm) |',
    );
    // No provenance: every task is its own cluster, its two epochs inside it.
    expect(one.cluster.level).toBe('instance');
    expect(one.cluster.label).toMatch(/^instance \(100 clusters; 100 tasks without an instance key count as their own\)$/);
    expect(one.skills[0].rows[1].vsBaseline!.test).toBe('clustered-mcnemar');

    const b = await writeSyntheticRun(path.join(tmp, 'cmp'), {
      runId: 'r2',
      seed: 3,
      epochs: 2,
      tasksPerSkill: 20,
      agents: [
        { name: 'base', skill: 0.8 },
        { name: 'worse', skill: 0.2 },
      ],
    });
    const two = await compareRuns([a.dir, b.dir], { agents: ['r1:base', 'r2:base'] });
    expect(two.configs.map((c) => c.label)).toEqual(['r1:base', 'r2:base']);
    // same seed and agents → the same outcomes on every shared item
    for (const s of two.skills) expect(s.rows[1].vsBaseline).toMatchObject({ b: 0, c: 0, p: 1 });
    const out = await writeCompare(two, path.join(tmp, 'cmp-out'));
    expect(await fs.readFile(out.htmlPath, 'utf8')).toContain('<svg class="chart"');
    await expect(compareRuns([a.dir], { agents: ['nobody'] })).rejects.toThrow(/nobody/);
  });

  it('clusters by provenance, adjusts every skill × config test together (Holm), and pairs the macro average', async () => {
    const provenance = (n: number) => ({ source: 'synthetic', instance: `bug-${n}`, repo: `acme/lib${n % 4}` });
    const run = await writeSyntheticRun(path.join(tmp, 'cmp-prov'), {
      runId: 'prov',
      seed: 9,
      epochs: 2,
      tasksPerSkill: 24,
      provenance,
      agents: [
        { name: 'base', skill: 0.6 },
        { name: 'same', skill: 0.6 },
        { name: 'better', skill: 0.75 },
      ],
    });
    const res = await compareRuns([run.dir]);
    expect(res.cluster.label).toBe('instance (24 clusters)');
    expect(res.family).toBe(10);
    const ps = res.skills.flatMap((s) => s.rows.slice(1).map((r) => r.vsBaseline!.p!));
    const adj = res.skills.flatMap((s) => s.rows.slice(1).map((r) => r.vsBaseline!.pAdjusted!));
    expect(adj).toEqual(holmAdjust(ps));
    for (let i = 0; i < ps.length; i++) expect(adj[i]).toBeGreaterThanOrEqual(ps[i]);
    expect(res.configs.map((c) => c.label)).toEqual(['base', 'better', 'same']);
    const editing = res.skills.find((s) => s.skill === 'editing')!.rows[1].vsBaseline!;
    expect(editing.diff.clusters).toBe(24);
    const better = res.macro[1];
    expect(better.config).not.toHaveProperty('items');
    expect(better.vsBaseline!.skills).toBe(5);
    const perSkill = res.skills.map((s) => s.rows[1].vsBaseline!.diff.mean!);
    expect(better.vsBaseline!.diff.mean).toBeCloseTo(perSkill.reduce((x, y) => x + y, 0) / 5, 12);
    expect(better.vsBaseline!.diff.clusters).toBe(24); // the five skills of one instance are one cluster
    expect(better.vsBaseline!.diff.lo!).toBeGreaterThan(0);
    expect(res.macro[0].vsBaseline).toBeNull();
    const md = renderCompareMarkdown(res);
    expect(md).toContain('## Macro average');
    expect(md).toContain('adjusts over the 10 tests');

    const byRepo = await compareRuns([run.dir], { cluster: 'repo' });
    expect(byRepo.cluster.label).toBe('repo (4 clusters)');
    const repoEditing = byRepo.skills.find((s) => s.skill === 'editing')!.rows[1].vsBaseline!;
    expect(repoEditing.diff.clusters).toBe(4);
    expect(repoEditing.diff.mean).toBeCloseTo(editing.diff.mean!, 14);
    expect(repoEditing.diff.hi! - repoEditing.diff.lo!).not.toBeCloseTo(editing.diff.hi! - editing.diff.lo!, 6);
  });
});
