// The reproduction skill: write a test (or script) that fails on the bug and passes once fixed.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { listFiles } from '../../harness/core/files.js';
import { defineSkill } from '../../harness/core/skill.js';
import { isTestFile } from '../shared/test-files.js';
import { reproductionOracle } from './oracle.js';
import { reproductionPrompt } from './prompt.js';
import { ReproductionTaskSchema, type ReproductionTask } from './schema.js';
import { scoreReproduction } from './scorer.js';

export const reproduction = defineSkill<ReproductionTask>({
  name: 'reproduction',
  scoringSandboxes: 2,
  schema: ReproductionTaskSchema,
  hiddenFiles: (t) => [t.gold_patch, t.gold_tests],
  paths: (t) => [
    { field: 'gold_patch', path: t.gold_patch, kind: 'file', base: 'task' },
    { field: 'gold_tests', path: t.gold_tests, kind: 'dir', base: 'task' },
  ],
  async check(t, dir) {
    const goldDir = path.join(dir, t.gold_tests);
    if (t.mode === 'script') {
      if (!existsSync(path.join(goldDir, t.script_path as string)))
        return [['script_path', `not found under gold_tests (${t.gold_tests})`]];
    } else if (!(await listFiles(goldDir)).some((f) => isTestFile(t.test_framework, f) || f === t.test_path_hint)) {
      return [['gold_tests', `holds no ${t.test_framework} test file`]];
    }
    return [];
  },
  prompt: reproductionPrompt,
  oracle: reproductionOracle,
  score: scoreReproduction,
});
