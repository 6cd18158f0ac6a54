// Patch helpers (file lists, changed lines, splitting) and the tampering predicates.
import { describe, expect, it } from 'vitest';
import { isRunnerConfig, preloadTargets } from '../../../skills/shared/neutralise.js';
import { changedLines, joinPatch, parsePatch, patchPaths } from '../../../skills/shared/patch.js';
import { isTestFile } from '../../../skills/shared/test-files.js';

const DIFF = `diff --git a/src/a.py b/src/a.py
index 1111111..2222222 100644
--- a/src/a.py
+++ b/src/a.py
@@ -1,3 +1,3 @@
 x = 1
--- y = 2
+y = 3
 z = 4
diff --git a/tests/test_new.py b/tests/test_new.py
new file mode 100644
index 0000000..3333333
--- /dev/null
+++ b/tests/test_new.py
@@ -0,0 +1,2 @@
+def test_x():
+    assert True
diff --git a/old.txt b/old.txt
deleted file mode 100644
index 4444444..0000000
--- a/old.txt
+++ /dev/null
@@ -1 +0,0 @@
-bye
diff --git a/r1.py b/r2.py
similarity index 100%
rename from r1.py
rename to r2.py
`;

describe('parsePatch', () => {
  it('lists files with their status', () => {
    expect(parsePatch(DIFF).map((f) => [f.status, f.oldPath, f.newPath])).toEqual([
      ['modified', 'src/a.py', 'src/a.py'],
      ['added', null, 'tests/test_new.py'],
      ['deleted', 'old.txt', null],
      ['renamed', 'r1.py', 'r2.py'],
    ]);
    expect(patchPaths(DIFF)).toEqual(['old.txt', 'r1.py', 'r2.py', 'src/a.py', 'tests/test_new.py']);
  });

  it('counts changed lines inside hunks only (a removed "-- y" line counts)', () => {
    expect(changedLines(DIFF)).toBe(2 + 2 + 1);
  });

  it('re-joins a subset into a patch of just those files', () => {
    const sub = joinPatch(parsePatch(DIFF).filter((f) => f.newPath === 'tests/test_new.py'));
    expect(sub.startsWith('diff --git a/tests/test_new.py')).toBe(true);
    expect(patchPaths(sub)).toEqual(['tests/test_new.py']);
    expect(sub.endsWith('\n')).toBe(true);
  });

  it('handles an empty diff', () => {
    expect(parsePatch('')).toEqual([]);
    expect(changedLines('')).toBe(0);
  });
});

describe('tampering predicates', () => {
  it('flags runner configuration and interpreter hooks anywhere', () => {
    for (const p of [
      'conftest.py',
      'pkg/conftest.py',
      'pytest.ini',
      'setup.cfg',
      'pyproject.toml',
      'tox.ini',
      'sitecustomize.py',
      'usercustomize.py',
      'x.pth',
      'package.json',
    ]) {
      expect(isRunnerConfig(p)).toBe(true);
    }
    expect(isRunnerConfig('src/conf.py')).toBe(false);
  });
  it('finds --require / --import / -r preload targets', () => {
    expect(preloadTargets('{"scripts": {"test": "node --require ./hook.js --import=./h2.mjs -r x/y.js --test"}}')).toEqual([
      'hook.js',
      'h2.mjs',
      'x/y.js',
    ]);
  });
});

describe('isTestFile', () => {
  it.each([
    ['pytest', 'tests/test_a.py', true],
    ['pytest', 'a_test.py', true],
    ['pytest', 'tests/helpers.py', false],
    ['node-test', 'test/x.test.js', true],
    ['node-test', 'lib/x.test.mjs', true],
    ['node-test', 'test/helper.js', true],
    ['node-test', 'lib/x.js', false],
  ] as const)('%s %s → %s', (fw, p, want) => expect(isTestFile(fw, p)).toBe(want));
});
