// The reproduction skill: write a test (or script) that fails on the bug and passes once fixed.
import { normaliseRepoPath } from '../shared/paths.js';
import { defineSkill } from '../../harness/core/skill.js';
import { referenceTestFiles } from '../shared/test-files.js';
import { reproductionOracle } from './oracle.js';
import { reproductionPrompt } from './prompt.js';
import { ReproductionTaskSchema, type ReproductionTask } from './schema.js';
import { scoreReproduction } from './scorer.js';

export const reproduction = defineSkill<ReproductionTask>({
  name: 'reproduction',
  scoringSandboxes: 2,
  schema: ReproductionTaskSchema,
  hiddenFiles: (t) => [t.gold_patch, ...(t.gold_tests ? [t.gold_tests] : []), ...(t.test_patch ? [t.test_patch] : [])],
  paths: (t) => [
    { field: 'gold_patch', path: t.gold_patch, kind: 'file', base: 'task' },
    ...(t.gold_tests ? [{ field: 'gold_tests', path: t.gold_tests, kind: 'dir' as const, base: 'task' as const }] : []),
    ...(t.test_patch ? [{ field: 'test_patch', path: t.test_patch, kind: 'file' as const, base: 'task' as const }] : []),
  ],
  async check(t, dir) {
    const files = await referenceTestFiles(dir, t);
    const field = t.gold_tests ? 'gold_tests' : 'test_patch';
    if (t.mode === 'script') {
      const script = normaliseRepoPath(t.script_path as string);
      if (!files.some((f) => f.path === script)) return [['script_path', `not written by ${field}`]];
    } else if (!files.some((f) => f.isTest || f.path === t.test_path_hint)) {
      return [[field, `holds no ${t.test_framework} test file`]];
    }
    return [];
  },
  prompt: reproductionPrompt,
  oracle: reproductionOracle,
  score: scoreReproduction,
});
