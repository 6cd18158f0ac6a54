// Task loader: the fixture dataset loads; every error names the task.yaml and the field;
// duplicate ids, missing files and bad YAML are rejected; the content hash is stable.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../harness/core/errors.js';
import { loadDataset, loadTask } from '../../harness/tasks/load.js';

const FIXTURE = path.resolve(__dirname, '../fixtures/dataset');
let tmp: string;

beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'as-tasks-'));
  await fs.cp(FIXTURE, tmp, { recursive: true });
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

async function edit(rel: string, fn: (s: string) => string): Promise<void> {
  const p = path.join(tmp, rel);
  await fs.writeFile(p, fn(await fs.readFile(p, 'utf8')));
}

/** The one problem loading reports, after checking that every other task still loaded. */
async function loadError(): Promise<InputError> {
  const { tasks, problems } = await loadDataset(tmp);
  expect(problems).toHaveLength(1);
  expect(problems[0]).toBeInstanceOf(InputError);
  const all = await fs.readdir(path.join(tmp, 'tasks'), { recursive: true });
  const taskCount = all.filter((f) => f.endsWith('task.yaml')).length;
  // The bad task is skipped, the rest load (an unknown skill folder holds no task of its own).
  expect(tasks.length).toBeGreaterThanOrEqual(taskCount - 1);
  return problems[0];
}

const EDIT_PY = 'tasks/editing/edit-pyrepo-001/task.yaml';

