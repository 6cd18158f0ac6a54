// Synthetic run directories for bench/report: a plain-JS port of test/helpers/synthetic-results.ts
// (same record shape and distributions), so the bench runs from dist/ without compiling tests.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { imp } from './lib.mjs';

const { mulberry32, seedFor } = await imp('harness/stats/rng.js');
const { createRunDir } = await imp('harness/results/store.js');

const AGENTS = [
  { name: 'baseline', skill: 0.6, model: 'mock/base' },
  { name: 'candidate', skill: 0.7, model: 'mock/cand' },
];
const SKILLS = ['localization', 'editing', 'test-generation', 'reproduction', 'review'];

function hash64(label) {
  let out = '';
  for (let i = 0; out.length < 64; i++) out += seedFor(`${label}#${i}`, 7).toString(16).padStart(8, '0');
  return out.slice(0, 64);
}

export function* syntheticRecords({ n, seed = 1, epochs = 3, padding = 0 }) {
  const rng = mulberry32(seed);
  const pad = 'x'.repeat(padding);
  const base = Date.UTC(2026, 0, 1);
  const agentHashes = AGENTS.map((a) => hash64(`agent:${a.name}`));
  for (let i = 0; i < n; i++) {
    const ai = i % AGENTS.length;
    const j = Math.floor(i / AGENTS.length);
    const epoch = (j % epochs) + 1;
    const t = Math.floor(j / epochs);
    const skill = SKILLS[t % SKILLS.length];
    const taskId = `${skill}-${String(Math.floor(t / SKILLS.length)).padStart(5, '0')}`;
    const agent = AGENTS[ai];
    const difficulty = mulberry32(seedFor(taskId, 3))() - 0.5;
    const p = Math.min(1, Math.max(0, agent.skill + difficulty * 0.8));
    const u = rng();
    const outcome = u < 0.02 ? 'infra_error' : u < 0.07 ? 'agent_error' : 'scored';
    const pass = outcome === 'scored' ? rng() < p : false;
    const metrics = {};
    if (outcome === 'scored') {
      metrics.turns_used = 3 + Math.floor(rng() * 10);
      metrics.f2p_fraction = skill === 'editing' ? (pass ? 1 : rng()) : null;
      if (skill === 'review') {
        const incorrect = rng() < 0.5;
        const rejected = pass ? incorrect : !incorrect;
        metrics.confusion_tp = incorrect && rejected ? 1 : 0;
        metrics.confusion_fp = !incorrect && rejected ? 1 : 0;
        metrics.confusion_fn = incorrect && !rejected ? 1 : 0;
        metrics.confusion_tn = !incorrect && !rejected ? 1 : 0;
      }
    }
    const inputTokens = 1000 + Math.floor(rng() * 5000);
    yield {
      v: 1,
      key: { taskHash: hash64(`task:${taskId}`), agentHash: agentHashes[ai], epoch },
      taskId, skill, language: t % 2 ? 'python' : 'javascript', agent: agent.name, model: agent.model, epoch, outcome,
      score: outcome === 'infra_error' ? null : outcome === 'agent_error' ? 0 : pass ? 1 : 0,
      pass: outcome === 'infra_error' ? null : outcome === 'agent_error' ? false : pass,
      metrics,
      details: outcome === 'scored' ? { tests: { passed: pass ? 3 : 1, failed: pass ? 0 : 2 }, note: `synthetic ${i}` } : {},
      error: outcome === 'infra_error' ? { kind: 'sandbox_create', message: 'docker daemon unavailable' }
        : outcome === 'agent_error' ? { kind: rng() < 0.5 ? 'max_turns' : 'bad_answer', message: 'limit reached' } : null,
      answer: `answer for ${taskId} <b>${pad}`,
      diff: skill === 'editing' ? `--- a/src/x.py\n+++ b/src/x.py\n@@ -1 +1 @@\n-old\n+new ${pad}\n` : '',
      usage: { inputTokens, outputTokens: Math.floor(inputTokens / 10), cacheReadTokens: 100, cacheWriteTokens: 0 },
      cost: 0.01, turns: 5, attempts: outcome === 'infra_error' ? 3 : 1,
      startedAt: new Date(base + i * 1000).toISOString(),
      wallMs: 1000 + Math.floor(rng() * 9000),
      phases: { sandbox_create: 200, agent: 700, scoring: 90, teardown: 10 },
      trajectory: null,
    };
  }
}

/** runs/<runId>/ with run.json and n results lines; returns the run dir. */
export async function writeSyntheticRun(outDir, { n, seed = 1, epochs = 3, padding = 0 }) {
  const run = await createRunDir(outDir, {
    runId: `synthetic-${seed}`,
    createdAt: '2026-01-01T00:00:00.000Z',
    harnessVersion: '0.0.0-bench',
    dataset: { path: 'datasets/synthetic', hash: hash64('dataset') },
    agents: AGENTS.map((a) => ({ name: a.name, hash: hash64(`agent:${a.name}`), model: a.model, config: { model: a.model } })),
    epochs,
    options: { synthetic: true },
  });
  const out = createWriteStream(run.resultsPath, { flags: 'a' });
  for (const r of syntheticRecords({ n, seed, epochs, padding })) {
    if (!out.write(JSON.stringify(r) + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return run.dir;
}
