// The repository at the asked commit, copied into the dataset as the tasks' clean repo: a git
// checkout is exported with `git archive` (tracked files only); a plain folder is copied.
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { InputError } from '../../core/errors.js';
import { ignoredName } from '../../tasks/hash.js';

const pexec = promisify(execFile);

export interface Snapshot {
  /** Full commit id, when the repository is a git checkout. */
  commit?: string;
}

async function isGitRepo(dir: string): Promise<boolean> {
  try {
    const { stdout } = await pexec('git', ['rev-parse', '--show-toplevel'], { cwd: dir });
    return path.resolve(stdout.trim()) === (await fs.realpath(dir));
  } catch {
    return false;
  }
}

/** Writes the repository (at `commit`, default HEAD for git checkouts) into `dest` (created). */
export async function snapshotRepo(repo: string, commit: string | undefined, dest: string): Promise<Snapshot> {
  const st = await fs.stat(repo).catch(() => undefined);
  if (!st?.isDirectory()) throw new InputError(repo, '', 'not a folder');
  await fs.mkdir(dest, { recursive: true });
  if (await isGitRepo(repo)) {
    let full: string;
    try {
      full = (await pexec('git', ['rev-parse', '--verify', `${commit ?? 'HEAD'}^{commit}`], { cwd: repo })).stdout.trim();
    } catch {
      throw new InputError(repo, '--commit', `no commit "${commit ?? 'HEAD'}" in this repository`);
    }
    const tarFile = `${dest}.tar`;
    try {
      await pexec('git', ['archive', '--format=tar', '-o', tarFile, full], { cwd: repo, maxBuffer: 1 << 30 });
      await pexec('tar', ['-xf', tarFile, '-C', dest]);
    } finally {
      await fs.rm(tarFile, { force: true });
    }
    return { commit: full };
  }
  if (commit) throw new InputError(repo, '--commit', 'the folder is not a git repository, so it has no commits to choose from');
  await fs.cp(repo, dest, { recursive: true, filter: (src) => !ignoredName(path.basename(src)) });
  return {};
}
