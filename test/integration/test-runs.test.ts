// One scored test run (skills/shared/run-tests.ts) on both sandbox backends, against a small
// repository with the messy parts of real ones: ids of inherited tests, of class methods, of
// parameters with spaces, "::", brackets and non-ASCII; its own configuration (custom
// python_functions, addopts with -x), a src layout reached through test_env, test_setup lines;
// a NameError raised inside the code under test; coverage of a target. Fails, never skips,
// when CI=true and Docker (or bubblewrap) is missing.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BaseTask } from '../../harness/core/task.js';
import { ensureImage } from '../../harness/images/build.js';
import { DockerBackend } from '../../harness/sandbox/docker.js';
import { LocalBackend } from '../../harness/sandbox/local.js';
import type { Sandbox, SandboxBackend } from '../../harness/core/sandbox.js';
import { classifyFailure } from '../../skills/shared/failure.js';
import { runTests, unsoundReason } from '../../skills/shared/run-tests.js';
import { requireBwrapOrSkip, requireDockerOrSkip } from '../helpers/docker.js';

const dockerOk = await requireDockerOrSkip();
const bwrapOk = requireBwrapOrSkip();

const FILES: Record<string, string> = {
  'pyproject.toml': '[tool.pytest.ini_options]\npython_functions = ["check_*"]\naddopts = "-x -p no:doctest"\n',
  'src/pkg/__init__.py': 'def double(x):\n    return 2 * x\n\n\ndef broken():\n    return undefined_helper()\n',
  'tests/__init__.py': 'class Base:\n    def check_inherited(self):\n        import pkg\n        assert pkg.double(2) == 4\n',
  'tests/test_ids.py': [
    'import os',
    'import pytest',
    'import pkg',
    'from tests import Base',
    '',
    '',
    'class TestA(Base):',
    '    def check_method(self):',
    '        assert pkg.double(1) == 2',
    '',
    '',
    '@pytest.mark.parametrize("v", ["a b", "x::y", "\u00e9t\u00e9", "[1]"])',
    'def check_param(v):',
    '    assert v != "[1]"',
    '',
    '',
    'def check_env():',
    '    assert os.environ["GREETING"] == "hello"',
    '',
    '',
    'def check_lib_name_error():',
    '    pkg.broken()',
    '',
  ].join('\n'),
};

const task = {
  id: 'runs-001',
  skill: 'editing',
  language: 'python',
  repo: 'r',
  problem_statement: 'p',
  test_framework: 'pytest',
  test_command: 'python3 -m pytest -q',
  timeouts: { agent_seconds: 60, test_seconds: 60 },
  test_env: { PYTHONPATH: 'src' },
  test_setup: 'export GREETING=hello',
} as BaseTask;

const targets = [
  { label: 'docker', enabled: dockerOk },
  { label: 'local', enabled: bwrapOk },
];

describe.each(targets)('a scored pytest run: $label', ({ label, enabled }) => {
  let repo: string;
  let backend: SandboxBackend;
  let sb: Sandbox;
  beforeAll(async () => {
    if (!enabled) return;
    repo = mkdtempSync(path.join(tmpdir(), 'as-runs-'));
    for (const [rel, text] of Object.entries(FILES)) {
      mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
      writeFileSync(path.join(repo, rel), text);
    }
    backend = label === 'docker' ? new DockerBackend({ log: () => undefined }) : new LocalBackend({ log: () => undefined });
    sb = await backend.create({ image: label === 'docker' ? await ensureImage() : 'local', repoDir: repo });
  }, 600_000);
  afterAll(async () => {
    if (!enabled) return;
    await sb?.destroy();
    rmSync(repo, { recursive: true, force: true });
  });

  it.skipIf(!enabled)('reports real node ids, honours the repo configuration and the task environment, sentinels ok', async () => {
    const r = await runTests(sb, { task, files: ['tests/test_ids.py'], timeoutMs: 60_000, coverage: ['src/pkg/__init__.py'] });
    expect(unsoundReason(r), JSON.stringify(r.notes) + r.output).toBeUndefined();
    const status = Object.fromEntries(r.tests.map((t) => [t.id, t.status]));
    expect(status).toEqual({
      'tests/test_ids.py::TestA::check_method': 'passed',
      'tests/test_ids.py::TestA::check_inherited': 'passed',
      'tests/test_ids.py::check_param[a b]': 'passed',
      'tests/test_ids.py::check_param[x::y]': 'passed',
      'tests/test_ids.py::check_param[\\xe9t\\xe9]': 'passed',
      'tests/test_ids.py::check_param[[1]]': 'failed',
      'tests/test_ids.py::check_env': 'passed',
      'tests/test_ids.py::check_lib_name_error': 'failed',
    });
    // -x from addopts did not stop the run at the first failure; the sentinels ran too.
    expect(r.sentinel).toBe('ok');
    const nameError = r.tests.find((t) => t.id.endsWith('check_lib_name_error'))!;
    expect(nameError).toMatchObject({ type: 'NameError', crash: 'src/pkg/__init__.py' });
    expect(classifyFailure(nameError)).toBe('other');
    expect(r.coverage['src/pkg/__init__.py'].calls).toBeGreaterThan(0);
    const pct = r.coverage['src/pkg/__init__.py'].percent;
    expect(pct === null || pct > 0).toBe(true);
    if (label === 'docker') expect(pct).not.toBeNull(); // the image has coverage.py
  });

  it.skipIf(!enabled)('the whole suite (the command has no paths): collected from the configuration, with the sentinels', async () => {
    const r = await runTests(sb, { task, files: [], timeoutMs: 60_000 });
    expect(r.sentinel).toBe('ok');
    expect(r.tests.length).toBe(8);
    expect(r.complete && r.cleanExit).toBe(true);
  });

  it.skipIf(!enabled)('a file that does not collect is one error, and the run is still sound', async () => {
    await sb.writeFile('/testbed/tests/test_bad.py', 'import not_a_module\n\ndef check_x():\n    pass\n');
    try {
      const r = await runTests(sb, { task, files: ['tests/test_bad.py', 'tests/test_ids.py'], timeoutMs: 60_000 });
      expect(r.tests.find((t) => t.id === 'tests/test_bad.py')).toMatchObject({
        status: 'error',
        phase: 'collect',
        type: 'ModuleNotFoundError',
      });
      expect(unsoundReason(r)).toBeUndefined();
    } finally {
      await sb.exec('rm -f tests/test_bad.py');
    }
  });
});
