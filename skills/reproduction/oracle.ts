// The reproduction oracle writes the reference reproduction (test or script) with the editor
// tool (an existing file through a scratch copy: `create` never overwrites), or applies the
// instance's test patch.
import type { OracleScript } from '../../harness/core/skill.js';
import type { LoadedTask } from '../../harness/core/task.js';
import { referenceTestSteps } from '../shared/oracle.js';
import type { ReproductionTask } from './schema.js';

export async function reproductionOracle(loaded: LoadedTask<ReproductionTask>): Promise<OracleScript> {
  const steps = await referenceTestSteps(loaded.dir, loaded.task, loaded.repoDir);
  return { steps, finalAnswer: 'Wrote the reproduction.' };
}
