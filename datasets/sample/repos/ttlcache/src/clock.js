// Clocks give the cache its notion of "now", in milliseconds. The cache only ever calls
// `now()`, so anything with that method can be injected (tests use ManualClock and never
// sleep).

export const systemClock = Object.freeze({
  now: () => Date.now(),
});

export class ManualClock {
  #time;

  constructor(start = 0) {
    if (!Number.isFinite(start)) throw new TypeError('ManualClock: start must be a finite number');
    this.#time = start;
  }

  now() {
    return this.#time;
  }

  /** Moves time forward by `ms` (never backwards) and returns the new time. */
  advance(ms) {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError('ManualClock: advance() takes a non-negative number of milliseconds');
    }
    this.#time += ms;
    return this.#time;
  }

  /** Jumps to an absolute time; it may not go backwards. */
  set(time) {
    if (!Number.isFinite(time) || time < this.#time) {
      throw new RangeError('ManualClock: set() cannot move the clock backwards');
    }
    this.#time = time;
  }
}

export function isClock(value) {
  return value !== null && typeof value === 'object' && typeof value.now === 'function';
}
