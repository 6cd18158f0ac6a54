// The REAL Anthropic and OpenAI SDK clients against a local mock server, driven by the agent
// loop with a fake tool box: episodes, retries, malformed calls, limits, pricing, secrets.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, InfraError, TransportError } from '../../harness/core/errors.js';
import type { ToolCall, ToolResult, ToolSpec } from '../../harness/core/messages.js';
import type { ExecOptions, ExecResult, Sandbox } from '../../harness/core/sandbox.js';
import type { CreateToolBox } from '../../harness/agent/tools/types.js';
import { parseAgentConfig, type AgentConfigInput } from '../../harness/config/agent-config.js';
import { runAgent } from '../../harness/agent/loop.js';
import { createMemorySandbox } from '../helpers/memory-sandbox.js';
import { serializeTrajectory } from '../../harness/results/store.js';
import { knownSecrets, redactText } from '../../harness/core/secrets.js';
import { createModelClient } from '../../harness/models/index.js';
import {
  anthropicError,
  anthropicMessage,
  type MockLlmServer,
  openaiCompletion,
  openaiError,
  startMockLlmServer,
} from '../helpers/mock-llm-server.js';

const ANTHROPIC_KEY = 'sk-ant-test-SECRET-123';
const OPENAI_KEY = 'sk-openai-test-SECRET-456';
const ENV = { ANTHROPIC_API_KEY: ANTHROPIC_KEY, OPENAI_API_KEY: OPENAI_KEY };

/** A sandbox that only records exec calls (command and options, env included). */
function recordingSandbox() {
  const execs: { cmd: string; opts?: ExecOptions }[] = [];
  const sandbox = {
    id: 'rec',
    backend: 'local',
    async exec(cmd: string, opts?: ExecOptions): Promise<ExecResult> {
      execs.push({ cmd, opts });
      return { stdout: `ran ${cmd}\n`, stderr: '', exitCode: 0, timedOut: false, truncated: false, durationMs: 1, oomKilled: false };
    },
  } as unknown as Sandbox;
  return { sandbox, execs };
}

const SPECS: ToolSpec[] = [
  {
    name: 'bash',
    description: 'Run a command.',
    inputSchema: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] },
  },
  {
    name: 'str_replace_based_edit_tool',
    description: 'Edit files.',
    inputSchema: { type: 'object', properties: { command: { type: 'string' }, path: { type: 'string' } } },
  },
];

/** bash goes through sandbox.exec (as the real tool does); the editor just acknowledges. */
const fakeToolBox: CreateToolBox = (sandbox, options) => ({
  specs: SPECS.filter((s) => options.enabled.includes(s.name)),
  async run(call: ToolCall): Promise<ToolResult> {
    if (call.name === 'bash') {
      const r = await sandbox.exec(String(call.input?.command), { timeoutMs: options.bashTimeoutMs });
      return { callId: call.id, output: r.stdout, isError: r.exitCode !== 0 };
    }
    return { callId: call.id, output: `edited ${String(call.input?.path)}`, isError: false };
  },
});

let server: MockLlmServer;
let sleeps: number[];
const warnings: string[] = [];
const retry = { baseDelayMs: 5, sleep: async (ms: number) => void sleeps.push(ms), random: () => 0 };

beforeAll(async () => {
  server = await startMockLlmServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
  sleeps = [];
  warnings.length = 0;
});

function anthropicAgent(extra: Partial<AgentConfigInput> = {}, model = 'claude-sonnet-5-5') {
  const config = parseAgentConfig({
    model: `anthropic/${model}`,
    ...extra,
    provider: { base_url: server.url, max_retries: 2, ...extra.provider },
  });
  return { config, model: createModelClient(config, { env: ENV, retry, warn: (m) => warnings.push(m) }) };
}

function openaiAgent(extra: Partial<AgentConfigInput> = {}, model = 'gpt-4.1') {
  const config = parseAgentConfig({
    model: `openai/${model}`,
    ...extra,
    provider: { base_url: `${server.url}/v1`, max_retries: 2, ...extra.provider },
  });
  return { config, model: createModelClient(config, { env: ENV, retry, warn: (m) => warnings.push(m) }) };
}

