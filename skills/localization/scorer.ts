// Localization scorer (no sandbox): primary = the predicted file set equals gold_files;
// secondary = ranked metrics over files, and over functions when gold_functions exist.
import type { ScoreContext, ScoreResult } from '../../harness/core/skill.js';
import { normaliseFunctionRef, normaliseRepoPath } from '../shared/paths.js';
import { parseLocalizationAnswer } from './answer.js';
import { metricNames, rankedMetrics } from './metrics.js';
import type { LocalizationTask } from './schema.js';

export function scoreLocalizationAnswer(task: LocalizationTask, answer: string): ScoreResult {
  const gold = task.gold_files.map(normaliseRepoPath);
  const goldFns = task.gold_functions?.map(normaliseFunctionRef);
  const parsed = parseLocalizationAnswer(answer);
  if (!parsed.ok) {
    const metrics: Record<string, number | null> = Object.fromEntries(metricNames().map((k) => [k, 0]));
    for (const k of metricNames('fn_')) metrics[k] = goldFns ? 0 : null;
    return { score: 0, pass: false, metrics, details: { reason: parsed.reason, error: parsed.error } };
  }
  const files = parsed.files.map(normaliseRepoPath);
  const metrics: Record<string, number | null> = rankedMetrics(files, gold);
  const fnPred = (parsed.functions ?? []).map(normaliseFunctionRef);
  const fnMetrics = goldFns ? rankedMetrics(fnPred, goldFns, 'fn_') : Object.fromEntries(metricNames('fn_').map((k) => [k, null]));
  Object.assign(metrics, fnMetrics);
  const pass = metrics.exact_match === 1;
  return {
    score: pass ? 1 : 0,
    pass,
    metrics,
    details: { predicted_files: files, gold_files: gold, predicted_functions: fnPred, gold_functions: goldFns ?? null },
  };
}

export async function scoreLocalization(ctx: ScoreContext<LocalizationTask>): Promise<ScoreResult> {
  return scoreLocalizationAnswer(ctx.loaded.task, ctx.answer);
}
