// Which repo paths are test files, per framework (docs/task-format.md, test-generation), and
// which are test code of any kind (test folders, helpers, conftest.py).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { TestFramework } from '../../harness/core/task.js';
import { listFiles } from '../../harness/core/files.js';
import { isRunnerConfig } from './neutralise.js';
import { parsePatch, type PatchFile } from './patch.js';

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

/** The files the reference tests write (repo paths): those of the `gold_tests` folder, or the
 * ones the test patch creates or changes; `isTest` = a test file of the task's framework. */
export async function referenceTestFiles(
  taskDir: string,
  t: { gold_tests?: string; test_patch?: string; test_framework: TestFramework },
): Promise<Array<{ path: string; isTest: boolean }>> {
  let paths: string[] = [];
  if (t.gold_tests) paths = await listFiles(path.join(taskDir, t.gold_tests));
  else if (t.test_patch) {
    const patch = await fs.readFile(path.join(taskDir, t.test_patch), 'utf8');
    paths = parsePatch(patch).flatMap((f) => (f.newPath && f.status !== 'deleted' ? [f.newPath] : []));
  }
  return paths.map((p) => ({ path: p, isTest: isTestFile(t.test_framework, p) }));
}

/** The test code in an agent's diff: every section under a test folder or named like a test
 * (helpers and conftest.py included; other runner configuration is not test code), and the
 * test files among them — what test generation and reproduction keep and run. */
export function agentTestCode(diff: string, framework: TestFramework, hint?: string): { kept: PatchFile[]; runFiles: string[] } {
  const isTestCode = (p: string) =>
    (isTestPath(p) || isTestFile(framework, p) || p === hint) && (!isRunnerConfig(p) || path.posix.basename(p) === 'conftest.py');
  const kept = parsePatch(diff).filter((f) => isTestCode(f.newPath ?? f.oldPath ?? ''));
  const runFiles = kept
    .filter((f) => f.newPath && f.status !== 'deleted' && (isTestFile(framework, f.newPath) || f.newPath === hint))
    .map((f) => f.newPath as string);
  return { kept, runFiles };
}
