// The reproduction oracle writes the reference reproduction (test or script) with the editor tool.
import path from 'node:path';
import type { OracleScript } from '../../harness/core/skill.js';
import type { LoadedTask } from '../../harness/core/task.js';
import { createFileSteps } from '../shared/oracle.js';
import type { ReproductionTask } from './schema.js';

export async function reproductionOracle(loaded: LoadedTask<ReproductionTask>): Promise<OracleScript> {
  const steps = await createFileSteps(path.join(loaded.dir, loaded.task.gold_tests));
  return { steps, finalAnswer: 'Wrote the reproduction.' };
}
