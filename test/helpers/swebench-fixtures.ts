// Builds the SWE-bench-format fixtures (test/fixtures/swebench/specs.ts) at test time: git
// repositories with a history made from the sample libraries (a clone, or a bare mirror), the
// instances as JSON Lines and as a JSON array, and — for the prebuilt-image mode — one image per
// instance holding /testbed at its base commit with its history, as SWE-bench images do.
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { isTestPath } from '../../skills/shared/test-files.js';
import { INSTANCES, MALFORMED_LINES, REPOS, type Edit, type InstanceSpec } from '../fixtures/swebench/specs.js';
import { commitAll, git, gitRaw } from './git-fixtures.js';

const SAMPLES = path.resolve(__dirname, '../../datasets/sample/repos');

export interface SwebenchFixtures {
  root: string;
  /** Folder of clones / mirrors (owner__name[.git]). */
  repos: string;
  jsonl: string;
  json: string;
  /** The records written, by instance id. */
  records: Map<string, Record<string, unknown>>;
  /** Where each repository's history was built (a work tree at its last commit). */
  work: Map<string, string>;
}

async function applyEdit(dir: string, e: Edit): Promise<void> {
  const file = path.join(dir, e.file);
  if ('create' in e) {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, e.create);
  } else if ('append' in e) await fs.appendFile(file, e.append);
  else if ('remove' in e) await fs.rm(file);
  else if ('renameTo' in e) await git(dir, 'mv', e.file, e.renameTo);
  else {
    const text = await fs.readFile(file, 'utf8');
    if (!text.includes(e.replace[0])) throw new Error(`fixture edit: "${e.replace[0]}" not in ${e.file}`);
    await fs.writeFile(file, text.replace(e.replace[0], e.replace[1]));
  }
}

async function diff(dir: string, from: string, to: string, paths: string[]): Promise<string> {
  if (!paths.length) return '';
  return gitRaw(dir, 'diff', '-M', '--no-color', '--full-index', from, to, '--', ...paths);
}

/** The fix commit split the way SWE-bench does: source changes → patch, test changes → test_patch. */
async function splitPatches(dir: string, base: string, fix: string): Promise<{ patch: string; test_patch: string }> {
  const names = (await git(dir, 'diff', '-M', '--name-status', base, fix)).split('\n').filter(Boolean);
  const paths = names.flatMap((l) => l.split('\t').slice(1));
  const tests = [...new Set(paths.filter(isTestPath))];
  const source = [...new Set(paths.filter((p) => !isTestPath(p)))];
  return { patch: await diff(dir, base, fix, source), test_patch: await diff(dir, base, fix, tests) };
}

async function record(spec: InstanceSpec, dir: string): Promise<Record<string, unknown>> {
  for (const e of spec.bug) await applyEdit(dir, e);
  const base = await commitAll(dir, `introduce ${spec.instance_id}`);
  for (const e of [...spec.fix, ...spec.tests]) await applyEdit(dir, e);
  const fix = await commitAll(dir, `fix ${spec.instance_id}`);
  const { patch, test_patch } = await splitPatches(dir, base, fix);
  return {
    instance_id: spec.instance_id,
    repo: spec.repo,
    base_commit: base,
    patch,
    test_patch,
    problem_statement: spec.problem_statement,
    FAIL_TO_PASS: spec.FAIL_TO_PASS,
    PASS_TO_PASS: spec.PASS_TO_PASS,
    environment_setup_commit: base,
    ...(spec.extra ?? {}),
  };
}

export async function makeSwebenchFixtures(root: string): Promise<SwebenchFixtures> {
  const repos = path.join(root, 'repos');
  const workRoot = path.join(root, 'work');
  await fs.mkdir(repos, { recursive: true });
  const records = new Map<string, Record<string, unknown>>();
  const work = new Map<string, string>();
  for (const r of REPOS) {
    const slug = r.repo.replace('/', '__');
    const dir = path.join(workRoot, slug);
    await fs.cp(path.join(SAMPLES, r.sample), dir, { recursive: true });
    for (const e of r.setup ?? []) await applyEdit(dir, e);
    for (const [p, target] of r.symlinks ?? []) await fs.symlink(target, path.join(dir, p));
    await git(dir, 'init', '-q');
    await commitAll(dir, 'import');
    for (const spec of INSTANCES.filter((i) => i.repo === r.repo)) records.set(spec.instance_id, await record(spec, dir));
    work.set(r.repo, dir);
    if (r.bare) await git(root, 'clone', '-q', '--bare', dir, path.join(repos, `${slug}.git`));
    else await git(root, 'clone', '-q', dir, path.join(repos, slug));
  }
  const lines = [...records.values()].map((r) => JSON.stringify(r));
  // A record for a repository nobody cloned, then the malformed ones.
  const orphan = { ...records.get('acme__inikit-1')!, instance_id: 'nowhere__lib-1', repo: 'nowhere/lib' };
  const jsonl = path.join(root, 'instances.jsonl');
  await fs.writeFile(jsonl, [...lines, '', JSON.stringify(orphan), ...MALFORMED_LINES].join('\n') + '\n');
  const json = path.join(root, 'instances.json');
  await fs.writeFile(json, JSON.stringify([...records.values()], null, 1));
  return { root, repos, jsonl, json, records, work };
}

/** SWE-bench's image name for an instance: `__` in the id becomes `_1776_`, lowercase. */
export function swebenchImageName(prefix: string, instanceId: string): string {
  return `${prefix}.${instanceId.replace(/__/g, '_1776_')}:v1`.toLowerCase();
}

/** An image per instance with /testbed at its base commit, its git history included. */
export async function buildPrebuiltImage(docker: Docker, fx: SwebenchFixtures, id: string, from: string, tag: string): Promise<void> {
  const rec = fx.records.get(id)!;
  const stage = path.join(fx.root, 'stage', id);
  await git(fx.root, 'clone', '-q', fx.work.get(rec.repo as string)!, path.join(stage, 'testbed'));
  await git(path.join(stage, 'testbed'), 'checkout', '-q', rec.base_commit as string);
  await fs.rename(path.join(stage, 'testbed', '.git'), path.join(stage, 'dotgit'));
  await fs.writeFile(
    path.join(stage, 'Dockerfile'),
    `FROM ${from}\nUSER root\nCOPY testbed /testbed\nCOPY dotgit /testbed/.git\nWORKDIR /testbed\n`,
  );
  const tar = spawn('tar', ['-C', stage, '-cf', '-', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const stream = await docker.buildImage(tar.stdout, { t: tag, networkmode: 'none', rm: true } as Docker.ImageBuildOptions);
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(
      stream,
      (err: Error | null) => (err ? reject(err) : resolve()),
      (e: { error?: string }) => {
        if (e.error) reject(new Error(e.error));
      },
    ),
  );
}
