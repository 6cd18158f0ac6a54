// Ranked-retrieval metrics for localization (LocAgent-style definitions): exact set match,
// Acc@k, Recall@k, Hit@k, precision/recall/F1 over the full prediction, MRR.
export const KS = [1, 3, 5] as const;

/** Deduplicates keeping the first (best) rank; drops empty entries. */
export function dedupe(items: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const it of items) {
    if (!it || seen.has(it)) continue;
    seen.add(it);
    out.push(it);
  }
  return out;
}

/** Metrics of a ranked prediction against a gold set (both already normalised). */
export function rankedMetrics(predRaw: string[], goldRaw: string[], prefix = ''): Record<string, number> {
  const pred = dedupe(predRaw);
  const gold = new Set(goldRaw);
  const m: Record<string, number> = {};
  const hitsIn = (k: number) => pred.slice(0, k).filter((p) => gold.has(p)).length;
  const allHits = pred.filter((p) => gold.has(p)).length;
  m[`${prefix}exact_match`] = allHits === gold.size && pred.length === gold.size ? 1 : 0;
  for (const k of KS) {
    const h = hitsIn(k);
    m[`${prefix}acc_at_${k}`] = h >= Math.min(gold.size, k) ? 1 : 0;
    m[`${prefix}recall_at_${k}`] = gold.size ? h / gold.size : 0;
    m[`${prefix}hit_at_${k}`] = h > 0 ? 1 : 0;
  }
  const precision = pred.length ? allHits / pred.length : 0;
  const recall = gold.size ? allHits / gold.size : 0;
  m[`${prefix}precision`] = precision;
  m[`${prefix}recall`] = recall;
  m[`${prefix}f1`] = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  const first = pred.findIndex((p) => gold.has(p));
  m[`${prefix}mrr`] = first < 0 ? 0 : 1 / (first + 1);
  return m;
}

/** The metric names rankedMetrics produces, for null-filling. */
export function metricNames(prefix = ''): string[] {
  return Object.keys(rankedMetrics([], ['x'], prefix));
}
