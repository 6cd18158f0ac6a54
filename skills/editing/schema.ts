// Editing task: an instruction naming where to change the code, the reference patch and
// hidden tests with their FAIL_TO_PASS / PASS_TO_PASS ids.
import { z } from 'zod';
import { CommonTaskSchema, RelPath } from '../shared/schema.js';

const TestId = z.string().regex(/^[^:]+::.+$/, 'must be a test id "FILE::NAME"');

export const EditingTaskSchema = CommonTaskSchema.safeExtend({
  skill: z.literal('editing'),
  instruction: z.string().min(1),
  gold_patch: RelPath,
  hidden_tests: RelPath,
  test_files: z.array(RelPath).default([]),
  fail_to_pass: z.array(TestId).min(1),
  pass_to_pass: z.array(TestId).default([]),
}).strict();

export type EditingTask = z.infer<typeof EditingTaskSchema>;
