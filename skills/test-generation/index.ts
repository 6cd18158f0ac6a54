// The test-generation skill: write tests that pass on the reference and kill mutants.
import { defineSkill } from '../../harness/core/skill.js';
import { referenceTestFiles } from '../shared/test-files.js';
import { testGenerationOracle } from './oracle.js';
import { testGenerationPrompt } from './prompt.js';
import { TestGenerationTaskSchema, type TestGenerationTask } from './schema.js';
import { scoreTestGeneration } from './scorer.js';

export const testGeneration = defineSkill<TestGenerationTask>({
  name: 'test-generation',
  scoringSandboxes: 2,
  schema: TestGenerationTaskSchema,
  hiddenFiles: (t) => [...t.mutants, ...(t.gold_tests ? [t.gold_tests] : []), ...(t.test_patch ? [t.test_patch] : [])],
  paths: (t) => [
    { field: 'target', path: t.target, kind: 'file', base: 'repo' },
    ...t.mutants.map((m, i) => ({ field: `mutants.${i}`, path: m, kind: 'file' as const, base: 'task' as const })),
    ...(t.gold_tests ? [{ field: 'gold_tests', path: t.gold_tests, kind: 'dir' as const, base: 'task' as const }] : []),
    ...(t.test_patch ? [{ field: 'test_patch', path: t.test_patch, kind: 'file' as const, base: 'task' as const }] : []),
  ],
  async check(t, dir) {
    const files = await referenceTestFiles(dir, t);
    if (!files.some((f) => f.isTest)) return [[t.gold_tests ? 'gold_tests' : 'test_patch', `holds no ${t.test_framework} test file`]];
    return [];
  },
  prompt: testGenerationPrompt,
  oracle: testGenerationOracle,
  score: scoreTestGeneration,
});
