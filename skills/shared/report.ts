// Reads the sealed test report (JSON lines from skills/shared/in-sandbox/: the pytest launcher
// or the node reporter) into per-test results with ids in the task format ("FILE::NAME"), and
// says whether the report is whole: an "end" line last, nothing unreadable, nothing after it.

export type TestStatus = 'passed' | 'failed' | 'error' | 'skipped';

export interface TestCaseResult {
  /** "FILE::NAME" (docs/task-format.md); a file-level error is just "FILE". */
  id: string;
  file: string;
  name: string;
  status: TestStatus;
  /** Exception type when failed/error (AssertionError, ValueError, SyntaxError…). */
  type?: string;
  message?: string;
  /** Traceback / stack text (trimmed). */
  text?: string;
  /** Repo path of the failure's innermost stack frame (where it was raised). */
  crash?: string;
  /** Where it went wrong: `collect` = the file could not be collected or loaded at all. */
  phase?: 'collect' | 'setup' | 'call' | 'teardown';
}

export interface CoverageOf {
  /** Line coverage in percent; null when not measured (no coverage tool). */
  percent: number | null;
  /** Calls into code of the file (module body included): > 0 means it ran. */
  calls: number;
}

export interface ParsedReport {
  tests: TestCaseResult[];
  /** Sentinel results by name, with the sandbox path of the file they ran in. */
  sentinels: Map<string, TestStatus>;
  /** Files whose sentinels could not run (their file failed to collect or load). */
  sentinelFilesNotRun: Set<string>;
  coverage: Record<string, CoverageOf>;
  /** The report ended with its "end" line, had nothing after it and no unreadable line. */
  complete: boolean;
  /** pytest's own exit status, as the launcher saw it. */
  exitStatus?: number;
  problems: string[];
}

interface Raw {
  k?: string;
  [key: string]: unknown;
}

const RANK: Record<TestStatus, number> = { passed: 0, skipped: 1, failed: 2, error: 3 };
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export interface ReportContext {
  /** pytest: sentinel file repo path. node: wrapper path (as reported) → the test file it runs. */
  sentinelFiles: Map<string, string>;
  /** Sentinel names (pytest "function" or "Class::method"; node test names). */
  sentinelNames: Set<string>;
}

/** Merges the phases and repeats of one test: the worst status wins, its details kept. */
class Merger {
  private readonly byId = new Map<string, TestCaseResult>();
  readonly duplicates = new Set<string>();
  private readonly seen = new Set<string>();

  add(r: TestCaseResult, phaseKey: string): void {
    if (this.seen.has(`${r.id}\u0000${phaseKey}`)) this.duplicates.add(r.id);
    this.seen.add(`${r.id}\u0000${phaseKey}`);
    const prev = this.byId.get(r.id);
    // A teardown error after a failed call keeps the call's failure (its type is what matters).
    if (prev?.status === 'failed' && r.phase === 'teardown') return;
    if (!prev || RANK[r.status] > RANK[prev.status]) this.byId.set(r.id, r);
  }

  results(): TestCaseResult[] {
    return [...this.byId.values()];
  }
}

/** The status a pytest phase report gives its test. */
function pytestStatus(when: string, outcome: string): TestStatus | undefined {
  if (outcome === 'rerun') return undefined; // pytest-rerunfailures: only the last attempt counts
  if (outcome === 'skipped') return 'skipped';
  if (outcome === 'passed') return when === 'call' ? 'passed' : undefined; // an xpass is a pass unless strict (then "failed")
  if (outcome !== 'failed') return undefined;
  return when === 'call' ? 'failed' : 'error';
}

function split(id: string): { file: string; name: string } {
  const i = id.indexOf('::');
  return i < 0 ? { file: id, name: '' } : { file: id.slice(0, i), name: id.slice(i + 2) };
}

