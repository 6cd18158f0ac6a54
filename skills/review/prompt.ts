// The review task message: the issue, the candidate patch (shown, not applied) and the exact
// answer shape. Never shows the label or the defect lines.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { LoadedTask } from '../../harness/core/task.js';
import type { ReviewTask } from './schema.js';
import { tagged } from '../shared/prompt.js';

export function reviewPrompt(loaded: LoadedTask<ReviewTask>): string {
  const t = loaded.task;
  const patch = readFileSync(path.join(loaded.dir, t.candidate_patch), 'utf8');
  const fence = patch.includes('```') ? '~~~~' : '```';
  return [
    'The repository is checked out at /testbed (WITHOUT the patch below). A user reported this issue:',
    '',
    ...tagged('issue', t.problem_statement),
    '',
    'A contributor proposes this patch to fix it:',
    '',
    `${fence}diff`,
    patch.trimEnd(),
    fence,
    '',
    'Review the patch: decide whether it correctly fixes the issue without breaking anything.',
    'You may inspect the code, apply the patch (e.g. `git apply`) and run the tests; your changes are not kept.',
    '',
    'When you are done, reply WITHOUT a tool call. Your final message must contain a JSON object of this shape:',
    '',
    '```json',
    '{"verdict": "approve", "comments": [{"path": "src/file.py", "line": 42, "body": "what is wrong here"}]}',
    '```',
    '',
    '- "verdict": "approve" if the patch is correct, "reject" if it is not.',
    '- "comments": the problems you found, each on a line of the PATCHED file (path relative to the repo root). May be empty.',
  ].join('\n');
}
