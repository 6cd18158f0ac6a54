// Sentinel tests: every scored test run also runs tests whose outcome is known in advance —
// some that must FAIL (one per common way of asserting) and one that must pass — in the same
// process as the tests under judgement, after them. A must-fail sentinel that passes means the
// run was forced (a plugin, a patched assert, a rewritten report): the run scores 0 as
// `forced_pass`. Names are random per run and look like any other test.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const WORDS = ['parse', 'format', 'round', 'merge', 'split', 'empty', 'order', 'limit', 'cache', 'escape', 'encode', 'range', 'value'];

function word(): string {
  return WORDS[randomBytes(1)[0] % WORDS.length];
}
function hex(n = 3): string {
  return randomBytes(n).toString('hex');
}

export interface SentinelSet {
  /** Test names (pytest: "Class::method" or "function"; node: the test's name). */
  mustFail: string[];
  mustPass: string[];
}

export interface PytestSentinels extends SentinelSet {
  /** Repo path of the sentinel file. */
  file: string;
  source: string;
  /** Its plain test functions (collected whatever python_functions says; the unittest class
   * is collected whatever python_classes says). */
  functions: string[];
}

/** A sentinel test file next to `nearFile` (so the same conftest.py files apply), named like it. */
export function pytestSentinels(nearFile: string | undefined): PytestSentinels {
  const dir = nearFile ? path.posix.dirname(nearFile) : '.';
  const stem = nearFile ? path.posix.basename(nearFile, '.py').replace(/^test_|_test$/g, '') : word();
  const file = path.posix.join(dir === '.' ? '' : dir, `test_${stem || word()}_${hex()}.py`);
  const [f1, f2, p1] = [0, 1, 2].map(() => `test_${word()}_${hex()}`);
  const cls = `Test${word()[0].toUpperCase()}${hex()}`;
  const m1 = `test_${word()}_${hex()}`;
  const source = [
    'import unittest',
    '',
    '',
    `def ${f1}():`,
    '    assert (1 + 1) == 3',
    '',
    '',
    `def ${f2}():`,
    "    raise AssertionError('expected')",
    '',
    '',
    `def ${p1}():`,
    '    assert [1, 2] == [1, 2]',
    '',
    '',
    `class ${cls}(unittest.TestCase):`,
    `    def ${m1}(self):`,
    '        self.assertEqual(2, 3)',
    '',
  ].join('\n');
  return { file, source, functions: [f1, f2, p1], mustFail: [f1, f2, `${cls}::${m1}`], mustPass: [p1] };
}

export interface NodeWrapper extends SentinelSet {
  /** Sandbox path of the wrapper module. */
  path: string;
  /** Repo path of the test file it runs. */
  target: string;
  source: string;
}

/** A module that loads one test file, then registers the sentinels: they run after the file's
 * own tests, in the same process (a file that patches `node:assert` patches them too). */
export function nodeWrapper(target: string, wrapperPath: string, testbed = '/testbed'): NodeWrapper {
  const names = Array.from({ length: 6 }, () => `${word()} ${word()} ${hex(2)}`);
  const [a, b, c, d, e, ok] = names;
  const url = pathToFileURL(path.posix.join(testbed, target)).href;
  const source = [
    '// atomic-skills: runs one test file, then the sentinel tests',
    `await import(${JSON.stringify(url)});`,
    "const { test } = await import('node:test');",
    "const assert = (await import('node:assert')).default;",
    "const strict = (await import('node:assert/strict')).default;",
    `test(${JSON.stringify(a)}, () => { assert.strictEqual(1 + 1, 3); });`,
    `test(${JSON.stringify(b)}, () => { assert.deepStrictEqual({ a: 1 }, { a: 2 }); });`,
    `test(${JSON.stringify(c)}, () => { strict.equal(2, 3); });`,
    `test(${JSON.stringify(d)}, () => { assert.ok(false); });`,
    `test(${JSON.stringify(e)}, () => { assert.throws(() => {}); });`,
    `test(${JSON.stringify(ok)}, () => { assert.strictEqual(2, 2); });`,
    '',
  ].join('\n');
  return { path: wrapperPath, target, source, mustFail: [a, b, c, d, e], mustPass: [ok] };
}

export type SentinelVerdict = 'ok' | 'forced_pass' | 'sentinel_missing' | 'sentinel_failed' | 'not_run';

/** Judges sentinel outcomes (status by name; undefined = not reported). `notRun` = their file
 * could not run at all (a collection or load error, reported as such): nothing to judge. */
export function judgeSentinels(set: SentinelSet, status: (name: string) => string | undefined, notRun: boolean): SentinelVerdict {
  if (set.mustFail.some((n) => status(n) === 'passed')) return 'forced_pass';
  if (notRun) return 'not_run';
  if (set.mustFail.some((n) => status(n) !== 'failed')) return 'sentinel_missing';
  if (set.mustPass.some((n) => status(n) !== 'passed')) return 'sentinel_failed';
  return 'ok';
}

/** The worst of several verdicts (forced_pass first). */
export function worstVerdict(verdicts: SentinelVerdict[]): SentinelVerdict {
  const order: SentinelVerdict[] = ['forced_pass', 'sentinel_missing', 'sentinel_failed', 'not_run', 'ok'];
  for (const v of order) if (verdicts.includes(v)) return v;
  return 'ok';
}
