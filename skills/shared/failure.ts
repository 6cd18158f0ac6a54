// Why a test failed: an assertion (or one of the issue's expected exceptions) is the "right
// reason" for a reproduction to fail; a file that does not collect, a syntax error, or a name
// or import the test itself gets wrong is not. A NameError/ImportError raised inside the code
// under test is a real failure of that code, not a broken test.
import type { TestCaseResult } from './report.js';
import { isTestPath } from './test-files.js';

/** Always broken: the test file cannot even be compiled. */
const SYNTAX = /^(SyntaxError|IndentationError|TabError)$/;
/** Broken when raised in the test's own code: a name or module the test gets wrong. */
const MISSING_NAME = /^(NameError|ReferenceError|ImportError|ModuleNotFoundError|UnboundLocalError)$/;
/** Broken-test markers in messages (node loader errors, pytest fixture lookup). */
const BROKEN_TEXT = /\b(ERR_MODULE_NOT_FOUND|MODULE_NOT_FOUND|Cannot find module|ERR_REQUIRE_ESM|fixture '[^']*' not found)\b/;

export type FailureKind = 'assertion' | 'expected' | 'broken' | 'other';

function baseName(type: string): string {
  const i = type.lastIndexOf('.');
  return i < 0 ? type : type.slice(i + 1);
}

/** Classifies one failed test. `expected` = the exception names (any spelling with a
 * module prefix matches by its last part). */
export function classifyFailure(t: TestCaseResult, expected: string[] = []): FailureKind {
  const type = baseName(t.type ?? '');
  const text = `${t.message ?? ''}\n${t.text ?? ''}`;
  if (t.phase === 'collect' || SYNTAX.test(type)) return 'broken';
  // A name the test itself gets wrong is broken even when that error is the issue's.
  if (MISSING_NAME.test(type) && (t.crash === undefined || t.crash === t.file || isTestPath(t.crash))) return 'broken';
  if (type && expected.some((e) => baseName(e) === type)) return 'expected';
  if (BROKEN_TEXT.test(text) && (t.phase === 'setup' || !type || type === 'Error')) return 'broken';
  if (type === 'AssertionError' || type === 'Failed' || /ERR_ASSERTION/.test(type)) return 'assertion';
  return 'other';
}

/** A script's failure (reproduction, mode script) from its stderr: broken when it dies of a
 * syntax error or a missing module/name in the script itself. */
export function scriptFailureBroken(stderr: string, script: string): boolean {
  if (/\b(SyntaxError|IndentationError|TabError|ERR_MODULE_NOT_FOUND|Cannot find module)\b/.test(stderr)) return true;
  // Python: the innermost frame is the last "File ..." line of the traceback.
  const frames = [...stderr.matchAll(/File "([^"]+)", line \d+/g)].map((m) => m[1]);
  const inner = frames[frames.length - 1];
  const missing = /\b(NameError|ModuleNotFoundError|ImportError|ReferenceError)\b/.test(stderr);
  return missing && (inner === undefined || inner.endsWith(script));
}
