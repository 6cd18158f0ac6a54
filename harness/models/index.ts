// Builds the ModelClient an agent configuration names. API keys are read here, from the
// environment variable the config names, and go straight into the SDK client — nowhere else.
import type { ModelClient, ModelRequest } from '../core/messages.js';
import type { OracleScript } from '../core/skill.js';
import { InfraError, InputError } from '../core/errors.js';
import { type AgentConfig, DEFAULT_API_KEY_ENV, providerOf } from '../config/agent-config.js';
import { readTrajectory, registerSecret } from '../agent/trajectory.js';
import type { RetryOptions } from './retry.js';
import { noopClient, oracleClient, replayClient } from './scripted.js';

export interface CreateModelClientOptions {
  /** The task's gold solution; required for model `oracle`. */
  oracleScript?: OracleScript;
  env?: NodeJS.ProcessEnv;
  warn?: (message: string) => void;
  /** Backoff tuning (tests make it instant); maxRetries always comes from the config. */
  retry?: Omit<RetryOptions, 'maxRetries'>;
}

/** The env var holding this config's API key (the config's choice or the provider default). */
export function apiKeyEnvName(config: AgentConfig): string | undefined {
  const provider = providerOf(config.model);
  if (provider !== 'anthropic' && provider !== 'openai') return undefined;
  return config.provider.api_key_env ?? DEFAULT_API_KEY_ENV[provider];
}

export function createModelClient(config: AgentConfig, opts: CreateModelClientOptions = {}): ModelClient {
  const env = opts.env ?? process.env;
  const provider = providerOf(config.model);
  if (provider === 'noop') return noopClient();
  if (provider === 'oracle') {
    if (!opts.oracleScript) throw new Error('model "oracle" needs the task\'s oracle script');
    return oracleClient(opts.oracleScript);
  }
  if (provider === 'replay') return replayClient(readTrajectory(config.model.slice('replay:'.length)), config.model);

  const keyEnv = apiKeyEnvName(config)!;
  let apiKey = env[keyEnv];
  // The trajectory writer redacts every key a provider was given, from whichever env.
  registerSecret(apiKey);
  if (!apiKey) {
    // Local OpenAI-compatible servers rarely check keys; the real APIs always do.
    if (!config.provider.base_url) throw new InfraError(`${config.model}: environment variable ${keyEnv} is not set`);
    opts.warn?.(`${config.model}: ${keyEnv} is not set; calling ${config.provider.base_url} without a key`);
    apiKey = 'not-set';
  }
  const common = {
    model: config.model.slice(provider.length + 1),
    apiKey,
    baseURL: config.provider.base_url,
    maxTokens: config.provider.max_tokens,
    temperature: config.provider.temperature,
    timeoutMs: config.provider.timeout_seconds * 1000,
    retry: { ...opts.retry, maxRetries: config.provider.max_retries },
  };
  if (!common.model) throw new InputError('agent config', 'model', 'model name missing after provider');
  // The SDKs load on the first request: an oracle or noop run (and `--help`) never pays for them.
  return provider === 'anthropic'
    ? lazyClient(
        `anthropic/${common.model}`,
        async () => new (await import('./anthropic.js')).AnthropicModelClient({ ...common, toolStyle: config.provider.tool_style }),
      )
    : lazyClient(`openai/${common.model}`, async () => new (await import('./openai.js')).OpenAIModelClient(common));
}

function lazyClient(id: string, load: () => Promise<ModelClient>): ModelClient {
  let client: Promise<ModelClient> | undefined;
  return { id, complete: async (req: ModelRequest) => (await (client ??= load())).complete(req) };
}

export { resolvePrice, costOf, lookupPrice, PRICE_TABLE, type Price } from './pricing.js';
