// A task before it is written: its task.yaml fields (in output order) and the files its folder
// holds; plus what sampling needs (difficulty signals) and the unit it depends on (instance).
import type { SkillName } from '../../../skills/registry.js';

export interface TaskDraft {
  skill: SkillName;
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

export const SKILL_PREFIX: Record<SkillName, string> = {
  localization: 'loc',
  editing: 'edit',
  'test-generation': 'testgen',
  reproduction: 'repro',
  review: 'review',
};
