// Seeded synthetic TrialRecords and run directories, for tests and bench/report (compiled to
// dist/ so bench scripts import it): tasks × epochs × agents with per-task difficulty, agent/infra
// errors, and each skill's own metrics (Skill.sampleMetrics).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { TrialProvenance, TrialRecord } from '../core/results.js';
import { SKILLS, getSkill, type SkillName } from '../../skills/registry.js';
import { createRunDir, trialKeyString } from '../results/store.js';
import { mulberry32, seedFor } from '../stats/rng.js';

export interface SyntheticAgent {
  name: string;
  /** Base pass probability (per skill overrides). */
  skill: number;
  perSkill?: Partial<Record<SkillName, number>>;
  model?: string;
}

export interface SyntheticOptions {
  /** Number of records (default: every task × epoch × agent once). */
  n?: number;
  seed?: number;
  agents?: SyntheticAgent[];
  skills?: readonly SkillName[];
  tasksPerSkill?: number;
  epochs?: number;
  infraRate?: number;
  agentErrorRate?: number;
  /** Cost of each trial; null ones make the cost "unknown". Default 0.01. */
  costOf?: (i: number) => number | null;
  /** Write a trajectory file per trial (writeSyntheticRun only). */
  trajectories?: boolean;
  /** Extra characters in each answer/diff (to make lines realistically large). */
  padding?: number;
  /** Provenance of the n-th task of every skill (the same n across skills: one source instance). */
  provenance?: (n: number) => TrialProvenance | undefined;
}

const DEFAULT_AGENTS: SyntheticAgent[] = [
  { name: 'baseline', skill: 0.6, model: 'mock/base' },
  { name: 'candidate', skill: 0.7, model: 'mock/cand' },
];

export function hash64(label: string): string {
  let out = '';
  for (let i = 0; out.length < 64; i++) out += seedFor(`${label}#${i}`, 7).toString(16).padStart(8, '0');
  return out.slice(0, 64);
}

export function trajectoryFileName(r: Pick<TrialRecord, 'taskId' | 'agent' | 'epoch'>): string {
  return `${r.taskId}__${r.agent}__e${r.epoch}.json`;
}

