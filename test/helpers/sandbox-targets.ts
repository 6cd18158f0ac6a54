// The backends the sandbox contract suite runs on, each with the few backend-specific moves the
// suite needs: make an orphan for prune(), kill a sandbox from outside, tell that one is gone.
// docker (relay / docker exec) and local always; the Docker host pool (this machine's daemon plus
// the second one .ci/setup starts), Podman's Docker-compatible socket, the Kubernetes test double
// (pods as local containers) — required in CI; a real cluster where KUBECONFIG is set.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { CoreV1Api } from '@kubernetes/client-node';
import { DockerBackend, pingDocker, startContainer } from '../../harness/sandbox/docker.js';
import { LocalBackend, LOCAL_DIR_PREFIX, LOCAL_MARKER_FILE } from '../../harness/sandbox/local.js';
import { DockerPool } from '../../harness/sandbox/pool.js';
import { KubernetesBackend, loadKubeConfig } from '../../harness/sandbox/kubernetes.js';
import { OWNER_LABEL } from '../../harness/sandbox/common.js';
import { ensureImage } from '../../harness/images/build.js';
import { SANDBOX_LABEL, type Sandbox, type SandboxBackend } from '../../harness/core/sandbox.js';
import { KubernetesDouble } from './k8s-double.js';
import { prerequisite, requireBwrapOrSkip } from './docker.js';

/** The second daemon .ci/setup starts (its own socket, data root, exec root; no bridge). */
export const SECOND_DOCKER = process.env.ATOMIC_SKILLS_SECOND_DOCKER ?? 'unix:///var/run/atomic-skills-docker2.sock';
/** Podman's Docker-compatible API (`podman system service`, started by .ci/setup). */
export const PODMAN_SOCKET = process.env.ATOMIC_SKILLS_PODMAN_SOCKET ?? 'unix:///var/run/atomic-skills-podman.sock';

export interface Opened {
  backend: SandboxBackend;
  image: string;
  /** Kills the sandbox's container (or pod's node) behind the harness's back. */
  killFromOutside?(sb: Sandbox): Promise<void>;
  /** True once nothing of the sandbox is left. */
  gone(sb: Sandbox): Promise<boolean>;
  /** Leaves a sandbox of a dead owner behind; `exists` says whether prune() spared it. */
  orphan(owner: string): Promise<{ exists(): Promise<boolean> }>;
  close?(): Promise<void>;
}

export interface Target {
  label: string;
  /** What ContainerSandbox.execTransport must say ('relay' for the relay targets). */
  transport?: string;
  /** The backend reads OOM counters from the sandbox's cgroup (container backends). */
  containers: boolean;
  /** Resolves false to skip (never in CI for the required targets: it throws there instead). */
  available(): Promise<boolean>;
  open(): Promise<Opened>;
}

