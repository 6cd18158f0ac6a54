// A ModelClient that plays a fixed script instead of calling a model: the oracle (a task's
// gold solution, one tool call per turn), noop (answers at once, empty), and replay (the tool
// calls and final answer recorded in a trajectory). Free and deterministic.
import type { ModelClient, ModelRequest, ModelResponse, ToolCall } from '../core/messages.js';
import { ZERO_USAGE } from '../core/messages.js';
import type { OracleScript } from '../core/skill.js';
import type { Trajectory } from '../agent/trajectory.js';

export interface ScriptTurn {
  text: string;
  toolCalls: ToolCall[];
}

export class ScriptedModelClient implements ModelClient {
  constructor(
    readonly id: string,
    private readonly turns: ScriptTurn[],
    private readonly finalAnswer: string,
  ) {}

  async complete(req: ModelRequest): Promise<ModelResponse> {
    // The turn is derived from the conversation, not a counter, so one client can serve
    // many trials (and a retried call replays the same turn).
    const turn = req.messages.filter((m) => m.role === 'assistant').length;
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
  return new ScriptedModelClient('oracle', turns, script.finalAnswer);
}

export function noopClient(): ScriptedModelClient {
  return new ScriptedModelClient('noop', [], '');
}

/** Re-issues a recorded run: each step's tool calls (malformed ones as they were), then its answer. */
export function replayClient(trajectory: Trajectory, id = 'replay'): ScriptedModelClient {
  const turns = trajectory.steps
    .filter((s) => s.response.toolCalls.length > 0)
    .map((s) => ({ text: s.response.text, toolCalls: s.response.toolCalls }));
  return new ScriptedModelClient(id, turns, trajectory.final.answer);
}
