// Power of the paired design (two configs on the same tasks × epochs, judged by the clustered McNemar
// test of clustered.ts): variance components from a baseline, tasks needed, the smallest detectable
// difference. Formulas and assumptions: reports/README.md ("Planning").
import { normalCdf, normalQuantile } from './distributions.js';

/** One task of one config: its cluster and its score in each epoch. */
export interface TaskScores {
  cluster: string;
  scores: ArrayLike<number>;
}

export interface VarianceComponents {
  /** Mean of the tasks' mean scores. */
  mean: number;
  tasks: number;
  clusters: number;
  /** Mean epochs per task. */
  epochs: number;
  /** Variance across tasks of the tasks' mean scores (observed, epoch noise included). */
  taskVariance: number;
  /** σ²_w: variance of one trial's score around its task's rate (between-epoch); null below 2 epochs. */
  within: number | null;
  /** σ²_b: variance of the tasks' true rates; null when `within` is unknown. */
  between: number | null;
  /** Share of σ²_b that lies between clusters (one-way ANOVA); 0 when no cluster holds two tasks. */
  icc: number;
  /** Σ m²/Σ m over clusters (m = tasks per cluster): the cluster size that sets the design effect. */
  clusterSize: number;
  /** Every score is 0 or 1. */
  binary: boolean;
}

function sampleVariance(xs: number[]): number {
  if (xs.length < 2) return 0;
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1);
}

/** Σ m² / Σ m for the cluster sizes m. */
export function effectiveClusterSize(sizes: Iterable<number>): number {
  let s = 0;
  let s2 = 0;
  for (const m of sizes) {
    s += m;
    s2 += m * m;
  }
  return s > 0 ? s2 / s : 1;
}

/**
 * Method-of-moments components from one config's per-task scores: σ²_w pools the epochs' sample
 * variances (weights K−1); σ²_b = Var(task means) − σ²_w·mean(1/K); the cluster share from the one-way
 * ANOVA of task means on clusters, (MSB − MSW)/m₀ over σ²_b.
 */
export function varianceComponents(tasks: TaskScores[]): VarianceComponents {
  const kept = tasks.filter((t) => t.scores.length > 0);
  if (kept.length === 0) throw new RangeError('no task with a score');
  let binary = true;
  let ssWithin = 0;
  let dfWithin = 0;
  let invK = 0;
  let epochs = 0;
  const means: number[] = [];
  for (const t of kept) {
    const k = t.scores.length;
    let sum = 0;
    for (let i = 0; i < k; i++) {
      sum += t.scores[i];
      if (t.scores[i] !== 0 && t.scores[i] !== 1) binary = false;
    }
    const m = sum / k;
    means.push(m);
    for (let i = 0; i < k; i++) ssWithin += (t.scores[i] - m) ** 2;
    dfWithin += k - 1;
    invK += 1 / k;
    epochs += k;
  }
  const n = kept.length;
  const mean = means.reduce((a, b) => a + b, 0) / n;
  const taskVariance = sampleVariance(means);
  const within = dfWithin > 0 ? ssWithin / dfWithin : null;
  const between = within === null ? null : Math.max(0, taskVariance - (within * invK) / n);

  const byCluster = new Map<string, number[]>();
  kept.forEach((t, i) => {
    const list = byCluster.get(t.cluster);
    if (list) list.push(means[i]);
    else byCluster.set(t.cluster, [means[i]]);
  });
  const G = byCluster.size;
  const sizes = [...byCluster.values()].map((l) => l.length);
  let icc = 0;
  if (G >= 2 && n > G) {
    let ssb = 0;
    let ssw = 0;
    for (const list of byCluster.values()) {
      const cm = list.reduce((a, b) => a + b, 0) / list.length;
      ssb += list.length * (cm - mean) ** 2;
      for (const x of list) ssw += (x - cm) ** 2;
    }
    const msb = ssb / (G - 1);
    const msw = ssw / (n - G);
    const m0 = (n - sizes.reduce((a, m) => a + m * m, 0) / n) / (G - 1);
    const clusterVar = Math.max(0, (msb - msw) / m0);
    const b = between ?? taskVariance;
    icc = b > 0 ? Math.min(1, clusterVar / b) : 0;
  }
  return {
    mean,
    tasks: n,
    clusters: G,
    epochs: epochs / n,
    taskVariance,
    within,
    between,
    icc,
    clusterSize: effectiveClusterSize(sizes),
    binary,
  };
}