async function run(agent: ReturnType<typeof anthropicAgent>, sandbox: Sandbox = recordingSandbox().sandbox, now?: () => number) {
  return runAgent({
    ...agent,
    sandbox,
    system: 'You are a test agent.',
    taskPrompt: 'Fix the bug.',
    createToolBox: fakeToolBox,
    now,
    warn: (m) => warnings.push(m),
  });
}

describe('anthropic provider', () => {
  it('plays a multi-turn episode with native tools, cache breakpoints and cache-aware usage', async () => {
    server.enqueue(
      'anthropic',
      anthropicMessage({
        text: 'Looking.',
        toolUses: [{ id: 'tu1', name: 'bash', input: { command: 'ls' } }],
        usage: { input_tokens: 1000, output_tokens: 50, cache_creation_input_tokens: 2000 },
      }),
      anthropicMessage({
        toolUses: [
          { id: 'tu2', name: 'str_replace_based_edit_tool', input: { command: 'create', path: '/testbed/a.py', file_text: 'x' } },
          { id: 'tu3', name: 'bash', input: { command: 'pytest' } },
        ],
        usage: { input_tokens: 100, output_tokens: 80, cache_read_input_tokens: 2000, cache_creation_input_tokens: 1100 },
      }),
      anthropicMessage({ text: 'Fixed it.', usage: { input_tokens: 50, output_tokens: 10, cache_read_input_tokens: 3100 } }),
    );
    const { sandbox, execs } = recordingSandbox();
    const result = await run(anthropicAgent(), sandbox);

    expect(result.status).toBe('finished');
    expect(result.answer).toBe('Fixed it.');
    expect(result.turns).toBe(3);
    expect(execs.map((e) => e.cmd)).toEqual(['ls', 'pytest']);
    expect(result.usage).toEqual({ inputTokens: 1150, outputTokens: 140, cacheReadTokens: 5100, cacheWriteTokens: 3100 });
    // claude-sonnet-5-5: $2 in, $10 out, $0.10 cache read, $2.50 cache write per MTok
    const expected = (1150 * 2 + 140 * 10 + 5100 * 0.1 + 3100 * 2.5) / 1e6;
    expect(result.cost).toBeCloseTo(expected, 12);
    expect(result.trajectory.steps[1].usage.cacheReadTokens).toBe(2000);

    const reqs = server.requestsFor('anthropic');
    expect(reqs).toHaveLength(3);
    // The key goes in x-api-key, as the Messages API documents; no bearer token besides.
    expect(reqs[0].headers['x-api-key']).toBe(ANTHROPIC_KEY);
    expect(reqs[0].headers.authorization).toBeUndefined();
    const body = reqs[0].body;
    expect(body.model).toBe('claude-sonnet-5-5');
    expect(body.max_tokens).toBe(4096);
    expect(body.system).toEqual([{ type: 'text', text: 'You are a test agent.', cache_control: { type: 'ephemeral' } }]);
    expect(body.tools).toEqual([
      { type: 'bash_20250124', name: 'bash' },
      { type: 'text_editor_20250728', name: 'str_replace_based_edit_tool', cache_control: { type: 'ephemeral' } },
    ]);
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Fix the bug.', cache_control: { type: 'ephemeral' } }] },
    ]);

    // Turn 3 carries the whole conversation: our tool_use blocks and the tool_results.
    const last = reqs[2].body.messages;
    expect(last.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user']);
    expect(last[1].content).toEqual([
      { type: 'text', text: 'Looking.' },
      { type: 'tool_use', id: 'tu1', name: 'bash', input: { command: 'ls' } },
    ]);
    expect(last[4].content).toEqual([
      { type: 'tool_result', tool_use_id: 'tu2', content: 'edited /testbed/a.py', is_error: false },
      { type: 'tool_result', tool_use_id: 'tu3', content: 'ran pytest\n', is_error: false, cache_control: { type: 'ephemeral' } },
    ]);
    // Only the newest block carries the moving breakpoint (at most 4 are allowed).
    expect(last[2].content[0].cache_control).toBeUndefined();
  });

  it('gives Claude 3.x the older editor type and maps its name back to ours', async () => {
    server.enqueue(
      'anthropic',
      anthropicMessage({ toolUses: [{ id: 'e1', name: 'str_replace_editor', input: { command: 'view', path: '/testbed' } }] }),
      anthropicMessage({ text: 'ok' }),
    );
    const result = await run(anthropicAgent({}, 'claude-3-7-sonnet-20250219'));
    expect(result.trajectory.steps[0].response.toolCalls[0].name).toBe('str_replace_based_edit_tool');
    expect(result.trajectory.steps[0].observations[0].output).toBe('edited /testbed');
    const [first, second] = server.requestsFor('anthropic');
    expect(first.body.tools.map((t: { type: string; name: string }) => [t.type, t.name])).toEqual([
      ['bash_20250124', 'bash'],
      ['text_editor_20250124', 'str_replace_editor'],
    ]);
    expect(second.body.messages[1].content[0]).toMatchObject({ type: 'tool_use', name: 'str_replace_editor' });
  });

  it('hands thinking blocks back, unchanged, ahead of the tool calls they led to', async () => {
    server.enqueue(
      'anthropic',
      anthropicMessage({
        thinking: [{ thinking: 'list first', signature: 'sig-1' }],
        toolUses: [{ id: 't1', name: 'bash', input: { command: 'ls' } }],
      }),
      anthropicMessage({ text: 'done' }),
    );
    const result = await run(anthropicAgent());
    expect(result.answer).toBe('done');
    expect(server.requestsFor('anthropic')[1].body.messages[1].content).toEqual([
      { type: 'thinking', thinking: 'list first', signature: 'sig-1' },
      { type: 'tool_use', id: 't1', name: 'bash', input: { command: 'ls' } },
    ]);
  });

  it('sends plain JSON-schema tools with tool_style json', async () => {
    server.enqueue('anthropic', anthropicMessage({ text: 'ok' }));
    await run(anthropicAgent({ tools: ['bash'], provider: { tool_style: 'json' } }));
    expect(server.requestsFor('anthropic')[0].body.tools).toEqual([
      { name: 'bash', description: 'Run a command.', input_schema: SPECS[0].inputSchema, cache_control: { type: 'ephemeral' } },
    ]);
  });

  it('retries a 429 after the retry-after the server asked for', async () => {
    server.enqueue(
      'anthropic',
      anthropicError(429, 'rate_limit_error', 'slow down', { 'retry-after': '3' }),
      anthropicMessage({ text: 'done' }),
    );
    const result = await run(anthropicAgent());
    expect(result.answer).toBe('done');
    expect(sleeps).toEqual([3000]);
    expect(server.requestsFor('anthropic')).toHaveLength(2);
  });

  it('retries a 529 overloaded with backoff', async () => {
    server.enqueue('anthropic', anthropicError(529, 'overloaded_error', 'Overloaded'), anthropicMessage({ text: 'done' }));
    const result = await run(anthropicAgent());
    expect(result.answer).toBe('done');
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(0);
    expect(sleeps[0]).toBeLessThanOrEqual(5 * 1.25);
  });

  it('turns a 5xx that outlasts the retries into a TransportError (an InfraError)', async () => {
    server.fallback('anthropic', () => anthropicError(500, 'api_error', 'boom'));
    const err = await run(anthropicAgent()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(err).toBeInstanceOf(InfraError);
    expect((err as Error).message).toMatch(/HTTP 500 from http:\/\/127\.0\.0\.1:\d+ after 3 attempts: boom/);
    expect(server.requestsFor('anthropic')).toHaveLength(3); // max_retries: 2
    expect(sleeps).toHaveLength(2);
  });

  it('turns a 401 into a ConfigError at once, without retrying', async () => {
    server.enqueue('anthropic', anthropicError(401, 'authentication_error', 'invalid x-api-key'));
    const err = await run(anthropicAgent()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/HTTP 401/);
    expect(server.requestsFor('anthropic')).toHaveLength(1);
  });

  it("ends the run with status 'error' when the conversation outgrows the context", async () => {
    server.enqueue('anthropic', anthropicError(400, 'invalid_request_error', 'prompt is too long: 210000 tokens > 200000 maximum'));
    const result = await run(anthropicAgent());
    expect(result.status).toBe('error');
    expect(result.error?.kind).toBe('context_length');
  });

  it('declares its native editor dialect before the SDK loads, and keeps it through the request limiter', async () => {
    const { limitModel } = await import('../../harness/runner/limited-model.js');
    const { default: PQueue } = await import('p-queue');
    expect(anthropicAgent().model.nativeEditor).toBe('text_editor_20250728');
    expect(anthropicAgent({}, 'claude-3-5-haiku').model.nativeEditor).toBe('text_editor_20250124');
    expect(anthropicAgent({ provider: { tool_style: 'json' } }).model.nativeEditor).toBeUndefined();
    expect(limitModel(anthropicAgent().model, new PQueue()).nativeEditor).toBe('text_editor_20250728');
  });

  it('needs its key in the environment', () => {
    const config = parseAgentConfig({ model: 'anthropic/claude-sonnet-5-5' });
    expect(() => createModelClient(config, { env: {} })).toThrow(ConfigError);
    expect(() => createModelClient(config, { env: {} })).toThrow(/ANTHROPIC_API_KEY is not set/);
    const custom = parseAgentConfig({ model: 'anthropic/claude-sonnet-5-5', provider: { api_key_env: 'MY_CLAUDE' } });
    expect(() => createModelClient(custom, { env: { ANTHROPIC_API_KEY: 'x' } })).toThrow(/MY_CLAUDE is not set/);
  });
});

