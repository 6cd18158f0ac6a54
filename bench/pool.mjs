#!/usr/bin/env node
// bench/pool: what the Docker host pool costs, side by side in one run.
//  A. Cheap oracle trials (the sample's finished localization and review tasks, replicated by
//     epochs to ≥ TRIALS) through the real runner at CONCURRENCY, rounds alternating between:
//     the plain Docker backend, a pool of ONE host (the same daemon: the pool's own overhead per
//     trial), and a pool of TWO hosts (this daemon plus the second one .ci/setup starts, on the
//     same 2 cores: placement across daemons, not more hardware). trials/min for each.
//  B. The scheduler bench's setting (mock model, 5 turns × 200 ms, in-process fake sandboxes) at
//     concurrency 256: the fake backend alone vs behind a pool of HOSTS fake hosts.
// Prints `two hosts / one host` and `pool/plain at 256` LAST.
//
//   npm run build && bash .ci/setup && node bench/pool.mjs   (TRIALS=48 CONCURRENCY=4 ROUNDS=2 SCHED_TRIALS=1000 HOSTS=4)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { finishedTasks, fmt, imp, loadAvg, makeDataset, median, requireBuild, sandboxImage } from './lib.mjs';
import { FakeBackend } from './fake-backend.mjs';

requireBuild();
const TRIALS = Number(process.env.TRIALS ?? 48);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 4);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const SCHED_TRIALS = Number(process.env.SCHED_TRIALS ?? 1000);
const HOSTS = Number(process.env.HOSTS ?? 4);
const SECOND = process.env.ATOMIC_SKILLS_SECOND_DOCKER ?? 'unix:///var/run/atomic-skills-docker2.sock';
const FIRST = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';

const { runEvaluation } = await imp('harness/runner/run.js');
const { agentConfigFromModel, parseAgentConfig } = await imp('harness/config/agent-config.js');
const { DockerBackend, DockerPool } = await imp('harness/sandbox/index.js');

const write = process.stderr.write.bind(process.stderr);
const quiet = (chunk, ...rest) => (String(chunk).startsWith('[') ? true : write(chunk, ...rest));

async function timedRun(opts) {
  const out = mkdtempSync(path.join(tmpdir(), 'as-bench-pool-'));
  const t0 = performance.now();
  process.stderr.write = quiet;
  try {
    const s = await runEvaluation({ ...opts, outDir: out, modelConcurrency: 256, timeoutMultiplier: 1, log: () => undefined });
    return { seconds: (performance.now() - t0) / 1000, finished: s.finished };
  } finally {
    process.stderr.write = write;
    rmSync(out, { recursive: true, force: true });
  }
}

