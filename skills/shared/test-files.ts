// Which repo paths are test files, per framework (docs/task-format.md, test-generation), and
// which are test code of any kind (test folders, helpers, conftest.py).
import path from 'node:path';
import type { TestFramework } from '../../harness/core/task.js';

export function isTestFile(framework: TestFramework, repoPath: string): boolean {
  const p = repoPath.replace(/\\/g, '/');
  const base = path.posix.basename(p);
  if (framework === 'pytest') return /^test_.*\.py$/.test(base) || /^.+_test\.py$/.test(base);
  if (/\.test\.(c|m)?js$/.test(base)) return true;
  return /^test\//.test(p) && /\.(c|m)?js$/.test(base);
}

/** Folder names that hold test code (fixtures and helpers included). */
const TEST_DIRS = new Set(['test', 'tests', 'testing', '__tests__', 'spec', 'specs']);

/** Test code whatever the framework: a test file name (test_x.py, x_test.py, x.test.js,
 * x.spec.ts…), conftest.py, or anything under a test folder. */
export function isTestPath(repoPath: string): boolean {
  const p = repoPath.replace(/\\/g, '/');
  const base = path.posix.basename(p);
  if (base === 'conftest.py' || /^test_.*\.py$/.test(base) || /^.+_test\.py$/.test(base)) return true;
  if (/\.(test|spec)\.[cm]?[jt]sx?$/.test(base)) return true;
  return p
    .split('/')
    .slice(0, -1)
    .some((d) => TEST_DIRS.has(d));
}

/** The command that runs a script at repo path `p` (reproduction, mode script). */
export function scriptRunner(p: string): string {
  return /\.(c|m)?js$/.test(p) ? 'node' : 'python3';
}
