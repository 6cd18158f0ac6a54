#!/usr/bin/env node
// bench/scaling: cheap oracle trials (every finished localization and review task of the
// sample, replicated by epochs to ≥ TRIALS) through the real runner and Docker backend at
// concurrency 1, 2, 4, 8, 16: trials/minute, the harness process's CPU, dockerd+containerd
// CPU, and machine-wide CPU busy (the machine is shared: other users' load shows there).
// Prints the best-vs-c1 speed-up LAST.
//
//   npm run build && node bench/scaling.mjs       (TRIALS=200 LEVELS=1,2,4,8,16)
import { readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import path from 'node:path';
import { finishedTasks, fmt, imp, loadAvg, machineTicks, makeDataset, requireBuild, sandboxImage } from './lib.mjs';

requireBuild();
const TRIALS = Number(process.env.TRIALS ?? 200);
const LEVELS = (process.env.LEVELS ?? '1,2,4,8,16').split(',').map(Number);
const tasks = finishedTasks().filter((t) => /^(localization|review)\//.test(t));
const epochs = Math.ceil(TRIALS / tasks.length);
const dataset = makeDataset(tasks);
const image = await sandboxImage();
const { runEvaluation } = await imp('harness/runner/run.js');
const { renderReports } = await imp('reports/index.js');
const { agentConfigFromModel } = await imp('harness/config/agent-config.js');
const { DockerBackend } = await imp('harness/sandbox/index.js');
const TICK = 100; // USER_HZ of /proc/*/stat

/** CPU seconds used so far by every process named like the Docker daemons (dockerd, containerd, shims, runc). */
function daemonCpu() {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (!/^(dockerd|containerd|containerd-shim|runc|docker-init|docker-proxy|docker-untar)/.test(name)) continue;
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime, stime, cutime, cstime (fields 14-17): children that exited count too.
      ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    } catch {
      /* gone */
    }
  }
  return ticks / TICK;
}

const write = process.stderr.write.bind(process.stderr);
const quiet = (chunk, ...rest) => (String(chunk).startsWith('[') ? true : write(chunk, ...rest));
write(
  `scaling: ${tasks.length} tasks × ${epochs} epochs = ${tasks.length * epochs} trials per level, ${cpus().length} cores, image ${image}, load ${loadAvg()}\n`,
);
const rows = [];
for (const c of LEVELS) {
  const out = mkdtempSync(path.join(tmpdir(), 'as-bench-scaling-'));
  const m0 = machineTicks();
  const d0 = daemonCpu();
  const p0 = process.cpuUsage();
  const t0 = performance.now();
  process.stderr.write = quiet;
  let s;
  try {
    s = await runEvaluation({
      // The reports render as `atomic-skills run` renders them (older builds did it inside).
      afterTrials: async (dir) => void (await renderReports(dir)),
      dataset,
      agents: [agentConfigFromModel('oracle')],
      epochs,
      concurrency: c,
      modelConcurrency: 16,
      sandbox: 'docker',
      backend: new DockerBackend(),
      image,
      outDir: out,
      timeoutMultiplier: 1,
      log: () => undefined,
    });
  } finally {
    process.stderr.write = write;
  }
  const wall = (performance.now() - t0) / 1000;
  const p = process.cpuUsage(p0);
  const d = daemonCpu() - d0;
  const m1 = machineTicks();
  const recs = readFileSync(path.join(s.runDir, 'results.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const ok = recs.filter((r) => r.outcome === 'scored' && r.score === 1).length;
  const meanCreate = recs.reduce((a, r) => a + (r.phases?.sandbox_create ?? 0), 0) / recs.length;
  const meanTrial = recs.reduce((a, r) => a + r.wallMs, 0) / recs.length;
  const row = {
    c,
    trials: recs.length,
    ok,
    wall,
    perMin: (recs.length / wall) * 60,
    harnessCpu: (p.user + p.system) / 1e6 / wall,
    daemonCpu: d / wall,
    machineBusy: (m1.busy - m0.busy) / (m1.total - m0.total),
    meanTrial,
    meanCreate,
  };
  rows.push(row);
  write(
    `  c=${c}: ${row.trials} trials (${ok} scored 1) in ${fmt(wall, 1)} s = ${fmt(row.perMin, 0)}/min; mean trial ${fmt(meanTrial / 1000)} s (create ${fmt(meanCreate / 1000)} s); harness CPU ${fmt(row.harnessCpu)} cores, docker daemons ${fmt(row.daemonCpu)} cores, machine busy ${fmt(row.machineBusy * 100, 0)}% (load ${loadAvg()})\n`,
  );
  rmSync(out, { recursive: true, force: true });
}
rmSync(dataset, { recursive: true, force: true });

const base = rows[0];
console.log(`concurrency | trials/min | speed-up | mean trial s | harness CPU (cores) | docker daemons CPU (cores) | machine busy`);
for (const r of rows) {
  console.log(
    `${String(r.c).padStart(11)} | ${fmt(r.perMin, 0).padStart(10)} | ${fmt(r.perMin / base.perMin).padStart(8)} | ${fmt(r.meanTrial / 1000).padStart(12)} | ${fmt(r.harnessCpu).padStart(19)} | ${fmt(r.daemonCpu).padStart(26)} | ${fmt(r.machineBusy * 100, 0).padStart(11)}%`,
  );
}
const best = rows.reduce((a, r) => (r.perMin > a.perMin ? r : a));
console.log(`load at end ${loadAvg()}`);
console.log(`best: concurrency ${best.c}, ${fmt(best.perMin, 0)} trials/min = ${fmt(best.perMin / base.perMin)}× concurrency 1`);
