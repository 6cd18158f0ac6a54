// Parses a review answer: {"verdict": "approve"|"reject", "comments": [{path, line, body}]},
// tolerant of fences and prose (the last JSON object wins) and of verdict spelling.
import { extractLastJsonObject } from '../shared/answer.js';

export interface ReviewComment {
  path: string;
  line: number;
  body: string;
}

export type ReviewAnswer =
  { ok: true; verdict: 'approve' | 'reject'; comments: ReviewComment[] } | { ok: false; reason: 'malformed_answer'; error: string };

const VERDICTS: Record<string, 'approve' | 'reject'> = {
  approve: 'approve',
  approved: 'approve',
  accept: 'approve',
  accepted: 'approve',
  lgtm: 'approve',
  reject: 'reject',
  rejected: 'reject',
  request_changes: 'reject',
  'request changes': 'reject',
  'changes requested': 'reject',
};

export function parseReviewAnswer(text: string): ReviewAnswer {
  const obj = extractLastJsonObject(text);
  if (!obj) return { ok: false, reason: 'malformed_answer', error: 'no JSON object found in the final message' };
  const verdict = typeof obj.verdict === 'string' ? VERDICTS[obj.verdict.trim().toLowerCase()] : undefined;
  if (!verdict) return { ok: false, reason: 'malformed_answer', error: '"verdict" must be "approve" or "reject"' };
  const comments: ReviewComment[] = [];
  if (Array.isArray(obj.comments)) {
    for (const c of obj.comments) {
      if (!c || typeof c !== 'object') continue;
      const { path, line, body } = c as Record<string, unknown>;
      const n = typeof line === 'number' ? line : typeof line === 'string' ? Number.parseInt(line, 10) : NaN;
      if (typeof path !== 'string' || !Number.isFinite(n)) continue;
      comments.push({ path, line: n, body: typeof body === 'string' ? body : '' });
    }
  }
  return { ok: true, verdict, comments };
}
