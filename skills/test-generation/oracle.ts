// The test-generation oracle writes the reference tests with the editor tool (an existing file
// through a scratch copy: `create` never overwrites), or applies the task's test patch.
import type { OracleScript } from '../../harness/core/skill.js';
import type { LoadedTask } from '../../harness/core/task.js';
import { referenceTestSteps } from '../shared/oracle.js';
import type { TestGenerationTask } from './schema.js';

export async function testGenerationOracle(loaded: LoadedTask<TestGenerationTask>): Promise<OracleScript> {
  const steps = await referenceTestSteps(loaded.dir, loaded.task, loaded.repoDir);
  return { steps, finalAnswer: 'Wrote the tests.' };
}
