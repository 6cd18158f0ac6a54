// Localization task: the issue, the repo, and the files (and optionally functions) the
// gold patch edits.
import { z } from 'zod';
import { CommonTaskSchema, RelPath } from '../shared/schema.js';

export const LocalizationTaskSchema = CommonTaskSchema.safeExtend({
  skill: z.literal('localization'),
  gold_patch: RelPath,
  gold_files: z.array(RelPath).min(1),
  /** "path::name" of the functions the fix edits. */
  gold_functions: z
    .array(z.string().regex(/^[^:]+::.+$/, 'must be "path::name"'))
    .min(1)
    .optional(),
}).strict();

export type LocalizationTask = z.infer<typeof LocalizationTaskSchema>;
