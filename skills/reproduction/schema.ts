// Reproduction task: an issue on a buggy repo, the fix, and the oracle's reproduction
// (a test, or a script whose exit code decides).
import { z } from 'zod';
import { CommonTaskSchema, RelPath } from '../shared/schema.js';

export const ReproductionTaskSchema = CommonTaskSchema.safeExtend({
  skill: z.literal('reproduction'),
  mode: z.enum(['test', 'script']),
  gold_patch: RelPath,
  gold_tests: RelPath,
  script_path: RelPath.optional(),
  test_path_hint: RelPath.optional(),
  expected_exception: z
    .string()
    .regex(/^[A-Za-z_][\w.]*$/, 'an exception name such as ValueError')
    .optional(),
})
  .strict()
  .superRefine((t, ctx) => {
    if (t.mode === 'script' && !t.script_path)
      ctx.addIssue({ code: 'custom', path: ['script_path'], message: 'required when mode is "script"' });
    if (t.mode === 'test' && t.script_path) ctx.addIssue({ code: 'custom', path: ['script_path'], message: 'only for mode "script"' });
  });

export type ReproductionTask = z.infer<typeof ReproductionTaskSchema>;
