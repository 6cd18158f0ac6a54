// The agent loop: messages → model → tool calls, run in order → observations, until a reply
// without tool calls (its text is the answer) or a limit. One deadline, the trial's wall limit,
// reaches every model request (its body included) and every tool call, so a hung API or a
// command that never ends stops the trial on time, as the agent's limit.
// Failures that are not the agent's (InfraError, ConfigError, StoppedError, a harness bug) are
// thrown as they are, with the run so far attached (see partialRunOf): the runner keeps its
// trajectory and counts its spend whatever the outcome.
import { AgentError } from '../core/errors.js';
import { type Message, type ModelClient, type ToolCall, type ToolResult, type Usage, ZERO_USAGE, addUsage } from '../core/messages.js';
import { SandboxFileError, type Sandbox } from '../core/sandbox.js';
import type { AgentConfig } from '../config/agent-config.js';
import { costOf, resolvePrice } from '../models/pricing.js';
import { createToolBox as realToolBox } from './tools/index.js';
import type { CreateToolBox, ToolBox, ToolBoxOptions } from './tools/types.js';
import { buildPrompts } from './prompts.js';
import { boundReply, cutMiddle, MAX_REPLY_TEXT, oversizedCall } from './reply-bounds.js';
import type { AgentStatus, LimitName, Observation, Trajectory, TrajectoryStep } from '../core/trajectory.js';

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
  /** The run's signal (budget reached, Ctrl-C): its reason is thrown. */
  signal?: AbortSignal;
  /** Clock in ms (injected by tests for the wall-time limit checked between turns). */
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
  /** Replies cut by the output-token limit. */
  truncatedReplies: number;
  trajectory: Trajectory;
}

/** How often a final answer cut by the output-token limit is continued before it is taken as is (marked). */
export const MAX_CONTINUATIONS = 2;
export const CONTINUE_PROMPT =
  'Your reply was cut off by the output-token limit. Continue exactly where it stopped, without repeating anything.';
/** setTimeout's ceiling; a longer wall limit is as good as none. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export const totalTokens = (u: Usage): number => u.inputTokens + u.outputTokens + u.cacheReadTokens + u.cacheWriteTokens;

const partials = new WeakMap<object, AgentRun>();

/** The run up to the failure, for an error thrown by runAgent (undefined for other errors). */
export function partialRunOf(err: unknown): AgentRun | undefined {
  return typeof err === 'object' && err !== null ? partials.get(err) : undefined;
}

/** The tool box a configuration's agent gets, given its model client (native editor or not). */
export function toolBoxOptions(config: AgentConfig, model: Pick<ModelClient, 'nativeEditor'>): ToolBoxOptions {
  return {
    enabled: config.tools,
    bashTimeoutMs: config.bash.timeout_seconds * 1000,
    outputCapBytes: config.bash.output_cap_bytes,
    bashMode: config.bash.mode,
    editorDialect: model.nativeEditor ?? 'json',
  };
}

/** An observation for a call the tools cannot run: arguments that are not a JSON object. */
function malformed(call: ToolCall): ToolResult {
  const raw = (call.rawInput ?? '').slice(0, 500);
  return { callId: call.id, isError: true, output: `Error: the arguments of this ${call.name} call are not a valid JSON object: ${raw}` };
}

/** The last tool call of a reply cut by the output-token limit is incomplete: never run it. */
function cutOff(call: ToolCall, maxTokens: number): ToolResult {
  return {
    callId: call.id,
    isError: true,
    output: `Error: your reply reached the output-token limit (${maxTokens} tokens) before this ${call.name} call was complete; it was not run. Send it again, shorter if needed.`,
  };
}

