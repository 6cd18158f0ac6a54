// Streaming aggregation of results.jsonl into a Summary per agent config × skill. Keeps only
// compact per-task counters (never whole records) so 100,000-line runs stay small and fast.
import * as path from 'node:path';
import type { TrialProvenance, TrialRecord } from '../harness/core/results.js';
import type { SummarySection } from '../harness/core/skill.js';
import type { RunMeta } from '../harness/results/schema.js';
import { readSpend, type SpendTotals } from '../harness/results/spend.js';
import { readResultBatches, type Warn } from '../harness/results/store.js';
import {
  DEFAULT_SEED,
  avgAtK,
  clusteredMeanCI,
  median,
  meanOverTasks,
  passAtK,
  passHatK,
  seedFor,
  type Interval,
} from '../harness/stats/index.js';
import { SUMMARY_SECTIONS, sectionsOf, skillRank } from '../skills/registry.js';
import { ClusterIndex, DEFAULT_CLUSTER_LEVEL, describeClusters, type ClusterLevel } from './clusters.js';

export interface KEstimate {
  k: number;
  value: number | null;
  /** Tasks with at least k counted trials (the others are left out of this k). */
  tasks: number;
}

export interface SkillSummary {
  agent: string;
  agentHash: string;
  model: string;
  skill: string;
  /** Distinct (task, epoch) trials. */
  trials: number;
  /** Lines in results.jsonl for this group (retried infra lines included). */
  lines: number;
  scored: number;
  agentErrors: number;
  /** Trials whose last word is infra_error (not retried into a result): excluded from every denominator. */
  infraErrors: number;
  /** infra_error lines later superseded by a result (after resume). */
  infraRetried: number;
  /** Trials whose task proved unsound (grader_error): final, excluded from every denominator. */
  graderErrors: number;
  /** Extra result lines for a trial that already had one (ignored; first wins). */
  duplicates: number;
  /** scored + agentErrors: the denominator of the mean. */
  counted: number;
  tasks: number;
  errors: { agent: Record<string, number>; infra: Record<string, number>; grader: Record<string, number> };
  /** Mean score (agent_error = 0) with a 95% bootstrap interval over clusters (Summary.cluster). */
  mean: Interval;
  /** Clusters the interval resamples (tasks with a counted trial, grouped at the cluster level). */
  clusters: number;
  /** Counted trials that passed. */
  passes: number;
  passRate: number | null;
  avgAtK: { k: number; value: number | null; perEpoch: { epoch: number; mean: number; n: number }[] };
  passAtK: KEstimate[];
  passHatK: KEstimate[];
  metrics: Record<string, { mean: number; n: number }>;
  /** The skills' summary sections (Skill.summary), by key: every declared key, null where this
   * group's skill does not declare it or no trial fed it. Inline in summary.json (summaryFile). */
  sections: Record<string, unknown>;
  tokens: { input: number; output: number; cacheRead: number; cacheWrite: number };
  /** total is null when some trial's cost is unknown; known sums the others. */
  cost: { total: number | null; known: number; unknownTrials: number };
  wall: { totalMs: number; medianMs: number | null };
}

export interface Summary {
  v: 1;
  runId: string | null;
  createdAt: string | null;
  harnessVersion: string | null;
  dataset: { path: string; hash: string } | null;
  epochs: number;
  bootstrap: { B: number; seed: number; level: number };
  /** The unit the intervals resample, and what it came to over the run ("instance (37 clusters; …)"). */
  cluster: { level: ClusterLevel; label: string };
  totals: { lines: number; trials: number; tornLines: number };
  groups: SkillSummary[];
  /** What the whole run spent: every billed request (preflight, retried and stopped trials
   * included) from spend.jsonl, or the sum of the results when the run has no ledger. */
  spend?: RunSpend;
}

export interface RunSpend {
  /** null when some request's price is unknown (`known` sums the others). */
  cost: number | null;
  known: number;
  unknownRequests: number;
  tokens: { input: number; output: number; cacheRead: number; cacheWrite: number };
  source: 'spend.jsonl' | 'results';
}

export interface AggregateOptions {
  /** Bootstrap resamples (default 2000). */
  B?: number;
  seed?: number;
  /** Expected epochs (run.json); pass@k is reported for k = 1..max(this, epochs seen). */
  epochs?: number;
  /** Independent unit of the intervals (default instance: the tasks of one source instance together). */
  cluster?: ClusterLevel;
}

interface TaskAcc {
  n: number;
  c: number;
  sum: number;
}

