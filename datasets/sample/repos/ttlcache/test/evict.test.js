import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock, Reason, TTLCache } from '../src/index.js';

function recorder() {
  const calls = [];
  return { calls, onEvict: (value, key, reason) => calls.push([key, value, reason]) };
}

describe('onEvict', () => {
  it('reports capacity evictions as "evicted"', () => {
    const { calls, onEvict } = recorder();
    const cache = new TTLCache({ max: 2, clock: new ManualClock(), onEvict });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    assert.deepEqual(calls, [['a', 1, Reason.EVICTED]]);
  });

  it('reports expiry found by get as "expired"', () => {
    const { calls, onEvict } = recorder();
    const clock = new ManualClock();
    const cache = new TTLCache({ ttl: 10, clock, onEvict });
    cache.set('a', 1);
    clock.advance(11);
    cache.get('a');
    assert.deepEqual(calls, [['a', 1, 'expired']]);
  });

  it('reports expired entries pushed out by capacity as "expired"', () => {
    const { calls, onEvict } = recorder();
    const clock = new ManualClock();
    const cache = new TTLCache({ max: 2, clock, onEvict });
    cache.set('a', 1, { ttl: 5 });
    cache.set('b', 2);
    clock.advance(10);
    cache.set('c', 3);
    assert.deepEqual(calls, [['a', 1, 'expired']]);
  });

  it('reports delete, purgeStale and clear', () => {
    const { calls, onEvict } = recorder();
    const clock = new ManualClock();
    const cache = new TTLCache({ clock, onEvict });
    cache.set('a', 1);
    cache.set('b', 2, { ttl: 1 });
    cache.delete('a');
    cache.delete('nope');
    clock.advance(2);
    cache.purgeStale();
    cache.set('c', 3);
    cache.set('d', 4);
    cache.clear();
    assert.deepEqual(calls, [
      ['a', 1, 'deleted'],
      ['b', 2, 'expired'],
      ['d', 4, 'cleared'],
      ['c', 3, 'cleared'],
    ]);
  });

  it('reports a changed value as "replaced" but not an identical one', () => {
    const { calls, onEvict } = recorder();
    const cache = new TTLCache({ clock: new ManualClock(), onEvict });
    const v = { n: 1 };
    cache.set('a', v);
    cache.set('a', v);
    cache.set('a', { n: 2 });
    assert.deepEqual(calls, [['a', v, 'replaced']]);
  });

});
