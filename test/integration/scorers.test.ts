// Scorers against real Docker sandboxes (default image) on the fixture dataset: oracles pass,
// noops fail, and tampering (hidden-test edits, deleted tests, conftest/sitecustomize hooks,
// broken reproductions) does not pass. Fails, never skips, when CI=true and no daemon.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScoreResult } from '../../harness/core/skill.js';
import { requireDockerOrSkip } from '../helpers/docker.js';
import { scoringHarness, type ScoringHarness } from '../helpers/scoring.js';

// throws (the file fails) when CI=true and no daemon answers; false = skip on a dev machine
const dockerUp = await requireDockerOrSkip();

describe.skipIf(!dockerUp)('scorers in real sandboxes', () => {
  let h: ScoringHarness;
  beforeAll(async () => {
    h = await scoringHarness();
  });
  afterAll(async () => {
    await h?.close();
  });
  const agentDiff = (id: string, script: string) => h.agentDiff(id, script);
  const score = (id: string, diff: string, answer = ''): Promise<ScoreResult> => h.score(id, diff, answer);
  const scoreOracle = (id: string): Promise<ScoreResult> => h.scoreOracle(id);

  describe('editing (python)', () => {
    const ID = 'edit-pyrepo-001';
    const LERP = `cat >> mathkit/clamp.py <<'PY'

def lerp(a, b, t):
    t = clamp(t, 0, 1)
    return a + (b - a) * t
PY`;

    it('oracle passes, with secondary metrics', async () => {
      const r = await scoreOracle(ID);
      expect(r.details).toMatchObject({ neutralised: [] });
      expect(r).toMatchObject({ score: 1, pass: true });
      expect(r.metrics).toMatchObject({ f2p_fraction: 1, p2p_fraction: 1, diff_size_ratio: 1, files_outside_gold: 0 });
    });

    it('noop fails: FAIL_TO_PASS tests fail, PASS_TO_PASS pass', async () => {
      const r = await score(ID, '');
      expect(r.pass).toBe(false);
      expect(r.metrics).toMatchObject({ f2p_fraction: 0, p2p_fraction: 1 });
    });

    // Without neutralisation this conftest makes both hidden tests pass (checked by hand in the image).
    it('a root conftest.py forcing every test to pass is reverted', async () => {
      const diff = await agentDiff(
        ID,
        `cat > conftest.py <<'PY'
import pytest
import mathkit.clamp

mathkit.clamp.lerp = lambda a, b, t: None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    outcome.get_result().outcome = "passed"
PY`,
      );
      const r = await score(ID, diff);
      expect(r.pass).toBe(false);
      expect(r.details.neutralised).toContain('reverted conftest.py');
    });

    it('sitecustomize.py, .pth and pytest.ini changes are reverted', async () => {
      const diff = await agentDiff(
        ID,
        `echo 'import builtins' > sitecustomize.py && echo 'import sitecustomize' > hook.pth && printf '[pytest]\\naddopts = -p no:python\\n' > pytest.ini`,
      );
      const r = await score(ID, diff);
      expect(r.pass).toBe(false);
      expect(r.details.neutralised).toEqual(
        expect.arrayContaining(['reverted sitecustomize.py', 'reverted hook.pth', 'reverted pytest.ini']),
      );
    });

    it('writing fake versions of the hidden tests does not pass', async () => {
      const diff = await agentDiff(
        ID,
        `cat > tests/test_hidden_lerp.py <<'PY'
def test_lerp_mid():
    pass

def test_lerp_clamps_t():
    pass
PY
echo 'collect_ignore = []' > tests/conftest.py`,
      );
      const r = await score(ID, diff);
      expect(r.pass).toBe(false);
      expect(r.metrics.f2p_fraction).toBe(0);
      expect(r.details.neutralised).toContain('restored test path tests');
    });

    it('deleting a PASS_TO_PASS test it broke does not pass (tests restored first)', async () => {
      const diff = await agentDiff(
        ID,
        `${LERP}
sed -i 's/raise ValueError("lo must not exceed hi")/lo, hi = hi, lo/' mathkit/clamp.py
git rm -q tests/test_clamp.py`,
      );
      const r = await score(ID, diff);
      expect(r.pass).toBe(false);
      expect(r.metrics.f2p_fraction).toBe(1);
      expect(r.metrics.p2p_fraction).toBe(0.5);
      expect((r.details.pass_to_pass as Record<string, string>)['tests/test_clamp.py::test_bad_range']).toBe('failed');
    });

    it('a correct change plus deleted tests still passes (tests restored, not penalised)', async () => {
      const diff = await agentDiff(ID, `${LERP}\nrm tests/test_clamp.py`);
      const r = await score(ID, diff);
      expect(r.pass).toBe(true);
      expect(r.metrics.files_outside_gold).toBe(1);
    });

    it('a diff that does not apply scores 0 with a reason', async () => {
      const r = await score(ID, 'diff --git a/nope.py b/nope.py\n--- a/nope.py\n+++ b/nope.py\n@@ -1 +1 @@\n-a\n+b\n');
      expect(r).toMatchObject({ score: 0, pass: false, details: { reason: 'patch_does_not_apply' } });
    });
  });

  describe('editing (javascript)', () => {
    const ID = 'edit-jsrepo-001';
    it('oracle passes', async () => {
      const r = await scoreOracle(ID);
      expect(r.details.fail_to_pass).toEqual({
        'test/hidden_lerp.test.js::lerp > returns the midpoint': 'passed',
        'test/hidden_lerp.test.js::lerp > clamps t': 'passed',
      });
      expect(r).toMatchObject({ score: 1, pass: true });
    });

    it('noop fails', async () => {
      const r = await score(ID, '');
      expect(r.pass).toBe(false);
      expect(r.metrics).toMatchObject({ f2p_fraction: 0, p2p_fraction: 1 });
    });

    it('fake hidden tests and package.json hooks do not pass', async () => {
      const diff = await agentDiff(
        ID,
        `mkdir -p test && cat > test/hidden_lerp.test.js <<'JS'
const { describe, it } = require('node:test');
describe('lerp', () => { it('returns the midpoint', () => {}); it('clamps t', () => {}); });
JS
echo 'process.exitCode = 0;' > hook.js
sed -i 's#"test": "node --test"#"test": "node --require ./hook.js --test"#' package.json`,
      );
      const r = await score(ID, diff);
      expect(r.pass).toBe(false);
      expect(r.details.neutralised).toEqual(
        expect.arrayContaining(['restored test path test', 'reverted package.json', 'reverted hook.js']),
      );
    });
  });

  describe('test-generation', () => {
    it('python oracle passes: every mutant killed, coverage measured', async () => {
      const r = await scoreOracle('tgen-pyrepo-001');
      expect(r).toMatchObject({ score: 1, pass: true });
      expect(r.metrics).toMatchObject({ mutation_score: 1, pass_on_reference: 1, mutants_valid: 3 });
      expect(r.metrics.line_coverage).toBeGreaterThan(90);
    });

    it('python: no tests → no_tests; weak tests leave mutants alive', async () => {
      expect((await score('tgen-pyrepo-001', '')).details.reason).toBe('no_tests');
      const diff = await agentDiff(
        'tgen-pyrepo-001',
        `cat > tests/test_generated.py <<'PY'
from mathkit.clamp import clamp

def test_inside():
    assert clamp(2, 1, 3) == 2
PY`,
      );
      const r = await score('tgen-pyrepo-001', diff);
      expect(r.pass).toBe(false);
      expect(r.metrics.pass_on_reference).toBe(1);
      expect(r.metrics.mutation_score).toBe(0);
      expect(r.details.reason).toBe('mutants_survived');
    });

    it('python: tests failing on the reference do not pass', async () => {
      const diff = await agentDiff(
        'tgen-pyrepo-001',
        `cat > tests/test_generated.py <<'PY'
from mathkit.clamp import clamp

def test_wrong():
    assert clamp(9, 1, 3) == 9
PY`,
      );
      const r = await score('tgen-pyrepo-001', diff);
      expect(r.pass).toBe(false);
      expect(r.metrics.pass_on_reference).toBe(0);
    });

    it('javascript oracle passes, with coverage', async () => {
      const r = await scoreOracle('tgen-jsrepo-001');
      expect(r).toMatchObject({ score: 1, pass: true });
      expect(r.metrics.mutation_score).toBe(1);
      expect(typeof r.metrics.line_coverage).toBe('number');
    });
  });

  describe('reproduction', () => {
    it('python oracle passes', async () => {
      const r = await scoreOracle('repro-pyrepo-001');
      expect(r.metrics).toMatchObject({ fails_on_buggy: 1, passes_on_fixed: 1, right_reason: 1, applies: 1, suite_passes: 1 });
      expect(r).toMatchObject({ score: 1, pass: true });
    });

    it('python noop fails with no_reproduction', async () => {
      expect((await score('repro-pyrepo-001', '')).details.reason).toBe('no_reproduction');
    });

    it('python: a test failing with an ImportError does not pass', async () => {
      const diff = await agentDiff(
        'repro-pyrepo-001',
        `cat > tests/test_issue_repro.py <<'PY'
from mathkit.stats import mean
import mathkit.not_a_module

def test_mean():
    assert mean([2, 4]) == 3
PY`,
      );
      const r = await score('repro-pyrepo-001', diff);
      expect(r.pass).toBe(false);
      expect(r.metrics).toMatchObject({ fails_on_buggy: 1, right_reason: 0 });
    });

    it('python: a test that passes on the buggy code does not pass', async () => {
      const diff = await agentDiff(
        'repro-pyrepo-001',
        `cat > tests/test_issue_repro.py <<'PY'
from mathkit.stats import mean

def test_mean():
    assert mean([2, 4]) > 0
PY`,
      );
      const r = await score('repro-pyrepo-001', diff);
      expect(r.pass).toBe(false);
      expect(r.metrics.fails_on_buggy).toBe(0);
      expect(r.details.reason).toBe('passes_on_buggy');
    });

    it('javascript oracle passes', async () => {
      const r = await scoreOracle('repro-jsrepo-001');
      expect(r).toMatchObject({ score: 1, pass: true });
    });

    it('javascript: a test file with a SyntaxError does not pass', async () => {
      const diff = await agentDiff(
        'repro-jsrepo-001',
        `cat > test/issue_repro.test.js <<'JS'
const { test } = require('node:test');
const assert = require('node:assert');
const { inRange } = require('../lib/range.js');
test('hi is inclusive', () => { assert.strictEqual(inRange(5, 1, 5), true) ));
JS`,
      );
      const r = await score('repro-jsrepo-001', diff);
      expect(r.pass).toBe(false);
      expect(r.metrics).toMatchObject({ fails_on_buggy: 1, right_reason: 0, passes_on_fixed: 0 });
    });
  });
});
