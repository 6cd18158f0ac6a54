// Shell scripts both backends run inside the sandbox, so exec timeouts, the one-commit
// base and the diff behave identically whether the sandbox is a container or bubblewrap.
// The scripts themselves are the files in scripts/ (checked by shellcheck in the unit tests;
// each says how it is called); here each is read once, after the function files it uses.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PACKAGE_ROOT } from '../core/version.js';

/** Where the pristine base repository lives inside every sandbox: outside /testbed, so
 * nothing the agent does to /testbed/.git (commit, reset, rm -rf) changes what diff() sees. */
export const BASE_GIT_PARENT = '/var/lib/atomic-skills';
export const BASE_GIT_DIR = `${BASE_GIT_PARENT}/base.git`;

/** Every process an exec starts inherits this variable; the sweep finds stragglers by it. */
export const EXEC_MARKER_VAR = 'ATOMIC_SKILLS_EXEC';

/** PATH for sandbox commands: Debian's own /usr/bin first (its python3 has pytest). */
export const SANDBOX_PATH = '/usr/bin:/bin:/usr/local/bin:/usr/sbin:/sbin';

/** For the harness's own git calls (base commit, diff): fixed identity and dates, so the same
 * repo always yields the same base commit hash, and no host/image config changes the output. */
export const GIT_ENV: Record<string, string> = {
  GIT_AUTHOR_NAME: 'atomic-skills',
  GIT_AUTHOR_EMAIL: 'sandbox@atomic-skills.invalid',
  GIT_AUTHOR_DATE: '2000-01-01T00:00:00+0000',
  GIT_COMMITTER_NAME: 'atomic-skills',
  GIT_COMMITTER_EMAIL: 'sandbox@atomic-skills.invalid',
  GIT_COMMITTER_DATE: '2000-01-01T00:00:00+0000',
  // Host or image git configuration must not change the commit (hooks, autocrlf, signing).
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

const SCRIPTS_DIR = path.join(PACKAGE_ROOT, 'harness', 'sandbox', 'scripts');

/** The script `name` of scripts/, with the function files it calls put in front of it. */
export function sandboxScript(name: string, ...functions: string[]): string {
  return [...functions, name].map((f) => readFileSync(path.join(SCRIPTS_DIR, f), 'utf8')).join('\n');
}

/** Agent user: runs one command with its timeout; nothing it started survives (see the file). */
export const EXEC_WRAPPER = sandboxScript('exec-wrapper.sh', 'sweep-marked.sh');
/** Root: kills an exec's stragglers from outside, by their marker. */
export const KILL_MARKED = sandboxScript('kill-marked.sh', 'sweep-marked.sh');
/** Root: the testbed as one base commit, a private copy kept as the diff base; prints its hash. */
export const BASE_COMMIT = sandboxScript('base-commit.sh', 'git.sh');
/** Root: the testbed's changes against the base commit as a git-apply-able patch. */
export const DIFF = sandboxScript('diff.sh', 'git.sh');

/** Timeout argument for coreutils `timeout`, in seconds (fractions allowed). */
export function timeoutArg(ms: number): string {
  return `${Math.max(0.001, ms / 1000).toFixed(3)}s`;
}

/** Agent: writes stdin to a file (parents created, mode kept or set). */
export const WRITE_FILE = sandboxScript('write-file.sh');
/** Agent: prints a file of at most a given size. */
export const READ_FILE = sandboxScript('read-file.sh');
/** Agent: extracts a tar from stdin into a folder. */
export const UNTAR = sandboxScript('untar.sh');
/** Login profile for sandboxes we assemble ourselves: keeps the PATH we pass (SANDBOX_PATH when
 * none; Debian's /etc/profile would reset it) and reads nothing else from the host. */
export const PROFILE = sandboxScript('profile.sh');
/** Root: runs a command as the agent with fd 10 sealed from it and paths hidden while it runs. */
export const SEALED = sandboxScript('sealed.sh');
/** Root: the sealed output, then it goes. */
export const SEALED_READ = sandboxScript('sealed-read.sh');
/** Root: how many processes the OOM killer has killed in the container. */
export const MEMORY_EVENTS = sandboxScript('memory-events.sh');
/** Agent: kills every process of its uid once none of its commands runs. */
export const SWEEP_USER = sandboxScript('sweep-user.sh');
/** Root: optionally the sweep, then bytes and inodes held where the agent can write. */
export const DISK_USAGE = sandboxScript('disk-usage.sh');
/** Agent: bytes held by files its processes deleted but keep open. */
export const DELETED_HELD = sandboxScript('deleted-held.sh');
