// The localization task message: the issue and the exact answer shape. Never shows the
// gold patch or gold files.
import type { LoadedTask } from '../../harness/core/task.js';
import type { LocalizationTask } from './schema.js';
import { tagged } from '../shared/prompt.js';

export function localizationPrompt(loaded: LoadedTask<LocalizationTask>): string {
  const t = loaded.task;
  return [
    'The repository is checked out at /testbed. A user reported this issue:',
    '',
    ...tagged('issue', t.problem_statement),
    '',
    'Your job is to LOCALIZE the issue: find the source files that must be edited to fix it.',
    'Explore the code with the tools you have. Do not fix anything; changes to files are ignored.',
    '',
    'When you are done, reply WITHOUT a tool call. Your final message must contain a JSON object of this shape:',
    '',
    '```json',
    '{"files": ["path/most_likely.py", "path/next.py"], "functions": ["path/most_likely.py::function_name"]}',
    '```',
    '',
    '- "files": repository-relative paths of the files to edit, most likely first. Only the files',
    '  that need changes: precision counts.',
    '- "functions" (optional): the functions or methods to edit, as "path::name" (methods as "path::Class.method").',
  ].join('\n');
}
