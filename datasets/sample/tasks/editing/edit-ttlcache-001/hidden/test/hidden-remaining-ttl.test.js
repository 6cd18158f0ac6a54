import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock, TTLCache } from '../src/index.js';

describe('getRemainingTTL', () => {
  it('counts down with the clock', () => {
    const clock = new ManualClock(5000);
    const cache = new TTLCache({ ttl: 1000, clock });
    cache.set('a', 1);
    cache.set('b', 2, { ttl: 50 });
    assert.equal(cache.getRemainingTTL('a'), 1000);
    assert.equal(cache.getRemainingTTL('b'), 50);
    clock.advance(30);
    assert.equal(cache.getRemainingTTL('a'), 970);
    assert.equal(cache.getRemainingTTL('b'), 20);
  });

  it('is Infinity for entries that never expire', () => {
    const clock = new ManualClock();
    const withDefault = new TTLCache({ ttl: 100, clock });
    withDefault.set('forever', 1, { ttl: 0 });
    const noTTL = new TTLCache({ clock });
    noTTL.set('x', 1);
    clock.advance(1e9);
    assert.equal(withDefault.getRemainingTTL('forever'), Infinity);
    assert.equal(noTTL.getRemainingTTL('x'), Infinity);
  });

  it('is 0 for missing, stale and expired keys', () => {
    const clock = new ManualClock();
    const cache = new TTLCache({ ttl: 100, staleWhileRevalidate: 50, clock });
    cache.set('a', 1);
    assert.equal(cache.getRemainingTTL('missing'), 0);
    clock.advance(100);
    assert.equal(cache.getRemainingTTL('a'), 0);
    clock.advance(20);
    assert.equal(cache.getRemainingTTL('a'), 0);
    clock.advance(1000);
    assert.equal(cache.getRemainingTTL('a'), 0);
  });

  it('restarts when the key is set again', () => {
    const clock = new ManualClock();
    const cache = new TTLCache({ ttl: 100, clock });
    cache.set('a', 1);
    clock.advance(70);
    cache.set('a', 2, { ttl: 400 });
    assert.equal(cache.getRemainingTTL('a'), 400);
  });

  it('follows updateAgeOnGet', () => {
    const clock = new ManualClock();
    const cache = new TTLCache({ ttl: 100, clock, updateAgeOnGet: true });
    cache.set('a', 1);
    clock.advance(60);
    assert.equal(cache.getRemainingTTL('a'), 40);
    cache.get('a');
    assert.equal(cache.getRemainingTTL('a'), 100);
  });

  it('does not change recency, expiry or size', () => {
    const clock = new ManualClock();
    const evicted = [];
    const cache = new TTLCache({ max: 2, ttl: 100, clock, onEvict: (v, k, r) => evicted.push([k, r]) });
    cache.set('a', 1);
    cache.set('b', 2);
    clock.advance(10);
    assert.equal(cache.getRemainingTTL('a'), 90);
    cache.set('c', 3);
    assert.deepEqual(evicted, [['a', 'evicted']]);
    clock.advance(200);
    assert.equal(cache.getRemainingTTL('b'), 0);
    assert.equal(cache.size, 2);
  });
});
