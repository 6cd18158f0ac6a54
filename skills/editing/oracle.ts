// The editing oracle writes the gold patch with the editor tool and applies it with bash.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { OracleScript } from '../../harness/core/skill.js';
import type { LoadedTask } from '../../harness/core/task.js';
import type { EditingTask } from './schema.js';

export async function editingOracle(loaded: LoadedTask<EditingTask>): Promise<OracleScript> {
  const patch = await fs.readFile(path.join(loaded.dir, loaded.task.gold_patch), 'utf8');
  return {
    steps: [
      { tool: 'str_replace_based_edit_tool', input: { command: 'create', path: '/tmp/gold.patch', file_text: patch } },
      { tool: 'bash', input: { command: 'cd /testbed && git apply /tmp/gold.patch && rm /tmp/gold.patch' } },
    ],
    finalAnswer: 'Applied the change.',
  };
}
