// Local sandbox backend: bubblewrap (bwrap) around a per-sandbox temp folder bound at
// /testbed — no network, non-root uid 1000, read-only system, limits via cgroups or rlimits.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, promises as fs, readFileSync, readlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { AgentError } from '../core/errors.js';
import { CappedBuffer } from './output.js';
import {
  DEFAULT_EXEC_TIMEOUT_MS,
  HARD_KILL_GRACE_MS,
  MAX_DIFF_BYTES,
  MAX_READ_FILE_BYTES,
  checkAbsolute,
  execEnv,
  newId,
  ownerAlive,
  ownerTag,
  resolveSpec,
  toExecResult,
  checkWriteResult,
  refuseLongCommand,
  writeModeArg,
  type RawExecResult,
  type ResolvedSpec,
} from './common.js';
import {
  BASE_COMMIT,
  BASE_GIT_DIR,
  BASE_GIT_PARENT,
  DIFF,
  EXEC_WRAPPER,
  GIT_ENV,
  PROFILE,
  READ_FILE,
  UNTAR,
  WRITE_FILE,
  timeoutArg,
} from './scripts.js';
import { cgroupsSupported, createCgroup, oomKills, removeCgroup, type Cgroup } from './cgroup.js';
import {
  DEFAULT_SEALED_CAP,
  SEALED_FD,
  SEALED_FD_VAR,
  SandboxError,
  SandboxFileError,
  TESTBED,
  type ExecOptions,
  type ExecResult,
  type PruneOptions,
  type Sandbox,
  type SandboxBackend,
  type SandboxHealth,
  type SandboxSpec,
} from '../core/sandbox.js';

/** Temp folders of local sandboxes start with this; the marker file inside names the owner. */
export const LOCAL_DIR_PREFIX = 'atomic-skills-sbx-';
export const LOCAL_MARKER_FILE = '.atomic-skills-sandbox';
const HOME = '/home/agent';
const MiB = 1024 * 1024;

/** Host files that must stay unreadable even though the host user maps onto the sandbox user. */
const MASKED_FILES = ['/etc/shadow', '/etc/gshadow', '/etc/shadow-', '/etc/gshadow-', '/etc/sudoers'];
const MASKED_DIRS = ['/etc/ssh', '/etc/sudoers.d', '/etc/docker'];

export interface LocalBackendOptions {
  /** Run without bubblewrap when it is missing: plain bash in the temp folder. NOT isolated. */
  unsafeNoIsolation?: boolean;
  /** Parent of the per-sandbox temp folders (default: the OS temp dir). */
  tmpRoot?: string;
  log?: (line: string) => void;
}

export function bwrapPath(): string | undefined {
  const r = spawnSync('sh', ['-c', 'command -v bwrap'], { encoding: 'utf8' });
  const p = r.stdout?.trim();
  return r.status === 0 && p ? p : undefined;
}

/** System folders bound read-only inside the sandbox. /home, /root, /run, /var, /work… are
 * NOT: they may hold credentials, a Docker socket or other tasks' hidden files. */
function systemBinds(): string[] {
  const args: string[] = ['--ro-bind', '/usr', '/usr', '--ro-bind', '/etc', '/etc'];
  for (const dir of ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32']) {
    let st;
    try {
      st = lstatSync(dir);
    } catch {
      continue;
    }
    if (st.isSymbolicLink()) args.push('--symlink', readlinkSync(dir), dir);
    else if (st.isDirectory()) args.push('--ro-bind', dir, dir);
  }
  for (const f of MASKED_FILES) if (existsSync(f)) args.push('--ro-bind', '/dev/null', f);
  for (const d of MASKED_DIRS) if (existsSync(d)) args.push('--tmpfs', d);
  return args;
}

interface RawOptions {
  env: Record<string, string>;
  stdin?: string | Buffer | Readable;
  capBytes: number;
  hardTimeoutMs?: number;
  /** Bind the private base repository (setup and diff only: the agent never sees it). */
  withState?: boolean;
  /** Collect what the command writes to fd SEALED_FD, on the host (capped). */
  sealed?: CappedBuffer;
}