describe('openai provider', () => {
  it('plays a multi-turn episode with function tools and cached-token accounting', async () => {
    server.enqueue(
      'openai',
      openaiCompletion({
        toolCalls: [{ id: 'c1', name: 'bash', arguments: '{"command":"ls"}' }],
        usage: { prompt_tokens: 1000, completion_tokens: 30 },
      }),
      openaiCompletion({ text: 'All good.', usage: { prompt_tokens: 1200, completion_tokens: 20, cached_tokens: 1000 } }),
    );
    const { sandbox, execs } = recordingSandbox();
    const result = await run(openaiAgent(), sandbox);

    expect(result).toMatchObject({ status: 'finished', answer: 'All good.', turns: 2 });
    expect(execs.map((e) => e.cmd)).toEqual(['ls']);
    expect(result.usage).toEqual({ inputTokens: 1200, outputTokens: 50, cacheReadTokens: 1000, cacheWriteTokens: 0 });
    // gpt-4.1: $2 in, $8 out, $0.50 cached
    expect(result.cost).toBeCloseTo((1200 * 2 + 50 * 8 + 1000 * 0.5) / 1e6, 12);

    const reqs = server.requestsFor('openai');
    expect(reqs[0].headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
    expect(reqs[0].body.model).toBe('gpt-4.1');
    expect(reqs[0].body.max_tokens).toBe(4096); // a base_url server gets max_tokens
    expect(reqs[0].body.tools).toEqual(
      SPECS.map((s) => ({ type: 'function', function: { name: s.name, description: s.description, parameters: s.inputSchema } })),
    );
    expect(reqs[0].body.messages).toEqual([
      { role: 'system', content: 'You are a test agent.' },
      { role: 'user', content: 'Fix the bug.' },
    ]);
    expect(reqs[1].body.messages.slice(2)).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'bash', arguments: '{"command":"ls"}' } }],
      },
      { role: 'tool', tool_call_id: 'c1', content: 'ran ls\n' },
    ]);
  });

  it('answers tool-call arguments that are not JSON with an error observation, and goes on', async () => {
    server.enqueue(
      'openai',
      openaiCompletion({ toolCalls: [{ id: 'bad', name: 'bash', arguments: '{"command": "ls' }] }),
      openaiCompletion({ toolCalls: [{ id: 'good', name: 'bash', arguments: '{"command":"ls"}' }] }),
      openaiCompletion({ text: 'done' }),
    );
    const { sandbox, execs } = recordingSandbox();
    const result = await run(openaiAgent(), sandbox);
    expect(result).toMatchObject({ status: 'finished', answer: 'done', turns: 3 });
    expect(execs.map((e) => e.cmd)).toEqual(['ls']);
    const step = result.trajectory.steps[0];
    expect(step.response.toolCalls[0]).toEqual({ id: 'bad', name: 'bash', input: undefined, rawInput: '{"command": "ls' });
    expect(step.observations[0].isError).toBe(true);
    // The model sees its own malformed call echoed back, then the error.
    const msgs = server.requestsFor('openai')[1].body.messages;
    expect(msgs[2].tool_calls[0].function.arguments).toBe('{"command": "ls');
    expect(msgs[3]).toMatchObject({ role: 'tool', tool_call_id: 'bad' });
    expect(msgs[3].content).toContain('not a valid JSON object');
  });

  it('retries a 429 honouring retry-after-ms, then a 503', async () => {
    server.enqueue(
      'openai',
      openaiError(429, 'Rate limit reached', 'rate_limit_exceeded', { 'retry-after-ms': '1500' }),
      openaiError(503, 'unavailable'),
      openaiCompletion({ text: 'ok' }),
    );
    const result = await run(openaiAgent());
    expect(result.answer).toBe('ok');
    expect(sleeps[0]).toBe(1500);
    expect(sleeps).toHaveLength(2);
  });

  it('turns a 400 into a ConfigError (configuration, not the agent)', async () => {
    server.enqueue('openai', openaiError(400, 'Unrecognized request argument supplied: foo'));
    await expect(run(openaiAgent())).rejects.toBeInstanceOf(ConfigError);
    expect(server.requestsFor('openai')).toHaveLength(1);
  });

  it('sends max_completion_tokens to OpenAI itself (no base_url) and needs the key there', async () => {
    const config = parseAgentConfig({ model: 'openai/gpt-4.1' });
    expect(() => createModelClient(config, { env: {} })).toThrow(/OPENAI_API_KEY is not set/);
    // The vendor's URL, routed to the mock by an injected fetch.
    const urls: string[] = [];
    const toMock: typeof fetch = (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      urls.push(url);
      return fetch(url.replace('https://api.openai.com', server.url), init);
    };
    server.enqueue('openai', openaiCompletion({ text: 'hi' }));
    const model = createModelClient(config, { env: ENV, retry, fetch: toMock });
    await runAgent({ config, model, sandbox: recordingSandbox().sandbox, system: 's', taskPrompt: 't', createToolBox: fakeToolBox });
    expect(urls).toEqual(['https://api.openai.com/v1/chat/completions']);
    const body = server.requestsFor('openai')[0].body;
    expect(body.max_completion_tokens).toBe(4096);
    expect(body.max_tokens).toBeUndefined();
  });

  it('prices an unknown model at null, with one warning', async () => {
    server.fallback('openai', () => openaiCompletion({ text: 'hi' }));
    const agent = openaiAgent({ limits: { max_cost_usd: 1 } }, 'my-local-model-xyz');
    const first = await run(agent);
    const second = await run(agent);
    expect(first.cost).toBeNull();
    expect(second.cost).toBeNull();
    expect(first.trajectory.steps[0].cost).toBeNull();
    expect(warnings.filter((w) => w.includes('no price known'))).toHaveLength(1);
  });

  it('calls a keyless local server with a placeholder key', async () => {
    server.enqueue('openai', openaiCompletion({ text: 'hi' }));
    const config = parseAgentConfig({ model: 'openai/qwen', provider: { base_url: `${server.url}/v1`, api_key_env: 'LOCAL_KEY' } });
    const got: string[] = [];
    const model = createModelClient(config, { env: {}, warn: (m) => got.push(m) });
    const result = await runAgent({
      config,
      model,
      sandbox: recordingSandbox().sandbox,
      system: 's',
      taskPrompt: 't',
      createToolBox: fakeToolBox,
    });
    expect(result.answer).toBe('hi');
    expect(got[0]).toMatch(/LOCAL_KEY is not set/);
  });
});

