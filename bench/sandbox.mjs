#!/usr/bin/env node
// bench/sandbox: the sandbox layer's own costs against the docker CLI doing the same thing,
// interleaved round by round: create (container + repo copy + base commit) + destroy, and a
// trivial exec. With BASELINE_DIST=<another build's dist/> the same is measured for that
// build too (before/after of a sandbox change). Prints the create+destroy ratio LAST.
//
//   npm run build && node bench/sandbox.mjs          (ROUNDS=15 REPO=datasets/sample/repos/tablefmt)
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, fmt, imp, loadAvg, median, requireBuild, sandboxImage } from './lib.mjs';

requireBuild();
const ROUNDS = Number(process.env.ROUNDS ?? 15);
const REPO = path.resolve(ROOT, process.env.REPO ?? 'datasets/sample/repos/tablefmt');
const image = await sandboxImage();
const builds = [['current', (await imp('harness/sandbox/index.js')).DockerBackend]];
if (process.env.BASELINE_DIST) {
  builds.unshift([
    'baseline',
    (await import(path.join(path.resolve(process.env.BASELINE_DIST), 'harness/sandbox/index.js'))).DockerBackend,
  ]);
}
const docker = (...args) => execFileSync('docker', args, { encoding: 'utf8' }).trim();
const times = {};
const add = (k, ms) => (times[k] ??= []).push(ms);
const time = async (f) => {
  const t = performance.now();
  await f();
  return performance.now() - t;
};
process.stderr.write(`sandbox: ${ROUNDS} rounds, repo ${REPO}, load ${loadAvg()}\n`);
for (let i = 0; i < ROUNDS; i++) {
  // Floor: what any docker-based harness must do for a sandbox with the repo in it.
  let c;
  add(
    'cli create',
    await time(async () => {
      c = docker('run', '-d', '--network', 'none', '--init', '-u', '0', '--entrypoint', 'sleep', image, 'infinity');
      docker('cp', '-q', `${REPO}/.`, `${c}:/testbed`);
    }),
  );
  add('cli exec', await time(async () => docker('exec', c, 'true')));
  add('cli destroy', await time(async () => docker('rm', '-f', c)));
  for (const [name, Backend] of builds) {
    const b = new Backend({ log: () => undefined });
    let sb;
    add(`${name} create`, await time(async () => (sb = await b.create({ image, repoDir: REPO }))));
    add(`${name} exec`, await time(() => sb.exec('true')));
    add(`${name} destroy`, await time(() => sb.destroy()));
  }
}
const m = (k) => median(times[k]);
console.log(`median ms over ${ROUNDS} rounds (load at end ${loadAvg()}):`);
console.log(`  ${'what'.padEnd(10)} ${['create', 'exec', 'destroy'].map((x) => x.padStart(8)).join('')}`);
for (const who of ['cli', ...builds.map(([n]) => n)])
  console.log(`  ${who.padEnd(10)} ${['create', 'exec', 'destroy'].map((x) => fmt(m(`${who} ${x}`), 0).padStart(8)).join('')}`);
const cd = (who) => m(`${who} create`) + m(`${who} destroy`);
if (process.env.BASELINE_DIST) console.log(`baseline/current create+destroy: ${fmt(cd('baseline') / cd('current'))}`);
console.log(`sandbox create+destroy ÷ docker CLI floor: ${fmt(cd('current') / cd('cli'))}`);