// ---- A. real trials: plain docker vs pool of 1 vs pool of 2 ----
const tasks = finishedTasks().filter((t) => /^(localization|review)\//.test(t));
const epochs = Math.ceil(TRIALS / tasks.length);
const dataset = makeDataset(tasks);
const image = await sandboxImage();
const oracle = agentConfigFromModel('oracle');
const pool1 = await DockerPool.open([{ url: FIRST, capacity: CONCURRENCY }], { log: () => undefined });
const pool2 = await DockerPool.open(
  [
    { url: FIRST, capacity: CONCURRENCY },
    { url: SECOND, capacity: CONCURRENCY },
  ],
  { log: () => undefined },
);
// The image on the second daemon first (once), so no round pays for loading it.
await Promise.all(pool2.hosts.map((h) => pool2.ensureImage(h, image)));
const configs = { plain: () => new DockerBackend({ log: () => undefined }), 'pool of 1': () => pool1, 'pool of 2': () => pool2 };
write(
  `pool A: ${tasks.length} tasks × ${epochs} epochs = ${tasks.length * epochs} oracle trials, concurrency ${CONCURRENCY}, ${ROUNDS} rounds, load ${loadAvg()}\n`,
);
const perMin = Object.fromEntries(Object.keys(configs).map((k) => [k, []]));
// Round 0 warms every configuration (image layers, page cache) and is not counted.
for (let r = 0; r <= ROUNDS; r++) {
  for (const [name, make] of Object.entries(configs)) {
    const { seconds, finished } = await timedRun({
      dataset,
      agents: [oracle],
      epochs,
      concurrency: CONCURRENCY,
      sandbox: 'docker',
      backend: make(),
      image,
    });
    if (r > 0) perMin[name].push((finished / seconds) * 60);
    write(
      `  round ${r}${r === 0 ? ' (warm-up)' : ''} ${name}: ${finished} trials in ${fmt(seconds, 1)} s = ${fmt((finished / seconds) * 60, 1)} trials/min (load ${loadAvg()})\n`,
    );
  }
}
pool1.close();
pool2.close();
const med = Object.fromEntries(Object.entries(perMin).map(([k, v]) => [k, median(v)]));
const trials = tasks.length * epochs;
// A trial holds one of CONCURRENCY slots: its time is CONCURRENCY ÷ throughput.
const overheadMs = (60 / med['pool of 1'] - 60 / med.plain) * 1000 * CONCURRENCY;
write(`  median trials/min: plain ${fmt(med.plain, 1)}, pool of 1 ${fmt(med['pool of 1'], 1)}, pool of 2 ${fmt(med['pool of 2'], 1)}\n`);
write(
  `  pool overhead per trial (pool of 1 vs plain): ${fmt(overheadMs, 0)} ms of a ${fmt((60 / med.plain) * 1000 * CONCURRENCY, 0)} ms trial (${trials} trials)\n`,
);

// ---- B. scheduler at concurrency 256: fake sandboxes alone vs behind a pool of fake hosts ----
const server = spawn(process.execPath, [path.join(path.dirname(fileURLToPath(import.meta.url)), 'mock-model-server.mjs')], {
  env: { ...process.env, DELAY_MS: '200', TURNS: '5' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const port = await new Promise((resolve) => createInterface({ input: server.stdout }).once('line', (l) => resolve(Number(l))));
process.env.AS_BENCH_NO_KEY = 'not-needed';
const mock = parseAgentConfig({
  name: 'mock-200ms',
  model: 'openai/mock',
  provider: { base_url: `http://127.0.0.1:${port}/v1`, api_key_env: 'AS_BENCH_NO_KEY', tool_style: 'json', max_retries: 0 },
  limits: { max_turns: 10 },
});
const schedDataset = makeDataset(['localization/loc-qscodec-001']);
/** A daemon that answers pings and has every image: the pool's side of a host, without Docker. */
const fakeDocker = () => ({ ping: async () => 'OK', info: async () => ({ NCPU: 64 }), getImage: () => ({ inspect: async () => ({}) }) });
const ideal = 256 / 1; // 5 turns × 200 ms = 1 s per trial
write(`pool B: ${SCHED_TRIALS} trials at concurrency 256, ideal ${ideal} trials/s, ${HOSTS} fake hosts in the pool, load ${loadAvg()}\n`);
const ratios = { plain: [], pool: [] };
for (let r = 0; r <= ROUNDS; r++) {
  for (const name of ['plain', 'pool']) {
    const backend =
      name === 'plain'
        ? new FakeBackend()
        : await DockerPool.open(
            Array.from({ length: HOSTS }, (_, i) => ({ url: `unix:///fake/host-${i}.sock`, capacity: 256 / HOSTS })),
            { log: () => undefined, clientFor: fakeDocker, backendFor: () => new FakeBackend() },
          );
    const { seconds, finished } = await timedRun({
      dataset: schedDataset,
      agents: [mock],
      epochs: SCHED_TRIALS,
      concurrency: 256,
      sandbox: 'local',
      backend,
      image: 'local',
    });
    backend.close?.();
    if (r > 0) ratios[name].push(finished / seconds / ideal);
    write(
      `  round ${r}${r === 0 ? ' (warm-up)' : ''} ${name}: ${finished} trials in ${fmt(seconds, 2)} s, achieved/ideal ${fmt(finished / seconds / ideal, 3)}\n`,
    );
  }
}
server.kill();
const plainR = median(ratios.plain);
const poolR = median(ratios.pool);
write(`  median achieved/ideal at 256: plain ${fmt(plainR, 3)}, pool of ${HOSTS} hosts ${fmt(poolR, 3)}\n`);
process.stdout.write(`two hosts / one host (trials/min): ${fmt(med['pool of 2'] / med['pool of 1'], 3)}\n`);
process.stdout.write(`pool/plain achieved at concurrency 256: ${fmt(poolR / plainR, 3)}\n`);
