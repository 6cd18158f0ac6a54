// A derived task before it is written: its skill, id, the skill's own task.yaml fields and the
// files it names — or the reason the skill could not be derived (never a faked task).
import type { SkillName } from '../../../skills/registry.js';

export interface TaskDraft {
  skill: SkillName;
  id: string;
  /** The task's problem statement (each skill words its own). */
  problemStatement: string;
  /** The skill's task.yaml fields (the common ones are added by the writer). */
  fields: Record<string, unknown>;
  /** Files of the task folder by relative path (patches, gold tests). */
  files: Record<string, string>;
  /** Extra provenance keys (e.g. what calibration dropped, the mutation operators). */
  provenance?: Record<string, unknown>;
}

export interface Skipped {
  skill: SkillName;
  /** Task id it would have had (review: one per label). */
  id: string;
  reason: string;
}

export type Derived = TaskDraft | Skipped;

export function isSkipped(d: Derived): d is Skipped {
  return 'reason' in d;
}

/** The task id prefix of each skill derive makes (as in the bundled dataset). */
export { TASK_ID_PREFIX as ID_PREFIX } from '../task-ids.js';
