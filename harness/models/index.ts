// Builds the ModelClient an agent configuration names. API keys are read here, from the
// environment variable the config names, and go straight into the SDK client (and the
// redactor's list) — nowhere else. The endpoint is resolved here too, once, and recorded.
import type { ModelClient, ModelRequest, NativeEditor } from '../core/messages.js';
import type { OracleScript } from '../core/skill.js';
import { ConfigError, InputError } from '../core/errors.js';
import { registerSecret } from '../core/secrets.js';
import { type AgentConfig, DEFAULT_API_KEY_ENV, providerOf } from '../config/agent-config.js';
import { readTrajectory } from '../core/trajectory.js';
import { nativeEditorOf } from './claude-tools.js';
import { RateLimiter } from './rate-limit.js';
import type { ApiSettings } from './request.js';
import type { RetryOptions } from './retry.js';
import { noopClient, oracleClient, replayClient } from './scripted.js';

export interface CreateModelClientOptions {
  /** The task's gold solution; required for model `oracle`. */
  oracleScript?: OracleScript;
  env?: NodeJS.ProcessEnv;
  warn?: (message: string) => void;
  /** Backoff tuning (tests make it instant); maxRetries always comes from the config. */
  retry?: Omit<RetryOptions, 'maxRetries'>;
  /** The preflight request: an endpoint that cannot be reached is a configuration error at once. */
  preflight?: boolean;
  /** Default: the one limiter of this configuration object, shared by all its clients. */
  limiter?: RateLimiter;
  /** Replaces the SDK's fetch (tests route a vendor URL to the mock server). */
  fetch?: typeof fetch;
}

/** Where an API configuration's requests go, and who said so. Recorded in run.json. */
export interface Endpoint {
  url: string;
  source: 'config' | 'default' | `env:${string}`;
}

const DEFAULT_URL = { anthropic: 'https://api.anthropic.com', openai: 'https://api.openai.com/v1' } as const;
const BASE_URL_ENV = { anthropic: 'ANTHROPIC_BASE_URL', openai: 'OPENAI_BASE_URL' } as const;
/** Above this max_tokens a reply is streamed by default: about ten minutes of output, past which
 * non-streaming requests are dropped by networks (the limit Anthropic's SDK applies too). */
export const LONG_GENERATION_TOKENS = 21_333;
export const DEFAULT_STALL_SECONDS = 120;

/** The env var holding this config's API key (the config's choice or the provider default). */
export function apiKeyEnvName(config: AgentConfig): string | undefined {
  const provider = providerOf(config.model);
  if (provider !== 'anthropic' && provider !== 'openai') return undefined;
  return config.provider.api_key_env ?? DEFAULT_API_KEY_ENV[provider];
}

/** The endpoint of an API configuration: its base_url, else the SDK's environment variable
 * (which would otherwise redirect requests silently), else the vendor's. */
export function resolveEndpoint(config: AgentConfig, env: NodeJS.ProcessEnv = process.env): Endpoint | undefined {
  const provider = providerOf(config.model);
  if (provider !== 'anthropic' && provider !== 'openai') return undefined;
  if (config.provider.base_url) return { url: config.provider.base_url, source: 'config' };
  const fromEnv = env[BASE_URL_ENV[provider]];
  if (fromEnv) return { url: fromEnv, source: `env:${BASE_URL_ENV[provider]}` };
  return { url: DEFAULT_URL[provider], source: 'default' };
}

const limiters = new WeakMap<AgentConfig, RateLimiter>();

/** The rate limiter every client of this configuration object shares. */
export function rateLimiterFor(config: AgentConfig): RateLimiter {
  let limiter = limiters.get(config);
  if (!limiter) {
    const p = config.provider;
    limiter = new RateLimiter({
      maxConcurrency: p.max_concurrency,
      requestsPerMinute: p.requests_per_minute,
      tokensPerMinute: p.tokens_per_minute,
    });
    limiters.set(config, limiter);
  }
  return limiter;
}

export function createModelClient(config: AgentConfig, opts: CreateModelClientOptions = {}): ModelClient {
  const env = opts.env ?? process.env;
  const provider = providerOf(config.model);
  if (provider === 'noop') return noopClient();
  if (provider === 'oracle') {
    if (!opts.oracleScript) throw new Error('model "oracle" needs the task\'s oracle script');
    return oracleClient(opts.oracleScript);
  }
  if (provider === 'replay') return replayClient(readTrajectory(config.model.slice('replay:'.length)), config.model, opts.warn);

  const model = config.model.slice(provider.length + 1);
  if (!model) throw new InputError('agent config', 'model', 'model name missing after provider');
  const endpoint = resolveEndpoint(config, env)!;
  const keyEnv = apiKeyEnvName(config)!;
  let apiKey = env[keyEnv];
  // The redactor removes every key a provider was given, from whichever env.
  registerSecret(apiKey);
  if (!apiKey) {
    // Local OpenAI-compatible servers rarely check keys; the vendors' APIs always do.
    if (endpoint.source === 'default') throw new ConfigError(`${config.model}: environment variable ${keyEnv} is not set`);
    opts.warn?.(`${config.model}: ${keyEnv} is not set; calling ${endpoint.url} without a key`);
    apiKey = 'not-set';
  }
  const p = config.provider;
  const api: ApiSettings = {
    id: `${provider}/${model}`,
    url: endpoint.url,
    timeoutMs: p.timeout_seconds * 1000,
    stallMs: Math.min(p.stall_seconds ?? DEFAULT_STALL_SECONDS, p.timeout_seconds) * 1000,
    retry: { ...opts.retry, maxRetries: p.max_retries },
    limiter: opts.limiter ?? rateLimiterFor(config),
    connectIsFatal: opts.preflight,
  };
  const common = {
    model,
    apiKey,
    baseURL: endpoint.url,
    maxTokens: p.max_tokens,
    temperature: p.temperature,
    stream: p.stream ?? p.max_tokens > LONG_GENERATION_TOKENS,
    api,
    fetch: opts.fetch,
  };
  // The SDKs load on the first request: an oracle or noop run (and `--help`) never pays for them.
  // The editor dialect is known before the client loads: the tool box is built from it.
  return provider === 'anthropic'
    ? lazyClient(
        api.id,
        async () => new (await import('./anthropic.js')).AnthropicModelClient({ ...common, toolStyle: p.tool_style, warn: opts.warn }),
        p.tool_style === 'native' ? nativeEditorOf(model) : undefined,
      )
    : lazyClient(api.id, async () => new (await import('./openai.js')).OpenAIModelClient(common));
}

function lazyClient(id: string, load: () => Promise<ModelClient>, nativeEditor?: NativeEditor): ModelClient {
  let client: Promise<ModelClient> | undefined;
  return {
    id,
    ...(nativeEditor ? { nativeEditor } : {}),
    complete: async (req: ModelRequest) => (await (client ??= load())).complete(req),
  };
}

export { resolvePrice, costOf, lookupPrice, PRICE_TABLE, type Price } from './pricing.js';