describe('loadDataset', () => {
  it('loads every fixture task with its materialised repo', async () => {
    const { tasks } = await loadDataset(tmp);
    expect(tasks.map((t) => t.task.id).sort()).toEqual([
      'edit-jsrepo-001',
      'edit-pyrepo-001',
      'loc-pyrepo-001',
      'repro-jsrepo-001',
      'repro-pyrepo-001',
      'review-pyrepo-001',
      'tgen-jsrepo-001',
      'tgen-pyrepo-001',
    ]);
    const edit = tasks.find((t) => t.task.id === 'edit-pyrepo-001')!;
    expect(edit.task.timeouts).toEqual({ agent_seconds: 900, test_seconds: 60 });
    expect(await fs.readFile(path.join(edit.repoDir!, 'mathkit/clamp.py'), 'utf8')).toContain('def clamp');
    // base_patch is applied in the materialised copy, never in the source repo
    const repro = tasks.find((t) => t.task.id === 'repro-pyrepo-001')!;
    expect(await fs.readFile(path.join(repro.repoDir!, 'mathkit/stats.py'), 'utf8')).toContain('(len(xs) + 1)');
    expect(await fs.readFile(path.join(tmp, 'repos/pyrepo/mathkit/stats.py'), 'utf8')).not.toContain('(len(xs) + 1)');
    expect(repro.repoDir).toContain(path.join('atomic-skills', 'repos', repro.contentHash));
  });

  it('filters by skill and by id glob', async () => {
    const bySkill = await loadDataset(tmp, { skills: ['reproduction'] });
    expect(bySkill.tasks.map((t) => t.task.id).sort()).toEqual(['repro-jsrepo-001', 'repro-pyrepo-001']);
    const byGlob = await loadDataset(tmp, { filter: '*-jsrepo-*' });
    expect(byGlob.tasks.map((t) => t.task.id).sort()).toEqual(['edit-jsrepo-001', 'repro-jsrepo-001', 'tgen-jsrepo-001']);
    const byFn = await loadDataset(tmp, { filter: (t) => t.language === 'python' && t.skill === 'review' });
    expect(byFn.tasks.map((t) => t.task.id)).toEqual(['review-pyrepo-001']);
  });

  it('names the file and the line of a YAML syntax error', async () => {
    await edit(EDIT_PY, (s) => s.replace('fail_to_pass:', 'fail_to_pass: [unclosed'));
    const e = await loadError();
    expect(e.file).toBe(EDIT_PY);
    expect(e.field).toMatch(/^line \d+, column \d+$/);
    expect(e.message).toMatch(/^tasks\/editing\/edit-pyrepo-001\/task\.yaml: line \d+, column \d+: invalid YAML: /);
  });

  it('names the field of a schema violation', async () => {
    await edit(EDIT_PY, (s) => s.replace('  - tests/test_hidden_lerp.py::test_lerp_mid', '  - not-a-test-id'));
    const e = await loadError();
    expect(e.message).toMatch(/^tasks\/editing\/edit-pyrepo-001\/task\.yaml: fail_to_pass\.0: must be a test id/);
    expect(e.field).toBe('fail_to_pass.0');
  });

  it('names an unknown field and a wrong enum value', async () => {
    await edit(EDIT_PY, (s) => `${s}hiden_tests: hidden\n`);
    expect((await loadError()).field).toBe('hiden_tests');
    await fs.cp(FIXTURE, tmp, { recursive: true, force: true });
    await edit('tasks/review/review-pyrepo-001/task.yaml', (s) => s.replace('label: reject', 'label: maybe'));
    const e = await loadError();
    expect(e.file).toBe('tasks/review/review-pyrepo-001/task.yaml');
    expect(e.field).toBe('label');
  });

  it('keeps a provenance with free keys and names a malformed one', async () => {
    await edit(EDIT_PY, (s) => `${s}provenance:\n  source: synthetic\n  instance: bug-7\n  repo: acme/pyrepo\n  operator: swap_args\n`);
    const { tasks } = await loadDataset(tmp);
    expect(tasks.find((t) => t.task.id === 'edit-pyrepo-001')!.task.provenance).toEqual({
      source: 'synthetic',
      instance: 'bug-7',
      repo: 'acme/pyrepo',
      operator: 'swap_args',
    });
    await edit(EDIT_PY, (s) => s.replace('instance: bug-7', 'instance: 7'));
    expect((await loadError()).message).toMatch(/edit-pyrepo-001.*provenance\.instance/);
  });

  it('rejects a skill that does not match its folder', async () => {
    await edit(EDIT_PY, (s) => s.replace('skill: editing', 'skill: review'));
    const e = await loadError();
    expect(e.field).toBe('skill');
    expect(e.message).toContain('tasks/editing/');
  });

  it('names the field of a missing file or folder', async () => {
    await fs.rm(path.join(tmp, 'tasks/test-generation/tgen-pyrepo-001/mutants/m2.patch'));
    const e = await loadError();
    expect(e.file).toBe('tasks/test-generation/tgen-pyrepo-001/task.yaml');
    expect(e.field).toBe('mutants.1');
    expect(e.message).toContain('mutants/m2.patch');
  });

  it('checks hidden test folders and repo paths', async () => {
    await fs.rm(path.join(tmp, 'tasks/editing/edit-jsrepo-001/hidden'), { recursive: true });
    expect((await loadError()).field).toBe('hidden_tests');
    await fs.cp(FIXTURE, tmp, { recursive: true, force: true });
    await edit('tasks/test-generation/tgen-jsrepo-001/task.yaml', (s) => s.replace('target: lib/range.js', 'target: lib/nope.js'));
    const e = await loadError();
    expect(e.field).toBe('target');
    expect(e.message).toContain('lib/nope.js');
  });

  it('rejects gold_files that differ from the gold patch', async () => {
    await edit('tasks/localization/loc-pyrepo-001/task.yaml', (s) =>
      s.replace('gold_files: [mathkit/clamp.py]', 'gold_files: [mathkit/stats.py]'),
    );
    expect((await loadError()).field).toBe('gold_files');
  });

  it('rejects a base_patch that does not apply, naming base_patch', async () => {
    await edit('tasks/reproduction/repro-pyrepo-001/base.patch', (s) => s.replace('return sum(xs) / len(xs)', 'return nothing_like_this'));
    const e = await loadError();
    expect(e.file).toBe('tasks/reproduction/repro-pyrepo-001/task.yaml');
    expect(e.field).toBe('base_patch');
  });

  it('rejects duplicate ids, naming both files', async () => {
    await fs.cp(path.join(tmp, 'tasks/editing/edit-pyrepo-001'), path.join(tmp, 'tasks/editing/edit-pyrepo-001-copy'), { recursive: true });
    const e = await loadError();
    expect(e.field).toBe('id');
    expect(e.message).toContain('duplicate id "edit-pyrepo-001"');
    expect(e.message).toContain('tasks/editing/edit-pyrepo-001/task.yaml');
    expect(e.file).toBe('tasks/editing/edit-pyrepo-001-copy/task.yaml');
  });

  it('rejects an unknown skill folder', async () => {
    await fs.mkdir(path.join(tmp, 'tasks/painting'));
    expect((await loadError()).file).toBe('tasks/painting');
  });
});

