// The few distribution functions the tests and the planner need: the normal (via erfc), Student's t
// with whole degrees of freedom (clusters − 1), and the χ² with one degree of freedom.

/** Complementary error function: Maclaurin series of erf below 2.5, Lentz's continued fraction above. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 2.5) {
    // erf(x) = 2/√π Σ (−1)^n x^(2n+1) / (n! (2n+1))
    let term = x;
    let sum = x;
    const x2 = x * x;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * sum;
  }
  if (x > 27) return 0;
  // erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated by modified Lentz.
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    d = x + a * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = x + a / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

/** P[Z ≤ z] for a standard normal Z. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** The z with P[Z ≤ z] = p: a rational first guess (Abramowitz & Stegun 26.2.23) polished by Halley steps. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    throw new RangeError(`probability must be in [0, 1] (got ${p})`);
  }
  const q = p < 0.5 ? p : 1 - p;
  const t = Math.sqrt(-2 * Math.log(q));
  let z = t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
  if (p < 0.5) z = -z;
  for (let i = 0; i < 4; i++) {
    const err = normalCdf(z) - p;
    const density = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    if (density === 0) break;
    const u = err / density;
    z -= u / (1 + 0.5 * z * u);
  }
  return z;
}

function checkDf(df: number): void {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`degrees of freedom must be a positive integer (got ${df})`);
}

/**
 * P[|T| < t] for Student's t with df degrees of freedom (whole), by the finite trigonometric series
 * in θ = atan(t/√df) (Abramowitz & Stegun 26.7.3–26.7.4).
 */
function tCentralProbability(t: number, df: number): number {
  const theta = Math.atan(Math.abs(t) / Math.sqrt(df));
  const s = Math.sin(theta);
  const c2 = Math.cos(theta) ** 2;
  if (df % 2 === 1) {
    // (2/π)[θ + sinθ cosθ (1 + (2/3)cos²θ + (2·4)/(3·5)cos⁴θ + …)], df − 2 powers of cosθ at most
    let term = 1;
    let sum = df > 1 ? 1 : 0;
    for (let k = 1; 2 * k + 1 <= df - 1; k++) {
      term *= ((2 * k) / (2 * k + 1)) * c2;
      sum += term;
    }
    return (2 / Math.PI) * (theta + s * Math.cos(theta) * sum);
  }
  // sinθ (1 + (1/2)cos²θ + (1·3)/(2·4)cos⁴θ + …)
  let term = 1;
  let sum = 1;
  for (let k = 1; 2 * k <= df - 2; k++) {
    term *= ((2 * k - 1) / (2 * k)) * c2;
    sum += term;
  }
  return s * sum;
}

/** P[T ≤ t] for Student's t with df (a positive whole number) degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  checkDf(df);
  const central = tCentralProbability(t, df);
  return t >= 0 ? 0.5 + central / 2 : 0.5 - central / 2;
}

/**
 * The t with P[T ≤ t] = p. Bisection on the exact CDF up to 2000 degrees of freedom; above, the
 * Cornish–Fisher expansion around the normal quantile (error far below 1e-9 there).
 */
export function studentTQuantile(p: number, df: number): number {
  checkDf(df);
  if (!(p > 0 && p < 1)) throw new RangeError(`probability must be in (0, 1) (got ${p})`);
  if (p === 0.5) return 0;
  const z = normalQuantile(p);
  if (df > 2000) {
    const z3 = z ** 3;
    const z5 = z ** 5;
    const z7 = z ** 7;
    return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3);
  }
  const target = Math.abs(2 * p - 1);
  let lo = Math.abs(z);
  let hi = Math.max(1, lo);
  while (tCentralProbability(hi, df) < target) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (tCentralProbability(mid, df) < target) lo = mid;
    else hi = mid;
  }
  const t = (lo + hi) / 2;
  return p < 0.5 ? -t : t;
}

/** P[X > x] for X ~ χ² with one degree of freedom (= P[|Z| > √x]). */
export function chiSquare1Survival(x: number): number {
  if (!(x > 0)) return 1;
  return erfc(Math.sqrt(x / 2));
}
