// Test-generation scorer: only the agent's test code is kept (test files, and helpers and
// conftest.py under test folders); every run — reference, decoy, mutants — is the same
// command (coverage on, sentinels in, .git hidden).
// Pass = the tests pass on the reference, execute the target, pass on a decoy of it (a
// comment-only change: failing it means they check the text, not the behaviour), and fail on
// every valid mutant. A must-fail sentinel that passes in any run scores 0 (`forced_pass`).
import type { ScoreContext, ScoreResult } from '../../harness/core/skill.js';
import type { Sandbox } from '../../harness/core/sandbox.js';
import { decoyScript } from '../shared/decoys.js';
import { readHidden } from '../shared/hidden-tests.js';
import { applyPatch, joinPatch } from '../shared/patch.js';
import { allPassed, executed, runTests, unsoundReason, type TestRun } from '../shared/run-tests.js';
import { RESET_HARD, commitAll, mustExec, withScoringSandboxes } from '../shared/sandbox.js';
import { agentTestCode } from '../shared/test-files.js';
import { evaluateMutants, summariseMutants, type MutantWorker } from './mutation.js';
import type { TestGenerationTask } from './schema.js';

const brief = (r: TestRun) => ({
  tests: r.tests.map((x) => ({ id: x.id, status: x.status })),
  sentinel: r.sentinel,
  notes: r.notes,
  ...(unsoundReason(r) ? { unsound: unsoundReason(r) } : {}),
});

export async function scoreTestGeneration(ctx: ScoreContext<TestGenerationTask>): Promise<ScoreResult> {
  const t = ctx.loaded.task;
  const mutants = await Promise.all(t.mutants.map((m) => readHidden(ctx.loaded.dir, m)));
  const { kept: sections, runFiles: files } = agentTestCode(ctx.diff, t.test_framework, t.test_path_hint);
  const empty = { mutation_score: 0, pass_on_reference: 0, line_coverage: null, target_executed: 0, tests_run: 0 };
  if (!files.length) return { score: 0, pass: false, metrics: empty, details: { reason: 'no_tests' } };
  const timeoutMs = t.timeouts.test_seconds * 1000 * ctx.timeoutMultiplier;
  // The one command every run uses: identical for the reference and each variant.
  const testRun = (sb: Sandbox) => runTests(sb, { task: t, files, timeoutMs, coverage: [t.target], hideGit: true });

  return withScoringSandboxes(ctx, 2, async (sandboxes) => {
    const tests = joinPatch(sections);
    const prepared = await Promise.all(
      sandboxes.map(async (sb) => {
        const applied = await applyPatch(sb, tests);
        if (applied.applied) await commitAll(sb, 'agent tests');
        return applied;
      }),
    );
    if (!prepared[0].applied) {
      return { score: 0, pass: false, metrics: empty, details: { reason: 'tests_do_not_apply', error: prepared[0].error, files } };
    }
    // Sandbox 0: the reference, then its decoy; sandbox 1 starts on the mutants meanwhile.
    const referenceAndDecoy = (async () => {
      const ref = await testRun(sandboxes[0]);
      await mustExec(sandboxes[0], `${RESET_HARD}\n${decoyScript([t.target])}`);
      const decoy = await testRun(sandboxes[0]);
      return { ref, decoy };
    })();
    const worker = (sb: Sandbox, ready?: Promise<unknown>): MutantWorker => ({
      ready,
      apply: async (i) => (await applyPatch(sb, mutants[i], { resetFirst: true })).applied,
      runTests: () => testRun(sb),
    });
    const [{ ref, decoy }, mutantRuns] = await Promise.all([
      referenceAndDecoy,
      evaluateMutants(mutants.length, [worker(sandboxes[0], referenceAndDecoy), worker(sandboxes[1])]),
    ]);
    const outcomes = mutantRuns.map((m) => m.outcome);
    const passRef = allPassed(ref);
    const ranTarget = executed(ref, [t.target]);
    const passDecoy = allPassed(decoy);
    const forced = [ref, decoy, ...mutantRuns.map((m) => m.run)].find(
      (r) => r && (r.sentinel === 'forced_pass' || r.sentinel === 'sentinel_missing'),
    );
    const sum = summariseMutants(outcomes);
    const pass = !forced && passRef && ranTarget && passDecoy && sum.valid > 0 && sum.killed === sum.valid;
    const ran = ref.tests.filter((x) => x.status !== 'skipped').length;
    const reason = pass
      ? undefined
      : forced
        ? (forced.sentinel as string)
        : !passRef
          ? ran
            ? (unsoundReason(ref) ?? 'fails_on_reference')
            : 'no_tests_ran'
          : !ranTarget
            ? 'target_not_executed'
            : !passDecoy
              ? 'fails_on_decoy'
              : sum.valid
                ? 'mutants_survived'
                : 'no_valid_mutants';
    return {
      score: pass ? 1 : 0,
      pass,
      metrics: {
        mutation_score: sum.score,
        pass_on_reference: passRef ? 1 : 0,
        line_coverage: ref.coverage[t.target]?.percent ?? null,
        target_executed: ranTarget ? 1 : 0,
        pass_on_decoy: passDecoy ? 1 : 0,
        tests_run: ran,
        mutants_killed: sum.killed,
        mutants_valid: sum.valid,
      },
      details: {
        ...(reason ? { reason } : {}),
        files,
        mutants: Object.fromEntries(t.mutants.map((m, i) => [m, outcomes[i]])),
        reference: brief(ref),
        decoy: brief(decoy),
        ...(passRef ? {} : { output: ref.output }),
      },
    };
  });
}
