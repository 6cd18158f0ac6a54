// The sandbox backend and image a run (or validate) uses: the one asked for, plus the
// default image built if missing (the local backend needs no image).
import { createSandboxBackend, type BackendKind } from '../sandbox/index.js';
import type { DockerHostSpec } from '../sandbox/docker-hosts.js';
import type { KubernetesOptions } from '../sandbox/kubernetes.js';
import type { SandboxBackend } from '../core/sandbox.js';
import { ensureImage } from '../images/build.js';
import { pushImage } from '../images/registry.js';

/** Where sandboxes run beyond the one local daemon (agent-independent; recorded in run.json). */
export interface SandboxPlacement {
  /** A pool of Docker hosts (docker backend). */
  dockerHosts?: DockerHostSpec[];
  /** The cluster side of the kubernetes backend. */
  kubernetes?: KubernetesOptions;
}

export interface SandboxChoice extends SandboxPlacement {
  kind: BackendKind;
  unsafeLocal?: boolean;
  image?: string;
  /** A ready backend (tests inject failing ones). */
  backend?: SandboxBackend;
  log: (message: string) => void;
}

export async function openSandboxes(choice: SandboxChoice): Promise<{ backend: SandboxBackend; image: string }> {
  const backend =
    choice.backend ??
    (await createSandboxBackend(choice.kind, {
      unsafeNoIsolation: choice.unsafeLocal,
      dockerHosts: choice.dockerHosts,
      kubernetes: choice.kubernetes,
      pushImage: (image, registry) => pushImage(image, registry, { log: choice.log }),
      log: choice.log,
    }));
  const image = choice.image ?? (backend.name !== 'local' ? await ensureImage({ log: choice.log }) : 'local');
  return { backend, image };
}
