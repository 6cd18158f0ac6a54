// The synthesis environment choice and the dataset's own commit of the repository snapshot.
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listFiles } from '../../../harness/core/files.js';
import { commitSnapshot, synthEnvironment, wantsEnvironment } from '../../../harness/sources/synth/environment.js';
import { exportTree } from '../../../harness/environments/tree.js';

let tmp: string;
beforeEach(async () => (tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'as-synth-env-'))));
afterEach(() => fs.rm(tmp, { recursive: true, force: true }));

async function snapshot(dir: string): Promise<void> {
  await fs.mkdir(path.join(dir, 'src/pkg'), { recursive: true });
  await fs.writeFile(path.join(dir, 'src/pkg/__init__.py'), 'X = 1\n');
  await fs.writeFile(path.join(dir, '.gitignore'), 'src/\n'); // ignored, but part of the snapshot
  await fs.writeFile(path.join(dir, 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
}

async function bytes(dir: string): Promise<Record<string, string>> {
  const files = await listFiles(dir);
  return Object.fromEntries(await Promise.all(files.map(async (f) => [f, (await fs.readFile(path.join(dir, f))).toString('hex')])));
}

describe('wantsEnvironment', () => {
  it('builds an environment image for Python (offline install) and for any setup step', () => {
    expect(wantsEnvironment({ language: 'python', backend: 'docker', pythonPath: true })).toBe(true);
    expect(wantsEnvironment({ language: 'python', backend: 'docker', pythonPath: false })).toBe(false);
    expect(wantsEnvironment({ language: 'python', backend: 'local', pythonPath: true })).toBe(false);
    expect(wantsEnvironment({ language: 'javascript', backend: 'docker', pythonPath: true })).toBe(false);
    expect(wantsEnvironment({ language: 'javascript', backend: 'docker', pythonPath: true, setup: 'x.sh' })).toBe(true);
  });
});

describe('commitSnapshot', () => {
  it('gives the same commit and the same bytes for the same files, wherever they are', async () => {
    const [a, b] = [path.join(tmp, 'a'), path.join(tmp, 'deeper/b')];
    for (const d of [a, b]) await snapshot(d);
    const [ca, cb] = [await commitSnapshot(a), await commitSnapshot(b)];
    expect(ca).toMatch(/^[0-9a-f]{40}$/);
    expect(cb).toBe(ca);
    const [ga, gb] = [await bytes(path.join(a, '.git')), await bytes(path.join(b, '.git'))];
    expect(gb).toEqual(ga);
    expect(Object.keys(ga).some((f) => /^(index|logs\/|hooks\/)/.test(f))).toBe(false);
  });

  it('commits every file, ignored ones too, with their modes; the environment layer exports it', async () => {
    const dir = path.join(tmp, 'r');
    await snapshot(dir);
    const commit = await commitSnapshot(dir);
    const listed = execFileSync('git', ['-C', dir, 'ls-tree', '-r', commit]).toString();
    expect(listed).toContain('src/pkg/__init__.py');
    expect(listed).toMatch(/100755 blob \w+\trun\.sh/);
    const tree = await exportTree(dir, commit, 'r');
    expect(await fs.readFile(path.join(tree, 'src/pkg/__init__.py'), 'utf8')).toBe('X = 1\n');
  });
});

describe('synthEnvironment without an environment image', () => {
  it('copies the repo folder into the built-in or the named image, and says so in the tasks', async () => {
    const plain = await synthEnvironment(
      tmp,
      'lib',
      '/r',
      { language: 'javascript', backend: 'docker', pythonPath: true },
      'base:1',
      () => {},
    );
    expect(plain.taskFields).toEqual({ repo: '../../../repos/lib' });
    expect(plain.spec).toEqual({ image: 'base:1', repoDir: '/r' });
    const named = await synthEnvironment(
      tmp,
      'lib',
      '/r',
      { language: 'python', backend: 'docker', pythonPath: false, image: 'mine:2' },
      'base:1',
      () => {},
    );
    expect(named.taskFields).toEqual({ repo: '../../../repos/lib', image: 'mine:2' });
    expect(named.spec.image).toBe('mine:2');
  });

  it('refuses a setup step on the local backend and a setup file of another kind', async () => {
    await expect(
      synthEnvironment(tmp, 'lib', '/r', { language: 'python', backend: 'local', pythonPath: true, setup: 'x.sh' }, 'local', () => {}),
    ).rejects.toThrow(/--setup.*docker backend/);
    await expect(
      synthEnvironment(tmp, 'lib', '/r', { language: 'python', backend: 'docker', pythonPath: true, setup: 'x.txt' }, 'b', () => {}),
    ).rejects.toThrow(/--setup.*\*\.sh/);
  });
});