describe('content hash', () => {
  it('is stable across loads, locations and timestamps', async () => {
    const a = await loadTask(path.join(tmp, 'tasks/editing/edit-pyrepo-001'));
    const other = await fs.mkdtemp(path.join(os.tmpdir(), 'as-tasks-other-'));
    try {
      await fs.cp(FIXTURE, other, { recursive: true });
      const future = new Date(Date.now() + 86_400_000);
      await fs.utimes(path.join(other, 'repos/pyrepo/mathkit/clamp.py'), future, future);
      const b = await loadTask(path.join(other, 'tasks/editing/edit-pyrepo-001'));
      expect(b.contentHash).toBe(a.contentHash);
      expect(a.contentHash).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await fs.rm(other, { recursive: true, force: true });
    }
  });

  it('changes when a task file or a repo file changes', async () => {
    const dir = path.join(tmp, 'tasks/editing/edit-pyrepo-001');
    const h0 = (await loadTask(dir)).contentHash;
    await edit('tasks/editing/edit-pyrepo-001/hidden/tests/test_hidden_lerp.py', (s) => `${s}\n`);
    const h1 = (await loadTask(dir)).contentHash;
    await edit('repos/pyrepo/mathkit/__init__.py', (s) => `${s}# x\n`);
    const h2 = (await loadTask(dir)).contentHash;
    expect(new Set([h0, h1, h2]).size).toBe(3);
  });

  it('ignores caches such as __pycache__', async () => {
    const dir = path.join(tmp, 'tasks/editing/edit-pyrepo-001');
    const h0 = (await loadTask(dir)).contentHash;
    await fs.mkdir(path.join(tmp, 'repos/pyrepo/mathkit/__pycache__'));
    await fs.writeFile(path.join(tmp, 'repos/pyrepo/mathkit/__pycache__/clamp.cpython-311.pyc'), 'junk');
    expect((await loadTask(dir)).contentHash).toBe(h0);
  });
});

describe('a dataset with bad tasks', () => {
  it('reports a malformed task selected by --filter and loads the rest', async () => {
    await edit(EDIT_PY, (s) => s.replace('skill: editing', 'skill: editing\nnot_a_field: 1'));
    const hit = await loadDataset(tmp, { filter: 'edit-*' });
    expect(hit.problems.map((p) => p.file)).toEqual([EDIT_PY]);
    expect(hit.tasks.map((t) => t.task.id)).toEqual(['edit-jsrepo-001']);
    // A filter that does not select the bad task does not read it.
    const miss = await loadDataset(tmp, { filter: 'loc-*' });
    expect(miss.problems).toEqual([]);
    expect(miss.tasks.map((t) => t.task.id)).toEqual(['loc-pyrepo-001']);
  });

  it('reports a task whose id cannot be read under the folder name', async () => {
    await edit(EDIT_PY, () => 'id: [unclosed\n');
    const r = await loadDataset(tmp, { filter: 'edit-pyrepo-*' });
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0].message).toContain('invalid YAML');
  });
});