export class LocalBackend implements SandboxBackend {
  readonly name = 'local' as const;
  private readonly opts: LocalBackendOptions;
  private checked?: string;

  constructor(opts: LocalBackendOptions = {}) {
    this.opts = opts;
  }

  private get tmpRoot(): string {
    return this.opts.tmpRoot ?? os.tmpdir();
  }

  private log(line: string): void {
    (this.opts.log ?? ((l: string) => process.stderr.write(`${l}\n`)))(line);
  }

  /** Finds bwrap and proves it can build a namespace here (user namespaces may be off). */
  private checkBwrap(): string | undefined {
    if (this.checked !== undefined) return this.checked || undefined;
    const bin = bwrapPath();
    if (!bin) {
      if (this.opts.unsafeNoIsolation) {
        this.log('atomic-skills: WARNING: bubblewrap not found; local sandboxes run WITHOUT ISOLATION (no network/user/fs separation)');
        this.checked = '';
        return undefined;
      }
      throw new SandboxError(
        'the local sandbox needs bubblewrap (bwrap): install it (Debian/Ubuntu: `apt-get install bubblewrap`, ' +
          'Fedora: `dnf install bubblewrap`, Arch: `pacman -S bubblewrap`), use the docker backend, ' +
          'or run with unsafeNoIsolation (no isolation at all)',
      );
    }
    const probe = spawnSync(bin, ['--unshare-all', '--unshare-user', '--uid', '1000', '--gid', '1000', ...systemBinds(), '--', 'true'], {
      encoding: 'utf8',
    });
    if (probe.status !== 0) {
      throw new SandboxError(
        `bubblewrap cannot create a sandbox here: ${probe.stderr?.trim() || probe.error?.message}. ` +
          'Unprivileged user namespaces may be disabled (sysctl kernel.unprivileged_userns_clone=1 / ' +
          'user.max_user_namespaces), or use the docker backend',
      );
    }
    this.checked = bin;
    return bin;
  }

  async create(spec: SandboxSpec): Promise<Sandbox> {
    const bwrap = this.checkBwrap();
    if (!spec.repoDir) {
      throw new SandboxError('the local backend needs a repo folder (spec.repoDir); tasks that name an image need the docker backend');
    }
    const resolved = resolveSpec(spec);
    const root = await fs.mkdtemp(path.join(this.tmpRoot, LOCAL_DIR_PREFIX));
    const sandbox = new LocalSandbox(root, bwrap, resolved);
    try {
      await fs.writeFile(
        path.join(root, LOCAL_MARKER_FILE),
        JSON.stringify({ owner: ownerTag(), createdAt: new Date().toISOString(), labels: spec.labels ?? {} }),
      );
      await sandbox.prepare(spec.repoDir, (l) => this.log(l));
    } catch (err) {
      await sandbox.destroy().catch(() => undefined);
      if (err instanceof SandboxError) throw err;
      throw new SandboxError(`cannot create local sandbox: ${(err as Error).message}`, { cause: err });
    }
    return sandbox;
  }

  /** Removes sandbox temp folders (and their cgroups) whose owner process is gone, or all of them. */
  async prune(opts: PruneOptions = {}): Promise<number> {
    let names: string[];
    try {
      names = await fs.readdir(this.tmpRoot);
    } catch {
      return 0;
    }
    let removed = 0;
    for (const name of names) {
      if (!name.startsWith(LOCAL_DIR_PREFIX)) continue;
      const dir = path.join(this.tmpRoot, name);
      let marker: { owner?: string; labels?: Record<string, string> } = {};
      try {
        marker = JSON.parse(await fs.readFile(path.join(dir, LOCAL_MARKER_FILE), 'utf8'));
      } catch {
        marker = {}; // half-created or foreign: no live owner can be shown
      }
      if (opts.labels && Object.entries(opts.labels).some(([k, v]) => marker.labels?.[k] !== v)) continue;
      if (!opts.all && ownerAlive(marker.owner)) continue;
      removeCgroup(cgroupName(name));
      await fs.rm(dir, { recursive: true, force: true });
      removed++;
    }
    return removed;
  }
}

