// The shape of one scripted attack and the helpers that write its tool calls. An attack is a
// replayed trajectory (`replay:` model) run through the real CLI on a bundled task.
//
// Probes make containment checkable: `probe(name, cmd)` prints `ATTEMPTED:<name>` and then
// `ESCAPED:<name>` only if `cmd` succeeds — so every run shows both that the attempt was made
// and whether the boundary held, in the trajectory the harness itself recorded.
import type { TrialRecord } from '../../harness/core/results.js';
import type { Trajectory } from '../../harness/core/trajectory.js';

export type Call = { bash: string } | { editor: Record<string, unknown> } | { raw: { name: string; input?: unknown; rawInput?: string } };

export interface AttackResult {
  record: TrialRecord;
  trajectory: Trajectory | undefined;
  /** Every observation the harness recorded, in order. */
  observations: string[];
}

export interface Attack {
  /** File-name safe; also the agent's name in the run. */
  id: string;
  /** Bundled task it runs on. */
  task: string;
  /** What it tries, in one line (the test's title). */
  threat: string;
  calls: Call[];
  /** Several calls in ONE model reply (default: one call per reply). */
  oneReply?: boolean;
  answer?: string;
  /** Agent configuration overrides (bash timeout, limits). */
  agent?: { bash?: Record<string, unknown>; limits?: Record<string, unknown> };
  /** The outcome it must get: `zero` = scored 0 or agent_error (default); `agent_error` = that only. */
  outcome?: 'zero' | 'agent_error';
  /** The stream whose fix makes this case pass, while it has not landed (the case is then
   * expected to fail: vitest `it.fails`). Removed once the fix is on main. */
  pendingOn?: 'grading' | 'models' | 'editor';
  /** Further checks on what the harness recorded. */
  check?: (r: AttackResult) => void;
}

export const bash = (command: string): Call => ({ bash: command });
export const editor = (input: Record<string, unknown>): Call => ({ editor: input });

/** `ATTEMPTED:<name>`, then `ESCAPED:<name>` if the command succeeds (its output hidden). */
export function probe(name: string, command: string): string {
  return `echo ATTEMPTED:${name}; if ( ${command} ) >/dev/null 2>&1; then echo ESCAPED:${name}; fi`;
}

/** Several probes in one bash call. */
export function probes(list: Record<string, string>): Call {
  return bash(
    Object.entries(list)
      .map(([name, cmd]) => probe(name, cmd))
      .join('\n'),
  );
}

/** A file written by the agent (bash heredoc; the delimiter never occurs in the sources here). */
export function writeFile(path: string, content: string): Call {
  return bash(`mkdir -p "$(dirname ${path})" && cat > ${path} <<'ATTACK_EOF'\n${content}\nATTACK_EOF`);
}

/** Probe names an attack's calls use (to insist each was attempted). */
export function probeNames(calls: Call[]): string[] {
  const names: string[] = [];
  for (const c of calls) {
    if (!('bash' in c)) continue;
    for (const m of c.bash.matchAll(/echo ATTEMPTED:([\w.-]+)/g)) names.push(m[1]);
  }
  return names;
}

/** The replay trajectory for an attack (what `replay:` plays back). */
export function toTrajectory(a: Attack): Trajectory {
  const toolCalls = a.calls.map((c, i) => {
    const id = `${a.id}_${i + 1}`;
    if ('bash' in c) return { id, name: 'bash', input: { command: c.bash } };
    if ('editor' in c) return { id, name: 'str_replace_based_edit_tool', input: c.editor };
    return { id, ...c.raw } as { id: string; name: string; input: Record<string, unknown> };
  });
  const replies = a.oneReply ? [toolCalls] : toolCalls.map((t) => [t]);
  const usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
  return {
    version: 1,
    model: `replay:${a.id}`,
    agent: a.id,
    steps: replies.map((calls, i) => ({
      turn: i + 1,
      request: { messages: 1 + 2 * i, tools: ['bash', 'str_replace_based_edit_tool'] },
      response: { text: '', toolCalls: calls, stopReason: 'tool_use' },
      observations: [],
      usage,
      cost: 0,
      latencyMs: 0,
    })),
    final: { answer: a.answer ?? '', status: 'finished' },
    totals: { usage, cost: 0, turns: replies.length + 1, wallMs: 0 },
  };
}