class GroupAcc {
  lines = 0;
  scored = 0;
  agentErrors = 0;
  duplicates = 0;
  infraLines = 0;
  tasks = new Map<number, TaskAcc>();
  done = new Set<string>();
  /** Unresolved infra trials: item key → error kind of its latest line. */
  infra = new Map<string, string>();
  infraLinesByItem = new Map<string, number[]>();
  agentReasons = new Map<string, number>();
  graderReasons = new Map<string, number>();
  graderErrors = 0;
  epochs = new Map<number, { sum: number; count: number }>();
  metrics = new Map<string, { sum: number; n: number }>();
  /** The group skill's own summary sections and their accumulators. */
  sections: { section: SummarySection; acc: unknown }[];
  tokens = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
  costKnown = 0;
  costUnknown = 0;
  wall: number[] = [];
  wallTotal = 0;
  passes = 0;
  constructor(
    readonly agent: string,
    readonly agentHash: string,
    readonly model: string,
    readonly skill: string,
  ) {
    this.sections = sectionsOf(skill).map((section) => ({ section, acc: section.start() }));
  }

  addSpend(r: TrialRecord): void {
    this.tokens.input += r.usage.inputTokens;
    this.tokens.output += r.usage.outputTokens;
    this.tokens.cacheRead += r.usage.cacheReadTokens;
    this.tokens.cacheWrite += r.usage.cacheWriteTokens;
    if (r.cost === null) this.costUnknown++;
    else this.costKnown += r.cost;
    this.wall.push(r.wallMs);
    this.wallTotal += r.wallMs;
  }

  /** An infrastructure error on `item` (results line `line`): open until a counted line for the item comes. */
  addInfra(item: string, line: number, kind: string): void {
    this.infraLines++;
    const ls = this.infraLinesByItem.get(item);
    if (ls) ls.push(line);
    else this.infraLinesByItem.set(item, [line]);
    if (!this.done.has(item)) this.infra.set(item, kind);
  }

  addGraderError(reason: string): void {
    this.graderErrors++;
    this.graderReasons.set(reason, (this.graderReasons.get(reason) ?? 0) + 1);
  }

  /** A counted trial (scored, or agent_error as 0) of task id `t`: scores, pass, epochs, metrics, sections. */
  addCounted(r: TrialRecord, t: number): void {
    const score = countedScore(r) ?? 0;
    const pass = countedPass(r);
    if (r.outcome === 'agent_error') {
      this.agentErrors++;
      const reason = r.error?.kind ?? 'agent_error';
      this.agentReasons.set(reason, (this.agentReasons.get(reason) ?? 0) + 1);
    } else this.scored++;
    if (pass) this.passes++;
    let task = this.tasks.get(t);
    if (!task) this.tasks.set(t, (task = { n: 0, c: 0, sum: 0 }));
    task.n++;
    task.sum += score;
    if (pass) task.c++;
    const ep = this.epochs.get(r.epoch);
    if (ep) {
      ep.sum += score;
      ep.count++;
    } else this.epochs.set(r.epoch, { sum: score, count: 1 });
    for (const name in r.metrics) {
      const v = r.metrics[name];
      if (typeof v !== 'number' || !Number.isFinite(v)) continue;
      const m = this.metrics.get(name);
      if (m) {
        m.sum += v;
        m.n++;
      } else this.metrics.set(name, { sum: v, n: 1 });
    }
    for (const { section, acc } of this.sections) section.add(acc, r.metrics);
  }
}

/** The score a trial counts for, or null when it is not counted (infra_error, grader_error). */
export function countedScore(r: Pick<TrialRecord, 'outcome' | 'score'>): number | null {
  if (r.outcome === 'infra_error' || r.outcome === 'grader_error') return null;
  if (r.outcome === 'agent_error') return 0;
  return r.score ?? 0;
}

/** Whether a counted trial passed (agent_error never passes). */
export function countedPass(r: Pick<TrialRecord, 'outcome' | 'score' | 'pass'>): boolean {
  if (r.outcome !== 'scored') return false;
  return r.pass ?? (r.score ?? 0) >= 1;
}

/** Feeds records one at a time; finish() turns the counters into a Summary. */
export class Aggregator {
  private groups = new Map<string, GroupAcc>();
  private taskIds = new Map<string, number>();
  /** Per task id: its hash and provenance (what it clusters by). */
  private taskInfo: { hash: string; provenance?: TrialProvenance }[] = [];
  /** Line numbers that a later (or earlier) line supersedes: retried infra errors and duplicates. */
  readonly superseded = new Set<number>();
  private supersededDone = false;
  lines = 0;
  tornLines = 0;

  constructor(private readonly opts: AggregateOptions = {}) {}

