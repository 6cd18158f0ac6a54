// Which repo paths are test files, per framework (docs/task-format.md, test-generation).
import path from 'node:path';
import type { TestFramework } from '../../harness/core/task.js';

export function isTestFile(framework: TestFramework, repoPath: string): boolean {
  const p = repoPath.replace(/\\/g, '/');
  const base = path.posix.basename(p);
  if (framework === 'pytest') return /^test_.*\.py$/.test(base) || /^.+_test\.py$/.test(base);
  if (/\.test\.(c|m)?js$/.test(base)) return true;
  return /^test\//.test(p) && /\.(c|m)?js$/.test(base);
}

/** The command that runs a script at repo path `p` (reproduction, mode script). */
export function scriptRunner(p: string): string {
  return /\.(c|m)?js$/.test(p) ? 'node' : 'python3';
}
