// `synthesize` on real Docker with the bundled libraries: every skill gets tasks that load and
// validate (oracle 1, noop 0), and the same repository, commit and seed give the same bytes.
// Then on layouts unlike the samples (test/fixtures/synth: a src/-layout package that needs an
// install, an ES-module package with its own test script), as git repositories with history,
// and on repositories whose suite does not pass or cannot run: a clear error, nothing left.
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNTH_SKILLS as SKILLS } from '../../harness/sources/synth/drafts.js';
import { validateDataset } from '../../harness/runner/validate.js';
import { synthesize, type SynthesizeOptions } from '../../harness/sources/synth/index.js';
import { loadDataset } from '../../harness/tasks/load.js';
import { listFiles } from '../../harness/core/files.js';
import { InputError } from '../../harness/core/errors.js';
import { requireDockerOrSkip } from '../helpers/docker.js';

const REPOS = path.resolve('datasets/sample/repos');
const OUTSIDE = path.resolve('test/fixtures/synth');
const hasDocker = await requireDockerOrSkip();
let tmp: string;

function options(repo: string, out: string, extra: Partial<SynthesizeOptions> = {}): SynthesizeOptions {
  return {
    repo,
    out,
    skills: [...SKILLS],
    maxTasks: 2,
    seed: 5,
    sandbox: 'docker',
    sandboxes: 2,
    maxFailShare: 0.5,
    compositeShare: 0.5,
    surveyTimeoutSeconds: 900,
    log: () => undefined,
    ...extra,
  };
}

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo })
    .toString()
    .trim();
}

/** A library copied to a git repository: the library, then a later commit that breaks a test. */
async function repoWithHistory(source: string, breakFile: string, breakLine: string): Promise<{ repo: string; first: string }> {
  const repo = path.join(tmp, `${path.basename(source)}-git`);
  await fs.cp(source, repo, { recursive: true });
  git(repo, 'init', '-q');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'first');
  const first = git(repo, 'rev-parse', 'HEAD');
  await fs.appendFile(path.join(repo, breakFile), breakLine);
  git(repo, 'commit', '-qam', 'second');
  return { repo, first };
}

async function tree(dir: string): Promise<Record<string, string>> {
  const files = await listFiles(dir);
  return Object.fromEntries(await Promise.all(files.map(async (f) => [f, await fs.readFile(path.join(dir, f), 'utf8')] as const)));
}

describe.skipIf(!hasDocker)('synthesize on the sample libraries', () => {
  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'as-synth-'));
  });
  afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

  for (const name of ['datewise', 'csvlite']) {
    it(`${name}: tasks for every skill that load and validate`, async () => {
      const out = path.join(tmp, name);
      const summary = await synthesize(options(path.join(REPOS, name), out));
      for (const skill of SKILLS) expect(summary.counts[skill], skill).toBeGreaterThan(0);
      expect(summary.counts.review % 2).toBe(0);
      expect(summary.bugs.composites).toBeGreaterThan(0);

      const { tasks } = await loadDataset(out);
      expect(tasks).toHaveLength(Object.values(summary.counts).reduce((a, b) => a + b, 0));
      const prov = (t: (typeof tasks)[number]) => (t.task as { provenance?: Record<string, unknown> }).provenance!;
      for (const t of tasks) {
        expect(prov(t)).toMatchObject({ source: 'synthetic', repo: name, seed: 5 });
        expect(typeof prov(t).instance).toBe('string');
        expect(typeof prov(t).operator).toBe('string');
      }
      const reviews = tasks.filter((t) => t.task.skill === 'review').map((t) => (t.task as unknown as { label: string }).label);
      expect(reviews.filter((l) => l === 'reject')).toHaveLength(reviews.length / 2);
      // A localization task shares its bug (instance) with the editing task of the same bug.
      const loc = tasks.find((t) => t.task.skill === 'localization')!;
      const edit = tasks.find((t) => t.task.id === loc.task.id.replace(/^loc-/, 'edit-'));
      if (edit) expect(prov(edit).instance).toBe(prov(loc).instance);

      const results = await validateDataset({ dataset: out, repeat: 1, concurrency: 2, sandbox: 'docker', log: () => undefined });
      expect(results.filter((r) => r.verdict !== 'valid')).toEqual([]);
    }, 3_600_000);
  }

  it('gives byte-identical datasets for the same repository, commit and seed', async () => {
    // A git history: the library, then a later commit that breaks a test; synthesis at the first commit.
    const { repo, first } = await repoWithHistory(
      path.join(REPOS, 'tablefmt'),
      'tests/test_width.py',
      '\n\ndef test_broken_later():\n    assert False\n',
    );
    const opts = (out: string) =>
      options(repo, out, { commit: first, skills: ['localization', 'review', 'reproduction'], name: 'tablefmt' });
    await synthesize(opts(path.join(tmp, 'a')));
    await synthesize(opts(path.join(tmp, 'elsewhere/b')));
    const [a, b] = [await tree(path.join(tmp, 'a')), await tree(path.join(tmp, 'elsewhere/b'))];
    expect(Object.keys(a).filter((f) => f.startsWith('tasks/')).length).toBeGreaterThan(4);
    expect(b).toEqual(a);
    expect(JSON.parse(a['synthesis.json']).commit).toBe(first);
    expect(a['repos/tablefmt/tests/test_width.py']).not.toContain('test_broken_later');
  }, 3_600_000);
});

