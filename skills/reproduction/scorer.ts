// Reproduction scorer: the agent's test files (with the helpers and conftest.py it wrote under
// test folders), or its script, must fail on the buggy repo for the right reason and execute
// the code the fix changes, pass once the gold patch is applied, leave the suite passing (with
// the instance's updated tests), and behave the same on decoys (the changed files with a
// comment added): still failing on the buggy decoy, still passing on the fixed one. Every run is
// the same command, with .git hidden and sentinels in.
import { GraderError } from '../../harness/core/errors.js';
import type { ScoreContext, ScoreResult } from '../../harness/core/skill.js';
import type { Sandbox } from '../../harness/core/sandbox.js';
import { decoyScript } from '../shared/decoys.js';
import { classifyFailure, scriptFailureBroken } from '../shared/failure.js';
import { localizationGold } from '../shared/gold-files.js';
import { addHiddenTests, readHidden } from '../shared/hidden-tests.js';
import { applyPatch, joinPatch, parsePatch, type PatchFile } from '../shared/patch.js';
import { normaliseRepoPath } from '../shared/paths.js';
import { allPassed, executed, runScript, runTests, unsoundReason, type TestRun } from '../shared/run-tests.js';
import { RESET_HARD, commitAll, mustExec, withScoringSandboxes } from '../shared/sandbox.js';
import { fileOfId, matchExpectedIds } from '../shared/test-ids.js';
import { agentTestCode } from '../shared/test-files.js';
import { expectedExceptions, type ReproductionTask } from './schema.js';

interface Phase {
  fails: boolean;
  passes: boolean;
  rightReason: boolean;
  executed: boolean;
  /** A must-fail sentinel did not fail: the run was forced. */
  forced?: string;
  summary: Record<string, unknown>;
}

/** Did a failing test run fail for the right reason (a sound run; an assertion or an expected
 * exception; no broken test: syntax, collection, a name or import the test itself gets wrong)? */
export function rightReason(r: TestRun, expected: string[]): { ok: boolean; kinds: string[] } {
  const failing = r.tests.filter((t) => t.status === 'failed' || t.status === 'error');
  const kinds = failing.map((t) => classifyFailure(t, expected));
  const ok = !unsoundReason(r) && kinds.some((k) => k === 'assertion' || k === 'expected') && !kinds.includes('broken');
  return { ok, kinds };
}

function testPhase(r: TestRun, t: ReproductionTask, targets: string[]): Phase {
  const failed = r.tests.some((x) => x.status === 'failed' || x.status === 'error');
  const fails = failed || r.timedOut || r.oomKilled || !r.complete || !r.cleanExit;
  const rr = rightReason(r, expectedExceptions(t));
  const forced = r.sentinel === 'forced_pass' || r.sentinel === 'sentinel_missing' ? r.sentinel : undefined;
  return {
    fails,
    passes: allPassed(r),
    rightReason: fails && rr.ok,
    executed: executed(r, targets),
    forced,
    summary: {
      tests: r.tests.map((x) => ({ id: x.id, status: x.status, type: x.type, ...(x.crash ? { raised_in: x.crash } : {}) })),
      failure_kinds: rr.kinds,
      sentinel: r.sentinel,
      coverage: Object.fromEntries(targets.map((f) => [f, r.coverage[f]?.percent ?? null])),
      exit_code: r.exitCode,
      timed_out: r.timedOut,
      notes: r.notes,
    },
  };
}

async function scriptPhase(sb: Sandbox, t: ReproductionTask, script: string, timeoutMs: number, targets: string[]): Promise<Phase> {
  const r = await runScript(sb, { task: t, script, timeoutMs, targets });
  const fails = r.exitCode !== 0;
  const clean = !r.timedOut && !r.oomKilled && r.exitCode !== null;
  return {
    fails,
    passes: r.exitCode === 0 && clean,
    rightReason: fails && clean && !scriptFailureBroken(r.stderr, script),
    // node scripts are not measured (no coverage of a plain node process we could trust)
    executed: r.executed ?? true,
    summary: {
      exit_code: r.exitCode,
      target_executed: r.executed ?? null,
      timed_out: r.timedOut,
      oom_killed: r.oomKilled,
      stderr: r.stderr.slice(-2000),
    },
  };
}

