// The editing skill: change the code as instructed; hidden tests judge the change.
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { defineSkill } from '../../harness/core/skill.js';
import { parsePatch } from '../shared/patch.js';
import { fileOfId } from '../shared/test-ids.js';
import { editingOracle } from './oracle.js';
import { editingPrompt } from './prompt.js';
import { EditingTaskSchema, type EditingTask } from './schema.js';
import { scoreEditing } from './scorer.js';

export const editing = defineSkill<EditingTask>({
  name: 'editing',
  scoringSandboxes: 1,
  schema: EditingTaskSchema,
  hiddenFiles: (t) => [t.gold_patch, ...(t.hidden_tests ? [t.hidden_tests] : []), ...(t.test_patch ? [t.test_patch] : [])],
  paths: (t) => [
    { field: 'gold_patch', path: t.gold_patch, kind: 'file', base: 'task' },
    ...(t.hidden_tests ? [{ field: 'hidden_tests', path: t.hidden_tests, kind: 'dir' as const, base: 'task' as const }] : []),
    ...(t.test_patch ? [{ field: 'test_patch', path: t.test_patch, kind: 'file' as const, base: 'task' as const }] : []),
    ...t.test_files.map((p, i) => ({ field: `test_files.${i}`, path: p, kind: 'any' as const, base: 'repo' as const })),
  ],
  async check(t, dir, repoDir) {
    const problems: Array<[string, string]> = [];
    const fromPatch = new Set<string>();
    if (t.test_patch) {
      for (const f of parsePatch(await fs.readFile(path.join(dir, t.test_patch), 'utf8'))) if (f.newPath) fromPatch.add(f.newPath);
    }
    const lists = [
      ['fail_to_pass', t.fail_to_pass],
      ['pass_to_pass', t.pass_to_pass],
    ] as const;
    for (const [field, ids] of lists) {
      ids.forEach((id, i) => {
        const f = fileOfId(id);
        const inHidden = t.hidden_tests !== undefined && existsSync(path.join(dir, t.hidden_tests, f));
        const inRepo = repoDir !== undefined && existsSync(path.join(repoDir, f));
        if (!inHidden && !inRepo && !fromPatch.has(f) && repoDir !== undefined)
          problems.push([`${field}.${i}`, `test file "${f}" is neither in hidden_tests, nor made by test_patch, nor in the repo`]);
      });
    }
    return problems;
  },
  prompt: editingPrompt,
  oracle: editingOracle,
  score: scoreEditing,
});
