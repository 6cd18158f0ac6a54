// Prices and cost: table lookup with dated aliases, cache-aware arithmetic, config override,
// free local players, and unknown models (null cost, one warning, no crash).
import { describe, expect, it } from 'vitest';
import { PRICE_TABLE, costOf, lookupPrice, resolvePrice } from '../../harness/models/pricing.js';

const usage = { inputTokens: 1_000_000, outputTokens: 100_000, cacheReadTokens: 2_000_000, cacheWriteTokens: 400_000 };

describe('lookupPrice', () => {
  it('finds models with or without provider prefix, date suffix or -latest', () => {
    const sonnet = PRICE_TABLE['claude-sonnet-4-5'];
    expect(lookupPrice('anthropic/claude-sonnet-4-5')).toBe(sonnet);
    expect(lookupPrice('claude-sonnet-4-5-20250929')).toBe(sonnet);
    expect(lookupPrice('claude-3-5-sonnet-latest')).toBe(PRICE_TABLE['claude-3-5-sonnet']);
    expect(lookupPrice('claude-opus-4-0')).toBe(PRICE_TABLE['claude-opus-4']);
    expect(lookupPrice('openai/gpt-4o-2024-08-06')).toBe(PRICE_TABLE['gpt-4o']);
    expect(lookupPrice('gpt-4o-mini')).toBe(PRICE_TABLE['gpt-4o-mini']);
    expect(lookupPrice('openai/Qwen/Qwen3-32B')).toBeNull();
  });

  it('every table entry is sane: cache reads cheaper than input, output dearer', () => {
    for (const [name, p] of Object.entries(PRICE_TABLE)) {
      expect(p.cacheRead, name).toBeLessThan(p.input);
      expect(p.output, name).toBeGreaterThan(p.input);
      expect(p.cacheWrite, name).toBeGreaterThanOrEqual(p.input);
    }
  });
});

describe('costOf', () => {
  it('bills every kind of token at its own price', () => {
    // sonnet 4.5: $3 in, $15 out, $0.30 cache read, $3.75 cache write
    expect(costOf(usage, PRICE_TABLE['claude-sonnet-4-5'])).toBeCloseTo(3 + 1.5 + 0.6 + 1.5, 10);
    // gpt-4.1: $2 in, $8 out, $0.50 cached
    expect(costOf({ ...usage, cacheWriteTokens: 0 }, PRICE_TABLE['gpt-4.1'])).toBeCloseTo(2 + 0.8 + 1, 10);
  });

  it('is null for an unknown price', () => {
    expect(costOf(usage, null)).toBeNull();
  });
});

describe('resolvePrice', () => {
  it('prefers the config override; cache prices default to the input price', () => {
    const p = resolvePrice({ model: 'openai/local', pricing: { input_per_mtok: 1, output_per_mtok: 2 } });
    expect(p).toEqual({ input: 1, output: 2, cacheRead: 1, cacheWrite: 1 });
    const q = resolvePrice({
      model: 'anthropic/claude-sonnet-4-5',
      pricing: { input_per_mtok: 1, output_per_mtok: 2, cache_read_per_mtok: 0.1, cache_write_per_mtok: 1.5 },
    });
    expect(q).toEqual({ input: 1, output: 2, cacheRead: 0.1, cacheWrite: 1.5 });
  });

  it('is free for oracle, noop and replay', () => {
    for (const model of ['oracle', 'noop', 'replay:t.json']) expect(costOf(usage, resolvePrice({ model }))).toBe(0);
  });

  it('an unknown model gives null and warns once per model', () => {
    const warnings: string[] = [];
    const warn = (m: string) => warnings.push(m);
    expect(resolvePrice({ model: 'openai/mystery-pricing-test-1' }, warn)).toBeNull();
    expect(resolvePrice({ model: 'openai/mystery-pricing-test-1' }, warn)).toBeNull();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/mystery-pricing-test-1.*pricing/);
    expect(resolvePrice({ model: 'anthropic/claude-mystery-pricing-test-2' })).toBeNull(); // no logger: still no crash
  });
});