const socketOf = (url: string) => url.replace(/^unix:\/\//, '');

/** A target that must run in CI: unavailable there is a broken setup, not a skip. */
function required(label: string, check: () => Promise<boolean>): () => Promise<boolean> {
  return () => prerequisite(label, check, '.ci/setup starts it');
}

const dockerUp = () => pingDocker(undefined, 3000);

function dockerOpened(backend: SandboxBackend, image: string, dockerOf: (sb: Sandbox) => Docker, orphanOn: Docker): Opened {
  return {
    backend,
    image,
    killFromOutside: (sb) => dockerOf(sb).getContainer(sb.id).kill(),
    gone: async (sb) =>
      dockerOf(sb)
        .getContainer(sb.id)
        .inspect()
        .then(
          () => false,
          (e: { statusCode?: number }) => e.statusCode === 404,
        ),
    orphan: async (owner) => {
      // Through the engine fallbacks like every sandbox: Podman's own rlimit defaults can be
      // more than its service may set.
      const { container: c } = await startContainer(orphanOn, {
        Image: image,
        Entrypoint: ['sleep'],
        Cmd: ['infinity'],
        Labels: { [SANDBOX_LABEL]: '1', [OWNER_LABEL]: owner },
        HostConfig: { NetworkMode: 'none' },
      });
      return {
        exists: () =>
          c.inspect().then(
            () => true,
            () => false,
          ),
      };
    },
  };
}

function docker(relay: boolean): Target {
  return {
    label: relay ? 'docker (exec relay)' : 'docker (docker exec)',
    transport: relay ? 'relay' : 'docker-exec',
    containers: true,
    available: required('Docker', dockerUp),
    open: async () => {
      const backend = new DockerBackend({ log: () => undefined, execRelay: relay });
      return dockerOpened(backend, await ensureImage({ log: () => undefined }), () => backend.docker, backend.docker);
    },
  };
}

const local: Target = {
  label: 'local',
  containers: false,
  available: async () => requireBwrapOrSkip(),
  open: async () => ({
    backend: new LocalBackend({ log: () => undefined }),
    image: 'local',
    gone: async (sb) => !existsSync(path.join(tmpdir(), sb.id)),
    orphan: async (owner) => {
      const dir = mkdtempSync(path.join(tmpdir(), LOCAL_DIR_PREFIX));
      writeFileSync(path.join(dir, LOCAL_MARKER_FILE), JSON.stringify({ owner }));
      return { exists: async () => existsSync(dir) };
    },
  }),
};

/** A pool over the given hosts: the image reaches each through the pool's own loader. */
function pool(label: string, urls: string[], check: () => Promise<boolean>): Target {
  return {
    label,
    transport: 'relay',
    containers: true,
    available: required(label, check),
    open: async () => {
      const image = await ensureImage({ log: () => undefined });
      const pool = await DockerPool.open(
        urls.map((url) => ({ url, capacity: 1 })),
        { log: () => undefined },
      );
      const last = pool.hosts[pool.hosts.length - 1];
      await Promise.all(pool.hosts.map((h) => pool.ensureImage(h, image)));
      const opened = dockerOpened(pool, image, (sb) => (sb as unknown as { host: { docker: Docker } }).host.docker, last.docker);
      return { ...opened, close: async () => pool.close() };
    },
  };
}

const secondDockerUp = () => pingDocker(new Docker({ socketPath: socketOf(SECOND_DOCKER) }), 3000);
const podmanUp = () => pingDocker(new Docker({ socketPath: socketOf(PODMAN_SOCKET) }), 3000);

function kubernetesDouble(): Target {
  return {
    label: 'kubernetes (test double)',
    transport: 'relay',
    containers: true,
    available: required('Docker (under the Kubernetes double)', dockerUp),
    open: async () => {
      const image = await ensureImage({ log: () => undefined });
      // The node's podPidsLimit plays the Docker backend's pids limit (the suite's LIMITS.pids).
      const double = new KubernetesDouble({ podPidsLimit: 128 });
      const kubeConfig = await double.start();
      const backend = new KubernetesBackend({ kubeConfig, kubernetes: { namespace: 'as-contract' }, log: () => undefined });
      return {
        ...kubernetesMoves(backend, image, (sb) => double.loseNode(sb.id)),
        close: async () => {
          if (double.uncovered.length) throw new Error(`pods without the deny-all NetworkPolicy: ${double.uncovered.join(', ')}`);
          await double.stop();
        },
      };
    },
  };
}

/** A real cluster: KUBECONFIG set; the sandbox image must be where the cluster pulls from
 * (ATOMIC_SKILLS_K8S_REGISTRY: pushed there; else loaded into the nodes, e.g. `kind load`). */
function kubernetesCluster(): Target {
  return {
    label: 'kubernetes (KUBECONFIG)',
    transport: 'relay',
    containers: true,
    // Registered only where KUBECONFIG is set (TARGETS): without a cluster it does not apply.
    available: async () => true,
    open: async () => {
      const image = await ensureImage({ log: () => undefined });
      const { pushImage } = await import('../../harness/images/registry.js');
      const backend = new KubernetesBackend({
        kubernetes: {
          namespace: process.env.ATOMIC_SKILLS_K8S_NAMESPACE ?? 'default',
          registry: process.env.ATOMIC_SKILLS_K8S_REGISTRY,
        },
        pushImage: (img, reg) => pushImage(img, reg),
        log: () => undefined,
      });
      const core = loadKubeConfig().makeApiClient(CoreV1Api);
      return kubernetesMoves(backend, image, (sb) =>
        core.deleteNamespacedPod({ name: sb.id, namespace: backend.namespace, gracePeriodSeconds: 0 }).then(() => undefined),
      );
    },
  };
}

function kubernetesMoves(backend: KubernetesBackend, image: string, kill: (sb: Sandbox) => Promise<void>): Opened {
  const core = backend.kc.makeApiClient(CoreV1Api);
  const exists = (name: string) =>
    core.readNamespacedPod({ name, namespace: backend.namespace }).then(
      () => true,
      () => false,
    );
  return {
    backend,
    image,
    killFromOutside: kill,
    gone: async (sb) => !(await exists(sb.id)),
    orphan: async (owner) => {
      const pod = await core.createNamespacedPod({
        namespace: backend.namespace,
        body: {
          metadata: { generateName: 'as-orphan-', labels: { [SANDBOX_LABEL]: '1' }, annotations: { [OWNER_LABEL]: owner } },
          spec: { automountServiceAccountToken: false, containers: [{ name: 'sandbox', image, command: ['sleep', 'infinity'] }] },
        },
      });
      return { exists: () => exists(pod.metadata!.name!) };
    },
  };
}

export const TARGETS: Target[] = [
  docker(true),
  docker(false),
  local,
  pool(
    'docker pool (two daemons)',
    ['unix:///var/run/docker.sock', SECOND_DOCKER],
    async () => (await dockerUp()) && (await secondDockerUp()),
  ),
  pool('podman (Docker-compatible socket)', [PODMAN_SOCKET], podmanUp),
  kubernetesDouble(),
  // Listed only where a cluster is configured: nothing here is a test that CI skips.
  ...(process.env.KUBECONFIG ? [kubernetesCluster()] : []),
];

/** A unix socket that forwards to a daemon until cut (a host going away under the pool). */
export async function cuttableProxy(target: string): Promise<{ url: string; cut: () => void }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'as-pool-proxy-'));
  const sock = path.join(dir, 'docker.sock');
  const conns = new Set<net.Socket>();
  const server = net.createServer((c) => {
    const up = net.connect(target.replace('unix://', ''));
    conns.add(c).add(up);
    c.pipe(up).pipe(c);
    c.on('error', () => up.destroy());
    up.on('error', () => c.destroy());
  });
  await new Promise<void>((resolve) => server.listen(sock, resolve));
  return {
    url: `unix://${sock}`,
    cut: () => {
      server.close();
      for (const c of conns) c.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
