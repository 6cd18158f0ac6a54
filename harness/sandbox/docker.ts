// Docker sandbox backend (dockerode): one long-lived container per sandbox, no network,
// non-root agent, resource limits; works with DOCKER_HOST and Podman's compatible socket.
import Docker from 'dockerode';
import path from 'node:path';
import type { Duplex, Readable } from 'node:stream';
import { CappedBuffer } from './output.js';
import { demux } from './demux.js';
import type { RelayChannel } from './exec-relay.js';
import { ContainerSandbox, TOO_LARGE, type ContainerTransport, type RawExecOptions } from './container-sandbox.js';
import { MAX_READ_FILE_BYTES, OWNER_LABEL, envList, ownerAlive, ownerTag, resolveSpec, type RawExecResult } from './common.js';
import { readFirstEntry } from './tar.js';
import {
  SANDBOX_LABEL,
  SandboxError,
  SandboxFileError,
  type PruneOptions,
  type Sandbox,
  type SandboxBackend,
  type SandboxLimits,
  type SandboxSpec,
} from '../core/sandbox.js';

const MiB = 1024 * 1024;

/** A client for DOCKER_HOST (or the default socket); Podman's socket works the same way. */
export function dockerClient(): Docker {
  return new Docker();
}

/** True when the daemon answers a ping within `timeoutMs`. */
export async function pingDocker(docker: Docker = dockerClient(), timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    return await Promise.race([docker.ping().then(() => true as const), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

function statusCode(err: unknown): number | undefined {
  return (err as { statusCode?: number } | null)?.statusCode;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export interface DockerBackendOptions {
  docker?: Docker;
  /** Run commands through the in-container exec relay (default: on, unless
   * ATOMIC_SKILLS_EXEC_RELAY=0); off, or for images without python3, each is a docker exec. */
  execRelay?: boolean;
  /** Where warnings go (fallbacks taken, e.g. limits unsupported). Default: stderr. */
  log?: (line: string) => void;
  /** How long a relay start may take before docker exec is kept (default 15 s). Tests raise it
   * to show that a sandbox's destruction alone ends a start. */
  relayStartMs?: number;
}

export class DockerBackend implements SandboxBackend {
  readonly name = 'docker' as const;
  readonly docker: Docker;
  private readonly log: (line: string) => void;
  private readonly execRelay: boolean;
  private readonly relayStartMs: number | undefined;
  /** Images already reported as unable to run the relay (said once each). */
  private readonly noRelay = new Set<string>();
  /** Whether the daemon's storage takes a per-container size (asked once). */
  private sizeOption: Promise<boolean> | undefined;
  /** The first of hostConfigVariants this engine starts containers with. */
  private variant = 0;

  constructor(opts: DockerBackendOptions = {}) {
    this.docker = opts.docker ?? dockerClient();
    this.log = opts.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.execRelay = opts.execRelay ?? process.env.ATOMIC_SKILLS_EXEC_RELAY !== '0';
    this.relayStartMs = opts.relayStartMs;
  }

  async create(spec: SandboxSpec): Promise<Sandbox> {
    const resolved = resolveSpec(spec);
    const options = containerOptions(spec, resolved.limits, await this.sizeOptionSupported());
    const { timings, lap } = lapTimer();
    const container = await this.startContainer(options, spec.image, lap);
    const sandbox = new ContainerSandbox(new DockerTransport(container), resolved, timings, this.relayFor(spec.image));
    try {
      // A prepared image (harness/environments/) already holds /testbed, its base commit and the
      // agent user: the sandbox is ready once the container runs.
      if (!spec.prepared) await sandbox.setup(spec.repoDir, lap);
    } catch (err) {
      await sandbox.destroy().catch(() => undefined);
      if (err instanceof SandboxError) throw err;
      throw new SandboxError(`cannot start sandbox from ${spec.image}: ${message(err)}`, { cause: err });
    }
    return sandbox;
  }

  /** The relay starts with the sandbox's first command: a sandbox that only ever gets a diff (an
   * agent that answers without tools) never pays for it. An image that cannot run it is said once. */
  private relayFor(image: string): { unavailable: () => void; startMs?: number } | undefined {
    if (!this.execRelay) return undefined;
    return {
      startMs: this.relayStartMs,
      unavailable: () => {
        if (this.noRelay.has(image)) return;
        this.noRelay.add(image);
        this.log(`atomic-skills: the exec relay did not start in ${image} (no python3?); commands use docker exec, which is slower`);
      },
    };
  }

  /** Creates and starts the container with the strongest settings this engine applies (see
   * hostConfigVariants): the first variant that starts is where later sandboxes begin, so a
   * weaker one is chosen once, and said. */
  private async startContainer(
    options: Docker.ContainerCreateOptions,
    image: string,
    lap: (name: string) => void,
  ): Promise<Docker.Container> {
    const started = await startContainer(this.docker, options, { from: this.variant, image, lap });
    if (started.storageRefused) this.sizeOption = Promise.resolve(false);
    if (started.variant > this.variant) {
      this.variant = started.variant;
      this.log(`atomic-skills: ${started.said}`);
    }
    return started.container;
  }

  /** overlay2 on xfs (with project quotas), btrfs, zfs and devicemapper take `--storage-opt size`. */
  private sizeOptionSupported(): Promise<boolean> {
    this.sizeOption ??= this.docker.info().then(
      (info: { Driver?: string; DriverStatus?: [string, string][] }) => {
        const backing = info.DriverStatus?.find(([k]) => k === 'Backing Filesystem')?.[1];
        return (info.Driver === 'overlay2' && backing === 'xfs') || ['btrfs', 'zfs', 'devicemapper'].includes(info.Driver ?? '');
      },
      () => false,
    );
    return this.sizeOption;
  }

  /** Removes labelled containers whose owning process is gone (all of them with `all`). */
  async prune(opts: PruneOptions = {}): Promise<number> {
    const only = Object.entries(opts.labels ?? {}).map(([k, v]) => `${k}=${v}`);
    const list = await this.docker.listContainers({ all: true, filters: { label: [SANDBOX_LABEL, ...only] } });
    let removed = 0;
    for (const info of list) {
      if (!opts.all && ownerAlive(info.Labels?.[OWNER_LABEL])) continue;
      try {
        await this.docker.getContainer(info.Id).remove({ force: true, v: true });
        removed++;
      } catch (err) {
        if (statusCode(err) !== 404) throw new SandboxError(`cannot remove ${info.Id}: ${message(err)}`, { cause: err });
      }
    }
    return removed;
  }
}

/** The container of one sandbox: no network, init, no-new-privileges, the limits, a keep-alive
 * process; `sizeOption` when the storage driver takes a per-container size. */
export function containerOptions(spec: SandboxSpec, limits: SandboxLimits, sizeOption: boolean): Docker.ContainerCreateOptions {
  const hostConfig: Docker.HostConfig = {
    NetworkMode: 'none',
    Init: true,
    SecurityOpt: ['no-new-privileges'],
    Memory: Math.round(limits.memoryMb * MiB),
    // Same as Memory: no swap, so the limit is a real limit.
    MemorySwap: Math.round(limits.memoryMb * MiB),
    NanoCpus: Math.round(limits.cpus * 1e9),
    PidsLimit: limits.pids,
    // No single file larger than the disk budget (the budget itself is watched by the sandbox).
    Ulimits: [{ Name: 'fsize', Soft: limits.diskMb * MiB, Hard: limits.diskMb * MiB }],
  };
  // Where the storage driver can cap a container's writable layer, it does (the repo copy
  // lives there too, hence the headroom); the watched budget still stops the agent first.
  if (sizeOption) hostConfig.StorageOpt = { size: `${2 * limits.diskMb}M` };
  return {
    Image: spec.image,
    // Keep-alive only; all work happens in execs. Overrides any image entrypoint.
    Entrypoint: ['sleep'],
    Cmd: ['infinity'],
    // The keep-alive runs as root only so that root setup execs keep their capabilities
    // under no-new-privileges; every agent command is an exec as the agent user.
    User: '0:0',
    Labels: { ...(spec.labels ?? {}), [SANDBOX_LABEL]: '1', [OWNER_LABEL]: ownerTag() },
    NetworkDisabled: true,
    Tty: false,
    HostConfig: hostConfig,
  };
}

/** Milliseconds per named step of a sandbox's start, each measured from the previous lap. */
function lapTimer(): { timings: Record<string, number>; lap: (name: string) => void } {
  const timings: Record<string, number> = {};
  let t0 = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - t0);
    t0 = now;
  };
  return { timings, lap };
}

/** Explicit open-file and process rlimits, strongest first. Given any ulimit (or none), Podman
 * adds its own defaults for these (a million open files when rootful), which a service whose
 * own hard limit is lower cannot set ("error setting rlimit type 7"); the second rung is what an
 * engine started from an ordinary login shell may always set. */
const RLIMIT_RUNGS = [
  [
    { Name: 'nofile', Soft: 4096, Hard: 4096 },
    { Name: 'nproc', Soft: 32768, Hard: 32768 },
  ],
  [
    { Name: 'nofile', Soft: 1024, Hard: 1024 },
    { Name: 'nproc', Soft: 4096, Hard: 4096 },
  ],
];

/** Sandbox settings from strongest to weakest, for engines that cannot apply some of them:
 * everything; then explicit open-file and process rlimits (RLIMIT_RUNGS); then without
 * docker-init too (an engine without an init binary); last, without resource limits at all
 * (rootless Podman on cgroup v1) — a sandbox bounded only by its timeouts and the lowest rlimits. */
export function hostConfigVariants(full: Docker.HostConfig): { what: string; hostConfig: Docker.HostConfig }[] {
  const explicit = RLIMIT_RUNGS.map((rung) => [...(full.Ulimits ?? []).filter((u) => !rung.some((r) => r.Name === u.Name)), ...rung]);
  const lowest = RLIMIT_RUNGS[RLIMIT_RUNGS.length - 1];
  const { Memory, MemorySwap, NanoCpus, PidsLimit, Init, Ulimits, StorageOpt, ...unlimited } = full;
  return [
    { what: 'with every limit', hostConfig: full },
    { what: 'with explicit open-file and process rlimits', hostConfig: { ...full, Ulimits: explicit[0] } },
    { what: 'with lowered open-file (1024) and process (4096) rlimits', hostConfig: { ...full, Ulimits: explicit[1] } },
    { what: 'with lowered rlimits and without docker-init', hostConfig: { ...full, Ulimits: explicit[1], Init: false } },
    { what: 'WITHOUT memory, CPU, process and file-size limits', hostConfig: { ...unlimited, Ulimits: lowest } },
  ];
}

/** What an engine deterministically cannot apply (moves on to a weaker variant); anything else,
 * e.g. a daemon hiccup, is an infrastructure error like any other. */
const ENGINE_REFUSAL = /rlimit|init|cgroup|limit|ulimit|storage|quota|not supported|permission/i;

export interface StartedContainer {
  container: Docker.Container;
  /** Index into hostConfigVariants of the settings it started with. */
  variant: number;
  /** A line saying which settings the engine refused and what the container got instead ('' at `from`). */
  said: string;
  /** The engine refused a per-container storage size. */
  storageRefused: boolean;
}

/** Creates and starts a container on any Docker-compatible engine with the strongest of
 * hostConfigVariants(options.HostConfig) it accepts, beginning at `from`. Every container the
 * harness (and its tests) starts goes through here, so no create path meets an engine's
 * refusal without the fallback; the caller says `said` when the variant moved. */
export async function startContainer(
  docker: Docker,
  options: Docker.ContainerCreateOptions,
  opts: { from?: number; image?: string; lap?: (name: string) => void } = {},
): Promise<StartedContainer> {
  const image = opts.image ?? options.Image ?? 'an image';
  const variants = hostConfigVariants(options.HostConfig ?? {});
  const from = opts.from ?? 0;
  const refusals: string[] = [];
  let storageRefused = false;
  for (let i = from; i < variants.length; i++) {
    let container: Docker.Container | undefined;
    try {
      container = await docker.createContainer({ ...options, HostConfig: variants[i].hostConfig });
      opts.lap?.('container');
      await container.start();
      opts.lap?.('start');
      const said =
        i === from ? '' : `this engine refused the sandbox settings (${refusals.join('; ')}); containers now start ${variants[i].what}`;
      return { container, variant: i, said, storageRefused };
    } catch (err) {
      if (!container && statusCode(err) === 404) {
        throw new SandboxError(`image ${image} not found; build it with \`atomic-skills images build\``, { cause: err });
      }
      await container?.remove({ force: true }).catch(() => undefined);
      if (i === variants.length - 1 || !ENGINE_REFUSAL.test(message(err))) {
        const tried = refusals.length ? ` (after refusing: ${refusals.join('; ')})` : '';
        throw new SandboxError(`cannot start a container from ${image}: ${message(err)}${tried}`, { cause: err });
      }
      refusals.push(`${variants[i].what}: ${message(err)}`);
      if (variants[i].hostConfig.StorageOpt) storageRefused = true;
    }
  }
  throw new SandboxError(`cannot start a container from ${image}`);
}

/**
 * Feeds an exec's stdin and splits its output until the stream ends. Past `hardTimeoutMs` (the
 * in-sandbox timeout should have ended it; something escaped, e.g. a process that left the group
 * and still holds stdout) the command is killed from outside and no longer waited for.
 */
export async function pumpExecStream(
  stream: Duplex,
  o: {
    stdout: CappedBuffer;
    stderr: CappedBuffer;
    stdin?: RawExecOptions['stdin'];
    hardTimeoutMs?: number;
    killFromOutside: () => Promise<void>;
  },
): Promise<{ hostKilled: boolean }> {
  let hostKilled = false;
  let timer: NodeJS.Timeout | undefined;
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const done = (err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err && !hostKilled) reject(new SandboxError(`exec stream failed: ${err.message}`, { cause: err }));
      else resolve();
    };
    demux(
      stream,
      (b) => o.stdout.push(b),
      (b) => o.stderr.push(b),
    );
    stream.on('end', () => done());
    stream.on('close', () => done());
    stream.on('error', (err) => done(err));
    if (o.hardTimeoutMs !== undefined) {
      timer = setTimeout(() => {
        hostKilled = true;
        o.killFromOutside()
          .catch(() => undefined)
          .finally(() => {
            stream.destroy();
            done();
          });
      }, o.hardTimeoutMs);
    }
    if (o.stdin !== undefined && typeof o.stdin !== 'string' && !Buffer.isBuffer(o.stdin)) {
      // A stream (the repo's tar): piped, and the write side closed when it ends.
      o.stdin.on('error', (err: Error) => {
        stream.destroy(err);
        done(err);
      });
      o.stdin.pipe(stream);
    } else if (o.stdin !== undefined) {
      stream.write(o.stdin);
      stream.end();
    }
  });
  return { hostKilled };
}

