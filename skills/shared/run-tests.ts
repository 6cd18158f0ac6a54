// One scored test run, fail-closed: the task's own command, environment and configuration
// (pytest through a launcher with a safe import path; node through one wrapper per test file),
// sentinel tests in the same process, the report on the sealed channel (read only once every
// process of the run is gone, and only from a live sandbox: a container that died under the
// run fails the exec — an infrastructure error — so its exit status is never used), and
// whether the OOM killer struck during it. The caller decides what an unsound run means for
// its score (see `unsoundReason`).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BaseTask } from '../../harness/core/task.js';
import { PACKAGE_ROOT } from '../../harness/core/version.js';
import type { Sandbox } from '../../harness/core/sandbox.js';
import { tarOf, type FileEntry } from './copy.js';
import { shq } from './paths.js';
import { parseReport, type CoverageOf, type ReportContext, type TestCaseResult } from './report.js';
import { InfraError } from '../../harness/core/errors.js';
import { mustExec, run } from './sandbox.js';
import { judgeSentinels, nodeWrapper, pytestSentinels, worstVerdict, type SentinelVerdict } from './sentinels.js';
import { environmentPrelude, nodeCommandOf, pytestCommandOf } from './test-command.js';

export type { TestCaseResult } from './report.js';

export interface TestRunSpec {
  /** The task: framework, test_command, test_env, test_setup. */
  task: BaseTask;
  /** Test files to run (repo paths); empty = the task's own suite (its command's paths or
   * configuration for pytest, node's discovery for node). */
  files: string[];
  timeoutMs: number;
  /** Repo paths whose execution (and line coverage) is measured. */
  coverage?: string[];
  /** Hide /testbed/.git (and so the repository's history) from the tests. */
  hideGit?: boolean;
}

export interface TestRun {
  /** Every test reported, sentinels left out. */
  tests: TestCaseResult[];
  exitCode: number | null;
  timedOut: boolean;
  /** A process of the run was killed by the OOM killer (the sandbox's memory limit). */
  oomKilled: boolean;
  /** The report is whole (its end line last, nothing unreadable after or before). */
  complete: boolean;
  /** The test process exited by itself with the status its own report gives. */
  cleanExit: boolean;
  sentinel: SentinelVerdict;
  coverage: Record<string, CoverageOf>;
  notes: string[];
  /** Tail of the combined output, for humans. */
  output: string;
}

const RUN_DIR = '/tmp/as-run';
/** The run's HOME: a fresh, empty folder (a planted shell profile is never read). */
const RUN_HOME = '/tmp/as-home';
const SOURCE_DIR = path.join(PACKAGE_ROOT, 'skills', 'shared', 'in-sandbox');
const sources = new Map<string, string>();
function inSandboxSource(name: string): string {
  let s = sources.get(name);
  if (s === undefined) {
    s = readFileSync(path.join(SOURCE_DIR, name), 'utf8');
    sources.set(name, s);
  }
  return s;
}

const BASE_ENV = 'export PYTHONDONTWRITEBYTECODE=1 PYTHONNOUSERSITE=1 CI=true NODE_OPTIONS=';

function tail(s: string, n = 4000): string {
  return s.length > n ? s.slice(-n) : s;
}

interface Prepared {
  files: FileEntry[];
  command: string;
  ctx: ReportContext;
  judge: (report: ReturnType<typeof parseReport>) => SentinelVerdict;
}

