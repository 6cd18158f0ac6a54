// A cache entry is also a node of the recency list (see list.js). Times are absolute
// milliseconds from the cache's clock.
//
//   fresh   now <  expiresAt                    served normally
//   stale   expiresAt <= now < staleUntil       served only inside a stale-while-revalidate window
//   dead    now >= staleUntil                   never served; removed when found
//
// A ttl of 0 means "never expires": expiresAt and staleUntil are Infinity.

export function createEntry(key, value, size, ttl, now, staleWindow) {
  const entry = {
    key,
    value,
    size,
    ttl,
    expiresAt: Infinity,
    staleUntil: Infinity,
    revalidating: false,
    prev: null,
    next: null,
  };
  return refresh(entry, now, staleWindow);
}

/** Restarts the entry's time-to-live from `now`, using its own `ttl`. */
export function refresh(entry, now, staleWindow) {
  if (entry.ttl > 0) {
    entry.expiresAt = now + entry.ttl;
    entry.staleUntil = entry.expiresAt + staleWindow;
  } else {
    entry.expiresAt = Infinity;
    entry.staleUntil = Infinity;
  }
  return entry;
}

/** True once the entry's time-to-live has run out (it may still be inside its stale window). */
export function isStale(entry, now) {
  return now >= entry.expiresAt;
}

export function validateTTL(ttl, where) {
  if (typeof ttl !== 'number' || Number.isNaN(ttl) || ttl < 0 || ttl === Infinity) {
    throw new TypeError(`${where}: ttl must be a finite number of milliseconds >= 0 (0 = no expiry)`);
  }
  return ttl;
}
