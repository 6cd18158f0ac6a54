// Test gates for real Docker / bubblewrap: skip where they are missing on a developer's
// machine, but FAIL in CI (CI=true), where a missing daemon is a broken setup.
import { pingDocker } from '../../harness/sandbox/docker.js';
import { bwrapPath } from '../../harness/sandbox/local.js';

export const inCI = process.env.CI === 'true';

/** True when the Docker (or Podman) daemon at DOCKER_HOST answers a ping. */
export function dockerAvailable(timeoutMs = 3000): Promise<boolean> {
  return pingDocker(undefined, timeoutMs);
}

/** Resolves true when Docker is usable; false (skip) when not — except in CI, where it throws. */
export async function requireDockerOrSkip(): Promise<boolean> {
  if (await dockerAvailable()) return true;
  if (inCI) throw new Error('CI=true but no Docker daemon answers (DOCKER_HOST or /var/run/docker.sock): start it, do not skip');
  return false;
}

/** Same gate for bubblewrap (the local backend). */
export function requireBwrapOrSkip(): boolean {
  if (bwrapPath()) return true;
  if (inCI) throw new Error('CI=true but bubblewrap (bwrap) is not installed');
  return false;
}