  add(r: TrialRecord, line: number): void {
    this.lines++;
    const g = this.groupOf(r);
    const t = this.taskOf(r);
    const item = `${t}:${r.epoch}`;
    g.lines++;
    g.addSpend(r); // spend is real whatever the outcome: every line counts
    if (r.outcome === 'infra_error') return g.addInfra(item, line, r.error?.kind ?? 'infra_error');
    if (g.done.has(item)) {
      g.duplicates++;
      this.superseded.add(line);
      return;
    }
    g.done.add(item);
    g.infra.delete(item);
    if (r.outcome === 'grader_error') return g.addGraderError(r.error?.kind ?? 'grader_error');
    g.addCounted(r, t);
  }

  private groupOf(r: TrialRecord): GroupAcc {
    const gk = `${r.agent}\u0000${r.skill}`;
    let g = this.groups.get(gk);
    if (!g) this.groups.set(gk, (g = new GroupAcc(r.agent, r.key.agentHash, r.model, r.skill)));
    return g;
  }

  /** The dense id of the record's task; the first provenance seen for it is kept. */
  private taskOf(r: TrialRecord): number {
    let t = this.taskIds.get(r.key.taskHash);
    if (t === undefined) {
      t = this.taskIds.size;
      this.taskIds.set(r.key.taskHash, t);
      this.taskInfo.push({ hash: r.key.taskHash, provenance: r.provenance });
    } else if (r.provenance && !this.taskInfo[t].provenance) this.taskInfo[t].provenance = r.provenance;
    return t;
  }

  /** Lines to leave out of per-trial listings (junit): infra errors later retried, duplicates. */
  supersededLines(): Set<number> {
    if (!this.supersededDone) {
      for (const g of this.groups.values()) {
        for (const [item, lines] of g.infraLinesByItem) {
          if (g.done.has(item)) for (const l of lines) this.superseded.add(l);
          else for (const l of lines.slice(0, -1)) this.superseded.add(l);
        }
      }
      this.supersededDone = true;
    }
    return this.superseded;
  }

  finish(meta: RunMeta | null = null): Summary {
    this.supersededLines();
    const B = this.opts.B ?? 2000;
    const seed = this.opts.seed ?? DEFAULT_SEED;
    let runEpochs = this.opts.epochs ?? meta?.epochs ?? 0;
    for (const g of this.groups.values()) runEpochs = Math.max(runEpochs, g.epochs.size);
    const clusters = new ClusterIndex(this.opts.cluster ?? DEFAULT_CLUSTER_LEVEL);
    const clusterOf = (t: number) => clusters.of(this.taskInfo[t].hash, this.taskInfo[t].provenance);
    const groups = [...this.groups.values()]
      .sort((a, b) => a.agent.localeCompare(b.agent) || skillRank(a.skill) - skillRank(b.skill))
      .map((g) => summarizeGroup(g, { B, seed, epochs: Math.max(runEpochs, 1), clusterOf }));
    let trials = 0;
    for (const g of groups) trials += g.trials;
    return {
      v: 1,
      runId: meta?.runId ?? null,
      createdAt: meta?.createdAt ?? null,
      harnessVersion: meta?.harnessVersion ?? null,
      dataset: meta?.dataset ?? null,
      epochs: runEpochs,
      bootstrap: { B, seed, level: 0.95 },
      cluster: { level: clusters.level, label: describeClusters(clusters.level, clusters.clusters, clusters.fallbacks) },
      totals: { lines: this.lines, trials, tornLines: this.tornLines },
      groups,
    };
  }
}

function ratio(a: number, b: number): number | null {
  return b > 0 ? a / b : null;
}

