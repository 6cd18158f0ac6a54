// The record of one agent run: every model call and tool call, with tokens, cost and
// timings, as versioned JSON. The writer redacts API key values from the environment
// (belt and braces: keys never reach the conversation, but a leak must not reach disk).
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InputError } from '../core/errors.js';
import type { ToolCall, Usage } from '../core/messages.js';

export type AgentStatus = 'finished' | 'limit' | 'error';
export type LimitName = 'max_turns' | 'max_total_tokens' | 'max_cost_usd' | 'max_wall_seconds';

export interface Observation {
  callId: string;
  tool: string;
  output: string;
  isError: boolean;
  durationMs: number;
}

export interface TrajectoryStep {
  /** 1-based model call number. */
  turn: number;
  request: { messages: number; tools: string[] };
  response: { text: string; toolCalls: ToolCall[]; stopReason: string };
  observations: Observation[];
  usage: Usage;
  /** USD for this call; null when the price is unknown. */
  cost: number | null;
  latencyMs: number;
}

export interface Trajectory {
  version: 1;
  model: string;
  agent: string;
  steps: TrajectoryStep[];
  final: { answer: string; status: AgentStatus; limit?: LimitName; error?: string };
  totals: { usage: Usage; cost: number | null; turns: number; wallMs: number };
}

/** Environment variables whose values are API credentials the providers may read. */
export const KNOWN_SECRET_ENV = ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'OPENAI_API_KEY'];
const SECRET_NAME = /(KEY|TOKEN|SECRET|PASSWORD)$/i;
/** Shorter values are not plausible keys and would redact innocent text. */
const MIN_SECRET_LENGTH = 8;
/** Key values the providers actually read (whatever env they were given): always redacted. */
const registered = new Set<string>();

export function registerSecret(value: string | undefined): void {
  if (value && value.length >= MIN_SECRET_LENGTH) registered.add(value);
}

export const REDACTED = '[REDACTED]';

/** Replaces every occurrence of each secret (and its JSON-escaped form) with [REDACTED]. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  const forms = new Set<string>();
  for (const s of secrets) {
    if (!s || s.length < MIN_SECRET_LENGTH) continue;
    forms.add(s);
    forms.add(JSON.stringify(s).slice(1, -1));
  }
  // Longest first, so a key that contains another is removed whole.
  for (const f of [...forms].sort((a, b) => b.length - a.length)) out = out.split(f).join(REDACTED);
  return out;
}

/** Values of the environment's credentials: the known key variables, any `*_API_KEY`-like
 * variable, and the extra names given (e.g. a config's api_key_env). */
export function secretsFromEnv(env: NodeJS.ProcessEnv = process.env, extraNames: readonly string[] = []): string[] {
  const names = new Set([...KNOWN_SECRET_ENV, ...extraNames, ...Object.keys(env).filter((k) => SECRET_NAME.test(k))]);
  const values = [...names].map((n) => env[n]).filter((v): v is string => typeof v === 'string' && v.length >= MIN_SECRET_LENGTH);
  return [...values, ...registered];
}

export interface WriteOptions {
  env?: NodeJS.ProcessEnv;
  /** Further env var names holding secrets (the config's provider.api_key_env). */
  secretEnv?: readonly string[];
}

export function serializeTrajectory(t: Trajectory, opts: WriteOptions = {}): string {
  return redactSecrets(`${JSON.stringify(t, null, 2)}\n`, secretsFromEnv(opts.env, opts.secretEnv));
}

export async function writeTrajectory(path: string, t: Trajectory, opts: WriteOptions = {}): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, serializeTrajectory(t, opts));
}

export function readTrajectory(path: string): Trajectory {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new InputError(path, '', `cannot read trajectory: ${(err as Error).message}`);
  }
  const t = raw as Partial<Trajectory>;
  if (!t || t.version !== 1) throw new InputError(path, 'version', 'expected trajectory version 1');
  if (!Array.isArray(t.steps)) throw new InputError(path, 'steps', 'expected an array');
  if (!t.final || typeof t.final.answer !== 'string') throw new InputError(path, 'final.answer', 'expected a string');
  t.steps.forEach((s, i) => {
    if (!s?.response || !Array.isArray(s.response.toolCalls))
      throw new InputError(path, `steps[${i}].response.toolCalls`, 'expected an array');
  });
  return t as Trajectory;
}
