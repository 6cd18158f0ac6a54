import { isClock, systemClock } from './clock.js';
import { LinkedList } from './store/list.js';
import { createEntry, isStale, refresh, validateTTL } from './store/entry.js';
import { isDead, purgeDead } from './policy/purge.js';
import { normalizeLimits, resolveSize } from './policy/size.js';
import { Reason } from './policy/reasons.js';

export class TTLCache {
  #map = new Map();
  #list = new LinkedList();
  #totalSize = 0;
  #max;
  #maxSize;
  #sizeCalculation;
  #ttl;
  #staleWindow;
  #revalidate;
  #onEvict;
  #clock;
  #updateAgeOnGet;

  constructor(options = {}) {
    const limits = normalizeLimits(options);
    this.#max = limits.max;
    this.#maxSize = limits.maxSize;
    this.#sizeCalculation = limits.sizeCalculation;
    this.#ttl = validateTTL(options.ttl ?? 0, 'TTLCache');
    this.#staleWindow = options.staleWhileRevalidate ?? 0;
    if (!Number.isFinite(this.#staleWindow) || this.#staleWindow < 0) {
      throw new TypeError('TTLCache: staleWhileRevalidate must be a finite number of milliseconds >= 0');
    }
    this.#revalidate = options.revalidate;
    this.#onEvict = options.onEvict;
    this.#clock = options.clock ?? systemClock;
    if (!isClock(this.#clock)) throw new TypeError('TTLCache: clock must have a now() method');
    this.#updateAgeOnGet = Boolean(options.updateAgeOnGet);
  }

  /** Number of entries held, including stale ones not yet swept out. */
  get size() {
    return this.#map.size;
  }

  /** Sum of the sizes of all held entries. */
  get totalSize() {
    return this.#totalSize;
  }

  get max() {
    return this.#max;
  }

  get maxSize() {
    return this.#maxSize;
  }

  /**
   * Stores `value` under `key` as the most recently used entry. Options: `ttl` (overrides
   * the cache's default; 0 = never expires) and `size` (overrides sizeCalculation).
   * Returns false when the value can never fit (size > maxSize); it is then not stored.
   */
  set(key, value, options = {}) {
    const ttl = validateTTL(options.ttl ?? this.#ttl, 'TTLCache.set');
    const size = resolveSize(key, value, options.size, this.#sizeCalculation);
    const now = this.#clock.now();
    const existing = this.#map.get(key);

    if (size > this.#maxSize) {
      if (existing) this.#drop(existing, Reason.EVICTED);
      return false;
    }

    if (existing) {
      const previous = existing.value;
      this.#totalSize += size - existing.size;
      existing.value = value;
      existing.size = size;
      existing.ttl = ttl;
      existing.revalidating = false;
      refresh(existing, now, this.#staleWindow);
      this.#list.moveToFront(existing);
      if (previous !== value) this.#emit(previous, key, Reason.REPLACED);
    } else {
      const entry = createEntry(key, value, size, ttl, now, this.#staleWindow);
      this.#map.set(key, entry);
      this.#list.pushFront(entry);
      this.#totalSize += size;
    }
    this.#trim(now);
    return true;
  }

  /**
   * Returns the value for `key` and marks it most recently used. A stale entry inside its
   * stale-while-revalidate window is still returned, and the `revalidate` option (if any)
   * is called once in the background to refresh it. Dead entries are removed.
   */
  get(key) {
    const entry = this.#map.get(key);
    if (!entry) return undefined;
    const now = this.#clock.now();
    if (isDead(entry, now)) {
      this.#drop(entry, Reason.EXPIRED);
      return undefined;
    }
    if (isStale(entry, now)) {
      this.#startRevalidation(entry);
    } else if (this.#updateAgeOnGet) {
      refresh(entry, now, this.#staleWindow);
    }
    this.#list.moveToFront(entry);
    return entry.value;
  }

  /** Returns the value without changing recency, expiry or starting a revalidation. */
  peek(key) {
    const entry = this.#find(key);
    return entry ? entry.value : undefined;
  }

  /** True when `key` holds a fresh (not stale) entry. Does not change recency. */
  has(key) {
    const entry = this.#find(key);
    return entry !== undefined && !isStale(entry, this.#clock.now());
  }

  delete(key) {
    const entry = this.#map.get(key);
    if (!entry) return false;
    this.#drop(entry, Reason.DELETED);
    return true;
  }

  clear() {
    const entries = [...this.#list.forward()];
    this.#map.clear();
    this.#list.clear();
    this.#totalSize = 0;
    for (const entry of entries) this.#emit(entry.value, entry.key, Reason.CLEARED);
  }

  /** Removes every dead entry now; returns how many were removed. */
  purgeStale() {
    return purgeDead(this.#list, this.#clock.now(), (entry) => this.#drop(entry, Reason.EXPIRED));
  }

  /** [key, value] pairs from most to least recently used, skipping dead entries. */
  *entries() {
    const now = this.#clock.now();
    for (const entry of this.#list.forward()) {
      if (!isDead(entry, now)) yield [entry.key, entry.value];
    }
  }

  *keys() {
    for (const [key] of this.entries()) yield key;
  }

  *values() {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator]() {
    return this.entries();
  }

  /** The entry for `key` unless it is missing or dead; no side effects. */
  #find(key) {
    const entry = this.#map.get(key);
    if (!entry || isDead(entry, this.#clock.now())) return undefined;
    return entry;
  }

  #trim(now) {
    while (this.#map.size > this.#max || this.#totalSize > this.#maxSize) {
      const victim = this.#list.tail;
      this.#drop(victim, isStale(victim, now) ? Reason.EXPIRED : Reason.EVICTED);
    }
  }

  #drop(entry, reason) {
    this.#map.delete(entry.key);
    this.#list.remove(entry);
    this.#totalSize -= entry.size;
    this.#emit(entry.value, entry.key, reason);
  }

  #emit(value, key, reason) {
    if (this.#onEvict) this.#onEvict(value, key, reason);
  }

  #startRevalidation(entry) {
    if (!this.#revalidate || entry.revalidating) return;
    entry.revalidating = true;
    const { key, value } = entry;
    Promise.resolve()
      .then(() => this.#revalidate(key, value))
      .then(
        (fresh) => {
          // Only store the result if the entry was not replaced or removed meanwhile.
          if (this.#map.get(key) === entry && entry.revalidating) this.set(key, fresh, { ttl: entry.ttl });
        },
        () => {
          entry.revalidating = false;
        },
      );
  }
}