function preparePytest(spec: TestRunSpec): Prepared {
  const cmd = pytestCommandOf(spec.task);
  const { options, paths } = splitPytestArgs(cmd.args);
  const targets = spec.files.length ? spec.files : paths;
  const sentinels = pytestSentinels(nearbyFile(targets[0]));
  const conf = {
    sentinels: [sentinels.file],
    sentinel_functions: sentinels.functions,
    coverage: spec.coverage ?? [],
    cwd_first: cmd.cwdFirst,
  };
  // The task's options, its selection aside (the run's files and the sentinels are the selection).
  const kept = options.filter((o) => !SELECTION.test(o[0])).flat();
  const args = [...kept, ...targets, '-p', 'no:cacheprovider', '--maxfail=0', '--continue-on-collection-errors'];
  const command = [
    environmentPrelude(spec.task, cmd.env),
    BASE_ENV,
    `export PYTHONSAFEPATH=1 ATOMIC_SKILLS_PYTEST=${shq(JSON.stringify(conf))}`,
    `${cmd.python} ${RUN_DIR}/pytest_launcher.py ${args.map(shq).join(' ')}`,
    'rc=$?',
    `rm -f -- ${shq(sentinels.file)}`,
    'exit $rc',
  ]
    .filter(Boolean)
    .join('\n');
  return {
    files: [
      { path: `${RUN_DIR.slice(1)}/pytest_launcher.py`, content: Buffer.from(inSandboxSource('pytest_launcher.py')) },
      { path: `testbed/${sentinels.file}`, content: Buffer.from(sentinels.source) },
    ],
    command,
    ctx: {
      sentinelFiles: new Map([[sentinels.file, sentinels.file]]),
      sentinelNames: new Set([...sentinels.mustFail, ...sentinels.mustPass]),
    },
    judge: (report) => judgeSentinels(sentinels, (n) => report.sentinels.get(n), report.sentinelFilesNotRun.has(sentinels.file)),
  };
}

/** pytest options that select or stop early: never taken from the task's command. */
const SELECTION =
  /^(-k|-m|-x|--exitfirst|--deselect|--lf|--last-failed|--ff|--failed-first|--sw|--stepwise|--sw-skip|--maxfail|--co|--collect-only)(=|$)/;
/** pytest options whose value is the next word (when not written `--opt=value`). */
const TAKES_VALUE =
  /^(-[kmpcWon]|--(rootdir|confcutdir|junitxml|junit-xml|basetemp|deselect|ignore|ignore-glob|log-file|log-level|durations|maxfail|tb|import-mode|dist|override-ini|capture|color))$/;

/** A pytest command's arguments: options (each with its value) and paths. */
export function splitPytestArgs(args: string[]): { options: string[][]; paths: string[] } {
  const options: string[][] = [];
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('-')) paths.push(a);
    else if (TAKES_VALUE.test(a) && i + 1 < args.length) options.push([a, args[++i]]);
    else options.push([a]);
  }
  return { options, paths };
}

/** A file in the folder a path names (a test file itself, or a file inside a folder). */
function nearbyFile(p: string | undefined): string | undefined {
  if (!p) return undefined;
  const file = p.split('::')[0].replace(/\/+$/, '');
  return file.endsWith('.py') ? file : `${file}/x.py`;
}

function prepareNode(spec: TestRunSpec, files: string[]): Prepared {
  const cmd = nodeCommandOf(spec.task);
  const wrappers = files.map((f, i) => nodeWrapper(f, `${RUN_DIR}/w${i}.mjs`));
  const coverage = spec.coverage?.length ? ['--experimental-test-coverage'] : [];
  const argv = [
    'node',
    ...cmd.flags,
    '--test',
    `--test-reporter=${RUN_DIR}/node_reporter.mjs`,
    '--test-reporter-destination=/dev/fd/10',
    ...coverage,
    ...wrappers.map((w) => w.path),
  ];
  const command = [environmentPrelude(spec.task, cmd.env), BASE_ENV, argv.map(shq).join(' ')].filter(Boolean).join('\n');
  // The reporter names files relative to /testbed: that is how a wrapper shows up.
  const asReported = (p: string) => path.posix.relative('/testbed', p);
  return {
    files: [
      { path: `${RUN_DIR.slice(1)}/node_reporter.mjs`, content: Buffer.from(inSandboxSource('node_reporter.mjs')) },
      ...wrappers.map((w) => ({ path: w.path.slice(1), content: Buffer.from(w.source) })),
    ],
    command,
    ctx: {
      sentinelFiles: new Map(wrappers.map((w) => [asReported(w.path), w.target])),
      sentinelNames: new Set(wrappers.flatMap((w) => [...w.mustFail, ...w.mustPass])),
    },
    judge: (report) =>
      worstVerdict(
        wrappers.map((w) => judgeSentinels(w, (n) => report.sentinels.get(n), report.sentinelFilesNotRun.has(asReported(w.path)))),
      ),
  };
}

