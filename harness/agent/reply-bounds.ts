// What one model reply may carry into the harness. A reply is copied many times once it is in
// (the message history, the trajectory and its JSON, each redaction pass, the results line, the
// reports), so a model — or a replayed trajectory, or a hostile provider — that sends tens of
// megabytes would take the harness past its memory bound. Past these limits the reply is cut
// where it enters the loop, before any copy: text keeps its head and its tail (the answer is
// searched for at its end), and a tool call whose arguments are too large is not run — the
// model is told so. An honest reply is far below them (a whole max_tokens reply is < 1 MiB).
import type { ModelResponse, ToolCall, ToolResult } from '../core/messages.js';

/** Characters of reply text kept (head + tail). */
export const MAX_REPLY_TEXT = 1024 * 1024;
/** Characters a tool call's arguments may hold (their strings and keys, counted). */
export const MAX_CALL_INPUT = 1024 * 1024;
const TEXT_HEAD = 64 * 1024;
/** A tool name or call id longer than this is no tool's: kept cut. */
const MAX_NAME = 256;
/** Unparsable arguments are kept this long for the trajectory (the model is shown less). */
const MAX_RAW_INPUT = 64 * 1024;

/** `text` cut to `max` characters: its head, a marker saying how much went, and its tail. */
export function cutMiddle(text: string, max: number, head = Math.min(TEXT_HEAD, max >> 4)): string {
  if (text.length <= max) return text;
  const dropped = text.length - max;
  return `${text.slice(0, head)}\n[… ${dropped} characters cut by the harness: a reply may carry ${max} …]\n${text.slice(text.length - (max - head))}`;
}

/** Nesting a tool call's arguments may have (tools take flat arguments; JSON cannot even write
 * a value nested some thousands deep, and the trajectory must be written). */
export const MAX_CALL_DEPTH = 64;

/** A lower bound of the characters in a JSON value, counted until it passes `limit`; Infinity
 * when it is nested deeper than MAX_CALL_DEPTH. */
export function jsonSizeOver(value: unknown, limit: number): number {
  let size = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length && size <= limit) {
    const [v, depth] = stack.pop()!;
    if (typeof v === 'string') size += v.length + 2;
    else if (v && typeof v === 'object') {
      if (depth >= MAX_CALL_DEPTH) return Infinity;
      for (const [k, item] of Object.entries(v)) {
        size += k.length + 4;
        stack.push([item, depth + 1]);
      }
    } else size += 8;
  }
  return size;
}

export interface BoundedReply {
  reply: ModelResponse;
  /** Calls whose arguments were too large: answered with an error, not run. */
  oversized: Set<ToolCall>;
}

function boundedCall(call: ToolCall, oversized: Set<ToolCall>): ToolCall {
  const id = cutMiddle(String(call.id), MAX_NAME, MAX_NAME >> 1);
  const name = cutMiddle(String(call.name), MAX_NAME, MAX_NAME >> 1);
  if (call.input !== undefined && jsonSizeOver(call.input, MAX_CALL_INPUT) > MAX_CALL_INPUT) {
    const cut: ToolCall = {
      id,
      name,
      input: undefined,
      rawInput: `[arguments over ${MAX_CALL_INPUT} characters or ${MAX_CALL_DEPTH} levels deep, not kept]`,
    };
    oversized.add(cut);
    return cut;
  }
  const rawInput = call.rawInput === undefined ? undefined : cutMiddle(String(call.rawInput), MAX_RAW_INPUT);
  if (id === call.id && name === call.name && rawInput === call.rawInput) return call;
  return { ...call, id, name, ...(rawInput === undefined ? {} : { rawInput }) };
}

/** The reply as the loop may keep it (the same object when nothing was over a limit). */
export function boundReply(reply: ModelResponse): BoundedReply {
  const oversized = new Set<ToolCall>();
  const text = cutMiddle(reply.text, MAX_REPLY_TEXT);
  const toolCalls = reply.toolCalls.map((c) => boundedCall(c, oversized));
  const same = text === reply.text && toolCalls.every((c, i) => c === reply.toolCalls[i]);
  return { reply: same ? reply : { ...reply, text, toolCalls }, oversized };
}

/** The observation for a call whose arguments were too large to run. */
export function oversizedCall(call: ToolCall): ToolResult {
  return {
    callId: call.id,
    isError: true,
    output: `Error: the arguments of this ${call.name} call hold more than ${MAX_CALL_INPUT} characters or are nested more than ${MAX_CALL_DEPTH} levels deep, more than a tool call may carry; it was not run. Write large content in smaller pieces.`,
  };
}
