// Localization metric arithmetic on hand-computed cases, path normalisation, the scorer on
// malformed answers, and the gold rule (changed files minus new files, tests and docs).
import { describe, expect, it } from 'vitest';
import { isDocPath, localizationGold } from '../../../skills/shared/gold-files.js';
import { rankedMetrics } from '../../../skills/localization/metrics.js';
import { scoreLocalizationAnswer } from '../../../skills/localization/scorer.js';
import type { LocalizationTask } from '../../../skills/localization/schema.js';
import { normaliseRepoPath } from '../../../skills/shared/paths.js';
import { isTestPath } from '../../../skills/shared/test-files.js';

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

describe('rankedMetrics at k (LocAgent definitions)', () => {
  it('computes P@k, MAP@k and NDCG@k on a hand-worked ranking', () => {
    // gold {a, b}; ranked a, x, b, y: relevant at ranks 1 and 3
    const m = rankedMetrics(['a', 'x', 'b', 'y'], ['a', 'b']);
    expect(m.precision_at_1).toBe(1);
    expect(m.precision_at_3).toBeCloseTo(2 / 3);
    expect(m.precision_at_5).toBeCloseTo(2 / 5); // divided by k, not by the 4 predictions
    expect(m.precision_at_10).toBeCloseTo(2 / 10);
    expect(m.map_at_1).toBe(1); // (1/1) / 1
    expect(m.map_at_3).toBeCloseTo((1 / 1 + 2 / 3) / 3); // LocAgent divides the AP sum by k
    expect(m.map_at_10).toBeCloseTo((1 / 1 + 2 / 3) / 10);
    const idcg2 = 1 + 1 / Math.log2(3);
    expect(m.ndcg_at_1).toBe(1);
    expect(m.ndcg_at_3).toBeCloseTo((1 + 1 / Math.log2(4)) / idcg2);
    expect(m.ndcg_at_10).toBeCloseTo((1 + 1 / Math.log2(4)) / idcg2);
    expect(m.acc_at_10).toBe(1);
    expect(m.recall_at_10).toBe(1);
    expect(m.hit_at_10).toBe(1);
  });

  it('counts a hit at rank 10 only at k = 10', () => {
    const pred = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9', 'g'];
    const m = rankedMetrics(pred, ['g']);
    expect([m.acc_at_5, m.recall_at_5, m.hit_at_5, m.ndcg_at_5]).toEqual([0, 0, 0, 0]);
    expect(m.acc_at_10).toBe(1);
    expect(m.recall_at_10).toBe(1);
    expect(m.ndcg_at_10).toBeCloseTo(1 / Math.log2(11));
    expect(m.map_at_10).toBeCloseTo(1 / 10 / 10);
  });

  it('caps the Recall@k denominator at the largest k (10), as LocAgent does', () => {
    const gold = Array.from({ length: 12 }, (_, i) => `g${i}`);
    const m = rankedMetrics(gold, gold);
    expect(m.recall_at_10).toBe(1); // 10 hits / min(12, 10)
    expect(m.recall_at_5).toBe(0.5);
    expect(m.recall).toBe(1); // the full-prediction recall is not capped
    expect(m.acc_at_10).toBe(1);
    expect(m.ndcg_at_10).toBeCloseTo(1);
  });

  it('removes duplicates before ranking (LocAgent would count the repeat as a second hit)', () => {
    const m = rankedMetrics(['a', 'a', 'b'], ['a', 'b']);
    expect(m.precision_at_3).toBeCloseTo(2 / 3);
    expect(m.ndcg_at_3).toBeCloseTo(1);
    expect(m.map_at_3).toBeCloseTo(2 / 3);
  });

  it("equals a label-vector transcription of LocAgent's formulas on random duplicate-free rankings", () => {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let c = 0; c < 500; c++) {
      const universe = Array.from({ length: 25 }, (_, i) => `f${i}`);
      const gold = universe.filter(() => rnd(4) === 0);
      if (!gold.length) gold.push('f0');
      const pred = universe.filter(() => rnd(3) === 0).sort(() => rnd(3) - 1);
      const m = rankedMetrics(pred, gold);
      const ref = locAgentReference(pred, gold, [1, 3, 5, 10]);
      for (const [name, v] of Object.entries(ref)) expect(m[name], `${name} case ${c}`).toBeCloseTo(v, 10);
    }
  });
});

/** LocAgent's evaluation shape: 0/1 label rows of length max_k, one metric function per name. */
function locAgentReference(pred: string[], gold: string[], ks: number[]): Record<string, number> {
  const maxK = Math.max(...ks);
  const ideal = Array.from({ length: maxK }, (_, i) => (i < gold.length ? 1 : 0));
  const labels = Array.from({ length: maxK }, (_, i) => (i < pred.length && gold.includes(pred[i]!) ? 1 : 0));
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const dcg = (xs: number[]) => sum(xs.map((x, i) => x / Math.log2(i + 2)));
  const out: Record<string, number> = {};
  for (const k of ks) {
    const top = labels.slice(0, k);
    out[`ndcg_at_${k}`] = dcg(top) / dcg(ideal.slice(0, k));
    out[`recall_at_${k}`] = sum(top) / sum(ideal);
    out[`acc_at_${k}`] = sum(top) === sum(ideal.slice(0, k)) ? 1 : 0;
    out[`precision_at_${k}`] = sum(top) / k;
    let ap = 0;
    let seen = 0;
    top.forEach((x, j) => {
      if (x) ap += ++seen / (j + 1);
    });
    out[`map_at_${k}`] = ap / k;
  }
  return out;
}

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

describe('localization gold rule', () => {
  const diff = (p: string, status: 'modified' | 'added' | 'deleted' = 'modified') => {
    const head = `diff --git a/${p} b/${p}\n`;
    if (status === 'added') return `${head}new file mode 100644\n--- /dev/null\n+++ b/${p}\n@@ -0,0 +1 @@\n+x\n`;
    if (status === 'deleted') return `${head}deleted file mode 100644\n--- a/${p}\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n`;
    return `${head}--- a/${p}\n+++ b/${p}\n@@ -1 +1 @@\n-x\n+y\n`;
  };

  it('keeps the changed source files and ignores tests, docs and new files', () => {
    const patch = [
      diff('src/pkg/core.py'),
      diff('pkg/io.js'),
      diff('tests/test_core.py'),
      diff('tests/helpers/data.py'),
      diff('src/pkg/conftest.py'),
      diff('test/tools.js'),
      diff('lib/parse.spec.ts'),
      diff('CHANGELOG.md'),
      diff('docs/api/usage.py'),
      diff('NEWS'),
      diff('src/pkg/new_module.py', 'added'),
      diff('src/pkg/old.py', 'deleted'),
    ].join('');
    expect(localizationGold(patch)).toEqual(['pkg/io.js', 'src/pkg/core.py', 'src/pkg/old.py']);
  });

  it('does not mistake names that merely contain "test" for tests', () => {
    expect(isTestPath('src/pytest_helpers/contest.py')).toBe(false);
    expect(isTestPath('src/latest.py')).toBe(false);
    expect(isTestPath('src/testing/fixtures.py')).toBe(true);
    expect(isDocPath('src/readme_parser.py')).toBe(false);
    expect(isDocPath('README')).toBe(true);
    expect(isDocPath('src/docstring.py')).toBe(false);
  });
});
