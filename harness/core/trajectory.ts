// The record of one agent run: what the agent was told (the rendered system and task prompts),
// every model call and tool call, with tokens, cost and timings, as versioned JSON. It is
// written by the results store (one writer, through the redactor in core/secrets.ts) and read
// back here (the models' `replay:`).
import { z } from 'zod';
import { readInputSync } from './input.js';
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

const count = z.number().finite().nonnegative();
const UsageSchema = z.object({ inputTokens: count, outputTokens: count, cacheReadTokens: count, cacheWriteTokens: count });
const ToolCallSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    // Absent from the file when the model sent no JSON object (undefined is not written).
    input: z.record(z.string(), z.unknown()).optional(),
    rawInput: z.string().optional(),
  })
  .transform((call) => ({ ...call, input: call.input }));
const LIMITS = ['max_turns', 'max_total_tokens', 'max_cost_usd', 'max_wall_seconds'] as const;

/** The trajectory file as written (fields added later are optional, so older files still read). */
export const TrajectorySchema = z.object({
  version: z.literal(1),
  model: z.string(),
  agent: z.string(),
  prompts: z.object({ system: z.string(), task: z.string() }).optional(),
  steps: z.array(
    z.object({
      turn: z.number().int().positive(),
      request: z.object({ messages: count, tools: z.array(z.string()) }),
      response: z.object({
        text: z.string(),
        toolCalls: z.array(ToolCallSchema),
        stopReason: z.string(),
        truncated: z.boolean().optional(),
      }),
      attempts: count.optional(),
      observations: z.array(
        z.object({ callId: z.string(), tool: z.string(), output: z.string(), isError: z.boolean(), durationMs: count }),
      ),
      usage: UsageSchema,
      cost: z.number().finite().nullable(),
      latencyMs: count,
    }),
  ),
  final: z.object({
    answer: z.string(),
    status: z.enum(['finished', 'limit', 'error']),
    limit: z.enum(LIMITS).optional(),
    error: z.string().optional(),
    truncated: z.boolean().optional(),
  }),
  totals: z.object({ usage: UsageSchema, cost: z.number().finite().nullable(), turns: count, wallMs: count }),
});

// Compile-time check that the schema and the Trajectory interface agree both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _schemaMatchesInterface: Same<z.infer<typeof TrajectorySchema>, Trajectory> = true;
void _schemaMatchesInterface;

/** Reads a trajectory file (replay:), checked against TrajectorySchema. */
export function readTrajectory(path: string): Trajectory {
  return readInputSync(path, TrajectorySchema, { format: 'json' });
}