export function parseReport(data: Buffer | string, framework: 'pytest' | 'node-test', ctx: ReportContext): ParsedReport {
  const text = typeof data === 'string' ? data : data.toString('utf8');
  const problems: string[] = [];
  const merger = new Merger();
  const sentinels = new Map<string, TestStatus>();
  const sentinelFilesNotRun = new Set<string>();
  const coverage: Record<string, CoverageOf> = {};
  let ended = false;
  let exitStatus: number | undefined;
  let afterEnd = false;
  let unreadable = 0;
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) {
    let rec: Raw;
    try {
      rec = JSON.parse(line) as Raw;
      if (!rec || typeof rec !== 'object' || Array.isArray(rec)) throw new Error('not an object');
    } catch {
      unreadable++;
      continue;
    }
    if (ended) afterEnd = true;
    if (rec.k === 'end') {
      ended = true;
      exitStatus = typeof rec.exitstatus === 'number' ? rec.exitstatus : undefined;
    } else if (rec.k === 'cov' && str(rec.file)) {
      coverage[rec.file as string] = {
        percent: typeof rec.percent === 'number' ? rec.percent : null,
        calls: typeof rec.calls === 'number' ? rec.calls : 0,
      };
    } else if (rec.k === 'collect' && framework === 'pytest') {
      const file = split(str(rec.id) ?? '').file;
      const body = str(rec.text) ?? '';
      if (ctx.sentinelFiles.has(file)) sentinelFilesNotRun.add(file);
      else
        merger.add(
          { id: file, file, name: '', status: 'error', phase: 'collect', type: pytestErrorType('', body), text: body.slice(-4000) },
          'collect',
        );
    } else if (rec.k === 'test') {
      const r = framework === 'pytest' ? pytestCase(rec) : nodeCase(rec, ctx);
      if (!r) continue;
      if (r.sentinel !== undefined) {
        if (r.result.phase === 'collect') sentinelFilesNotRun.add(r.result.file);
        else {
          const prev = sentinels.get(r.sentinel);
          if (!prev || RANK[r.result.status] > RANK[prev]) sentinels.set(r.sentinel, r.result.status);
        }
        continue;
      }
      merger.add(r.result, r.phaseKey);
    }
  }
  if (unreadable) problems.push(`${unreadable} unreadable report line(s)`);
  if (afterEnd) problems.push('report lines after its end');
  if (!ended) problems.push('the report has no end (the run stopped before it finished)');
  if (merger.duplicates.size) problems.push(`tests reported twice: ${[...merger.duplicates].slice(0, 5).join(', ')}`);
  return {
    tests: merger.results(),
    sentinels,
    sentinelFilesNotRun,
    coverage,
    complete: ended && !afterEnd && unreadable === 0,
    exitStatus,
    problems,
  };

  function pytestCase(rec: Raw): { result: TestCaseResult; phaseKey: string; sentinel?: string } | undefined {
    const id = str(rec.id);
    const when = str(rec.when) ?? 'call';
    const status = id ? pytestStatus(when, str(rec.outcome) ?? '') : undefined;
    if (!id || !status) return undefined;
    const { file, name } = split(id);
    const result: TestCaseResult = { id, file, name, status, phase: when as TestCaseResult['phase'] };
    if (status === 'failed' || status === 'error') withFailure(result, rec, (m, t) => pytestErrorType(m, t));
    const sentinel = ctx.sentinelFiles.has(file) ? name : undefined;
    return { result, phaseKey: when, sentinel };
  }

  function nodeCase(rec: Raw, c: ReportContext): { result: TestCaseResult; phaseKey: string; sentinel?: string } | undefined {
    const reported = str(rec.file) ?? '';
    const name = str(rec.name) ?? '';
    const outcome = str(rec.outcome);
    if (outcome !== 'passed' && outcome !== 'failed' && outcome !== 'error' && outcome !== 'skipped') return undefined;
    const target = c.sentinelFiles.get(reported);
    const file = target ?? reported;
    const fileLevel = name === '';
    const result: TestCaseResult = { id: fileLevel ? file : `${file}::${name}`, file, name, status: outcome };
    if (fileLevel) result.phase = 'collect';
    if (outcome === 'failed' || outcome === 'error') withFailure(result, rec);
    // In a wrapper, only the sentinels are its own tests; a file-level error is the target's.
    const sentinel = target !== undefined && !fileLevel && c.sentinelNames.has(name) ? name : undefined;
    if (sentinel === undefined && target !== undefined && !fileLevel) return undefined;
    if (target !== undefined && fileLevel) sentinelFilesNotRun.add(reported);
    return { result, phaseKey: 'call', sentinel };
  }
}

function withFailure(r: TestCaseResult, rec: Raw, guessType?: (msg: string, text: string) => string | undefined): void {
  const message = str(rec.msg) ?? '';
  const body = str(rec.text) ?? '';
  r.type = str(rec.type) ?? guessType?.(message, body);
  r.message = message.slice(0, 2000);
  r.text = body.slice(-4000);
  const crash = str(rec.crash);
  if (crash) r.crash = crash;
}

/** The exception type pytest reports: the last "file:line: Type" line, an "E   Type: msg" line,
 * or a "Type: msg" message. */
export function pytestErrorType(message: string, body: string): string | undefined {
  const lines = body.trimEnd().split('\n');
  const last = lines[lines.length - 1] ?? '';
  const m1 = /:\d+: ([A-Za-z_][\w.]*)$/.exec(last.trim());
  if (m1) return m1[1];
  const eLines = lines.filter((l) => /^E\s+[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt)?:/.test(l));
  const lastE = eLines[eLines.length - 1];
  if (lastE) {
    const m2 = /^E\s+([A-Za-z_][\w.]*):/.exec(lastE);
    if (m2) return m2[1];
  }
  const m3 = /^([A-Za-z_][\w.]*(Error|Exception)):/.exec(message);
  if (m3) return m3[1];
  if (message.startsWith('assert ')) return 'AssertionError';
  return undefined;
}
