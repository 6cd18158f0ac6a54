// The test-generation task message: target, spec and where/how to write the tests.
// Never shows the mutants or the reference tests.
import type { LoadedTask } from '../../harness/core/task.js';
import type { TestGenerationTask } from './schema.js';
import { tagged } from '../shared/prompt.js';

export function testGenerationPrompt(loaded: LoadedTask<TestGenerationTask>): string {
  const t = loaded.task;
  const what = t.target_symbol ? `\`${t.target_symbol}\` in \`${t.target}\`` : `\`${t.target}\``;
  const how =
    t.test_framework === 'pytest'
      ? 'Use pytest. Test files must be named `test_*.py` or `*_test.py`.'
      : "Use Node's built-in runner (`node:test` with `node:assert`; no npm packages). Test files must be named `*.test.js` / `*.test.mjs` or live under `test/`.";
  return [
    'The repository is checked out at /testbed.',
    '',
    `Write unit tests for ${what}. Its specification:`,
    '',
    ...tagged('spec', t.problem_statement),
    '',
    how,
    t.test_path_hint ? `Write your tests in \`${t.test_path_hint}\`.` : '',
    `Run them with \`${t.test_framework === 'pytest' ? 'python3 -m pytest <file>' : 'node --test <file>'}\` from /testbed.`,
    '',
    'Your tests are judged by whether they pass on the current code AND fail on buggy variants of the target:',
    'check the behaviour the spec describes precisely, including edge cases. Do not modify the target itself.',
    '',
    'When you are done, reply WITHOUT a tool call with a short summary of what your tests cover.',
  ]
    .filter((l, i, a) => !(l === '' && a[i - 1] === ''))
    .join('\n');
}
