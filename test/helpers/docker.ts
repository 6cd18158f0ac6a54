// Test prerequisites (a Docker daemon, bubblewrap, Chromium, the second daemon…): where one is
// missing on a developer's machine its tests skip; in CI (CI=true) they FAIL instead, since .ci/setup
// installs or starts every one and a missing one is a broken setup. A test that does not apply to
// a target (a case for container backends only, a real cluster without KUBECONFIG) is not
// registered there at all rather than skipped; the no-skips reporter (vitest.config.ts) fails a
// CI run in which any test still reports as skipped.
import { pingDocker } from '../../harness/sandbox/docker.js';
import { bwrapPath } from '../../harness/sandbox/local.js';

export const inCI = process.env.CI === 'true';

/** Resolves whether `what` is present; absent in CI it throws, saying what and how to get it. */
export async function prerequisite(what: string, present: () => boolean | Promise<boolean>, howToGet: string): Promise<boolean> {
  return (await present()) || missing(what, howToGet);
}

/** False (the caller skips) — or, in CI, an error naming what is missing and how to get it. */
export function missing(what: string, howToGet: string): false {
  if (inCI) throw new Error(`CI=true but ${what} is missing (${howToGet}): a missing prerequisite fails in CI, it does not skip`);
  return false;
}

/** True when the Docker (or Podman) daemon at DOCKER_HOST answers a ping. */
export function dockerAvailable(timeoutMs = 3000): Promise<boolean> {
  return pingDocker(undefined, timeoutMs);
}

/** Resolves true when Docker is usable; false (skip) when not — except in CI, where it throws. */
export function requireDockerOrSkip(): Promise<boolean> {
  return prerequisite('a Docker daemon (DOCKER_HOST or /var/run/docker.sock)', () => dockerAvailable(), 'start it: bash .ci/setup');
}

/** Same gate for bubblewrap (the local backend). */
export function requireBwrapOrSkip(): boolean {
  return Boolean(bwrapPath()) || missing('bubblewrap (bwrap)', 'apt-get install bubblewrap, or bash .ci/setup');
}