describe('quarantine.yaml', () => {
  it('leaves listed tasks out unless asked, and names a malformed entry', async () => {
    await fs.writeFile(path.join(tmp, 'quarantine.yaml'), '- id: loc-pyrepo-001\n  reason: gold fails\n');
    const r = await loadDataset(tmp);
    expect(r.tasks.map((t) => t.task.id)).not.toContain('loc-pyrepo-001');
    expect(r.quarantined).toEqual([{ id: 'loc-pyrepo-001', reason: 'gold fails' }]);
    const all = await loadDataset(tmp, { includeQuarantined: true });
    expect(all.tasks.map((t) => t.task.id)).toContain('loc-pyrepo-001');
    await fs.writeFile(path.join(tmp, 'quarantine.yaml'), '- id: loc-pyrepo-001\n');
    await expect(loadDataset(tmp)).rejects.toThrow(/quarantine\.yaml: 0\.reason/);
  });

  it('is updated for the checked tasks only, and removed when empty', async () => {
    const { updateQuarantine, readQuarantine } = await import('../../harness/tasks/quarantine.js');
    await updateQuarantine(
      tmp,
      ['a', 'b'],
      [
        { id: 'a', reason: 'x' },
        { id: 'b', reason: 'y' },
      ],
    );
    await updateQuarantine(tmp, ['b', 'c'], [{ id: 'c', reason: 'z' }]);
    expect([...(await readQuarantine(tmp)).keys()]).toEqual(['a', 'c']);
    await updateQuarantine(tmp, ['a', 'c'], []);
    await expect(fs.access(path.join(tmp, 'quarantine.yaml'))).rejects.toThrow();
  });
});

describe('symlinks in a task repository', () => {
  it('are copied as symlinks with their own target, and are part of the content hash', async () => {
    const dir = path.join(tmp, 'tasks/localization/loc-pyrepo-001');
    await fs.symlink('clamp.py', path.join(tmp, 'repos/pyrepo/mathkit/alias.py'));
    const a = await loadTask(dir);
    expect(await fs.readlink(path.join(a.repoDir!, 'mathkit/alias.py'))).toBe('clamp.py');
    await fs.rm(path.join(tmp, 'repos/pyrepo/mathkit/alias.py'));
    await fs.symlink('__init__.py', path.join(tmp, 'repos/pyrepo/mathkit/alias.py'));
    const b = await loadTask(dir);
    expect(b.contentHash).not.toBe(a.contentHash);
    expect(await fs.readlink(path.join(b.repoDir!, 'mathkit/alias.py'))).toBe('__init__.py');
  });
});

describe('environment tasks', () => {
  const withEnvironment = (env: string) => (s: string) => s.replace('repo: ../../../repos/pyrepo\n', `environment:\n${env}`);
  const LOC = 'tasks/localization/loc-pyrepo-001/task.yaml';

  it('load without reading or copying the repository, hashed by repo@commit and setup bytes', async () => {
    const dir = path.join(tmp, 'tasks/localization/loc-pyrepo-001');
    await edit(LOC, withEnvironment('  kind: git\n  repo: acme/mathkit\n  commit: 0123456789abcdef\n  source: /nonexistent/clone\n'));
    const a = await loadTask(dir);
    expect(a.repoDir).toBeUndefined();
    expect(a.task.environment).toMatchObject({ kind: 'git', repo: 'acme/mathkit', python_path: true });
    await edit(LOC, (s) => s.replace('0123456789abcdef', 'fedcba9876543210'));
    const b = await loadTask(dir);
    expect(b.contentHash).not.toBe(a.contentHash);
    await fs.writeFile(path.join(dir, 'setup.sh'), 'true\n');
    await edit(LOC, (s) => s.replace('  source: /nonexistent/clone\n', '  source: /elsewhere\n  setup: setup.sh\n'));
    const c = await loadTask(dir);
    await fs.writeFile(path.join(dir, 'setup.sh'), 'apt-get install -y foo\n');
    const d = await loadTask(dir);
    expect(new Set([b.contentHash, c.contentHash, d.contentHash]).size).toBe(3);
  });

  it('names a missing setup file and a second way to get the repository', async () => {
    await edit(LOC, withEnvironment('  kind: git\n  repo: a/b\n  commit: abcdef1\n  source: x\n  setup: nope.sh\n'));
    expect((await loadError()).field).toBe('environment.setup');
    await edit(LOC, (s) => `${s}image: foo:1\n`);
    expect((await loadError()).message).toContain('exactly one of "repo", "image" or "environment"');
  });
});