describe('limits through the real clients', () => {
  const toolForever = () =>
    anthropicMessage({ toolUses: [{ name: 'bash', input: { command: 'true' } }], usage: { input_tokens: 300, output_tokens: 100 } });

  it('max_turns', async () => {
    server.fallback('anthropic', toolForever);
    const result = await run(anthropicAgent({ limits: { max_turns: 4 } }));
    expect(result).toMatchObject({ status: 'limit', limit: 'max_turns', turns: 4 });
    expect(server.requestsFor('anthropic')).toHaveLength(4);
  });

  it('max_total_tokens', async () => {
    server.fallback('anthropic', toolForever);
    const result = await run(anthropicAgent({ limits: { max_total_tokens: 1000 } }));
    expect(result).toMatchObject({ status: 'limit', limit: 'max_total_tokens', turns: 3 });
  });

  it('max_cost_usd', async () => {
    server.fallback('anthropic', toolForever); // 300×$2 + 100×$10 per MTok = $0.0016 a call
    const result = await run(anthropicAgent({ limits: { max_cost_usd: 0.004 } }));
    expect(result).toMatchObject({ status: 'limit', limit: 'max_cost_usd', turns: 3 });
  });

  it('max_wall_seconds with an injected clock', async () => {
    let clock = 0;
    server.fallback('anthropic', () => {
      clock += 60_000;
      return toolForever();
    });
    const result = await run(anthropicAgent({ limits: { max_wall_seconds: 150 } }), undefined, () => clock);
    expect(result).toMatchObject({ status: 'limit', limit: 'max_wall_seconds', turns: 3 });
  });
});

