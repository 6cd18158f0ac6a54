// The agent loop (design §3 "Agent"): messages → model → tool calls, run in order →
// observations, until a reply without tool calls (its text is the answer) or a limit.
// Infrastructure failures (InfraError, SandboxError) propagate; the runner reports them apart.
import { AgentError } from '../core/errors.js';
import { type Message, type ModelClient, type ToolCall, type ToolResult, type Usage, ZERO_USAGE, addUsage } from '../core/messages.js';
import type { Sandbox } from '../sandbox/types.js';
import type { AgentConfig } from '../config/agent-config.js';
import { costOf, resolvePrice } from '../models/pricing.js';
import { createToolBox as realToolBox } from './tools/index.js';
import type { CreateToolBox, ToolBox } from './tools/types.js';
import { buildPrompts } from './prompts.js';
import type { AgentStatus, LimitName, Observation, Trajectory, TrajectoryStep } from './trajectory.js';

export interface RunAgentOptions {
  config: AgentConfig;
  model: ModelClient;
  sandbox: Sandbox;
  /** The task text. Rendered through the config's task template unless `system` is given,
   * in which case both are taken as already rendered. */
  taskPrompt: string;
  system?: string;
  /** Injected by tests; the real bash + editor tool box by default. */
  createToolBox?: CreateToolBox;
  /** The task's own agent time budget: the wall limit is the smaller of it and the config's. */
  wallSecondsOverride?: number;
  signal?: AbortSignal;
  /** Clock in ms (injected by tests for the wall-time limit). */
  now?: () => number;
  warn?: (message: string) => void;
}

export interface AgentRun {
  answer: string;
  status: AgentStatus;
  limit?: LimitName;
  /** Why status is 'error' (e.g. the conversation outgrew the model's context). */
  error?: { kind: string; message: string };
  usage: Usage;
  cost: number | null;
  turns: number;
  trajectory: Trajectory;
}

export const totalTokens = (u: Usage): number => u.inputTokens + u.outputTokens + u.cacheReadTokens + u.cacheWriteTokens;

/** An observation for a call the tools cannot run: arguments that are not a JSON object. */
function malformed(call: ToolCall): ToolResult {
  const raw = (call.rawInput ?? '').slice(0, 500);
  return { callId: call.id, isError: true, output: `Error: the arguments of this ${call.name} call are not a valid JSON object: ${raw}` };
}

export async function runAgent(opts: RunAgentOptions): Promise<AgentRun> {
  const { config, model, sandbox, signal } = opts;
  const now = opts.now ?? Date.now;
  const startedAt = now();
  const tools: ToolBox = (opts.createToolBox ?? realToolBox)(sandbox, {
    enabled: config.tools,
    bashTimeoutMs: config.bash.timeout_seconds * 1000,
    outputCapBytes: config.bash.output_cap_bytes,
    bashMode: config.bash.mode,
    editorDialect: model.nativeEditor ?? 'json',
  });
  const price = resolvePrice(config, opts.warn); // null: unknown model, costs null, no cost cap

  const prompts = opts.system !== undefined ? { system: opts.system, task: opts.taskPrompt } : buildPrompts(config, opts.taskPrompt);
  const wallMs = Math.min(config.limits.max_wall_seconds, opts.wallSecondsOverride ?? Infinity) * 1000;
  const messages: Message[] = [{ role: 'user', content: prompts.task }];
  const steps: TrajectoryStep[] = [];
  let usage: Usage = { ...ZERO_USAGE };
  let cost: number | null = price ? 0 : null;

  const limitReached = (): LimitName | undefined => {
    const { max_turns, max_total_tokens, max_cost_usd } = config.limits;
    if (steps.length >= max_turns) return 'max_turns';
    if (totalTokens(usage) >= max_total_tokens) return 'max_total_tokens';
    if (max_cost_usd !== undefined && cost !== null && cost >= max_cost_usd) return 'max_cost_usd';
    if (now() - startedAt >= wallMs) return 'max_wall_seconds';
    return undefined;
  };

  const finish = (status: AgentStatus, answer: string, extra: Pick<AgentRun, 'limit' | 'error'> = {}): AgentRun => {
    const trajectory: Trajectory = {
      version: 1,
      model: model.id,
      agent: config.name,
      steps,
      final: { answer, status, ...(extra.limit ? { limit: extra.limit } : {}), ...(extra.error ? { error: extra.error.message } : {}) },
      totals: { usage, cost, turns: steps.length, wallMs: now() - startedAt },
    };
    return { answer, status, ...extra, usage, cost, turns: steps.length, trajectory };
  };

  for (;;) {
    const limit = limitReached();
    if (limit) return finish('limit', '', { limit });
    signal?.throwIfAborted();

    const callStart = now();
    let reply;
    try {
      reply = await model.complete({ system: prompts.system, messages, tools: tools.specs, signal });
    } catch (err) {
      // The agent's own doing (e.g. context overflow): a failed trial, not an infra error.
      if (err instanceof AgentError) return finish('error', '', { error: { kind: err.reason, message: err.message } });
      throw err;
    }
    const step: TrajectoryStep = {
      turn: steps.length + 1,
      request: { messages: messages.length, tools: tools.specs.map((s) => s.name) },
      response: { text: reply.text, toolCalls: reply.toolCalls, stopReason: reply.stopReason },
      observations: [],
      usage: reply.usage,
      cost: costOf(reply.usage, price),
      latencyMs: now() - callStart,
    };
    steps.push(step);
    // Every billed call counts toward the caps, whatever its reply looked like.
    usage = addUsage(usage, reply.usage);
    cost = cost === null || step.cost === null ? null : cost + step.cost;
    messages.push({ role: 'assistant', text: reply.text, toolCalls: reply.toolCalls });
    if (reply.toolCalls.length === 0) return finish('finished', reply.text);

    const results: ToolResult[] = [];
    for (const call of reply.toolCalls) {
      signal?.throwIfAborted();
      const t0 = now();
      const result = call.input === undefined ? malformed(call) : await tools.run(call);
      const obs: Observation = { callId: call.id, tool: call.name, output: result.output, isError: result.isError, durationMs: now() - t0 };
      step.observations.push(obs);
      results.push(result);
    }
    messages.push({ role: 'tool', results });
  }
}
