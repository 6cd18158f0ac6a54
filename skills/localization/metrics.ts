// Ranked-retrieval metrics for localization, following LocAgent's definitions (formulas in
// reports/README.md): exact set match (the reward), and at each k: Acc, Recall, Hit, P, MAP, NDCG;
// over the full prediction: precision/recall/F1 and MRR. Predictions are deduplicated first.
export const KS = [1, 3, 5, 10] as const;
/** LocAgent's Recall@k divides by the relevant items that fit in its largest k. */
const K_MAX = Math.max(...KS);

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

/** Σ over ranks i = 1..n of 1/log2(i+1): the DCG of n relevant items at the top. */
function idealDcg(n: number): number {
  let s = 0;
  for (let i = 1; i <= n; i++) s += 1 / Math.log2(i + 1);
  return s;
}

/** Metrics at cut-off k over a 0/1 relevance list of the deduplicated prediction. */
function atK(rel: boolean[], goldSize: number, k: number): Record<string, number> {
  let hits = 0;
  let dcg = 0;
  let apSum = 0;
  for (let i = 0; i < Math.min(k, rel.length); i++) {
    if (!rel[i]) continue;
    hits++;
    dcg += 1 / Math.log2(i + 2);
    apSum += hits / (i + 1);
  }
  const ideal = idealDcg(Math.min(goldSize, k));
  const recallDenominator = Math.min(goldSize, K_MAX);
  return {
    acc: hits >= Math.min(goldSize, k) ? 1 : 0,
    recall: recallDenominator ? hits / recallDenominator : 0,
    hit: hits > 0 ? 1 : 0,
    precision: hits / k,
    map: apSum / k,
    ndcg: ideal ? dcg / ideal : 0,
  };
}

/** Metrics of a ranked prediction against a gold set (both already normalised). */
export function rankedMetrics(predRaw: string[], goldRaw: string[], prefix = ''): Record<string, number> {
  const pred = dedupe(predRaw);
  const gold = new Set(goldRaw);
  const rel = pred.map((p) => gold.has(p));
  const m: Record<string, number> = {};
  const allHits = rel.filter(Boolean).length;
  m[`${prefix}exact_match`] = allHits === gold.size && pred.length === gold.size ? 1 : 0;
  for (const k of KS) {
    for (const [name, v] of Object.entries(atK(rel, gold.size, k))) m[`${prefix}${name}_at_${k}`] = v;
  }
  const precision = pred.length ? allHits / pred.length : 0;
  const recall = gold.size ? allHits / gold.size : 0;
  m[`${prefix}precision`] = precision;
  m[`${prefix}recall`] = recall;
  m[`${prefix}f1`] = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  const first = rel.indexOf(true);
  m[`${prefix}mrr`] = first < 0 ? 0 : 1 / (first + 1);
  return m;
}

/** The metric names rankedMetrics produces, for null-filling. */
export function metricNames(prefix = ''): string[] {
  return Object.keys(rankedMetrics([], ['x'], prefix));
}
