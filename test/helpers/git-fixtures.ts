// Git repositories with a history, made from the sample libraries (no public repository is
// reachable): the fixed-identity git helpers of test/fixtures/swebench/make.mjs.
import { promises as fs } from 'node:fs';
import { commitAll, git, gitRaw } from '../fixtures/swebench/make.mjs';

export { commitAll, git, gitRaw };

/** A new repository at `dir` holding a copy of `from`, committed once; returns the commit. */
export async function initRepo(dir: string, from: string, message = 'initial import'): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  await fs.cp(from, dir, { recursive: true, verbatimSymlinks: true });
  await git(dir, 'init', '-q');
  return commitAll(dir, message);
}
