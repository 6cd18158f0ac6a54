#!/usr/bin/env node
// bench/environment-start: a sandbox of a 10,000-file repository from its prepared environment
// image (built once per repo@commit) against a bare `docker run` of that same image, and against
// copying the tree in at start (a `repo` folder task), interleaved round by round. A start is
// ready-to-exec: the container runs and /testbed holds its one base commit. Prints the
// prepared-start ÷ bare `docker run` ratio LAST (the target is ≤ 1.2).
//
//   npm run build && node bench/environment-start.mjs        (ROUNDS=11 FILES=10000)
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fmt, imp, loadAvg, median, requireBuild, sandboxImage } from './lib.mjs';

requireBuild();
const ROUNDS = Number(process.env.ROUNDS ?? 11);
const FILES = Number(process.env.FILES ?? 10_000);
const image = await sandboxImage();
const { DockerBackend } = await imp('harness/sandbox/index.js');
const { specForEnvironment } = await imp('harness/environments/index.js');
const { exportTree } = await imp('harness/environments/tree.js');

// A repository of FILES small Python files in 100 packages, one commit.
const tmp = mkdtempSync(path.join(tmpdir(), 'as-bench-env-'));
const repo = path.join(tmp, 'acme__big');
for (let d = 0; d < 100; d++) {
  const dir = path.join(repo, 'src', `pkg${d}`);
  mkdirSync(dir, { recursive: true });
  for (let f = 0; f < FILES / 100; f++) writeFileSync(path.join(dir, `mod${f}.py`), `def f${f}(x):\n    return x + ${f}\n`);
}
const git = (...a) => execFileSync('git', ['-C', repo, '-c', 'user.name=b', '-c', 'user.email=b@b', ...a], { encoding: 'utf8' }).trim();
git('init', '-q');
git('add', '-A');
git('commit', '-q', '-m', 'files');
const commit = git('rev-parse', 'HEAD');

const env = { kind: 'git', repo: 'acme/big', commit, source: repo, python_path: true };
let t0 = performance.now();
const spec = await specForEnvironment(env, { name: 'bench', dir: tmp, cacheKey: 'bench' }, image, { log: () => undefined });
const prepareMs = performance.now() - t0;
const tree = await exportTree(repo, commit, 'acme/big');
process.stderr.write(
  `environment-start: ${ROUNDS} rounds, ${FILES} files, prepared ${spec.image} in ${fmt(prepareMs / 1000, 1)} s, load ${loadAvg()}\n`,
);

const docker = (...args) => execFileSync('docker', args, { encoding: 'utf8' }).trim();
const backend = new DockerBackend({ log: () => undefined });
const times = { bare: [], prepared: [], copy: [] };
const time = async (f) => {
  const t = performance.now();
  await f();
  return performance.now() - t;
};
for (let i = 0; i < ROUNDS; i++) {
  let c;
  // The floor: start a container of the prepared image, as `docker run` does (no network, init).
  times.bare.push(
    await time(async () => (c = docker('run', '-d', '--network', 'none', '--init', '--entrypoint', 'sleep', spec.image, 'infinity'))),
  );
  docker('rm', '-f', c);
  let sb;
  times.prepared.push(await time(async () => (sb = await backend.create(spec))));
  await sb.destroy();
  times.copy.push(await time(async () => (sb = await backend.create({ image, repoDir: tree }))));
  await sb.destroy();
}
rmSync(tmp, { recursive: true, force: true });
if (!process.env.KEEP_IMAGE) docker('rmi', spec.image); // made above; KEEP_IMAGE=1 keeps it for the next run
const m = (k) => median(times[k]);
console.log(`median ms over ${ROUNDS} rounds (load at end ${loadAvg()}):`);
console.log(`  bare docker run of the prepared image   ${fmt(m('bare'), 0).padStart(7)}`);
console.log(`  sandbox from the prepared image         ${fmt(m('prepared'), 0).padStart(7)}`);
console.log(
  `  sandbox copying the tree in at start    ${fmt(m('copy'), 0).padStart(7)}   (${fmt(m('copy') / m('prepared'), 1)}× the prepared start)`,
);
console.log(`prepared sandbox start ÷ bare docker run: ${fmt(m('prepared') / m('bare'))}`);
