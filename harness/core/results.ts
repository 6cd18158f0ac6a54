// One line of results.jsonl: a finished trial.
import type { Usage } from './messages.js';
import type { Provenance } from './task.js';

/** grader_error: the task itself proved unsound (GraderError) — neither the agent's 0 nor infrastructure. */
export type Outcome = 'scored' | 'agent_error' | 'infra_error' | 'grader_error';

export interface TrialKey {
  taskHash: string;
  agentHash: string;
  epoch: number;
}

/** The part of a task's provenance that statistics cluster on (see reports/README.md). */
export interface TrialProvenance {
  source?: string;
  instance?: string;
  repo?: string;
}

/** A task's provenance as carried on each of its trial lines; undefined when the task has none. */
export function trialProvenance(p: Provenance | undefined): TrialProvenance | undefined {
  if (!p) return undefined;
  const out: TrialProvenance = { source: p.source };
  if (p.instance !== undefined) out.instance = p.instance;
  if (p.repo !== undefined) out.repo = p.repo;
  return out;
}

/** What one attempt of a trial cost, and how it ended (error null: the attempt that gave the result). */
export interface AttemptSpend {
  attempt: number;
  error: { kind: string; message: string } | null;
  usage: Usage;
  /** USD; null when the model's price is unknown. */
  cost: number | null;
  turns: number;
  /** Relative to the run dir; null when the agent never ran. */
  trajectory: string | null;
}

export interface TrialRecord {
  /** Schema version of this line. */
  v: 1;
  key: TrialKey;
  taskId: string;
  skill: string;
  language: string;
  /** Agent configuration name (unique within a run). */
  agent: string;
  model: string;
  epoch: number;
  outcome: Outcome;
  /** null unless outcome is scored or agent_error (agent_error scores 0). */
  score: number | null;
  pass: boolean | null;
  metrics: Record<string, number | null>;
  details: Record<string, unknown>;
  error: { kind: string; message: string } | null;
  answer: string;
  diff: string;
  /** Every billed model call of every attempt, retried or failed. */
  usage: Usage;
  /** USD of every attempt; null when the model's price is unknown. */
  cost: number | null;
  turns: number;
  /** Attempts made (the first included). */
  attempts: number;
  /** Per attempt: its spend and how it ended (absent in records of older runs). */
  attemptLog?: AttemptSpend[];
  startedAt: string;
  wallMs: number;
  /** Milliseconds per phase: sandbox_create, agent, scoring, teardown. */
  phases: Record<string, number>;
  /** Relative to the run dir, e.g. trajectories/<file>.json */
  trajectory: string | null;
  /** The task's provenance (absent in older results files and for tasks without one). */
  provenance?: TrialProvenance;
}