function cgroupName(dirName: string): string {
  return dirName; // the temp folder's unique name doubles as the cgroup name
}

class LocalSandbox implements Sandbox {
  readonly backend = 'local' as const;
  readonly id: string;
  private readonly testbed: string;
  private cgroup: Cgroup | undefined;
  private destroyed = false;

  constructor(
    private readonly root: string,
    private readonly bwrap: string | undefined,
    private readonly spec: ResolvedSpec,
  ) {
    this.id = path.basename(root);
    this.testbed = path.join(root, 'testbed');
  }

  async prepare(repoDir: string, log: (line: string) => void): Promise<void> {
    for (const d of ['testbed', 'tmp', 'home', 'state', 'etc']) await fs.mkdir(path.join(this.root, d), { mode: 0o755 });
    await fs.cp(repoDir, this.testbed, {
      recursive: true,
      verbatimSymlinks: true,
      filter: (src) => path.resolve(src) !== path.resolve(repoDir, '.git'),
    });
    // Our own passwd/group: uid 1000 is `agent` inside, whoever it is on the host.
    const passwd = readLines('/etc/passwd').filter((l) => !/^[^:]*:[^:]*:1000:/.test(l) && !l.startsWith('agent:'));
    passwd.push(`agent:x:1000:1000:atomic-skills agent:${HOME}:/bin/bash`);
    const group = readLines('/etc/group').filter((l) => !/^[^:]*:[^:]*:1000:/.test(l) && !l.startsWith('agent:'));
    group.push('agent:x:1000:');
    await fs.writeFile(path.join(this.root, 'etc', 'passwd'), passwd.join('\n') + '\n');
    await fs.writeFile(path.join(this.root, 'etc', 'group'), group.join('\n') + '\n');
    await fs.writeFile(path.join(this.root, 'etc', 'profile'), PROFILE);
    await fs.writeFile(
      path.join(this.root, 'home', '.gitconfig'),
      '[user]\n\tname = agent\n\temail = agent@atomic-skills.invalid\n[safe]\n\tdirectory = *\n[init]\n\tdefaultBranch = main\n',
    );

    if (this.bwrap && cgroupsSupported()) {
      this.cgroup = createCgroup(this.id, this.spec.limits);
    }
    if (this.bwrap && !this.cgroup) {
      log(
        'atomic-skills: no writable cgroup here; local sandbox limits fall back to rlimits (RLIMIT_AS per process, RLIMIT_NPROC per user)',
      );
    }

    const r = await this.raw(['bash', '-c', BASE_COMMIT, 'base', this.p(TESTBED), this.p(BASE_GIT_DIR)], {
      env: { ...this.env(undefined, newId()), ...GIT_ENV },
      capBytes: 64 * 1024,
      hardTimeoutMs: 10 * 60_000,
      withState: true,
    });
    if (r.exitCode !== 0) throw new SandboxError(`cannot prepare ${TESTBED}: ${r.stderr.toString().trim()}`);
  }

  /** Sandbox path as the command sees it: the same inside bwrap; mapped onto the temp dir without it. */
  private p(sandboxPath: string): string {
    if (this.bwrap) return sandboxPath;
    const map: Array<[string, string]> = [
      [TESTBED, this.testbed],
      [BASE_GIT_PARENT, path.join(this.root, 'state')],
      [HOME, path.join(this.root, 'home')],
    ];
    for (const [inside, outside] of map) {
      if (sandboxPath === inside || sandboxPath.startsWith(`${inside}/`)) return outside + sandboxPath.slice(inside.length);
    }
    return sandboxPath;
  }

  private env(callEnv: Record<string, string> | undefined, marker: string): Record<string, string> {
    return execEnv(this.p(HOME), this.spec.env, callEnv, marker);
  }

