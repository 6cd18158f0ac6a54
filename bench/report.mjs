#!/usr/bin/env node
// bench/report: (1) 100,000 synthetic result lines → `atomic-skills report` (the real CLI in a
// child): wall time and peak RSS, median of RUNS; (2) the runner's memory while 10,000 trials
// stream through (in-process fake sandboxes + the noop model, in a child started with
// --expose-gc): RSS and heap after GC at 2,500 / 5,000 / 10,000 finished trials. Prints the
// report's figures LAST.
//
//   npm run build && node bench/report.mjs          (RUNS=5 LINES=100000 TRIALS=10000)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT, fmt, loadAvg, median, requireBuild } from './lib.mjs';

requireBuild();
const HERE = path.dirname(fileURLToPath(import.meta.url));
const RUNS = Number(process.env.RUNS ?? 5);
const LINES = Number(process.env.LINES ?? 100_000);
const TRIALS = Number(process.env.TRIALS ?? 10_000);
const maxRss = (stderr) => Number(/AS_BENCH_MAXRSS_KB=(\d+)/.exec(stderr)?.[1] ?? NaN) / 1024;

// --- (2) runner memory: its own child so nothing else sits in its heap -------------------
process.stderr.write(`runner memory: ${TRIALS} trials, fake sandboxes, noop model (load ${loadAvg()})\n`);
const r2 = spawnSync(process.execPath, ['--expose-gc', '--require', path.join(HERE, 'maxrss.cjs'), path.join(HERE, 'runner-memory.mjs')], {
  encoding: 'utf8',
  env: { ...process.env, TRIALS: String(TRIALS) },
  maxBuffer: 64 << 20,
});
if (r2.status !== 0) throw new Error(`runner-memory failed: ${r2.stderr.slice(-3000)}`);
const runner = JSON.parse(r2.stdout.trim().split('\n').pop());

// --- (1) report over LINES synthetic lines --------------------------------------------------
// The data generator of this checkout, whatever build is measured.
const { writeSyntheticRun } = await import(path.join(ROOT, 'dist/harness/testing/synthetic.js'));
const out = mkdtempSync(path.join(tmpdir(), 'as-bench-report-'));
const { dir: runDir } = await writeSyntheticRun(out, { n: LINES, padding: 200 });
const size = statSync(path.join(runDir, 'results.jsonl')).size;
process.stderr.write(`report: ${LINES} lines (${fmt(size / 1e6, 1)} MB), ${RUNS} runs (load ${loadAvg()})\n`);
const walls = [];
const rss = [];
for (let i = 0; i < RUNS; i++) {
  const t = performance.now();
  const r = spawnSync(
    process.execPath,
    ['--require', path.join(HERE, 'maxrss.cjs'), path.join(ROOT, 'bin/atomic-skills.js'), 'report', runDir],
    { encoding: 'utf8' },
  );
  const wall = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`report failed: ${r.stderr.slice(-3000)}`);
  walls.push(wall);
  rss.push(maxRss(r.stderr));
  process.stderr.write(`  run ${i + 1}/${RUNS}: ${fmt(wall)} s, peak RSS ${fmt(rss.at(-1), 0)} MB\n`);
}
rmSync(out, { recursive: true, force: true });

console.log(`runner, ${TRIALS} trials streamed (concurrency ${runner.concurrency}, ${fmt(runner.wallS, 1)} s):`);
for (const p of runner.points)
  console.log(`  after ${String(p.trials).padStart(6)} trials: RSS ${fmt(p.rssMb, 0)} MB, heap after GC ${fmt(p.heapMb, 1)} MB`);
const first = runner.points[0];
const last = runner.points.at(-1);
console.log(
  `  heap growth ${first.trials}→${last.trials} trials: ${fmt(last.heapMb - first.heapMb, 1)} MB (${fmt(((last.heapMb - first.heapMb) * 1024) / (last.trials - first.trials), 2)} kB/trial); peak RSS incl. final reports ${fmt(maxRss(r2.stderr), 0)} MB`,
);
console.log(`load at end ${loadAvg()}`);
console.log(
  `report over ${LINES} lines (${fmt(size / 1e6, 1)} MB), median of ${RUNS}: wall ${fmt(median(walls))} s (target < 5), peak RSS ${fmt(median(rss), 0)} MB (target < 500)`,
);
