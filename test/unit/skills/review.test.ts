// Review scoring: verdicts, confusion with "reject" as the positive class, comment hits
// within 3 lines in the same (normalised) file, malformed answers.
import { describe, expect, it } from 'vitest';
import { parseReviewAnswer } from '../../../skills/review/answer.js';
import { commentHits, scoreReviewAnswer } from '../../../skills/review/scorer.js';
import type { ReviewTask } from '../../../skills/review/schema.js';

function task(label: 'approve' | 'reject', defect_lines?: Array<{ path: string; line: number }>): ReviewTask {
  return {
    id: 'rev-x-001',
    skill: 'review',
    language: 'python',
    repo: 'r',
    problem_statement: 'p',
    test_framework: 'pytest',
    test_command: 'pytest',
    timeouts: { agent_seconds: 900, test_seconds: 120 },
    candidate_patch: 'c.patch',
    label,
    ...(defect_lines ? { defect_lines } : {}),
  };
}

const confusionOf = (m: Record<string, number | null>) => [
  m.confusion_tp,
  m.confusion_fp,
  m.confusion_fn,
  m.confusion_tn,
  m.confusion_invalid_reject,
  m.confusion_invalid_approve,
];

describe('scoreReviewAnswer', () => {
  it('fills exactly one confusion cell per trial', () => {
    expect(confusionOf(scoreReviewAnswer(task('reject'), '{"verdict": "reject"}').metrics)).toEqual([1, 0, 0, 0, 0, 0]);
    expect(confusionOf(scoreReviewAnswer(task('approve'), '{"verdict": "reject"}').metrics)).toEqual([0, 1, 0, 0, 0, 0]);
    expect(confusionOf(scoreReviewAnswer(task('reject'), '{"verdict": "approve"}').metrics)).toEqual([0, 0, 1, 0, 0, 0]);
    expect(confusionOf(scoreReviewAnswer(task('approve'), '{"verdict": "approve"}').metrics)).toEqual([0, 0, 0, 1, 0, 0]);
  });

  it('passes when the verdict equals the label', () => {
    const r = scoreReviewAnswer(task('reject'), 'My review:\n```json\n{"verdict": "Rejected", "comments": []}\n```');
    expect(r).toMatchObject({ score: 1, pass: true });
    expect(r.metrics.correct).toBe(1);
    expect(scoreReviewAnswer(task('reject'), '{"verdict": "approve"}').metrics.correct).toBe(0);
  });

  it('counts defect lines with a comment within 3 lines in the same file', () => {
    const defects = [
      { path: 'pkg/a.py', line: 10 },
      { path: 'pkg/a.py', line: 40 },
      { path: 'pkg/b.py', line: 5 },
    ];
    const answer = JSON.stringify({
      verdict: 'reject',
      comments: [
        { path: './pkg/a.py', line: 13, body: 'off by one' }, // hits line 10 (distance 3)
        { path: '/testbed/pkg/a.py', line: 44, body: 'too far' }, // misses line 40 (distance 4)
        { path: 'pkg/c.py', line: 5, body: 'wrong file' },
      ],
    });
    const r = scoreReviewAnswer(task('reject', defects), answer);
    expect(r.metrics.defect_line_hits).toBe(1);
    expect(r.metrics.defect_lines).toBe(3);
    expect(r.metrics.comment_hit_rate).toBeCloseTo(1 / 3);
  });

  it('has null comment metrics without known defect lines', () => {
    const r = scoreReviewAnswer(task('approve'), '{"verdict": "approve"}');
    expect(r.metrics.comment_hit_rate).toBeNull();
    expect(r.metrics.defect_lines).toBeNull();
  });

  it('scores missing and malformed answers 0, in a class of their own (never a true negative)', () => {
    for (const bad of ['', 'looks fine to me', '{"verdict": "maybe"}', '{"comments": []}']) {
      const r = scoreReviewAnswer(task('reject', [{ path: 'a.py', line: 1 }]), bad);
      expect(r.score).toBe(0);
      expect(r.pass).toBe(false);
      expect(r.details.reason).toBe('malformed_answer');
      expect(confusionOf(r.metrics)).toEqual([0, 0, 0, 0, 1, 0]);
      expect(r.metrics.defect_line_hits).toBe(0);
      expect(confusionOf(scoreReviewAnswer(task('approve'), bad).metrics)).toEqual([0, 0, 0, 0, 0, 1]);
    }
  });
});

describe('review answer parsing', () => {
  it('drops comments without a path or a numeric line', () => {
    const r = parseReviewAnswer(
      '{"verdict": "reject", "comments": [{"path": "a.py", "line": "7", "body": "x"}, {"line": 3}, {"path": "b.py"}]}',
    );
    expect(r.ok && r.comments).toEqual([{ path: 'a.py', line: 7, body: 'x' }]);
  });
  it('commentHits is symmetric around the defect line', () => {
    const d = [{ path: 'a.py', line: 10 }];
    expect(commentHits(d, [{ path: 'a.py', line: 7, body: '' }])).toBe(1);
    expect(commentHits(d, [{ path: 'a.py', line: 6, body: '' }])).toBe(0);
  });
});
