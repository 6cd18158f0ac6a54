// Builds a skill's strict task schema from the core BaseTaskSchema plus the fields every
// task may carry (base_patch) and the skill's own fields (docs/task-format.md).
import { z } from 'zod';
import { BaseTaskSchema } from '../../harness/core/task.js';

/** A task-folder-relative or repo-relative path: non-empty, no absolute paths, no "..". */
export const RelPath = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith('/') && !p.split(/[\\/]/).includes('..'), 'must be a relative path inside the folder');

/** BaseTaskSchema plus the fields every task may carry. Skills extend this with
 * `.safeExtend({ skill: z.literal(name), ... }).strict()`. */
export const CommonTaskSchema = BaseTaskSchema.safeExtend({
  /** Optional patch (relative to the task dir) applied to `repo` to make the starting state. */
  base_patch: RelPath.optional(),
});