/** `work`, or the signal's reason as soon as it aborts (the work is left to end on its own). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  work.catch(() => undefined); // whatever it ends with once abandoned is of no interest
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export async function runAgent(opts: RunAgentOptions): Promise<AgentRun> {
  const { config, model, sandbox } = opts;
  const now = opts.now ?? Date.now;
  const startedAt = now();
  const tools: ToolBox = (opts.createToolBox ?? realToolBox)(sandbox, toolBoxOptions(config, model));
  const price = resolvePrice(config, opts.warn); // null: unknown model, costs null, no cost cap

  const prompts = opts.system !== undefined ? { system: opts.system, task: opts.taskPrompt } : buildPrompts(config, opts.taskPrompt);
  const wallMs = Math.min(config.limits.max_wall_seconds, opts.wallSecondsOverride ?? Infinity) * 1000;
  const deadline = new AbortController();
  const timer = setTimeout(
    () => deadline.abort(new AgentError('max_wall_seconds', `the wall limit of ${wallMs / 1000} s was reached`)),
    Math.min(wallMs, MAX_TIMER_MS),
  );
  const signal = opts.signal ? AbortSignal.any([opts.signal, deadline.signal]) : deadline.signal;

  const messages: Message[] = [{ role: 'user', content: prompts.task }];
  const steps: TrajectoryStep[] = [];
  let usage: Usage = { ...ZERO_USAGE };
  let cost: number | null = price ? 0 : null;
  let truncatedReplies = 0;

  const limitReached = (): LimitName | undefined => {
    const { max_turns, max_total_tokens, max_cost_usd } = config.limits;
    if (steps.length >= max_turns) return 'max_turns';
    if (totalTokens(usage) >= max_total_tokens) return 'max_total_tokens';
    if (max_cost_usd !== undefined && cost !== null && cost >= max_cost_usd) return 'max_cost_usd';
    if (deadline.signal.aborted || now() - startedAt >= wallMs) return 'max_wall_seconds';
    return undefined;
  };

  type Extra = Pick<AgentRun, 'limit' | 'error'> & { truncated?: boolean };
  const finish = (status: AgentStatus, answer: string, extra: Extra = {}): AgentRun => {
    const final: Trajectory['final'] = { answer, status };
    if (extra.limit) final.limit = extra.limit;
    if (extra.error) final.error = extra.error.message;
    if (extra.truncated) final.truncated = true;
    const trajectory: Trajectory = {
      version: 1,
      model: model.id,
      agent: config.name,
      prompts,
      steps,
      final,
      totals: { usage, cost, turns: steps.length, wallMs: now() - startedAt },
    };
    const { limit, error } = extra;
    return {
      answer,
      status,
      ...(limit ? { limit } : {}),
      ...(error ? { error } : {}),
      usage,
      cost,
      turns: steps.length,
      truncatedReplies,
      trajectory,
    };
  };
  const limitHit = () => finish('limit', '', { limit: 'max_wall_seconds' });
  /** The error to throw for a failure that is not the agent's, carrying the run so far. */
  const failure = (err: unknown): unknown => {
    const thrown = opts.signal?.aborted ? opts.signal.reason : err;
    const e = typeof thrown === 'object' && thrown !== null ? thrown : new Error(String(thrown));
    const message = e instanceof Error ? e.message : String(e);
    partials.set(e, finish('error', '', { error: { kind: e instanceof Error ? e.name : 'error', message } }));
    return e;
  };

  try {
    // Prose that is the answer so far, when the model was asked to continue a cut-off reply.
    let answerSoFar = '';
    let continuations = 0;
    for (;;) {
      const limit = limitReached();
      if (limit) return finish('limit', '', { limit });
      if (opts.signal?.aborted) throw failure(opts.signal.reason);

      const callStart = now();
      let reply;
      // Calls whose arguments were too large to keep: answered, not run (reply-bounds.ts).
      let oversized: Set<ToolCall>;
      try {
        ({ reply, oversized } = boundReply(await model.complete({ system: prompts.system, messages, tools: tools.specs, signal })));
      } catch (err) {
        if (deadline.signal.aborted) return limitHit();
        // The agent's own doing (e.g. context overflow): a failed trial, not an infra error.
        if (err instanceof AgentError) return finish('error', '', { error: { kind: err.reason, message: err.message } });
        throw failure(err);
      }
      const truncated = reply.truncated === true;
      const step: TrajectoryStep = {
        turn: steps.length + 1,
        request: { messages: messages.length, tools: tools.specs.map((s) => s.name) },
        response: { text: reply.text, toolCalls: reply.toolCalls, stopReason: reply.stopReason, ...(truncated ? { truncated } : {}) },
        ...(reply.attempts ? { attempts: reply.attempts } : {}),
        observations: [],
        usage: reply.usage,
        cost: costOf(reply.usage, price),
        latencyMs: now() - callStart,
      };
      steps.push(step);
      // Every billed call counts toward the caps, whatever its reply looked like.
      usage = addUsage(usage, reply.usage);
      cost = cost === null || step.cost === null ? null : cost + step.cost;
      if (truncated) truncatedReplies++;
      messages.push({ role: 'assistant', text: reply.text, toolCalls: reply.toolCalls });

      if (reply.toolCalls.length === 0) {
        const answer = cutMiddle(answerSoFar + reply.text, MAX_REPLY_TEXT);
        if (truncated && continuations < MAX_CONTINUATIONS) {
          continuations++;
          answerSoFar = answer;
          messages.push({ role: 'user', content: CONTINUE_PROMPT });
          continue;
        }
        return finish('finished', answer, truncated ? { truncated } : {});
      }
      answerSoFar = '';
      continuations = 0;

      const results: ToolResult[] = [];
      for (const [i, call] of reply.toolCalls.entries()) {
        if (deadline.signal.aborted) return limitHit();
        if (opts.signal?.aborted) throw failure(opts.signal.reason);
        const t0 = now();
        let result: ToolResult;
        if (truncated && i === reply.toolCalls.length - 1) result = cutOff(call, config.provider.max_tokens);
        else if (oversized.has(call)) result = oversizedCall(call);
        else if (call.input === undefined) result = malformed(call);
        else {
          try {
            result = await untilAborted(tools.run(call), signal);
          } catch (err) {
            if (deadline.signal.aborted) return limitHit();
            if (err instanceof AgentError) return finish('error', '', { error: { kind: err.reason, message: err.message } });
            // A path the sandbox cannot use is the agent's mistake: it sees the error and goes on.
            if (!(err instanceof SandboxFileError)) throw failure(err);
            result = { callId: call.id, isError: true, output: `Error: ${err.message}` };
          }
        }
        const obs: Observation = {
          callId: call.id,
          tool: call.name,
          output: result.output,
          isError: result.isError,
          durationMs: now() - t0,
        };
        step.observations.push(obs);
        results.push(result);
      }
      messages.push({ role: 'tool', results });
    }
  } finally {
    clearTimeout(timer);
  }
}
