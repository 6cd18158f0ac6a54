// Review's summary section: the confusion matrix over a group's counted trials, rejecting an
// incorrect patch being the positive class; a missing or malformed verdict is its own class
// ("invalid"), never a negative. Precision, recall, F1 and accuracy follow from it.
import { defineSummarySection } from '../../harness/core/skill.js';
import { confusion } from './scorer.js';

export interface ReviewConfusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  /** Missing or malformed verdicts, by label: their own class, never a true negative. */
  invalidReject: number;
  invalidApprove: number;
  /** Of the patches the agent rejected, the share that were incorrect. */
  precision: number | null;
  /** Of the incorrect patches, the share the agent rejected (an invalid verdict is a miss). */
  recall: number | null;
  f1: number | null;
  accuracy: number | null;
}

type Counts = Pick<ReviewConfusion, 'tp' | 'fp' | 'fn' | 'tn' | 'invalidReject' | 'invalidApprove'>;

/** Metric (as the scorer records it) → cell of the matrix. */
const CELL_OF: Record<string, keyof Counts> = {
  confusion_tp: 'tp',
  confusion_fp: 'fp',
  confusion_fn: 'fn',
  confusion_tn: 'tn',
  confusion_invalid_reject: 'invalidReject',
  confusion_invalid_approve: 'invalidApprove',
};

function ratio(a: number, b: number): number | null {
  return b > 0 ? a / b : null;
}

export function confusionSummary({ tp, fp, fn, tn, invalidReject, invalidApprove }: Counts): ReviewConfusion {
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn + invalidReject);
  const f1 =
    precision !== null && recall !== null && precision + recall > 0
      ? (2 * precision * recall) / (precision + recall)
      : tp + fp + fn + invalidReject > 0
        ? 0
        : null;
  const all = tp + fp + fn + tn + invalidReject + invalidApprove;
  return { tp, fp, fn, tn, invalidReject, invalidApprove, precision, recall, f1, accuracy: ratio(tp + tn, all) };
}

export const reviewConfusionSection = defineSummarySection<Counts & { seen: boolean }, ReviewConfusion>({
  key: 'review',
  consumes: (metric) => metric.startsWith('confusion_'),
  start: () => ({ tp: 0, fp: 0, fn: 0, tn: 0, invalidReject: 0, invalidApprove: 0, seen: false }),
  add(acc, metrics) {
    for (const [metric, cell] of Object.entries(CELL_OF)) {
      const v = metrics[metric];
      if (typeof v === 'number') {
        acc.seen = true;
        acc[cell] += v;
      }
    }
  },
  finish: (acc) => (acc.seen ? confusionSummary(acc) : null),
  table: {
    caption: 'Review — rejecting incorrect patches is the positive class; a missing or malformed verdict is "invalid", never a negative:',
    head: ['TP', 'FP', 'FN', 'TN', 'invalid (reject)', 'invalid (approve)', 'precision', 'recall', 'F1', 'accuracy'],
    row: (r) => [...[r.tp, r.fp, r.fn, r.tn, r.invalidReject, r.invalidApprove].map(String), r.precision, r.recall, r.f1, r.accuracy],
  },
});

/** A synthetic trial's metrics: a coin decides whether the patch was incorrect; passing = the right verdict. */
export function sampleReviewMetrics(pass: boolean, random: () => number): Record<string, number> {
  const incorrect = random() < 0.5;
  const rejected = pass ? incorrect : !incorrect;
  return confusion(incorrect ? 'reject' : 'approve', rejected ? 'reject' : 'approve');
}
