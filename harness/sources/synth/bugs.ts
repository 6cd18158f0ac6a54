// Validation: a candidate is a bug when, with it applied, the files still load, at least one
// covering test fails (FAIL_TO_PASS), not too much of the suite fails, nothing times out, and
// a second run of the failing tests fails the same way. Composite bugs join 2–3 bugs from
// different files or functions and are validated the same way.
import { createHash } from 'node:crypto';
import { applyMutations, mutationPatch, type FileChange } from '../../mutation/index.js';
import type { TestCaseResult } from './junit.js';
import { functionKey, type Candidate } from './candidates.js';
import type { SandboxPool } from './pool.js';
import type { Job, JobResult } from './runner.js';
import type { Survey } from './survey.js';

/** `masked`: a composite in which one mutation no longer shows (no test its part fails fails). */
export type Verdict = 'kept' | 'survived' | 'crashed' | 'too-broad' | 'timed-out' | 'flaky' | 'duplicate' | 'masked';
export const VERDICTS: Verdict[] = ['kept', 'survived', 'crashed', 'too-broad', 'timed-out', 'flaky', 'duplicate', 'masked'];

export interface Bug {
  /** Stable id: a hash of the bug's patch. */
  id: string;
  parts: Candidate[];
  /** The bug as a patch against the clean repo. */
  patch: string;
  changes: FileChange[];
  /** Covering test ids that fail with the bug (sorted), with their failure details. */
  failing: TestCaseResult[];
  /** Covering test ids that still pass (sorted). */
  passing: string[];
}

export interface ValidationOptions {
  testTimeoutSeconds: number;
  /** A bug failing more than this share of the reliable suite is discarded as crashing everything. */
  maxFailShare: number;
  log: (line: string) => void;
  onFirstRuns?: (jobs: Job[]) => void;
}

export interface Tally {
  verdicts: Record<Verdict, number>;
  /** Jobs run: first runs and confirmations. */
  firstRuns: number;
  confirmRuns: number;
}

export function newTally(): Tally {
  return { verdicts: Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>, firstRuns: 0, confirmRuns: 0 };
}

export function changesOf(parts: Candidate[], survey: Survey): FileChange[] {
  const byFile = new Map<string, Candidate[]>();
  for (const p of parts) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p]);
  return [...byFile.entries()].map(([path, ps]) => {
    const before = survey.sources.get(path)!;
    return {
      path,
      before,
      after:
        ps.length === 1
          ? ps[0].mutated
          : applyMutations(
              before,
              ps.map((p) => p.mutation),
            ),
    };
  });
}

export function bugId(patch: string): string {
  return createHash('sha256').update(patch).digest('hex').slice(0, 10);
}

/** Test ids a run of these test keys reports on (node keys are files: all their reliable tests). */
function idsFor(survey: Survey, keys: string[]): string[] {
  if (survey.project.framework === 'pytest') return keys;
  return keys.flatMap((f) => survey.idsByFile.get(f) ?? []);
}

type FirstLook =
  { verdict: Exclude<Verdict, 'kept' | 'flaky' | 'duplicate'> } | { verdict: 'candidate'; failing: TestCaseResult[]; passing: string[] };

function firstLook(r: JobResult, ids: string[], survey: Survey, opts: ValidationOptions): FirstLook {
  if (r.timedOut) return { verdict: 'timed-out' };
  if (r.brokenFiles.length) return { verdict: 'crashed' };
  const by = new Map(r.tests.map((t) => [t.id, t]));
  if (ids.some((id) => !by.has(id))) return { verdict: 'crashed' };
  const failing = ids.map((id) => by.get(id)!).filter((t) => t.status === 'failed' || t.status === 'error');
  if (!failing.length) return { verdict: 'survived' };
  if (failing.length > opts.maxFailShare * survey.reliable.length) return { verdict: 'too-broad' };
  const failed = new Set(failing.map((t) => t.id));
  const passing = ids.filter((id) => !failed.has(id) && by.get(id)!.status === 'passed');
  if (passing.length + failing.length !== ids.length) return { verdict: 'crashed' }; // skipped under the bug
  return { verdict: 'candidate', failing: failing.sort((a, b) => (a.id < b.id ? -1 : 1)), passing: passing.sort() };
}

/** The second run: the failing tests (node: their files) again; the same ids must fail. */
function confirmJob(survey: Survey, files: FileChange[], failing: TestCaseResult[], timeout: number): Job {
  const keys = survey.project.framework === 'pytest' ? failing.map((t) => t.id) : [...new Set(failing.map((t) => t.file))].sort();
  return { files: files.map((f) => ({ path: f.path, content: f.after as string })), tests: keys, timeoutSeconds: timeout };
}

function confirmed(r: JobResult, survey: Survey, job: Job, failing: TestCaseResult[]): boolean {
  if (r.timedOut || r.brokenFiles.length) return false;
  const want = new Set(failing.map((t) => t.id));
  const by = new Map(r.tests.map((t) => [t.id, t.status]));
  return idsFor(survey, job.tests).every((id) => {
    const s = by.get(id);
    return want.has(id) ? s === 'failed' || s === 'error' : s === 'passed';
  });
}

/** Validates groups of candidates (one group = one single or composite bug), in order. */
export async function validate(
  groups: Candidate[][],
  survey: Survey,
  pool: SandboxPool,
  opts: ValidationOptions,
  tally: Tally,
  known: Set<string>,
  onProgress?: (done: number) => void,
): Promise<(Bug | undefined)[]> {
  const prepared = groups.map((parts) => {
    const changes = changesOf(parts, survey);
    const patch = mutationPatch(changes);
    const keys = [...new Set(parts.flatMap((p) => p.tests))].sort();
    return { parts, changes, patch, keys, id: bugId(patch) };
  });
  const firstJobs: Job[] = prepared.map((p) => ({
    files: p.changes.map((c) => ({ path: c.path, content: c.after as string })),
    tests: p.keys,
    timeoutSeconds: opts.testTimeoutSeconds,
  }));
  opts.onFirstRuns?.(firstJobs);
  const first = await pool.run(firstJobs, onProgress);
  tally.firstRuns += firstJobs.length;
  const looks = prepared.map((p, i) => firstLook(first[i], idsFor(survey, p.keys), survey, opts));
  const toConfirm = looks.flatMap((l, i) => (l.verdict === 'candidate' ? [i] : []));
  const confirmJobs = toConfirm.map((i) =>
    confirmJob(survey, prepared[i].changes, (looks[i] as { failing: TestCaseResult[] }).failing, opts.testTimeoutSeconds),
  );
  const second = await pool.run(confirmJobs);
  tally.confirmRuns += confirmJobs.length;
  const out: (Bug | undefined)[] = new Array(groups.length).fill(undefined);
  looks.forEach((l, i) => {
    if (l.verdict !== 'candidate') {
      tally.verdicts[l.verdict]++;
      return;
    }
    const j = toConfirm.indexOf(i);
    if (!confirmed(second[j], survey, confirmJobs[j], l.failing)) {
      tally.verdicts.flaky++;
      return;
    }
    const p = prepared[i];
    if (known.has(p.id)) {
      tally.verdicts.duplicate++;
      return;
    }
    known.add(p.id);
    tally.verdicts.kept++;
    out[i] = { id: p.id, parts: p.parts, patch: p.patch, changes: p.changes, failing: l.failing, passing: l.passing };
  });
  return out;
}

export { functionKey };
