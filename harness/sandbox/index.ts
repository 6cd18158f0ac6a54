// Entry point of the sandbox layer: picks a backend (docker — one daemon or a pool of hosts —,
// kubernetes, local, or auto) and prunes leftovers of every kind.
import { DockerBackend, dockerClient, pingDocker, type DockerBackendOptions } from './docker.js';
import { LocalBackend, type LocalBackendOptions } from './local.js';
import { DockerPool } from './pool.js';
import type { DockerHostSpec } from './docker-hosts.js';
import { KubernetesBackend, type KubernetesBackendOptions } from './kubernetes.js';
import type { SandboxBackend } from '../core/sandbox.js';

export type BackendKind = 'docker' | 'kubernetes' | 'local' | 'auto';

export type CreateBackendOptions = DockerBackendOptions &
  LocalBackendOptions &
  Omit<KubernetesBackendOptions, 'log'> & {
    /** How long `auto` waits for the daemon's ping before choosing local (default 2 s). */
    pingTimeoutMs?: number;
    /** docker: run on this pool of hosts instead of the one daemon of DOCKER_HOST. */
    dockerHosts?: DockerHostSpec[];
  };

/** `auto` = docker when the daemon answers a ping in time, else local (bubblewrap). */
export async function createSandboxBackend(kind: BackendKind, opts: CreateBackendOptions = {}): Promise<SandboxBackend> {
  if (kind === 'kubernetes') return new KubernetesBackend(opts);
  if (opts.dockerHosts?.length && kind !== 'local') return DockerPool.open(opts.dockerHosts, opts);
  if (kind === 'docker') return new DockerBackend(opts);
  if (kind === 'local') return new LocalBackend(opts);
  const docker = opts.docker ?? dockerClient();
  if (await pingDocker(docker, opts.pingTimeoutMs ?? 2000)) return new DockerBackend({ ...opts, docker });
  return new LocalBackend(opts);
}

export interface PruneReport {
  docker: number;
  local: number;
  /** Pods, when a cluster was named. */
  kubernetes?: number;
  /** Set when the daemon could not be asked (not running): local leftovers were still pruned. */
  dockerError?: string;
}

/** Removes leftover sandboxes of both backends: those whose owning process is gone, or
 * every one of ours with `all` (only safe when no run is in progress). */
export async function pruneAll(
  opts: CreateBackendOptions & { all?: boolean; labels?: Record<string, string>; withKubernetes?: boolean } = {},
): Promise<PruneReport> {
  const report: PruneReport = { docker: 0, local: 0 };
  const which = { all: opts.all, labels: opts.labels };
  const docker = opts.docker ?? dockerClient();
  if (opts.dockerHosts?.length) {
    try {
      const pool = await DockerPool.open(opts.dockerHosts, { ...opts, log: () => undefined });
      report.docker = await pool.prune(which);
      pool.close();
    } catch (err) {
      report.dockerError = (err as Error).message;
    }
  } else if (await pingDocker(docker, opts.pingTimeoutMs ?? 2000)) {
    try {
      report.docker = await new DockerBackend({ ...opts, docker }).prune(which);
    } catch (err) {
      report.dockerError = (err as Error).message;
    }
  } else {
    report.dockerError = 'docker daemon not reachable';
  }
  if (opts.withKubernetes) report.kubernetes = await new KubernetesBackend({ ...opts, log: () => undefined }).prune(which);
  report.local = await new LocalBackend(opts).prune(which);
  return report;
}

export { DockerBackend, DockerPool, KubernetesBackend, LocalBackend, pingDocker, dockerClient };
export * from '../core/sandbox.js';
