// Seeded simulation of paired evaluations with known effects and known clusters: tasks grouped in
// clusters (repositories, source instances), several epochs per task, two configs per task.
import { mulberry32, type Rng } from '../../harness/stats/index.js';

/** Uniform on (−√3, √3): mean 0, variance 1, bounded (so rates stay in [0, 1] without clipping). */
export function unitUniform(rng: Rng): number {
  return (rng() * 2 - 1) * Math.sqrt(3);
}

export interface SimTask {
  cluster: number;
  task: number;
  pA: number;
  pB: number;
}

export interface SimItems {
  /** One entry per (task, epoch): baseline and candidate 0/1 scores. */
  a: Float64Array;
  b: Float64Array;
  task: Float64Array;
  cluster: Float64Array;
}

/** Bernoulli draws for every task × epoch, both configs. */
export function drawItems(tasks: SimTask[], epochs: number, rng: Rng): SimItems {
  const n = tasks.length * epochs;
  const out: SimItems = { a: new Float64Array(n), b: new Float64Array(n), task: new Float64Array(n), cluster: new Float64Array(n) };
  let i = 0;
  for (const t of tasks) {
    for (let e = 0; e < epochs; e++, i++) {
      out.a[i] = rng() < t.pA ? 1 : 0;
      out.b[i] = rng() < t.pB ? 1 : 0;
      out.task[i] = t.task;
      out.cluster[i] = t.cluster;
    }
  }
  return out;
}

/**
 * The planner's model: per-task rates p̄ + σ_b·z with z = √ρ·z_cluster + √(1−ρ)·z_task (unit variance,
 * share ρ in the cluster); the candidate p̄ + δ + σ_b(r·z + √(1−r²)·z′), z′ built alike and independent.
 */
export function correlatedTasks(
  rng: Rng,
  o: { clusters: number; perCluster: number; mean: number; sdBetween: number; icc: number; correlation: number; delta: number },
): SimTask[] {
  const out: SimTask[] = [];
  const r = o.correlation;
  for (let c = 0; c < o.clusters; c++) {
    const zc = unitUniform(rng);
    const zc2 = unitUniform(rng);
    for (let j = 0; j < o.perCluster; j++) {
      const z = Math.sqrt(o.icc) * zc + Math.sqrt(1 - o.icc) * unitUniform(rng);
      const z2 = Math.sqrt(o.icc) * zc2 + Math.sqrt(1 - o.icc) * unitUniform(rng);
      const pA = o.mean + o.sdBetween * z;
      const pB = o.mean + o.delta + o.sdBetween * (r * z + Math.sqrt(1 - r * r) * z2);
      if (pA < 0 || pA > 1 || pB < 0 || pB > 1) throw new RangeError(`simulated rate out of [0, 1]: ${pA}, ${pB}`);
      out.push({ cluster: c, task: out.length, pA, pB });
    }
  }
  return out;
}

/**
 * Strongly clustered tasks: baseline 0.45 + u_cluster + v_task; the candidate adds a per-cluster effect
 * uniform on δ ± spread (so the paired differences are correlated within a cluster). E[pB − pA] = δ.
 */
export function clusteredShiftTasks(
  rng: Rng,
  o: { clusters: number; perCluster: number; clusterHalfWidth: number; taskHalfWidth: number; delta: number; spread: number },
): SimTask[] {
  const out: SimTask[] = [];
  for (let c = 0; c < o.clusters; c++) {
    const u = (rng() * 2 - 1) * o.clusterHalfWidth;
    const s = o.delta + (rng() * 2 - 1) * o.spread;
    for (let j = 0; j < o.perCluster; j++) {
      const pA = 0.45 + u + (rng() * 2 - 1) * o.taskHalfWidth;
      const pB = pA + s;
      if (pA < 0 || pA > 1 || pB < 0 || pB > 1) throw new RangeError(`simulated rate out of [0, 1]: ${pA}, ${pB}`);
      out.push({ cluster: c, task: out.length, pA, pB });
    }
  }
  return out;
}

/** Share of `reps` simulated experiments for which `hit` holds, each with its own seeded RNG. */
export function share(reps: number, seed: number, hit: (rng: Rng) => boolean): number {
  let k = 0;
  for (let i = 0; i < reps; i++) if (hit(mulberry32(seed + i * 7919))) k++;
  return k / reps;
}
