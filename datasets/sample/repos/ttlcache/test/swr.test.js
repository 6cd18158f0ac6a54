import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock, TTLCache } from '../src/index.js';

// Lets the background revalidation settle (microtasks only; no real waiting).
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('stale-while-revalidate', () => {
  it('serves a stale value inside the window and refreshes it in the background', async () => {
    const clock = new ManualClock();
    const calls = [];
    const cache = new TTLCache({
      ttl: 100,
      staleWhileRevalidate: 50,
      clock,
      revalidate: async (key, stale) => {
        calls.push([key, stale]);
        return stale + 1;
      },
    });
    cache.set('n', 1);
    clock.advance(120);
    assert.equal(cache.has('n'), false);
    assert.equal(cache.get('n'), 1);
    await settle();
    assert.deepEqual(calls, [['n', 1]]);
    assert.equal(cache.get('n'), 2);
    assert.equal(cache.has('n'), true);
  });

  it('starts only one revalidation per stale entry', async () => {
    const clock = new ManualClock();
    let calls = 0;
    const cache = new TTLCache({
      ttl: 100,
      staleWhileRevalidate: 50,
      clock,
      revalidate: () => {
        calls += 1;
        return 'fresh';
      },
    });
    cache.set('k', 'old');
    clock.advance(110);
    cache.get('k');
    cache.get('k');
    cache.get('k');
    await settle();
    assert.equal(calls, 1);
    assert.equal(cache.get('k'), 'fresh');
  });

  it('drops the entry once the window has passed', () => {
    const clock = new ManualClock();
    let calls = 0;
    const cache = new TTLCache({ ttl: 100, staleWhileRevalidate: 50, clock, revalidate: () => calls++ });
    cache.set('k', 'old');
    clock.advance(160);
    assert.equal(cache.get('k'), undefined);
    assert.equal(cache.size, 0);
    assert.equal(calls, 0);
  });

  it('keeps serving the stale value when revalidation fails, and retries', async () => {
    const clock = new ManualClock();
    let calls = 0;
    const cache = new TTLCache({
      ttl: 100,
      staleWhileRevalidate: 50,
      clock,
      revalidate: async () => {
        calls += 1;
        if (calls === 1) throw new Error('backend down');
        return 'fresh';
      },
    });
    cache.set('k', 'old');
    clock.advance(110);
    assert.equal(cache.get('k'), 'old');
    await settle();
    assert.equal(cache.get('k'), 'old');
    await settle();
    assert.equal(calls, 2);
    assert.equal(cache.get('k'), 'fresh');
  });

  it('without a revalidate function, still serves stale values inside the window', () => {
    const clock = new ManualClock();
    const cache = new TTLCache({ ttl: 100, staleWhileRevalidate: 50, clock });
    cache.set('k', 'old');
    clock.advance(130);
    assert.equal(cache.peek('k'), 'old');
    assert.equal(cache.get('k'), 'old');
    assert.deepEqual([...cache.keys()], ['k']);
  });
});
