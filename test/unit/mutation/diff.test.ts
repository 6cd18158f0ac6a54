// Mutation patches: `git apply` accepts them and reproduces the mutated files exactly, for
// single mutations on the sample libraries, composite changes across files, and edge cases
// (no final newline, first/last line, empty file).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyMutations, filePatch, languageForPath, mutate, mutationPatch, type FileChange } from '../../../harness/mutation/index.js';

const REPOS = path.resolve(__dirname, '../../../datasets/sample/repos');
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'as-mutation-diff-'));
  execFileSync('git', ['init', '-q', dir]);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), text);
}

/** Writes the `before` files, applies `patch` with git, and returns each file's text after. */
function gitApply(changes: FileChange[], patch: string): (string | null)[] {
  for (const c of changes) if (c.before !== null) write(c.path, c.before);
  writeFileSync(path.join(dir, 'm.patch'), patch);
  execFileSync('git', ['apply', '--check', 'm.patch'], { cwd: dir });
  execFileSync('git', ['apply', 'm.patch'], { cwd: dir });
  return changes.map((c) => (existsSync(path.join(dir, c.path)) ? readFileSync(path.join(dir, c.path), 'utf8') : null));
}

describe('filePatch', () => {
  it('gives patches git applies for mutations of the sample libraries', async () => {
    for (const rel of [
      'tablefmt/src/tablefmt/table.py',
      'ttlcache/src/cache.js',
      'datewise/src/datewise/duration/format.py',
      'csvlite/src/parse/tokenizer.js',
    ]) {
      const before = readFileSync(path.join(REPOS, rel), 'utf8');
      const ms = await mutate(before, languageForPath(rel)!);
      for (const m of ms.filter((_, i) => i % 4 === 0)) {
        const after = applyMutations(before, [m]);
        const patch = filePatch(rel, before, after);
        expect(patch.startsWith(`diff --git a/${rel} b/${rel}\n--- a/${rel}\n+++ b/${rel}\n@@ `)).toBe(true);
        expect(gitApply([{ path: rel, before, after }], patch)).toEqual([after]);
      }
    }
  });

  it('is empty for identical text and handles file edges and missing final newlines', () => {
    expect(filePatch('a.py', 'x\n', 'x\n')).toBe('');
    const cases: [string, string][] = [
      ['a\nb\nc', 'a\nb\nC'],
      ['a\nb\nc', 'a\nb\nc\n'],
      ['a\nb\nc\n', 'a\nb\nc'],
      ['first\n' + 'x\n'.repeat(20), 'FIRST\n' + 'x\n'.repeat(20)],
      ['x\n'.repeat(20) + 'last\n', 'x\n'.repeat(20)],
      ['', 'new\n'],
      ['gone\n', ''],
      ['1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n', '1\nTWO\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\nFIFTEEN\n16\n'],
      ['1\n2\n3\n4\n5\n6\n7\n8\n', '1\nTWO\n3\n4\n5\n6\nSEVEN\n8\n'],
    ];
    for (const [before, after] of cases) {
      const rel = 'pkg/mod.py';
      expect(gitApply([{ path: rel, before, after }], filePatch(rel, before, after)), JSON.stringify([before, after])).toEqual([after]);
      rmSync(path.join(dir, rel));
    }
  });

  it('keeps far-apart changes in separate hunks', () => {
    const before = Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n') + '\n';
    const after = before.replace('line 3\n', 'line three\n').replace('line 30\n', 'line thirty\n');
    const patch = filePatch('f.js', before, after);
    expect(patch.match(/^@@ /gm)).toHaveLength(2);
    expect(patch).toContain('@@ -1,7 +1,7 @@');
    expect(patch).toContain('@@ -28,7 +28,7 @@');
  });
});

describe('created and deleted files', () => {
  it('creates and deletes files, empty ones included', () => {
    const changes: FileChange[] = [
      { path: 'tests/test_gone.py', before: 'def test_a():\n    assert 1\n', after: null },
      { path: 'tests/test_new.py', before: null, after: 'def test_b():\n    assert 2\n' },
      { path: 'tests/__init__.py', before: '', after: null },
      { path: 'pkg/__init__.py', before: null, after: '' },
    ];
    const patch = mutationPatch(changes);
    expect(patch).toContain('deleted file mode 100644');
    expect(patch).toContain('new file mode 100644');
    expect(gitApply(changes, patch)).toEqual([null, 'def test_b():\n    assert 2\n', null, '']);
  });
});

describe('mutationPatch', () => {
  it('joins several files in path order into one patch git applies', async () => {
    const rels = ['semrange/src/range/range.js', 'semrange/src/version/compare.js'];
    const changes: FileChange[] = [];
    for (const rel of rels) {
      const before = readFileSync(path.join(REPOS, rel), 'utf8');
      const [m] = await mutate(before, 'javascript', { operators: ['comparison'] });
      changes.push({ path: rel, before, after: applyMutations(before, [m]) });
    }
    const patch = mutationPatch([changes[1], changes[0]]);
    expect(patch).toBe(mutationPatch(changes));
    expect(patch.indexOf(rels[0])).toBeLessThan(patch.indexOf(rels[1]));
    expect(gitApply(changes, patch)).toEqual(changes.map((c) => c.after));
  });
});