describe('secrets', () => {
  it('never puts an API key in the trajectory or in a sandbox exec', async () => {
    // A hostile server echoes the key into the reply text and a tool call.
    server.fallback('anthropic', (req) => {
      const key = String(req.headers['x-api-key'] ?? req.headers.authorization).replace(/^Bearer /, '');
      return req.body.messages.length === 1
        ? anthropicMessage({ text: `my key is ${key}`, toolUses: [{ name: 'bash', input: { command: 'env | grep KEY' } }] })
        : anthropicMessage({ text: `bye ${key}` });
    });
    const { sandbox, execs } = recordingSandbox();
    const agent = anthropicAgent();
    const result = await run(agent, sandbox);
    expect(result.status).toBe('finished');

    // The key came from an injected env, not process.env: the redactor still knows it.
    const text = serializeTrajectory(result.trajectory);
    expect(text).toContain('[REDACTED]');
    expect(text).not.toContain(ANTHROPIC_KEY);
    expect(text).not.toContain('SECRET-123');

    expect(execs).toHaveLength(1);
    for (const e of execs) {
      expect(e.cmd).not.toContain(ANTHROPIC_KEY);
      expect(JSON.stringify(e.opts?.env ?? {})).not.toContain(ANTHROPIC_KEY);
    }
    // Nor in the config that is hashed and written to run.json.
    expect(JSON.stringify(agent.config)).not.toContain(ANTHROPIC_KEY);
  });

  it('the real tool box runs commands without the host environment', async () => {
    vi.stubEnv('ANTHROPIC_API_KEY', ANTHROPIC_KEY);
    const mem = await createMemorySandbox({ files: { 'a.txt': 'hello\n' } });
    const envs: (Record<string, string> | undefined)[] = [];
    const sandbox: Sandbox = { ...mem, exec: (cmd, opts) => (envs.push(opts?.env), mem.exec(cmd, opts)) };
    try {
      for (const mode of ['stateless', 'session'] as const) {
        server.enqueue(
          'anthropic',
          anthropicMessage({ toolUses: [{ name: 'bash', input: { command: 'env; cat a.txt' } }] }),
          anthropicMessage({ text: 'done' }),
        );
        const agent = anthropicAgent({ bash: { mode } });
        const result = await runAgent({ ...agent, sandbox, system: 's', taskPrompt: 't' }); // real createToolBox
        const obs = result.trajectory.steps[0].observations[0];
        expect(obs.output).toContain('hello');
        expect(obs.output).toContain('PATH=');
        expect(obs.output).not.toContain(ANTHROPIC_KEY);
      }
      expect(envs.length).toBeGreaterThan(0);
      expect(JSON.stringify(envs)).not.toContain(ANTHROPIC_KEY);
    } finally {
      vi.unstubAllEnvs();
      await mem.destroy();
    }
  });

  it('redacts keys found in the process environment as well', () => {
    const env = { OPENAI_API_KEY: OPENAI_KEY, VLLM_API_KEY: 'local-secret-789', HOME: '/root', SHORT_KEY: 'abc' };
    expect(knownSecrets(env)).toEqual(expect.arrayContaining([OPENAI_KEY, 'local-secret-789']));
    expect(redactText(`a ${OPENAI_KEY} b abc /root`, knownSecrets(env))).toBe('a [REDACTED] b abc /root');
    // JSON-escaped forms go too.
    expect(redactText(JSON.stringify({ k: 'x"local-secret-789' }), ['x"local-secret-789'])).toBe('{"k":"[REDACTED]"}');
  });
});
