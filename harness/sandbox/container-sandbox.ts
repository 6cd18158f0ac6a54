// A sandbox in a container, whatever runs the container: the Docker backend (one container per
// sandbox) and the Kubernetes backend (one pod per sandbox) differ only in how they reach it —
// a ContainerTransport (start one command, open the relay's stream, ask whether it runs, remove
// it). Everything else is here once: /testbed and its base commit, commands through the
// in-container exec relay (docker/exec-relay.py) as the agent under the exec wrapper, the sweep
// of the agent's processes, the disk budget, sealed execs, health, files and diffs.
import type { Readable } from 'node:stream';
import { AgentError } from '../core/errors.js';
import { CappedBuffer } from './output.js';
import { ExecRelay, RelaySpawnError, type RelayChannel } from './exec-relay.js';
import {
  DEFAULT_EXEC_TIMEOUT_MS,
  HARD_KILL_GRACE_MS,
  MAX_DIFF_BYTES,
  MAX_READ_FILE_BYTES,
  checkAbsolute,
  execEnv,
  newId,
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
  GIT_ENV,
  DIFF,
  DELETED_HELD,
  DISK_USAGE,
  EXEC_MARKER_VAR,
  EXEC_WRAPPER,
  KILL_MARKED,
  MEMORY_EVENTS,
  SEALED,
  SEALED_READ,
  SWEEP_USER,
  WRITE_FILE,
  SANDBOX_PATH,
  timeoutArg,
} from './scripts.js';
import { DISK_POLL_MS, DiskBudget, parseDiskUsage, type DiskUsage } from './disk-budget.js';
import { chownTar, packDir, type Owner } from './tar.js';
import {
  DEFAULT_SEALED_CAP,
  SEALED_FD,
  SEALED_FD_VAR,
  SandboxError,
  SandboxFileError,
  TESTBED,
  type ExecOptions,
  type ExecResult,
  type Sandbox,
  type SandboxBackendName,
  type SandboxHealth,
} from '../core/sandbox.js';

export const AGENT: Owner = { uid: 1000, gid: 1000, uname: 'agent', gname: 'agent' };
const AGENT_PROBE = 'atomic-skills-agent-user:';
/** Create's only exec, `bash -c SETUP _ <testbed> <base git dir> <owner> tar|image`: "has the
 * image our user?" (first output line), the repo's tar from stdin (with `tar`), then the one
 * base commit. */
const SETUP = `if id -u agent >/dev/null 2>&1; then echo ${AGENT_PROBE}yes; else echo ${AGENT_PROBE}no; fi
if [ "$4" = tar ]; then
  tar -x --numeric-owner --same-owner --same-permissions -f - -C / || { echo "cannot extract the repo into $1" >&2; exit 1; }
fi
${BASE_COMMIT}`;
const MiB = 1024 * 1024;
export const TOO_LARGE = `larger than ${MAX_READ_FILE_BYTES / MiB} MiB`;
const RELAY_MAX_STDIN = 8 * MiB;
/** readFile as root: `bash -c READ_REGULAR _ <path> <max bytes>`. Symlinks are followed; exit
 * 3: a directory, 4: missing, 5: not a regular file (a FIFO would block), 6: larger than max. */
const READ_REGULAR = `if [ -d "$1" ]; then exit 3; fi
if [ ! -e "$1" ]; then exit 4; fi
if [ ! -f "$1" ]; then exit 5; fi
[ "$(stat -L -c %s -- "$1")" -le "$2" ] || exit 6
exec cat -- "$1"`;

export interface RawExecOptions {
  user: string;
  env?: Record<string, string>;
  stdin?: string | Buffer | Readable;
  capBytes: number;
  /** Host-side deadline: past it the exec's processes are killed from outside (by marker). */
  hardTimeoutMs?: number;
  marker?: string;
}

