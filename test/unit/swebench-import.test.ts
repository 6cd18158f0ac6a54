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
import { renderImage } from '../../harness/sources/swebench/bug.js';
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

  // Waits on the grading stream: `test_patch` (and gold_tests optional) in the editing and
  // reproduction schemas; flips to `it` when that lands.
  it.fails('writes tasks that load, and the same tasks again on a second import', async () => {
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
