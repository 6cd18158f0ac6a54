// The per-configuration rate limiter on a fake clock: concurrency slots, halving on 429 and
// growing back, requests and tokens per minute.
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../harness/models/rate-limit.js';
import { parseAgentConfig } from '../../harness/config/agent-config.js';
import { rateLimiterFor, resolveEndpoint } from '../../harness/models/index.js';

function fakeTime() {
  let now = 0;
  const slept: number[] = [];
  return {
    now: () => now,
    slept,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
  };
}

describe('RateLimiter', () => {
  it('holds requests beyond max_concurrency until a slot frees', async () => {
    const limiter = new RateLimiter({ maxConcurrency: 2 });
    const a = await limiter.acquire(1);
    await limiter.acquire(1);
    let third = false;
    const pending = limiter.acquire(1).then((s) => ((third = true), s));
    await Promise.resolve();
    expect(third).toBe(false);
    a.release();
    await pending;
    expect(third).toBe(true);
  });

  it('halves its concurrency on a 429 and grows back by one after as many successes', () => {
    const limiter = new RateLimiter({ maxConcurrency: 8 });
    limiter.onRateLimited(); // nothing in flight counts as one
    expect(limiter.concurrency).toBe(1);
    limiter.onSuccess();
    expect(limiter.concurrency).toBe(2);
    limiter.onSuccess();
    limiter.onSuccess();
    expect(limiter.concurrency).toBe(3);
    for (let i = 0; i < 100; i++) limiter.onSuccess();
    expect(limiter.concurrency).toBe(8); // never past the configured ceiling
  });

  it('halves from the requests in flight when unbounded', async () => {
    const limiter = new RateLimiter();
    const slots = await Promise.all(Array.from({ length: 6 }, () => limiter.acquire(1)));
    limiter.onRateLimited();
    expect(limiter.concurrency).toBe(3);
    slots.forEach((s) => s.release());
  });

  it('an aborted wait gives up its place', async () => {
    const limiter = new RateLimiter({ maxConcurrency: 1 });
    const held = await limiter.acquire(1);
    const ctl = new AbortController();
    const waiting = limiter.acquire(1, ctl.signal);
    ctl.abort(new Error('deadline'));
    await expect(waiting).rejects.toThrow('deadline');
    held.release();
    const next = await limiter.acquire(1); // the aborted waiter did not take the slot
    next.release();
  });

  it('keeps requests per minute', async () => {
    const t = fakeTime();
    const limiter = new RateLimiter({ requestsPerMinute: 2 }, t.now, t.sleep);
    for (let i = 0; i < 3; i++) (await limiter.acquire(1)).release();
    expect(t.slept).toEqual([60_000]);
  });

  it('keeps tokens per minute, counting what replies really used', async () => {
    const t = fakeTime();
    const limiter = new RateLimiter({ tokensPerMinute: 1000 }, t.now, t.sleep);
    (await limiter.acquire(900)).release(100); // estimated 900, used 100
    (await limiter.acquire(800)).release(800);
    expect(t.slept).toEqual([]);
    (await limiter.acquire(500)).release(500); // 900 used in the window: waits for it to pass
    expect(t.slept).toEqual([60_000]);
    (await limiter.acquire(5000)).release(); // bigger than the budget: alone, once the window is empty
    expect(t.slept.length).toBe(2);
  });
});

describe('per configuration', () => {
  it('one limiter per configuration object, shared by its clients', () => {
    const a = parseAgentConfig({ model: 'openai/x', provider: { max_concurrency: 3 } });
    const b = parseAgentConfig({ model: 'openai/x', provider: { max_concurrency: 3 } });
    expect(rateLimiterFor(a)).toBe(rateLimiterFor(a));
    expect(rateLimiterFor(a)).not.toBe(rateLimiterFor(b));
    expect(rateLimiterFor(a).concurrency).toBe(3);
  });

  it('resolves the endpoint and says where it came from', () => {
    const plain = parseAgentConfig({ model: 'anthropic/claude-x' });
    expect(resolveEndpoint(plain, {})).toEqual({ url: 'https://api.anthropic.com', source: 'default' });
    expect(resolveEndpoint(plain, { ANTHROPIC_BASE_URL: 'http://proxy:1' })).toEqual({
      url: 'http://proxy:1',
      source: 'env:ANTHROPIC_BASE_URL',
    });
    const own = parseAgentConfig({ model: 'openai/x', provider: { base_url: 'http://vllm:8000/v1' } });
    expect(resolveEndpoint(own, { OPENAI_BASE_URL: 'http://other' })).toEqual({ url: 'http://vllm:8000/v1', source: 'config' });
    expect(resolveEndpoint(parseAgentConfig({ model: 'oracle' }), {})).toBeUndefined();
  });
});
