// Runs test files in a sandbox with JUnit output and returns per-test results,
// cross-checked against the exit code. pytest: one run; node:test: one run per file so
// every id carries its file (a few at once). Optional line coverage of one target file.
import PQueue from 'p-queue';
import type { TestFramework } from '../../harness/core/task.js';
import type { Sandbox } from '../../harness/core/sandbox.js';
import { parseJunit, type TestCaseResult } from './junit.js';
import { NODE_REPORTER_PATH, NODE_REPORTER_SOURCE } from './node-reporter.js';
import { shq } from './paths.js';
import { readIfExists, run } from './sandbox.js';

export interface TestRun {
  tests: TestCaseResult[];
  /** Worst exit code seen (null if a run was killed). */
  exitCode: number | null;
  timedOut: boolean;
  /** Discrepancies between the XML and exit codes, missing reports… */
  notes: string[];
  /** Tail of the combined output, for humans. */
  output: string;
  /** Line coverage of `coverageTarget` in percent; null when unavailable. */
  coverage: number | null;
}

export interface RunTestsOptions {
  timeoutMs: number;
  /** Repo path whose line coverage to measure. */
  coverageTarget?: string;
}

/** Node test files run at once (each a process; more than a few just queue for the CPU). */
const NODE_FILES_AT_ONCE = 3;

const ENV = { PYTHONDONTWRITEBYTECODE: '1', PYTHONNOUSERSITE: '1', NODE_OPTIONS: '', CI: 'true' };

function tail(s: string, n = 4000): string {
  return s.length > n ? s.slice(-n) : s;
}