/** The exec's exit code: the stream can close a moment before the daemon records it (null if it never does). */
export async function exitCodeOf(exec: Pick<Docker.Exec, 'inspect'>, tries = 100, pauseMs = 20): Promise<number | null> {
  for (let i = 0; i < tries; i++) {
    const info = await exec.inspect();
    if (!info.Running) return info.ExitCode ?? null;
    await new Promise((r) => setTimeout(r, pauseMs));
  }
  return null;
}

/** A container reached through the Docker API. */
class DockerTransport implements ContainerTransport {
  readonly backend = 'docker' as const;
  readonly execName = 'docker-exec' as const;
  readonly id: string;

  constructor(private readonly container: Docker.Container) {
    this.id = container.id;
  }

  /** One `docker exec`. */
  async exec(argv: string[], o: RawExecOptions, killFromOutside: () => Promise<void>): Promise<RawExecResult> {
    const stdout = new CappedBuffer(o.capBytes);
    const stderr = new CappedBuffer(o.capBytes);
    let exec: Docker.Exec;
    let stream: Duplex;
    try {
      exec = await this.container.exec({
        Cmd: argv,
        User: o.user,
        Env: o.env ? envList(o.env) : undefined,
        AttachStdin: o.stdin !== undefined,
        AttachStdout: true,
        AttachStderr: true,
        Tty: false,
      });
      stream = await exec.start({ hijack: true, stdin: o.stdin !== undefined });
    } catch (err) {
      throw new SandboxError(`exec failed in sandbox ${this.id.slice(0, 12)}: ${message(err)}`, { cause: err });
    }

    const { hostKilled } = await pumpExecStream(stream, {
      stdout,
      stderr,
      stdin: o.stdin,
      hardTimeoutMs: o.hardTimeoutMs,
      killFromOutside,
    });
    const exitCode = hostKilled ? null : await exitCodeOf(exec);
    return { stdout, stderr, exitCode, hostKilled };
  }

