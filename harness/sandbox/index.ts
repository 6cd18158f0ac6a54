// Entry point of the sandbox layer: picks a backend (docker, local, or auto) and prunes
// leftovers of both kinds.
import { DockerBackend, dockerClient, pingDocker, type DockerBackendOptions } from './docker.js';
import { LocalBackend, type LocalBackendOptions } from './local.js';
import type { SandboxBackend } from '../core/sandbox.js';

export type BackendKind = 'docker' | 'local' | 'auto';

export type CreateBackendOptions = DockerBackendOptions &
  LocalBackendOptions & {
    /** How long `auto` waits for the daemon's ping before choosing local (default 2 s). */
    pingTimeoutMs?: number;
  };

/** `auto` = docker when the daemon answers a ping in time, else local (bubblewrap). */
export async function createSandboxBackend(kind: BackendKind, opts: CreateBackendOptions = {}): Promise<SandboxBackend> {
  if (kind === 'docker') return new DockerBackend(opts);
  if (kind === 'local') return new LocalBackend(opts);
  const docker = opts.docker ?? dockerClient();
  if (await pingDocker(docker, opts.pingTimeoutMs ?? 2000)) return new DockerBackend({ ...opts, docker });
  return new LocalBackend(opts);
}

export interface PruneReport {
  docker: number;
  local: number;
  /** Set when the daemon could not be asked (not running): local leftovers were still pruned. */
  dockerError?: string;
}

/** Removes leftover sandboxes of both backends: those whose owning process is gone, or
 * every one of ours with `all` (only safe when no run is in progress). */
export async function pruneAll(opts: CreateBackendOptions & { all?: boolean } = {}): Promise<PruneReport> {
  const report: PruneReport = { docker: 0, local: 0 };
  const docker = opts.docker ?? dockerClient();
  if (await pingDocker(docker, opts.pingTimeoutMs ?? 2000)) {
    try {
      report.docker = await new DockerBackend({ ...opts, docker }).prune({ all: opts.all });
    } catch (err) {
      report.dockerError = (err as Error).message;
    }
  } else {
    report.dockerError = 'docker daemon not reachable';
  }
  report.local = await new LocalBackend(opts).prune({ all: opts.all });
  return report;
}

export { DockerBackend, LocalBackend, pingDocker, dockerClient };
export * from '../core/sandbox.js';
