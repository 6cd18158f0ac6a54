// The REAL SDK clients against the mock server with faults injected per reply: every transient
// fault (a dripping, stalled, cut, empty or unparsable body, plain or streamed) is retried and
// counted; configuration faults stop at once with a message naming the endpoint; the trial's
// wall limit ends a request whatever it waits on; truncated replies are marked and handled.
import PQueue from 'p-queue';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, TransportError } from '../../harness/core/errors.js';
import type { ToolCall, ToolResult } from '../../harness/core/messages.js';
import type { Sandbox } from '../../harness/core/sandbox.js';
import type { CreateToolBox } from '../../harness/agent/tools/types.js';
import { parseAgentConfig, type AgentConfigInput } from '../../harness/config/agent-config.js';
import { CONTINUE_PROMPT, runAgent } from '../../harness/agent/loop.js';
import { createModelClient, rateLimiterFor, type CreateModelClientOptions } from '../../harness/models/index.js';
import {
  anthropicError,
  anthropicMessage,
  type MockLlmServer,
  type MockReply,
  openaiCompletion,
  openaiError,
  startMockLlmServer,
} from '../helpers/mock-llm-server.js';
import { closedPort } from '../helpers/net.js';
import { limitModel } from '../../harness/runner/limited-model.js';

const ENV = { ANTHROPIC_API_KEY: 'sk-ant-faults-0123456789', OPENAI_API_KEY: 'sk-openai-faults-0123456789' };
const sandbox = { id: 'none', backend: 'local' } as unknown as Sandbox;

/** bash "sleep" never returns (a command that hangs); anything else answers at once. */
const tools: CreateToolBox = () => ({
  specs: [{ name: 'bash', description: 'run', inputSchema: { type: 'object', properties: { command: { type: 'string' } } } }],
  run: (call: ToolCall): Promise<ToolResult> =>
    call.input?.command === 'sleep' ? new Promise(() => undefined) : Promise.resolve({ callId: call.id, output: 'ok', isError: false }),
});

let server: MockLlmServer;
let sleeps: number[];
let warnings: string[];
beforeAll(async () => {
  server = await startMockLlmServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.dropConnections();
  server.reset();
  sleeps = [];
  warnings = [];
});

type Provider = 'anthropic' | 'openai';
const FAST = { timeout_seconds: 1, stall_seconds: 0.3, max_retries: 2 };

function agent(provider: Provider, extra: Partial<AgentConfigInput> = {}, opts: CreateModelClientOptions = {}) {
  const config = parseAgentConfig({
    model: provider === 'anthropic' ? 'anthropic/claude-sonnet-5-5' : 'openai/gpt-4.1',
    ...extra,
    provider: { base_url: provider === 'anthropic' ? server.url : `${server.url}/v1`, ...FAST, ...extra.provider },
  });
  const retry = { baseDelayMs: 1, sleep: async (ms: number) => void sleeps.push(ms), random: () => 0.5 };
  const model = createModelClient(config, { env: ENV, retry, warn: (m) => warnings.push(m), ...opts });
  return { config, model };
}

const run = (a: ReturnType<typeof agent>) =>
  runAgent({ ...a, sandbox, system: 'sys', taskPrompt: 'task', createToolBox: tools, warn: (m) => warnings.push(m) });

const answer = (provider: Provider, text: string): MockReply =>
  provider === 'anthropic'
    ? anthropicMessage({ text, usage: { input_tokens: 1000, output_tokens: 100 } })
    : openaiCompletion({ text, usage: { prompt_tokens: 1000, completion_tokens: 100 } });

/** A reply of `answer` with a fault in its body. */
const faulty = (provider: Provider, fault: Partial<MockReply>): MockReply => ({ ...answer(provider, 'never seen'), ...fault });

const FAULTS: [string, Partial<MockReply>][] = [
  ['a body that drips past the deadline', { fault: { kind: 'drip', intervalMs: 150 } }],
  ['a body that stalls', { fault: { kind: 'stall', afterBytes: 20 } }],
  ['a body cut off mid-way', { fault: { kind: 'cut', afterBytes: 40 } }],
  ['headers that never come', { fault: { kind: 'hang' } }],
  ['a body that is not JSON', { raw: '{"id": "msg_1", "content": [' }],
  ['an empty 200', { raw: '' }],
  ['a 200 that is not a reply', { body: { hello: 'proxy page' } }],
];