describe.skipIf(!hasDocker)('synthesize on layouts unlike the samples', () => {
  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'as-synth-outside-'));
  });
  afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

  const cases = [
    // src/ layout, version from installed metadata and a generated file, pytest-cov options, tests in nested folders
    {
      name: 'unitconv',
      breakFile: 'tests/unit/test_ranges.py',
      breakLine: '\n\ndef test_broken_later():\n    assert False\n',
      flaky: /test_fails_every_second_run/,
    },
    // ES modules, `node --test test/` from package.json, tests in test/ and test/unit/, a shared helper
    {
      name: 'strkit',
      breakFile: 'test/slug.test.js',
      breakLine: "\ntest('broken later', () => { throw new Error('x'); });\n",
      flaky: /timing\.test\.js/,
    },
  ];
  for (const c of cases) {
    it(`${c.name}: a git repository at an older commit becomes tasks for every skill that validate`, async () => {
      const { repo, first } = await repoWithHistory(path.join(OUTSIDE, c.name), c.breakFile, c.breakLine);
      const out = path.join(tmp, `${c.name}-out`);
      const summary = await synthesize(options(repo, out, { commit: first, name: c.name, seed: 2 }));
      for (const skill of SKILLS) expect(summary.counts[skill], skill).toBeGreaterThan(0);
      const record = JSON.parse(await fs.readFile(path.join(out, 'synthesis.json'), 'utf8'));
      expect(record.commit).toBe(first);
      expect(record.tests_left_out.some((id: string) => c.flaky.test(id))).toBe(true);

      const { tasks, problems } = await loadDataset(out);
      expect(problems).toEqual([]);
      for (const t of tasks) {
        const task = t.task as { environment?: { kind: string; python_path: boolean }; repo?: string; test_command: string };
        if (c.name === 'unitconv') expect(task.environment).toMatchObject({ kind: 'git', python_path: true });
        else expect(task.repo).toBe(`../../../repos/${c.name}`);
        if (task.test_command && c.name === 'strkit') expect(task.test_command).not.toContain('timing');
      }
      const results = await validateDataset({ dataset: out, repeat: 1, concurrency: 2, sandbox: 'docker', log: () => undefined });
      expect(results.filter((r) => r.verdict !== 'valid')).toEqual([]);
    }, 3_600_000);
  }

  it('a suite that fails, or cannot run at all, is a clear error and leaves no folder', async () => {
    const failing = path.join(tmp, 'failing');
    await fs.cp(path.join(REPOS, 'tablefmt'), failing, { recursive: true });
    for (const f of await fs.readdir(path.join(failing, 'tests')))
      if (f.startsWith('test_')) await fs.appendFile(path.join(failing, 'tests', f), '\n\nraise RuntimeError("broken suite")\n');
    const jest = path.join(tmp, 'jest-only');
    await fs.cp(path.join(OUTSIDE, 'strkit'), jest, { recursive: true });
    await fs.writeFile(path.join(jest, 'package.json'), JSON.stringify({ type: 'module', scripts: { test: 'jest' } }));
    for (const f of ['test/slug.test.js', 'test/unit/pad.test.js'])
      await fs.writeFile(
        path.join(jest, f),
        "import { slugify } from '../src/index.js';\ndescribe('x', () => { it('y', () => expect(1).toBe(1)); });\n",
      );
    await fs.rm(path.join(jest, 'test/unit/case.test.js'));
    await fs.rm(path.join(jest, 'test/unit/wrap.test.js'));
    await fs.rm(path.join(jest, 'test/timing.test.js'));
    for (const [repo, message] of [
      [failing, /does not pass in the sandbox.*RuntimeError: broken suite/s],
      [jest, /does not pass in the sandbox/],
    ] as const) {
      const out = path.join(tmp, `${path.basename(repo)}-out`);
      const error = await synthesize(options(repo, out)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toMatch(message);
      await expect(fs.access(out)).rejects.toThrow();
    }
  }, 3_600_000);
});