  private bwrapArgs(withState: boolean): string[] {
    const args = [
      '--unshare-all',
      '--unshare-user',
      '--uid',
      '1000',
      '--gid',
      '1000',
      '--hostname',
      'sandbox',
      '--die-with-parent',
      '--new-session',
      ...systemBinds(),
      '--ro-bind',
      path.join(this.root, 'etc', 'passwd'),
      '/etc/passwd',
      '--ro-bind',
      path.join(this.root, 'etc', 'group'),
      '/etc/group',
      '--ro-bind',
      path.join(this.root, 'etc', 'profile'),
      '/etc/profile',
      '--dev',
      '/dev',
      '--proc',
      '/proc',
      '--bind',
      path.join(this.root, 'tmp'),
      '/tmp',
      '--bind',
      path.join(this.root, 'tmp'),
      '/var/tmp',
      '--bind',
      path.join(this.root, 'home'),
      HOME,
      '--bind',
      this.testbed,
      TESTBED,
      '--chdir',
      '/',
    ];
    if (withState) args.push('--bind', path.join(this.root, 'state'), BASE_GIT_PARENT);
    return args;
  }

  /** Spawns argv inside the sandbox (or bare, without bwrap); caps output while streaming. */
  private raw(argv: string[], o: RawOptions): Promise<RawExecResult> {
    let cmd: string;
    let args: string[];
    const inner = this.bwrap ? [this.bwrap, ...this.bwrapArgs(Boolean(o.withState)), '--', ...argv] : argv;
    const { limits } = this.spec;
    if (this.cgroup) {
      // Join the cgroup BEFORE exec'ing bwrap so every descendant is born inside it.
      cmd = '/bin/sh';
      args = ['-c', 'for f in $1; do echo $$ > "$f" || exit 125; done; shift; exec "$@"', 'cg', this.cgroup.procsFiles.join(' '), ...inner];
    } else if (this.bwrap) {
      // Crude fallback: RLIMIT_AS caps each process's address space, RLIMIT_NPROC the
      // user's process count (not enforced when the host user is root).
      cmd = '/bin/sh';
      args = [
        '-c',
        'ulimit -v "$1" 2>/dev/null; ulimit -u "$2" 2>/dev/null; shift 2; exec "$@"',
        'rl',
        String(Math.round(limits.memoryMb * 1024)),
        String(limits.pids),
        ...inner,
      ];
    } else {
      cmd = inner[0];
      args = inner.slice(1);
    }

    const stdout = new CappedBuffer(o.capBytes);
    const stderr = new CappedBuffer(o.capBytes);
    return new Promise<RawExecResult>((resolve, reject) => {
      const child = spawn(cmd, args, {
        env: o.env,
        cwd: this.bwrap ? '/' : this.testbed,
        // The sealed channel is one more pipe, read here on the host: out of the sandbox's reach.
        stdio: [o.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe', ...sealedStdio(o.sealed !== undefined)],
        // Own process group: the host-side kill reaches bwrap and, through
        // --die-with-parent and the pid namespace, everything inside.
        detached: true,
      });
      let hostKilled = false;
      let timer: NodeJS.Timeout | undefined;
      if (o.hardTimeoutMs !== undefined) {
        timer = setTimeout(() => {
          hostKilled = true;
          try {
            process.kill(-child.pid!, 'SIGKILL');
          } catch {
            child.kill('SIGKILL');
          }
        }, o.hardTimeoutMs);
      }
      child.stdout!.on('data', (b: Buffer) => stdout.push(b));
      child.stderr!.on('data', (b: Buffer) => stderr.push(b));
      if (o.sealed) (child.stdio as unknown as Readable[])[SEALED_FD].on('data', (b: Buffer) => o.sealed!.push(b));
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(new SandboxError(`cannot run ${cmd}: ${err.message}`, { cause: err }));
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        const exitCode = code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : null);
        resolve({ stdout, stderr, exitCode, hostKilled });
      });
      if (o.stdin !== undefined && child.stdin) {
        child.stdin.on('error', () => undefined); // the command may exit without reading it all
        if (typeof o.stdin === 'string' || Buffer.isBuffer(o.stdin)) child.stdin.end(o.stdin);
        else o.stdin.pipe(child.stdin);
      }
    });
  }

  private assertAlive(): void {
    if (this.destroyed) throw new SandboxError(`sandbox ${this.id} was destroyed`);
  }

  async exec(cmd: string, opts: ExecOptions = {}): Promise<ExecResult> {
    this.assertAlive();
    const refused = refuseLongCommand(cmd);
    if (refused) return refused;
    const timeoutMs = opts.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;
    const started = Date.now();
    const cap = opts.sealed?.capBytes ?? DEFAULT_SEALED_CAP;
    const sealed = opts.sealed ? new CappedBuffer(cap + 1) : undefined;
    // Every exec is its own pid namespace: when it ends, every process it started is gone.
    const hidden = opts.sealed?.hide ? await this.hide(opts.sealed.hide) : [];
    const oomBefore = this.cgroup ? oomKills(this.cgroup) : null;
    try {
      const r = await this.raw(
        ['bash', '-c', EXEC_WRAPPER, 'atomic-skills-exec', this.p(opts.cwd ?? TESTBED), timeoutArg(timeoutMs), cmd],
        {
          env: { ...this.env(opts.env, newId()), ...(sealed ? { [SEALED_FD_VAR]: String(SEALED_FD) } : {}) },
          stdin: opts.stdin,
          capBytes: opts.outputCapBytes ?? this.spec.outputCapBytes,
          hardTimeoutMs: timeoutMs + HARD_KILL_GRACE_MS,
          sealed,
        },
      );
      const oomAfter = this.cgroup ? oomKills(this.cgroup) : null;
      if (oomBefore !== null && oomAfter !== null) r.oomKills = oomAfter - oomBefore;
      const result = toExecResult(r, timeoutMs, Date.now() - started);
      if (!sealed) return result;
      const bytes = sealed.toBuffer();
      return { ...result, sealed: bytes.subarray(0, cap), sealedTruncated: sealed.truncated || bytes.length > cap };
    } finally {
      await this.unhide(hidden);
      if (opts.sealed?.scrub) await this.scrub();
    }
  }

  /** Empties the sandbox's temp folder and home (bound from the host; /dev/shm is new per exec). */
  private async scrub(): Promise<void> {
    for (const dir of [path.join(this.root, 'tmp'), path.join(this.root, 'home')]) {
      for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
        await fs.rm(path.join(dir, name), { recursive: true, force: true });
      }
    }
  }

  /** Moves sandbox paths (under /testbed, /tmp or HOME) into a host folder the sandbox never sees. */
  private async hide(paths: string[]): Promise<Array<[string, string]>> {
    const moved: Array<[string, string]> = [];
    const store = path.join(this.root, 'hidden');
    await fs.mkdir(store, { recursive: true });
    for (const p of paths) {
      const host = this.hostPath(checkAbsolute(p));
      if (!host) throw new SandboxError(`cannot hide ${p}: only paths under ${TESTBED}, /tmp and ${HOME} can be hidden`);
      if (!existsSync(host)) continue;
      const to = path.join(store, String(moved.length));
      await fs.rename(host, to);
      moved.push([host, to]);
    }
    return moved;
  }

  private async unhide(moved: Array<[string, string]>): Promise<void> {
    for (const [host, to] of moved) {
      await fs.rm(host, { recursive: true, force: true });
      await fs.rename(to, host);
    }
  }

  /** Where a sandbox path lives on the host (the folders bound into the sandbox), if anywhere. */
  private hostPath(sandboxPath: string): string | undefined {
    const map: Array<[string, string]> = [
      [TESTBED, this.testbed],
      ['/tmp', path.join(this.root, 'tmp')],
      [HOME, path.join(this.root, 'home')],
    ];
    for (const [inside, outside] of map) {
      if (sandboxPath === inside || sandboxPath.startsWith(`${inside}/`)) return outside + sandboxPath.slice(inside.length);
    }
    return undefined;
  }

  async health(): Promise<SandboxHealth> {
    const alive = !this.destroyed && existsSync(this.testbed);
    return { alive, oomKills: alive && this.cgroup ? oomKills(this.cgroup) : null };
  }

  async readFile(filePath: string): Promise<Buffer> {
    this.assertAlive();
    const p = checkAbsolute(filePath);
    const r = await this.raw(['bash', '-c', READ_FILE, 'read', this.p(p), String(MAX_READ_FILE_BYTES)], {
      env: this.env(undefined, newId()),
      capBytes: MAX_READ_FILE_BYTES + 1,
      hardTimeoutMs: 60_000,
    });
    if (r.stdout.truncated) throw new SandboxFileError(filePath, `larger than ${MAX_READ_FILE_BYTES} bytes`);
    if (r.exitCode === 0) return r.stdout.toBuffer();
    const why = r.stderr.toString().trim();
    if (r.exitCode === 3) throw new SandboxFileError(filePath, 'is a directory');
    if (r.exitCode === 4) throw new SandboxFileError(filePath, 'no such file');
    throw new SandboxFileError(filePath, why || `cannot read (exit ${r.exitCode})`);
  }

  async writeFile(filePath: string, data: Buffer | string, opts: { mode?: number } = {}): Promise<void> {
    this.assertAlive();
    const p = checkAbsolute(filePath);
    const mode = writeModeArg(opts.mode);
    const r = await this.raw(['bash', '-c', WRITE_FILE, 'write', this.p(p), mode], {
      env: this.env(undefined, newId()),
      stdin: typeof data === 'string' ? Buffer.from(data, 'utf8') : data,
      capBytes: 64 * 1024,
      hardTimeoutMs: 60_000,
    });
    checkWriteResult(r, filePath);
  }

  async putArchive(archive: Buffer | Readable, destDir: string): Promise<void> {
    this.assertAlive();
    const p = checkAbsolute(destDir);
    const r = await this.raw(['bash', '-c', UNTAR, 'untar', this.p(p)], {
      env: this.env(undefined, newId()),
      stdin: archive,
      capBytes: 64 * 1024,
      hardTimeoutMs: 10 * 60_000,
    });
    if (r.exitCode !== 0) throw new SandboxFileError(destDir, `cannot extract archive: ${r.stderr.toString().trim()}`);
  }

  async diff(): Promise<string> {
    this.assertAlive();
    const r = await this.raw(['bash', '-c', DIFF, 'diff', this.p(TESTBED), this.p(BASE_GIT_DIR), String(MAX_DIFF_BYTES)], {
      env: { ...this.env(undefined, newId()), ...GIT_ENV },
      capBytes: MAX_DIFF_BYTES,
      hardTimeoutMs: 10 * 60_000,
      withState: true,
    });
    if (r.exitCode === 3) {
      const file = r.stderr.toString().trim();
      throw new AgentError('diff_too_large', `${TESTBED}/${file} is larger than a patch may be (${MAX_DIFF_BYTES / MiB} MiB)`);
    }
    if (r.stdout.truncated) {
      throw new AgentError('diff_too_large', `the changes under ${TESTBED} exceed ${MAX_DIFF_BYTES / MiB} MiB`);
    }
    if (r.exitCode !== 0) throw new SandboxError(`diff failed: ${r.stderr.toString().trim()}`);
    return r.stdout.toBuffer().toString('utf8');
  }

  async destroy(): Promise<void> {
    this.destroyed = true;
    if (this.cgroup) {
      removeCgroup(this.id);
      this.cgroup = undefined;
    }
    await fs.rm(this.root, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** stdio entries 3..SEALED_FD: closed, then the sealed pipe. */
function sealedStdio(on: boolean): Array<'ignore' | 'pipe'> {
  if (!on) return [];
  return [...Array.from({ length: SEALED_FD - 3 }, () => 'ignore' as const), 'pipe'];
}

function readLines(file: string): string[] {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.length > 0);
  } catch {
    return [];
  }
}