/** The agent's reproduction: its script, or its test code (see agentTestCode). */
function keptSections(t: ReproductionTask, diff: string): { kept: PatchFile[]; runFiles: string[] } {
  if (t.mode === 'script') {
    const script = normaliseRepoPath(t.script_path as string);
    const kept = parsePatch(diff).filter((f) => f.newPath === script && f.status !== 'deleted');
    return { kept, runFiles: kept.map((f) => f.newPath as string) };
  }
  return agentTestCode(diff, t.test_framework, t.test_path_hint ? normaliseRepoPath(t.test_path_hint) : undefined);
}

export async function scoreReproduction(ctx: ScoreContext<ReproductionTask>): Promise<ScoreResult> {
  const t = ctx.loaded.task;
  const gold = await readHidden(ctx.loaded.dir, t.gold_patch);
  const testPatch = t.test_patch ? await readHidden(ctx.loaded.dir, t.test_patch) : undefined;
  const { kept, runFiles } = keptSections(t, ctx.diff);
  const zero = (applies: number, details: Record<string, unknown>): ScoreResult => ({
    score: 0,
    pass: false,
    metrics: { fails_on_buggy: 0, passes_on_fixed: 0, right_reason: 0, applies, suite_passes: 0, target_executed: 0, passes_decoys: 0 },
    details,
  });
  if (!runFiles.length) {
    return zero(0, { reason: 'no_reproduction', expected: t.mode === 'script' ? t.script_path : 'a new or changed test file' });
  }
  const targets = localizationGold(gold);
  const timeoutMs = t.timeouts.test_seconds * 1000 * ctx.timeoutMultiplier;
  const phase = (sb: Sandbox) =>
    t.mode === 'script'
      ? scriptPhase(sb, t, runFiles[0], timeoutMs, targets)
      : runTests(sb, { task: t, files: runFiles, timeoutMs, coverage: targets, hideGit: true }).then((r) => testPhase(r, t, targets));
  const decoyThenPhase = async (sb: Sandbox) => {
    await mustExec(sb, `${RESET_HARD}\n${decoyScript(targets)}`);
    return phase(sb);
  };
  const keptPaths = new Set(kept.flatMap((f) => [f.oldPath, f.newPath].filter((p): p is string => Boolean(p))));

  // Two sandboxes at once: the buggy repo in one; the fixed repo (gold applied) in the other,
  // where the suite runs afterwards.
  return withScoringSandboxes(ctx, 2, async ([buggySb, fixedSb]) => {
    const repro = joinPatch(kept);
    const onBuggy = async () => {
      const applied = await applyPatch(buggySb, repro);
      if (!applied.applied) return { applied };
      await commitAll(buggySb, 'reproduction');
      const buggy = await phase(buggySb);
      return { applied, buggy, buggyDecoy: await decoyThenPhase(buggySb) };
    };
    const onFixed = async () => {
      if (!(await applyPatch(fixedSb, repro)).applied) return {};
      const goldApplied = await applyPatch(fixedSb, gold);
      if (!goldApplied.applied) return { goldApplied };
      await commitAll(fixedSb, 'reproduction and fix');
      const fixed = await phase(fixedSb);
      await mustExec(fixedSb, RESET_HARD);
      const suite = await suiteRun(fixedSb, t, testPatch, keptPaths, timeoutMs);
      return { goldApplied, fixed, suite, fixedDecoy: await decoyThenPhase(fixedSb) };
    };
    const [b, f] = await Promise.all([onBuggy(), onFixed()]);
    if (!b.applied.applied || !b.buggy) return zero(0, { reason: 'reproduction_does_not_apply', error: b.applied.error, files: runFiles });
    const { buggy, buggyDecoy } = b as Required<typeof b>;
    if (!f.goldApplied?.applied || !f.fixed || !f.suite || !f.fixedDecoy) {
      return zero(1, { reason: 'gold_patch_conflicts', error: f.goldApplied?.error, files: runFiles, buggy: buggy.summary });
    }
    const { fixed, suite, fixedDecoy } = f;
    const forced = [buggy, buggyDecoy, fixed, fixedDecoy].find((p) => p.forced)?.forced ?? suite.forced;
    const decoysOk = buggyDecoy.fails && buggyDecoy.rightReason && fixedDecoy.passes;
    const pass = !forced && buggy.fails && buggy.rightReason && buggy.executed && fixed.passes && suite.passes && decoysOk;
    const reason = pass
      ? undefined
      : (forced ??
        (!buggy.fails
          ? 'passes_on_buggy'
          : !buggy.rightReason
            ? 'wrong_failure_reason'
            : !buggy.executed
              ? 'target_not_executed'
              : !fixed.passes
                ? 'fails_on_fixed'
                : !suite.passes
                  ? 'breaks_suite'
                  : !(buggyDecoy.fails && buggyDecoy.rightReason)
                    ? 'passes_on_buggy_decoy'
                    : 'fails_on_fixed_decoy'));
    return {
      score: pass ? 1 : 0,
      pass,
      metrics: {
        fails_on_buggy: buggy.fails ? 1 : 0,
        passes_on_fixed: fixed.passes ? 1 : 0,
        right_reason: buggy.rightReason ? 1 : 0,
        applies: 1,
        suite_passes: suite.passes ? 1 : 0,
        target_executed: buggy.executed ? 1 : 0,
        passes_decoys: decoysOk ? 1 : 0,
      },
      details: {
        ...(reason ? { reason } : {}),
        files: runFiles,
        buggy: buggy.summary,
        fixed: fixed.summary,
        suite: suite.summary,
        decoys: { buggy: buggyDecoy.summary, fixed: fixedDecoy.summary },
      },
    };
  });
}

