// The test-generation skill: write tests that pass on the reference and kill mutants.
import path from 'node:path';
import { listFiles } from '../../harness/core/files.js';
import { defineSkill } from '../../harness/core/skill.js';
import { isTestFile } from '../shared/test-files.js';
import { testGenerationOracle } from './oracle.js';
import { testGenerationPrompt } from './prompt.js';
import { TestGenerationTaskSchema, type TestGenerationTask } from './schema.js';
import { scoreTestGeneration } from './scorer.js';

export const testGeneration = defineSkill<TestGenerationTask>({
  name: 'test-generation',
  scoringSandboxes: 2,
  schema: TestGenerationTaskSchema,
  hiddenFiles: (t) => [...t.mutants, t.gold_tests],
  paths: (t) => [
    { field: 'target', path: t.target, kind: 'file', base: 'repo' },
    ...t.mutants.map((m, i) => ({ field: `mutants.${i}`, path: m, kind: 'file' as const, base: 'task' as const })),
    { field: 'gold_tests', path: t.gold_tests, kind: 'dir', base: 'task' },
  ],
  async check(t, dir) {
    const files = await listFiles(path.join(dir, t.gold_tests));
    if (!files.some((f) => isTestFile(t.test_framework, f))) {
      return [['gold_tests', `holds no ${t.test_framework} test file`]];
    }
    return [];
  },
  prompt: testGenerationPrompt,
  oracle: testGenerationOracle,
  score: scoreTestGeneration,
});
