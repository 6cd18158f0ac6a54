// A task before it is written: its task.yaml fields (in output order) and the files its folder
// holds; plus what sampling needs (difficulty signals) and the unit it depends on (instance).
import { SKILLS } from '../../../skills/registry.js';
import { TASK_ID_PREFIX } from '../task-ids.js';

/** The skills synthesis derives tasks for, with their task-id prefixes. A skill registered later
 * has no deriver here until one is written (derive.ts), so it is simply not offered. */
export const SKILL_PREFIX = TASK_ID_PREFIX;

export type SynthSkill = keyof typeof SKILL_PREFIX;

/** In the registry's (report) order. */
export const SYNTH_SKILLS: SynthSkill[] = SKILLS.filter((s): s is SynthSkill => s in SKILL_PREFIX);

export interface TaskDraft {
  skill: SynthSkill;
  id: string;
  /** Shared by every task derived from one bug (or one test-generation target). */
  instance: string;
  /** task.yaml fields, in the order they are written (provenance is added at the end). */
  fields: Record<string, unknown>;
  /** Task-folder-relative path → content. */
  files: Map<string, string>;
  /** Simple difficulty signals, small integers; `--max-tasks` samples across them. */
  difficulty: Record<string, number>;
  /** Free provenance keys (operator, file, function, …). */
  provenance: Record<string, unknown>;
  /** Agent-facing texts a writer model may rewrite: field = rewrite(issue) + suffix. */
  texts: { field: string; issue: string; suffix: string }[];
}
