// The contract every skill folder fulfils: skills/<name>/index.ts exports `defineSkill({...})`
// and skills/registry.ts lists it. What a task IS (schema, the files it names), how it is
// PRESENTED (prompt), how it is JUDGED (scorer), the gold solution played through the agent's
// own tools (oracle), and what the reports add for it (summary sections).
import type { z } from 'zod';
import type { BaseTask, LoadedTask } from './task.js';
import type { SandboxBackend, Sandbox } from './sandbox.js';
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

/** A file or folder a task names, checked to exist when the task loads. */
export interface TaskPathRef {
  /** Field path as in error messages, e.g. "mutants.1". */
  field: string;
  path: string;
  kind: 'file' | 'dir' | 'any';
  /** Relative to the task folder, or to the (materialised) repository. */
  base: 'task' | 'repo';
}

/** A report table cell: text as is; numbers (and null, shown as "–") in the reports' number format. */
export type ReportCell = string | number | null;

/** What a skill adds to each summary group of its own trials (summary.json), folded from the
 * metrics of its counted trials, and the table the Markdown and HTML reports show for it. */
export interface SummarySection<Acc = unknown, Out = unknown> {
  /** The key in every summary group (null in groups of skills that do not declare it). */
  readonly key: string;
  /** Metrics folded into this section: left out of the generic "Secondary metrics" table. */
  consumes(metric: string): boolean;
  start(): Acc;
  /** Folds one counted trial (scored or agent_error). */
  add(acc: Acc, metrics: Readonly<Record<string, number | null>>): void;
  /** The section's value, or null when no trial fed it. */
  finish(acc: Acc): Out | null;
  /** Shown under the group's score table; the rows start with the skill's name. */
  readonly table: { caption: string; head: string[]; row(value: Out): ReportCell[] };
}

export interface Skill<T extends BaseTask = BaseTask> {
  /** The folder name, equal to the schema's `skill` literal. */
  readonly name: T['skill'];
  /** How many fresh sandboxes score() uses (0 when it judges on the host), so the runner can
   * start them while the agent works. */
  readonly scoringSandboxes: number;
  /** Full task schema (skills/shared/schema.ts CommonTaskSchema + the skill's fields). */
  readonly schema: z.ZodType<T>;
  /** Files named by the task that must never reach the agent (relative to the task dir). */
  hiddenFiles(task: T): string[];
  /** Every file or folder the task names, for existence checks at load time. */
  paths(task: T): TaskPathRef[];
  /** Extra consistency checks at load time (repoDir is the materialised repo, if any).
   * Returns problems as [field, message]. */
  check?(task: T, taskDir: string, repoDir: string | undefined): Promise<Array<[string, string]>>;
  /** The task message shown to the agent. */
  prompt(loaded: LoadedTask<T>): string;
  /** The gold solution as tool calls. May read files from the task folder. */
  oracle(loaded: LoadedTask<T>): Promise<OracleScript>;
  /** Judges the agent's work in fresh sandboxes. Throws InfraError when it cannot run. */
  score(ctx: ScoreContext<T>): Promise<ScoreResult>;
  /** Sections the reports add for this skill's groups (e.g. review's confusion matrix). */
  readonly summary?: readonly SummarySection[];
  /** Plausible metrics of a scored trial, for synthetic runs (tests, bench): keeps made-up
   * results in the shape this skill's scorer and summary sections use. */
  sampleMetrics?(pass: boolean, random: () => number): Record<string, number | null>;
}

/** Types a skill folder's module against its own task shape (the registry needs no casts). */
export function defineSkill<T extends BaseTask>(skill: Skill<T>): Skill<T> {
  return skill;
}

/** Types a summary section against its accumulator and value. */
export function defineSummarySection<Acc, Out>(section: SummarySection<Acc, Out>): SummarySection<Acc, Out> {
  return section;
}

export type { Sandbox };
