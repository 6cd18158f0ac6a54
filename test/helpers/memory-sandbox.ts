// A throwaway Sandbox for fast unit tests: a host temp folder plus real `bash -c`, no
// container. Paths are host paths used verbatim (tests put files under `root`); the only
// translation is the working directory, where /testbed[/...] means root[/...].
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import {
  DEFAULT_OUTPUT_CAP,
  DEFAULT_SEALED_CAP,
  SEALED_FD,
  SEALED_FD_VAR,
  SandboxError,
  TESTBED,
  type ExecOptions,
  type ExecResult,
  type Sandbox,
} from '../../harness/core/sandbox.js';

export interface MemorySandbox extends Sandbox {
  /** The host folder standing in for /testbed. */
  readonly root: string;
  /** Every command exec ran, in order (lets tests check how many helper calls a tool made). */
  readonly execLog: string[];
  /** root joined with a relative path. */
  path(rel: string): string;
}

export interface MemorySandboxOptions {
  /** Files to create, relative to root. */
  files?: Record<string, string | Buffer>;
  outputCapBytes?: number;
  env?: Record<string, string>;
}

/** Keeps the head and tail of a stream past the cap, with a marker in between, as the real
 * backends do (the exact marker wording is the backend's business). */
function capOutput(buf: Buffer, cap: number): { text: string; cut: boolean } {
  if (buf.length <= cap) return { text: buf.toString('utf8'), cut: false };
  const half = Math.floor(cap / 2);
  const head = buf.subarray(0, half).toString('utf8');
  const tail = buf.subarray(buf.length - half).toString('utf8');
  return { text: `${head}\n[... ${buf.length - 2 * half} bytes cut ...]\n${tail}`, cut: true };
}

export async function createMemorySandbox(opts: MemorySandboxOptions = {}): Promise<MemorySandbox> {
  const root = mkdtempSync(join(tmpdir(), 'as-memsb-'));
  const cap = opts.outputCapBytes ?? DEFAULT_OUTPUT_CAP;
  const execLog: string[] = [];
  let destroyed = false;
  const hostCwd = (cwd: string) => (cwd === TESTBED || cwd.startsWith(`${TESTBED}/`) ? root + cwd.slice(TESTBED.length) : cwd);

  const sandbox: MemorySandbox = {
    id: `mem-${root.slice(-6)}`,
    backend: 'local',
    root,
    execLog,
    path: (rel: string) => join(root, rel),

    exec(cmd: string, o: ExecOptions = {}): Promise<ExecResult> {
      execLog.push(cmd);
      const started = Date.now();
      const env = {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: root,
        LANG: 'C.UTF-8',
        ...opts.env,
        ...o.env,
        ...(o.sealed ? { [SEALED_FD_VAR]: String(SEALED_FD) } : {}),
      };
      return new Promise((resolve, reject) => {
        // detached: its own process group, so a timeout kills the command's children too.
        // The sealed channel: fd 10 a pipe read here (no isolation: a stand-in for the contract).
        const stdio: ('pipe' | 'ignore')[] = [
          'pipe',
          'pipe',
          'pipe',
          ...(o.sealed ? [...Array<'ignore'>(SEALED_FD - 3).fill('ignore'), 'pipe' as const] : []),
        ];
        const child = spawn('bash', ['-c', cmd], { cwd: hostCwd(o.cwd ?? TESTBED), env, detached: true, stdio });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        const sealed: Buffer[] = [];
        if (o.sealed) (child.stdio as unknown as Readable[])[SEALED_FD].on('data', (d: Buffer) => sealed.push(d));
        let timedOut = false;
        child.stdout!.on('data', (d: Buffer) => out.push(d));
        child.stderr!.on('data', (d: Buffer) => err.push(d));
        child.stdin!.on('error', () => {});
        child.stdin!.end(o.stdin ?? '');
        const timer = setTimeout(() => {
          timedOut = true;
          try {
            process.kill(-child.pid!, 'SIGKILL');
          } catch {
            /* already gone */
          }
        }, o.timeoutMs ?? 120_000);
        child.on('error', (e) => {
          clearTimeout(timer);
          reject(new SandboxError(`memory sandbox: cannot run bash: ${e.message}`, { cause: e }));
        });
        child.on('close', (code) => {
          clearTimeout(timer);
          const stdout = capOutput(Buffer.concat(out), o.outputCapBytes ?? cap);
          const stderr = capOutput(Buffer.concat(err), o.outputCapBytes ?? cap);
          const sealedBytes = Buffer.concat(sealed);
          const sealedCap = o.sealed?.capBytes ?? DEFAULT_SEALED_CAP;
          resolve({
            stdout: stdout.text,
            stderr: stderr.text,
            exitCode: timedOut ? null : code,
            timedOut,
            truncated: stdout.cut || stderr.cut,
            durationMs: Date.now() - started,
            oomKilled: false,
            ...(o.sealed ? { sealed: sealedBytes.subarray(0, sealedCap), sealedTruncated: sealedBytes.length > sealedCap } : {}),
          });
        });
      });
    },

    async readFile(path: string): Promise<Buffer> {
      return readFile(path);
    },

    async writeFile(path: string, data: Buffer | string, o?: { mode?: number }): Promise<void> {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, data);
      if (o?.mode !== undefined) await chmod(path, o.mode);
    },

    async putArchive(tar: Buffer | Readable, destDir: string): Promise<void> {
      await mkdir(destDir, { recursive: true });
      await new Promise<void>((resolve, reject) => {
        const child = spawn('tar', ['-x', '-C', destDir], { stdio: ['pipe', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve() : reject(new SandboxError(`tar failed: ${stderr}`))));
        if (Buffer.isBuffer(tar)) child.stdin.end(tar);
        else tar.pipe(child.stdin);
      });
    },

    async diff(): Promise<string> {
      const r = await sandbox.exec('git add -A && git diff --cached --binary', { cwd: TESTBED });
      if (r.exitCode !== 0) throw new SandboxError(`memory sandbox: diff needs a git repo in root: ${r.stderr}`);
      return r.stdout;
    },

    async destroy(): Promise<void> {
      destroyed = true;
      await rm(root, { recursive: true, force: true });
    },

    async health() {
      return { alive: !destroyed, oomKills: 0 };
    },
  };

  for (const [rel, data] of Object.entries(opts.files ?? {})) await sandbox.writeFile(join(root, rel), data);
  return sandbox;
}
