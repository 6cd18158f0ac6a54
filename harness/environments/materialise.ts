// Builds a task's starting repository on the host: the clean repo copied to
// os.tmpdir()/atomic-skills/repos/<contentHash> with base_patch applied (reused when present).
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const pexec = promisify(execFile);

/** Names never part of a task's content (caches and VCS folders). */
export function ignoredName(name: string): boolean {
  return (
    name === '.git' ||
    name === '__pycache__' ||
    name === '.pytest_cache' ||
    name === 'node_modules' ||
    name === '.DS_Store' ||
    name.endsWith('.pyc')
  );
}

export function repoCacheRoot(): string {
  return path.join(os.tmpdir(), 'atomic-skills', 'repos');
}

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}

/** Returns the folder holding the starting repo. Throws Error(message) when base_patch
 * does not apply (the caller names the file and field). */
export async function materialiseRepo(repoDir: string, basePatch: string | undefined, contentHash: string): Promise<string> {
  const root = repoCacheRoot();
  const dest = path.join(root, contentHash);
  // dest only ever appears by an atomic rename of a complete copy
  if (await exists(dest)) return dest;
  await fs.mkdir(root, { recursive: true });
  const tmp = path.join(root, `.tmp-${contentHash.slice(0, 16)}-${process.pid}-${Math.random().toString(36).slice(2)}`);
  try {
    // Symlinks stay symlinks with their own target: resolving them would write host paths
    // that do not exist in the sandbox.
    await fs.cp(repoDir, tmp, { recursive: true, verbatimSymlinks: true, filter: (src) => !ignoredName(path.basename(src)) });
    if (basePatch) {
      // a throwaway git repo so `git apply` resolves paths against this folder only
      await pexec('git', ['init', '-q'], { cwd: tmp });
      try {
        await pexec('git', ['apply', '--whitespace=nowarn', basePatch], { cwd: tmp });
      } catch (e) {
        const err = e as { stderr?: string; message: string };
        throw new Error(`does not apply to the repo: ${(err.stderr || err.message).trim()}`);
      }
      await fs.rm(path.join(tmp, '.git'), { recursive: true, force: true });
    }
    await fs.rename(tmp, dest);
    return dest;
  } catch (e) {
    await fs.rm(tmp, { recursive: true, force: true });
    if (await exists(dest)) return dest; // another process won the race
    throw e;
  }
}
