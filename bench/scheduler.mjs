#!/usr/bin/env node
// bench/scheduler: the runner's scheduling efficiency with nothing else in the way. A mock
// OpenAI-compatible model (a child process) answers every turn after 200 ms, 5 turns per
// trial; sandboxes are an in-process fake (no Docker). 500 trials at concurrency 64:
// achieved throughput ÷ ideal (concurrency ÷ trial latency). Median of RUNS runs; prints
// the ratio LAST.
//
//   npm run build && node bench/scheduler.mjs        (RUNS=5 TRIALS=500 CONCURRENCY=64 DELAY_MS=200 TURNS=5)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { fmt, imp, loadAvg, makeDataset, median, requireBuild } from './lib.mjs';
import { FakeBackend } from './fake-backend.mjs';

requireBuild();
const RUNS = Number(process.env.RUNS ?? 5);
const TRIALS = Number(process.env.TRIALS ?? 500);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 64);
const DELAY_MS = Number(process.env.DELAY_MS ?? 200);
const TURNS = Number(process.env.TURNS ?? 5);

const server = spawn(process.execPath, [path.join(path.dirname(fileURLToPath(import.meta.url)), 'mock-model-server.mjs')], {
  env: { ...process.env, DELAY_MS: String(DELAY_MS), TURNS: String(TURNS) },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const port = await new Promise((resolve) => createInterface({ input: server.stdout }).once('line', (l) => resolve(Number(l))));

const { runEvaluation } = await imp('harness/runner/run.js');
const { renderReports } = await imp('reports/index.js');
const { parseAgentConfig } = await imp('harness/config/agent-config.js');
const agent = parseAgentConfig({
  name: 'mock-200ms',
  model: 'openai/mock',
  provider: { base_url: `http://127.0.0.1:${port}/v1`, api_key_env: 'AS_BENCH_NO_KEY', tool_style: 'json', max_retries: 0 },
  limits: { max_turns: TURNS + 5 },
});
const dataset = makeDataset(['localization/loc-qscodec-001']);
const idealPerSec = CONCURRENCY / ((TURNS * DELAY_MS) / 1000);
process.stderr.write(
  `scheduler: ${TRIALS} trials, concurrency ${CONCURRENCY}, ${TURNS} turns × ${DELAY_MS} ms, ideal ${fmt(idealPerSec, 1)} trials/s, load ${loadAvg()}\n`,
);

process.env.AS_BENCH_NO_KEY = 'not-needed'; // the mock ignores keys; avoids a warning per trial
const write = process.stderr.write.bind(process.stderr);
const quiet = (chunk, ...rest) => (String(chunk).startsWith('[') ? true : write(chunk, ...rest));
const ratios = [];
const spanRatios = [];
for (let i = 0; i < RUNS; i++) {
  const out = mkdtempSync(path.join(tmpdir(), 'as-bench-sched-'));
  const backend = new FakeBackend();
  const t0 = performance.now();
  process.stderr.write = quiet; // progress lines
  let s;
  try {
    s = await runEvaluation({
      // The reports render as `atomic-skills run` renders them (older builds did it inside).
      afterTrials: async (dir) => void (await renderReports(dir)),
      dataset,
      agents: [agent],
      epochs: TRIALS,
      concurrency: CONCURRENCY,
      modelConcurrency: CONCURRENCY,
      sandbox: 'local',
      backend,
      image: 'fake',
      outDir: out,
      timeoutMultiplier: 1,
      log: () => undefined,
    });
  } finally {
    process.stderr.write = write;
  }
  const wall = (performance.now() - t0) / 1000;
  const recs = readFileSync(path.join(s.runDir, 'results.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const bad = recs.filter((r) => r.turns !== TURNS || r.outcome === 'infra_error');
  if (recs.length !== TRIALS || bad.length)
    throw new Error(
      `expected ${TRIALS} trials of ${TURNS} turns, got ${recs.length} (${bad.length} off: ${JSON.stringify(bad[0]?.error)})`,
    );
  // Span = first trial start → last trial end (leaves out dataset loading and report rendering).
  const start = Math.min(...recs.map((r) => Date.parse(r.startedAt)));
  const end = Math.max(...recs.map((r) => Date.parse(r.startedAt) + r.wallMs));
  const span = (end - start) / 1000;
  const meanTrial = recs.reduce((a, r) => a + r.wallMs, 0) / recs.length / 1000;
  ratios.push(TRIALS / wall / idealPerSec);
  spanRatios.push(TRIALS / span / idealPerSec);
  process.stderr.write(
    `run ${i + 1}/${RUNS}: wall ${fmt(wall)} s (trials span ${fmt(span)} s), ${fmt(TRIALS / wall, 1)} trials/s, mean trial ${fmt(meanTrial, 3)} s, ratio ${fmt(ratios.at(-1), 3)}\n`,
  );
  rmSync(out, { recursive: true, force: true });
}
server.kill();
rmSync(dataset, { recursive: true, force: true });
console.log(`ideal: ${CONCURRENCY} ÷ ${fmt((TURNS * DELAY_MS) / 1000)} s = ${fmt(idealPerSec, 1)} trials/s; load at end ${loadAvg()}`);
console.log(`trials-span ratio (no start-up/reports), median of ${RUNS}: ${fmt(median(spanRatios), 3)}`);
console.log(`achieved/ideal throughput (whole runEvaluation wall), median of ${RUNS}: ${fmt(median(ratios), 3)}`);
