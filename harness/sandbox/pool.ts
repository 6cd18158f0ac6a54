// A pool of Docker hosts as one sandbox backend: each sandbox goes to the healthy host with the
// most free capacity (capacity steers placement; the run's --concurrency bounds the total, so a
// trial never waits for a slot and cannot deadlock on its scoring sandboxes). Every host is
// pinged in the background; one that stops answering is drained: nothing new goes there, and its
// sandboxes fail fast as infrastructure errors, so the runner retries those trials on the others.
// Images are built where the harness builds them (DOCKER_HOST or the local daemon) and loaded on
// each host once, the first time a sandbox there needs them.
import type Docker from 'dockerode';
import { DockerBackend, dockerClient, pingDocker, type DockerBackendOptions } from './docker.js';
import { dockerClientFor, hostName, type DockerHostSpec } from './docker-hosts.js';
import {
  SandboxError,
  type ExecOptions,
  type ExecResult,
  type PruneOptions,
  type Sandbox,
  type SandboxBackend,
  type SandboxHealth,
  type SandboxSpec,
} from '../core/sandbox.js';
import { setMaxListeners } from 'node:events';
import type { Readable } from 'node:stream';

const HEALTH_EVERY_MS = 10_000;
const PING_TIMEOUT_MS = 5_000;

export interface PoolOptions extends Omit<DockerBackendOptions, 'docker'> {
  /** Where images are built (default: DOCKER_HOST or the local socket); hosts lacking one load it from there. */
  source?: Docker;
  /** Clients made for the hosts (tests); default from each host's URL. */
  clientFor?: (spec: DockerHostSpec) => Docker;
  /** The backend on a host (benches put a fake behind the pool); default a DockerBackend on its client. */
  backendFor?: (docker: Docker) => SandboxBackend;
  healthEveryMs?: number;
}

export class PoolHost {
  readonly name: string;
  readonly backend: SandboxBackend;
  capacity = 1;
  inUse = 0;
  healthy = true;
  /** Aborted when the host is drained: its sandboxes stop waiting on it. */
  lost = listenedBy(new AbortController());
  readonly images = new Map<string, Promise<void>>();

  constructor(
    readonly spec: DockerHostSpec,
    readonly docker: Docker,
    opts: PoolOptions,
  ) {
    this.name = hostName(spec);
    this.backend = opts.backendFor ? opts.backendFor(docker) : new DockerBackend({ ...opts, docker });
  }

  get free(): number {
    return this.capacity - this.inUse;
  }
}

export class DockerPool implements SandboxBackend {
  readonly name = 'docker' as const;
  readonly hosts: PoolHost[];
  private readonly source: Docker;
  private readonly log: (line: string) => void;
  private timer: NodeJS.Timeout | undefined;

  private constructor(hosts: PoolHost[], opts: PoolOptions) {
    this.hosts = hosts;
    this.source = opts.source ?? dockerClient();
    this.log = opts.log ?? ((line) => process.stderr.write(`${line}\n`));
  }

  /** Connects to every host, learns its capacity (its CPU count unless given) and starts the
   * health checks. Hosts that do not answer start drained; none answering is an error. */
  static async open(specs: DockerHostSpec[], opts: PoolOptions = {}): Promise<DockerPool> {
    if (specs.length === 0) throw new SandboxError('a Docker host pool needs at least one host');
    const hosts = specs.map((s) => new PoolHost(s, (opts.clientFor ?? dockerClientFor)(s), opts));
    const pool = new DockerPool(hosts, opts);
    await Promise.all(
      hosts.map(async (h) => {
        const info = await withTimeout(h.docker.info() as Promise<{ NCPU?: number }>, PING_TIMEOUT_MS).catch(() => undefined);
        h.capacity = h.spec.capacity ?? Math.max(1, info?.NCPU ?? 1);
        if (!info) pool.drain(h, 'it does not answer');
      }),
    );
    if (!hosts.some((h) => h.healthy))
      throw new SandboxError(`no Docker host of the pool answers (${hosts.map((h) => h.name).join(', ')})`);
    pool.log(`docker pool: ${hosts.map((h) => `${h.name} (capacity ${h.capacity}${h.healthy ? '' : ', drained'})`).join(', ')}`);
    pool.timer = setInterval(() => {
      pool.checkAll().catch(() => undefined);
    }, opts.healthEveryMs ?? HEALTH_EVERY_MS);
    pool.timer.unref();
    return pool;
  }

  async create(spec: SandboxSpec): Promise<Sandbox> {
    const host = this.place();
    host.inUse++;
    let released = false;
    const release = () => {
      if (!released) host.inUse--;
      released = true;
    };
    try {
      await this.ensureImage(host, spec.image);
      const sandbox = await guard(host, host.backend.create(spec));
      return new PooledSandbox(sandbox, host, release);
    } catch (err) {
      release();
      // A host that cannot make a sandbox may be going away: checked now, not in 10 s, and before
      // the caller's retry asks for a place again.
      if (err instanceof SandboxError) await this.check(host).catch(() => undefined);
      throw err;
    }
  }

  /** The healthy host with the most free capacity (the first listed among equals). */
  private place(): PoolHost {
    let best: PoolHost | undefined;
    for (const h of this.hosts) if (h.healthy && (!best || h.free > best.free)) best = h;
    if (!best) throw new SandboxError(`every Docker host of the pool is drained (${this.hosts.map((h) => h.name).join(', ')})`);
    return best;
  }

