// Exact two-sided McNemar test: under H0 the discordant pairs split Binomial(b + c, 1/2).

/**
 * p-value for b (baseline passed, candidate failed) vs c (baseline failed, candidate passed):
 * min(1, 2 · P[X ≤ min(b, c)]) with X ~ Binomial(b + c, 1/2). No discordant pairs → 1.
 * Summed in log space so large counts neither overflow nor underflow early.
 */
export function mcnemarExact(b: number, c: number): number {
  if (!Number.isInteger(b) || !Number.isInteger(c) || b < 0 || c < 0) {
    throw new RangeError(`McNemar counts must be non-negative integers (got ${b}, ${c})`);
  }
  const n = b + c;
  if (n === 0) return 1;
  const m = Math.min(b, c);
  // log of C(n, i) / 2^n, starting at i = 0 and stepping by C(n,i+1) = C(n,i)·(n−i)/(i+1).
  let logTerm = -n * Math.LN2;
  let logSum = logTerm;
  for (let i = 0; i < m; i++) {
    logTerm += Math.log(n - i) - Math.log(i + 1);
    const hi = Math.max(logSum, logTerm);
    logSum = hi + Math.log(Math.exp(logSum - hi) + Math.exp(logTerm - hi));
  }
  return Math.min(1, 2 * Math.exp(logSum));
}
