// Pieces both backends share: spec defaults, the environment every exec sees, naming and
// ownership labels used to find leftovers, and path checks.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import {
  DEFAULT_LIMITS,
  DEFAULT_OUTPUT_CAP,
  SandboxFileError,
  type ExecResult,
  type SandboxLimits,
  type SandboxSpec,
} from '../core/sandbox.js';
import type { CappedBuffer } from './output.js';
import { EXEC_MARKER_VAR, SANDBOX_PATH } from './scripts.js';

export const DEFAULT_EXEC_TIMEOUT_MS = 120_000;
/** Extra wait past an exec's own timeout before the host gives up on it and kills from outside. */
export const HARD_KILL_GRACE_MS = 5_000;
/** diff() output beyond this is refused as the agent's error: no sane agent change is that
 * large, and the harness holds a diff several times over (record, scoring stdin, reports) —
 * at 64 MiB one trial alone took the harness past 500 MB (bench/hostile-memory.mjs). */
export const MAX_DIFF_BYTES = 16 * 1024 * 1024;
/** readFile() refuses larger files (a scorer's report or coverage data is far smaller; the
 * agent's code could otherwise point one at gigabytes for the harness to hold). */
export const MAX_READ_FILE_BYTES = 32 * 1024 * 1024;

/** Label/marker value naming the process that owns a sandbox: "<host>:<pid>". */
export const OWNER_LABEL = 'io.atomic-skills.owner';
export function ownerTag(): string {
  return `${hostname()}:${process.pid}`;
}

/** True when the owner tag names a process on this host that is still running. */
export function ownerAlive(tag: string | undefined): boolean {
  if (!tag) return false;
  const i = tag.lastIndexOf(':');
  if (i < 0) return false;
  if (tag.slice(0, i) !== hostname()) return true; // another host's: not ours to judge
  const pid = Number(tag.slice(i + 1));
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function newId(): string {
  return randomBytes(6).toString('hex');
}

export interface ResolvedSpec {
  limits: SandboxLimits;
  outputCapBytes: number;
  env: Record<string, string>;
}

export function resolveSpec(spec: SandboxSpec): ResolvedSpec {
  return {
    limits: { ...DEFAULT_LIMITS, ...(spec.limits ?? {}) },
    outputCapBytes: spec.outputCapBytes ?? DEFAULT_OUTPUT_CAP,
    env: { ...(spec.env ?? {}) },
  };
}

/** Environment of one exec: sane defaults, then the sandbox's env, then the call's env. */
export function execEnv(
  home: string,
  sandboxEnv: Record<string, string>,
  callEnv: Record<string, string> | undefined,
  marker: string,
): Record<string, string> {
  return {
    PATH: SANDBOX_PATH,
    HOME: home,
    USER: 'agent',
    LOGNAME: 'agent',
    LANG: 'C.UTF-8',
    PYTHONDONTWRITEBYTECODE: '1',
    ...sandboxEnv,
    ...(callEnv ?? {}),
    [EXEC_MARKER_VAR]: marker,
  };
}

export function envList(env: Record<string, string>): string[] {
  return Object.entries(env).map(([k, v]) => `${k}=${v}`);
}

/** Sandbox paths must be absolute; normalised so "/testbed/../x" cannot surprise anyone. */
export function checkAbsolute(p: string): string {
  if (!p.startsWith('/')) throw new SandboxFileError(p, 'path must be absolute');
  if (p.includes('\0')) throw new SandboxFileError(p, 'path contains a NUL byte');
  return path.posix.normalize(p);
}

/** What a backend's raw exec hands back before it becomes an ExecResult. */
export interface RawExecResult {
  stdout: CappedBuffer;
  stderr: CappedBuffer;
  exitCode: number | null;
  hostKilled: boolean;
  /** OOM kills in the sandbox while it ran, when the transport reports them. */
  oomKills?: number;
}

/** Both backends run commands under `timeout -s KILL`, which kills its own group: a
 * timeout shows as exit 137 at the deadline (or as a kill from the host past the grace). */
export function toExecResult(r: RawExecResult, timeoutMs: number, durationMs: number, oomKilled = (r.oomKills ?? 0) > 0): ExecResult {
  const timedOut = r.hostKilled || (r.exitCode === 137 && durationMs >= timeoutMs);
  return {
    stdout: r.stdout.toString(),
    stderr: r.stderr.toString(),
    exitCode: timedOut ? null : r.exitCode,
    timedOut,
    truncated: r.stdout.truncated || r.stderr.truncated,
    durationMs,
    oomKilled,
  };
}

/** The kernel takes at most 128 KiB per argv string (MAX_ARG_STRLEN, NUL included), and the
 * command travels as one. */
export const MAX_COMMAND_BYTES = 128 * 1024 - 1;

/** A command too long to start is the caller's error, answered like a failed command (exit
 * 126), not an infrastructure failure. */
export function refuseLongCommand(cmd: string): ExecResult | undefined {
  const bytes = Buffer.byteLength(cmd);
  if (bytes <= MAX_COMMAND_BYTES) return undefined;
  return {
    stdout: '',
    stderr: `the command is ${bytes} bytes long; a command may have at most ${MAX_COMMAND_BYTES} bytes (write a long script to a file and run that)\n`,
    exitCode: 126,
    timedOut: false,
    truncated: false,
    durationMs: 0,
    oomKilled: false,
  };
}

/** The mode argument of the WRITE_FILE script ('' keeps an existing file's mode). */
export function writeModeArg(mode: number | undefined): string {
  return mode === undefined ? '' : (mode & 0o7777).toString(8);
}

/** WRITE_FILE's exit codes as the contract's errors. */
export function checkWriteResult(r: RawExecResult, filePath: string): void {
  if (r.exitCode === 3) throw new SandboxFileError(filePath, 'is a directory');
  if (r.exitCode !== 0) throw new SandboxFileError(filePath, r.stderr.toString().trim() || `cannot write (exit ${r.exitCode})`);
}
