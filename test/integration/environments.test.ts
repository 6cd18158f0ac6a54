// The environment layer against real Docker: a repository at a commit from a local clone (with
// a setup script, the offline python path, a base_patch and a symlink) and a prebuilt image
// with its own history both become prepared images whose sandboxes start with /testbed at ONE
// commit and nothing copied. Fails, never skips, when CI=true and no daemon answers.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxSpecFor } from '../../harness/environments/index.js';
import { ENV_IMAGE_REPO } from '../../harness/environments/prepare.js';
import { ensureImage } from '../../harness/images/build.js';
import { DockerBackend, dockerClient } from '../../harness/sandbox/docker.js';
import type { Sandbox } from '../../harness/core/sandbox.js';
import { loadTask } from '../../harness/tasks/load.js';
import { requireDockerOrSkip } from '../helpers/docker.js';
import { commitAll, git, initRepo } from '../helpers/git-fixtures.js';

const dockerUp = await requireDockerOrSkip();
const SAMPLE = path.resolve(__dirname, '../../datasets/sample/repos/tablefmt');

describe.skipIf(!dockerUp)('environments in real Docker', () => {
  const backend = new DockerBackend({ log: () => undefined });
  const docker = dockerClient();
  const made = new Set<string>();
  let tmp: string;
  let image: string;
  let clone: string;
  let first: string;
  let second: string;

  beforeAll(async () => {
    image = await ensureImage();
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'as-env-'));
    clone = path.join(tmp, 'repos', 'acme__tablefmt');
    first = await initRepo(clone, SAMPLE);
    await fs.mkdir(path.join(clone, 'docs'));
    await fs.symlink('../src/tablefmt/align.py', path.join(clone, 'docs', 'align.py'));
    await fs.appendFile(path.join(clone, 'README.md'), '\nSecond commit.\n');
    second = await commitAll(clone, 'add a symlink');
  });
  afterAll(async () => {
    for (const tag of made)
      await docker
        .getImage(tag)
        .remove({ force: true })
        .catch(() => undefined);
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });

  async function task(name: string, environment: string, extra = ''): Promise<string> {
    const dir = path.join(tmp, 'tasks', 'review', name);
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'candidate.patch'), '');
    await fs.writeFile(
      path.join(dir, 'task.yaml'),
      `id: ${name}\nskill: review\nlanguage: python\nproblem_statement: x\ntest_framework: pytest\ntest_command: python3 -m pytest -q\n` +
        `candidate_patch: candidate.patch\nlabel: approve\nenvironment:\n${environment}${extra}`,
    );
    return dir;
  }

  async function start(dir: string): Promise<Sandbox> {
    const spec = await sandboxSpecFor(await loadTask(dir), image, { log: () => undefined });
    expect(spec.prepared).toBe(true);
    expect(spec.repoDir).toBeUndefined();
    made.add(spec.image);
    return backend.create(spec);
  }

  const sh = async (sb: Sandbox, cmd: string) => {
    const r = await sb.exec(cmd);
    expect(r.exitCode, r.stderr).toBe(0);
    return r.stdout.trim();
  };

  it('builds a repo@commit once: one commit, symlinks kept, importable offline, setup and base_patch applied', async () => {
    const dir = await task(
      'env-git',
      `  kind: git\n  repo: acme/tablefmt\n  commit: ${second.slice(0, 10)}\n  source: ../../../repos/acme__tablefmt\n  setup: setup.sh\n`,
      'base_patch: bug.patch\n',
    );
    await fs.writeFile(path.join(dir, 'setup.sh'), 'set -e\ntest -f pyproject.toml\necho configured > /opt/as-setup-marker\n');
    const [l1, l2, l3] = (await fs.readFile(path.join(SAMPLE, 'README.md'), 'utf8')).split('\n');
    await fs.writeFile(
      path.join(dir, 'bug.patch'),
      `diff --git a/README.md b/README.md\n--- a/README.md\n+++ b/README.md\n@@ -1,3 +1,4 @@\n ${l1}\n+Injected line.\n ${l2}\n ${l3}\n`,
    );
    const sb = await start(dir);
    try {
      expect(await sh(sb, 'git log --oneline | wc -l')).toBe('1');
      expect(await sh(sb, 'readlink docs/align.py')).toBe('../src/tablefmt/align.py');
      expect(await sh(sb, 'sed -n 2p README.md')).toBe('Injected line.');
      expect(await sh(sb, 'cat /opt/as-setup-marker')).toBe('configured');
      expect(
        await sh(sb, 'cd /tmp && python3 -c "import tablefmt, importlib.metadata as m; print(tablefmt.__file__, m.version(\'tablefmt\'))"'),
      ).toBe('/testbed/src/tablefmt/__init__.py 0.5.1');
      expect(await sh(sb, 'stat -c %U README.md .git')).toBe('agent\nagent');
      expect(await sb.diff()).toBe('');
      await sh(sb, 'echo more >> README.md');
      expect(await sb.diff()).toContain('+more');
      expect(await sh(sb, 'python3 -m pytest -q -p no:cacheprovider tests 2>&1 | tail -1')).toMatch(/passed/);
    } finally {
      await sb.destroy();
    }
    // The second sandbox reuses the image: same tag, found without a build.
    const again = await sandboxSpecFor(await loadTask(dir), image, { log: (l) => expect(l).not.toMatch(/preparing/) });
    expect(made.has(again.image)).toBe(true);
    expect(again.image.startsWith(`${ENV_IMAGE_REPO}:acme__tablefmt-`)).toBe(true);
  });

  it('exports another commit of the same clone as its own image, sharing the repository-wide setup layer', async () => {
    const envSetup = path.join(tmp, 'acme__tablefmt.env.sh');
    await fs.writeFile(envSetup, 'set -e\ntest ! -e /testbed/pyproject.toml\necho shared > /opt/as-env-marker\n');
    const images: string[] = [];
    for (const [name, commit] of [
      ['env-git-first', first],
      ['env-git-second', second],
    ]) {
      const dir = await task(
        name,
        `  kind: git\n  repo: acme/tablefmt\n  commit: ${commit}\n  source: ${clone}\n  env_setup: ${envSetup}\n`,
      );
      const sb = await start(dir);
      try {
        expect(await sh(sb, 'test -e docs/align.py && echo yes || echo no')).toBe(commit === first ? 'no' : 'yes');
        expect(await sh(sb, 'cat /opt/as-env-marker')).toBe('shared');
      } finally {
        await sb.destroy();
      }
      images.push((await sandboxSpecFor(await loadTask(dir), image, { log: () => undefined })).image);
    }
    expect(images[0]).not.toBe(images[1]);
    // The layer that ran the repository-wide setup is the same in both images.
    const setupLayer = async (tag: string) =>
      (await docker.getImage(tag).history()).find((h: { CreatedBy: string }) => /as-env-setup\.sh &&/.test(h.CreatedBy))?.Id;
    const [a, b] = await Promise.all(images.map(setupLayer));
    expect(a).toBeDefined();
    expect(a).toBe(b);
  });

  it('names a commit the clone does not have', async () => {
    const dir = await task('env-git-missing', `  kind: git\n  repo: acme/tablefmt\n  commit: ${'f'.repeat(40)}\n  source: ${clone}\n`);
    await expect(sandboxSpecFor(await loadTask(dir), image, { log: () => undefined })).rejects.toThrow(/commit f{40} is not in/);
  });

  it('prepares a prebuilt image whose /testbed has a history: the sandbox sees one commit', async () => {
    // A stand-in for a SWE-bench instance image: /testbed is a clone with two commits.
    const prebuilt = `atomic-skills-test/prebuilt:${process.pid}`;
    const { packDir } = await import('../../harness/sandbox/tar.js');
    const context = packDir(clone, 'testbed', { uid: 0, gid: 0 }, [
      { name: 'Dockerfile', data: `FROM ${image}\nUSER root\nCOPY testbed /testbed\nCOPY dotgit /testbed/.git\nWORKDIR /testbed\n` },
    ]);
    // The clone's .git is left out by packDir: send it under another name.
    const ctxDir = path.join(tmp, 'ctx');
    await fs.cp(path.join(clone, '.git'), path.join(ctxDir, 'dotgit'), { recursive: true });
    const withGit = packDir(ctxDir, '', { uid: 0, gid: 0 });
    const tar = await import('tar-stream');
    const merged = tar.pack();
    for (const source of [context, withGit]) {
      const extract = tar.extract();
      source.pipe(extract);
      for await (const entry of extract) {
        const chunks: Buffer[] = [];
        for await (const c of entry) chunks.push(c as Buffer);
        if (entry.header.name) merged.entry(entry.header, Buffer.concat(chunks));
      }
    }
    merged.finalize();
    const stream = await docker.buildImage(merged as unknown as NodeJS.ReadableStream, { t: prebuilt, networkmode: 'none' });
    await new Promise((resolve, reject) => docker.modem.followProgress(stream, (e: Error | null) => (e ? reject(e) : resolve(null))));
    made.add(prebuilt);
    const dir = await task('env-image', `  kind: image\n  image: ${prebuilt}\n  pull: never\n`);
    const sb = await start(dir);
    try {
      expect(await sh(sb, 'git log --oneline | wc -l')).toBe('1');
      expect(await sh(sb, 'readlink docs/align.py')).toBe('../src/tablefmt/align.py');
      expect(await sb.diff()).toBe('');
    } finally {
      await sb.destroy();
    }
    expect(await git(clone, 'rev-list', '--count', 'HEAD')).toBe('2');
  });

  it('refuses an image that is missing when pulling is not allowed', async () => {
    const dir = await task('env-image-missing', '  kind: image\n  image: atomic-skills-test/not-here:never\n  pull: never\n');
    await expect(sandboxSpecFor(await loadTask(dir), image, { log: () => undefined })).rejects.toThrow(/is not on this machine/);
  });
});
