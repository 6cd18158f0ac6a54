// plan: how many tasks × epochs each skill needs for a paired comparison to detect a given difference,
// and the difference the dataset can detect now — from a baseline run's variance components, or from
// stated rates. The statistics are harness/stats/power.ts; this file gathers inputs and renders.
import { InputError } from '../harness/core/errors.js';
import type { TrialProvenance } from '../harness/core/results.js';
import {
  componentsFromRate,
  effectiveClusterSize,
  minimumDetectable,
  tasksNeeded,
  varianceComponents,
  type PlanInputs,
} from '../harness/stats/index.js';
import { skillRank } from '../skills/registry.js';
import { ClusterIndex, type ClusterLevel } from './clusters.js';
import { collectRun, taskScores, type ItemResult } from './items.js';
import { fmtNum, mdTable } from './format.js';

/** Defaults used when neither a baseline nor the user says otherwise (each use is reported). */
export const PLAN_DEFAULTS = { rate: 0.5, agreement: 0.5, correlation: 0.8, icc: 0.1 } as const;
export const EPOCH_GRID = [1, 2, 3, 5, 10];
const MAX_EPOCHS = 20;

export interface DatasetShape {
  tasks: number;
  clusters: number;
  /** Σ m²/Σ m over clusters of m tasks. */
  clusterSize: number;
}

/** Tasks and clusters per skill of a dataset, at a cluster level. */
export function datasetShape(
  tasks: { skill: string; hash: string; provenance?: TrialProvenance }[],
  level: ClusterLevel,
): Map<string, DatasetShape> {
  const bySkill = new Map<string, Map<number, number>>();
  const index = new ClusterIndex(level);
  for (const t of tasks) {
    const sizes = bySkill.get(t.skill) ?? new Map<number, number>();
    const id = index.of(t.hash, t.provenance);
    sizes.set(id, (sizes.get(id) ?? 0) + 1);
    bySkill.set(t.skill, sizes);
  }
  const out = new Map<string, DatasetShape>();
  for (const [skill, sizes] of bySkill) {
    const m = [...sizes.values()];
    out.set(skill, { tasks: m.reduce((a, b) => a + b, 0), clusters: m.length, clusterSize: effectiveClusterSize(m) });
  }
  return out;
}

export interface PlanRequest {
  dataset: Map<string, DatasetShape>;
  level: ClusterLevel;
  /** Smallest difference in mean score to detect. */
  mde: number;
  power?: number;
  /** Family-wise α, split over `family` tests. */
  alpha?: number;
  /** Tests run at once (default: the skills planned); α/family per skill, the first step of Holm. */
  family?: number;
  /** Epochs the "detectable now" column assumes (default: the baseline's, else 1). */
  epochs?: number;
  baseline?: string;
  agent?: string;
  /** Stated mean score per skill ("*" for every skill). */
  rates?: Record<string, number>;
  agreement?: number;
  correlation?: number;
  icc?: number;
}

export interface SkillPlan {
  skill: string;
  source: 'baseline' | 'stated';
  dataset: DatasetShape;
  inputs: PlanInputs;
  /** σ²_b/(σ²_b + σ²_w): how much of a trial's score the task decides. */
  agreement: number;
  /** Inputs that were assumed, not measured. */
  assumed: string[];
  needed: { epochs: number; tasks: number }[];
  /** Fewest epochs with which the dataset's tasks suffice (up to 20); null if more tasks are needed. */
  epochsForDataset: number | null;
  /** Smallest difference the dataset detects at `epochs`; null if none up to 1. */
  detectable: number | null;
}

export interface PlanResult {
  level: ClusterLevel;
  mde: number;
  power: number;
  alpha: number;
  family: number;
  alphaPerTest: number;
  epochs: number;
  baseline: { dir: string; agent: string } | null;
  skills: SkillPlan[];
  notes: string[];
}

function checkRange(value: number | undefined, lo: number, hi: number, flag: string, open = false): void {
  if (value === undefined) return;
  const ok = Number.isFinite(value) && (open ? value > lo && value < hi : value >= lo && value <= hi);
  if (!ok)
    throw new InputError(flag, flag.replace(/^--/, ''), `must be in ${open ? '(' : '['}${lo}, ${hi}${open ? ')' : ']'} (got ${value})`);
}

