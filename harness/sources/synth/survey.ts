// Survey: the suite runs twice in a sandbox (the first time under coverage); tests that pass
// both times are kept, and each covered source line is mapped to the tests that execute it.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { InfraError, InputError } from '../../core/errors.js';
import type { Sandbox } from '../../core/sandbox.js';
import { parseJunit, type TestCaseResult } from './junit.js';
import { shq } from '../../../skills/shared/paths.js';
import { nodeCoverage, pythonCoverage, V8_COLLECTOR, type CoverageMap, type V8ByTestFile } from './coverage.js';
import { isSourceFile, type Project } from './project.js';
import { runJobs, TEST_ENV, type JobResult } from './runner.js';

export interface Survey {
  project: Project;
  /** Ids of the tests that passed in both runs (sorted). */
  reliable: string[];
  /** Ids seen failing, skipped or changing between runs. */
  unreliable: string[];
  /** Reliable test ids per test file. */
  idsByFile: Map<string, string[]>;
  /** node: the files every test of which passed twice — a mutant's tests run file by file. */
  reliableFiles: string[];
  /** Covered lines of source files → keys of covering tests (pytest ids, node test files). */
  coverage: CoverageMap;
  /** Text of every covered source file. */
  sources: Map<string, string>;
  /** Wall time of one plain run of the suite. */
  suiteSeconds: number;
  /** The suite without the unreliable tests, as task.yaml's test_command. */
  testCommand: string;
  /** Environment the tests need (task.yaml's test_env), e.g. PYTHONPATH for a src/ layout. */
  testEnv: Record<string, string>;
}

export interface SurveyOptions {
  timeoutSeconds: number;
  log: (line: string) => void;
}

const COVERAGE_RC = '[run]\ndynamic_context = test_function\ndata_file = /tmp/as-covdata\nsource = /testbed\n';

function passingIds(r: JobResult): Set<string> {
  return new Set(r.tests.filter((t) => t.status === 'passed').map((t) => t.id));
}

type PythonRuns = {
  first: JobResult;
  second: JobResult;
  coverageJson: string;
  seconds: number;
  importErrors: boolean;
  loadErrors: TestCaseResult[];
};

async function pythonRuns(sb: Sandbox, project: Project, timeoutSeconds: number, testEnv: Record<string, string>): Promise<PythonRuns> {
  await sb.writeFile('/tmp/as-covrc', COVERAGE_RC);
  const xml = '/tmp/as-survey.xml';
  const cmd =
    `rm -f /tmp/as-covdata* /tmp/as-cov.json ${xml}; ` +
    `python3 -m coverage run --rcfile=/tmp/as-covrc -m pytest -p no:cacheprovider --rootdir=/testbed -o junit_family=xunit1 --continue-on-collection-errors -q --junitxml=${xml} >/tmp/as-survey.log 2>&1; rc=$?; ` +
    `python3 -m coverage json --rcfile=/tmp/as-covrc --show-contexts -q -o /tmp/as-cov.json >>/tmp/as-survey.log 2>&1 || exit 90; exit $rc`;
  const r = await sb.exec(cmd, { timeoutMs: timeoutSeconds * 1000, env: { ...TEST_ENV, ...testEnv } });
  if (r.timedOut)
    throw new InputError(project.label, '', `the test suite did not finish within ${timeoutSeconds} s (raise --survey-timeout)`);
  const log = (await sb.readFile('/tmp/as-survey.log').catch(() => Buffer.from(''))).toString('utf8');
  if (r.exitCode === 90)
    // The built-in image has it: a named image or a setup step must provide it too.
    throw new InputError(
      project.label,
      '',
      `coverage.py could not write its report (the sandbox image needs python3-coverage; see --image, --setup): ${log.slice(-1500)}`,
    );
  const report = await sb.readFile(xml).catch(() => undefined);
  if (!report) throw new InputError(project.label, '', `pytest wrote no report for the suite (exit ${r.exitCode}): ${log.slice(-1500)}`);
  const all = parseJunit(report.toString('utf8'), 'pytest').tests;
  // A result whose id is just a file: that file did not load (its error says why).
  const loadErrors = all.filter((t) => !t.id.includes('::'));
  const first: JobResult = {
    tests: all.filter((t) => t.id.includes('::')),
    timedOut: false,
    exitCode: r.exitCode,
    brokenFiles: loadErrors.map((t) => t.file),
  };
  // Test files that could not import what they test: the package may live under src/.
  const importErrors = all.some(
    (t) => t.status !== 'passed' && /ModuleNotFoundError|ImportError/.test(`${t.type ?? ''} ${t.message ?? ''} ${t.text ?? ''}`),
  );
  const coverageJson = (await sb.readFile('/tmp/as-cov.json')).toString('utf8');
  // The second run goes file by file, as bugs are validated (a few tests at a time): a test that
  // passes only after another file has imported or set something up is not reliable.
  const files = [...new Set(first.tests.map((t) => t.file))].sort();
  const started = Date.now();
  const perFile = await runJobs(
    sb,
    'pytest',
    files.map((f) => ({ files: [], tests: [f], timeoutSeconds })),
    testEnv,
  );
  const second: JobResult = {
    tests: perFile.flatMap((r) => r.tests),
    timedOut: perFile.some((r) => r.timedOut),
    exitCode: perFile.find((r) => r.exitCode !== 0)?.exitCode ?? 0,
    brokenFiles: perFile.flatMap((r) => r.brokenFiles),
  };
  return { first, second, coverageJson, seconds: (Date.now() - started) / 1000, importErrors, loadErrors };
}

