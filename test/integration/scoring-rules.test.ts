// Grading rules on task variants built here from the fixture repository (real Docker): a test
// patch that creates, renames and deletes test files; class ids, a truncated parametrised id;
// an expected test only the gold patch makes appear (the agent's 0, `tests_missing`) and one
// nothing reports (a GraderError); a reproduction from a test patch with a helper file, several
// expected exceptions, a NameError raised by the buggy code, suite tests.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraderError } from '../../harness/core/errors.js';
import type { LoadedTask } from '../../harness/core/task.js';
import { ensureImage } from '../../harness/images/build.js';
import { DockerBackend } from '../../harness/sandbox/index.js';
import { loadDataset } from '../../harness/tasks/load.js';
import { getSkill } from '../../skills/registry.js';
import { requireDockerOrSkip } from '../helpers/docker.js';

const dockerUp = await requireDockerOrSkip();
const FIXTURE = path.resolve(__dirname, '../fixtures/dataset');

/** A git-format patch turning `repo` into `repo` with `changes` (null deletes; `{ from }` renames). */
function makePatch(repo: string, changes: Record<string, string | null | { from: string }>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'as-patch-'));
  try {
    cpSync(repo, dir, { recursive: true });
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: dir, encoding: 'utf8' });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'base');
    for (const [p, c] of Object.entries(changes)) {
      if (c === null) rmSync(path.join(dir, p));
      else if (typeof c === 'object') git('mv', c.from, p);
      else {
        mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
        writeFileSync(path.join(dir, p), c);
      }
    }
    git('add', '-A');
    return git('diff', '--cached', '-M', 'HEAD');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const CLAMP = readFileSync(path.join(FIXTURE, 'repos/pyrepo/mathkit/clamp.py'), 'utf8');
const STATS = readFileSync(path.join(FIXTURE, 'repos/pyrepo/mathkit/stats.py'), 'utf8');
const LERP = `${CLAMP}\n\nLERP_POINTS = [0, 1]\n\n\ndef lerp(a, b, t):\n    t = clamp(t, 0, 1)\n    return a + (b - a) * t\n`;
const TEST_LERP = `import pytest
from mathkit.clamp import lerp


class TestLerp:
    def test_mid(self):
        assert lerp(0, 10, 0.5) == 5


@pytest.mark.parametrize("t", [0.25, 0.5], ids=["a quarter", "one half"])
def test_param(t):
    assert 0 <= lerp(0, 1, t) <= 1
`;
// Its parameters come from the code under test: without the fix there is no test_points[0].
const TEST_POINTS = `import pytest
import mathkit.clamp as c


@pytest.mark.parametrize("t", getattr(c, "LERP_POINTS", []))
def test_points(t):
    assert c.lerp(0, 10, t) == 10 * t
`;

