// Review task: an issue, a candidate patch to judge, its label and (for bad patches) the
// lines where the defect is.
import { z } from 'zod';
import { CommonTaskSchema, RelPath } from '../shared/schema.js';

export const ReviewTaskSchema = CommonTaskSchema.safeExtend({
  skill: z.literal('review'),
  candidate_patch: RelPath,
  label: z.enum(['approve', 'reject']),
  defect_lines: z.array(z.object({ path: RelPath, line: z.number().int().positive() }).strict()).optional(),
}).strict();

export type ReviewTask = z.infer<typeof ReviewTaskSchema>;
