// The localization skill: find the files (and functions) an issue's fix must edit.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { defineSkill } from '../../harness/core/skill.js';
import { normaliseRepoPath } from '../shared/paths.js';
import { localizationGold } from '../shared/gold-files.js';
import { localizationOracle } from './oracle.js';
import { localizationPrompt } from './prompt.js';
import { LocalizationTaskSchema, type LocalizationTask } from './schema.js';
import { scoreLocalization } from './scorer.js';

export const localization = defineSkill<LocalizationTask>({
  name: 'localization',
  scoringSandboxes: 0,
  schema: LocalizationTaskSchema,
  hiddenFiles: (t) => [t.gold_patch],
  paths: (t) => [
    { field: 'gold_patch', path: t.gold_patch, kind: 'file', base: 'task' },
    ...t.gold_files.map((p, i) => ({ field: `gold_files.${i}`, path: p, kind: 'file' as const, base: 'repo' as const })),
  ],
  async check(t, dir) {
    const rule = localizationGold(await fs.readFile(path.join(dir, t.gold_patch), 'utf8'));
    const gold = [...new Set(t.gold_files.map(normaliseRepoPath))].sort();
    if (!rule.length) return [['gold_patch', 'changes no file other than tests and docs: nothing to localize']];
    if (rule.join('\n') !== gold.join('\n')) {
      return [['gold_files', `must equal the non-test, non-doc files gold_patch edits (${rule.join(', ')})`]];
    }
    return [];
  },
  prompt: localizationPrompt,
  oracle: localizationOracle,
  score: scoreLocalization,
});
