// What the registry holds: a core Skill plus the list of files/folders its tasks name,
// so the loader can check they exist and name the field when one is missing.
import type { Skill } from '../../harness/core/skill.js';
import type { BaseTask } from '../../harness/core/task.js';

export interface TaskPathRef {
  /** Field path as in error messages, e.g. "mutants.1". */
  field: string;
  path: string;
  kind: 'file' | 'dir' | 'any';
  /** Relative to the task folder, or to the (materialised) repository. */
  base: 'task' | 'repo';
}

export interface SkillModule<T extends BaseTask = BaseTask> extends Skill<T> {
  /** Every file or folder the task names, for existence checks at load time. */
  paths(task: T): TaskPathRef[];
  /** Extra consistency checks at load time (repoDir is the materialised repo, if any).
   * Returns problems as [field, message]. */
  check?(task: T, taskDir: string, repoDir: string | undefined): Promise<Array<[string, string]>>;
}
