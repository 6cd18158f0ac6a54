// Why a test failed: an assertion (or the issue's expected exception) is the "right
// reason" for a reproduction to fail; syntax, import and collection errors are not.
import type { TestCaseResult } from './junit.js';

const BROKEN =
  /\b(SyntaxError|IndentationError|TabError|ImportError|ModuleNotFoundError|NameError|ReferenceError|ERR_MODULE_NOT_FOUND|MODULE_NOT_FOUND|Cannot find module|ERR_REQUIRE_ESM|collection failure|fixture '[^']*' not found)\b/;

export type FailureKind = 'assertion' | 'expected' | 'broken' | 'other';

function baseName(type: string): string {
  const i = type.lastIndexOf('.');
  return i < 0 ? type : type.slice(i + 1);
}

export function classifyFailure(t: TestCaseResult, expectedException?: string): FailureKind {
  const type = baseName(t.type ?? '');
  const all = `${type}\n${t.message ?? ''}\n${t.text ?? ''}`;
  if (BROKEN.test(type) || (t.status === 'error' && BROKEN.test(all)) || t.message === 'collection failure') return 'broken';
  if (expectedException && type === baseName(expectedException)) return 'expected';
  if (type === 'AssertionError' || type === 'Failed' || /ERR_ASSERTION/.test(type)) return 'assertion';
  if (BROKEN.test(all) && !type) return 'broken';
  return 'other';
}

/** Classifies a script's failure from its stderr. */
export function scriptFailureBroken(stderr: string): boolean {
  return BROKEN.test(stderr);
}