/** Test files node's runner would find with no arguments (or under the given folders). */
async function discoverNodeFiles(sb: Sandbox, roots: string[]): Promise<string[]> {
  const where = roots.length ? roots.map(shq).join(' ') : '.';
  const r = await run(
    sb,
    `find ${where} -path '*/node_modules' -prune -o -type f \\( -name '*.test.js' -o -name '*.test.cjs' -o -name '*.test.mjs' -o -name '*-test.*js' -o -name '*_test.*js' -o -name 'test-*.*js' -o -name 'test.*js' -o -path '*/test/*.*js' \\) -print | sed 's|^\\./||' | LC_ALL=C sort`,
  );
  return r.stdout.split('\n').filter((l) => /\.(c|m)?js$/.test(l));
}

export async function runTests(sb: Sandbox, spec: TestRunSpec): Promise<TestRun> {
  const framework = spec.task.test_framework;
  const nodeFiles =
    framework === 'node-test' ? (spec.files.length ? spec.files : await discoverNodeFiles(sb, nodeCommandOf(spec.task).paths)) : [];
  if (framework === 'node-test' && !nodeFiles.length) {
    return {
      tests: [],
      exitCode: 0,
      timedOut: false,
      oomKilled: false,
      complete: true,
      cleanExit: true,
      sentinel: 'not_run',
      coverage: {},
      notes: ['no test files to run'],
      output: '',
    };
  }
  const prepared = framework === 'pytest' ? preparePytest(spec) : prepareNode(spec, nodeFiles);
  // The harness's files (launcher or reporter and wrappers, sentinels), fresh for every run.
  await mustExec(sb, `mkdir -p ${RUN_HOME} && base64 -d | tar -x -f - -C / --no-same-owner`, {
    stdin: (await tarOf(prepared.files)).toString('base64'),
  });
  const r = await run(sb, prepared.command, {
    timeoutMs: spec.timeoutMs,
    env: { HOME: RUN_HOME },
    sealed: { hide: spec.hideGit ? ['/testbed/.git'] : [], scrub: true },
  });
  await mustBeAlive(sb);
  const report = parseReport(r.sealed ?? '', framework, prepared.ctx);
  const notes = [...report.problems];
  if (r.sealedTruncated) notes.push('the report exceeded its size limit');
  const complete = report.complete && !r.sealedTruncated;
  const failures = report.tests.some((t) => t.status === 'failed' || t.status === 'error') || report.sentinels.size > 0;
  const cleanExit =
    !r.timedOut &&
    r.exitCode !== null &&
    (framework === 'pytest' ? report.exitStatus === r.exitCode : r.exitCode === (failures ? 1 : 0) || (r.exitCode === 1 && failures));
  if (!cleanExit && !r.timedOut)
    notes.push(`exit status ${r.exitCode}${framework === 'pytest' ? `, the report says ${report.exitStatus ?? 'nothing'}` : ''}`);
  const oomKilled = r.oomKilled;
  if (oomKilled) notes.push('a process of the run was killed for memory (the sandbox limit)');
  let sentinel = prepared.judge(report);
  // A run cut short (timeout, crash, pytest interrupted or unable to start) may never have
  // reached its sentinels: missing is then no sign of tampering.
  const cutShort = !complete || r.timedOut || (report.exitStatus !== undefined && report.exitStatus > 1 && report.exitStatus !== 5);
  if (sentinel === 'sentinel_missing' && cutShort) sentinel = 'not_run';
  return {
    tests: report.tests,
    exitCode: r.exitCode,
    timedOut: r.timedOut,
    oomKilled,
    complete,
    cleanExit,
    sentinel,
    coverage: report.coverage,
    notes,
    output: tail(r.stdout + r.stderr),
  };
}

/** A run's results are used only from a sandbox still alive after it (checked, not inferred
 * from the exit status): a container that died is the infrastructure's failure, retried. */
