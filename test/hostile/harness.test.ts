// Hostile conditions around the agent rather than inside its sandbox: a model provider that
// echoes the request's key back everywhere it can, and a run killed with SIGKILL mid-trial
// whose containers `--resume` must clear away.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import { requireDockerOrSkip } from '../helpers/docker.js';
import { anthropicMessage, startMockLlmServer, type RecordedRequest } from '../helpers/mock-llm-server.js';
import { bash, toTrajectory } from './attack.js';
import { FAKE_KEYS } from './attacks-sandbox.js';
import { filesContaining, highWaterMb } from './cli-run.js';
import type { TrialRecord } from '../../harness/core/results.js';
import type { Trajectory } from '../../harness/core/trajectory.js';

const hasDocker = await requireDockerOrSkip();
const BIN = path.resolve('bin/atomic-skills.js');
const DATASET = path.resolve('datasets/sample');
const KEY = FAKE_KEYS.ANTHROPIC_API_KEY;

/** Runs the CLI; `peakRssMb` is its highest resident memory (the kernel's high-water mark). */
function cli(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ status: number | null; stdout: string; stderr: string; peakRssMb: number }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peakRssMb = 0;
    const poll = setInterval(() => (peakRssMb = Math.max(peakRssMb, highWaterMb(child.pid!) ?? 0)), 100);
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    child.on('exit', (status) => {
      clearInterval(poll);
      resolve({ status, stdout, stderr, peakRssMb });
    });
  });
}

const containersOf = async (runId: string) =>
  (await new Docker().listContainers({ all: true, filters: { label: [`io.atomic-skills.run=${runId}`] } })).map((c) => c.Id);

