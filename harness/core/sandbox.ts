// The sandbox contract. Everything above harness/sandbox/ talks to a Sandbox only; the
// backends there (docker, local/bubblewrap) implement it.
import type { Readable } from 'node:stream';

export interface SandboxLimits {
  /** Memory cap in MiB (default 2048). */
  memoryMb: number;
  /** CPU share, in cores (default 1). */
  cpus: number;
  /** Max processes/threads (default 256). */
  pids: number;
  /** What the sandbox's commands may add to its disk, in MiB (default 2048); past it the
   * sandbox is stopped and its commands fail as the agent's error (see docs/security.md). */
  diskMb: number;
}

export interface SandboxSpec {
  /** Image to start from (docker, kubernetes) — ignored by the local backend. */
  image: string;
  /** Host folder copied to /testbed and committed as ONE base commit. If absent, /testbed
   * must already exist in the image; its history is squashed to one commit. */
  repoDir?: string;
  /** The image already holds /testbed, its base commit and the `agent` user (an environment
   * image prepared by harness/environments/): the sandbox is ready once its container runs. */
  prepared?: boolean;
  limits?: Partial<SandboxLimits>;
  /** Bytes kept per stream (stdout/stderr) per exec; head and tail are kept. Default 1 MiB. */
  outputCapBytes?: number;
  /** Extra labels (docker, kubernetes) — the harness label is always added. */
  labels?: Record<string, string>;
  /** Environment visible to every exec. Never put secrets here. */
  env?: Record<string, string>;
}

export interface ExecOptions {
  /** Kill the whole process tree after this long (default 120 s). */
  timeoutMs?: number;
  /** Working directory inside the sandbox (default /testbed). */
  cwd?: string;
  env?: Record<string, string>;
  /** Data written to the command's stdin. */
  stdin?: string;
  /** Per-stream cap for this call (overrides the sandbox default). */
  outputCapBytes?: number;
  /** A sealed channel for results the sandbox's own code must not be able to rewrite (test
   * reports): the command writes to file descriptor SEALED_FD (also in $ATOMIC_SKILLS_SEALED_FD),
   * the bytes land outside its reach (docker: a root-only folder; local: the host), and come back
   * in ExecResult.sealed only once EVERY process of the sandbox user is gone. */
  sealed?: {
    /** Paths moved out of the command's reach while it runs, then put back (e.g. /testbed/.git). */
    hide?: string[];
    /** Bytes kept (default 32 MiB); more marks the result `sealedTruncated`. */
    capBytes?: number;
    /** Afterwards, empty the temp folders (/tmp, /var/tmp, /dev/shm) and the sandbox user's
     * home: nothing the command left there can reach a later command (a shell profile, a
     * planted module). */
    scrub?: boolean;
  };
}

/** File descriptor of the sealed channel (fds 4 and 5 are taken by the exec wrapper). */
export const SEALED_FD = 10;
export const SEALED_FD_VAR = 'ATOMIC_SKILLS_SEALED_FD';
export const DEFAULT_SEALED_CAP = 32 * 1024 * 1024;

export interface ExecResult {
  stdout: string;
  stderr: string;
  /** null when the process was killed (timeout) and no code is known. */
  exitCode: number | null;
  timedOut: boolean;
  /** True if stdout or stderr was cut (head and tail kept, a marker in between). */
  truncated: boolean;
  durationMs: number;
  /** With opts.sealed: what the command wrote to the sealed channel (its first capBytes). */
  sealed?: Buffer;
  sealedTruncated?: boolean;
  /** The out-of-memory killer killed a process in this sandbox while the command ran, so its
   * output and exit code may not be its own. Several commands at once: each is flagged. */
  oomKilled: boolean;
}

/** What a scorer checks around a command whose result it will use (cumulative counters:
 * compare a reading before with one after). */
export interface SandboxHealth {
  /** The sandbox still runs (a killed or removed container is not alive). */
  alive: boolean;
  /** Processes the kernel's OOM killer has killed in this sandbox so far; null when unknown. */
  oomKills: number | null;
}

/** docker (one host, or a pool of hosts), kubernetes (a pod per sandbox), local (bubblewrap). */
export type SandboxBackendName = 'docker' | 'kubernetes' | 'local';

export interface Sandbox {
  readonly id: string;
  readonly backend: SandboxBackendName;
  /** Runs `bash -lc cmd` in /testbed (or opts.cwd) as the non-root sandbox user. */
  exec(cmd: string, opts?: ExecOptions): Promise<ExecResult>;
  /** Absolute paths inside the sandbox. Throws SandboxFileError if missing, not a regular file,
   * or larger than MAX_READ_FILE_BYTES (32 MiB). */
  readFile(path: string): Promise<Buffer>;
  /** Creates parent folders; file owned by the sandbox user. */
  writeFile(path: string, data: Buffer | string, opts?: { mode?: number }): Promise<void>;
  /** Extracts a tar stream into destDir (created if needed), owned by the sandbox user. */
  putArchive(tar: Buffer | Readable, destDir: string): Promise<void>;
  /** Everything changed under /testbed since the base commit, new/deleted/binary files
   * included, as a `git diff --binary` patch (empty string when nothing changed). */
  diff(): Promise<string>;
  /** Removes the sandbox and everything it created. Idempotent. */
  destroy(): Promise<void>;
  /** Optional: gets ready for a burst of commands ahead of the first one (the docker backend
   * starts its exec relay). Never required for correctness. */
  warm?(): Promise<void>;
  /** Is the sandbox still up, and has anything in it been OOM-killed? Never throws for a
   * sandbox that died: it says so. (exec itself already fails with a SandboxError when the
   * sandbox died under the command.) */
  health(): Promise<SandboxHealth>;
}

export interface SandboxBackend {
  readonly name: SandboxBackendName;
  create(spec: SandboxSpec): Promise<Sandbox>;
  /** Removes leftovers labelled as ours whose owning process is gone (e.g. after a crash);
   * only those that also carry `labels` when given (a run's, for --resume). Returns how many. */
  prune(opts?: PruneOptions): Promise<number>;
}

export interface PruneOptions {
  /** Also those whose owner still runs. */
  all?: boolean;
  /** Only sandboxes with every one of these labels. */
  labels?: Record<string, string>;
}

/** The sandbox layer failed (daemon gone, create failed…): an infrastructure error. */
export class SandboxError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SandboxError';
  }
}

export const SANDBOX_LABEL = 'io.atomic-skills.sandbox';
export const TESTBED = '/testbed';
export const DEFAULT_LIMITS: SandboxLimits = { memoryMb: 2048, cpus: 1, pids: 256, diskMb: 2048 };
export const DEFAULT_OUTPUT_CAP = 1024 * 1024;

/** A file operation named a path that is missing or unusable (a directory, no permission):
 * the caller's mistake, not an infrastructure failure — so NOT a SandboxError. */
export class SandboxFileError extends Error {
  constructor(
    public readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}: ${message}`, options);
    this.name = 'SandboxFileError';
  }
}
