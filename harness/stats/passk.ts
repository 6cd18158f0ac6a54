// Per-task sampling metrics over n attempts with c successes: the unbiased pass@k
// estimator, pass^k (all k attempts succeed), and Avg@k (mean of per-epoch means).

function check(n: number, c: number, k: number): void {
  if (!Number.isInteger(n) || !Number.isInteger(c) || !Number.isInteger(k) || n < 0 || c < 0 || c > n || k < 1) {
    throw new RangeError(`need integers n ≥ c ≥ 0 and k ≥ 1 (got n=${n}, c=${c}, k=${k})`);
  }
  if (k > n) throw new RangeError(`k=${k} exceeds the n=${n} attempts`);
}

/** Unbiased pass@k = 1 − C(n−c, k)/C(n, k), as the product 1 − Π_{i=n−c+1..n} (1 − k/i). */
export function passAtK(n: number, c: number, k: number): number {
  check(n, c, k);
  if (n - c < k) return 1;
  let prod = 1;
  for (let i = n - c + 1; i <= n; i++) prod *= 1 - k / i;
  return 1 - prod;
}

/** Unbiased pass^k = C(c, k)/C(n, k) = Π_{i=0..k−1} (c − i)/(n − i): chance k draws all pass. */
export function passHatK(n: number, c: number, k: number): number {
  check(n, c, k);
  if (c < k) return 0;
  let prod = 1;
  for (let i = 0; i < k; i++) prod *= (c - i) / (n - i);
  return prod;
}

/** Mean over tasks of a per-task estimator, using only tasks with at least k attempts. */
export function meanOverTasks(
  tasks: Iterable<{ n: number; c: number }>,
  k: number,
  estimator: (n: number, c: number, k: number) => number,
): { value: number | null; tasks: number } {
  let sum = 0;
  let used = 0;
  for (const t of tasks) {
    if (t.n < k) continue;
    sum += estimator(t.n, t.c, k);
    used++;
  }
  return { value: used ? sum / used : null, tasks: used };
}

/** Avg@k: mean over epochs of each epoch's mean score (epochs without data are skipped). */
export function avgAtK(perEpoch: Iterable<{ sum: number; count: number }>): number | null {
  let total = 0;
  let epochs = 0;
  for (const e of perEpoch) {
    if (e.count === 0) continue;
    total += e.sum / e.count;
    epochs++;
  }
  return epochs ? total / epochs : null;
}
