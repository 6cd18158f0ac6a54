// Test-generation scorer: only the agent's new/changed test files are kept; they must pass
// on the reference and fail on every valid mutant. Secondary: mutation score, pass on
// reference, line coverage of the target.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { InfraError } from '../../harness/core/errors.js';
import type { ScoreContext, ScoreResult } from '../../harness/core/skill.js';
import { applyPatch, joinPatch, parsePatch } from '../shared/patch.js';
import { allPassed, runTests } from '../shared/run-tests.js';
import type { Sandbox } from '../../harness/core/sandbox.js';
import { commitAll, withScoringSandboxes } from '../shared/sandbox.js';
import { isTestFile } from '../shared/test-files.js';
import { evaluateMutants, summariseMutants, type MutantWorker } from './mutation.js';
import type { TestGenerationTask } from './schema.js';

export async function scoreTestGeneration(ctx: ScoreContext<TestGenerationTask>): Promise<ScoreResult> {
  const t = ctx.loaded.task;
  const mutants = await Promise.all(
    t.mutants.map((m) =>
      fs.readFile(path.join(ctx.loaded.dir, m), 'utf8').catch((e) => {
        throw new InfraError(`mutant missing: ${m}`, { cause: e });
      }),
    ),
  );
  const sections = parsePatch(ctx.diff).filter((f) => f.newPath && f.status !== 'deleted' && isTestFile(t.test_framework, f.newPath));
  const files = sections.map((f) => f.newPath as string);
  const empty = { mutation_score: 0, pass_on_reference: 0, line_coverage: null, tests_run: 0 };
  if (!files.length) return { score: 0, pass: false, metrics: empty, details: { reason: 'no_tests' } };
  const timeoutMs = t.timeouts.test_seconds * 1000 * ctx.timeoutMultiplier;

  // Two sandboxes, both with the agent's tests committed: the reference run (with coverage)
  // in the first while the second starts on the mutants, then both share the mutants.
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
    const reference = runTests(sandboxes[0], t.test_framework, files, { timeoutMs, coverageTarget: t.target });
    const worker = (sb: Sandbox, ready?: Promise<unknown>): MutantWorker => {
      let dirty = false; // the first mutant starts from the clean commit: no revert needed
      return {
        ready,
        apply: async (i) => {
          const applied = await applyPatch(sb, mutants[i], { resetFirst: dirty });
          dirty = true;
          return applied.applied;
        },
        runTests: () => runTests(sb, t.test_framework, files, { timeoutMs }),
      };
    };
    const [ref, outcomes] = await Promise.all([
      reference,
      evaluateMutants(mutants.length, [worker(sandboxes[0], reference), worker(sandboxes[1])]),
    ]);
    const passRef = allPassed(ref);
    const sum = summariseMutants(outcomes);
    const pass = passRef && sum.valid > 0 && sum.killed === sum.valid;
    const ran = ref.tests.filter((x) => x.status !== 'skipped').length;
    return {
      score: pass ? 1 : 0,
      pass,
      metrics: {
        mutation_score: sum.score,
        pass_on_reference: passRef ? 1 : 0,
        line_coverage: ref.coverage,
        tests_run: ran,
        mutants_killed: sum.killed,
        mutants_valid: sum.valid,
      },
      details: {
        ...(pass
          ? {}
          : { reason: !passRef ? (ran ? 'fails_on_reference' : 'no_tests_ran') : sum.valid ? 'mutants_survived' : 'no_valid_mutants' }),
        files,
        mutants: Object.fromEntries(t.mutants.map((m, i) => [m, outcomes[i]])),
        reference: ref.tests.map((x) => ({ id: x.id, status: x.status })),
        notes: ref.notes,
        ...(passRef ? {} : { output: ref.output }),
      },
    };
  });
}
