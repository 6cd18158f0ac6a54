// The contract every skill folder fulfils (skills/<name>/index.ts exports a Skill).
// What a task IS (schema), how it is PRESENTED (prompt), how it is JUDGED (scorer),
// and the gold solution played through the agent's own tools (oracle).
import type { z } from 'zod';
import type { BaseTask, LoadedTask, SkillName } from './task.js';
import type { SandboxBackend, Sandbox } from '../sandbox/types.js';
import type { ToolName } from './messages.js';

/** One scripted step of an oracle: a tool call exactly as a model would send it. */
export interface OracleStep {
  tool: ToolName;
  input: Record<string, unknown>;
}

export interface OracleScript {
  steps: OracleStep[];
  /** The final message (the answer, for skills whose answer is a message). */
  finalAnswer: string;
}

export interface ScoreResult {
  /** Primary score in [0, 1] (0/1 for every bundled skill). */
  score: number;
  pass: boolean;
  /** Secondary metrics; null where not applicable. */
  metrics: Record<string, number | null>;
  /** Anything a human needs to see why (per-test results, parse errors…). JSON-serialisable. */
  details: Record<string, unknown>;
}

export interface ScoreContext<T extends BaseTask> {
  loaded: LoadedTask<T>;
  /** The agent's final message. */
  answer: string;
  /** Everything the agent changed under /testbed (git diff --binary against the base). */
  diff: string;
  /** For fresh sandboxes: scoring never reuses the agent's sandbox. */
  backend: SandboxBackend;
  image: string;
  /** Multiplier applied to the task's timeouts. */
  timeoutMultiplier: number;
  signal?: AbortSignal;
  /** Fresh scoring sandboxes the runner started while the agent worked (same image and repo,
   * never seen by the agent), one per call up to the skill's `scoringSandboxes`; undefined
   * when none is left. The scorer then owns and destroys each. */
  takePrewarmed?: () => Promise<Sandbox> | undefined;
  /** Hands the runner work the trial need not wait for (destroying used sandboxes); without
   * it the scorer awaits that work itself. */
  background?: (work: Promise<void>) => void;
}

export interface Skill<T extends BaseTask = BaseTask> {
  readonly name: SkillName;
  /** How many fresh sandboxes score() uses (0 when it judges on the host), so the runner can
   * start them while the agent works. */
  readonly scoringSandboxes: number;
  /** Full task schema (BaseTaskSchema + the skill's fields). */
  readonly schema: z.ZodType<T>;
  /** Files named by the task that must never reach the agent (relative to the task dir). */
  hiddenFiles(task: T): string[];
  /** The task message shown to the agent. */
  prompt(loaded: LoadedTask<T>): string;
  /** The gold solution as tool calls. May read files from the task folder. */
  oracle(loaded: LoadedTask<T>): Promise<OracleScript>;
  /** Judges the agent's work in fresh sandboxes. Throws InfraError when it cannot run. */
  score(ctx: ScoreContext<T>): Promise<ScoreResult>;
}

export type { Sandbox };
