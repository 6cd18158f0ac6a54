// The editing oracle writes the gold patch with the editor tool and applies it with bash.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { OracleScript } from '../../harness/core/skill.js';
import type { LoadedTask } from '../../harness/core/task.js';
import { applyPatchSteps } from '../shared/oracle.js';
import type { EditingTask } from './schema.js';

export async function editingOracle(loaded: LoadedTask<EditingTask>): Promise<OracleScript> {
  const patch = await fs.readFile(path.join(loaded.dir, loaded.task.gold_patch), 'utf8');
  return { steps: applyPatchSteps(patch), finalAnswer: 'Applied the change.' };
}