describe.skipIf(!hasDocker)('hostile surroundings', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'as-hostile-harness-'));
  const leftovers: string[] = [];
  afterAll(async () => {
    // Whatever a failed case left (only this file's runs: by their run label).
    const docker = new Docker();
    for (const runId of leftovers)
      for (const id of await containersOf(runId))
        await docker
          .getContainer(id)
          .remove({ force: true })
          .catch(() => undefined);
  });

  it('a provider that echoes the API key gets it into no file', async () => {
    const mock = await startMockLlmServer();
    try {
      // SDK versions differ on the header (x-api-key or a bearer token).
      const keyOf = (r: RecordedRequest) =>
        String(r.headers['x-api-key'] ?? r.headers.authorization ?? 'no key seen').replace(/^Bearer /, '');
      mock.enqueue('anthropic', (r) =>
        anthropicMessage({
          text: `your key is ${keyOf(r)}`,
          toolUses: [{ name: 'bash', input: { command: `echo ${keyOf(r)} > /tmp/k; cat /tmp/k` } }],
        }),
      );
      mock.fallback('anthropic', (r) => anthropicMessage({ text: `done with ${keyOf(r)}\n{"files": ["${keyOf(r)}"]}` }));
      const agent = path.join(work, 'echo-provider.yaml');
      writeFileSync(agent, `name: echo-provider\nmodel: anthropic/claude-hostile\nprovider:\n  base_url: ${mock.url}\n  max_retries: 0\n`);
      const out = path.join(work, 'provider-runs');
      const r = await cli(
        ['run', '--dataset', DATASET, '--filter', 'loc-inikit-001', '--agent', agent, '--sandbox', 'docker', '--out', out],
        FAKE_KEYS,
      );
      expect(r.status, r.stderr).toBe(0);
      expect(mock.requests.length).toBeGreaterThan(1); // the key really went out, and came back
      expect(keyOf(mock.requests[0])).toBe(KEY);
      expect(filesContaining(out, [KEY])).toEqual([]);
      expect(r.stdout + r.stderr).not.toContain(KEY);
    } finally {
      await mock.close();
    }
  }, 600_000);

  it('a provider that answers garbage or giant replies: model_api errors and bounded replies, the harness under 500 MB', async () => {
    const mock = await startMockLlmServer();
    try {
      const garbage = [
        '{"content": [null], "usage": {}}',
        '{"content": [], "usage": {"input_tokens": -1000000}}',
        '['.repeat(300_000) + ']'.repeat(300_000),
        `{"content": [{"type": "text", "text": "${'g'.repeat(20 * 1024 * 1024)}"}], "usage": {}}`,
        'not json at all',
      ];
      const served = new Map<string, number>();
      const big = (n: number) => `${'z'.repeat(n * 1024 * 1024)} ${KEY}`;
      mock.fallback('anthropic', (r) => {
        const model = String(r.body?.model);
        const n = served.get(model) ?? 0;
        served.set(model, n + 1);
        if (model === 'claude-garbage') return { body: null, raw: garbage[n % garbage.length] };
        // claude-giant: a reply with a 6 MB text and a 6 MB command, then (once the conversation
        // holds its tool result) a 13 MB answer — decided by the request, so a retry gets the same.
        const answered = JSON.stringify(r.body?.messages ?? []).includes('"tool_result"');
        return !answered
          ? anthropicMessage({ text: big(6), toolUses: [{ name: 'bash', input: { command: `echo ${big(6)}` } }] })
          : anthropicMessage({ text: `${big(13)}\n{"files": []}` });
      });
      const agents = ['garbage', 'giant'].map((name) => {
        const file = path.join(work, `${name}-provider.yaml`);
        writeFileSync(
          file,
          `name: ${name}\nmodel: anthropic/claude-${name}\nprovider:\n  base_url: ${mock.url}\n  max_retries: 1\n  stream: ${name === 'giant'}\n`,
        );
        return file;
      });
      const out = path.join(work, 'bad-provider-runs');
      const r = await cli(
        [
          'run',
          '--dataset',
          DATASET,
          '--filter',
          'loc-inikit-001',
          ...agents.flatMap((a) => ['--agent', a]),
          '--sandbox',
          'docker',
          '--out',
          out,
        ],
        FAKE_KEYS,
      );
      expect(r.status, r.stderr).toBe(0);
      const runDir = r.stdout.trim().split('\n').pop()!;
      const records = readFileSync(path.join(runDir, 'results.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as TrialRecord);
      const byAgent = new Map(records.map((rec) => [rec.agent, rec]));
      // Garbage is the provider's fault, named as such: retried, then model_api — never a harness bug.
      expect(byAgent.get('garbage')).toMatchObject({ outcome: 'infra_error', error: { kind: 'model_api' } });
      expect(served.get('claude-garbage')).toBeGreaterThanOrEqual(2);
      // Giant replies that fit a body are bounded where they enter: the call not run, the answer cut.
      const giant = byAgent.get('giant')!;
      expect(giant).toMatchObject({ outcome: 'scored', score: 0 });
      expect(giant.answer.length).toBeLessThan(2 * 1024 * 1024);
      const trajectory = JSON.parse(readFileSync(path.join(runDir, giant.trajectory!), 'utf8')) as Trajectory;
      const observations = trajectory.steps.flatMap((step) => step.observations.map((o) => o.output));
      expect(
        observations.some((o) => o.includes('it was not run')),
        JSON.stringify(observations).slice(0, 500),
      ).toBe(true);
      expect(r.peakRssMb, 'harness peak memory').toBeLessThan(500);
      console.log(`hostile provider run: harness peak ${r.peakRssMb.toFixed(0)} MB`);
      expect(filesContaining(out, [KEY])).toEqual([]);
      expect(r.stdout + r.stderr).not.toContain(KEY);
    } finally {
      await mock.close();
    }
  }, 900_000);

  it('--resume removes the containers a SIGKILLed run left behind', async () => {
    const trajectory = path.join(work, 'sleeper.json');
    const slow = toTrajectory({ id: 'sleeper', task: '', threat: '', calls: [bash('sleep 120')], answer: '{"files": []}' });
    writeFileSync(trajectory, JSON.stringify(slow));
    const out = path.join(work, 'resume-runs');
    const args = [
      'run',
      '--dataset',
      DATASET,
      '--filter',
      'loc-*',
      '--model',
      `replay:${trajectory}`,
      '--sandbox',
      'docker',
      '--concurrency',
      '2',
      '--out',
      out,
    ];
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b) => (stderr += b));
    let runDir = '';
    for (let i = 0; i < 3000 && !runDir; i++) {
      const m = /run (\S+): /.exec(stderr);
      if (m && (await containersOf(path.basename(m[1]))).length >= 2) runDir = m[1];
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(runDir, stderr).not.toBe('');
    const runId = path.basename(runDir);
    leftovers.push(runId);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    const orphans = await containersOf(runId);
    expect(orphans.length).toBeGreaterThan(0);
    // Resume with an agent that answers at once: only the orphans' removal is under test.
    expect(existsSync(path.join(runDir, 'run.json'))).toBe(true);
    const resumed = spawnSync(process.execPath, [BIN, 'run', '--resume', runDir, '--model', 'noop', '--sandbox', 'docker'], {
      encoding: 'utf8',
    });
    expect(resumed.status, resumed.stderr).toBe(0);
    const still = (await containersOf(runId)).filter((id) => orphans.includes(id));
    expect(still).toEqual([]);
    expect(readFileSync(path.join(runDir, 'results.jsonl'), 'utf8').length).toBeGreaterThan(0);
  }, 900_000);
});
