// Money as people read it: four significant figures, so a $0.0047 trial is not shown as $0.00.

/** USD to four significant figures ($0.004700 → $0.0047, $12.3 → $12.30, never exponent notation). */
export function fmtUsd(x: number): string {
  if (x === 0) return '$0.00';
  if (x >= 1000) return `$${x.toFixed(2)}`;
  if (x < 1e-6) return '< $0.000001';
  const [int, frac = ''] = x.toPrecision(4).split('.');
  const kept = frac.replace(/0+$/, '');
  return `$${int}.${kept.length < 2 ? frac.slice(0, 2).padEnd(2, '0') : kept}`;
}
