// Task ids of outside data: imported (derive/) and synthesised (synth/) tasks name each skill the
// way the bundled dataset does, from this one table.
import type { SkillName } from '../../skills/registry.js';

/** The task-id prefix of each skill a source derives tasks for. */
export const TASK_ID_PREFIX = {
  localization: 'loc',
  editing: 'edit',
  'test-generation': 'testgen',
  reproduction: 'repro',
  review: 'review',
} as const satisfies Partial<Record<SkillName, string>>;
