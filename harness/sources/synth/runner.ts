// Runs batches of test jobs in a synthesis sandbox through the drivers (drivers.ts): one exec
// per batch, results parsed with the scorers' JUnit reader so ids match the tasks' ids.
import { InfraError } from '../../core/errors.js';
import type { TestFramework } from '../../core/task.js';
import type { Sandbox } from '../../core/sandbox.js';
import { parseJunit, type TestCaseResult } from './junit.js';
import { NODE_REPORTER_PATH, NODE_REPORTER_SOURCE } from './node-reporter.js';
import { NODE_DRIVER, NODE_DRIVER_PATH, PYTHON_DRIVER, PYTHON_DRIVER_PATH } from './drivers.js';

export interface Job {
  /** Files replaced for this job (repo-relative), restored after it. */
  files: { path: string; content: string }[];
  /** pytest: test ids or paths (none = the suite as configured); node: test files. */
  tests: string[];
  timeoutSeconds: number;
  /** node only: NODE_V8_COVERAGE=<dir>/<test file index> for each test file. */
  coverageDir?: string;
  /** node only: run each file as `node <file>` (with the reporter) instead of `node --test <file>`. */
  direct?: boolean;
}

export interface JobResult {
  tests: TestCaseResult[];
  timedOut: boolean;
  exitCode: number | null;
  /** Test files that produced no report or crashed as a whole (syntax/import errors). */
  brokenFiles: string[];
}

/** The environment of every test run (the scorers' own). */
export const TEST_ENV = { PYTHONDONTWRITEBYTECODE: '1', PYTHONNOUSERSITE: '1', NODE_OPTIONS: '', CI: 'true' };

const installed = new WeakSet<Sandbox>();

async function install(sb: Sandbox): Promise<void> {
  if (installed.has(sb)) return;
  await Promise.all([
    sb.writeFile(PYTHON_DRIVER_PATH, PYTHON_DRIVER),
    sb.writeFile(NODE_DRIVER_PATH, NODE_DRIVER),
    sb.writeFile(NODE_REPORTER_PATH, NODE_REPORTER_SOURCE),
  ]);
  installed.add(sb);
}

interface DriverLine {
  index: number;
  exit: number | null;
  timedOut: boolean;
  reports: { file: string | null; xml: string | null; exit?: number | null; timedOut?: boolean }[];
}

function toResult(framework: TestFramework, line: DriverLine, job: Job): JobResult {
  const tests: TestCaseResult[] = [];
  const brokenFiles: string[] = [];
  for (const r of line.reports) {
    if (!r.xml) {
      if (r.file) brokenFiles.push(r.file);
      continue;
    }
    const parsed = parseJunit(r.xml, framework, framework === 'pytest' ? { knownFiles: [] } : { defaultFile: r.file ?? '' }).tests;
    for (const t of parsed) {
      // A result whose id is just a file: that file failed to load (collection/import error).
      if (!t.id.includes('::')) brokenFiles.push(t.file);
      else tests.push(t);
    }
  }
  if (framework === 'pytest' && !line.reports[0]?.xml && !line.timedOut)
    brokenFiles.push(...new Set(job.tests.map((t) => t.split('::')[0])));
  return { tests, timedOut: line.timedOut, exitCode: line.exit, brokenFiles: [...new Set(brokenFiles)] };
}

/** Runs every job, in order, in one exec; the sandbox's /testbed is as before afterwards.
 * `env`: the repository's own test environment (task.yaml's test_env). */
export async function runJobs(sb: Sandbox, framework: TestFramework, jobs: Job[], env: Record<string, string> = {}): Promise<JobResult[]> {
  if (!jobs.length) return [];
  await install(sb);
  const jobsPath = `/tmp/as-synth-jobs-${process.pid}.json`;
  const payload = jobs.map((j) => ({
    files: j.files,
    tests: j.tests,
    timeout: j.timeoutSeconds,
    coverageDir: j.coverageDir,
    direct: j.direct ?? true,
  }));
  await sb.writeFile(jobsPath, JSON.stringify(payload));
  const cmd =
    framework === 'pytest' ? `python3 ${PYTHON_DRIVER_PATH} ${jobsPath}` : `node ${NODE_DRIVER_PATH} ${jobsPath} ${NODE_REPORTER_PATH}`;
  const budget = jobs.reduce((s, j) => s + j.timeoutSeconds, 0) + 60;
  const r = await sb.exec(cmd, { timeoutMs: budget * 1000, env: { ...TEST_ENV, ...env }, outputCapBytes: 256 * 1024 * 1024 });
  const lines = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as DriverLine);
  if (lines.length !== jobs.length || r.truncated) {
    throw new InfraError(
      `the ${framework} batch runner stopped after ${lines.length} of ${jobs.length} jobs (exit ${r.exitCode}${r.timedOut ? ', timed out' : ''}): ${r.stderr.slice(-2000)}`,
    );
  }
  return lines.map((line) => toResult(framework, line, jobs[line.index]));
}
