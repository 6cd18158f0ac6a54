// The runner against the REAL OpenAI SDK client and the mock server (sandboxes faked: the
// localization skill scores on the host): every outcome's spend is recorded exactly as billed,
// --max-cost is a hard budget that survives --resume, configuration errors stop the run at the
// preflight (one request per configuration) or stop their configuration mid-run, and the
// trial's wall limit ends a trial whose model never answers.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, InputError } from '../../harness/core/errors.js';
import type { TrialRecord } from '../../harness/core/results.js';
import { parseAgentConfig, type AgentConfigInput } from '../../harness/config/agent-config.js';
import { lookupPrice, costOf } from '../../harness/models/pricing.js';
import { runEvaluation, type RunOptions } from '../../harness/runner/run.js';
import { PREFLIGHT_PROMPT } from '../../harness/runner/preflight.js';
import { readSpend } from '../../harness/results/spend.js';
import { FakeBackend } from '../helpers/fake-backend.js';
import { renderReports } from '../../reports/index.js';
import { closedPort } from '../helpers/net.js';
import {
  type BilledUsage,
  type MockLlmServer,
  type MockReply,
  openaiCompletion,
  openaiError,
  startMockLlmServer,
} from '../helpers/mock-llm-server.js';

const dataset = path.resolve('datasets/sample');
let server: MockLlmServer;
let out: string;
let backend: FakeBackend;
const logs: string[] = [];

beforeAll(async () => {
  server = await startMockLlmServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.dropConnections();
  server.reset();
  out = mkdtempSync(path.join(tmpdir(), 'as-run-spend-'));
  backend = new FakeBackend();
  logs.length = 0;
  vi.stubEnv('OPENAI_API_KEY', 'sk-run-spend-test-000000000');
});
afterEach(() => vi.unstubAllEnvs());

function agent(name: string, model: string, extra: Partial<AgentConfigInput> = {}) {
  return parseAgentConfig({
    name,
    model: `openai/${model}`,
    ...extra,
    provider: { base_url: `${server.url}/v1`, max_retries: 0, timeout_seconds: 10, ...extra.provider },
    limits: { max_turns: 3, ...extra.limits },
  });
}

const options = (extra: Partial<RunOptions>): RunOptions => ({
  dataset,
  skills: ['localization'],
  agents: [],
  epochs: 1,
  concurrency: 2,
  modelConcurrency: 4,
  sandbox: 'docker',
  backend,
  image: 'fake',
  outDir: out,
  timeoutMultiplier: 1,
  maxAttempts: 2,
  retryBaseMs: 1,
  log: (m) => logs.push(m),
  afterTrials: async (runDir) => void (await renderReports(runDir, { B: 50, onWarning: () => undefined })),
  ...extra,
});

