// Deriving the five skills by running tests in real Docker sandboxes of the fixture instances'
// environments: calibration keeps only the tests this environment can judge (and says why it
// dropped the others), review gets a candidate proven wrong by a failing FAIL_TO_PASS test, test
// generation gets mutants the gold tests kill; every task derived validates (oracle 1, noop 0).
// Fails, never skips, when CI=true and no daemon.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { ensureImage } from '../../harness/images/build.js';
import { DockerBackend } from '../../harness/sandbox/docker.js';
import { TrackingBackend } from '../../harness/runner/tracking-backend.js';
import { importSwebench, type ImportReport } from '../../harness/sources/swebench/import.js';
import { validateDataset } from '../../harness/runner/validate.js';
import { requireDockerOrSkip } from '../helpers/docker.js';
import { makeSwebenchFixtures, type SwebenchFixtures } from '../helpers/swebench-fixtures.js';

const dockerUp = await requireDockerOrSkip();

describe.skipIf(!dockerUp)('deriving by running tests', () => {
  let tmp: string;
  let fx: SwebenchFixtures;
  let report: ImportReport;
  let out: string;
  const backend = new TrackingBackend(new DockerBackend({ log: () => undefined }), {
    'io.atomic-skills.run': `test-import-${process.pid}`,
  });

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'as-derive-'));
    fx = await makeSwebenchFixtures(path.join(tmp, 'fx'));
    const image = await ensureImage();
    out = path.join(tmp, 'out');
    report = await importSwebench({
      file: fx.jsonl,
      out,
      environment: { repos: fx.repos },
      tests: {},
      run: { backend, image, testTimeoutMs: 120_000, log: () => undefined },
      concurrency: 2,
      log: (l) => process.stderr.write(`${l}\n`),
    });
  });
  afterAll(async () => {
    await backend.destroyAll();
    // The environment images stay: their tags are content keys, the same for every run of these
    // fixed fixtures, so the next run — or another test file using them now — reuses them.
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });

  const tasksOf = (id: string) => report.instances.find((i) => i.instance === id)!;
  const reasons = (id: string) => Object.fromEntries(tasksOf(id).skipped.map((s) => [s.id, s.reason]));
  const yamlOf = async (skill: string, id: string) =>
    YAML.parse(await fs.readFile(path.join(out, 'tasks', skill, id, 'task.yaml'), 'utf8'));

  it('derives each skill where its rule allows, and says why not elsewhere', () => {
    const derived = Object.fromEntries(report.instances.map((i) => [i.instance, i.tasks.map((t) => t.id).sort()]));
    const all = (id: string) =>
      [`edit-${id}`, `loc-${id}`, `repro-${id}`, `review-${id}-approve`, `review-${id}-reject`, `testgen-${id}`].sort();
    expect(derived['acme__inikit-1']).toEqual(all('acme__inikit-1'));
    expect(derived['acme__datewise-6']).toEqual(all('acme__datewise-6'));
    expect(derived['acme__tablefmt-4']).toEqual(all('acme__tablefmt-4'));
    for (const id of ['acme__inikit-2', 'acme__inikit-3']) expect(derived[id]).toEqual([`edit-${id}`, `loc-${id}`, `repro-${id}`]);
    expect(derived['acme__tablefmt-5']).toEqual(['loc-acme__tablefmt-5']);
    expect(derived['acme__ratekeeper-8']).toEqual(['loc-acme__ratekeeper-8']);
    expect(derived['acme__csvlite-9']).toEqual([]);
    // unittest classes, a two-file fix, nested classes with doc files in the fix
    for (const id of ['acme__limits-10', 'acme__limits-11', 'acme__limits-12']) expect(derived[id]).toEqual(all(id));
    // the test patch imports what the fix adds: its tests break on the base instead of failing
    expect(derived['acme__limits-13']).toEqual(expect.arrayContaining([`edit-acme__limits-13`, `loc-acme__limits-13`]));
    expect(derived['acme__limits-13']).not.toContain('repro-acme__limits-13');
    expect(reasons('acme__limits-13')['repro-acme__limits-13']).toMatch(/do not load on the base/);
    expect(reasons('acme__inikit-2')['review-acme__inikit-2-reject']).toMatch(/no wrong candidate can be made/);
    expect(reasons('acme__inikit-2')['testgen-acme__inikit-2']).toMatch(/changes no function in src\/inikit\/values\/convert\.py/);
    expect(reasons('acme__tablefmt-5')['edit-acme__tablefmt-5']).toMatch(/no FAIL_TO_PASS test/);
  });

  it('calibrates: ids as the dataset spells them are matched, broken ones dropped with the reason', async () => {
    // truncated, escaped, "::" inside brackets, class-based and inherited ids all match
    expect(tasksOf('acme__inikit-1').dropped).toBeUndefined();
    expect(tasksOf('acme__inikit-2').dropped).toBeUndefined();
    // an id of a file the test patch deletes: dropped, the rest still run
    expect(tasksOf('acme__inikit-3').dropped).toEqual([
      {
        id: 'tests/test_interpolate.py::test_reference_to_default',
        list: 'PASS_TO_PASS',
        reason: 'not reported by pytest in this environment',
      },
    ]);
    expect(tasksOf('acme__ratekeeper-8').dropped).toEqual([
      { id: 'tests/test_headers.py::test_does_not_exist', list: 'FAIL_TO_PASS', reason: 'not reported by pytest in this environment' },
      { id: 'tests/test_headers.py::test_not_fixed_by_the_patch', list: 'FAIL_TO_PASS', reason: 'failed with the fix in this environment' },
    ]);
    // unittest methods, parametrised fixture × ids holding "-" and "/", nested classes
    for (const id of ['acme__limits-10', 'acme__limits-11', 'acme__limits-12', 'acme__limits-13'])
      expect(tasksOf(id).dropped).toBeUndefined();
    expect((await yamlOf('editing', 'edit-acme__limits-11')).pass_to_pass).toContain(
      'tests/test_cost.py::test_non_positive_cost_is_refused[window-minus/one]',
    );
    // pytest.raises' "DID NOT RAISE" is an assertion, not an exception the issue raises
    expect((await yamlOf('reproduction', 'repro-acme__limits-11')).expected_exception).toBeUndefined();
    const edit = await yamlOf('editing', 'edit-acme__inikit-1');
    expect(edit.fail_to_pass).toHaveLength(5);
    // a test deselected by the repo's addopts is not a failing test of the test patch
    expect((await yamlOf('reproduction', 'repro-acme__tablefmt-4')).suite_tests).toBeDefined();
  });

  it('writes the reference material each rule names', async () => {
    const loc = await yamlOf('localization', 'loc-acme__tablefmt-4');
    expect(loc.gold_files).toEqual(['src/tablefmt/width.py']);
    expect(loc.gold_functions).toEqual(['src/tablefmt/width.py::char_width']);
    // doc files of the fix are not localization gold
    expect((await yamlOf('localization', 'loc-acme__limits-12')).gold_files).toEqual(['ratekeeper/algorithms/sliding_log.py']);
    const repro = await yamlOf('reproduction', 'repro-acme__inikit-3');
    expect(repro.expected_exception).toEqual(['ParseError']);
    const reject = await yamlOf('review', 'review-acme__inikit-1-reject');
    const dir = path.join(out, 'tasks', 'review');
    const candidate = await fs.readFile(path.join(dir, 'review-acme__inikit-1-reject', 'candidate.patch'), 'utf8');
    const approve = await fs.readFile(path.join(dir, 'review-acme__inikit-1-approve', 'candidate.patch'), 'utf8');
    expect(approve).toBe(fx.records.get('acme__inikit-1')!.patch);
    expect(candidate).not.toBe(approve);
    expect(reject.label).toBe('reject');
    expect(reject.defect_lines).toEqual([{ path: 'src/inikit/values/convert.py', line: expect.any(Number) }]);
    const tg = await yamlOf('test-generation', 'testgen-acme__datewise-6');
    expect(tg.target).toBe('src/datewise/duration/parse.py');
    expect(tg.mutants.length).toBeGreaterThanOrEqual(4);
    expect(tg.mutants.length).toBeLessThanOrEqual(16);
    expect(await fs.readFile(path.join(out, 'tasks', 'test-generation', 'testgen-acme__datewise-6', tg.base_patch), 'utf8')).toBe(
      fx.records.get('acme__datewise-6')!.patch,
    );
    expect(tg.provenance.mutants).toHaveLength(tg.mutants.length);
  });

  it('every task derived validates: the oracle scores 1 and noop 0', { timeout: 3_600_000 }, async () => {
    const results = await validateDataset({
      dataset: out,
      repeat: 1,
      concurrency: 2,
      sandbox: 'docker',
      quarantine: false,
      log: () => undefined,
    });
    const derived = report.instances.flatMap((i) => i.tasks.map((t) => t.id)).sort();
    expect(results.map((r) => r.id).sort()).toEqual(derived);
    const notValid = results
      .filter((r) => r.verdict !== 'valid')
      .map((r) => `${r.id}: ${r.verdict} ${r.reason ?? ''} ${r.problems.join('; ')}`);
    expect(notValid).toEqual([]);
  });
});
