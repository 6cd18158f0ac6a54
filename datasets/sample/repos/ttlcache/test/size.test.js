import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock, TTLCache } from '../src/index.js';

const bySize = (value) => value.length;

describe('maxSize', () => {
  it('uses sizeCalculation(value, key), or 1 per entry without it', () => {
    const seen = [];
    const cache = new TTLCache({
      clock: new ManualClock(),
      sizeCalculation: (value, key) => {
        seen.push(key);
        return value.length;
      },
    });
    cache.set('a', 'xxxx');
    cache.set('b', 'yy');
    assert.equal(cache.totalSize, 6);
    const plain = new TTLCache({ clock: new ManualClock() });
    plain.set('a', 'xxxx');
    plain.set('b', 'yy');
    assert.equal(plain.totalSize, 2);
    assert.deepEqual(seen, ['a', 'b']);
  });

  it('prefers an explicit size over sizeCalculation', () => {
    const cache = new TTLCache({ clock: new ManualClock(), sizeCalculation: bySize });
    cache.set('a', 'xxxx', { size: 9 });
    assert.equal(cache.totalSize, 9);
  });

  it('evicts least recently used entries until the total fits', () => {
    const cache = new TTLCache({ clock: new ManualClock(), maxSize: 10, sizeCalculation: bySize });
    cache.set('a', 'aaaa');
    cache.set('b', 'bbb');
    cache.set('c', 'cc');
    cache.get('a');
    cache.set('d', 'dddd');
    assert.deepEqual([...cache.keys()], ['d', 'a', 'c']);
    assert.equal(cache.totalSize, 10);
  });

  it('tracks size changes when a key is overwritten', () => {
    const cache = new TTLCache({ clock: new ManualClock(), maxSize: 100, sizeCalculation: bySize });
    cache.set('a', 'aaaaa');
    cache.set('a', 'aa');
    assert.equal(cache.totalSize, 2);
    cache.set('a', 'aaaaaaa');
    assert.equal(cache.totalSize, 7);
  });

  it('enforces max and maxSize together', () => {
    const cache = new TTLCache({ clock: new ManualClock(), max: 3, maxSize: 8, sizeCalculation: bySize });
    cache.set('a', 'a');
    cache.set('b', 'b');
    cache.set('c', 'c');
    cache.set('d', 'd');
    assert.deepEqual([...cache.keys()], ['d', 'c', 'b']);
    cache.set('e', 'eeeeeee');
    assert.deepEqual([...cache.keys()], ['e', 'd']);
    assert.equal(cache.totalSize, 8);
  });

  it('rejects sizes that are not positive integers', () => {
    const cache = new TTLCache({ clock: new ManualClock(), sizeCalculation: () => 0 });
    assert.throws(() => cache.set('a', 'x'), TypeError);
    assert.throws(() => cache.set('a', 'x', { size: 2.5 }), TypeError);
    assert.throws(() => cache.set('a', 'x', { size: '3' }), TypeError);
    assert.equal(cache.size, 0);
    assert.equal(cache.totalSize, 0);
  });
});