interface SuiteResult {
  passes: boolean;
  forced?: string;
  summary: Record<string, unknown>;
}

/** The suite with the fix, the instance's updated tests (minus the files the agent's
 * reproduction wrote) and the reproduction in place: the suite tests (or the whole test
 * command) must pass. */
async function suiteRun(
  sb: Sandbox,
  t: ReproductionTask,
  testPatch: string | undefined,
  agentPaths: Set<string>,
  timeoutMs: number,
): Promise<SuiteResult> {
  if (testPatch) await addHiddenTests(sb, { patch: testPatch }, agentPaths);
  const ids = t.suite_tests ?? [];
  const run = await runTests(sb, { task: t, files: [...new Set(ids.map(fileOfId))], timeoutMs, hideGit: true });
  const forced = run.sentinel === 'forced_pass' || run.sentinel === 'sentinel_missing' ? run.sentinel : undefined;
  const failing = run.tests.filter((x) => x.status === 'failed' || x.status === 'error').map((x) => x.id);
  let passes: boolean;
  const summary: Record<string, unknown> = { sentinel: run.sentinel, exit_code: run.exitCode, timed_out: run.timedOut, notes: run.notes };
  if (ids.length) {
    const matches = matchExpectedIds(ids, run.tests);
    const lost = [...matches].filter(([id, m]) => m.kind !== 'found' && !agentPaths.has(fileOfId(id))).map(([id]) => id);
    if (lost.length && !unsoundReason(run)) {
      // Not the reproduction's doing (it did not touch their files): the task names tests that do not exist.
      throw new GraderError('missing_test', `suite tests not reported with the fix in place: ${lost.join(', ')}`, {
        missing: lost,
        reported: run.tests.slice(0, 50).map((x) => x.id),
      });
    }
    const notPassing = [...matches].filter(([, m]) => m.kind !== 'found' || m.test.status !== 'passed').map(([id]) => id);
    passes = !unsoundReason(run) && notPassing.length === 0;
    summary.not_passing = notPassing.slice(0, 50);
  } else {
    passes = allPassed(run);
    summary.failing = failing.slice(0, 50);
  }
  if (!passes) summary.output = run.output.slice(-3000);
  return { passes, forced, summary };
}
