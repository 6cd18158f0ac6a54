// Builds a Messages API message from its server-sent events (message_start, content blocks and
// their deltas, message_delta, message_stop), so a streamed reply is read like a plain one. A
// stream that ends before message_stop was cut off: a TransportError, like an error event.
import { TransportError } from '../core/errors.js';
import { isObject, parseJsonReply, type SseEvent } from './reply.js';
import { streamIndex } from './reply-shapes.js';

type Block = Record<string, unknown> & { type?: string };

export async function messageFromEvents(events: AsyncIterable<SseEvent>): Promise<Record<string, unknown>> {
  let message: Record<string, unknown> | undefined;
  const blocks: Block[] = [];
  const json: string[] = [];
  const usage: Record<string, unknown> = {};
  for await (const ev of events) {
    if (!ev.data) continue;
    const data = parseJsonReply(ev.data) as Record<string, unknown>;
    if (!isObject(data)) continue;
    const index = streamIndex(data.index, -1);
    switch (data.type) {
      case 'message_start':
        message = isObject(data.message) ? { ...data.message } : {};
        if (isObject(message.usage)) Object.assign(usage, message.usage);
        break;
      case 'content_block_start':
        blocks[index] = { ...(data.content_block as Block) };
        json[index] = '';
        break;
      case 'content_block_delta': {
        const b = blocks[index];
        const d = data.delta as Record<string, string>;
        if (!b || !isObject(d)) break;
        if (d.type === 'text_delta') b.text = String(b.text ?? '') + d.text;
        else if (d.type === 'input_json_delta') json[index] += d.partial_json;
        else if (d.type === 'thinking_delta') b.thinking = String(b.thinking ?? '') + d.thinking;
        else if (d.type === 'signature_delta') b.signature = d.signature;
        break;
      }
      case 'content_block_stop': {
        const b = blocks[index];
        if (b?.type === 'tool_use' && json[index]) {
          // Unparsable arguments stay raw: the loop answers them with an error observation.
          try {
            b.input = JSON.parse(json[index]);
          } catch {
            b.input = json[index];
          }
        }
        break;
      }
      case 'message_delta':
        if (message && isObject(data.delta)) Object.assign(message, data.delta);
        if (isObject(data.usage)) Object.assign(usage, data.usage);
        break;
      case 'message_stop':
        if (!message) throw new TransportError('the stream ended without a message_start');
        return { ...message, content: blocks.filter(Boolean), usage };
      case 'error': {
        const e = isObject(data.error) ? data.error : {};
        throw new TransportError(`the stream reported an error: ${String(e.type ?? 'error')}: ${String(e.message ?? '')}`);
      }
    }
  }
  throw new TransportError('the stream was cut off before message_stop');
}
