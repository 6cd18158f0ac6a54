// Builds a Chat Completions reply from its streamed chunks (content and tool-call argument
// deltas, the finish reason, the usage chunk that stream_options.include_usage adds), so a
// streamed reply is read like a plain one. A stream without a finish reason was cut off.
import { TransportError } from '../core/errors.js';
import { isObject, parseJsonReply, type SseEvent } from './reply.js';
import { streamIndex } from './reply-shapes.js';

interface WireToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export async function completionFromEvents(events: AsyncIterable<SseEvent>): Promise<Record<string, unknown>> {
  let content = '';
  const toolCalls: WireToolCall[] = [];
  let finish: string | undefined;
  let usage: unknown;
  for await (const ev of events) {
    if (ev.data === '[DONE]') break;
    if (!ev.data) continue;
    const chunk = parseJsonReply(ev.data);
    if (!isObject(chunk)) continue;
    if (isObject(chunk.error)) throw new TransportError(`the stream reported an error: ${String(chunk.error.message ?? '')}`);
    if (isObject(chunk.usage)) usage = chunk.usage;
    for (const choice of Array.isArray(chunk.choices) ? chunk.choices : []) {
      if (!isObject(choice) || (choice.index ?? 0) !== 0) continue;
      const delta = isObject(choice.delta) ? choice.delta : {};
      if (typeof delta.content === 'string') content += delta.content;
      for (const tc of Array.isArray(delta.tool_calls) ? delta.tool_calls : []) {
        if (!isObject(tc)) continue;
        const i = streamIndex(tc.index, toolCalls.length);
        const call = (toolCalls[i] ??= { id: '', type: 'function', function: { name: '', arguments: '' } });
        if (typeof tc.id === 'string' && tc.id) call.id = tc.id;
        const fn = isObject(tc.function) ? tc.function : {};
        if (typeof fn.name === 'string') call.function.name += fn.name;
        if (typeof fn.arguments === 'string') call.function.arguments += fn.arguments;
      }
      if (typeof choice.finish_reason === 'string') finish = choice.finish_reason;
    }
  }
  if (!finish) throw new TransportError('the stream was cut off before a finish_reason');
  const calls = toolCalls.filter(Boolean);
  return {
    choices: [{ index: 0, finish_reason: finish, message: { role: 'assistant', content, ...(calls.length ? { tool_calls: calls } : {}) } }],
    ...(usage ? { usage } : {}),
  };
}
