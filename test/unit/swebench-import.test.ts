// Importing SWE-bench-format files without running anything: records are checked one by one
// (a malformed one is named by line and field, the rest still import), instances become
// localization, editing and reproduction tasks that load, non-Python instances are skipped
// with a reason, and a second import of the same file writes the same tasks.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSwebench, summarise } from '../../harness/sources/swebench/import.js';
import { readInstances } from '../../harness/sources/swebench/read.js';
import { parseInstance } from '../../harness/sources/swebench/instance.js';
import { bugOf, environmentOf, renderImage } from '../../harness/sources/swebench/bug.js';
import { deriveBug, isSkipped } from '../../harness/sources/derive/index.js';
import { SKILLS } from '../../skills/registry.js';
import { loadDataset } from '../../harness/tasks/load.js';
import { makeSwebenchFixtures, type SwebenchFixtures } from '../helpers/swebench-fixtures.js';

let tmp: string;
let fx: SwebenchFixtures;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'as-swebench-'));
  fx = await makeSwebenchFixtures(path.join(tmp, 'fx'));
});
afterAll(async () => {
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

describe('reading SWE-bench files', () => {
  it('reads JSONL and JSON alike; a malformed record is named by line and field', async () => {
    const items = [];
    for await (const it of readInstances(fx.jsonl)) items.push(it);
    const errors = items.flatMap((i) => ('error' in i ? [i.error.message] : []));
    const n = fx.records.size;
    // n instances, a blank line, the orphan, then three malformed lines
    expect(errors).toEqual([
      expect.stringMatching(new RegExp(`^line ${n + 3}: not valid JSON`)),
      `line ${n + 4}: patch: missing`,
      expect.stringMatching(new RegExp(`^line ${n + 5}: FAIL_TO_PASS: `)),
    ]);
    const first = items.find((i) => 'instance' in i && i.instance.instance_id === 'acme__inikit-1');
    expect(first && 'instance' in first && first.instance).toMatchObject({
      FAIL_TO_PASS: expect.arrayContaining(['tests/test_convert.py::test_to_list_custom_separator[pipe']),
      hints_text: 'The loop splits on a literal comma.',
      version: '1.0',
      extra: { difficulty: 'easy', nested: { kept: [1, 2] } },
    });
    const fromJson = [];
    for await (const it of readInstances(fx.json)) fromJson.push(it);
    expect(fromJson.map((i) => ('instance' in i ? i.instance.instance_id : 'error'))).toEqual([...fx.records.keys()]);
    expect(fromJson.every((i) => 'instance' in i && i.where.startsWith('item '))).toBe(true);
  });

  it('reads the field variants other exports write', () => {
    const patch = 'diff --git a/src/x.py b/src/x.py\n--- a/src/x.py\n+++ b/src/x.py\n@@ -1 +1 @@\n-a\n+b\n';
    // Multi-SWE-bench: org + repo, base.sha, fix_patch, resolved_issues, per-test result maps
    const multi = parseInstance(
      {
        org: 'acme',
        repo: 'lib',
        number: 12,
        base: { label: 'acme:main', ref: 'main', sha: 'ABCDEF1234567' },
        fix_patch: patch,
        test_patch: '',
        resolved_issues: [{ number: 3, title: 'x breaks', body: 'Steps: call x.' }],
        f2p_tests: { 'tests/test_x.py::test_a': { run: 'NONE', test: 'FAIL', fix: 'PASS' } },
        n2p_tests: { 'tests/test_x.py::test_new': { run: 'NONE', test: 'NONE', fix: 'PASS' } },
        p2p_tests: { 'tests/test_x.py::test_b': { run: 'PASS', test: 'PASS', fix: 'PASS' } },
        s2p_tests: {},
        title: 'Fix x',
      },
      'line 1',
    );
    expect(multi).toMatchObject({
      instance_id: 'acme__lib-12',
      repo: 'acme/lib',
      base_commit: 'abcdef1234567',
      patch,
      problem_statement: 'x breaks\n\nSteps: call x.',
      FAIL_TO_PASS: ['tests/test_x.py::test_a', 'tests/test_x.py::test_new'],
      PASS_TO_PASS: ['tests/test_x.py::test_b'],
    });
    // read fields are not kept twice; the others are
    expect(Object.keys(multi.extra).sort()).toEqual(['number', 'title']);

    // a table export: epoch-millisecond dates, missing lists as null; a compound test command
    const base = { instance_id: 'a__b-1', repo: 'a/b', base_commit: 'abc1234', patch, problem_statement: 'p' };
    const table = parseInstance(
      {
        ...base,
        created_at: 1672531200000,
        FAIL_TO_PASS: '["t.py::a"]',
        PASS_TO_PASS: null,
        install_config: { test_cmd: 'source /opt/conda/bin/activate && conda activate testbed && pytest -rA -p no:cacheprovider' },
      },
      'line 2',
    );
    expect(table).toMatchObject({
      created_at: '2023-01-01T00:00:00.000Z',
      FAIL_TO_PASS: ['t.py::a'],
      PASS_TO_PASS: [],
      test_command: 'pytest -rA -p no:cacheprovider',
      test_setup: 'source /opt/conda/bin/activate\nconda activate testbed',
    });
    expect(parseInstance({ ...base, test_cmd: ['cd /testbed', 'python -m pytest -x'] }, 'l')).toMatchObject({
      test_command: 'python -m pytest -x',
      test_setup: 'cd /testbed',
    });
    // not a setup-then-pytest shape: kept whole
    expect(parseInstance({ ...base, test_cmd: 'pytest a; pytest b' }, 'l').test_command).toBe('pytest a; pytest b');
    expect(parseInstance({ ...base, test_cmd: 'tox -e py && echo "a;b"' }, 'l').test_command).toBe('tox -e py && echo "a;b"');
    expect(() => parseInstance({ ...base, repo: 'lib' }, 'line 9')).toThrow(/line 9.*repo/);
  });

  it("picks a setup file for the instance's version over the repository's", async () => {
    const inst = (version?: string) =>
      parseInstance({ instance_id: 'a__b-1', repo: 'a/b', base_commit: 'abc1234', patch: 'p', problem_statement: 'x', version }, 'l');
    const choice = {
      repos: tmp,
      setups: new Map([
        ['a/b', '/s/a__b.sh'],
        ['a/b@2.0', '/s/a__b@2.0.sh'],
      ]),
      envSetups: new Map([['a/b@2.0', '/s/a__b@2.0.env.sh']]),
    };
    await fs.mkdir(path.join(tmp, 'a__b'), { recursive: true }); // the clone it finds
    expect(environmentOf(inst('2.0'), choice)).toMatchObject({ setup: '/s/a__b@2.0.sh', env_setup: '/s/a__b@2.0.env.sh' });
    const other = environmentOf(inst('1.0'), choice);
    expect(other).toMatchObject({ setup: '/s/a__b.sh' });
    expect(other).not.toHaveProperty('env_setup');
    expect(environmentOf(inst(), choice)).toMatchObject({ setup: '/s/a__b.sh' });
  });

  it('a JSON array file that does not parse is an error naming the file', async () => {
    const file = path.join(tmp, 'broken.json');
    await fs.writeFile(file, '[{"instance_id": "a__b-1",');
    const read = async () => {
      for await (const _ of readInstances(file)) void _;
    };
    await expect(read()).rejects.toThrow(/broken\.json.*not valid JSON/);
  });

  it("fills an image template with the instance's fields, mangled as asked", () => {
    const inst = { instance_id: 'Acme__Lib-12', repo: 'Acme/Lib', base_commit: 'abc1234', version: '2.0' } as never;
    expect(renderImage('reg/sweb.eval.x86_64.{instance_id}:latest', inst, { imageReplace: [['__', '_1776_']] })).toBe(
      'reg/sweb.eval.x86_64.acme_1776_lib-12:latest',
    );
    expect(renderImage('reg/{owner}/{name}:{version}', inst, { imageLowercase: false })).toBe('reg/Acme/Lib:2.0');
  });
});

describe('static import', () => {
  it('imports every good record and says why every skipped one was skipped', async () => {
    const out = path.join(tmp, 'static');
    const report = await importSwebench({ file: fx.jsonl, out, environment: { repos: fx.repos }, tests: {}, log: () => undefined });
    expect(report.errors.map((e) => e.where)).toHaveLength(4);
    expect(report.errors.find((e) => e.message.includes('nowhere/lib'))?.message).toContain('no clone of nowhere/lib');
    const python = [...fx.records.keys()].filter((id) => !id.includes('csvlite'));
    expect(report.tasksPerSkill.localization).toBe(python.length);
    // acme__tablefmt-5 has no FAIL_TO_PASS
    expect(report.tasksPerSkill.editing).toBe(python.length - 1);
    expect(report.tasksPerSkill.review ?? 0).toBe(0);
    const csv = report.instances.find((i) => i.instance === 'acme__csvlite-9')!;
    expect(csv.tasks).toEqual([]);
    expect(csv.skipped.every((s) => s.reason.includes('only Python repositories'))).toBe(true);
    expect(summarise(report).join('\n')).toMatch(new RegExp(`editing\\s+${python.length - 1}\\s+\\d+`));
  });

  it('with sandbox runs, still opens no sandbox for an instance whose test ids pytest cannot run', async () => {
    const inst = parseInstance(
      {
        instance_id: 'acme__django-1',
        repo: 'acme/django',
        base_commit: 'abc1234',
        patch: 'diff --git a/app/x.py b/app/x.py\n--- a/app/x.py\n+++ b/app/x.py\n@@ -1 +1 @@\n-a\n+b\n',
        test_patch: 'diff --git a/tests/t.py b/tests/t.py\n--- a/tests/t.py\n+++ b/tests/t.py\n@@ -1 +1 @@\n-a\n+b\n',
        problem_statement: 'x',
        FAIL_TO_PASS: '["test_x (app.tests.XTests)"]',
      },
      'line 1',
    );
    const env = { kind: 'git' as const, repo: 'acme/django', commit: 'abc1234', source: tmp, python_path: true as const };
    const backend = {
      name: 'docker' as const,
      create: () => Promise.reject(new Error('no sandbox should be made')),
      prune: () => Promise.resolve(0),
    };
    const run = { backend, image: 'unused', testTimeoutMs: 1000, log: () => undefined };
    const { derived } = await deriveBug(bugOf(inst, inst.instance_id, env, {}), { skills: [...SKILLS], run });
    const skipped = derived.filter(isSkipped);
    expect(derived.filter((d) => !isSkipped(d)).map((d) => d.id)).toEqual(['loc-acme__django-1']);
    expect(skipped).toHaveLength(5);
    for (const s of skipped) expect(s.reason).toMatch(/"test_x \(app\.tests\.XTests\)" is not a pytest node id/);
  });

  it('writes tasks that load, and the same tasks again on a second import', async () => {
    const out = path.join(tmp, 'static');
    const loaded = await loadDataset(out);
    expect(loaded.problems.map((p) => p.message)).toEqual([]);
    const edit = loaded.tasks.find((t) => t.task.id === 'edit-acme__inikit-1')!;
    expect(edit.repoDir).toBeUndefined();
    expect(edit.task).toMatchObject({
      environment: {
        kind: 'git',
        repo: 'acme/inikit',
        commit: fx.records.get('acme__inikit-1')!.base_commit,
        source: '../../../../fx/repos/acme__inikit',
      },
      provenance: { source: 'swebench', instance: 'acme__inikit-1', repo: 'acme/inikit', extra: { difficulty: 'easy' } },
      test_command: 'python3 -m pytest -q tests/test_convert.py',
    });
    const loc = loaded.tasks.find((t) => t.task.id === 'loc-acme__inikit-1')!;
    expect((loc.task as unknown as { gold_files: string[] }).gold_files).toEqual(['src/inikit/values/convert.py']);
    const rate = loaded.tasks.find((t) => t.task.id === 'edit-acme__ratekeeper-7')!;
    expect(rate.task.test_command).toBe('python3 -m pytest -q -p no:cacheprovider tests/test_headers.py');
    const renamed = loaded.tasks.find((t) => t.task.id === 'edit-acme__inikit-3')!;
    expect((renamed.task as unknown as { test_files: string[] }).test_files).toEqual([
      'tests/test_interpolate.py',
      'tests/test_quote.py',
      'tests/test_quoting.py',
    ]);

    // The same file again: the same tasks, byte for byte.
    const before = new Map(loaded.tasks.map((t) => [t.task.id, t.contentHash]));
    await importSwebench({ file: fx.jsonl, out, environment: { repos: fx.repos }, tests: {}, log: () => undefined });
    const again = await loadDataset(out);
    expect(new Map(again.tasks.map((t) => [t.task.id, t.contentHash]))).toEqual(before);
  });
});
