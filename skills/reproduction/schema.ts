// Reproduction task: an issue on a buggy repo, the fix, and the oracle's reproduction
// (a test, or a script whose exit code decides).
import { z } from 'zod';
import { CommonTaskSchema, RelPath } from '../shared/schema.js';

const ExceptionName = z.string().regex(/^[A-Za-z_][\w.]*$/, 'an exception name such as ValueError');
const TestId = z.string().regex(/^[^:]+::.+$/, 'must be a test id "FILE::NAME"');

export const ReproductionTaskSchema = CommonTaskSchema.safeExtend({
  skill: z.literal('reproduction'),
  mode: z.enum(['test', 'script']),
  gold_patch: RelPath,
  /** The reference reproduction's files (optional when test_patch is given: then the oracle applies it). */
  gold_tests: RelPath.optional(),
  script_path: RelPath.optional(),
  test_path_hint: RelPath.optional(),
  /** The exception(s) the issue reports: failing with one of them is a right reason. */
  expected_exception: z.union([ExceptionName, z.array(ExceptionName).min(1)]).optional(),
  /** The instance's test patch: the suite check runs with its updated tests (files the agent's
   * reproduction also writes keep the agent's version). */
  test_patch: RelPath.optional(),
  /** Tests that must still pass with the fix and the reproduction in place (the suite check);
   * without them, the task's whole test command must pass. */
  suite_tests: z.array(TestId).min(1).optional(),
})
  .strict()
  .superRefine((t, ctx) => {
    if (t.mode === 'script' && !t.script_path)
      ctx.addIssue({ code: 'custom', path: ['script_path'], message: 'required when mode is "script"' });
    if (t.mode === 'test' && t.script_path) ctx.addIssue({ code: 'custom', path: ['script_path'], message: 'only for mode "script"' });
    if (!t.gold_tests && !t.test_patch)
      ctx.addIssue({ code: 'custom', path: ['gold_tests'], message: 'give gold_tests, test_patch, or both' });
  });

export type ReproductionTask = z.infer<typeof ReproductionTaskSchema>;

/** The expected exceptions as a list. */
export function expectedExceptions(t: ReproductionTask): string[] {
  const e = t.expected_exception;
  return e === undefined ? [] : Array.isArray(e) ? e : [e];
}