async function nodeRuns(
  sb: Sandbox,
  project: Project,
  timeoutSeconds: number,
): Promise<{ first: JobResult; second: JobResult; v8: V8ByTestFile; seconds: number }> {
  await sb.exec('rm -rf /tmp/as-v8', { env: TEST_ENV });
  // The first run as the scorers run tests (`node --test <file>`); the second as bugs are
  // validated (`node <file>`): a test kept must pass both ways.
  const [first] = await runJobs(sb, 'node-test', [
    { files: [], tests: project.testFiles, timeoutSeconds, coverageDir: '/tmp/as-v8', direct: false },
  ]);
  await sb.writeFile('/tmp/as-v8-collect.cjs', V8_COLLECTOR);
  const collected = await sb.exec('node /tmp/as-v8-collect.cjs /tmp/as-v8', {
    timeoutMs: 300_000,
    env: TEST_ENV,
    outputCapBytes: 512 * 1024 * 1024,
  });
  if (collected.exitCode !== 0 || collected.truncated) throw new InfraError(`reading V8 coverage failed: ${collected.stderr.slice(-1500)}`);
  const byIndex = JSON.parse(collected.stdout) as V8ByTestFile;
  const v8: V8ByTestFile = {};
  for (const [i, scripts] of Object.entries(byIndex)) if (project.testFiles[Number(i)]) v8[project.testFiles[Number(i)]] = scripts;
  const started = Date.now();
  const [second] = await runJobs(sb, 'node-test', [{ files: [], tests: project.testFiles, timeoutSeconds, direct: true }]);
  return { first, second, v8, seconds: (Date.now() - started) / 1000 };
}

async function readSources(repoDir: string, files: Iterable<string>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const f of [...files].sort()) out.set(f, await fs.readFile(path.join(repoDir, f), 'utf8'));
  return out;
}

function testCommandWithout(project: Project, unreliable: string[], reliableFiles: string[]): string {
  if (!unreliable.length) return project.testCommand;
  if (project.framework === 'pytest') return `${project.testCommand} ${unreliable.map((id) => `--deselect ${shq(id)}`).join(' ')}`;
  return `node --test ${reliableFiles.map(shq).join(' ')}`;
}

/** pytest runs; when tests fail to import and the repo has a src/ layout, again with PYTHONPATH=src
 * (the offline stand-in for installing the package), keeping whichever passes more tests. */
async function pythonSurveyRuns(
  sb: Sandbox,
  project: Project,
  opts: SurveyOptions,
): Promise<{ runs: PythonRuns; testEnv: Record<string, string> }> {
  const plain = await pythonRuns(sb, project, opts.timeoutSeconds, {});
  const hasSrc = project.files.some((f) => /^src\/[^/]+\/__init__\.py$/.test(f) || /^src\/[^/]+\.py$/.test(f));
  if (!plain.importErrors || !hasSrc) return { runs: plain, testEnv: {} };
  opts.log('survey: tests fail to import and the code is under src/: trying again with PYTHONPATH=src');
  const testEnv = { PYTHONPATH: 'src' };
  const withSrc = await pythonRuns(sb, project, opts.timeoutSeconds, testEnv);
  const passed = (r: PythonRuns) => r.second.tests.filter((t) => t.status === 'passed').length;
  return passed(withSrc) > passed(plain) ? { runs: withSrc, testEnv } : { runs: plain, testEnv: {} };
}

