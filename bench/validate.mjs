#!/usr/bin/env node
// bench/validate: validation throughput of an imported dataset. The SWE-bench-format fixtures
// (test/fixtures/swebench) are imported from local clones with sandbox runs, then `validate`
// (oracle + noop per task) runs at concurrency 1 and at CONCURRENCY, side by side in one run;
// machine-wide CPU is read from /proc/stat around each (shared machine: see the load). Prints
// trials per minute per busy core LAST.
//
//   npm run build && node bench/validate.mjs        (CONCURRENCY=2 INSTANCES=acme__inikit-1,acme__datewise-6,acme__tablefmt-4)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, fmt, imp, loadAvg, machineTicks, requireBuild, sandboxImage } from './lib.mjs';
import { makeSwebenchFixtures } from '../test/fixtures/swebench/make.mjs';

requireBuild();
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 2);
const only = (process.env.INSTANCES ?? 'acme__inikit-1,acme__datewise-6,acme__tablefmt-4').split(',');
await sandboxImage();
const { isTestPath } = await imp('skills/shared/test-files.js');
const tmp = mkdtempSync(path.join(tmpdir(), 'as-bench-validate-'));
const fx = await makeSwebenchFixtures(path.join(tmp, 'fx'), { isTestPath, only });
const dataset = path.join(tmp, 'dataset');

function cli(args) {
  const t = performance.now();
  const before = machineTicks();
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/atomic-skills.js'), ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const after = machineTicks();
  if (r.status !== 0 && !(args[0] === 'validate' && r.status === 1)) throw new Error(`${args.join(' ')}: ${r.stderr.slice(-2000)}`);
  return { s: (performance.now() - t) / 1000, busyS: (after.busy - before.busy) / 100, stdout: r.stdout };
}
process.stderr.write(`validate: ${only.length} instances, ${cpus().length} cores, load ${loadAvg()}\n`);
const imported = cli(['import', 'swebench', fx.jsonl, '--out', dataset, '--repos', fx.repos, '--concurrency', String(CONCURRENCY)]);
const tasks = Number(/(\d+) tasks\n/.exec(cli(['tasks', 'list', '--dataset', dataset]).stdout)?.[1] ?? NaN);
const rows = [];
for (const c of [1, CONCURRENCY]) {
  // validate rewrites quarantine.yaml: every round starts from the same dataset
  const r = cli(['validate', '--dataset', dataset, '--concurrency', String(c), '--no-quarantine']);
  const valid = /(\d+) valid/.exec(r.stdout)?.[1];
  rows.push({ c, ...r, valid, trials: tasks * 2 });
}
rmSync(tmp, { recursive: true, force: true });
console.log(`load at end ${loadAvg()}`);
console.log(
  `  import with sandbox runs: ${only.length} instances → ${tasks} tasks in ${fmt(imported.s, 0)} s (${fmt((only.length / imported.s) * 60, 1)} instances/min)`,
);
for (const r of rows) {
  console.log(
    `  validate --concurrency ${r.c}: ${r.trials} trials (${r.valid}/${tasks} valid) in ${fmt(r.s, 0)} s = ${fmt((r.trials / r.s) * 60, 1)} trials/min, machine CPU ${fmt(r.busyS, 0)} s busy`,
  );
}
const best = rows[rows.length - 1];
console.log(`concurrency ${CONCURRENCY} ÷ 1 wall-clock speed-up: ${fmt(rows[0].s / best.s)}`);
console.log(`validation throughput: ${fmt((best.trials / best.busyS) * 60, 1)} trials per busy core-minute (concurrency ${CONCURRENCY})`);
