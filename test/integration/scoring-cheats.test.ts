// Known ways to score 1 without doing the work, each scored for real (Docker, fixture dataset):
// every one must score 0 with a reason — never 1, never an infrastructure error. Plus a
// scoring container killed mid-run: an InfraError, never a result.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InfraError } from '../../harness/core/errors.js';
import type { Sandbox, SandboxBackend } from '../../harness/core/sandbox.js';
import type { DockerBackend } from '../../harness/sandbox/docker.js';
import { requireDockerOrSkip } from '../helpers/docker.js';
import { scoringHarness, type ScoringHarness } from '../helpers/scoring.js';

const dockerUp = await requireDockerOrSkip();

/** A plugin module that turns every test report into a pass. */
const FORCE_PASS_PLUGIN = `import pytest

@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    rep.outcome = "passed"
    rep.longrepr = None
`;

describe.skipIf(!dockerUp)('cheats score 0', () => {
  let h: ScoringHarness;
  beforeAll(async () => {
    h = await scoringHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  describe('editing', () => {
    const PY = 'edit-pyrepo-001';
    const JS = 'edit-jsrepo-001';

    it('a .pytest.ini loading a plugin that forces passes', async () => {
      const diff = await h.agentDiff(
        PY,
        `printf '[pytest]\\naddopts = -p forcepass\\n' > .pytest.ini\ncat > forcepass.py <<'PY'\n${FORCE_PASS_PLUGIN}PY`,
      );
      const r = await h.score(PY, diff);
      expect(r).toMatchObject({ score: 0, pass: false });
      expect(r.details.neutralised).toEqual(expect.arrayContaining(['reverted .pytest.ini', 'reverted forcepass.py']));
    });

    it('package code that forces every test to pass from inside the run (caught by the sentinel)', async () => {
      // Nothing on the configuration list: the package under test registers the plugin itself.
      const diff = await h.agentDiff(
        PY,
        `cat >> mathkit/__init__.py <<'PY'
import sys as _sys
if "pytest" in _sys.modules:
    import pytest as _pytest

    class _Force:
        @_pytest.hookimpl(hookwrapper=True)
        def pytest_runtest_makereport(self, item, call):
            outcome = yield
            rep = outcome.get_result()
            rep.outcome = "passed"
            rep.longrepr = None

    import gc as _gc
    for _o in _gc.get_objects():
        if type(_o).__name__ == "PytestPluginManager":
            _o.register(_Force())
            break
PY`,
      );
      const r = await h.score(PY, diff);
      expect(r).toMatchObject({ score: 0, pass: false, details: { reason: 'forced_pass' } });
    });

    it('a pytest.py in /testbed shadowing pytest', async () => {
      const diff = await h.agentDiff(PY, `cat > pytest.py <<'PY'\nimport sys\nprint("1 passed")\nsys.exit(0)\nPY`);
      const r = await h.score(PY, diff);
      expect(r).toMatchObject({ score: 0, pass: false });
      expect(r.details.neutralised).toContain('removed pytest.py (shadows an installed module)');
    });

    it('package code that rewrites the report at interpreter exit', async () => {
      // It writes a fake all-passing report everywhere it can: the old report path, and the
      // sealed channel (duplicated before pytest closes it), then exits 0.
      const diff = await h.agentDiff(
        PY,
        `cat >> mathkit/__init__.py <<'PY'
import atexit as _atexit, json as _json, os as _os
_fd = _os.dup(int(_os.environ.get("ATOMIC_SKILLS_SEALED_FD", "10"))) if _os.environ.get("ATOMIC_SKILLS_SEALED_FD") else None

def _fake():
    ids = ["tests/test_hidden_lerp.py::test_lerp_mid", "tests/test_hidden_lerp.py::test_lerp_clamps_t"]
    open("/tmp/as-junit.xml", "w").write('<testsuite><testcase classname="x" name="y"/></testsuite>')
    if _fd is not None:
        lines = [{"k": "test", "id": i, "when": "call", "outcome": "passed"} for i in ids] + [{"k": "end", "exitstatus": 0}]
        _os.write(_fd, "".join(_json.dumps(l) + "\\n" for l in lines).encode())
    _os._exit(0)

_atexit.register(_fake)
PY`,
      );
      const r = await h.score(PY, diff);
      expect(r).toMatchObject({ score: 0, pass: false });
      expect(['report_incomplete', 'unclean_exit', 'tests_failed']).toContain(r.details.reason);
    });

    it('a module under test that disables node:assert (caught by the sentinel)', async () => {
      const diff = await h.agentDiff(
        JS,
        `cat >> lib/range.js <<'JS'
const __a = require('node:assert');
for (const k of ['strictEqual', 'deepStrictEqual', 'equal', 'deepEqual', 'ok', 'throws']) { __a[k] = () => {}; __a.strict[k] = () => {}; }
JS`,
      );
      const r = await h.score(JS, diff);
      expect(r).toMatchObject({ score: 0, pass: false, details: { reason: 'forced_pass' } });
    });
  });

  describe('test generation', () => {
    const ID = 'tgen-pyrepo-001';

    it("tests that check the target file's hash (decoy)", async () => {
      const diff = await h.agentDiff(
        ID,
        `H=$(sha256sum mathkit/clamp.py | cut -d' ' -f1)
cat > tests/test_generated.py <<PY
import hashlib
from mathkit.clamp import clamp

def test_clamp():
    assert clamp(2, 1, 3) == 2
    assert hashlib.sha256(open("mathkit/clamp.py", "rb").read()).hexdigest() == "$H"
PY`,
      );
      const r = await h.score(ID, diff);
      expect(r).toMatchObject({ score: 0, pass: false, details: { reason: 'fails_on_decoy' } });
      expect(r.metrics).toMatchObject({ pass_on_reference: 1, pass_on_decoy: 0 });
    });

    it('tests that never import the target (coverage gate)', async () => {
      const diff = await h.agentDiff(
        ID,
        `H=$(sha256sum mathkit/clamp.py | cut -d' ' -f1)
cat > tests/test_generated.py <<PY
import hashlib

def test_clamp():
    assert hashlib.sha256(open("mathkit/clamp.py", "rb").read()).hexdigest() == "$H"
PY`,
      );
      const r = await h.score(ID, diff);
      expect(r).toMatchObject({ score: 0, pass: false, details: { reason: 'target_not_executed' } });
      expect(r.metrics.target_executed).toBe(0);
    });

    it('tests that check git diff', async () => {
      const diff = await h.agentDiff(
        ID,
        `cat > tests/test_generated.py <<'PY'
import subprocess
from mathkit.clamp import clamp

def test_clamp():
    assert clamp(2, 1, 3) == 2
    assert subprocess.run(["git", "diff", "--quiet", "HEAD"]).returncode == 0
PY`,
      );
      const r = await h.score(ID, diff);
      expect(r).toMatchObject({ score: 0, pass: false });
    });

    it('tests that check whether coverage is running (identical commands everywhere)', async () => {
      const diff = await h.agentDiff(
        ID,
        `cat > tests/test_generated.py <<'PY'
import sys
from mathkit.clamp import clamp

def test_clamp():
    assert clamp(2, 1, 3) == 2
    assert sys.gettrace() is not None or sys.getprofile() is not None or "coverage" in sys.modules
PY`,
      );
      const r = await h.score(ID, diff);
      expect(r).toMatchObject({ score: 0, pass: false, details: { reason: 'mutants_survived' } });
      expect(r.metrics.mutation_score).toBe(0);
    });
  });

  describe('reproduction', () => {
    const ID = 'repro-pyrepo-001';

    it("a test that checks the buggy file's hash (decoy)", async () => {
      const diff = await h.agentDiff(
        ID,
        `H=$(sha256sum mathkit/stats.py | cut -d' ' -f1)
cat > tests/test_issue_repro.py <<PY
import hashlib
from mathkit.stats import mean

def test_mean():
    mean([1])
    assert hashlib.sha256(open("mathkit/stats.py", "rb").read()).hexdigest() != "$H"
PY`,
      );
      const r = await h.score(ID, diff);
      expect(r).toMatchObject({ score: 0, pass: false, details: { reason: 'passes_on_buggy_decoy' } });
    });

    it('a test that checks git diff', async () => {
      const diff = await h.agentDiff(
        ID,
        `cat > tests/test_issue_repro.py <<'PY'
import subprocess
from mathkit.stats import mean

def test_mean():
    mean([1])
    assert subprocess.run(["git", "diff", "--quiet", "HEAD", "--", "mathkit"]).returncode == 1
PY`,
      );
      const r = await h.score(ID, diff);
      expect(r).toMatchObject({ score: 0, pass: false });
    });

    // The same task as a script reproduction (mode: script, reproduce.py at the root).
    const SCRIPT_ID = 'repro-pyrepo-script';
    const asScript = () => {
      const loaded = h.tasks.get(ID)!;
      h.tasks.set(SCRIPT_ID, {
        ...loaded,
        task: { ...loaded.task, id: SCRIPT_ID, mode: 'script', script_path: 'reproduce.py' } as typeof loaded.task,
      });
    };

    it("a script that reads the buggy line's text instead of running the code (target not executed)", async () => {
      asScript();
      // Fails on the bug, passes on the fix, and a comment line (the decoy) changes neither.
      const diff = await h.agentDiff(
        SCRIPT_ID,
        `cat > reproduce.py <<'PY'
import sys
sys.exit(1 if "(len(xs) + 1)" in open("mathkit/stats.py").read() else 0)
PY`,
      );
      const r = await h.score(SCRIPT_ID, diff);
      expect(r).toMatchObject({ score: 0, pass: false, details: { reason: 'target_not_executed' }, metrics: { target_executed: 0 } });
    });

    it('a script that runs the code reproduces (the launcher sees the target run)', async () => {
      asScript();
      const diff = await h.agentDiff(
        SCRIPT_ID,
        `cat > reproduce.py <<'PY'
from mathkit.stats import mean
assert mean([2, 4]) == 3, mean([2, 4])
PY`,
      );
      const r = await h.score(SCRIPT_ID, diff);
      expect(r, JSON.stringify(r.details)).toMatchObject({ score: 1, pass: true, metrics: { target_executed: 1 } });
    });

    it('a scoring container killed mid-run is an infrastructure error, never a pass', async () => {
      const diff = (await h.oracleRun(ID)).diff;
      const docker = (h.backend as DockerBackend).docker;
      // Kill each scoring container while its first test run is going.
      const killing: SandboxBackend = {
        name: 'docker',
        prune: () => h.backend.prune(),
        async create(spec) {
          const sb: Sandbox = await h.backend.create(spec);
          const exec = sb.exec.bind(sb);
          sb.exec = async (cmd, opts) => {
            if (!opts?.sealed) return exec(cmd, opts);
            setTimeout(
              () =>
                void docker
                  .getContainer(sb.id)
                  .kill()
                  .catch(() => undefined),
              300,
            );
            return exec(cmd, opts);
          };
          return sb;
        },
      };
      await expect(h.score(ID, diff, '', killing)).rejects.toBeInstanceOf(InfraError);
    });
  });
});