describe.skipIf(!dockerUp)('grading rules on task variants', () => {
  let tmp: string;
  let image: string;
  const backend = new DockerBackend();
  const tasks = new Map<string, LoadedTask>();

  function addTask(skill: string, id: string, yaml: string, files: Record<string, string>): void {
    const dir = path.join(tmp, 'tasks', skill, id);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'task.yaml'),
      `id: ${id}\nskill: ${skill}\nlanguage: python\nrepo: ../../../repos/pyrepo\ntest_framework: pytest\ntest_command: python3 -m pytest -q\ntimeouts: {test_seconds: 60}\n${yaml}`,
    );
    for (const [rel, text] of Object.entries(files)) writeFileSync(path.join(dir, rel), text);
  }

  beforeAll(async () => {
    image = await ensureImage();
    tmp = mkdtempSync(path.join(tmpdir(), 'as-rules-'));
    cpSync(path.join(FIXTURE, 'repos'), path.join(tmp, 'repos'), { recursive: true });
    const repo = path.join(tmp, 'repos/pyrepo');
    const gold = makePatch(repo, { 'mathkit/clamp.py': LERP });
    const testPatch = makePatch(repo, {
      'tests/test_lerp.py': TEST_LERP,
      'tests/test_points.py': TEST_POINTS,
      'tests/test_statistics.py': { from: 'tests/test_stats.py' },
      'tests/test_clamp.py': null,
    });
    const editing = (extraF2P: string[]) =>
      `problem_statement: add lerp\ninstruction: add lerp(a, b, t) and LERP_POINTS to mathkit/clamp.py\ngold_patch: gold.patch\ntest_patch: test.patch\ntest_files: [tests/]\n` +
      `fail_to_pass:\n${['tests/test_lerp.py::TestLerp::test_mid', 'tests/test_lerp.py::test_param[one', 'tests/test_points.py::test_points[0]', ...extraF2P].map((i) => `  - '${i}'`).join('\n')}\n` +
      `pass_to_pass:\n  - tests/test_statistics.py::test_mean_single\n`;
    addTask('editing', 'edit-rules-001', editing([]), { 'gold.patch': gold, 'test.patch': testPatch });
    addTask('editing', 'edit-rules-002', editing(['tests/test_lerp.py::TestLerp::test_nope']), {
      'gold.patch': gold,
      'test.patch': testPatch,
    });

    // Reproduction: the bug is a NameError inside mean(); the instance's test patch brings a helper.
    const buggy = STATS.replace('return sum(xs) / len(xs)', 'return sum(xs) / count');
    const base = makePatch(repo, { 'mathkit/stats.py': buggy });
    const buggyRepo = mkdtempSync(path.join(tmpdir(), 'as-rules-buggy-'));
    cpSync(repo, buggyRepo, { recursive: true });
    writeFileSync(path.join(buggyRepo, 'mathkit/stats.py'), buggy);
    const fix = makePatch(buggyRepo, { 'mathkit/stats.py': STATS });
    const reproTests = makePatch(buggyRepo, {
      'tests/helpers.py': 'def two_and_four():\n    return [2, 4]\n',
      'tests/test_issue_mean.py':
        'from helpers import two_and_four\nfrom mathkit.stats import mean\n\n\ndef test_mean_of_two():\n    assert mean(two_and_four()) == 3\n',
    });
    rmSync(buggyRepo, { recursive: true, force: true });
    addTask(
      'reproduction',
      'repro-rules-001',
      `base_patch: base.patch\nproblem_statement: mean() fails with NameError\nmode: test\ngold_patch: gold.patch\ntest_patch: test.patch\n` +
        `expected_exception: [ZeroDivisionError, NameError]\nsuite_tests:\n  - tests/test_stats.py::test_mean_single\n  - tests/test_issue_mean.py::test_mean_of_two\n`,
      { 'base.patch': base, 'gold.patch': fix, 'test.patch': reproTests },
    );
    for (const t of (await loadDataset(tmp)).tasks) tasks.set(t.task.id, t);
  }, 600_000);
  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  async function play(id: string, script?: string): Promise<string> {
    const loaded = tasks.get(id)!;
    const sb = await backend.create({ image, repoDir: loaded.repoDir });
    try {
      if (script === undefined) {
        for (const s of (await getSkill(loaded.task.skill).oracle(loaded)).steps) {
          if (s.tool === 'bash') expect((await sb.exec(String(s.input.command))).exitCode).toBe(0);
          else await sb.writeFile(String(s.input.path), String(s.input.file_text));
        }
      } else expect((await sb.exec(script)).exitCode).toBe(0);
      return await sb.diff();
    } finally {
      await sb.destroy();
    }
  }
  const score = (id: string, diff: string) => {
    const loaded = tasks.get(id)!;
    return getSkill(loaded.task.skill).score({ loaded, answer: '', diff, backend, image, timeoutMultiplier: 1 });
  };

  it('editing from a test patch: created, renamed and deleted test files, class ids, a truncated id; oracle 1', async () => {
    const r = await score('edit-rules-001', await play('edit-rules-001'));
    expect(r, JSON.stringify(r.details)).toMatchObject({ score: 1, pass: true });
    expect(r.details.matched_as).toEqual({ 'tests/test_lerp.py::test_param[one': 'prefix: tests/test_lerp.py::test_param[one half]' });
  });

  it('a test only the fix makes appear is missing on noop: the agent scores 0, not a grader error', async () => {
    const r = await score('edit-rules-001', '');
    expect(r).toMatchObject({ score: 0, details: { reason: 'tests_missing' } });
    expect((r.details.fail_to_pass as Record<string, string>)['tests/test_points.py::test_points[0]']).toBe('missing');
  });

  it('an expected test no run reports is a GraderError (missing_test), even for the oracle', async () => {
    const err = await score('edit-rules-002', await play('edit-rules-002')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraderError);
    expect(err).toMatchObject({ reason: 'missing_test', details: { missing: ['tests/test_lerp.py::TestLerp::test_nope'] } });
  });

  it('reproduction from a test patch: the oracle applies it, its helper is kept, a NameError from the buggy code is expected', async () => {
    const r = await score('repro-rules-001', await play('repro-rules-001'));
    expect(r, JSON.stringify(r.details)).toMatchObject({ score: 1, pass: true });
    expect((r.details.buggy as { failure_kinds: string[] }).failure_kinds).toEqual(['expected']);
  });

  it('a NameError in the test itself is a broken reproduction; removing suite tests breaks the suite', async () => {
    const typo = await score(
      'repro-rules-001',
      await play(
        'repro-rules-001',
        `printf 'from mathkit.stats import mean\\n\\ndef test_mean():\\n    two = undefined_in_test\\n    assert mean([2, 4]) == 3\\n' > tests/test_issue_repro.py`,
      ),
    );
    expect(typo, JSON.stringify(typo.details.buggy)).toMatchObject({ score: 0, details: { reason: 'wrong_failure_reason' } });
    const dropped = await score(
      'repro-rules-001',
      await play(
        'repro-rules-001',
        `printf 'from mathkit.stats import mean\\n\\ndef test_mean():\\n    assert mean([2, 4]) == 3\\n' > tests/test_stats.py`,
      ),
    );
    expect(dropped).toMatchObject({ score: 0, details: { reason: 'breaks_suite' } });
  });
});
