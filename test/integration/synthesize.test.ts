// `synthesize` on real Docker with the bundled libraries: every skill gets tasks that load and
// validate (oracle 1, noop 0), and the same repository, commit and seed give the same bytes.
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
import { requireDockerOrSkip } from '../helpers/docker.js';

const REPOS = path.resolve('datasets/sample/repos');
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
    const repo = path.join(tmp, 'tablefmt-git');
    await fs.cp(path.join(REPOS, 'tablefmt'), repo, { recursive: true });
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo })
        .toString()
        .trim();
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'first');
    const first = git('rev-parse', 'HEAD');
    await fs.appendFile(path.join(repo, 'tests/test_width.py'), '\n\ndef test_broken_later():\n    assert False\n');
    git('commit', '-qam', 'second');
    const opts = (out: string) =>
      options(repo, out, { commit: first, skills: ['localization', 'review', 'reproduction'], name: 'tablefmt' });
    await synthesize(opts(path.join(tmp, 'a')));
    await synthesize(opts(path.join(tmp, 'b')));
    const [a, b] = [await tree(path.join(tmp, 'a')), await tree(path.join(tmp, 'b'))];
    expect(Object.keys(a).filter((f) => f.startsWith('tasks/')).length).toBeGreaterThan(4);
    expect(b).toEqual(a);
    expect(JSON.parse(a['synthesis.json']).commit).toBe(first);
    expect(a['repos/tablefmt/tests/test_width.py']).not.toContain('test_broken_later');
  }, 3_600_000);
});