/** What the planner needs about one skill, per single trial of the baseline. */
export interface PlanInputs {
  /** Baseline mean score. */
  mean: number;
  /** σ²_b: variance of the tasks' true rates. */
  between: number;
  /** σ²_w: between-epoch variance of one trial around its task's rate. */
  within: number;
  /** Correlation of the two configs' true per-task rates (1: the candidate only shifts every task). */
  correlation: number;
  /** Share of the per-task differences' variance shared within a cluster. */
  icc: number;
  /** Σ m²/Σ m over the clusters of the planned dataset (1 when every task is its own cluster). */
  clusterSize: number;
  /** 0/1 scores: the candidate's within-task variance follows from its rate. */
  binary: boolean;
}

export interface PairedDesign {
  tasks: number;
  epochs: number;
  /** The true difference in mean score (either sign). */
  delta: number;
  /** Two-sided significance level of the test (default 0.05). */
  alpha?: number;
}

/**
 * Per-task variance of the paired difference of task means over K epochs, under the alternative (v1)
 * and as the clustered test estimates it (v0 = v1 + δ²·m, the test's variance is not centred):
 * v1 = 2σ²_b(1 − r)(1 + (m − 1)ρ) + (σ²_w + σ²_w′)/K, with σ²_w′ the candidate's within variance —
 * for 0/1 scores p′(1 − p′) − σ²_b at p′ = p + |δ| toward ½ (the larger), else σ²_w.
 */
export function pairedVariance(inp: PlanInputs, epochs: number, delta: number): { v1: number; v0: number } {
  const d = Math.abs(delta);
  const withinB = inp.binary ? Math.max(0, inp.within + d * Math.abs(1 - 2 * inp.mean) - d * d) : inp.within;
  const betweenDiff = 2 * inp.between * (1 - inp.correlation);
  const v1 = betweenDiff * (1 + (inp.clusterSize - 1) * inp.icc) + (inp.within + withinB) / epochs;
  return { v1, v0: v1 + d * d * inp.clusterSize };
}

/**
 * Power of the two-sided clustered McNemar test at level α, by the normal approximation of Σ dₖ (variance
 * var1 = Var(Δ̂)) and of its non-centred variance estimate Σ dₖ² (var1 + δ²·c, c = Σm²/(Σm)² over clusters).
 */
export function powerOf(var1: number, c: number, delta: number, alpha = 0.05): number {
  const z = normalQuantile(1 - alpha / 2);
  const d = Math.abs(delta);
  if (var1 <= 0) return d > 0 ? 1 : alpha;
  const sd0 = Math.sqrt(var1 + d * d * c);
  const sd1 = Math.sqrt(var1);
  return normalCdf((d - z * sd0) / sd1) + normalCdf((-d - z * sd0) / sd1);
}

/** Power of `tasks` × `epochs` on both configs to detect a true difference δ. */
export function pairedPower(inp: PlanInputs, design: PairedDesign): number {
  const { v1 } = pairedVariance(inp, design.epochs, design.delta);
  return powerOf(v1 / design.tasks, inp.clusterSize / design.tasks, design.delta, design.alpha);
}

/** Tasks needed for the given power: n = ((z_{1−α/2}√v0 + z_power√v1)/δ)², rounded up. */
export function tasksNeeded(inp: PlanInputs, design: Omit<PairedDesign, 'tasks'> & { power?: number }): number {
  if (design.delta === 0) return Infinity;
  const za = normalQuantile(1 - (design.alpha ?? 0.05) / 2);
  const zb = normalQuantile(design.power ?? 0.8);
  const { v1, v0 } = pairedVariance(inp, design.epochs, design.delta);
  return Math.max(2, Math.ceil(((za * Math.sqrt(v0) + zb * Math.sqrt(v1)) / Math.abs(design.delta)) ** 2));
}

/** Smallest δ in (0, 1] whose power reaches the target (bisection; power grows with δ); null if none. */
export function smallestDetectable(powerAt: (delta: number) => number, target = 0.8): number | null {
  if (powerAt(1) < target) return null;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 50; i++) {
    const mid = (lo + hi) / 2;
    if (powerAt(mid) < target) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** The smallest |δ| detected with the given power by `tasks` × `epochs`; null if none ≤ 1. */
export function minimumDetectable(inp: PlanInputs, design: Omit<PairedDesign, 'delta'> & { power?: number }): number | null {
  return smallestDetectable((delta) => pairedPower(inp, { ...design, delta }), design.power);
}

/** Components from stated numbers: a rate, and the share of a trial's variance that is the task's. */
export function componentsFromRate(rate: number, agreement: number): { between: number; within: number } {
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(`rate must be in [0, 1] (got ${rate})`);
  if (!(agreement >= 0 && agreement <= 1)) throw new RangeError(`agreement must be in [0, 1] (got ${agreement})`);
  const total = rate * (1 - rate);
  return { between: agreement * total, within: (1 - agreement) * total };
}
