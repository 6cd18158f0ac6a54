// The patch arithmetic derivations rely on: a fix with one hunk left out still applies (later
// hunks renumbered) and says where the missing change belongs; the lines a fix changes, on
// either side; the main source file; the test files a test patch leaves.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { changedNewLines, changedOldLines, withoutHunk } from '../../harness/sources/derive/hunks.js';
import { mainSourceFile } from '../../harness/sources/derive/test-generation.js';
import { testPatchFiles } from '../../harness/sources/derive/calibrate.js';
import { goldFunctions } from '../../harness/sources/derive/localization.js';

const before = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
const afterLines = before.split('\n');
afterLines.splice(4, 1, 'line 5 changed'); // hunk 1: change line 5
afterLines.splice(20, 0, 'inserted A', 'inserted B'); // hunk 2: insert after line 20
afterLines.splice(36, 1); // hunk 3: delete old line 35 (now at index 36)
const after = afterLines.join('\n');

function gitDiff(a: string, b: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'as-hunks-'));
  try {
    execFileSync('git', ['init', '-q'], { cwd: dir });
    writeFileSync(path.join(dir, 'f.py'), a);
    execFileSync('git', ['-c', 'user.name=x', '-c', 'user.email=x@x', 'commit', '-qam', 'a', '--allow-empty'], { cwd: dir });
    execFileSync('git', ['add', 'f.py'], { cwd: dir });
    execFileSync('git', ['-c', 'user.name=x', '-c', 'user.email=x@x', 'commit', '-qm', 'a'], { cwd: dir });
    writeFileSync(path.join(dir, 'f.py'), b);
    return execFileSync('git', ['diff'], { cwd: dir, encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function applyTo(text: string, patch: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'as-hunks-'));
  try {
    writeFileSync(path.join(dir, 'f.py'), text);
    writeFileSync(path.join(dir, 'p.patch'), patch);
    execFileSync('git', ['apply', 'p.patch'], { cwd: dir });
    return readFileSync(path.join(dir, 'f.py'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('hunks', () => {
  const patch = gitDiff(before, after);

  it('leaves one hunk out: the rest applies and the missing change is located', () => {
    const c = withoutHunk(patch, 0, 1);
    const result = applyTo(before, c.patch).split('\n');
    expect(result).toContain('line 5 changed');
    expect(result).not.toContain('inserted A');
    expect(result).not.toContain('line 35');
    expect(c.path).toBe('f.py');
    // the insertion went after line 20; hunk 1 added no lines, so that is still line 21
    expect(result[c.line - 1]).toBe('line 21');
    const first = withoutHunk(patch, 0, 0);
    expect(applyTo(before, first.patch).split('\n')[first.line - 1]).toBe('line 5');
    expect(withoutHunk(gitDiff('a\n', 'b\n'), 0, 0).patch).toBe('');
  });

  it('gives the changed lines on both sides', () => {
    expect(changedNewLines(patch).get('f.py')).toEqual([
      [5, 5],
      [21, 22],
      [37, 37],
    ]);
    expect(changedOldLines(patch).get('f.py')).toEqual([5, 20, 21, 35]);
  });

  it('finds the functions a fix edits in the code before it', async () => {
    const src = 'def a():\n    return 1\n\n\nclass K:\n    def m(self):\n        x = 1\n        return x\n';
    const fixed = src.replace('x = 1', 'x = 2');
    const fns = await goldFunctions(gitDiff(src, fixed).replace(/f\.py/g, 'pkg/mod.py'), async () => src);
    expect(fns).toEqual(['pkg/mod.py::K.m']);
  });

  it('picks the source file the fix changes most, and the test files a test patch leaves', () => {
    const two = `${gitDiff(before, after).replace(/f\.py/g, 'src/big.py')}${gitDiff('a\n', 'b\n').replace(/f\.py/g, 'src/small.py')}`;
    expect(mainSourceFile(two)).toBe('src/big.py');
    expect(mainSourceFile(gitDiff('a\n', 'b\n').replace(/f\.py/g, 'docs/x.py'))).toBeUndefined();
    const tp = `${gitDiff('a\n', 'b\n').replace(/f\.py/g, 'tests/test_a.py')}${gitDiff('a\n', 'b\n').replace(/f\.py/g, 'tests/helpers.py')}`;
    expect(testPatchFiles(tp)).toEqual(['tests/test_a.py']);
  });
});
