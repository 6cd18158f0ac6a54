// What test generation and reproduction keep of an agent's diff: its test code — test files,
// and the helpers and conftest.py a test needs (a test patch may change tests/__init__.py or
// test/tools.py) — never its source changes nor the runner's configuration.
import { describe, expect, it } from 'vitest';
import { agentTestCode } from '../../../skills/shared/test-files.js';

const added = (p: string, text = 'x = 1') =>
  `diff --git a/${p} b/${p}\nnew file mode 100644\n--- /dev/null\n+++ b/${p}\n@@ -0,0 +1 @@\n+${text}\n`;
const changed = (p: string) => `diff --git a/${p} b/${p}\n--- a/${p}\n+++ b/${p}\n@@ -1 +1 @@\n-a\n+b\n`;
const deleted = (p: string) => `diff --git a/${p} b/${p}\ndeleted file mode 100644\n--- a/${p}\n+++ /dev/null\n@@ -1 +0,0 @@\n-a\n`;

describe('the agent test code kept for scoring', () => {
  const diff = [
    added('tests/test_issue.py'),
    changed('tests/__init__.py'),
    added('test/tools.py'),
    added('conftest.py'),
    changed('tests/unit/conftest.py'),
    added('pkg/check_test.py'),
    deleted('tests/test_old.py'),
    changed('src/pkg/core.py'),
    added('pytest.ini', '[pytest]'),
    changed('setup.cfg'),
    added('scripts/reproduce.py'),
  ].join('');

  it('keeps test files, helpers under test folders and conftest.py; drops source and runner configuration', () => {
    const { kept, runFiles } = agentTestCode(diff, 'pytest');
    expect(kept.map((f) => f.newPath ?? f.oldPath).sort()).toEqual([
      'conftest.py',
      'pkg/check_test.py',
      'test/tools.py',
      'tests/__init__.py',
      'tests/test_issue.py',
      'tests/test_old.py',
      'tests/unit/conftest.py',
    ]);
    // only test files are run (a deleted one is not); helpers are there for them to import
    expect(runFiles.sort()).toEqual(['pkg/check_test.py', 'tests/test_issue.py']);
  });

  it('a hinted path counts as test code and is run', () => {
    const { kept, runFiles } = agentTestCode(diff, 'pytest', 'scripts/reproduce.py');
    expect(kept.map((f) => f.newPath)).toContain('scripts/reproduce.py');
    expect(runFiles).toContain('scripts/reproduce.py');
  });

  it('node: files under test/ and *.test.js are run, package.json is not kept', () => {
    const js = [added('test/helpers.js'), added('src/a.test.js'), changed('package.json'), changed('src/a.js')].join('');
    const { kept, runFiles } = agentTestCode(js, 'node-test');
    expect(kept.map((f) => f.newPath).sort()).toEqual(['src/a.test.js', 'test/helpers.js']);
    expect(runFiles.sort()).toEqual(['src/a.test.js', 'test/helpers.js']);
  });
});
