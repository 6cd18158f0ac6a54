// The agent loop against a scripted ModelClient and a fake ToolBox: tool order, malformed
// calls, every limit, error propagation, prompts, and the oracle / noop / replay players.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentError, InfraError } from '../../harness/core/errors.js';
import type { ModelClient, ModelRequest, ModelResponse, ToolCall, ToolResult, ToolSpec } from '../../harness/core/messages.js';
import { SandboxError, type Sandbox } from '../../harness/core/sandbox.js';
import type { CreateToolBox, ToolBoxOptions } from '../../harness/agent/tools/types.js';
import { parseAgentConfig, type AgentConfigInput } from '../../harness/config/agent-config.js';
import { runAgent } from '../../harness/agent/loop.js';
import { readTrajectory } from '../../harness/core/trajectory.js';
import { serializeTrajectory } from '../../harness/results/store.js';
import { createModelClient } from '../../harness/models/index.js';

const SPECS: ToolSpec[] = [
  { name: 'bash', description: 'run', inputSchema: { type: 'object', properties: { command: { type: 'string' } } } },
  { name: 'str_replace_based_edit_tool', description: 'edit', inputSchema: { type: 'object' } },
];

const fakeSandbox = { id: 'fake', backend: 'local' } as unknown as Sandbox;

/** Records every call it runs and the options it was built with. */
function fakeTools(fail?: (call: ToolCall) => Error | undefined) {
  const ran: ToolCall[] = [];
  const built: ToolBoxOptions[] = [];
  const create: CreateToolBox = (_sb, options) => {
    built.push(options);
    return {
      specs: SPECS.filter((s) => options.enabled.includes(s.name)),
      async run(call): Promise<ToolResult> {
        const err = fail?.(call);
        if (err) throw err;
        ran.push(call);
        return { callId: call.id, output: `out:${String(call.input?.command ?? call.input?.path)}`, isError: false };
      },
    };
  };
  return { create, ran, built };
}

const bash = (command: string, id = command): ToolCall => ({ id, name: 'bash', input: { command } });

/** Plays fixed replies, then repeats the last one; records the requests. */
function scriptedModel(replies: Partial<ModelResponse>[], id = 'anthropic/claude-sonnet-4-5') {
  const requests: ModelRequest[] = [];
  const model: ModelClient = {
    id,
    async complete(req) {
      requests.push({ ...req, messages: [...req.messages] });
      const r = replies[Math.min(requests.length - 1, replies.length - 1)];
      return {
        text: r.text ?? '',
        toolCalls: r.toolCalls ?? [],
        stopReason: r.stopReason ?? 'end_turn',
        usage: r.usage ?? { inputTokens: 10, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0 },
      };
    },
  };
  return { model, requests };
}

const config = (extra: Partial<AgentConfigInput> = {}) => parseAgentConfig({ model: 'anthropic/claude-sonnet-4-5', ...extra });

