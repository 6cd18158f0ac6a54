// The files a fix is about: those it changes, minus new files, tests and docs. A real patch (a
// SWE-bench instance's `patch`) may touch a changelog or a test helper; those are not where the
// issue is. Localization's gold rule; reproduction's target (what its tests must run, what its
// decoys change).
import path from 'node:path';
import { parsePatch } from './patch.js';
import { isTestPath } from './test-files.js';

const DOC_EXTENSIONS = new Set(['.md', '.rst', '.txt', '.adoc']);
const DOC_DIRS = new Set(['docs', 'doc']);
const DOC_NAMES = /^(changelog|changes|history|news|authors|contributors|readme|license|copying)$/i;

/** Documentation: prose files (.md, .rst, .txt, .adoc), extension-less CHANGELOG/NEWS/AUTHORS…,
 * and anything under docs/ or doc/. */
export function isDocPath(repoPath: string): boolean {
  const p = repoPath.replace(/\\/g, '/');
  const base = path.posix.basename(p);
  if (DOC_EXTENSIONS.has(path.posix.extname(base).toLowerCase()) || DOC_NAMES.test(base)) return true;
  return p
    .split('/')
    .slice(0, -1)
    .some((d) => DOC_DIRS.has(d.toLowerCase()));
}

/** The gold files of a fix: every file the patch changes that already exists before it (a new
 * file cannot be found in the repository) and is neither a test nor a doc, sorted. */
export function localizationGold(patch: string): string[] {
  const paths = new Set<string>();
  for (const f of parsePatch(patch)) if (f.oldPath && f.status !== 'added') paths.add(f.oldPath);
  return [...paths].filter((p) => !isTestPath(p) && !isDocPath(p)).sort();
}