function validate(req: PlanRequest): void {
  checkRange(req.mde, 0, 1, '--mde', true);
  checkRange(req.power, 0, 1, '--power', true);
  checkRange(req.alpha, 0, 1, '--alpha', true);
  checkRange(req.agreement, 0, 1, '--agreement');
  checkRange(req.correlation, -1, 1, '--correlation');
  checkRange(req.icc, 0, 1, '--icc');
  for (const [skill, r] of Object.entries(req.rates ?? {})) checkRange(r, 0, 1, `--rate ${skill}`);
  if (req.epochs !== undefined && !(Number.isInteger(req.epochs) && req.epochs >= 1))
    throw new InputError('--epochs', 'epochs', `must be a positive whole number (got ${req.epochs})`);
  if (req.family !== undefined && !(Number.isInteger(req.family) && req.family >= 1))
    throw new InputError('--family', 'family', `must be a positive whole number (got ${req.family})`);
}

export async function planDataset(req: PlanRequest): Promise<PlanResult> {
  validate(req);
  const notes: string[] = [];
  let baseline: PlanResult['baseline'] = null;
  let items: Map<string, Map<string, ItemResult>> | undefined;
  let baselineEpochs: number | undefined;
  if (req.baseline) {
    const run = await collectRun(req.baseline);
    const agents = [...run.items.keys()];
    const agent = req.agent ?? (agents.length === 1 ? agents[0] : undefined);
    if (!agent)
      throw new InputError(req.baseline, 'agent', `the baseline has several agent configs (${agents.join(', ')}): pick one with --agent`);
    if (!run.items.has(agent)) throw new InputError(req.baseline, 'agent', `no agent "${agent}" (have: ${agents.join(', ') || 'none'})`);
    items = run.items.get(agent);
    baselineEpochs = run.meta?.epochs ?? run.summary.epochs;
    baseline = { dir: run.dir, agent };
    for (const skill of items!.keys())
      if (!req.dataset.has(skill)) notes.push(`${skill}: in the baseline but not in the dataset — not planned.`);
  }
  const skills = [...req.dataset.keys()].sort((a, b) => skillRank(a) - skillRank(b) || a.localeCompare(b));
  const family = req.family ?? Math.max(1, skills.length);
  const alpha = req.alpha ?? 0.05;
  const alphaPerTest = alpha / family;
  const power = req.power ?? 0.8;
  const epochs = req.epochs ?? baselineEpochs ?? 1;
  const out: SkillPlan[] = skills.map((skill) => {
    const dataset = req.dataset.get(skill)!;
    const assumed: string[] = [];
    const correlation = req.correlation ?? PLAN_DEFAULTS.correlation;
    if (req.correlation === undefined) assumed.push(`correlation ${correlation}`);
    const skillItems = items?.get(skill);
    let source: SkillPlan['source'] = 'stated';
    let mean: number;
    let between: number;
    let within: number;
    let binary = true;
    let measuredIcc: number | null = null;
    if (skillItems && skillItems.size > 0) {
      source = 'baseline';
      const c = varianceComponents(taskScores(skillItems, new ClusterIndex(req.level)));
      mean = c.mean;
      binary = c.binary;
      if (c.within !== null && c.between !== null) {
        within = c.within;
        between = c.between;
      } else {
        const agreement = req.agreement ?? PLAN_DEFAULTS.agreement;
        if (req.agreement === undefined) assumed.push(`agreement ${agreement} (one epoch per task)`);
        between = agreement * c.taskVariance;
        within = (1 - agreement) * c.taskVariance;
      }
      if (c.clusters >= 2 && c.tasks > c.clusters) measuredIcc = c.icc;
    } else {
      const stated = req.rates?.[skill] ?? req.rates?.['*'];
      mean = stated ?? PLAN_DEFAULTS.rate;
      if (stated === undefined) assumed.push(`rate ${mean}`);
      const agreement = req.agreement ?? PLAN_DEFAULTS.agreement;
      if (req.agreement === undefined) assumed.push(`agreement ${agreement}`);
      ({ between, within } = componentsFromRate(mean, agreement));
    }
    let icc = req.icc ?? measuredIcc ?? 0;
    if (req.icc === undefined && measuredIcc === null && dataset.clusterSize > 1) {
      icc = PLAN_DEFAULTS.icc;
      assumed.push(`icc ${icc}`);
    }
    const inputs: PlanInputs = { mean, between, within, correlation, icc, clusterSize: dataset.clusterSize, binary };
    const design = { delta: req.mde, alpha: alphaPerTest, power };
    const needed = EPOCH_GRID.map((k) => ({ epochs: k, tasks: tasksNeeded(inputs, { ...design, epochs: k }) }));
    let epochsForDataset: number | null = null;
    for (let k = 1; k <= MAX_EPOCHS && epochsForDataset === null; k++)
      if (tasksNeeded(inputs, { ...design, epochs: k }) <= dataset.tasks) epochsForDataset = k;
    const detectable = minimumDetectable(inputs, { tasks: dataset.tasks, epochs, alpha: alphaPerTest, power });
    const agreement = between + within > 0 ? between / (between + within) : 0;
    return { skill, source, dataset, inputs, agreement, assumed, needed, epochsForDataset, detectable };
  });
  if (out.some((s) => s.dataset.clusterSize > 1))
    notes.push(
      'Tasks in one cluster count less than independent ones: the design effect 1 + (m − 1)·icc applies to the between-task part.',
    );
  return { level: req.level, mde: req.mde, power, alpha, family, alphaPerTest, epochs, baseline, skills: out, notes };
}

