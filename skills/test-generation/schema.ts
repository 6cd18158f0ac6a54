// Test-generation task: a target file (and symbol) with its spec, mutants of the target,
// and the reference tests that pass on the original and kill every mutant.
import { z } from 'zod';
import { CommonTaskSchema, RelPath } from '../shared/schema.js';

export const TestGenerationTaskSchema = CommonTaskSchema.safeExtend({
  skill: z.literal('test-generation'),
  target: RelPath,
  target_symbol: z.string().min(1).optional(),
  mutants: z.array(RelPath).min(1),
  /** The reference tests' files (optional when test_patch is given: then the oracle applies it). */
  gold_tests: RelPath.optional(),
  /** A patch adding the reference tests (an imported instance's test patch). */
  test_patch: RelPath.optional(),
  test_path_hint: RelPath.optional(),
})
  .strict()
  .superRefine((t, ctx) => {
    if (!t.gold_tests && !t.test_patch)
      ctx.addIssue({ code: 'custom', path: ['gold_tests'], message: 'give gold_tests, test_patch, or both' });
  });

export type TestGenerationTask = z.infer<typeof TestGenerationTaskSchema>;
