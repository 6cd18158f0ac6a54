// Localization metric arithmetic on hand-computed cases, path normalisation, and the scorer
// on malformed answers.
import { describe, expect, it } from 'vitest';
import { rankedMetrics } from '../../../skills/localization/metrics.js';
import { scoreLocalizationAnswer } from '../../../skills/localization/scorer.js';
import type { LocalizationTask } from '../../../skills/localization/schema.js';
import { normaliseRepoPath } from '../../../skills/shared/paths.js';

function task(gold: string[], fns?: string[]): LocalizationTask {
  return {
    id: 'loc-x-001',
    skill: 'localization',
    language: 'python',
    repo: 'r',
    problem_statement: 'p',
    test_framework: 'pytest',
    test_command: 'pytest',
    timeouts: { agent_seconds: 900, test_seconds: 120 },
    gold_patch: 'gold.patch',
    gold_files: gold,
    ...(fns ? { gold_functions: fns } : {}),
  };
}

describe('rankedMetrics', () => {
  it('computes Acc@k with more gold files than k (target capped at k)', () => {
    // gold has 4 files; prediction ranks g1, x, g2, g3, y, g4
    const m = rankedMetrics(['g1', 'x', 'g2', 'g3', 'y', 'g4'], ['g1', 'g2', 'g3', 'g4']);
    expect(m.acc_at_1).toBe(1); // 1 hit in top1 ≥ min(4,1)=1
    expect(m.acc_at_3).toBe(0); // 2 hits in top3 < min(4,3)=3
    expect(m.acc_at_5).toBe(0); // 3 hits in top5 < min(4,5)=4
    expect(m.recall_at_1).toBeCloseTo(1 / 4);
    expect(m.recall_at_3).toBeCloseTo(2 / 4);
    expect(m.recall_at_5).toBeCloseTo(3 / 4);
    expect(m.hit_at_1).toBe(1);
    expect(m.precision).toBeCloseTo(4 / 6);
    expect(m.recall).toBe(1);
    expect(m.f1).toBeCloseTo((2 * (4 / 6) * 1) / (4 / 6 + 1));
    expect(m.mrr).toBe(1);
    expect(m.exact_match).toBe(0);
  });

  it('gives Acc@3 = 1 when the top 3 hold 3 of 5 gold files', () => {
    const m = rankedMetrics(['a', 'b', 'c', 'z'], ['a', 'b', 'c', 'd', 'e']);
    expect(m.acc_at_3).toBe(1);
    expect(m.acc_at_5).toBe(0);
    expect(m.recall_at_5).toBeCloseTo(3 / 5);
  });

  it('scores a second-rank hit with MRR 1/2 and no Acc@1', () => {
    const m = rankedMetrics(['x', 'a.py'], ['a.py']);
    expect(m.acc_at_1).toBe(0);
    expect(m.hit_at_1).toBe(0);
    expect(m.acc_at_3).toBe(1);
    expect(m.hit_at_3).toBe(1);
    expect(m.mrr).toBe(0.5);
    expect(m.precision).toBe(0.5);
    expect(m.f1).toBeCloseTo(2 / 3);
  });

  it('handles empty predictions', () => {
    const m = rankedMetrics([], ['a.py']);
    expect(m).toMatchObject({
      exact_match: 0,
      acc_at_1: 0,
      acc_at_5: 0,
      recall_at_5: 0,
      hit_at_5: 0,
      precision: 0,
      recall: 0,
      f1: 0,
      mrr: 0,
    });
  });

  it('dedupes predictions keeping the first rank', () => {
    const m = rankedMetrics(['a.py', 'a.py', 'b.py'], ['a.py', 'b.py']);
    expect(m.exact_match).toBe(1);
    expect(m.precision).toBe(1);
    expect(m.acc_at_1).toBe(1);
    expect(m.recall_at_1).toBe(0.5);
  });
});

describe('normaliseRepoPath', () => {
  it.each([
    ['./a.py', 'a.py'],
    ['/testbed/a.py', 'a.py'],
    ['pkg\\mod.py', 'pkg/mod.py'],
    ['  ./pkg//mod.py ', 'pkg/mod.py'],
    ['/testbed/./pkg/../pkg/x.py', 'pkg/x.py'],
  ])('%s → %s', (input, out) => expect(normaliseRepoPath(input)).toBe(out));
});

describe('scoreLocalizationAnswer', () => {
  it('passes an exact set in any spelling, inside fences and prose', () => {
    const r = scoreLocalizationAnswer(
      task(['pkg/a.py', 'pkg/b.py']),
      'Found it.\n```json\n{"files": ["/testbed/pkg/b.py", "./pkg/a.py", "pkg/a.py"]}\n```\nDone.',
    );
    expect(r.pass).toBe(true);
    expect(r.score).toBe(1);
    expect(r.metrics.acc_at_1).toBe(1);
    expect(r.metrics.fn_mrr).toBeNull();
  });

  it('fails a superset but keeps partial credit in the metrics', () => {
    const r = scoreLocalizationAnswer(task(['a.py']), '{"files": ["a.py", "b.py"]}');
    expect(r.pass).toBe(false);
    expect(r.metrics.recall).toBe(1);
    expect(r.metrics.precision).toBe(0.5);
  });

  it('computes function-level metrics when gold functions exist', () => {
    const r = scoreLocalizationAnswer(task(['a.py'], ['a.py::f', 'a.py::g']), '{"files": ["a.py"], "functions": ["./a.py::g", "a.py::h"]}');
    expect(r.metrics.fn_mrr).toBe(1);
    expect(r.metrics.fn_recall).toBe(0.5);
    expect(r.metrics.fn_precision).toBe(0.5);
  });

  it('scores malformed answers 0 with reason malformed_answer', () => {
    for (const bad of ['I think it is a.py', '{"files": "a.py"}', '```json\n{"files": [\n```']) {
      const r = scoreLocalizationAnswer(task(['a.py']), bad);
      expect(r.score).toBe(0);
      expect(r.pass).toBe(false);
      expect(r.details.reason).toBe('malformed_answer');
      expect(r.metrics.mrr).toBe(0);
    }
  });
});
