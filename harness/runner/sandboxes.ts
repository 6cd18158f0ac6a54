// The sandbox backend and image a run (or validate) uses: the one asked for, plus the
// default image built if missing (the local backend needs no image).
import { createSandboxBackend } from '../sandbox/index.js';
import type { SandboxBackend } from '../core/sandbox.js';
import { ensureImage } from '../images/build.js';

export interface SandboxChoice {
  kind: 'docker' | 'local' | 'auto';
  unsafeLocal?: boolean;
  image?: string;
  /** A ready backend (tests inject failing ones). */
  backend?: SandboxBackend;
  log: (message: string) => void;
}

export async function openSandboxes(choice: SandboxChoice): Promise<{ backend: SandboxBackend; image: string }> {
  const backend = choice.backend ?? (await createSandboxBackend(choice.kind, { unsafeNoIsolation: choice.unsafeLocal }));
  const image = choice.image ?? (backend.name !== 'local' ? await ensureImage({ log: choice.log }) : 'local');
  return { backend, image };
}