const fmtTasks = (n: number) => (Number.isFinite(n) ? String(n) : '–');

export function renderPlanMarkdown(p: PlanResult): string {
  const out: string[] = ['# atomic-skills plan', ''];
  out.push(
    `Paired design: both configs run the same tasks × epochs; a skill's difference is judged by the clustered McNemar test ` +
      `at α = ${p.alpha}/${p.family} = ${fmtNum(p.alphaPerTest, 4)} (the first step of Holm over ${p.family} test${p.family === 1 ? '' : 's'}), ` +
      `power ${p.power}, difference to detect ${p.mde}. Clusters: ${p.level}.`,
    '',
  );
  out.push(
    p.baseline ? `Variance from baseline \`${p.baseline.dir}\` (agent \`${p.baseline.agent}\`).` : 'Variance from stated rates.',
    '',
  );
  const head = [
    'skill',
    'tasks (clusters)',
    'mean',
    'task sd',
    'agreement',
    ...EPOCH_GRID.map((k) => `tasks @${k} ep`),
    'epochs needed',
    `detectable @${p.epochs} ep`,
  ];
  const rows = p.skills.map((s) => [
    s.skill,
    `${s.dataset.tasks} (${s.dataset.clusters})`,
    fmtNum(s.inputs.mean),
    fmtNum(Math.sqrt(s.inputs.between)),
    fmtNum(s.agreement, 2),
    ...s.needed.map((n) => fmtTasks(n.tasks)),
    s.epochsForDataset === null ? `> ${MAX_EPOCHS}: more tasks` : String(s.epochsForDataset),
    s.detectable === null ? 'none ≤ 1' : fmtNum(s.detectable),
  ]);
  out.push(mdTable(head, rows, 1), '');
  out.push(
    '`tasks @K ep`: tasks each config must run K epochs of; `epochs needed`: fewest epochs with which the dataset’s tasks suffice; ' +
      '`detectable`: the smallest difference found with the stated power by the dataset as it is. ' +
      '`task sd`: spread of the tasks’ true mean scores; `agreement`: the share of a trial’s variance the task decides (between-epoch agreement).',
    '',
  );
  const assumptions = p.skills.filter((s) => s.assumed.length).map((s) => `${s.skill}: ${s.assumed.join(', ')}`);
  if (assumptions.length)
    out.push(
      '## Assumed (not measured)',
      '',
      ...assumptions.map((a) => `- ${a}`),
      '',
      'Override with --rate, --agreement, --correlation, --icc.',
      '',
    );
  if (p.notes.length) out.push('## Notes', '', ...p.notes.map((n) => `- ${n}`), '');
  return out.join('\n');
}