/** Why synthesis cannot start: the suite does not pass here, with the first failure as a hint. */
function noReliableTests(seen: number, runs: JobResult[], loadErrors: TestCaseResult[]): string {
  const bad = [...loadErrors, ...runs.flatMap((r) => r.tests)].find((t) => t.status !== 'passed');
  const broken = runs.flatMap((r) => r.brokenFiles)[0];
  const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim().slice(0, 300);
  // The message, and the last line of the traceback (where Python names the exception).
  const why = (t: TestCaseResult) =>
    [t.message, (t.text ?? '').trim().split('\n').pop()].filter((x, i, all) => x && all.indexOf(x) === i).join(' — ');
  const hint = bad
    ? `; e.g. ${bad.id} ${bad.status}${why(bad) ? `: ${oneLine(why(bad))}` : ''}`
    : broken
      ? `; e.g. ${broken} did not load`
      : '';
  return (
    `the test suite does not pass in the sandbox: no test passed both in the whole suite and run file by file (${seen} seen)${hint}. ` +
    'Synthesis needs a suite that passes; give the environment what it lacks with --setup or --image'
  );
}

export async function survey(sb: Sandbox, repoDir: string, project: Project, opts: SurveyOptions): Promise<Survey> {
  opts.log(`survey: running the suite twice (${project.framework}), the first time under coverage`);
  let testEnv: Record<string, string> = {};
  let runs: PythonRuns | Awaited<ReturnType<typeof nodeRuns>>;
  if (project.framework === 'pytest') ({ runs, testEnv } = await pythonSurveyRuns(sb, project, opts));
  else runs = await nodeRuns(sb, project, opts.timeoutSeconds);
  const [a, b] = [passingIds(runs.first), passingIds(runs.second)];
  const seen = new Set([...runs.first.tests, ...runs.second.tests].map((t) => t.id));
  const reliableSet = new Set([...a].filter((id) => b.has(id)));
  let unreliable = [...seen].filter((id) => !reliableSet.has(id)).sort();
  const fileOf = (id: string) => id.slice(0, id.indexOf('::'));
  let reliableFiles: string[] = [];
  if (project.framework === 'node-test') {
    // A node test file runs as a whole: one bad test (or a crash) puts all of its tests out.
    const bad = new Set([...unreliable.map(fileOf), ...runs.first.brokenFiles, ...runs.second.brokenFiles]);
    reliableFiles = project.testFiles.filter((f) => !bad.has(f) && [...reliableSet].some((id) => fileOf(id) === f));
    const keep = new Set(reliableFiles);
    for (const id of [...reliableSet]) if (!keep.has(fileOf(id))) reliableSet.delete(id);
    unreliable = [...seen].filter((id) => !reliableSet.has(id)).sort();
  }
  const reliable = [...reliableSet].sort();
  if (!reliable.length)
    throw new InputError(
      project.label,
      '',
      noReliableTests(seen.size, [runs.first, runs.second], 'loadErrors' in runs ? runs.loadErrors : []),
    );
  const idsByFile = new Map<string, string[]>();
  for (const id of reliable) idsByFile.set(fileOf(id), [...(idsByFile.get(fileOf(id)) ?? []), id]);

  const candidates = project.files.filter((f) => isSourceFile(project, f));
  let coverage: CoverageMap;
  if ('coverageJson' in runs) {
    coverage = pythonCoverage(runs.coverageJson, new Set(candidates), reliable);
  } else {
    const texts = await readSources(repoDir, candidates);
    const keep = new Set(reliableFiles);
    const v8 = Object.fromEntries(Object.entries(runs.v8).filter(([f]) => keep.has(f)));
    coverage = nodeCoverage(v8, texts);
  }
  const sources = await readSources(repoDir, coverage.keys());
  const covered = [...coverage.values()].reduce((s, lines) => s + lines.size, 0);
  opts.log(
    `survey: ${reliable.length} tests pass reliably, ${unreliable.length} left out; ${covered} covered lines in ${sources.size} source files; suite ${runs.seconds.toFixed(1)} s`,
  );
  return {
    project,
    reliable,
    unreliable,
    idsByFile,
    reliableFiles,
    coverage,
    sources,
    suiteSeconds: runs.seconds,
    testCommand: testCommandWithout(project, unreliable, reliableFiles),
    testEnv,
  };
}
