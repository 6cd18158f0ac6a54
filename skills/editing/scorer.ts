// Editing scorer: a fresh sandbox, the agent's diff applied, test paths and runner
// configuration restored from the base commit, hidden tests added and run with sentinels;
// pass = a sound run (see run-tests.ts) in which every FAIL_TO_PASS and PASS_TO_PASS test
// passed. An expected test the run does not report is looked for in a run of the gold patch:
// missing there too, the task is unsound (GraderError); found there, the agent's change hid it.
import path from 'node:path';
import { GraderError } from '../../harness/core/errors.js';
import type { ScoreContext, ScoreResult } from '../../harness/core/skill.js';
import type { Sandbox } from '../../harness/core/sandbox.js';
import { addHiddenTests, hiddenTestPaths, readHidden, type HiddenTests } from '../shared/hidden-tests.js';
import { listFiles } from '../../harness/core/files.js';
import { neutraliseTampering } from '../shared/neutralise.js';
import { applyPatch, changedLines, patchPaths } from '../shared/patch.js';
import { RESET_HARD, mustExec, withScoringSandbox } from '../shared/sandbox.js';
import { runTests, unsoundReason, type TestRun } from '../shared/run-tests.js';
import { fileOfId, matchExpectedIds, statusesOf, type IdMatch } from '../shared/test-ids.js';
import { importRoots } from '../shared/test-command.js';
import type { EditingTask } from './schema.js';

function fraction(statuses: Record<string, string>, ids: string[]): number | null {
  if (!ids.length) return null;
  return ids.filter((id) => statuses[id] === 'passed').length / ids.length;
}

interface Judged {
  run: TestRun;
  matches: Map<string, IdMatch>;
}

async function runExpected(sb: Sandbox, t: EditingTask, ids: string[], timeoutMs: number): Promise<Judged> {
  const files = [...new Set(ids.map(fileOfId))];
  const run = await runTests(sb, { task: t, files, timeoutMs });
  return { run, matches: matchExpectedIds(ids, run.tests) };
}

const missingIds = (m: Map<string, IdMatch>) => [...m].filter(([, x]) => x.kind === 'missing').map(([id]) => id);

export async function scoreEditing(ctx: ScoreContext<EditingTask>): Promise<ScoreResult> {
  const t = ctx.loaded.task;
  const gold = await readHidden(ctx.loaded.dir, t.gold_patch);
  const hidden: HiddenTests = {
    dir: t.hidden_tests ? path.join(ctx.loaded.dir, t.hidden_tests) : undefined,
    patch: t.test_patch ? await readHidden(ctx.loaded.dir, t.test_patch) : undefined,
  };
  const hiddenPaths = hiddenTestPaths(hidden, hidden.dir ? await listFiles(hidden.dir).catch(() => []) : []);
  const timeoutMs = t.timeouts.test_seconds * 1000 * ctx.timeoutMultiplier;
  const agentPaths = patchPaths(ctx.diff);
  const goldPaths = new Set(patchPaths(gold));
  const diffLines = changedLines(ctx.diff);
  const goldLines = changedLines(gold);
  const sizeMetrics = {
    diff_lines: diffLines,
    gold_diff_lines: goldLines,
    diff_size_ratio: goldLines ? diffLines / goldLines : null,
    files_outside_gold: agentPaths.filter((p) => !goldPaths.has(p)).length,
  };
  const ids = [...t.fail_to_pass, ...t.pass_to_pass];
  const zeroFractions = { f2p_fraction: 0, p2p_fraction: t.pass_to_pass.length ? 0 : null };

  return withScoringSandbox(ctx, async (sb) => {
    const applied = await applyPatch(sb, ctx.diff);
    if (!applied.applied) {
      return {
        score: 0,
        pass: false,
        metrics: { ...zeroFractions, ...sizeMetrics },
        details: { reason: 'patch_does_not_apply', error: applied.error },
      };
    }
    const neutralised = await neutraliseTampering(sb, agentPaths, {
      testPaths: [...t.test_files, ...hiddenPaths],
      testCommand: t.test_command,
      importRoots: importRoots(t),
    });
    await addHiddenTests(sb, hidden);
    const { run, matches } = await runExpected(sb, t, ids, timeoutMs);
    const ambiguous = [...matches].filter(([, m]) => m.kind === 'ambiguous');
    if (ambiguous.length) {
      throw new GraderError(
        'ambiguous_test_id',
        `expected test ids match several reported tests: ${ambiguous.map(([id]) => id).join(', ')}`,
        {
          candidates: Object.fromEntries(ambiguous.map(([id, m]) => [id, m.kind === 'ambiguous' ? m.candidates : []])),
        },
      );
    }
    const unsound = unsoundReason(run);
    const missing = missingIds(matches);
    let hiddenByAgent = false;
    if (!unsound && missing.length) {
      // Would the gold patch's run report them? Same sandbox, back to the base commit.
      await mustExec(sb, RESET_HARD);
      if (!(await applyPatch(sb, gold)).applied)
        throw new GraderError('gold_patch_does_not_apply', 'the gold patch does not apply to the base');
      await addHiddenTests(sb, hidden);
      const goldRun = await runExpected(sb, t, missing, timeoutMs);
      const stillMissing = missingIds(goldRun.matches);
      if (stillMissing.length || unsoundReason(goldRun.run)) {
        throw new GraderError(
          'missing_test',
          `expected tests not reported by the run, nor by a run of the gold patch: ${stillMissing.join(', ')}`,
          {
            missing: stillMissing,
            reported: goldRun.run.tests.slice(0, 50).map((x) => x.id),
            notes: goldRun.run.notes,
          },
        );
      }
      hiddenByAgent = true;
    }
    const statuses = statusesOf(matches);
    const pass = !unsound && ids.every((id) => statuses[id] === 'passed');
    const reason = pass ? undefined : (unsound ?? (hiddenByAgent ? 'tests_missing' : 'tests_failed'));
    const inexact = [...matches].filter(([, m]) => m.kind === 'found' && m.how !== 'exact');
    return {
      score: pass ? 1 : 0,
      pass,
      metrics: unsound
        ? { ...zeroFractions, ...sizeMetrics }
        : { f2p_fraction: fraction(statuses, t.fail_to_pass), p2p_fraction: fraction(statuses, t.pass_to_pass), ...sizeMetrics },
      details: {
        ...(reason ? { reason } : {}),
        fail_to_pass: Object.fromEntries(t.fail_to_pass.map((id) => [id, statuses[id]])),
        pass_to_pass: Object.fromEntries(t.pass_to_pass.map((id) => [id, statuses[id]])),
        ...(inexact.length
          ? { matched_as: Object.fromEntries(inexact.map(([id, m]) => [id, m.kind === 'found' ? `${m.how}: ${m.test.id}` : ''])) }
          : {}),
        neutralised,
        sentinel: run.sentinel,
        notes: run.notes,
        exit_code: run.exitCode,
        timed_out: run.timedOut,
        ...(pass ? {} : { output: run.output }),
      },
    };
  });
}
