// Review scorer (no sandbox): primary = verdict equals the label; confusion counts with
// "reject" as the positive class, and a missing or malformed verdict as a class of its own
// (never a negative); comment hits = known defect lines with a comment within 3 lines in the
// same file.
import type { ScoreContext, ScoreResult } from '../../harness/core/skill.js';
import { normaliseRepoPath } from '../shared/paths.js';
import { parseReviewAnswer, type ReviewComment } from './answer.js';
import type { ReviewTask } from './schema.js';

export const HIT_WINDOW = 3;

export function commentHits(defects: Array<{ path: string; line: number }>, comments: ReviewComment[]): number {
  return defects.filter((d) =>
    comments.some((c) => normaliseRepoPath(c.path) === normaliseRepoPath(d.path) && Math.abs(c.line - d.line) <= HIT_WINDOW),
  ).length;
}

/** One cell per trial: label (reject = positive) × verdict (reject, approve, or invalid). */
export function confusion(label: 'approve' | 'reject', verdict: 'approve' | 'reject' | 'invalid'): Record<string, number> {
  const positive = label === 'reject';
  return {
    confusion_tp: verdict === 'reject' && positive ? 1 : 0,
    confusion_fp: verdict === 'reject' && !positive ? 1 : 0,
    confusion_fn: verdict === 'approve' && positive ? 1 : 0,
    confusion_tn: verdict === 'approve' && !positive ? 1 : 0,
    confusion_invalid_reject: verdict === 'invalid' && positive ? 1 : 0,
    confusion_invalid_approve: verdict === 'invalid' && !positive ? 1 : 0,
  };
}

export function scoreReviewAnswer(task: ReviewTask, answer: string): ScoreResult {
  const defects = task.defect_lines ?? [];
  const parsed = parseReviewAnswer(answer);
  const comments = parsed.ok ? parsed.comments : [];
  const hits = commentHits(defects, comments);
  const correct = parsed.ok && parsed.verdict === task.label;
  const metrics: Record<string, number | null> = {
    correct: correct ? 1 : 0,
    ...confusion(task.label, parsed.ok ? parsed.verdict : 'invalid'),
    defect_line_hits: defects.length ? hits : null,
    defect_lines: defects.length ? defects.length : null,
    comment_hit_rate: defects.length ? hits / defects.length : null,
  };
  const details: Record<string, unknown> = parsed.ok
    ? { verdict: parsed.verdict, label: task.label, comments: parsed.comments.length }
    : { reason: parsed.reason, error: parsed.error, label: task.label };
  return { score: correct ? 1 : 0, pass: correct, metrics, details };
}

export async function scoreReview(ctx: ScoreContext<ReviewTask>): Promise<ScoreResult> {
  return scoreReviewAnswer(ctx.loaded.task, ctx.answer);
}
