// The record of one agent run: what the agent was told (the rendered system and task prompts),
// every model call and tool call, with tokens, cost and timings, as versioned JSON. It is
// written by the results store (one writer, through the redactor in core/secrets.ts) and read
// back here (the models' `replay:`).
import { readFileSync } from 'node:fs';
import { InputError } from './errors.js';
import type { ToolCall, Usage } from './messages.js';

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
  /** truncated: the reply was cut by the output-token limit. */
  response: { text: string; toolCalls: ToolCall[]; stopReason: string; truncated?: boolean };
  /** HTTP attempts the call took, when transient faults were retried. */
  attempts?: number;
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
  /** The system prompt and first user message exactly as sent (absent in older files). */
  prompts?: { system: string; task: string };
  steps: TrajectoryStep[];
  /** truncated: the answer was still cut by the output-token limit after asking the model to go on. */
  final: { answer: string; status: AgentStatus; limit?: LimitName; error?: string; truncated?: boolean };
  totals: { usage: Usage; cost: number | null; turns: number; wallMs: number };
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
  if (t.prompts !== undefined && (typeof t.prompts?.system !== 'string' || typeof t.prompts?.task !== 'string'))
    throw new InputError(path, 'prompts', 'expected { system: string, task: string }');
  t.steps.forEach((s, i) => {
    if (!s?.response || !Array.isArray(s.response.toolCalls))
      throw new InputError(path, `steps[${i}].response.toolCalls`, 'expected an array');
  });
  return t as Trajectory;
}