async function runPytest(sb: Sandbox, files: string[], opts: RunTestsOptions): Promise<TestRun> {
  const xml = '/tmp/as-junit.xml';
  const args = `-p no:cacheprovider --rootdir=/testbed -o junit_family=xunit1 --continue-on-collection-errors --junitxml=${xml} -q ${files.map(shq).join(' ')}`;
  const cov = opts.coverageTarget !== undefined;
  // With coverage, its JSON is written in the same exec (the run's exit code is kept).
  const covEnv = 'COVERAGE_FILE=/tmp/as-cov';
  const cmd = cov
    ? `rm -f ${xml} /tmp/as-cov /tmp/as-cov.json; ${covEnv} python3 -m coverage run --include=${shq(`/testbed/${opts.coverageTarget}`)} -m pytest ${args}; rc=$?; ` +
      `${covEnv} python3 -m coverage json -o /tmp/as-cov.json >/tmp/as-cov.log 2>&1; exit $rc`
    : `rm -f ${xml}; python3 -m pytest ${args}`;
  const r = await run(sb, cmd, { timeoutMs: opts.timeoutMs, env: ENV });
  const notes: string[] = [];
  const [text, json] = await Promise.all([readIfExists(sb, xml), cov ? readIfExists(sb, '/tmp/as-cov.json') : undefined]);
  const tests = text ? parseJunit(text, 'pytest', { knownFiles: files }).tests : [];
  if (!text) notes.push(r.timedOut ? 'test run timed out before writing its report' : `no JUnit report (exit ${r.exitCode})`);
  let coverage: number | null = null;
  if (cov && text) {
    if (json) {
      const data = JSON.parse(json) as { files?: Record<string, { summary?: { percent_covered?: number } }> };
      const entry = Object.entries(data.files ?? {}).find(([k]) => k.replace(/^\/testbed\//, '') === opts.coverageTarget);
      coverage = entry?.[1].summary?.percent_covered ?? 0;
    } else if (/No data/i.test((await readIfExists(sb, '/tmp/as-cov.log')) ?? '')) coverage = 0;
  }
  crossCheck(tests, r.exitCode, r.timedOut, notes);
  return { tests, exitCode: r.exitCode, timedOut: r.timedOut, notes, output: tail(r.stdout + r.stderr), coverage };
}

interface FileRun {
  tests: TestCaseResult[];
  notes: string[];
  output: string;
  exitCode: number | null;
  timedOut: boolean;
}

/** One node:test process per file (so every id carries its file), up to NODE_FILES_AT_ONCE at
 * once — as `node --test` itself runs files in parallel. */
async function runNode(sb: Sandbox, files: string[], opts: RunTestsOptions): Promise<TestRun> {
  await sb.writeFile(NODE_REPORTER_PATH, NODE_REPORTER_SOURCE);
  const deadline = Date.now() + opts.timeoutMs;
  const runFile = async (f: string, i: number): Promise<FileRun> => {
    const left = deadline - Date.now();
    if (left <= 0) return { tests: [], notes: [`${f}: not run, test time budget spent`], output: '', exitCode: 0, timedOut: true };
    const xml = `/tmp/as-junit-${i}.xml`;
    const r = await run(
      sb,
      `rm -f ${xml}; node --test --test-reporter=${NODE_REPORTER_PATH} --test-reporter-destination=${xml} ${shq(f)}`,
      { timeoutMs: left, env: ENV },
    );
    const notes: string[] = [];
    const text = await readIfExists(sb, xml);
    const tests = text ? parseJunit(text, 'node-test', { defaultFile: f }).tests : [];
    if (!text) notes.push(`${f}: ${r.timedOut ? 'timed out before writing its report' : `no JUnit report (exit ${r.exitCode})`}`);
    crossCheck(tests, r.exitCode, r.timedOut, notes, f);
    return { tests, notes, output: r.stdout + r.stderr, exitCode: r.exitCode, timedOut: r.timedOut };
  };
  const queue = new PQueue({ concurrency: NODE_FILES_AT_ONCE });
  const runs = await Promise.all(files.map((f, i) => queue.add(() => runFile(f, i))));
  const timedOut = runs.some((r) => r.timedOut);
  const exitCode = runs.some((r) => r.exitCode === null) ? null : Math.max(0, ...runs.map((r) => r.exitCode ?? 0));
  let coverage: number | null = null;
  if (opts.coverageTarget !== undefined && !timedOut && files.length) {
    const r = await run(
      sb,
      `rm -f /tmp/as-cov.xml; node --test --experimental-test-coverage --test-reporter=${NODE_REPORTER_PATH} --test-reporter-destination=/tmp/as-cov.xml ${files.map(shq).join(' ')}`,
      { timeoutMs: Math.max(1000, deadline - Date.now()), env: ENV },
    );
    const text = !r.timedOut ? await readIfExists(sb, '/tmp/as-cov.xml') : undefined;
    if (text) coverage = parseJunit(text, 'node-test').coverage[opts.coverageTarget] ?? 0;
  }
  return {
    tests: runs.flatMap((r) => r.tests),
    exitCode,
    timedOut,
    notes: runs.flatMap((r) => r.notes),
    output: tail(runs.map((r) => r.output).join('')),
    coverage,
  };
}

/** Records disagreements between per-test results and the exit code. */
function crossCheck(tests: TestCaseResult[], exitCode: number | null, timedOut: boolean, notes: string[], label = 'run'): void {
  const bad = tests.some((t) => t.status === 'failed' || t.status === 'error');
  if (exitCode === 0 && bad) notes.push(`${label}: exit code 0 but the report has failing tests`);
  if (!timedOut && exitCode !== 0 && exitCode !== null && !bad && tests.length > 0) {
    notes.push(`${label}: exit code ${exitCode} although every reported test passed`);
  }
}

export async function runTests(sb: Sandbox, framework: TestFramework, files: string[], opts: RunTestsOptions): Promise<TestRun> {
  if (!files.length) return { tests: [], exitCode: 0, timedOut: false, notes: ['no test files to run'], output: '', coverage: null };
  return framework === 'pytest' ? runPytest(sb, files, opts) : runNode(sb, files, opts);
}

/** Status of each wanted id; ids absent from the report count as failed ("missing"). */
export function statusOf(run: TestRun, ids: string[]): Record<string, TestCaseResult['status'] | 'missing'> {
  const by = new Map(run.tests.map((t) => [t.id, t.status] as const));
  return Object.fromEntries(ids.map((id) => [id, by.get(id) ?? 'missing']));
}

/** True when the run executed ≥1 test, every test passed (skips aside) and it exited 0. */
export function allPassed(run: TestRun): boolean {
  const ran = run.tests.filter((t) => t.status !== 'skipped');
  return !run.timedOut && run.exitCode === 0 && ran.length > 0 && ran.every((t) => t.status === 'passed');
}

/** The file part of a test id ("tests/test_x.py::test_a" → "tests/test_x.py"). */
export function fileOfId(id: string): string {
  const i = id.indexOf('::');
  return i < 0 ? id : id.slice(0, i);
}
