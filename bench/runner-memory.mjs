// Child of bench/report: runEvaluation over TRIALS noop trials with in-process fake sandboxes;
// samples RSS and heap-after-GC as the finished count passes checkpoints. Prints one JSON line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { imp, makeDataset } from './lib.mjs';
import { FakeBackend } from './fake-backend.mjs';

const TRIALS = Number(process.env.TRIALS ?? 10_000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);
const { runEvaluation } = await imp('harness/runner/run.js');
const { renderReports } = await imp('reports/index.js');
const { agentConfigFromModel } = await imp('harness/config/agent-config.js');
const dataset = makeDataset(['localization/loc-qscodec-001']);
const out = mkdtempSync(path.join(tmpdir(), 'as-bench-runmem-'));
const checkpoints = [TRIALS / 10, TRIALS / 4, TRIALS / 2, (3 * TRIALS) / 4, TRIALS].map(Math.round);
const points = [];
const backend = new FakeBackend();
backend.onCreate = (n) => {
  // The n-th sandbox is created as trial n starts: n - CONCURRENCY trials have finished.
  const finished = n - CONCURRENCY;
  if (checkpoints.includes(finished) || n === TRIALS) {
    globalThis.gc?.();
    const m = process.memoryUsage();
    points.push({ trials: n === TRIALS ? TRIALS : finished, rssMb: m.rss / 2 ** 20, heapMb: m.heapUsed / 2 ** 20 });
  }
};
// Progress lines go to stderr: keep them out of the parent's buffer.
const write = process.stderr.write.bind(process.stderr);
process.stderr.write = (chunk, ...rest) => (String(chunk).startsWith('[') ? true : write(chunk, ...rest));
const t0 = performance.now();
await runEvaluation({
  // The reports render as `atomic-skills run` renders them (older builds did it inside).
  afterTrials: async (dir) => void (await renderReports(dir)),
  dataset,
  agents: [agentConfigFromModel('noop')],
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
const wallS = (performance.now() - t0) / 1000;
rmSync(out, { recursive: true, force: true });
rmSync(dataset, { recursive: true, force: true });
process.stdout.write(JSON.stringify({ concurrency: CONCURRENCY, wallS, points }) + '\n');