  /** Loads an image the host lacks from where images are built (once per host and image), else pulls it. */
  ensureImage(host: PoolHost, image: string): Promise<void> {
    let p = host.images.get(image);
    if (!p) {
      p = this.loadImage(host, image);
      p.catch(() => host.images.delete(image));
      host.images.set(image, p);
    }
    return p;
  }

  private async loadImage(host: PoolHost, image: string): Promise<void> {
    if (await hasImage(host.docker, image)) return;
    if (await hasImage(this.source, image)) {
      this.log(`docker pool: loading ${image} on ${host.name}`);
      try {
        const tar = (await this.source.getImage(image).get()) as unknown as Readable;
        const progress = await host.docker.loadImage(tar);
        await followProgress(host.docker, progress);
      } catch (err) {
        throw new SandboxError(`cannot load ${image} on ${host.name}: ${(err as Error).message}`, { cause: err });
      }
    } else {
      try {
        await followProgress(host.docker, await host.docker.pull(image));
      } catch (err) {
        throw new SandboxError(
          `${image} is neither on ${host.name} nor where images are built, and pulling it failed: ${(err as Error).message}`,
          {
            cause: err,
          },
        );
      }
    }
    if (!(await hasImage(host.docker, image))) throw new SandboxError(`${image} is still missing on ${host.name} after loading it`);
  }

  private async checkAll(): Promise<void> {
    await Promise.all(this.hosts.map((h) => this.check(h)));
  }

  /** Pings one host: a failure drains it; an answer from a drained host takes it back. */
  async check(host: PoolHost): Promise<boolean> {
    const ok = await pingDocker(host.docker, PING_TIMEOUT_MS);
    if (!ok && host.healthy) this.drain(host, 'it failed its health check');
    else if (ok && !host.healthy) {
      host.healthy = true;
      host.lost = listenedBy(new AbortController());
      this.log(`docker pool: ${host.name} answers again; sandboxes go there again`);
    }
    return ok;
  }

  private drain(host: PoolHost, why: string): void {
    host.healthy = false;
    host.lost.abort(new SandboxError(`Docker host ${host.name} was drained: ${why}`));
    this.log(`docker pool: ${host.name} drained (${why}); its trials are retried on the other hosts`);
  }

  async prune(opts: PruneOptions = {}): Promise<number> {
    let n = 0;
    for (const h of this.hosts) if (await pingDocker(h.docker, PING_TIMEOUT_MS)) n += await h.backend.prune(opts);
    return n;
  }

  /** Stops the health checks (the process may exit). */
  close(): void {
    clearInterval(this.timer);
  }
}

/** A sandbox on a pool host: every call fails at once (SandboxError) when the host is drained. */
class PooledSandbox implements Sandbox {
  readonly backend = 'docker' as const;
  readonly id: string;

  constructor(
    private readonly inner: Sandbox,
    readonly host: PoolHost,
    private readonly release: () => void,
  ) {
    this.id = inner.id;
  }

  /** Passed through for tests and benches (see ContainerSandbox). */
  get execTransport(): string | undefined {
    return (this.inner as { execTransport?: string }).execTransport;
  }
  get timings(): Record<string, number> | undefined {
    return (this.inner as { timings?: Record<string, number> }).timings;
  }

  exec(cmd: string, opts?: ExecOptions): Promise<ExecResult> {
    return guard(this.host, this.inner.exec(cmd, opts));
  }
  readFile(path: string): Promise<Buffer> {
    return guard(this.host, this.inner.readFile(path));
  }
  writeFile(path: string, data: Buffer | string, opts?: { mode?: number }): Promise<void> {
    return guard(this.host, this.inner.writeFile(path, data, opts));
  }
  putArchive(tar: Buffer | Readable, destDir: string): Promise<void> {
    return guard(this.host, this.inner.putArchive(tar, destDir));
  }
  diff(): Promise<string> {
    return guard(this.host, this.inner.diff());
  }
  async warm(): Promise<void> {
    await guard(this.host, this.inner.warm?.() ?? Promise.resolve());
  }
  async health(): Promise<SandboxHealth> {
    if (this.host.lost.signal.aborted) return { alive: false, oomKills: null };
    return this.inner.health();
  }
  async destroy(): Promise<void> {
    try {
      // A drained host may never answer: do not wait on it.
      await guard(this.host, this.inner.destroy()).catch((err) => {
        if (!this.host.lost.signal.aborted) throw err;
      });
    } finally {
      this.release();
    }
  }
}

/** Every call in flight on the host's sandboxes listens on its signal (removed when the call
 * settles): many at once is not a leak. */
function listenedBy(c: AbortController): AbortController {
  setMaxListeners(0, c.signal);
  return c;
}

/** The work, or a SandboxError as soon as the host is drained. */
function guard<T>(host: PoolHost, work: Promise<T>): Promise<T> {
  const signal = host.lost.signal;
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(signal.reason as Error);
  }
  return new Promise<T>((resolve, reject) => {
    const onLost = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onLost, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onLost);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onLost);
        reject(e as Error);
      },
    );
  });
}

async function hasImage(docker: Docker, image: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return true;
  } catch {
    return false;
  }
}

function followProgress(docker: Docker, stream: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(stream, (err: Error | null, events: { error?: string }[]) => {
      const failed = events?.find((e) => e.error)?.error;
      if (err || failed) reject(err ?? new Error(failed));
      else resolve();
    });
  });
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timed out')), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
