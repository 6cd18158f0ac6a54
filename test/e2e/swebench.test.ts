// SWE-bench-format instances through the CLI, as a new user runs them, on real Docker: import
// from local clones (tests run to calibrate and derive), validate (oracle 1 / noop 0; a broken
// instance imported as given, and one whose environment cannot be built, are quarantined with
// their reasons), run (quarantined tasks left out and counted), and the prebuilt-image-per-instance
// mode with SWE-bench's name mangling.
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { ensureImage } from '../../harness/images/build.js';
import { dockerClient } from '../../harness/sandbox/docker.js';
import { requireDockerOrSkip } from '../helpers/docker.js';
import { buildPrebuiltImage, makeSwebenchFixtures, swebenchImageName, type SwebenchFixtures } from '../helpers/swebench-fixtures.js';

const bin = path.resolve('bin/atomic-skills.js');
const hasDocker = await requireDockerOrSkip();

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 1_500_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!hasDocker)('import swebench → validate → run', () => {
  let tmp: string;
  let fx: SwebenchFixtures;
  let image: string;
  const docker = dockerClient();
  const prebuilt = new Set<string>();

  beforeAll(async () => {
    image = await ensureImage();
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'as-e2e-swebench-'));
    fx = await makeSwebenchFixtures(path.join(tmp, 'fx'));
  });
  afterAll(async () => {
    for (const tag of prebuilt)
      await docker
        .getImage(tag)
        .remove({ force: true })
        .catch(() => undefined);
    // The environments made on top of those images go with them. Those of the local clones stay:
    // their tags are content keys, the same for every run of these fixed fixtures, so the next run
    // — or another test file using them at this moment — reuses them (`environments prune`).
    for (const img of await docker.listImages({ filters: { reference: ['atomic-skills/env'] } })) {
      for (const tag of img.RepoTags ?? []) {
        if (/sweb\.eval/.test(tag))
          await docker
            .getImage(tag)
            .remove({ force: true })
            .catch(() => undefined);
      }
    }
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });

  it('imports from local clones, validates, quarantines the broken instance, and runs the rest', { timeout: 1_800_000 }, async () => {
    const out = path.join(tmp, 'dataset');
    const imp = cli(['import', 'swebench', fx.jsonl, '--out', out, '--repos', fx.repos, '--filter', '{acme__inikit-1,acme__datewise-6}']);
    expect(imp.status, imp.stderr).toBe(0);
    expect(imp.stdout).toMatch(/rejected line \d+: not valid JSON/);
    expect(imp.stdout).toMatch(/editing\s+2\s+0/);
    // The broken instance, with its lists kept as given: validate must catch it.
    const broken = cli([
      'import',
      'swebench',
      fx.jsonl,
      '--out',
      out,
      '--repos',
      fx.repos,
      '--filter',
      'acme__ratekeeper-8',
      '--no-calibrate',
    ]);
    expect(broken.status, broken.stderr).toBe(0);
    // An instance whose environment cannot be built (its base commit is not in the clone): with
    // test runs, every task is skipped with that reason; imported statically, validate
    // quarantines its tasks with it.
    const lost = { ...fx.records.get('acme__inikit-2')!, instance_id: 'acme__inikit-20', base_commit: 'f'.repeat(40) };
    const lostFile = path.join(tmp, 'lost.jsonl');
    await fs.writeFile(lostFile, JSON.stringify(lost) + '\n');
    const lostRun = cli(['import', 'swebench', lostFile, '--out', path.join(tmp, 'lost'), '--repos', fx.repos]);
    expect(lostRun.status, lostRun.stderr).toBe(0);
    // one summary line per skill (review counts its two tasks)
    expect(lostRun.stdout.match(/× \S+: the environment could not be prepared: .*commit f{40} is not in/g)).toHaveLength(5);
    expect(lostRun.stdout).toMatch(/localization\s+0\s+1\n/);
    const lostStatic = cli(['import', 'swebench', lostFile, '--out', out, '--repos', fx.repos, '--no-run']);
    expect(lostStatic.status, lostStatic.stderr).toBe(0);

    const list = cli(['tasks', 'list', '--dataset', out]);
    expect(list.stdout).toMatch(/^17 tasks$/m);

    const v = cli(['validate', '--dataset', out, '--concurrency', '2']);
    expect(v.status, v.stdout + v.stderr).toBe(1);
    expect(v.stdout).toMatch(/17 tasks across 5 skills: 13 valid, 4 invalid, 0 flaky/);
    const q: Array<{ id: string; reason: string }> = YAML.parse(await fs.readFile(path.join(out, 'quarantine.yaml'), 'utf8'));
    expect(q.map((e) => e.id).sort()).toEqual([
      'edit-acme__inikit-20',
      'edit-acme__ratekeeper-8',
      'loc-acme__inikit-20',
      'repro-acme__inikit-20',
    ]);
    for (const e of q.filter((x) => x.id.includes('inikit-20'))) expect(e.reason).toMatch(/commit f{40} is not in/);
    expect(q.find((e) => e.id === 'edit-acme__ratekeeper-8')!.reason).toMatch(
      /tests\/test_headers\.py::test_(does_not_exist|not_fixed_by_the_patch)/,
    );

    const run = cli(['run', '--dataset', out, '--model', 'oracle', '--out', path.join(tmp, 'runs')]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('4 quarantined task(s) left out');
    const runDir = run.stdout.trim().split('\n').pop()!;
    const results = (await fs.readFile(path.join(runDir, 'results.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(results).toHaveLength(13);
    expect(results.every((r) => r.score === 1)).toBe(true);
    expect(new Set(results.map((r) => r.provenance?.instance))).toEqual(
      new Set(['acme__inikit-1', 'acme__datewise-6', 'acme__ratekeeper-8']),
    );
  });

  it('uses a prebuilt image per instance, named by a template with SWE-bench mangling', { timeout: 1_200_000 }, async () => {
    const id = 'acme__ratekeeper-7';
    const tag = swebenchImageName('atomic-skills-fixture/sweb.eval', id);
    expect(tag).toBe('atomic-skills-fixture/sweb.eval.acme_1776_ratekeeper-7:v1');
    await buildPrebuiltImage(docker, fx, id, image, tag);
    prebuilt.add(tag);
    const out = path.join(tmp, 'prebuilt');
    const imp = cli([
      'import',
      'swebench',
      fx.json,
      '--out',
      out,
      '--filter',
      id,
      '--image-template',
      'atomic-skills-fixture/sweb.eval.{instance_id}:v1',
      '--image-replace',
      '__=_1776_',
      '--image-pull',
      'never',
      '--test-env',
      'PYTHONPATH=src',
      '--skills',
      'editing,reproduction,localization',
    ]);
    expect(imp.status, imp.stderr).toBe(0);
    const task = YAML.parse(await fs.readFile(path.join(out, 'tasks/editing/edit-acme__ratekeeper-7/task.yaml'), 'utf8'));
    expect(task.environment).toEqual({ kind: 'image', image: tag, pull: 'never' });
    expect(task.test_env).toEqual({ PYTHONPATH: 'src' });
    const v = cli(['validate', '--dataset', out]);
    expect(v.status, v.stdout + v.stderr).toBe(0);
    expect(v.stdout).toMatch(/3 tasks across 3 skills: 3 valid/);
  });
});