describe.each(['anthropic', 'openai'] as const)('%s: transient faults are retried and counted', (provider) => {
  for (const stream of [false, true]) {
    for (const [what, fault] of FAULTS) {
      it(`${what}${stream ? ' (streamed)' : ''}`, async () => {
        server.enqueue(provider, faulty(provider, fault), answer(provider, 'second time lucky'));
        const result = await run(agent(provider, { provider: { stream } }));
        expect(result).toMatchObject({ status: 'finished', answer: 'second time lucky', turns: 1 });
        expect(result.trajectory.steps[0].attempts).toBe(2);
        expect(server.requestsFor(provider)).toHaveLength(2);
        expect(server.requestsFor(provider)[0].body.stream ?? false).toBe(stream);
        // Billed = recorded: the faulty reply was never delivered, the good one is counted once.
        expect(server.billed.replies).toBe(1);
        expect(result.usage.outputTokens).toBe(server.billed.output);
      });
    }
  }

  it('gives up after max_retries with a TransportError naming the endpoint and the attempts', async () => {
    server.fallback(provider, () => faulty(provider, { raw: 'garbage' }));
    const err = await run(agent(provider)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as Error).message).toMatch(/after 3 attempts: the reply is not valid JSON/);
    expect((err as Error).message).toContain(server.url);
    expect(server.requestsFor(provider)).toHaveLength(3);
  });

  it('honours retry-after on a 429, with jitter that only adds, and lowers its concurrency', async () => {
    const limited =
      provider === 'anthropic'
        ? anthropicError(429, 'rate_limit_error', 'slow down', { 'retry-after': '2' })
        : openaiError(429, 'slow down', 'rate_limit_exceeded', { 'retry-after': '2' });
    server.enqueue(provider, limited, answer(provider, 'ok'));
    const a = agent(provider, { provider: { max_concurrency: 8 } });
    const result = await run(a);
    expect(result.answer).toBe('ok');
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(2000);
    expect(sleeps[0]).toBeLessThanOrEqual(2400);
    // Halved to one on the 429 (one request was in flight), one up after the success that followed.
    expect(rateLimiterFor(a.config).concurrency).toBe(2);
  });
});

