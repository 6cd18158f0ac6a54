// Agent configuration: the YAML schema, loading with file+field errors,
// the `--model` shorthand, and the stable hash that identifies a configuration in results.
// API keys are never part of it: only the NAME of the environment variable that holds one.
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { z } from 'zod';
import { readInputSync, validateInput } from '../core/input.js';
import {
  DEFAULT_SYSTEM_PROMPT,
  DEFAULT_TASK_PROMPT,
  SYSTEM_PLACEHOLDERS,
  TASK_PLACEHOLDERS,
  templatePlaceholders,
} from './prompt-templates.js';

const MODEL_RE = /^(anthropic\/.+|openai\/.+|oracle|noop|replay:.+)$/;

function placeholdersOk(allowed: readonly string[]) {
  return (tpl: string | undefined) => !tpl || templatePlaceholders(tpl).every((p) => allowed.includes(p));
}

export const ProviderSchema = z.strictObject({
  base_url: z.url().optional(),
  /** Name of the environment variable holding the key (default per provider). */
  api_key_env: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')
    .optional(),
  max_retries: z.int().min(0).max(20).default(4),
  /** Total deadline of one request attempt, the reply's body included. */
  timeout_seconds: z.number().positive().default(600),
  // The settings below have no default in the schema (the code applies it), so configurations
  // that do not set them keep the hash they had before these existed.
  /** Longest silence inside a reply's body before the attempt counts as stalled and is retried (default 120). */
  stall_seconds: z.number().positive().optional(),
  /** Stream replies; default: only long generations (max_tokens above 21333, about ten minutes of output). */
  stream: z.boolean().optional(),
  /** Requests in flight at once for this configuration (lowered for a while after each 429). */
  max_concurrency: z.int().positive().optional(),
  requests_per_minute: z.int().positive().optional(),
  tokens_per_minute: z.int().positive().optional(),
  max_tokens: z.int().positive().default(4096),
  temperature: z.number().min(0).max(2).optional(),
  /** native: the provider's own tool types where it has them (Claude); json: plain JSON-schema tools. */
  tool_style: z.enum(['native', 'json']).default('native'),
});

export const AgentConfigSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-" only')
    .optional(),
  model: z.string().regex(MODEL_RE, 'anthropic/<model>, openai/<model>, oracle, noop or replay:<trajectory.json>'),
  provider: ProviderSchema.prefault({}),
  prompts: z
    .strictObject({
      system: z
        .string()
        .min(1)
        .optional()
        .refine(placeholdersOk(SYSTEM_PLACEHOLDERS), `placeholders allowed: ${SYSTEM_PLACEHOLDERS.join(', ')}`),
      task: z
        .string()
        .min(1)
        .optional()
        .refine(placeholdersOk(TASK_PLACEHOLDERS), `placeholders allowed: ${TASK_PLACEHOLDERS.join(', ')}`),
    })
    .prefault({}),
  tools: z
    .array(z.enum(['bash', 'str_replace_based_edit_tool']))
    .min(1)
    .refine((t) => new Set(t).size === t.length, 'tools must not repeat')
    .default(['bash', 'str_replace_based_edit_tool']),
  bash: z
    .strictObject({
      mode: z.enum(['stateless', 'session']).default('stateless'),
      timeout_seconds: z.number().positive().default(60),
      output_cap_bytes: z.int().positive().default(30000),
    })
    .prefault({}),
  limits: z
    .strictObject({
      max_turns: z.int().positive().default(50),
      max_total_tokens: z.int().positive().default(2_000_000),
      max_cost_usd: z.number().positive().optional(),
      max_wall_seconds: z.number().positive().default(1800),
    })
    .prefault({}),
  /** USD per million tokens; overrides the built-in table. Cache prices default to the input price. */
  pricing: z
    .strictObject({
      input_per_mtok: z.number().min(0),
      output_per_mtok: z.number().min(0),
      cache_read_per_mtok: z.number().min(0).optional(),
      cache_write_per_mtok: z.number().min(0).optional(),
    })
    .optional(),
});

type Parsed = z.output<typeof AgentConfigSchema>;
/** A validated configuration with every default filled in (`name` always set). */
export type AgentConfig = Omit<Parsed, 'name'> & { name: string };
export type AgentConfigInput = z.input<typeof AgentConfigSchema>;

export const DEFAULT_API_KEY_ENV = { anthropic: 'ANTHROPIC_API_KEY', openai: 'OPENAI_API_KEY' } as const;

/** A file-name-safe name derived from the model, e.g. anthropic/claude-sonnet-4-5 → anthropic-claude-sonnet-4-5. */
export function defaultAgentName(model: string): string {
  const base = model.startsWith('replay:') ? `replay-${basename(model.slice(7)).replace(/\.json$/, '')}` : model;
  return base.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'agent';
}

function withName(cfg: Parsed): AgentConfig {
  return { ...cfg, name: cfg.name ?? defaultAgentName(cfg.model) };
}

/** Validates a parsed object; errors name `file` and the field path. */
export function parseAgentConfig(raw: unknown, file = '<agent config>'): AgentConfig {
  return withName(validateInput(raw ?? {}, AgentConfigSchema, file));
}

export function loadAgentConfig(file: string): AgentConfig {
  return withName(readInputSync(file, AgentConfigSchema, { format: 'yaml', empty: {} }));
}

/** The `--model X` shorthand: a config with every default. */
export function agentConfigFromModel(model: string): AgentConfig {
  return parseAgentConfig({ model }, '--model');
}

/** The provider part of a model id: anthropic, openai, oracle, noop, replay. */
export function providerOf(model: string): 'anthropic' | 'openai' | 'oracle' | 'noop' | 'replay' {
  if (model.startsWith('anthropic/')) return 'anthropic';
  if (model.startsWith('openai/')) return 'openai';
  if (model.startsWith('replay:')) return 'replay';
  return model === 'oracle' ? 'oracle' : 'noop';
}

/** JSON with object keys sorted at every level, undefined members dropped. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** sha256 of the canonical config with default prompts resolved to their text, so that a
 * change of the built-in prompt also changes the hash (it changes behaviour). The name is
 * kept: two identically-behaving agents in one run must still be told apart on resume. */
export function agentConfigHash(config: AgentConfig): string {
  const effective = {
    ...config,
    prompts: {
      system: config.prompts.system ?? DEFAULT_SYSTEM_PROMPT,
      task: config.prompts.task ?? DEFAULT_TASK_PROMPT,
    },
  };
  return createHash('sha256').update(canonicalJson(effective)).digest('hex');
}

/** JSON Schema of the YAML input (defaults shown), for editors and docs. */
export function agentConfigJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(AgentConfigSchema, { io: 'input' }) as Record<string, unknown>;
}