function summarizeGroup(g: GroupAcc, o: { B: number; seed: number; epochs: number; clusterOf: (task: number) => number }): SkillSummary {
  // Tasks summed into their clusters, in first-seen order (at level task: one per task, as before).
  const byCluster = new Map<number, { sum: number; n: number }>();
  for (const [t, acc] of g.tasks) {
    const k = o.clusterOf(t);
    const c = byCluster.get(k);
    if (c) {
      c.sum += acc.sum;
      c.n += acc.n;
    } else byCluster.set(k, { sum: acc.sum, n: acc.n });
  }
  const sums = Float64Array.from(byCluster.values(), (c) => c.sum);
  const counts = Float64Array.from(byCluster.values(), (c) => c.n);
  const mean = clusteredMeanCI(sums, counts, { B: o.B, seed: seedFor(`${g.agent}/${g.skill}`, o.seed) });
  const counted = g.scored + g.agentErrors;
  const passAt: KEstimate[] = [];
  const passHat: KEstimate[] = [];
  const taskList = [...g.tasks.values()];
  for (let k = 1; k <= o.epochs; k++) {
    passAt.push({ k, ...meanOverTasks(taskList, k, passAtK) });
    passHat.push({ k, ...meanOverTasks(taskList, k, passHatK) });
  }
  const perEpoch = [...g.epochs].sort((a, b) => a[0] - b[0]).map(([epoch, e]) => ({ epoch, mean: e.sum / e.count, n: e.count }));
  const metrics: Record<string, { mean: number; n: number }> = {};
  for (const name of [...g.metrics.keys()].sort()) {
    const m = g.metrics.get(name)!;
    metrics[name] = { mean: m.sum / m.n, n: m.n };
  }
  const sections: Record<string, unknown> = {};
  for (const s of SUMMARY_SECTIONS) sections[s.key] = null;
  for (const { section, acc } of g.sections) sections[section.key] = section.finish(acc);
  const infraKinds: Record<string, number> = {};
  for (const kind of g.infra.values()) infraKinds[kind] = (infraKinds[kind] ?? 0) + 1;
  const agentKinds: Record<string, number> = {};
  for (const [k, v] of [...g.agentReasons].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) agentKinds[k] = v;
  const infraRetried = g.infraLines - g.infra.size;
  return {
    agent: g.agent,
    agentHash: g.agentHash,
    model: g.model,
    skill: g.skill,
    trials: g.done.size + g.infra.size,
    lines: g.lines,
    scored: g.scored,
    agentErrors: g.agentErrors,
    infraErrors: g.infra.size,
    infraRetried,
    duplicates: g.duplicates,
    counted,
    tasks: g.tasks.size,
    graderErrors: g.graderErrors,
    errors: { agent: agentKinds, infra: infraKinds, grader: Object.fromEntries(g.graderReasons) },
    mean,
    clusters: byCluster.size,
    passes: g.passes,
    passRate: ratio(g.passes, counted),
    avgAtK: { k: perEpoch.length, value: avgAtK(g.epochs.values()), perEpoch },
    passAtK: passAt,
    passHatK: passHat,
    metrics,
    sections,
    tokens: { ...g.tokens },
    cost: { total: g.costUnknown > 0 ? null : g.costKnown, known: g.costKnown, unknownTrials: g.costUnknown },
    wall: { totalMs: g.wallTotal, medianMs: median(g.wall) },
  };
}

/** summary.json's shape: each group's sections inline after its metrics (as `review` always was). */
export function summaryFile(summary: Summary): unknown {
  return {
    ...summary,
    groups: summary.groups.map(({ sections, tokens, cost, wall, ...head }) => ({ ...head, ...sections, tokens, cost, wall })),
  };
}

/** Streams a run's results.jsonl into a Summary (plus the superseded line numbers). */
export async function summarizeResults(
  runDir: string,
  opts: AggregateOptions & { meta?: RunMeta | null; onWarning?: Warn; onRecord?: (r: TrialRecord, line: number) => void } = {},
): Promise<{ summary: Summary; superseded: Set<number> }> {
  const agg = new Aggregator({ ...opts, epochs: opts.epochs ?? opts.meta?.epochs });
  const warn = opts.onWarning ?? ((m: string) => process.stderr.write(`warning: ${m}\n`));
  const onWarning: Warn = (m) => {
    if (m.includes('torn')) agg.tornLines++;
    warn(m);
  };
  for await (const batch of readResultBatches(path.resolve(runDir), { onWarning })) {
    for (const { record, line } of batch) {
      agg.add(record, line);
      opts.onRecord?.(record, line);
    }
  }
  const summary = agg.finish(opts.meta ?? null);
  summary.spend = runSpend(await readSpend(path.resolve(runDir)), summary.groups);
  return { summary, superseded: agg.supersededLines() };
}

function runSpend(ledger: SpendTotals | null, groups: SkillSummary[]): RunSpend {
  if (ledger) {
    const u = ledger.usage;
    return {
      cost: ledger.unknownCost > 0 ? null : ledger.cost,
      known: ledger.cost,
      unknownRequests: ledger.unknownCost,
      tokens: { input: u.inputTokens, output: u.outputTokens, cacheRead: u.cacheReadTokens, cacheWrite: u.cacheWriteTokens },
      source: 'spend.jsonl',
    };
  }
  const tokens = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
  let known = 0;
  let unknown = 0;
  for (const g of groups) {
    for (const k of Object.keys(tokens) as (keyof typeof tokens)[]) tokens[k] += g.tokens[k];
    known += g.cost.known;
    unknown += g.cost.unknownTrials;
  }
  return { cost: unknown > 0 ? null : known, known, unknownRequests: unknown, tokens, source: 'results' };
}
