// What the derivation of the five skills starts from: ONE real bug and its fix — a SWE-bench
// instance, or a bug injected by the synthesiser — and the environment its repository runs in.
import type { Environment } from '../../core/environment.js';
import type { Provenance } from '../../core/task.js';

export interface Bug {
  /** The unit the derived tasks share (provenance.instance): an instance id, a synthetic bug id. */
  instance: string;
  /** Safe to put in a task id (letters, digits, ".", "_", "-"). */
  idBase: string;
  /** owner/name. */
  repo: string;
  language: 'python';
  testFramework: 'pytest';
  /** The issue as its reporter wrote it. */
  problemStatement: string;
  hints?: string;
  /** The fix (source files; may touch docs). */
  goldPatch: string;
  /** Tests that fail before the fix and pass after it (may change helpers, rename, delete). */
  testPatch: string;
  failToPass: string[];
  passToPass: string[];
  /** How the repository at its base is built. A `git` environment's `source` and `setup` are
   * absolute here; task writers make them relative to each task folder. */
  environment: Environment;
  /** Applied to the environment to make the buggy base (an injected bug); absent for real bugs. */
  basePatch?: string;
  testCommand: string;
  testEnv?: Record<string, string>;
  testSetup?: string;
  provenance: Provenance;
}

/** Test ids pytest can run: `path/to/file.py::name…` (the file part holds no "::"). */
export function isPytestId(id: string): boolean {
  return /^[^\s:][^:]*\.py::\S/.test(id);
}

/** The file of a test id. */
export function fileOfTestId(id: string): string {
  const i = id.indexOf('::');
  return i < 0 ? id : id.slice(0, i);
}

/** Letters, digits, ".", "_", "-" only; other runs become "-". */
export function idSafe(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'x';
}
