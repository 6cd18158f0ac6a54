// The review skill: judge a candidate patch (approve/reject) and point at its defects.
import { defineSkill } from '../../harness/core/skill.js';
import { reviewOracle } from './oracle.js';
import { reviewPrompt } from './prompt.js';
import { ReviewTaskSchema, type ReviewTask } from './schema.js';
import { scoreReview } from './scorer.js';
import { reviewConfusionSection, sampleReviewMetrics } from './summary.js';

export const review = defineSkill<ReviewTask>({
  name: 'review',
  scoringSandboxes: 0,
  schema: ReviewTaskSchema,
  // the candidate patch is shown in the prompt; the label lives only in task.yaml
  hiddenFiles: () => [],
  paths: (t) => [{ field: 'candidate_patch', path: t.candidate_patch, kind: 'file', base: 'task' }],
  async check(t) {
    if (t.label === 'approve' && t.defect_lines?.length) return [['defect_lines', 'only for label "reject"']];
    return [];
  },
  prompt: reviewPrompt,
  oracle: reviewOracle,
  score: scoreReview,
  summary: [reviewConfusionSection],
  sampleMetrics: sampleReviewMetrics,
});
