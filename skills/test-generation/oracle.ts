// The test-generation oracle writes the reference test files with the editor tool.
import path from 'node:path';
import type { OracleScript } from '../../harness/core/skill.js';
import type { LoadedTask } from '../../harness/core/task.js';
import { createFileSteps } from '../shared/oracle.js';
import type { TestGenerationTask } from './schema.js';

export async function testGenerationOracle(loaded: LoadedTask<TestGenerationTask>): Promise<OracleScript> {
  const steps = await createFileSteps(path.join(loaded.dir, loaded.task.gold_tests));
  return { steps, finalAnswer: 'Wrote the tests.' };
}