  async openStream(argv: string[], signal: AbortSignal): Promise<RelayChannel | undefined> {
    const exec = await this.container.exec({
      abortSignal: signal,
      Cmd: argv,
      User: '0:0',
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
    });
    const stream = await exec.start({ hijack: true, stdin: true, abortSignal: signal });
    return {
      write: (data) => void stream.write(data),
      onData: (listener) =>
        demux(
          stream,
          (b) => listener(b),
          () => undefined,
        ),
      onClose: (listener) => {
        stream.on('end', listener);
        stream.on('close', listener);
        stream.on('error', listener);
      },
      destroy: () => stream.destroy(),
    };
  }

  async state(): Promise<{ running: boolean; oomKilled: boolean }> {
    try {
      const { State } = await this.container.inspect();
      return { running: State.Running && !State.Restarting && !State.Paused, oomKilled: State.OOMKilled };
    } catch (err) {
      if (statusCode(err) === 404) return { running: false, oomKilled: false };
      throw new SandboxError(`cannot inspect sandbox ${this.id.slice(0, 12)}: ${message(err)}`, { cause: err });
    }
  }

  /** Without the relay: the daemon's archive API (getArchive hands back a symlink as a link:
   * followed here, bounded, as the kernel would). */
  async readFile(p: string, asGiven: string): Promise<Buffer> {
    for (let hops = 0; hops < 40; hops++) {
      let archive: NodeJS.ReadableStream;
      try {
        archive = await this.container.getArchive({ path: p });
      } catch (err) {
        if (statusCode(err) === 404) throw new SandboxFileError(asGiven, 'no such file', { cause: err });
        throw new SandboxError(`cannot read ${asGiven}: ${message(err)}`, { cause: err });
      }
      const entry = await readFirstEntry(archive, MAX_READ_FILE_BYTES);
      (archive as unknown as Readable).destroy?.();
      if (!entry) throw new SandboxFileError(asGiven, 'no such file');
      if (entry.type === 'symlink' && entry.linkname) {
        p = path.posix.resolve(path.posix.dirname(p), entry.linkname);
        continue;
      }
      if (entry.type === 'directory') throw new SandboxFileError(asGiven, 'is a directory');
      if (entry.type !== 'file' && entry.type !== 'contiguous-file') {
        throw new SandboxFileError(asGiven, `not a regular file (${entry.type})`);
      }
      if (entry.tooLarge) throw new SandboxFileError(asGiven, TOO_LARGE);
      return entry.data;
    }
    throw new SandboxFileError(asGiven, 'too many levels of symbolic links');
  }

  async putArchive(tar: Readable, dir: string, asGiven: string): Promise<void> {
    try {
      await this.container.putArchive(tar, { path: dir });
    } catch (err) {
      const code = statusCode(err);
      if (code === 400 || code === 403 || code === 404 || code === 500) throw new SandboxFileError(asGiven, message(err), { cause: err });
      throw new SandboxError(`file operation on ${asGiven} failed: ${message(err)}`, { cause: err });
    }
  }

  async remove(): Promise<void> {
    try {
      await this.container.remove({ force: true, v: true });
    } catch (err) {
      const code = statusCode(err);
      // 404: already gone; 409: removal already in progress.
      if (code !== 404 && code !== 409) throw new SandboxError(`cannot remove container: ${message(err)}`, { cause: err });
    }
  }
}
