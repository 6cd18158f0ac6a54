// Matching a task's expected test ids against what a run reported. Real ids are messy: pytest
// escapes non-ASCII parameters ("\xe9"), datasets made from logs cut ids at the first space
// inside a parameter (a known SWE-bench defect), and a test whose file fails to collect is not
// reported by name at all. The rules, in order:
//   1. the same id;
//   2. the same id once pytest's escapes are undone on both sides;
//   3. an id cut at whitespace: the one reported id that continues it with a space (two or more
//      such ids: ambiguous — never guessed);
//   4. the id's file failed to collect or load: the test counts as that error;
//   otherwise the id is missing.
import type { TestCaseResult } from './report.js';

export type IdMatch =
  | { kind: 'found'; test: TestCaseResult; how: 'exact' | 'unescaped' | 'prefix' | 'file_error' }
  | { kind: 'missing' }
  | { kind: 'ambiguous'; candidates: string[] };

/** Undoes pytest's escaping of non-printable and non-ASCII characters in ids. */
export function unescapeId(id: string): string {
  return id.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[tnr\\])/g, (m, code: string) => {
    if (code === 't') return '\t';
    if (code === 'n') return '\n';
    if (code === 'r') return '\r';
    if (code === '\\') return '\\';
    return String.fromCodePoint(Number.parseInt(code.slice(1), 16));
  });
}

/** The file part of a test id ("tests/test_x.py::test_a" → "tests/test_x.py"): ids never have
 * "::" in the file, so the first one splits (parameters may hold more). */
export function fileOfId(id: string): string {
  const i = id.indexOf('::');
  return i < 0 ? id : id.slice(0, i);
}

export function matchExpectedIds(expected: string[], reported: TestCaseResult[]): Map<string, IdMatch> {
  const exact = new Map(reported.map((t) => [t.id, t] as const));
  const unescaped = new Map<string, TestCaseResult>();
  for (const t of reported) if (!unescaped.has(unescapeId(t.id))) unescaped.set(unescapeId(t.id), t);
  const fileErrors = new Map(reported.filter((t) => t.phase === 'collect').map((t) => [t.file, t] as const));
  const out = new Map<string, IdMatch>();
  for (const id of expected) {
    const hit = exact.get(id);
    if (hit) {
      out.set(id, { kind: 'found', test: hit, how: 'exact' });
      continue;
    }
    const plain = unescapeId(id);
    const hit2 = unescaped.get(plain);
    if (hit2) {
      out.set(id, { kind: 'found', test: hit2, how: 'unescaped' });
      continue;
    }
    const longer = [...unescaped.entries()].filter(([r]) => r.length > plain.length && r.startsWith(plain) && /\s/.test(r[plain.length]));
    if (longer.length === 1) {
      out.set(id, { kind: 'found', test: longer[0][1], how: 'prefix' });
      continue;
    }
    if (longer.length > 1) {
      out.set(id, { kind: 'ambiguous', candidates: longer.map(([, t]) => t.id).slice(0, 10) });
      continue;
    }
    const fileError = fileErrors.get(fileOfId(id));
    out.set(id, fileError ? { kind: 'found', test: fileError, how: 'file_error' } : { kind: 'missing' });
  }
  return out;
}

/** Status of each expected id: the matched test's, or "missing"/"ambiguous". */
export function statusesOf(matches: Map<string, IdMatch>): Record<string, TestCaseResult['status'] | 'missing' | 'ambiguous'> {
  return Object.fromEntries([...matches].map(([id, m]) => [id, m.kind === 'found' ? m.test.status : m.kind]));
}
