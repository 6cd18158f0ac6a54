// Decides when entries may be dropped for good, and sweeps them out.

/** True once the entry is past its time-to-live AND past its stale window. */
export function isDead(entry, now) {
  return now >= entry.staleUntil;
}

/**
 * Walks the list from least to most recently used and calls `drop(entry)` for every dead
 * entry. Returns how many entries were dropped.
 */
export function purgeDead(list, now, drop) {
  let dropped = 0;
  for (const entry of list.backward()) {
    if (isDead(entry, now)) {
      drop(entry);
      dropped += 1;
    }
  }
  return dropped;
}