/** What the engine under a ContainerSandbox provides. Errors: SandboxError (infrastructure). */
export interface ContainerTransport {
  readonly id: string;
  readonly backend: SandboxBackendName;
  /** Names the engine's own exec in ContainerSandbox.execTransport (tests, benches). */
  readonly execName: 'docker-exec' | 'kubernetes-exec';
  /** One command started by the engine as `o.user`, output capped while streaming; past
   * o.hardTimeoutMs, `killFromOutside` is called and the result is marked hostKilled. */
  exec(argv: string[], o: RawExecOptions, killFromOutside: () => Promise<void>): Promise<RawExecResult>;
  /** A process started as root with stdin and stdout attached (the exec relay); undefined when
   * the engine cannot start it. Abortable until it is up. */
  openStream(argv: string[], signal: AbortSignal): Promise<RelayChannel | undefined>;
  /** Whether the engine lists the container as running, and whether it saw an OOM kill;
   * `running: false` once it is gone. */
  state(): Promise<{ running: boolean; oomKilled: boolean }>;
  /** Optional faster paths than a command in the container. */
  readFile?(path: string, asGiven: string): Promise<Buffer>;
  putArchive?(tar: Readable, dir: string, asGiven: string): Promise<void>;
  /** Removes the container; idempotent. */
  remove(): Promise<void>;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class ContainerSandbox implements Sandbox {
  readonly backend: SandboxBackendName;
  readonly id: string;
  private user = 'agent';
  private home = '/home/agent';
  private destroyed = false;
  private relay: ExecRelay | undefined;
  private relayStart: Promise<boolean> | undefined;
  /** Aborted by destroy(): ends a relay start still waiting on the daemon. */
  private readonly gone = new AbortController();
  /** exec() calls running now (the agent's commands, or the scorer's as the agent). */
  private agentExecs = 0;
  private diskPoll: NodeJS.Timeout | undefined;
  /** The disk measurement taken after the last agent command (see agentEnded). */
  private diskChecked: Promise<void> | undefined;
  /** The sweep after the last agent command while it is on its way: an agent command waits for it. */
  private ending: Promise<void> | undefined;
  private readonly disk: DiskBudget;

  constructor(
    private readonly transport: ContainerTransport,
    private readonly spec: ResolvedSpec,
    /** How long each step of create took, in ms (for bench/; not part of the contract). */
    readonly timings: Record<string, number> = {},
    /** Set when commands should go through the exec relay; told when it cannot start. startMs:
     * how long a start may take before it is given up (default: the relay's own limit). */
    private readonly relayWanted?: { unavailable: () => void; startMs?: number },
  ) {
    this.id = transport.id;
    this.backend = transport.backend;
    this.disk = new DiskBudget(spec.limits.diskMb * MiB, (running) => this.measureDisk(running));
  }

  /** Fills /testbed (from the host folder, or as the image has it) and makes the one base
   * commit — in ONE exec: the repo arrives as a tar on its stdin (no putArchive round trip,
   * and no docker-untar helper process on the host for every sandbox). */
  async setup(repoDir: string | undefined, lap: (name: string) => void = () => undefined): Promise<void> {
    const base = await this.rawExec(
      ['bash', '-c', SETUP, 'base', TESTBED, BASE_GIT_DIR, `${AGENT.uid}:${AGENT.gid}`, repoDir ? 'tar' : 'image'],
      {
        user: 'root',
        env: { PATH: SANDBOX_PATH, ...GIT_ENV },
        // Entries are named testbed/…, extracted at /, so /testbed itself is created too.
        stdin: repoDir ? packDir(repoDir, 'testbed', AGENT) : undefined,
        capBytes: 64 * 1024,
        hardTimeoutMs: 10 * 60_000,
      },
    );
    lap('copy_and_base_commit');
    if (base.exitCode !== 0) {
      throw new SandboxError(
        `cannot prepare ${TESTBED} (${repoDir ? `copied from ${repoDir}` : 'from the image'}): ${base.stderr.toString().trim()}`,
      );
    }
    if (!base.stdout.toString().startsWith(`${AGENT_PROBE}yes`)) {
      // Image without our user: run as bare uid/gid 1000, with a writable HOME.
      this.user = `${AGENT.uid}:${AGENT.gid}`;
      this.home = '/tmp';
    }
  }

  /** How commands reach the container now (for tests and benches; not part of the contract). */
  get execTransport(): 'relay' | ContainerTransport['execName'] {
    return this.relay?.alive ? 'relay' : this.transport.execName;
  }

  /** Starts the exec relay ahead of the first command (see Sandbox.warm). */
  async warm(): Promise<void> {
    await this.startRelay();
  }

  /** Starts the exec relay once (commands use docker exec until it is up); resolves true when
   * it runs. Commands never wait for it. */
  private startRelay(): Promise<boolean> {
    if (!this.relayWanted) return Promise.resolve(false);
    this.relayStart ??= (async () => {
      const t0 = performance.now();
      const relay = await ExecRelay.start(
        (signal) => this.transport.openStream(ExecRelay.argv(), signal),
        this.gone.signal,
        this.relayWanted?.startMs,
      );
      this.timings.relay = Math.round(performance.now() - t0);
      if (this.destroyed) {
        relay?.close();
        return false;
      }
      if (!relay) this.relayWanted?.unavailable();
      this.relay = relay;
      return relay !== undefined;
    })();
    return this.relayStart;
  }

  private assertAlive(): void {
    if (this.destroyed) throw new SandboxError(`sandbox ${this.id.slice(0, 12)} was destroyed`);
  }

  /** One command in the container — through the relay when it runs, else a docker exec;
   * output capped while streaming. */
  private async rawExec(argv: string[], o: RawExecOptions): Promise<RawExecResult> {
    if (this.relay && this.byRelay(o.stdin)) {
      try {
        return await this.relayExec(this.relay, argv, { ...o, stdin: o.stdin as string | Buffer | undefined });
      } catch (err) {
        // Nothing ran: a plain exec may still work (and reports its own failure if not).
        if (!(err instanceof RelaySpawnError))
          throw new SandboxError(`exec failed in sandbox ${this.id.slice(0, 12)}: ${message(err)}`, { cause: err });
      }
    }
    return this.transport.exec(argv, o, () => this.killMarked(o.marker));
  }

  /** Past a command's deadline and grace: kills what carries its marker, from outside. */
  private async killMarked(marker: string | undefined): Promise<void> {
    if (marker) await this.rawExec(['bash', '-c', KILL_MARKED, 'kill', marker], { user: 'root', capBytes: 1024 }).catch(() => undefined);
  }

  /** True when a command with this stdin goes through the relay now. The relay holds a
   * command's stdin in memory (inside the container's memory limit): large inputs and streams
   * go through docker exec, which streams them. */
  private byRelay(stdin: RawExecOptions['stdin']): boolean {
    const small =
      stdin === undefined || ((typeof stdin === 'string' || Buffer.isBuffer(stdin)) && Buffer.byteLength(stdin) <= RELAY_MAX_STDIN);
    return Boolean(this.relay?.alive) && small;
  }

  private async relayExec(relay: ExecRelay, argv: string[], o: RawExecOptions & { stdin?: string | Buffer }): Promise<RawExecResult> {
    const stdout = new CappedBuffer(o.capBytes);
    const stderr = new CappedBuffer(o.capBytes);
    const running = relay.run(
      { argv, user: o.user, env: o.env, stdin: typeof o.stdin === 'string' ? Buffer.from(o.stdin) : o.stdin },
      stdout,
      stderr,
    );
    const ended = (exit: { exitCode: number; oomKills: number }): RawExecResult => ({ stdout, stderr, ...exit, hostKilled: false });
    if (o.hardTimeoutMs === undefined) return ended(await running);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), o.hardTimeoutMs)));
    try {
      const first = await Promise.race([running, late]);
      if (first !== 'late') return ended(first);
    } finally {
      clearTimeout(timer);
    }
    // Past the in-sandbox timeout and its grace: something escaped; kill it from outside.
    running.catch(() => undefined);
    await this.killMarked(o.marker);
    return { stdout, stderr, exitCode: null, hostKilled: true };
  }

  async exec(cmd: string, opts: ExecOptions = {}): Promise<ExecResult> {
    this.assertAlive();
    await this.assertDiskWithin();
    // Started with the first command; until it is up, commands go by docker exec. A start that
    // fails leaves docker exec in use (warm() reports it to whoever waits for it).
    this.startRelay().catch(() => undefined);
    const refused = refuseLongCommand(cmd);
    if (refused) return refused;
    await this.disk.start();
    const timeoutMs = opts.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;
    const marker = newId();
    // The relay counts OOM kills around each command; a docker exec needs them read here.
    const oomBefore = this.byRelay(opts.stdin) ? undefined : await this.oomKills();
    const started = Date.now();
    const argv = ['bash', '-c', EXEC_WRAPPER, 'atomic-skills-exec', opts.cwd ?? TESTBED, timeoutArg(timeoutMs), cmd];
    const raw: RawExecOptions = {
      user: this.user,
      env: execEnv(this.home, this.spec.env, opts.env, marker),
      stdin: opts.stdin,
      capBytes: opts.outputCapBytes ?? this.spec.outputCapBytes,
      hardTimeoutMs: timeoutMs + HARD_KILL_GRACE_MS,
      marker,
    };
    let r: RawExecResult;
    let sealed: Pick<ExecResult, 'sealed' | 'sealedTruncated'> = {};
    // A sweep already on its way would kill this command too (one of several run at once ended):
    // start once it is done — nothing awaits between here and the count that stops the next one.
    while (this.ending) await this.ending;
    this.agentStarted();
    try {
      if (opts.sealed) ({ r, sealed } = await this.sealedExec(argv, raw, opts.sealed));
      else r = await this.rawExec(argv, raw);
    } finally {
      await this.agentEnded();
    }
    const durationMs = Date.now() - started;
    if (r.oomKills === undefined && oomBefore !== undefined) {
      const after = await this.oomKills();
      r.oomKills = oomBefore === null || after === null ? undefined : after - oomBefore;
    }
    // A container that died under the command can still hand back an exit status (137):
    // whenever the status says "killed", the container must prove it still runs.
    if (r.hostKilled || r.exitCode === null || r.exitCode >= 128) await this.assertRunning();
    this.disk.assertWithin();
    return { ...toExecResult(r, timeoutMs, durationMs), ...sealed };
  }

  private agentStarted(): void {
    if (this.agentExecs++ > 0) return;
    // A poll that fails (the daemon busy) is tried again by the next one.
    this.diskPoll = setInterval(() => {
      this.pollDisk().catch(() => undefined);
    }, DISK_POLL_MS);
    this.diskPoll.unref();
  }

  /** When the last command running as the agent ends: nothing of the agent's may run on
   * (sweep), and what it left on disk is measured — while the caller goes on (the model's next
   * turn); the sandbox's next command, write or diff waits for the verdict. */
  private async agentEnded(): Promise<void> {
    if (--this.agentExecs > 0) return;
    clearInterval(this.diskPoll);
    if (this.destroyed) return;
    const ending = this.sweepAndMeasure();
    this.ending = ending;
    try {
      await ending;
    } finally {
      if (this.ending === ending) this.ending = undefined;
    }
  }

  private async sweepAndMeasure(): Promise<void> {
    // One root command sweeps and measures; without setpriv in the image, two.
    const r = await this.diskUsage(true);
    if (r.swept) this.disk.record(r.usage);
    else {
      await this.sweep();
      this.diskChecked = this.disk.check(false).then(
        () => undefined,
        () => undefined,
      );
    }
  }

  /** Refuses, as the agent's error, a sandbox whose commands went over its disk budget. */
  private async assertDiskWithin(): Promise<void> {
    await this.diskChecked;
    this.disk.assertWithin();
  }

  private async pollDisk(): Promise<void> {
    if (this.destroyed || this.disk.exceeded) return;
    // Over budget: stop the writers now; the command then ends and exec refuses its result.
    if (await this.disk.check(true)) await this.sweep();
  }

  /** Kills every process of the agent user (retried: a fork bomb may hold every pid for a moment). */
  private async sweep(): Promise<void> {
    for (let attempt = 0; attempt < 10 && !this.destroyed; attempt++) {
      const r = await this.rawExec(['bash', '-c', SWEEP_USER], { user: this.user, capBytes: 1024, hardTimeoutMs: 30_000 }).catch(
        () => undefined,
      );
      if (r?.exitCode === 0 || !(await this.listedRunning().catch(() => false))) return;
      await new Promise((resolve) => setTimeout(resolve, 50 * (attempt + 1)));
    }
  }

  /** DISK_USAGE as root (with `sweep`: after killing the agent's processes, when it can). */
  private async diskUsage(sweep: boolean): Promise<{ swept: boolean; usage: DiskUsage | undefined }> {
    const flags = [sweep ? 'sweep' : '-'];
    const r = await this.rawExec(['bash', '-c', DISK_USAGE, 'disk', BASE_GIT_PARENT, String(AGENT.uid), String(AGENT.gid), ...flags], {
      user: 'root',
      env: { PATH: SANDBOX_PATH },
      capBytes: 4096,
      hardTimeoutMs: 60_000,
    }).catch(() => undefined);
    const usage = r?.exitCode === 0 ? parseDiskUsage(r.stdout.toString()) : undefined;
    return { swept: sweep && r?.exitCode === 0, usage };
  }

  /** Usage now; while agent commands run, files they deleted but hold open count too (only
   * the agent itself may look at its processes' open files: root lacks CAP_SYS_PTRACE). */
  private async measureDisk(running: boolean): Promise<DiskUsage | undefined> {
    if (this.destroyed) return undefined;
    const held = running
      ? this.rawExec(['bash', '-c', DELETED_HELD], { user: this.user, env: { PATH: SANDBOX_PATH }, capBytes: 4096, hardTimeoutMs: 60_000 })
          .then((r) => (r.exitCode === 0 ? parseDiskUsage(r.stdout.toString()) : undefined))
          .catch(() => undefined)
      : undefined;
    const [files, open] = await Promise.all([this.diskUsage(false).then((r) => r.usage), held]);
    return files && { bytes: files.bytes + (open?.bytes ?? 0), inodes: files.inodes };
  }

  /** The container's OOM kill counter; null when its cgroup cannot be read. */
  private async oomKills(): Promise<number | null> {
    const r = await this.rawExec(['bash', '-c', MEMORY_EVENTS], {
      user: 'root',
      env: { PATH: SANDBOX_PATH },
      capBytes: 1024,
      hardTimeoutMs: 30_000,
    });
    const text = r.stdout.toString().trim();
    return /^\d+$/.test(text) ? Number(text) : null;
  }

  /** Asked of the daemon, then proven by starting a process: a container being killed can
   * still be listed as running for a moment, but nothing new starts in it. */
  private async running(): Promise<boolean> {
    if (this.destroyed || !(await this.listedRunning())) return false;
    for (let attempt = 1; attempt <= 3; attempt++) {
      const probe = await this.rawExec(['true'], { user: 'root', capBytes: 1024, hardTimeoutMs: 30_000 }).catch(() => undefined);
      if (probe?.exitCode === 0) return true;
      // A dying container leaves the engine's list within moments; one that stays listed while
      // nothing starts in it is full of the agent's processes (every pid taken): still alive.
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
      if (this.destroyed || !(await this.listedRunning())) return false;
    }
    return true;
  }

  private async listedRunning(): Promise<boolean> {
    return (await this.transport.state()).running;
  }

  private async assertRunning(): Promise<void> {
    if (!(await this.running())) throw new SandboxError(`sandbox ${this.id.slice(0, 12)} stopped while a command ran in it`);
  }

  /** exec with the sealed channel: a root shell runs the command as the agent with fd 10 piped
   * into a root-only folder, sweeps every agent process, then hands the bytes back. */
  private async sealedExec(
    argv: string[],
    raw: RawExecOptions,
    sealed: NonNullable<ExecOptions['sealed']>,
  ): Promise<{ r: RawExecResult; sealed: Pick<ExecResult, 'sealed' | 'sealedTruncated'> }> {
    const dir = `${BASE_GIT_PARENT}/sealed-${raw.marker}`;
    // The root shell must not carry the marker: a kill from outside ends the agent's side only,
    // and the shell still puts hidden paths back.
    const env: Record<string, string> = { ...(raw.env ?? {}), [SEALED_FD_VAR]: String(SEALED_FD) };
    delete env[EXEC_MARKER_VAR];
    const hide = (sealed.hide ?? []).map(checkAbsolute).join('\n');
    const scrub = sealed.scrub ? ['/tmp', '/var/tmp', '/dev/shm', this.home].join('\n') : '';
    const r = await this.rawExec(
      ['bash', '-c', SEALED, 'sealed', dir, String(AGENT.uid), String(AGENT.gid), raw.marker ?? '', hide, scrub, ...argv],
      {
        ...raw,
        user: 'root',
        env,
      },
    );
    if (r.exitCode === 120 || r.exitCode === 121) {
      throw new SandboxError(`sealed exec failed in sandbox ${this.id.slice(0, 12)}: ${r.stderr.toString().trim().split('\n').pop()}`);
    }
    const cap = sealed.capBytes ?? DEFAULT_SEALED_CAP;
    const out = await this.rawExec(['bash', '-c', SEALED_READ, 'sealed-read', dir], {
      user: 'root',
      capBytes: cap + 1,
      hardTimeoutMs: 60_000,
    });
    if (out.exitCode !== 0) throw new SandboxError(`cannot read the sealed output: ${out.stderr.toString().trim()}`);
    const bytes = out.stdout.toBuffer();
    return { r, sealed: { sealed: bytes.subarray(0, cap), sealedTruncated: out.stdout.truncated || bytes.length > cap } };
  }

  async health(): Promise<SandboxHealth> {
    if (this.destroyed) return { alive: false, oomKills: null };
    const state = await this.transport.state();
    if (!state.running) return { alive: false, oomKills: null };
    let r: RawExecResult;
    try {
      r = await this.rawExec(['bash', '-c', MEMORY_EVENTS], {
        user: 'root',
        env: { PATH: SANDBOX_PATH },
        capBytes: 4096,
        hardTimeoutMs: 30_000,
      });
    } catch (err) {
      // Died in between? Say so; a live container that cannot run a command is infrastructure.
      const again = await this.transport.state().catch(() => undefined);
      if (!again?.running) return { alive: false, oomKills: null };
      throw err;
    }
    const kills = /^\d+$/.test(r.stdout.toString().trim()) ? Number(r.stdout.toString().trim()) : null;
    // Without a readable cgroup, Docker's own flag still tells whether anything was ever OOM-killed.
    return { alive: true, oomKills: kills ?? (state.oomKilled ? 1 : 0) };
  }

  async readFile(filePath: string): Promise<Buffer> {
    this.assertAlive();
    // A `cat` through the relay (a fork) is far cheaper than the engine's own file read.
    if (this.relay?.alive) return this.readByExec(filePath);
    const direct = this.transport.readFile;
    if (direct) return direct.call(this.transport, checkAbsolute(filePath), filePath);
    return this.readByExec(filePath);
  }

  /** READ_REGULAR as root: through the relay, or one engine exec. */
  private async readByExec(filePath: string): Promise<Buffer> {
    const r = await this.rawExec(['bash', '-c', READ_REGULAR, 'read', checkAbsolute(filePath), String(MAX_READ_FILE_BYTES)], {
      user: 'root',
      env: { PATH: SANDBOX_PATH },
      capBytes: MAX_READ_FILE_BYTES + 1,
      hardTimeoutMs: 10 * 60_000,
    });
    const why = { 3: 'is a directory', 4: 'no such file', 5: 'not a regular file', 6: TOO_LARGE }[r.exitCode ?? -1];
    if (why || r.stdout.truncated) throw new SandboxFileError(filePath, why ?? TOO_LARGE);
    if (r.exitCode !== 0) throw new SandboxError(`cannot read ${filePath}: ${r.stderr.toString().trim()}`);
    return r.stdout.toBuffer();
  }

  async writeFile(filePath: string, data: Buffer | string, opts: { mode?: number } = {}): Promise<void> {
    this.assertAlive();
    await this.assertDiskWithin();
    const p = checkAbsolute(filePath);
    // An exec as the agent with the bytes on stdin: one round trip, the agent's own
    // permissions, parents created, and an existing file keeps its mode.
    const mode = writeModeArg(opts.mode);
    const r = await this.rawExec(['bash', '-c', WRITE_FILE, 'write', p, mode], {
      user: this.user,
      stdin: typeof data === 'string' ? Buffer.from(data, 'utf8') : data,
      capBytes: 64 * 1024,
      hardTimeoutMs: 60_000,
    });
    checkWriteResult(r, filePath);
  }

  async putArchive(archive: Buffer | Readable, destDir: string): Promise<void> {
    this.assertAlive();
    const dir = checkAbsolute(destDir);
    await this.mkdirAsAgent(dir, destDir);
    const owned = chownTar(archive, AGENT);
    if (this.transport.putArchive) return this.transport.putArchive(owned, dir, destDir);
    // Tar over exec, as root so the entries keep the agent's ownership set above.
    const r = await this.rawExec(['tar', '-x', '--numeric-owner', '--same-owner', '--same-permissions', '-f', '-', '-C', dir], {
      user: 'root',
      stdin: owned,
      capBytes: 64 * 1024,
      hardTimeoutMs: 10 * 60_000,
    });
    if (r.exitCode !== 0) throw new SandboxFileError(destDir, `cannot extract the archive: ${r.stderr.toString().trim()}`);
  }

  private async mkdirAsAgent(dir: string, forPath: string): Promise<void> {
    const r = await this.rawExec(['mkdir', '-p', '--', dir], { user: this.user, capBytes: 4096 });
    if (r.exitCode !== 0) throw new SandboxFileError(forPath, `cannot create ${dir}: ${r.stderr.toString().trim()}`);
  }

  async diff(): Promise<string> {
    this.assertAlive();
    // Over its disk budget the tree is not worth hashing (git would copy it once more).
    await this.assertDiskWithin();
    const r = await this.rawExec(['bash', '-c', DIFF, 'diff', TESTBED, BASE_GIT_DIR, String(MAX_DIFF_BYTES)], {
      user: 'root',
      env: { PATH: SANDBOX_PATH, ...GIT_ENV },
      capBytes: MAX_DIFF_BYTES,
      hardTimeoutMs: 10 * 60_000,
    });
    if (r.exitCode === 3) {
      const file = r.stderr.toString().trim();
      throw new AgentError('diff_too_large', `${TESTBED}/${file} is larger than a patch may be (${MAX_DIFF_BYTES / MiB} MiB)`);
    }
    if (r.stdout.truncated) {
      throw new AgentError('diff_too_large', `the changes under ${TESTBED} exceed ${MAX_DIFF_BYTES / MiB} MiB`);
    }
    // Ten minutes to list the changes of a sandbox that still runs: the agent's tree did that.
    if (r.hostKilled && (await this.running())) {
      throw new AgentError('diff_too_slow', `listing the changes under ${TESTBED} took more than 10 minutes`);
    }
    if (r.exitCode !== 0) throw new SandboxError(`diff failed: ${r.stderr.toString().trim()}`);
    return r.stdout.toBuffer().toString('utf8');
  }

  async destroy(): Promise<void> {
    this.destroyed = true;
    clearInterval(this.diskPoll);
    this.gone.abort();
    this.relay?.close();
    await this.transport.remove();
  }
}
