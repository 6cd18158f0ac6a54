// Before any trial starts, each API configuration sends ONE request exactly as its trials will
// (same model, tools, max_tokens, temperature, endpoint): a missing key, a rejected key, an
// unknown model, an invalid request or an endpoint that cannot be reached stops the run there,
// with a message naming the configuration and the endpoint — not after a dataset of failures.
import { ConfigError, TransportError } from '../core/errors.js';
import type { AgentConfig } from '../config/agent-config.js';
import { createModelClient, resolveEndpoint, type CreateModelClientOptions, type Endpoint } from '../models/index.js';
import { costOf, resolvePrice } from '../models/pricing.js';
import { toolBoxOptions } from '../agent/loop.js';
import { toolSpecs } from '../agent/tools/index.js';
import type { SpendLine } from '../results/spend.js';

export const PREFLIGHT_SYSTEM = 'This is a connectivity check before an evaluation run. Answer with one word.';
export const PREFLIGHT_PROMPT = 'Reply with the word: ready';

export interface PreflightOptions extends Pick<CreateModelClientOptions, 'env' | 'retry' | 'fetch'> {
  /** Told each billed preflight request (the run records it in its spend ledger). */
  onSpend?: (line: Omit<SpendLine, 't'>) => void;
  warn?: (message: string) => void;
  signal?: AbortSignal;
}

/** Needs a request: the configurations that call a model API. */
export function needsPreflight(config: AgentConfig): boolean {
  return resolveEndpoint(config) !== undefined;
}

/** One request per API configuration, all at once. Throws a ConfigError naming every
 * configuration that cannot work. A transient fault that outlasts the retries (an overloaded
 * API) proves nothing about the configuration: it is reported, and the trials retry as usual. */
export async function preflight(configs: AgentConfig[], opts: PreflightOptions = {}): Promise<void> {
  const failures = await Promise.all(configs.filter(needsPreflight).map((c) => checkOne(c, opts)));
  const messages = failures.filter((m): m is string => m !== undefined);
  if (messages.length) throw new ConfigError(`preflight failed, no trial was started:\n  ${messages.join('\n  ')}`);
}

async function checkOne(config: AgentConfig, opts: PreflightOptions): Promise<string | undefined> {
  try {
    const model = createModelClient(config, { env: opts.env, retry: opts.retry, fetch: opts.fetch, warn: opts.warn, preflight: true });
    const reply = await model.complete({
      system: PREFLIGHT_SYSTEM,
      messages: [{ role: 'user', content: PREFLIGHT_PROMPT }],
      tools: toolSpecs(toolBoxOptions(config, model)),
      signal: opts.signal,
    });
    const cost = costOf(reply.usage, resolvePrice(config));
    opts.onSpend?.({ kind: 'preflight', agent: config.name, model: config.model, usage: reply.usage, cost });
    return undefined;
  } catch (err) {
    if (err instanceof ConfigError) return `${config.name}: ${err.message}`;
    if (!(err instanceof TransportError)) throw err;
    opts.warn?.(`${config.name}: the preflight request met only transient faults (${err.message}): starting anyway`);
    return undefined;
  }
}

/** The endpoint of every API configuration, for run.json (credentials are never part of it). */
export function endpointsOf(configs: AgentConfig[], env: NodeJS.ProcessEnv = process.env): Record<string, Endpoint> {
  const out: Record<string, Endpoint> = {};
  for (const c of configs) {
    const e = resolveEndpoint(c, env);
    if (e) out[c.name] = e;
  }
  return out;
}