describe.each(['anthropic', 'openai'] as const)('%s: configuration faults stop at once', (provider) => {
  const cases: [number, string][] = [
    [401, 'invalid key'],
    [403, 'forbidden'],
    [404, 'model not found'],
    [400, 'invalid request: temperature'],
  ];
  for (const [status, message] of cases) {
    it(`HTTP ${status}`, async () => {
      server.fallback(provider, () =>
        provider === 'anthropic' ? anthropicError(status, 'error', message) : openaiError(status, message, 'some_code'),
      );
      const err = await run(agent(provider)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toContain(`HTTP ${status} from ${server.url}`);
      expect((err as Error).message).toContain(message);
      expect(server.requestsFor(provider)).toHaveLength(1);
    });
  }

  it('an unreachable base_url: fatal at preflight, naming the URL and the cause', async () => {
    const dead = await closedPort();
    const url = provider === 'anthropic' ? `http://127.0.0.1:${dead}` : `http://127.0.0.1:${dead}/v1`;
    const a = agent(provider, { provider: { base_url: url } }, { preflight: true });
    const err = await run(a).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain(`cannot connect to ${url}`);
    expect((err as Error).message).toContain('ECONNREFUSED');
    expect(sleeps).toHaveLength(0);
    // During a run the same fault is transient (a server restarting): retried, then a TransportError.
    const during = await run(agent(provider, { provider: { base_url: url } })).catch((e: unknown) => e);
    expect(during).toBeInstanceOf(TransportError);
    expect(sleeps).toHaveLength(2);
  });
});

describe.each(['anthropic', 'openai'] as const)("%s: the trial's wall limit ends whatever it waits on", (provider) => {
  // timeout_seconds is far longer than the wall limit: only the trial's deadline can end these.
  const slow = { timeout_seconds: 600, stall_seconds: 600 };

  for (const [what, fault] of [
    ['headers that never come', { fault: { kind: 'hang' } }],
    ['a dripping body', { fault: { kind: 'drip', intervalMs: 200 } }],
    ['a stalled stream', { fault: { kind: 'stall', afterBytes: 30 } }],
  ] as [string, Partial<MockReply>][]) {
    it(what, async () => {
      server.fallback(provider, () => faulty(provider, fault));
      const t0 = Date.now();
      const result = await run(
        agent(provider, { limits: { max_wall_seconds: 1 }, provider: { ...slow, stream: what.includes('stream') } }),
      );
      expect(result).toMatchObject({ status: 'limit', limit: 'max_wall_seconds' });
      expect(Date.now() - t0).toBeLessThan(30_000); // generous: the point is that it ends at all
    });
  }

  it("a turn waiting in the run's model queue (every slot held by other trials' requests)", async () => {
    server.fallback(provider, () => faulty(provider, { fault: { kind: 'hang' } }));
    const queue = new PQueue({ concurrency: 1 });
    const other = agent(provider, { provider: slow });
    const holder = new AbortController();
    const held = limitModel(other.model, queue)
      .complete({ system: 's', messages: [{ role: 'user', content: 'x' }], tools: [], signal: holder.signal })
      .catch(() => undefined);
    await vi.waitFor(() => expect(server.requestsFor(provider)).toHaveLength(1));
    const waiting = agent(provider, { limits: { max_wall_seconds: 1 }, provider: slow });
    const result = await run({ ...waiting, model: limitModel(waiting.model, queue) });
    expect(result).toMatchObject({ status: 'limit', limit: 'max_wall_seconds', turns: 0 });
    expect(server.requestsFor(provider)).toHaveLength(1); // the abandoned turn was never sent
    expect(queue.size).toBe(0); // ... nor left waiting for the slot
    holder.abort();
    await held;
  });

  it('a tool call that never returns', async () => {
    server.fallback(provider, () =>
      provider === 'anthropic'
        ? anthropicMessage({ toolUses: [{ name: 'bash', input: { command: 'sleep' } }] })
        : openaiCompletion({ toolCalls: [{ name: 'bash', arguments: '{"command":"sleep"}' }] }),
    );
    const result = await run(agent(provider, { limits: { max_wall_seconds: 1 }, provider: slow }));
    expect(result).toMatchObject({ status: 'limit', limit: 'max_wall_seconds', turns: 1 });
    expect(result.usage.inputTokens).toBeGreaterThan(0); // the call before the hang is counted
  });
});

describe.each(['anthropic', 'openai'] as const)('%s: truncation is visible', (provider) => {
  const cut = (text: string, toolUse = false): MockReply =>
    provider === 'anthropic'
      ? anthropicMessage({ text, stopReason: 'max_tokens', ...(toolUse ? { toolUses: [{ name: 'bash', input: { command: 'ls' } }] } : {}) })
      : openaiCompletion({
          text,
          finishReason: 'length',
          ...(toolUse ? { toolCalls: [{ name: 'bash', arguments: '{"command":"ls"}' }] } : {}),
        });

  for (const stream of [false, true]) {
    it(`a cut-off final answer is continued${stream ? ' (streamed)' : ''}`, async () => {
      server.enqueue(provider, cut('The answer is 4'), answer(provider, '2.'));
      const result = await run(agent(provider, { provider: { stream } }));
      expect(result).toMatchObject({ status: 'finished', answer: 'The answer is 42.', truncatedReplies: 1, turns: 2 });
      expect(result.trajectory.steps[0].response).toMatchObject({ truncated: true });
      expect(result.trajectory.final.truncated).toBeUndefined();
      const second = server.requestsFor(provider)[1].body.messages;
      expect(JSON.stringify(second[second.length - 1])).toContain(CONTINUE_PROMPT);
    });
  }

  it('an answer still cut after the continuations is marked', async () => {
    server.fallback(provider, () => cut('more '));
    const result = await run(agent(provider));
    expect(result).toMatchObject({ status: 'finished', answer: 'more more more ', truncatedReplies: 3 });
    expect(result.trajectory.final.truncated).toBe(true);
  });

  it('a tool call cut off is not run: the model is told so', async () => {
    server.enqueue(provider, cut('', true), answer(provider, 'done'));
    const result = await run(agent(provider));
    expect(result.answer).toBe('done');
    const obs = result.trajectory.steps[0].observations[0];
    expect(obs.isError).toBe(true);
    expect(obs.output).toMatch(/output-token limit .* it was not run/);
  });
});

describe('streaming', () => {
  it('plays tool calls and usage from a stream as from a plain reply', async () => {
    for (const provider of ['anthropic', 'openai'] as const) {
      server.reset();
      server.enqueue(
        provider,
        provider === 'anthropic'
          ? anthropicMessage({ text: 'look', toolUses: [{ name: 'bash', input: { command: 'ls -la' } }], usage: { input_tokens: 50 } })
          : openaiCompletion({
              text: 'look',
              toolCalls: [{ name: 'bash', arguments: '{"command":"ls -la"}' }],
              usage: { prompt_tokens: 50 },
            }),
        answer(provider, 'done'),
      );
      const result = await run(agent(provider, { provider: { stream: true } }));
      expect(result).toMatchObject({ status: 'finished', answer: 'done', turns: 2 });
      expect(result.trajectory.steps[0].response.toolCalls[0].input).toEqual({ command: 'ls -la' });
      expect(result.trajectory.steps[0].response.text).toBe('look');
      expect(result.usage).toMatchObject({ inputTokens: 1050, outputTokens: server.billed.output });
    }
  });

  it('is the default for long generations only', async () => {
    server.enqueue('anthropic', answer('anthropic', 'a'), answer('anthropic', 'b'));
    await run(agent('anthropic', { provider: { max_tokens: 64_000 } }));
    await run(agent('anthropic'));
    expect(server.requestsFor('anthropic').map((r) => r.body.stream ?? false)).toEqual([true, false]);
  });
});

it("passes the SDK's notices (a deprecated model) to warn instead of the console", async () => {
  server.enqueue('anthropic', answer('anthropic', 'ok'));
  const config = parseAgentConfig({ model: 'anthropic/claude-sonnet-4-5', provider: { base_url: server.url, ...FAST } });
  await run({ config, model: createModelClient(config, { env: ENV, warn: (m) => warnings.push(m) }) });
  expect(warnings.some((w) => /claude-sonnet-4-5' is deprecated/.test(w))).toBe(true);
});
