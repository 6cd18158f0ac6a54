import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock, TTLCache } from '../src/index.js';

describe('time to live', () => {
  it('serves an entry until its ttl runs out', () => {
    const clock = new ManualClock();
    const cache = new TTLCache({ ttl: 1000, clock });
    cache.set('a', 1);
    clock.advance(999);
    assert.equal(cache.get('a'), 1);
    clock.advance(5);
    assert.equal(cache.get('a'), undefined);
    assert.equal(cache.size, 0);
  });

  it('has and peek report expired entries as missing', () => {
    const clock = new ManualClock();
    const cache = new TTLCache({ ttl: 50, clock });
    cache.set('a', 1);
    clock.advance(60);
    assert.equal(cache.has('a'), false);
    assert.equal(cache.peek('a'), undefined);
  });

  it('lets set override the default ttl per entry', () => {
    const clock = new ManualClock();
    const cache = new TTLCache({ ttl: 100, clock });
    cache.set('default', 1);
    cache.set('longer', 2, { ttl: 500 });
    cache.set('forever', 3, { ttl: 0 });
    clock.advance(200);
    assert.equal(cache.get('default'), undefined);
    assert.equal(cache.get('longer'), 2);
    clock.advance(1e9);
    assert.equal(cache.get('longer'), undefined);
    assert.equal(cache.get('forever'), 3);
  });

  it('restarts the ttl when a key is set again', () => {
    const clock = new ManualClock();
    const cache = new TTLCache({ ttl: 100, clock });
    cache.set('a', 1);
    clock.advance(80);
    cache.set('a', 2);
    clock.advance(80);
    assert.equal(cache.get('a'), 2);
  });

  it('extends the ttl on get only with updateAgeOnGet', () => {
    const clock = new ManualClock();
    const plain = new TTLCache({ ttl: 100, clock });
    plain.set('a', 1);
    clock.advance(60);
    plain.get('a');
    clock.advance(60);
    assert.equal(plain.get('a'), undefined);

    const cache = new TTLCache({ ttl: 100, clock, updateAgeOnGet: true });
    cache.set('a', 1);
    clock.advance(60);
    cache.get('a');
    clock.advance(60);
    assert.equal(cache.get('a'), 1);
    clock.advance(150);
    assert.equal(cache.get('a'), undefined);
  });

});

describe('purgeStale', () => {
  it('removes only expired entries and counts them', () => {
    const clock = new ManualClock();
    const cache = new TTLCache({ clock });
    cache.set('a', 1, { ttl: 10 });
    cache.set('b', 2, { ttl: 1000 });
    cache.set('c', 3, { ttl: 20 });
    cache.set('d', 4);
    clock.advance(30);
    assert.equal(cache.size, 4);
    assert.equal(cache.purgeStale(), 2);
    assert.equal(cache.size, 2);
    assert.deepEqual([...cache.keys()], ['d', 'b']);
    assert.equal(cache.purgeStale(), 0);
  });

  it('frees the size held by expired entries', () => {
    const clock = new ManualClock();
    const cache = new TTLCache({ clock, maxSize: 100 });
    cache.set('a', 'x', { ttl: 10, size: 40 });
    cache.set('b', 'y', { size: 25 });
    clock.advance(11);
    cache.purgeStale();
    assert.equal(cache.totalSize, 25);
  });
});