/** Generates records in task → epoch → agent order (deterministic for a seed). */
export function* syntheticRecords(opts: SyntheticOptions = {}): Generator<TrialRecord> {
  const agents = opts.agents ?? DEFAULT_AGENTS;
  const skills = opts.skills ?? SKILLS;
  const epochs = opts.epochs ?? 3;
  const tasksPerSkill = opts.tasksPerSkill ?? 10;
  const total = opts.n ?? skills.length * tasksPerSkill * epochs * agents.length;
  const rng = mulberry32(opts.seed ?? 1);
  const infraRate = opts.infraRate ?? 0.02;
  const agentErrorRate = opts.agentErrorRate ?? 0.05;
  const pad = 'x'.repeat(opts.padding ?? 0);
  const base = Date.UTC(2026, 0, 1);
  const agentHashes = agents.map((a) => hash64(`agent:${a.name}`));
  for (let i = 0; i < total; i++) {
    const ai = i % agents.length;
    const j = Math.floor(i / agents.length);
    const epoch = j % epochs;
    const t = Math.floor(j / epochs);
    const skill = skills[t % skills.length];
    const taskId = `${skill}-${String(Math.floor(t / skills.length)).padStart(5, '0')}`;
    const agent = agents[ai];
    // Per-task difficulty shifts every agent alike, so paired statistics have signal.
    const difficulty = mulberry32(seedFor(taskId, 3))() - 0.5;
    const p = Math.min(1, Math.max(0, (agent.perSkill?.[skill] ?? agent.skill) + difficulty * 0.8));
    const u = rng();
    const outcome: TrialRecord['outcome'] = u < infraRate ? 'infra_error' : u < infraRate + agentErrorRate ? 'agent_error' : 'scored';
    const pass = outcome === 'scored' ? rng() < p : false;
    const metrics: Record<string, number | null> = {};
    if (outcome === 'scored') {
      metrics.turns_used = 3 + Math.floor(rng() * 10);
      Object.assign(metrics, getSkill(skill).sampleMetrics?.(pass, rng));
    }
    const inputTokens = 1000 + Math.floor(rng() * 5000);
    const record: TrialRecord = {
      v: 1,
      key: { taskHash: hash64(`task:${taskId}`), agentHash: agentHashes[ai], epoch },
      taskId,
      skill,
      language: t % 2 ? 'python' : 'javascript',
      agent: agent.name,
      model: agent.model ?? `mock/${agent.name}`,
      epoch,
      outcome,
      score: outcome === 'infra_error' ? null : outcome === 'agent_error' ? 0 : pass ? 1 : 0,
      pass: outcome === 'infra_error' ? null : outcome === 'agent_error' ? false : pass,
      metrics,
      details: outcome === 'scored' ? { tests: { passed: pass ? 3 : 1, failed: pass ? 0 : 2 }, note: `synthetic ${i}` } : {},
      error:
        outcome === 'infra_error'
          ? { kind: 'sandbox_create', message: 'docker daemon unavailable' }
          : outcome === 'agent_error'
            ? { kind: rng() < 0.5 ? 'max_turns' : 'bad_answer', message: 'limit reached' }
            : null,
      answer: `answer for ${taskId} <b>${pad}`,
      diff: skill === 'editing' ? `--- a/src/x.py\n+++ b/src/x.py\n@@ -1 +1 @@\n-old\n+new ${pad}\n` : '',
      usage: { inputTokens, outputTokens: Math.floor(inputTokens / 10), cacheReadTokens: 100, cacheWriteTokens: 0 },
      cost: opts.costOf ? opts.costOf(i) : 0.01,
      turns: 5,
      attempts: outcome === 'infra_error' ? 3 : 1,
      startedAt: new Date(base + i * 1000).toISOString(),
      wallMs: 1000 + Math.floor(rng() * 9000),
      phases: { sandbox_create: 200, agent: 700, scoring: 90, teardown: 10 },
      trajectory: null,
    };
    const provenance = opts.provenance?.(Math.floor(t / skills.length));
    if (provenance) record.provenance = provenance;
    if (opts.trajectories) record.trajectory = `trajectories/${trajectoryFileName(record)}`;
    yield record;
  }
}

/** A small trajectory in the message shape of harness/core/messages.ts. */
export function syntheticTrajectory(r: TrialRecord): unknown {
  return {
    steps: [
      { role: 'user', content: `Solve ${r.taskId}` },
      {
        role: 'assistant',
        text: 'Let me look around.',
        toolCalls: [{ id: 'c1', name: 'bash', input: { command: `ls /testbed # ${r.taskId}` } }],
      },
      { role: 'tool', results: [{ callId: 'c1', output: 'README.md\nsrc', isError: false }] },
      { role: 'assistant', text: r.answer, toolCalls: [] },
    ],
  };
}

/** Writes runs/<runId>/ with run.json, results.jsonl (and trajectories); returns the run dir. */
export async function writeSyntheticRun(
  outDir: string,
  opts: SyntheticOptions & { runId?: string } = {},
): Promise<{ dir: string; count: number; keys: Set<string> }> {
  const agents = opts.agents ?? DEFAULT_AGENTS;
  const run = await createRunDir(outDir, {
    runId: opts.runId ?? `synthetic-${opts.seed ?? 1}`,
    createdAt: '2026-01-01T00:00:00.000Z',
    harnessVersion: '0.0.0-test',
    dataset: { path: 'datasets/synthetic', hash: hash64('dataset') },
    agents: agents.map((a) => ({ name: a.name, hash: hash64(`agent:${a.name}`), model: a.model, config: { model: a.model ?? 'mock' } })),
    epochs: opts.epochs ?? 3,
    options: { synthetic: true },
  });
  const out = createWriteStream(run.resultsPath, { flags: 'a' });
  let count = 0;
  const keys = new Set<string>();
  for (const r of syntheticRecords(opts)) {
    if (!out.write(JSON.stringify(r) + '\n')) await once(out, 'drain');
    if (opts.trajectories) await fs.writeFile(path.join(run.dir, r.trajectory!), JSON.stringify(syntheticTrajectory(r)));
    keys.add(trialKeyString(r.key));
    count++;
  }
  out.end();
  await once(out, 'finish');
  return { dir: run.dir, count, keys };
}
