import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock, TTLCache } from '../src/index.js';

describe('issue: peek and has change recency', () => {
  it('peek does not save an entry from eviction', () => {
    const evicted = [];
    const cache = new TTLCache({ max: 2, clock: new ManualClock(), onEvict: (v, k) => evicted.push(k) });
    cache.set('a', 1);
    cache.set('b', 2);
    assert.equal(cache.peek('a'), 1);
    cache.set('c', 3);
    assert.deepEqual(evicted, ['a']);
    assert.deepEqual([...cache.keys()], ['c', 'b']);
  });

  it('has does not save an entry from eviction', () => {
    const cache = new TTLCache({ max: 2, clock: new ManualClock() });
    cache.set('a', 1);
    cache.set('b', 2);
    assert.equal(cache.has('a'), true);
    cache.set('c', 3);
    assert.equal(cache.peek('a'), undefined);
    assert.equal(cache.peek('b'), 2);
  });
});