describe('runAgent', () => {
  it('runs tool calls in order and returns the text of the first reply without tools', async () => {
    const tools = fakeTools();
    const { model, requests } = scriptedModel([
      { toolCalls: [bash('ls', 'a'), bash('pwd', 'b')] },
      { toolCalls: [{ id: 'c', name: 'str_replace_based_edit_tool', input: { command: 'view', path: '/testbed/x' } }] },
      { text: 'all done' },
    ]);
    const run = await runAgent({
      config: config(),
      model,
      sandbox: fakeSandbox,
      system: 'SYS',
      taskPrompt: 'TASK',
      createToolBox: tools.create,
    });

    expect(run.status).toBe('finished');
    expect(run.answer).toBe('all done');
    expect(run.turns).toBe(3);
    expect(tools.ran.map((c) => c.id)).toEqual(['a', 'b', 'c']);
    expect(run.usage).toEqual({ inputTokens: 30, outputTokens: 15, cacheReadTokens: 0, cacheWriteTokens: 0 });
    // claude-sonnet-4-5: $3 in, $15 out per MTok
    expect(run.cost).toBeCloseTo((30 * 3 + 15 * 15) / 1e6, 12);

    // The model sees its own calls and the observations, in order.
    expect(requests[0].system).toBe('SYS');
    expect(requests[0].messages).toEqual([{ role: 'user', content: 'TASK' }]);
    expect(requests[1].messages[2]).toEqual({
      role: 'tool',
      results: [
        { callId: 'a', output: 'out:ls', isError: false },
        { callId: 'b', output: 'out:pwd', isError: false },
      ],
    });
    expect(requests[0].tools.map((t) => t.name)).toEqual(['bash', 'str_replace_based_edit_tool']);

    const t = run.trajectory;
    expect(t.version).toBe(1);
    expect(t.steps).toHaveLength(3);
    expect(t.steps[0].observations.map((o) => o.output)).toEqual(['out:ls', 'out:pwd']);
    expect(t.steps[1].request).toEqual({ messages: 3, tools: ['bash', 'str_replace_based_edit_tool'] });
    expect(t.final).toEqual({ answer: 'all done', status: 'finished' });
    expect(t.prompts).toEqual({ system: 'SYS', task: 'TASK' });
    expect(t.totals.turns).toBe(3);
  });

  it('builds the tool box from the config', async () => {
    const tools = fakeTools();
    const { model, requests } = scriptedModel([{ text: 'x' }]);
    const cfg = config({ tools: ['bash'], bash: { mode: 'session', timeout_seconds: 7, output_cap_bytes: 123 } });
    await runAgent({ config: cfg, model, sandbox: fakeSandbox, system: 's', taskPrompt: 't', createToolBox: tools.create });
    expect(tools.built).toEqual([
      { enabled: ['bash'], bashTimeoutMs: 7000, outputCapBytes: 123, bashMode: 'session', editorDialect: 'json' },
    ]);
    expect(requests[0].tools.map((t) => t.name)).toEqual(['bash']);
  });

  it("gives the editor the native definition the model client declares (Claude 4's has no undo_edit)", async () => {
    const tools = fakeTools();
    const { model } = scriptedModel([{ text: 'x' }]);
    await runAgent({
      config: config({}),
      model: Object.assign(model, { nativeEditor: 'text_editor_20250728' as const }),
      sandbox: fakeSandbox,
      system: 's',
      taskPrompt: 't',
      createToolBox: tools.create,
    });
    expect(tools.built[0]).toMatchObject({ editorDialect: 'text_editor_20250728' });
  });

  it('renders the config prompts when no system prompt is given', async () => {
    const { model, requests } = scriptedModel([{ text: 'x' }]);
    const cfg = config({
      prompts: { system: 'in {{workdir}} with {{max_turns}} turns', task: 'TASK: {{task}}' },
      limits: { max_turns: 9 },
    });
    await runAgent({ config: cfg, model, sandbox: fakeSandbox, taskPrompt: 'fix it', createToolBox: fakeTools().create });
    expect(requests[0].system).toBe('in /testbed with 9 turns');
    expect(requests[0].messages[0]).toEqual({ role: 'user', content: 'TASK: fix it' });
  });

  it('answers a malformed tool call with an error observation, counts the turn, and goes on', async () => {
    const tools = fakeTools();
    const { model, requests } = scriptedModel([
      { toolCalls: [{ id: 'bad', name: 'bash', input: undefined, rawInput: '{"command": "ls' }] },
      { text: 'recovered' },
    ]);
    const run = await runAgent({
      config: config(),
      model,
      sandbox: fakeSandbox,
      system: 's',
      taskPrompt: 't',
      createToolBox: tools.create,
    });
    expect(run.status).toBe('finished');
    expect(run.answer).toBe('recovered');
    expect(run.turns).toBe(2);
    expect(tools.ran).toHaveLength(0);
    const obs = requests[1].messages[2];
    expect(obs.role).toBe('tool');
    if (obs.role !== 'tool') throw new Error('unreachable');
    expect(obs.results[0].isError).toBe(true);
    expect(obs.results[0].callId).toBe('bad');
    expect(obs.results[0].output).toContain('not a valid JSON object');
    expect(obs.results[0].output).toContain('{"command": "ls');
    expect(run.trajectory.steps[0].response.toolCalls[0].rawInput).toBe('{"command": "ls');
  });

  it('stops at max_turns', async () => {
    const { model, requests } = scriptedModel([{ toolCalls: [bash('loop')] }]);
    const run = await runAgent({
      config: config({ limits: { max_turns: 3 } }),
      model,
      sandbox: fakeSandbox,
      system: 's',
      taskPrompt: 't',
      createToolBox: fakeTools().create,
    });
    expect(run).toMatchObject({ status: 'limit', limit: 'max_turns', turns: 3, answer: '' });
    expect(requests).toHaveLength(3);
    expect(run.trajectory.final).toEqual({ answer: '', status: 'limit', limit: 'max_turns' });
  });

  it('stops at max_total_tokens, counting cache reads and writes', async () => {
    const usage = { inputTokens: 100, outputTokens: 100, cacheReadTokens: 150, cacheWriteTokens: 50 };
    const { model, requests } = scriptedModel([{ toolCalls: [bash('x')], usage }]);
    const run = await runAgent({
      config: config({ limits: { max_total_tokens: 1000 } }),
      model,
      sandbox: fakeSandbox,
      system: 's',
      taskPrompt: 't',
      createToolBox: fakeTools().create,
    });
    expect(run).toMatchObject({ status: 'limit', limit: 'max_total_tokens', turns: 3 });
    expect(requests).toHaveLength(3); // 400 + 400 < 1000, 1200 ≥ 1000
  });

  it('stops at max_cost_usd, counting every billed call', async () => {
    // $1 per 1000 input tokens → each call costs $0.10
    const usage = { inputTokens: 100, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
    const { model } = scriptedModel([
      { toolCalls: [{ id: 'm', name: 'bash', input: undefined, rawInput: 'nope' }], usage },
      { toolCalls: [bash('x')], usage },
    ]);
    const run = await runAgent({
      config: config({ limits: { max_cost_usd: 0.25 }, pricing: { input_per_mtok: 1000, output_per_mtok: 1000 } }),
      model,
      sandbox: fakeSandbox,
      system: 's',
      taskPrompt: 't',
      createToolBox: fakeTools().create,
    });
    expect(run).toMatchObject({ status: 'limit', limit: 'max_cost_usd', turns: 3 });
    expect(run.cost).toBeCloseTo(0.3, 10);
  });

  it('stops at max_wall_seconds on the injected clock, and obeys a shorter task budget', async () => {
    let clock = 0;
    const now = () => clock;
    const model: ModelClient = {
      id: 'noop',
      async complete() {
        clock += 100_000; // each call takes 100 s
        return {
          text: '',
          toolCalls: [bash('x')],
          usage: { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 },
          stopReason: 'tool_use',
        };
      },
    };
    const base = { model, sandbox: fakeSandbox, system: 's', taskPrompt: 't', now, createToolBox: fakeTools().create };
    const run = await runAgent({ ...base, config: config({ limits: { max_wall_seconds: 250 } }) });
    expect(run).toMatchObject({ status: 'limit', limit: 'max_wall_seconds', turns: 3 });
    expect(run.trajectory.steps[0].latencyMs).toBe(100_000);

    clock = 0;
    const shorter = await runAgent({ ...base, config: config({ limits: { max_wall_seconds: 1000 } }), wallSecondsOverride: 150 });
    expect(shorter).toMatchObject({ status: 'limit', limit: 'max_wall_seconds', turns: 2 });
  });

  it('propagates infrastructure errors from the model and the sandbox', async () => {
    const failing: ModelClient = { id: 'x', complete: async () => Promise.reject(new InfraError('network down')) };
    await expect(
      runAgent({ config: config(), model: failing, sandbox: fakeSandbox, system: 's', taskPrompt: 't', createToolBox: fakeTools().create }),
    ).rejects.toBeInstanceOf(InfraError);

    const { model } = scriptedModel([{ toolCalls: [bash('x')] }]);
    const tools = fakeTools(() => new SandboxError('daemon gone'));
    await expect(
      runAgent({ config: config(), model, sandbox: fakeSandbox, system: 's', taskPrompt: 't', createToolBox: tools.create }),
    ).rejects.toBeInstanceOf(SandboxError);
  });

  it("ends with status 'error' when the model reports the agent's own failure (context overflow)", async () => {
    const model: ModelClient = {
      id: 'x',
      complete: async () => Promise.reject(new AgentError('context_length', 'prompt is too long')),
    };
    const run = await runAgent({
      config: config(),
      model,
      sandbox: fakeSandbox,
      system: 's',
      taskPrompt: 't',
      createToolBox: fakeTools().create,
    });
    expect(run.status).toBe('error');
    expect(run.error).toEqual({ kind: 'context_length', message: 'prompt is too long' });
    expect(run.trajectory.final.status).toBe('error');
  });

  it('stops when the signal is aborted', async () => {
    const ctl = new AbortController();
    ctl.abort(new Error('stop'));
    const { model, requests } = scriptedModel([{ text: 'x' }]);
    await expect(
      runAgent({
        config: config(),
        model,
        sandbox: fakeSandbox,
        system: 's',
        taskPrompt: 't',
        signal: ctl.signal,
        createToolBox: fakeTools().create,
      }),
    ).rejects.toThrow('stop');
    expect(requests).toHaveLength(0);
  });
});

describe('scripted players', () => {
  it('oracle plays one tool call per turn, then the final answer, at zero cost', async () => {
    const tools = fakeTools();
    const model = createModelClient(parseAgentConfig({ model: 'oracle' }), {
      oracleScript: {
        steps: [
          { tool: 'bash', input: { command: 'make fix' } },
          { tool: 'str_replace_based_edit_tool', input: { command: 'create', path: '/testbed/a' } },
        ],
        finalAnswer: '{"files":["a"]}',
      },
    });
    const run = await runAgent({
      config: parseAgentConfig({ model: 'oracle' }),
      model,
      sandbox: fakeSandbox,
      taskPrompt: 't',
      createToolBox: tools.create,
    });
    expect(run).toMatchObject({ status: 'finished', answer: '{"files":["a"]}', turns: 3, cost: 0 });
    expect(tools.ran.map((c) => [c.name, c.input])).toEqual([
      ['bash', { command: 'make fix' }],
      ['str_replace_based_edit_tool', { command: 'create', path: '/testbed/a' }],
    ]);
  });

  it('oracle without a script is refused', () => {
    expect(() => createModelClient(parseAgentConfig({ model: 'oracle' }))).toThrow(/oracle script/);
  });

  it('noop answers at once with an empty message', async () => {
    const tools = fakeTools();
    const cfg = parseAgentConfig({ model: 'noop' });
    const run = await runAgent({
      config: cfg,
      model: createModelClient(cfg),
      sandbox: fakeSandbox,
      taskPrompt: 't',
      createToolBox: tools.create,
    });
    expect(run).toMatchObject({ status: 'finished', answer: '', turns: 1, cost: 0 });
    expect(tools.ran).toHaveLength(0);
  });

  it('replay re-issues a recorded run from its trajectory file', async () => {
    const first = fakeTools();
    const { model } = scriptedModel([
      { text: 'look', toolCalls: [bash('ls', 'a'), bash('cat x', 'b')] },
      { toolCalls: [{ id: 'm', name: 'bash', input: undefined, rawInput: '{oops' }] },
      { text: 'the answer' },
    ]);
    const original = await runAgent({
      config: config(),
      model,
      sandbox: fakeSandbox,
      system: 's',
      taskPrompt: 't',
      createToolBox: first.create,
    });
    const file = join(mkdtempSync(join(tmpdir(), 'as-replay-')), 'traj.json');
    writeFileSync(file, serializeTrajectory(original.trajectory));
    expect(readTrajectory(file).final.answer).toBe('the answer');

    const again = fakeTools();
    const cfg = parseAgentConfig({ model: `replay:${file}` });
    expect(cfg.name).toBe('replay-traj');
    const replayed = await runAgent({
      config: cfg,
      model: createModelClient(cfg),
      sandbox: fakeSandbox,
      taskPrompt: 't',
      createToolBox: again.create,
    });
    expect(replayed.answer).toBe('the answer');
    expect(replayed.turns).toBe(3);
    expect(again.ran.map((c) => c.input)).toEqual(first.ran.map((c) => c.input));
    expect(replayed.trajectory.steps[1].observations[0].isError).toBe(true);
  });
});
