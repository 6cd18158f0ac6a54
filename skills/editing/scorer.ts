// Editing scorer: a fresh sandbox, the agent's diff applied, test paths and runner
// configuration restored from the base commit, hidden tests copied in and run; pass = every
// FAIL_TO_PASS and PASS_TO_PASS test passes.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { InfraError } from '../../harness/core/errors.js';
import type { ScoreContext, ScoreResult } from '../../harness/core/skill.js';
import { copyHostDir } from '../shared/copy.js';
import { neutraliseTampering } from '../shared/neutralise.js';
import { applyPatch, changedLines, patchPaths } from '../shared/patch.js';
import { fileOfId, runTests, statusOf } from '../shared/run-tests.js';
import { withScoringSandbox } from '../shared/sandbox.js';
import type { EditingTask } from './schema.js';

async function readHidden(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new InfraError(`hidden file missing: ${file}`, { cause: e });
  }
}

function fraction(statuses: Record<string, string>, ids: string[]): number | null {
  if (!ids.length) return null;
  return ids.filter((id) => statuses[id] === 'passed').length / ids.length;
}

export async function scoreEditing(ctx: ScoreContext<EditingTask>): Promise<ScoreResult> {
  const t = ctx.loaded.task;
  const hiddenDir = path.join(ctx.loaded.dir, t.hidden_tests);
  const gold = await readHidden(path.join(ctx.loaded.dir, t.gold_patch));
  await fs.access(hiddenDir).catch((e) => {
    throw new InfraError(`hidden tests missing: ${hiddenDir}`, { cause: e });
  });
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

  return withScoringSandbox(ctx, async (sb) => {
    const applied = await applyPatch(sb, ctx.diff);
    if (!applied.applied) {
      return {
        score: 0,
        pass: false,
        metrics: { f2p_fraction: 0, p2p_fraction: t.pass_to_pass.length ? 0 : null, ...sizeMetrics },
        details: { reason: 'patch_does_not_apply', error: applied.error },
      };
    }
    const neutralised = await neutraliseTampering(sb, agentPaths, t.test_files);
    await copyHostDir(sb, hiddenDir, '/testbed');
    const ids = [...t.fail_to_pass, ...t.pass_to_pass];
    const files = [...new Set(ids.map(fileOfId))];
    const run = await runTests(sb, t.test_framework, files, { timeoutMs });
    const statuses = statusOf(run, ids);
    const pass = ids.every((id) => statuses[id] === 'passed');
    return {
      score: pass ? 1 : 0,
      pass,
      metrics: { f2p_fraction: fraction(statuses, t.fail_to_pass), p2p_fraction: fraction(statuses, t.pass_to_pass), ...sizeMetrics },
      details: {
        ...(pass ? {} : { reason: 'tests_failed' }),
        fail_to_pass: Object.fromEntries(t.fail_to_pass.map((id) => [id, statuses[id]])),
        pass_to_pass: Object.fromEntries(t.pass_to_pass.map((id) => [id, statuses[id]])),
        neutralised,
        notes: run.notes,
        exit_code: run.exitCode,
        timed_out: run.timedOut,
        ...(pass ? {} : { output: run.output }),
      },
    };
  });
}
