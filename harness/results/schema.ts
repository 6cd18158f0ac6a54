// zod schemas for the files of a run directory: run.json (RunMeta) and one line of
// results.jsonl (TrialRecord, whose TypeScript shape lives in harness/core/results.ts).
import { z } from 'zod';
import type { TrialRecord } from '../core/results.js';

const count = z.number().finite().nonnegative();

export const UsageSchema = z.object({
  inputTokens: count,
  outputTokens: count,
  cacheReadTokens: count,
  cacheWriteTokens: count,
});

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON object whose values are finite numbers (or null): checked in one loop, the key named on failure. */
function numberRecord<N extends boolean>(nullable: N) {
  return z.custom<Record<string, N extends true ? number | null : number>>(isObject, 'expected an object').check((ctx) => {
    const obj = ctx.value as Record<string, unknown>;
    for (const k in obj) {
      const v = obj[k];
      if ((typeof v === 'number' && Number.isFinite(v)) || (nullable && v === null)) continue;
      ctx.issues.push({ code: 'custom', input: v, path: [k], message: `expected a finite number${nullable ? ' or null' : ''}` });
    }
  });
}

export const TrialRecordSchema = z
  .object({
    v: z.literal(1),
    key: z.object({
      taskHash: z.string().min(1),
      agentHash: z.string().min(1),
      epoch: z.number().int().nonnegative(),
    }),
    taskId: z.string().min(1),
    skill: z.string().min(1),
    language: z.string(),
    agent: z.string().min(1),
    model: z.string(),
    epoch: z.number().int().nonnegative(),
    outcome: z.enum(['scored', 'agent_error', 'infra_error', 'grader_error']),
    score: z.number().min(0).max(1).nullable(),
    pass: z.boolean().nullable(),
    metrics: numberRecord(true),
    details: z.custom<Record<string, unknown>>(isObject, 'expected an object'),
    error: z.object({ kind: z.string(), message: z.string() }).nullable(),
    answer: z.string(),
    diff: z.string(),
    usage: UsageSchema,
    cost: z.number().finite().nonnegative().nullable(),
    turns: count,
    attempts: count,
    attemptLog: z
      .array(
        z.object({
          attempt: z.number().int().positive(),
          error: z.object({ kind: z.string(), message: z.string() }).nullable(),
          usage: UsageSchema,
          cost: z.number().finite().nonnegative().nullable(),
          turns: count,
          trajectory: z.string().nullable(),
        }),
      )
      .optional(),
    startedAt: z.string(),
    wallMs: count,
    phases: numberRecord(false),
    trajectory: z.string().nullable(),
    provenance: z.object({ source: z.string().optional(), instance: z.string().optional(), repo: z.string().optional() }).optional(),
  })
  .superRefine((r, ctx) => {
    if (r.outcome === 'scored' && r.score === null) {
      ctx.addIssue({ code: 'custom', path: ['score'], message: 'a scored trial needs a score' });
    }
    if (r.epoch !== r.key.epoch) {
      ctx.addIssue({ code: 'custom', path: ['key', 'epoch'], message: `differs from epoch (${r.epoch})` });
    }
  });

// Compile-time check that the schema and the TrialRecord interface agree both ways.
type Parsed = z.infer<typeof TrialRecordSchema>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _schemaMatchesInterface: Same<Parsed, TrialRecord> = true;
void _schemaMatchesInterface;

export const RunAgentSchema = z.object({
  name: z.string().min(1),
  hash: z.string().min(1),
  model: z.string().optional(),
  /** The agent configuration with secrets removed (see core/secrets.ts). */
  config: z.record(z.string(), z.unknown()),
  /** Where an API configuration's requests went, and who said so (config, env:VAR, default). */
  endpoint: z.object({ url: z.string(), source: z.string() }).optional(),
});

export const RunMetaSchema = z.object({
  v: z.literal(1),
  runId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-" only'),
  createdAt: z.string(),
  harnessVersion: z.string(),
  dataset: z.object({ path: z.string(), hash: z.string() }),
  agents: z.array(RunAgentSchema),
  epochs: z.number().int().positive(),
  options: z.record(z.string(), z.unknown()),
});

export type RunAgent = z.infer<typeof RunAgentSchema>;
export type RunMeta = z.infer<typeof RunMetaSchema>;
