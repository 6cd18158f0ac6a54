// Editing task: an instruction naming where to change the code, the reference patch and
// hidden tests (a folder copied over the repo, and/or the instance's test patch) with their
// FAIL_TO_PASS / PASS_TO_PASS ids.
import { z } from 'zod';
import { CommonTaskSchema, RelPath } from '../shared/schema.js';

const TestId = z.string().regex(/^[^:]+::.+$/, 'must be a test id "FILE::NAME"');

export const EditingTaskSchema = CommonTaskSchema.safeExtend({
  skill: z.literal('editing'),
  instruction: z.string().min(1),
  gold_patch: RelPath,
  /** Folder of hidden test files copied over /testbed before the run. */
  hidden_tests: RelPath.optional(),
  /** The instance's test patch, applied with `git apply` (it may create, change, rename or
   * delete test files). */
  test_patch: RelPath.optional(),
  test_files: z.array(RelPath).default([]),
  fail_to_pass: z.array(TestId).min(1),
  pass_to_pass: z.array(TestId).default([]),
})
  .strict()
  .superRefine((t, ctx) => {
    if (!t.hidden_tests && !t.test_patch) {
      ctx.addIssue({ code: 'custom', path: ['hidden_tests'], message: 'give hidden_tests, test_patch, or both' });
    }
  });

export type EditingTask = z.infer<typeof EditingTaskSchema>;
