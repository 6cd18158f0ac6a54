// Git repositories with a history, made from the sample libraries (no public repository is
// reachable): a fixed identity and dates so commit hashes are the same on every machine.
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { promisify } from 'node:util';

const pexec = promisify(execFile);

export const GIT_FIXTURE_ENV = {
  GIT_AUTHOR_NAME: 'Fixture Author',
  GIT_AUTHOR_EMAIL: 'author@fixtures.invalid',
  GIT_AUTHOR_DATE: '2021-01-01T00:00:00+0000',
  GIT_COMMITTER_NAME: 'Fixture Author',
  GIT_COMMITTER_EMAIL: 'author@fixtures.invalid',
  GIT_COMMITTER_DATE: '2021-01-01T00:00:00+0000',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

/** Runs git with the fixture identity; stdout trimmed (`raw` keeps it as is, e.g. for a diff). */
export async function git(cwd: string, ...args: string[]): Promise<string> {
  return (await gitRaw(cwd, ...args)).trim();
}

export async function gitRaw(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await pexec('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgSign=false', ...args], {
    cwd,
    env: { ...process.env, ...GIT_FIXTURE_ENV },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** A new repository at `dir` holding a copy of `from`, committed once; returns the commit. */
export async function initRepo(dir: string, from: string, message = 'initial import'): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  await fs.cp(from, dir, { recursive: true, verbatimSymlinks: true });
  await git(dir, 'init', '-q');
  return commitAll(dir, message);
}

export async function commitAll(dir: string, message: string): Promise<string> {
  await git(dir, 'add', '-A');
  await git(dir, 'commit', '-q', '--allow-empty', '-m', message);
  return git(dir, 'rev-parse', 'HEAD');
}
