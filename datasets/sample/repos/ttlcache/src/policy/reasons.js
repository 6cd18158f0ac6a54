// Why an entry left the cache; passed as the third argument of `onEvict`.
export const Reason = Object.freeze({
  /** Its time-to-live (plus any stale window) ran out. */
  EXPIRED: 'expired',
  /** It was the least recently used entry when the cache went over `max` or `maxSize`. */
  EVICTED: 'evicted',
  /** `delete(key)` removed it. */
  DELETED: 'deleted',
  /** `set(key, …)` stored a different value under the same key. */
  REPLACED: 'replaced',
  /** `clear()` removed it. */
  CLEARED: 'cleared',
});
