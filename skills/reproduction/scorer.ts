// Reproduction scorer: the agent's test files (or script) on the buggy repo must fail for
// the right reason, pass once the gold patch is applied, and the repo's suite must still
// pass with them present.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { InfraError } from '../../harness/core/errors.js';
import type { ScoreContext, ScoreResult } from '../../harness/core/skill.js';
import type { Sandbox } from '../../harness/core/sandbox.js';
import { classifyFailure, scriptFailureBroken } from '../shared/failure.js';
import { applyPatch, joinPatch, parsePatch } from '../shared/patch.js';
import { normaliseRepoPath, shq } from '../shared/paths.js';
import { allPassed, runTests, type TestRun } from '../shared/run-tests.js';
import { run, withScoringSandboxes } from '../shared/sandbox.js';
import { isTestFile, scriptRunner } from '../shared/test-files.js';
import type { ReproductionTask } from './schema.js';

interface Phase {
  fails: boolean;
  passes: boolean;
  rightReason: boolean;
  summary: unknown;
}

/** Did a failing test run fail for the right reason (assertion / expected exception, and no
 * syntax, import or collection error anywhere)? */
export function rightReason(r: TestRun, expectedException?: string): { ok: boolean; kinds: string[] } {
  const failing = r.tests.filter((t) => t.status === 'failed' || t.status === 'error');
  const kinds = failing.map((t) => classifyFailure(t, expectedException));
  const ok = !r.timedOut && kinds.some((k) => k === 'assertion' || k === 'expected') && !kinds.includes('broken');
  return { ok, kinds };
}

async function runTestsPhase(sb: Sandbox, t: ReproductionTask, files: string[], timeoutMs: number): Promise<Phase> {
  const r = await runTests(sb, t.test_framework, files, { timeoutMs });
  const failed = r.tests.some((x) => x.status === 'failed' || x.status === 'error') || (r.exitCode !== 0 && !r.timedOut);
  const rr = rightReason(r, t.expected_exception);
  return {
    fails: failed,
    passes: allPassed(r),
    rightReason: failed && rr.ok,
    summary: {
      tests: r.tests.map((x) => ({ id: x.id, status: x.status, type: x.type })),
      failure_kinds: rr.kinds,
      exit_code: r.exitCode,
      timed_out: r.timedOut,
      notes: r.notes,
    },
  };
}

async function runScriptPhase(sb: Sandbox, script: string, timeoutMs: number): Promise<Phase> {
  const r = await run(sb, `${scriptRunner(script)} ${shq(script)}`, { timeoutMs, env: { PYTHONDONTWRITEBYTECODE: '1', NODE_OPTIONS: '' } });
  const fails = r.exitCode !== 0 && !r.timedOut;
  return {
    fails,
    passes: r.exitCode === 0 && !r.timedOut,
    rightReason: fails && !scriptFailureBroken(r.stderr),
    summary: { exit_code: r.exitCode, timed_out: r.timedOut, stderr: r.stderr.slice(-2000) },
  };
}

export async function scoreReproduction(ctx: ScoreContext<ReproductionTask>): Promise<ScoreResult> {
  const t = ctx.loaded.task;
  const gold = await fs.readFile(path.join(ctx.loaded.dir, t.gold_patch), 'utf8').catch((e) => {
    throw new InfraError(`gold patch missing: ${t.gold_patch}`, { cause: e });
  });
  const hint = t.test_path_hint ? normaliseRepoPath(t.test_path_hint) : undefined;
  const script = t.script_path ? normaliseRepoPath(t.script_path) : undefined;
  const sections = parsePatch(ctx.diff).filter((f) => {
    if (!f.newPath || f.status === 'deleted') return false;
    if (t.mode === 'script') return f.newPath === script;
    return isTestFile(t.test_framework, f.newPath) || f.newPath === hint;
  });
  const files = sections.map((f) => f.newPath as string);
  const zero = (applies: number, details: Record<string, unknown>): ScoreResult => ({
    score: 0,
    pass: false,
    metrics: { fails_on_buggy: 0, passes_on_fixed: 0, right_reason: 0, applies, suite_passes: 0 },
    details,
  });
  if (!files.length) return zero(0, { reason: 'no_reproduction', expected: t.mode === 'script' ? script : 'a new or changed test file' });
  const timeoutMs = t.timeouts.test_seconds * 1000 * ctx.timeoutMultiplier;
  const phase = (sb: Sandbox) => (t.mode === 'script' ? runScriptPhase(sb, files[0], timeoutMs) : runTestsPhase(sb, t, files, timeoutMs));

  // Two sandboxes at once: the buggy repo in one; the fixed repo (gold applied) in the other,
  // where the suite runs afterwards.
  return withScoringSandboxes(ctx, 2, async ([buggySb, fixedSb]) => {
    const repro = joinPatch(sections);
    const onBuggy = async () => {
      const applied = await applyPatch(buggySb, repro);
      return { applied, buggy: applied.applied ? await phase(buggySb) : undefined };
    };
    const onFixed = async () => {
      if (!(await applyPatch(fixedSb, repro)).applied) return {};
      const goldApplied = await applyPatch(fixedSb, gold);
      if (!goldApplied.applied) return { goldApplied };
      const fixed = await phase(fixedSb);
      const suite = await run(fixedSb, t.test_command, { timeoutMs, env: { PYTHONDONTWRITEBYTECODE: '1', NODE_OPTIONS: '' } });
      return { goldApplied, fixed, suite };
    };
    const [{ applied, buggy }, { goldApplied, fixed, suite }] = await Promise.all([onBuggy(), onFixed()]);
    if (!applied.applied || !buggy) return zero(0, { reason: 'reproduction_does_not_apply', error: applied.error, files });
    if (!goldApplied?.applied || !fixed || !suite) {
      return zero(1, { reason: 'gold_patch_conflicts', error: goldApplied?.error, files, buggy: buggy.summary });
    }
    const suitePasses = suite.exitCode === 0 && !suite.timedOut;
    const pass = buggy.fails && buggy.rightReason && fixed.passes && suitePasses;
    const reason = !buggy.fails
      ? 'passes_on_buggy'
      : !buggy.rightReason
        ? 'wrong_failure_reason'
        : !fixed.passes
          ? 'fails_on_fixed'
          : !suitePasses
            ? 'breaks_suite'
            : undefined;
    return {
      score: pass ? 1 : 0,
      pass,
      metrics: {
        fails_on_buggy: buggy.fails ? 1 : 0,
        passes_on_fixed: fixed.passes ? 1 : 0,
        right_reason: buggy.rightReason ? 1 : 0,
        applies: 1,
        suite_passes: suitePasses ? 1 : 0,
      },
      details: {
        ...(reason ? { reason } : {}),
        files,
        buggy: buggy.summary,
        fixed: fixed.summary,
        suite: {
          exit_code: suite.exitCode,
          timed_out: suite.timedOut,
          ...(suitePasses ? {} : { output: (suite.stdout + suite.stderr).slice(-3000) }),
        },
      },
    };
  });
}
