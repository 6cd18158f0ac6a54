// A repository's files at one commit, exported from a local clone or bare mirror into a host
// cache folder (no history), once per repo@commit: git object ids are content hashes, so the
// folder never goes stale. Symlinks stay symlinks.
import { spawn, execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { EnvironmentError } from './errors.js';
import { diskFullHint } from './disk.js';

const pexec = promisify(execFile);

export function cacheRoot(): string {
  return path.join(os.tmpdir(), 'atomic-skills');
}

export function treeCacheRoot(): string {
  return path.join(cacheRoot(), 'trees');
}

/** A name safe in paths and image tags: lowercase letters, digits, "_", "." and "-". */
export function slug(s: string, max = 60): string {
  return (
    s
      .toLowerCase()
      .replace(/\//g, '__')
      .replace(/[^a-z0-9_.-]+/g, '-')
      .replace(/^[^a-z0-9]+/, '')
      .slice(0, max) || 'repo'
  );
}

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}

/** Full hash of `commit` in `source`; a clear error when the source or the commit is missing. */
export async function resolveCommit(source: string, commit: string, repo: string): Promise<string> {
  if (!(await exists(source))) throw new EnvironmentError(`${repo}: clone or mirror ${source} does not exist`);
  try {
    const { stdout } = await pexec('git', ['-C', source, 'rev-parse', '--verify', '--quiet', `${commit}^{commit}`]);
    return stdout.trim();
  } catch {
    throw new EnvironmentError(`${repo}: commit ${commit} is not in ${source} (fetch it, or point --repos at a fuller clone)`);
  }
}

/** Runs `git archive <commit> | tar -x -C dest`, failing with git's or tar's own message. */
function archiveInto(source: string, commit: string, dest: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const git = spawn('git', ['-C', source, 'archive', '--format=tar', commit], { stdio: ['ignore', 'pipe', 'pipe'] });
    const tar = spawn('tar', ['-x', '-f', '-', '-C', dest], { stdio: ['pipe', 'ignore', 'pipe'] });
    let errors = '';
    git.stderr.on('data', (b: Buffer) => (errors += b.toString()));
    tar.stderr.on('data', (b: Buffer) => (errors += b.toString()));
    git.stdout.pipe(tar.stdin);
    tar.stdin.on('error', () => undefined); // tar died first: its exit code says why
    let pending = 2;
    let failed = false;
    const done = (who: string) => (code: number | null) => {
      if (code !== 0 && !failed) {
        failed = true;
        reject(new Error(`${who} exited with ${code}: ${errors.trim()}`));
      }
      if (--pending === 0 && !failed) resolve();
    };
    git.on('error', reject);
    tar.on('error', reject);
    git.on('close', done('git archive'));
    tar.on('close', done('tar'));
  });
}

const inFlight = new Map<string, Promise<string>>();

/** The host folder holding `repo` at `commit` (exported on first use, then reused). */
export function exportTree(source: string, commit: string, repo: string): Promise<string> {
  const key = `${path.resolve(source)}\0${commit}`;
  let p = inFlight.get(key);
  if (!p) {
    p = doExport(path.resolve(source), commit, repo).finally(() => inFlight.delete(key));
    inFlight.set(key, p);
  }
  return p;
}

async function doExport(source: string, commit: string, repo: string): Promise<string> {
  const full = await resolveCommit(source, commit, repo);
  const dest = path.join(treeCacheRoot(), `${slug(repo)}@${full}`);
  // dest only ever appears by an atomic rename of a complete export
  if (await exists(dest)) return dest;
  await fs.mkdir(treeCacheRoot(), { recursive: true });
  const tmp = `${dest}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    await fs.mkdir(tmp);
    await archiveInto(source, full, tmp);
    await fs.rename(tmp, dest);
    return dest;
  } catch (e) {
    await fs.rm(tmp, { recursive: true, force: true });
    if (await exists(dest)) return dest; // another process won the race
    throw new EnvironmentError(`${repo}: cannot export ${full.slice(0, 12)} from ${source}: ${(e as Error).message}${diskFullHint(e)}`, {
      cause: e,
    });
  }
}
