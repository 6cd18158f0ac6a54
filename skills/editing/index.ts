// The editing skill: change the code as instructed; hidden tests judge the change.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { defineSkill } from '../../harness/core/skill.js';
import { fileOfId } from '../shared/run-tests.js';
import { editingOracle } from './oracle.js';
import { editingPrompt } from './prompt.js';
import { EditingTaskSchema, type EditingTask } from './schema.js';
import { scoreEditing } from './scorer.js';

export const editing = defineSkill<EditingTask>({
  name: 'editing',
  scoringSandboxes: 1,
  schema: EditingTaskSchema,
  hiddenFiles: (t) => [t.gold_patch, t.hidden_tests],
  paths: (t) => [
    { field: 'gold_patch', path: t.gold_patch, kind: 'file', base: 'task' },
    { field: 'hidden_tests', path: t.hidden_tests, kind: 'dir', base: 'task' },
    ...t.test_files.map((p, i) => ({ field: `test_files.${i}`, path: p, kind: 'any' as const, base: 'repo' as const })),
  ],
  async check(t, dir, repoDir) {
    const problems: Array<[string, string]> = [];
    const lists = [
      ['fail_to_pass', t.fail_to_pass],
      ['pass_to_pass', t.pass_to_pass],
    ] as const;
    for (const [field, ids] of lists) {
      ids.forEach((id, i) => {
        const f = fileOfId(id);
        const inHidden = existsSync(path.join(dir, t.hidden_tests, f));
        const inRepo = repoDir !== undefined && existsSync(path.join(repoDir, f));
        if (!inHidden && !inRepo && repoDir !== undefined)
          problems.push([`${field}.${i}`, `test file "${f}" is neither in hidden_tests nor in the repo`]);
      });
    }
    return problems;
  },
  prompt: editingPrompt,
  oracle: editingOracle,
  score: scoreEditing,
  sampleMetrics: (pass, random) => ({ f2p_fraction: pass ? 1 : random() }),
});
