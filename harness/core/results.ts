// One line of results.jsonl: a finished trial (design §3 "Results").
import type { Usage } from './messages.js';
import type { SkillName } from './task.js';

export type Outcome = 'scored' | 'agent_error' | 'infra_error';

export interface TrialKey {
  taskHash: string;
  agentHash: string;
  epoch: number;
}

export interface TrialRecord {
  /** Schema version of this line. */
  v: 1;
  key: TrialKey;
  taskId: string;
  skill: SkillName;
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
  usage: Usage;
  /** USD; null when the model's price is unknown. */
  cost: number | null;
  turns: number;
  attempts: number;
  startedAt: string;
  wallMs: number;
  /** Milliseconds per phase: sandbox_create, agent, scoring, teardown. */
  phases: Record<string, number>;
  /** Relative to the run dir, e.g. trajectories/<file>.json */
  trajectory: string | null;
}
