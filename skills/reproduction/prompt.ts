// The reproduction task message: the issue and what to write (a failing test or a script).
// Never shows the fix or the oracle's reproduction.
import type { LoadedTask } from '../../harness/core/task.js';
import type { ReproductionTask } from './schema.js';
import { tagged } from '../shared/prompt.js';

export function reproductionPrompt(loaded: LoadedTask<ReproductionTask>): string {
  const t = loaded.task;
  const fw =
    t.test_framework === 'pytest'
      ? 'a pytest test (file named `test_*.py` or `*_test.py`)'
      : 'a Node test using `node:test` and `node:assert` (file named `*.test.js` or under `test/`; no npm packages)';
  const deliver =
    t.mode === 'script'
      ? [
          `Write a standalone script at \`${t.script_path}\` (run from /testbed as \`${t.script_path?.endsWith('.py') ? 'python3' : 'node'} ${t.script_path}\`) that`,
          'EXITS NON-ZERO while the bug is present (e.g. a failing assert) and exits 0 once the bug is fixed.',
        ]
      : [
          `Write ${fw}${t.test_path_hint ? ` at \`${t.test_path_hint}\`` : ''} that`,
          'FAILS on the current code because of the bug (an assertion about the correct behaviour fails),',
          'and PASSES once the bug is fixed.',
        ];
  return [
    'The repository is checked out at /testbed. A user reported this issue:',
    '',
    ...tagged('issue', t.problem_statement),
    '',
    'Your job is to REPRODUCE the issue, not to fix it.',
    ...deliver,
    'It must fail for the right reason: not because of a syntax error, a missing import or a typo.',
    `It must not break the existing test suite (\`${t.test_command}\`). Do not change the library code.`,
    '',
    'When you are done, reply WITHOUT a tool call with a short summary.',
  ].join('\n');
}