const records = (runDir: string): TrialRecord[] =>
  readFileSync(path.join(runDir, 'results.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as TrialRecord);

/** USD the mock served with a 2xx to a model, at that model's list price. */
function billedCost(model: string): number {
  const b: BilledUsage = server.billedByModel.get(model) ?? { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, replies: 0 };
  const usage = { inputTokens: b.input, outputTokens: b.output, cacheReadTokens: b.cacheRead, cacheWriteTokens: b.cacheWrite };
  return costOf(usage, lookupPrice(model))!;
}
const totalBilled = () => [...server.billedByModel.keys()].reduce((sum, m) => sum + billedCost(m), 0);

const USAGE = { prompt_tokens: 12_345, completion_tokens: 678 };
const isPreflight = (body: { messages: { content: unknown }[] }) => body.messages[1]?.content === PREFLIGHT_PROMPT;
const toolCall = (usage = USAGE): MockReply => openaiCompletion({ toolCalls: [{ name: 'bash', arguments: '{"command":"ls"}' }], usage });

describe('every outcome is billed and recorded alike', () => {
  it('scored, agent_error, infra_error (transport, retried) and config_error', async () => {
    server.fallback('openai', (req) => {
      const first = req.body.messages.length === 2;
      if (isPreflight(req.body)) return openaiCompletion({ text: 'ready', usage: { prompt_tokens: 900, completion_tokens: 2 } });
      switch (req.body.model) {
        case 'gpt-4.1':
          return openaiCompletion({ text: '{"files": ["src/nowhere.py"]}', usage: USAGE });
        case 'gpt-4.1-mini':
          return toolCall(); // never answers: max_turns
        case 'gpt-4o':
          return first ? toolCall() : { body: null, raw: 'garbage' }; // a transport fault after a billed request
        default:
          return first ? toolCall() : openaiError(401, 'the key was revoked'); // gpt-4o-mini
      }
    });
    const agents = [agent('scores', 'gpt-4.1'), agent('loops', 'gpt-4.1-mini'), agent('flaky', 'gpt-4o'), agent('revoked', 'gpt-4o-mini')];
    const summary = await runEvaluation(options({ agents, limit: 2 }));
    const rs = records(summary.runDir);
    const by = (name: string) => rs.filter((r) => r.agent === name);

    expect(by('scores').map((r) => r.outcome)).toEqual(['scored', 'scored']);
    expect(by('loops').map((r) => [r.outcome, r.error?.kind])).toEqual([
      ['agent_error', 'limit:max_turns'],
      ['agent_error', 'limit:max_turns'],
    ]);
    for (const r of by('flaky')) {
      expect([r.outcome, r.error?.kind, r.attempts]).toEqual(['infra_error', 'model_api', 2]);
      expect(r.attemptLog!.map((a) => a.cost! > 0)).toEqual([true, true]); // each attempt's billed request
      expect(r.cost).toBeCloseTo(
        r.attemptLog!.reduce((c, a) => c + a.cost!, 0),
        12,
      );
      expect(r.attemptLog!.every((a) => a.trajectory !== null)).toBe(true);
    }
    expect(by('revoked')[0].error?.kind).toBe('config_error');
    expect(summary.configErrors.revoked).toMatch(/HTTP 401 from http:\/\/127\.0\.0\.1:\d+\/v1: .*revoked/);
    // The configuration stopped: its other trial never got past its first request.
    expect(by('revoked').every((r) => r.outcome === 'infra_error')).toBe(true);
    // A trajectory whatever the outcome.
    for (const r of rs) expect(r.trajectory && existsSync(path.join(summary.runDir, r.trajectory)), `${r.agent} ${r.outcome}`).toBeTruthy();

    // Billed = recorded, per model, to the cent: the ledger, and the records plus the preflight.
    const lines = readFileSync(path.join(summary.runDir, 'spend.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    for (const [name, model] of agents.map((a) => [a.name, a.model.slice('openai/'.length)])) {
      const ledger = lines.filter((l) => l.agent === name).reduce((c, l) => c + l.cost, 0);
      const preflight = lines.filter((l) => l.agent === name && l.kind === 'preflight').reduce((c, l) => c + l.cost, 0);
      const inRecords = by(name).reduce((c, r) => c + (r.cost ?? 0), 0);
      expect(ledger, name).toBeCloseTo(billedCost(model), 2);
      expect(inRecords + preflight, name).toBeCloseTo(billedCost(model), 2);
      expect(billedCost(model), name).toBeGreaterThan(0);
    }
    // The report's run total is the ledger's.
    const md = readFileSync(path.join(summary.runDir, 'report.md'), 'utf8');
    expect(md).toContain(`Run total: $${totalBilled().toPrecision(4)}`.replace(/0+$/, ''));
  });
});

describe('--max-cost is a hard budget', () => {
  // Every request costs 50,000 input tokens × $2/MTok = $0.10 (gpt-4.1); the agent never stops on its own.
  const dime = () => toolCall({ prompt_tokens: 50_000, completion_tokens: 0 });
  const forever = () => agent('spender', 'gpt-4.1', { limits: { max_turns: 50 } });

  it('stops running trials at their next request, and holds across --resume', async () => {
    server.fallback('openai', dime);
    const first = await runEvaluation(options({ agents: [forever()], limit: 3, maxCost: 0.5 }));
    expect(first.stoppedForCost).toBe(true);
    const concurrency = 2;
    expect(totalBilled()).toBeLessThanOrEqual(0.5 + concurrency * 0.1 + 1e-9);
    expect((await readSpend(first.runDir))!.cost).toBeCloseTo(totalBilled(), 2);
    const rs = records(first.runDir);
    expect(rs.length).toBeGreaterThan(0);
    expect(rs.every((r) => r.error?.kind === 'stopped:max_cost')).toBe(true);

    // Resumed with the same budget: nothing is sent (no preflight either), nothing is started.
    const sent = server.requests.length;
    const again = await runEvaluation(options({ agents: [forever()], limit: 3, maxCost: 0.5, resume: first.runDir }));
    expect(again.planned).toBe(0);
    expect(server.requests.length).toBe(sent);
    expect(backend.prunes).toContainEqual({ labels: { 'io.atomic-skills.run': path.basename(first.runDir) } });

    // A larger budget: the run goes on, and its total (both runs) stays within it.
    const more = await runEvaluation(options({ agents: [forever()], limit: 3, maxCost: 0.9, resume: first.runDir }));
    expect(more.stoppedForCost).toBe(true);
    expect(totalBilled()).toBeLessThanOrEqual(0.9 + concurrency * 0.1 + 1e-9);
    expect((await readSpend(first.runDir))!.cost).toBeCloseTo(totalBilled(), 2);
  });

  it('refuses to start when a price is unknown, unless told to accept unknown spend', async () => {
    server.fallback('openai', () => openaiCompletion({ text: '{"files": []}' }));
    const local = agent('local', 'my-local-model');
    await expect(runEvaluation(options({ agents: [local], limit: 1, maxCost: 1 }))).rejects.toThrow(InputError);
    expect(server.requests).toHaveLength(0);
    const summary = await runEvaluation(options({ agents: [local], limit: 1, maxCost: 1, allowUnknownCost: true }));
    expect(summary.finished).toBe(1);
    expect(logs.filter((l) => l.includes('no price known'))).toHaveLength(1);
  });
});

describe('configuration errors stop the run at the preflight', () => {
  it('one request per configuration, an error naming each that failed, no trial, no run folder', async () => {
    server.fallback('openai', (req) =>
      req.body.model === 'gpt-4o' ? openaiError(404, 'The model `gpt-4o` does not exist') : openaiCompletion({ text: 'ready' }),
    );
    const err = await runEvaluation(options({ agents: [agent('good', 'gpt-4.1'), agent('wrong-model', 'gpt-4o')] })).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/wrong-model: .*HTTP 404 from http:\/\/127\.0\.0\.1:\d+\/v1: .*does not exist/);
    expect((err as Error).message).not.toContain('good:');
    expect(server.requests.map((r) => r.body.model).sort()).toEqual(['gpt-4.1', 'gpt-4o']);
    expect(backend.created).toHaveLength(0);
    expect(readdirSync(out)).toEqual([]);
  });

  it('an unreachable endpoint: named, with its cause, after one attempt', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/v1`;
    const dead = agent('dead', 'gpt-4.1', { provider: { base_url: url, max_retries: 4 } });
    const err = await runEvaluation(options({ agents: [dead] })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain(`dead: openai/gpt-4.1: cannot connect to ${url}: ECONNREFUSED`);
  });

  it('a transient fault at the preflight proves nothing: the run starts, its trials retry', async () => {
    server.enqueue('openai', openaiError(503, 'overloaded'));
    server.fallback('openai', () => openaiCompletion({ text: '{"files": []}' }));
    const summary = await runEvaluation(options({ agents: [agent('busy', 'gpt-4.1')], limit: 1 }));
    expect(summary.finished).toBe(1);
    expect(records(summary.runDir)[0].outcome).toBe('scored');
    expect(logs.some((l) => /busy: the preflight request met only transient faults/.test(l))).toBe(true);
  });

  it('records where requests went, an endpoint from the environment included', async () => {
    vi.stubEnv('OPENAI_BASE_URL', `${server.url}/v1`);
    server.fallback('openai', () => openaiCompletion({ text: '{"files": []}' }));
    const fromEnv = parseAgentConfig({ name: 'env-endpoint', model: 'openai/gpt-4.1' });
    const summary = await runEvaluation(options({ agents: [fromEnv], limit: 1 }));
    const meta = JSON.parse(readFileSync(path.join(summary.runDir, 'run.json'), 'utf8'));
    expect(meta.agents[0].endpoint).toEqual({ url: `${server.url}/v1`, source: 'env:OPENAI_BASE_URL' });
    expect(JSON.stringify(meta)).not.toContain('sk-run-spend-test');
  });
});

describe('a provider that echoes the key', () => {
  it('never gets it into any file of the run (results, trajectories, spend, reports)', async () => {
    const key = 'sk-run-spend-test-000000000';
    server.fallback('openai', (req) => {
      const echoed = String(req.headers.authorization).replace(/^Bearer /, '');
      return req.body.messages.length === 2 && !isPreflight(req.body)
        ? openaiCompletion({ toolCalls: [{ name: 'bash', arguments: JSON.stringify({ command: `echo ${echoed}` }) }], usage: USAGE })
        : openaiCompletion({ text: `{"files": ["${echoed}"]} my key is ${echoed}`, usage: USAGE });
    });
    const summary = await runEvaluation(options({ agents: [agent('echo', 'gpt-4.1')], limit: 1 }));
    const files = readdirSync(summary.runDir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(json|jsonl|md|html|xml)$/.test(f));
    expect(files).toEqual(expect.arrayContaining(['results.jsonl', 'report.md', 'report.html', 'summary.json']));
    expect(files.some((f) => f.startsWith('trajectories'))).toBe(true);
    for (const f of files) expect(readFileSync(path.join(summary.runDir, f), 'utf8'), f).not.toContain(key);
    expect(readFileSync(path.join(summary.runDir, 'results.jsonl'), 'utf8')).toContain('[REDACTED]');
    expect(logs.join('\n')).not.toContain(key);
  });
});

describe("the trial's wall limit", () => {
  it('ends a trial whose model never answers, as the agent limit, on time', async () => {
    server.fallback('openai', (req) =>
      isPreflight(req.body) ? openaiCompletion({ text: 'ready' }) : { body: null, fault: { kind: 'hang' } },
    );
    const slow = agent('slow', 'gpt-4.1', { limits: { max_wall_seconds: 2 }, provider: { timeout_seconds: 600 } });
    const summary = await runEvaluation(options({ agents: [slow], limit: 1 }));
    const [r] = records(summary.runDir);
    expect([r.outcome, r.error?.kind]).toEqual(['agent_error', 'limit:max_wall_seconds']);
    expect(r.wallMs).toBeLessThan(60_000); // generous: a hung API once held a trial for minutes
    server.dropConnections();
  });
});
