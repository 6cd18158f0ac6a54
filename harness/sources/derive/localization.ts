// Localization from a bug: gold = the existing non-test, non-doc files the fix changes (the
// shared gold rule), the fix as gold_patch; the functions it edits when the sources are known.
import { localizationGold } from '../../../skills/shared/gold-files.js';
import { listFunctions } from '../../mutation/index.js';
import type { Bug } from './bug.js';
import { changedOldLines } from './hunks.js';
import { ID_PREFIX, type Derived } from './draft.js';

export function deriveLocalization(bug: Bug, goldFunctions?: string[]): Derived {
  const id = `${ID_PREFIX.localization}-${bug.idBase}`;
  const gold = localizationGold(bug.goldPatch);
  if (!gold.length) return { skill: 'localization', id, reason: 'the fix changes no existing source file (only tests, docs or new files)' };
  return {
    skill: 'localization',
    id,
    problemStatement: bug.problemStatement,
    fields: { gold_patch: 'gold.patch', gold_files: gold, ...(goldFunctions?.length ? { gold_functions: goldFunctions } : {}) },
    files: { 'gold.patch': bug.goldPatch },
  };
}

/** `path::name` of the functions the fix edits, found in the files as they were before it (the
 * innermost named function around each changed line; methods as `Class.method`). */
export async function goldFunctions(goldPatch: string, readBase: (path: string) => Promise<string | undefined>): Promise<string[]> {
  const lines = changedOldLines(goldPatch);
  const out = new Set<string>();
  for (const file of localizationGold(goldPatch).filter((p) => p.endsWith('.py'))) {
    const source = await readBase(file);
    if (source === undefined) continue;
    const fns = await listFunctions(source, 'python');
    for (const line of lines.get(file) ?? []) {
      const around = fns
        .filter((f) => f.startLine <= line && line <= f.endLine)
        .sort((a, b) => a.endLine - a.startLine - (b.endLine - b.startLine));
      if (around[0]) out.add(`${file}::${around[0].name}`);
    }
  }
  return [...out].sort();
}
