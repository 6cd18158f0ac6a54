// Review from a bug, with balanced labels: `approve` shows the fix itself; `reject` shows a
// candidate PROVEN wrong by running the tests — the fix with one hunk left out, or with one
// mutation on a line it changes — kept only if some FAIL_TO_PASS test then fails. No proven-wrong
// candidate: neither task (an unbalanced pair would reward always answering the same).
import { localizationGold } from '../../../skills/shared/gold-files.js';
import { parsePatch } from '../../../skills/shared/patch.js';
import { matchExpectedIds, statusesOf } from '../../../skills/shared/test-ids.js';
import { filePatch, mutate } from '../../mutation/index.js';
import { fileOfTestId, type Bug } from './bug.js';
import type { Calibration } from './calibrate.js';
import { ID_PREFIX, type Derived } from './draft.js';
import { changedNewLines, fileHunks, withoutHunk } from './hunks.js';
import type { BugSandbox } from './probe.js';

/** Candidates tried before giving up on an instance. */
const MAX_CANDIDATES = 12;

export interface Candidate {
  patch: string;
  /** For people (provenance): how the candidate was made. */
  how: string;
  defect: { path: string; line: number };
}

/** The fix with one file's section replaced by a new text. */
function replaceFile(patch: string, path: string, section: string): string {
  return parsePatch(patch)
    .map((f) => (f.newPath === path ? section : f.text.endsWith('\n') ? f.text : `${f.text}\n`))
    .join('');
}

/** Wrong candidates in a fixed order: each hunk of a source file left out (when the fix has more
 * than one hunk), then mutations on the fix's own lines. */
export async function* candidates(bug: Bug, box: BugSandbox, cal: Calibration): AsyncGenerator<Candidate> {
  const gold = new Set(localizationGold(bug.goldPatch));
  const files = fileHunks(bug.goldPatch);
  const total = files.reduce((n, f) => n + f.hunks.length, 0);
  if (total > 1) {
    for (const [fi, f] of files.entries()) {
      if (!f.file.newPath || !gold.has(f.file.newPath)) continue;
      for (let hi = 0; hi < f.hunks.length; hi++) {
        const c = withoutHunk(bug.goldPatch, fi, hi);
        // A candidate left with no source change (a changelog alone) would be wrong at a glance.
        if (c.patch && localizationGold(c.patch).length)
          yield { patch: c.patch, how: `the fix without its hunk ${hi + 1} of ${c.path}`, defect: { path: c.path, line: c.line } };
      }
    }
  }
  const lines = changedNewLines(bug.goldPatch);
  for (const path of [...gold].filter((p) => p.endsWith('.py'))) {
    const [before, after] = await Promise.all([box.readAt(`${cal.testsCommit}^`, path), box.readAt(cal.goldCommit, path)]);
    if (before === undefined || after === undefined) continue;
    for (const m of await mutate(after, 'python', { file: path, lines: lines.get(path) ?? [] })) {
      const mutated = after.slice(0, m.start) + m.replacement + after.slice(m.end);
      yield {
        patch: replaceFile(bug.goldPatch, path, filePatch(path, before, mutated)),
        how: `the fix with a mutation: ${m.description}`,
        defect: { path, line: m.line },
      };
    }
  }
}

/** The first candidate some FAIL_TO_PASS test fails on (with the test patch applied). */
export async function provenWrong(bug: Bug, box: BugSandbox, cal: Calibration): Promise<{ candidate?: Candidate; tried: number }> {
  const files = [...new Set(cal.failToPass.map(fileOfTestId))];
  let tried = 0;
  for await (const c of candidates(bug, box, cal)) {
    if (tried++ >= MAX_CANDIDATES) break;
    await box.reset(cal.testsCommit);
    if (!(await box.apply(c.patch)).applied) continue;
    const run = await box.tests(files);
    const status = statusesOf(matchExpectedIds(cal.failToPass, run.tests));
    if (run.timedOut || cal.failToPass.some((id) => status[id] !== 'passed')) return { candidate: c, tried };
  }
  return { tried: Math.min(tried, MAX_CANDIDATES) };
}

export async function deriveReview(bug: Bug, box: BugSandbox | undefined, cal: Calibration | undefined): Promise<Derived[]> {
  const ids = { approve: `${ID_PREFIX.review}-${bug.idBase}-approve`, reject: `${ID_PREFIX.review}-${bug.idBase}-reject` };
  const skip = (reason: string): Derived[] => [
    { skill: 'review', id: ids.approve, reason },
    { skill: 'review', id: ids.reject, reason },
  ];
  if (!box || !cal) return skip('needs a sandbox run to prove a candidate wrong (imported with --no-run, or calibration failed)');
  if (!cal.failToPass.length) return skip('no FAIL_TO_PASS test to prove a candidate wrong');
  const { candidate, tried } = await provenWrong(bug, box, cal);
  if (!candidate && !tried) {
    return skip('no wrong candidate can be made: the fix has one hunk, and its lines hold no mutation site inside a function');
  }
  if (!candidate) return skip(`none of ${tried} candidate(s) (hunks left out, mutations of the fix) makes a FAIL_TO_PASS test fail`);
  return [
    {
      skill: 'review',
      id: ids.approve,
      problemStatement: bug.problemStatement,
      fields: { candidate_patch: 'candidate.patch', label: 'approve' },
      files: { 'candidate.patch': bug.goldPatch },
      provenance: { candidate: 'the fix' },
    },
    {
      skill: 'review',
      id: ids.reject,
      problemStatement: bug.problemStatement,
      fields: { candidate_patch: 'candidate.patch', label: 'reject', defect_lines: [candidate.defect] },
      files: { 'candidate.patch': candidate.patch },
      provenance: { candidate: candidate.how },
    },
  ];
}
