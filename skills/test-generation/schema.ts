// Test-generation task: a target file (and symbol) with its spec, mutants of the target,
// and the reference tests that pass on the original and kill every mutant.
import { z } from 'zod';
import { CommonTaskSchema, RelPath } from '../shared/schema.js';

export const TestGenerationTaskSchema = CommonTaskSchema.safeExtend({
  skill: z.literal('test-generation'),
  target: RelPath,
  target_symbol: z.string().min(1).optional(),
  mutants: z.array(RelPath).min(1),
  gold_tests: RelPath,
  test_path_hint: RelPath.optional(),
}).strict();

export type TestGenerationTask = z.infer<typeof TestGenerationTaskSchema>;
