// A ModelClient that plays a fixed script instead of calling a model: the oracle (a task's
// gold solution, one tool call per turn), noop (answers at once, empty), and replay (the tool
// calls and final answer recorded in a trajectory). Free and deterministic.
import { AgentError } from '../core/errors.js';
import type { ModelClient, ModelRequest, ModelResponse, ToolCall } from '../core/messages.js';
import { ZERO_USAGE } from '../core/messages.js';
import type { OracleScript } from '../core/skill.js';
import type { Trajectory } from '../core/trajectory.js';

export interface ScriptTurn {
  text: string;
  toolCalls: ToolCall[];
}

export class ScriptedModelClient implements ModelClient {
  constructor(
    readonly id: string,
    private readonly turns: ScriptTurn[],
    private readonly finalAnswer: string,
    /** Called on every request before it is answered (replay checks what the agent is told). */
    private readonly onRequest?: (req: ModelRequest) => void,
    /** Stop with an agent error naming the step when a tool call fails (the oracle: a gold
     * solution that cannot be played must say why, not end as an empty answer). */
    private readonly stopOnToolError = false,
  ) {}

  async complete(req: ModelRequest): Promise<ModelResponse> {
    this.onRequest?.(req);
    // The turn is derived from the conversation, not a counter, so one client can serve
    // many trials (and a retried call replays the same turn).
    const turn = req.messages.filter((m) => m.role === 'assistant').length;
    const last = req.messages[req.messages.length - 1];
    if (this.stopOnToolError && last?.role === 'tool') {
      // A failed call, or a bash command that exited non-zero ("exit code: N" in its observation).
      const failed = last.results.find((r) => r.isError || /^exit code: (?!0$)/m.test(r.output));
      if (failed) {
        const call = this.turns[turn - 1]?.toolCalls.find((c) => c.id === failed.callId);
        const what = call ? `${call.name} ${String(call.input?.command ?? '')} ${String(call.input?.path ?? '')}`.trim() : 'a tool call';
        throw new AgentError('oracle_step_failed', `oracle step ${turn} (${what}) failed: ${failed.output.slice(0, 1000)}`);
      }
    }
    const step = this.turns[turn];
    if (step) return { text: step.text, toolCalls: step.toolCalls, usage: { ...ZERO_USAGE }, stopReason: 'tool_use' };
    return { text: this.finalAnswer, toolCalls: [], usage: { ...ZERO_USAGE }, stopReason: 'end_turn' };
  }
}

export function oracleClient(script: OracleScript): ScriptedModelClient {
  const turns = script.steps.map((s, i) => ({
    text: '',
    toolCalls: [{ id: `oracle_${i + 1}`, name: s.tool, input: s.input }],
  }));
  return new ScriptedModelClient('oracle', turns, script.finalAnswer, undefined, true);
}

export function noopClient(): ScriptedModelClient {
  return new ScriptedModelClient('noop', [], '');
}

/** Re-issues a recorded run: each step's tool calls (malformed ones as they were), then its
 * answer. When the trajectory recorded its prompts and the agent is now told something else
 * (another task, another prompt template), that is said once: the replay is then not faithful. */
export function replayClient(trajectory: Trajectory, id = 'replay', warn?: (message: string) => void): ScriptedModelClient {
  const turns = trajectory.steps
    .filter((s) => s.response.toolCalls.length > 0)
    .map((s) => ({ text: s.response.text, toolCalls: s.response.toolCalls }));
  const recorded = trajectory.prompts;
  let warned = false;
  const check = (req: ModelRequest) => {
    if (!recorded || warned || req.messages.some((m) => m.role === 'assistant')) return;
    const first = req.messages[0];
    const task = first?.role === 'user' ? first.content : '';
    const differs = [req.system !== recorded.system && 'system prompt', task !== recorded.task && 'task prompt'].filter(Boolean);
    if (differs.length && warn) {
      warned = true;
      warn(`${id}: the ${differs.join(' and ')} differ from the ones recorded in the trajectory: this replay is not faithful`);
    }
  };
  return new ScriptedModelClient(id, turns, trajectory.final.answer, check);
}
