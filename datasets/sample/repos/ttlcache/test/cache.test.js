import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock, TTLCache } from '../src/index.js';

describe('TTLCache basics', () => {
  it('stores and reads values', () => {
    const cache = new TTLCache({ clock: new ManualClock() });
    assert.equal(cache.set('a', 1), true);
    assert.equal(cache.get('a'), 1);
    assert.equal(cache.get('missing'), undefined);
    assert.equal(cache.has('a'), true);
    assert.equal(cache.has('missing'), false);
    assert.equal(cache.peek('a'), 1);
    assert.equal(cache.peek('missing'), undefined);
    assert.equal(cache.size, 1);
  });

  it('overwrites a key in place', () => {
    const cache = new TTLCache({ clock: new ManualClock() });
    cache.set('a', 1);
    cache.set('a', 2);
    assert.equal(cache.get('a'), 2);
    assert.equal(cache.size, 1);
  });

  it('deletes entries and clears', () => {
    const cache = new TTLCache({ clock: new ManualClock() });
    cache.set('a', 1);
    assert.equal(cache.delete('a'), true);
    assert.equal(cache.delete('a'), false);
    assert.equal(cache.get('a'), undefined);
    assert.equal(cache.size, 0);
    cache.set('b', 2);
    cache.set('c', 3);
    cache.clear();
    assert.equal(cache.size, 0);
    assert.equal(cache.totalSize, 0);
    assert.deepEqual([...cache.keys()], []);
  });

  it('rejects bad options', () => {
    assert.throws(() => new TTLCache({ max: 0 }), TypeError);
    assert.throws(() => new TTLCache({ max: 1.5 }), TypeError);
    assert.throws(() => new TTLCache({ maxSize: -3 }), TypeError);
    assert.throws(() => new TTLCache({ ttl: -1 }), TypeError);
    assert.throws(() => new TTLCache({ ttl: Infinity }), TypeError);
    assert.throws(() => new TTLCache({ staleWhileRevalidate: -5 }), TypeError);
    assert.throws(() => new TTLCache({ clock: () => 0 }), TypeError);
    assert.throws(() => new TTLCache({ sizeCalculation: 3 }), TypeError);
    const cache = new TTLCache({ clock: new ManualClock() });
    assert.throws(() => cache.set('a', 1, { ttl: -10 }), TypeError);
    assert.throws(() => cache.set('a', 1, { ttl: NaN }), TypeError);
    assert.throws(() => cache.set('a', 1, { ttl: '5' }), TypeError);
    assert.equal(cache.size, 0);
  });
});

describe('LRU eviction', () => {
  it('evicts the least recently set entry beyond max', () => {
    const cache = new TTLCache({ max: 2, clock: new ManualClock() });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    assert.equal(cache.size, 2);
    assert.equal(cache.has('a'), false);
    assert.equal(cache.get('b'), 2);
    assert.equal(cache.get('c'), 3);
  });

  it('get marks an entry as recently used', () => {
    const cache = new TTLCache({ max: 2, clock: new ManualClock() });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.get('a');
    cache.set('c', 3);
    assert.deepEqual([...cache.keys()], ['c', 'a']);
  });

  it('overwriting marks an entry as recently used', () => {
    const cache = new TTLCache({ max: 3, clock: new ManualClock() });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    cache.set('a', 10);
    cache.set('d', 4);
    assert.deepEqual([...cache.keys()], ['d', 'a', 'c']);
  });

});

describe('iteration', () => {
  it('walks from most to least recently used', () => {
    const cache = new TTLCache({ clock: new ManualClock() });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    cache.get('b');
    assert.deepEqual([...cache.keys()], ['b', 'c', 'a']);
    assert.deepEqual([...cache.values()], [2, 3, 1]);
    assert.deepEqual([...cache], [['b', 2], ['c', 3], ['a', 1]]);
  });

  it('skips entries that have expired', () => {
    const clock = new ManualClock();
    const cache = new TTLCache({ clock });
    cache.set('short', 1, { ttl: 100 });
    cache.set('long', 2, { ttl: 1000 });
    clock.advance(500);
    assert.deepEqual([...cache.keys()], ['long']);
  });
});
