// The editing task message: the description and the instruction naming where to edit.
// Never shows the gold patch or the hidden tests.
import type { LoadedTask } from '../../harness/core/task.js';
import type { EditingTask } from './schema.js';
import { tagged } from '../shared/prompt.js';

export function editingPrompt(loaded: LoadedTask<EditingTask>): string {
  const t = loaded.task;
  return [
    'The repository is checked out at /testbed.',
    '',
    ...tagged('description', t.problem_statement),
    '',
    ...tagged('instruction', t.instruction),
    '',
    'Make this change by editing the files under /testbed. Keep the change focused on what the instruction asks.',
    `You can run the existing tests with \`${t.test_command}\` (from /testbed). Hidden tests will check your change;`,
    'changes you make to test files are discarded before they run.',
    '',
    'When you are done, reply WITHOUT a tool call with a one-paragraph summary of what you changed.',
  ].join('\n');
}