async function mustBeAlive(sb: Sandbox): Promise<void> {
  let alive: boolean;
  try {
    alive = (await sb.health()).alive;
  } catch (e) {
    throw new InfraError(`checking the scoring sandbox failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  if (!alive) throw new InfraError('the scoring sandbox died during a test run');
}

/** Why a run's results cannot be trusted as they stand, or undefined when they can. */
export function unsoundReason(run: TestRun): string | undefined {
  if (run.sentinel === 'forced_pass') return 'forced_pass';
  if (run.sentinel === 'sentinel_missing') return 'sentinel_missing';
  if (run.timedOut) return 'timed_out';
  if (run.oomKilled) return 'memory_limit';
  if (!run.complete) return 'report_incomplete';
  if (!run.cleanExit) return 'unclean_exit';
  if (run.sentinel === 'sentinel_failed') return 'sentinel_failed';
  if (run.sentinel === 'not_run') return 'sentinels_not_run';
  return undefined;
}

/** A sound run in which every reported test passed (skips aside), at least one of them. */
export function allPassed(run: TestRun): boolean {
  const ran = run.tests.filter((t) => t.status !== 'skipped');
  return unsoundReason(run) === undefined && ran.length > 0 && ran.every((t) => t.status === 'passed');
}

/** Did code of any of these files run (a call into it, its module body included)? */
export function executed(run: TestRun, files: string[]): boolean {
  return files.some((f) => (run.coverage[f]?.calls ?? 0) > 0 || (run.coverage[f]?.percent ?? 0) > 0);
}

export interface ScriptRun {
  exitCode: number | null;
  timedOut: boolean;
  oomKilled: boolean;
  stdout: string;
  stderr: string;
  /** Did code of the target files run (Python: the launcher's report, read when the script is
   * over; false when it never came whole)? undefined: not measured (node scripts). */
  executed?: boolean;
}

/** A reproduction script, run like a test run (the task's environment, .git hidden, every
 * process gone afterwards, the sandbox checked alive around it): its exit status decides.
 * A Python script runs through a launcher that says whether the `targets` ran. */
export async function runScript(
  sb: Sandbox,
  spec: { task: BaseTask; script: string; timeoutMs: number; targets?: string[] },
): Promise<ScriptRun> {
  const isNode = /\.(c|m)?js$/.test(spec.script);
  const env = spec.task.test_framework === 'pytest' ? pytestCommandOf(spec.task).env : nodeCommandOf(spec.task).env;
  const start = isNode
    ? `node ${shq(spec.script)}`
    : [
        `export PYTHONSAFEPATH=1 ATOMIC_SKILLS_TARGETS=${shq(JSON.stringify(spec.targets ?? []))}`,
        `${pytestCommandOf(spec.task).python} ${RUN_DIR}/script_launcher.py ${shq(spec.script)}`,
      ].join('\n');
  const command = [environmentPrelude(spec.task, env), BASE_ENV, start].filter(Boolean).join('\n');
  const files: FileEntry[] = isNode
    ? []
    : [{ path: `${RUN_DIR.slice(1)}/script_launcher.py`, content: Buffer.from(inSandboxSource('script_launcher.py')) }];
  await mustExec(sb, `mkdir -p ${RUN_HOME} && base64 -d | tar -x -f - -C / --no-same-owner`, {
    stdin: (await tarOf(files)).toString('base64'),
  });
  const r = await run(sb, command, {
    timeoutMs: spec.timeoutMs,
    env: { HOME: RUN_HOME },
    sealed: { hide: ['/testbed/.git'], scrub: true },
  });
  await mustBeAlive(sb);
  let executed: boolean | undefined;
  if (!isNode) {
    const report = parseReport(r.sealed ?? '', 'pytest', { sentinelFiles: new Map(), sentinelNames: new Set() });
    executed = report.complete && !r.sealedTruncated && Object.values(report.coverage).some((c) => (c.calls ?? 0) > 0);
  }
  return { exitCode: r.exitCode, timedOut: r.timedOut, oomKilled: r.oomKilled, stdout: r.stdout, stderr: r.stderr, executed };
}
