// Model prices (USD per million tokens) and cache-aware cost of a call.
// Usage convention across providers: inputTokens are UNCACHED input tokens; cache reads and
// cache writes are counted apart (OpenAI's prompt_tokens include cached ones; the OpenAI
// provider subtracts them), so cost = Σ tokens × their own price.
import type { Usage } from '../core/messages.js';

export interface Price {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

const p = (input: number, output: number, cacheRead: number, cacheWrite: number): Price => ({
  input,
  output,
  cacheRead,
  cacheWrite,
});

/** List prices (checked against the vendors' pricing pages, late 2026). Anthropic cache writes are the 5-minute ephemeral rate (1.25× input);
 * OpenAI caches automatically and bills no write, so its write price is the input price. */
// Long-context surcharges and tiered bands are not modelled: costs are list-price estimates.
export const PRICE_TABLE: Record<string, Price> = {
  // Anthropic (5-minute cache writes; Haiku 5.5 at its ≤100k-token prompt band)
  'claude-fable-5-1': p(10, 50, 0.25, 12.5),
  'claude-mythos-5-1': p(10, 50, 0.25, 12.5),
  'claude-fable-5': p(10, 50, 1, 12.5),
  'claude-mythos-5': p(10, 50, 1, 12.5),
  'claude-opus-5-5': p(4, 20, 0.2, 5),
  'claude-opus-5': p(5, 25, 0.5, 6.25),
  'claude-opus-4-8': p(5, 25, 0.5, 6.25),
  'claude-opus-4-7': p(5, 25, 0.5, 6.25),
  'claude-opus-4-6': p(5, 25, 0.5, 6.25),
  'claude-opus-4-5': p(5, 25, 0.5, 6.25),
  'claude-opus-4-1': p(15, 75, 1.5, 18.75),
  'claude-opus-4': p(15, 75, 1.5, 18.75),
  'claude-sonnet-5-5': p(2, 10, 0.1, 2.5),
  'claude-sonnet-5': p(2, 10, 0.2, 2.5),
  'claude-sonnet-4-6': p(3, 15, 0.3, 3.75),
  'claude-sonnet-4-5': p(3, 15, 0.3, 3.75),
  'claude-sonnet-4': p(3, 15, 0.3, 3.75),
  'claude-haiku-5-5': p(0.1, 0.5, 0.01, 0.125),
  'claude-haiku-4-5': p(1, 5, 0.1, 1.25),
  'claude-3-7-sonnet': p(3, 15, 0.3, 3.75),
  'claude-3-5-sonnet': p(3, 15, 0.3, 3.75),
  'claude-3-5-haiku': p(0.8, 4, 0.08, 1),
  'claude-3-opus': p(15, 75, 1.5, 18.75),
  'claude-3-haiku': p(0.25, 1.25, 0.03, 0.3),
  // OpenAI
  'gpt-5.4': p(2.5, 15, 0.25, 2.5),
  'gpt-5.4-mini': p(0.75, 4.5, 0.075, 0.75),
  'gpt-5.1': p(1.25, 10, 0.125, 1.25),
  'gpt-5': p(1.25, 10, 0.125, 1.25),
  'gpt-5-mini': p(0.25, 2, 0.025, 0.25),
  'gpt-5-nano': p(0.05, 0.4, 0.005, 0.05),
  'gpt-4.1': p(2, 8, 0.5, 2),
  'gpt-4.1-mini': p(0.4, 1.6, 0.1, 0.4),
  'gpt-4.1-nano': p(0.1, 0.4, 0.025, 0.1),
  'gpt-4o': p(2.5, 10, 1.25, 2.5),
  'gpt-4o-mini': p(0.15, 0.6, 0.075, 0.15),
  o3: p(2, 8, 0.5, 2),
  'o3-mini': p(1.1, 4.4, 0.55, 1.1),
  'o4-mini': p(1.1, 4.4, 0.275, 1.1),
};

/** Free "models" (no API is billed). */
const FREE: Price = p(0, 0, 0, 0);

/** Finds a model's price: exact name, then without a date/`-latest` suffix. `model` may carry
 * its provider prefix (anthropic/…, openai/…). */
export function lookupPrice(model: string): Price | null {
  const bare = model.replace(/^(anthropic|openai)\//, '');
  const candidates = [
    bare,
    bare.replace(/-latest$/, ''),
    bare.replace(/-0$/, ''), // claude-opus-4-0 → claude-opus-4
    bare.replace(/-\d{8}$/, ''),
    bare.replace(/-\d{4}-\d{2}-\d{2}$/, ''),
  ];
  for (const c of candidates) if (PRICE_TABLE[c]) return PRICE_TABLE[c];
  return null;
}

export interface PricingConfig {
  input_per_mtok: number;
  output_per_mtok: number;
  cache_read_per_mtok?: number;
  cache_write_per_mtok?: number;
}

// One warning per unknown model per process: a run has many trials of the same config.
const warned = new Set<string>();

/** The price to bill a configuration with: its `pricing` override, the table, zero for the
 * local players (oracle, noop, replay), or null (unknown: costs are null, never a crash). */
export function resolvePrice(config: { model: string; pricing?: PricingConfig }, warn: (message: string) => void = () => {}): Price | null {
  if (config.pricing) {
    const { input_per_mtok: i, output_per_mtok: o, cache_read_per_mtok, cache_write_per_mtok } = config.pricing;
    return p(i, o, cache_read_per_mtok ?? i, cache_write_per_mtok ?? i);
  }
  if (!/^(anthropic|openai)\//.test(config.model)) return FREE;
  const price = lookupPrice(config.model);
  if (!price && !warned.has(config.model)) {
    warned.add(config.model);
    warn(
      `no price known for model "${config.model}": costs will be null and max_cost_usd cannot apply (set "pricing" in the agent config)`,
    );
  }
  return price;
}

/** USD for one call's usage; null when the price is unknown. */
export function costOf(usage: Usage, price: Price | null): number | null {
  if (!price) return null;
  return (
    (usage.inputTokens * price.input +
      usage.outputTokens * price.output +
      usage.cacheReadTokens * price.cacheRead +
      usage.cacheWriteTokens * price.cacheWrite) /
    1_000_000
  );
}
