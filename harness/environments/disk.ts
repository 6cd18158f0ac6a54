// A full disk must end in a clear message that says what to free, never in a hang or a
// half-written cache entry (every cache entry appears by an atomic rename).

/** True when an error (or its message, e.g. from the Docker daemon) says the disk is full. */
export function isDiskFull(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  return e?.code === 'ENOSPC' || /no space left on device|ENOSPC|disk quota exceeded/i.test(e?.message ?? String(err));
}

/** A sentence to append to an error message when the disk is full (else ''). */
export function diskFullHint(err: unknown): string {
  return isDiskFull(err)
    ? ' — the disk is full: free space with `atomic-skills environments prune` (prepared images and repo caches) or `docker image prune`'
    : '';
}
