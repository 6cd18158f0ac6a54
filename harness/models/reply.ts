// Reading a model API's reply ourselves, so that nothing can hang and every fault is named:
// each attempt has one total deadline covering the headers AND the body, a body that goes
// quiet for `stallMs` is a stall, and a body that is cut off, empty or not JSON is a
// TransportError (retried) — never a harness bug. Streams (SSE) are read the same way.
// A body is read only up to MAX_PLAIN_REPLY_BYTES (MAX_REPLY_BYTES streamed): no provider,
// broken or hostile, can make the harness hold more than that per request (an honest reply,
// even streamed, is far smaller).
import { TransportError } from '../core/errors.js';
import { networkCause } from './retry.js';

/** Runs one attempt with a total deadline: the signal given to `fn` aborts with a TransportError
 * when `totalMs` passes, or with the caller's reason when `outer` aborts. */
export async function withDeadline<T>(
  totalMs: number,
  outer: AbortSignal | undefined,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const own = new AbortController();
  const timer = setTimeout(() => own.abort(new TransportError(`no complete reply within ${totalMs / 1000} s`)), totalMs);
  const signal = outer ? AbortSignal.any([outer, own.signal]) : own.signal;
  try {
    return await fn(signal);
  } catch (err) {
    // The SDK reports any abort as its own "user abort": say which deadline it was.
    if (!outer?.aborted && own.signal.aborted) throw own.signal.reason;
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

function nextChunk(reader: ReadableStreamDefaultReader<Uint8Array>, signal: AbortSignal, stallMs: number) {
  return new Promise<ReadableStreamReadResult<Uint8Array>>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => reject(new TransportError(`the reply stalled: no data for ${stallMs / 1000} s`)), stallMs);
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    reader
      .read()
      .then(resolve, (err: unknown) => reject(new TransportError(`the reply was cut off: ${networkCause(err).message}`, { cause: err })))
      .finally(() => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
      });
  });
}

/** The most bytes read from one streamed reply body: each SSE event repeats its envelope, so a
 * whole max_tokens reply streamed token by token takes several times its text. */
export const MAX_REPLY_BYTES = 16 * 1024 * 1024;
/** The most bytes read from one plain (JSON) reply. A whole max_tokens reply is well under a
 * MiB of text; a plain body is held several times while it is parsed (bytes, text, parse), so
 * it gets the smaller bound. */
export const MAX_PLAIN_REPLY_BYTES = 4 * 1024 * 1024;

/** The body's chunks; rejects on a stall, a cut connection, a body over `maxBytes` or the signal. */
export async function* bodyChunks(
  res: Response,
  signal: AbortSignal,
  stallMs: number,
  maxBytes = MAX_REPLY_BYTES,
): AsyncGenerator<Uint8Array> {
  if (!res.body) return;
  const reader = res.body.getReader();
  let finished = false;
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await nextChunk(reader, signal, stallMs);
      if (done) {
        finished = true;
        return;
      }
      bytes += value.byteLength;
      if (bytes > maxBytes) throw new TransportError(`the reply is larger than ${maxBytes} bytes (no model reply is): not read further`);
      yield value;
    }
  } finally {
    if (!finished) reader.cancel().catch(() => undefined); // closes the connection of an abandoned body
  }
}

/** The whole body parsed as JSON; an empty, cut, stalled or unparsable body is a TransportError. */
export async function readJson(res: Response, signal: AbortSignal, stallMs: number, maxBytes = MAX_PLAIN_REPLY_BYTES): Promise<unknown> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of bodyChunks(res, signal, stallMs, maxBytes)) chunks.push(chunk);
  const text = new TextDecoder().decode(Buffer.concat(chunks));
  if (!text.trim()) throw new TransportError(`empty reply (HTTP ${res.status} without a body)`);
  return parseJsonReply(text);
}

export function parseJsonReply(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new TransportError(
      `the reply is not valid JSON (${text.length} bytes: ${JSON.stringify(text.slice(0, 80))}): ${(err as Error).message}`,
    );
  }
}

export interface SseEvent {
  event?: string;
  data: string;
}

/** Server-sent events of a streamed reply (an incomplete last event is dropped: the caller checks
 * that the stream reached its end marker). Read line by line, each chunk scanned once: a line
 * spanning many chunks (one event carrying megabytes) is kept in pieces and joined once, never
 * rescanned or re-copied per chunk. */
export async function* sseEvents(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  const lineEnd = /\r\n|\r|\n/g; // per stream: its lastIndex is state across a yield
  const partial: string[] = []; // the line being read, in pieces
  let afterCr = false; // the last line ended with \r: a \n opening the next chunk belongs to it
  let event: string | undefined;
  let data: string[] = [];
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true });
    if (!text) continue;
    let pos: number = afterCr && text.startsWith('\n') ? 1 : 0;
    afterCr = false;
    lineEnd.lastIndex = pos;
    for (let m = lineEnd.exec(text); m; m = lineEnd.exec(text)) {
      const piece = text.slice(pos, m.index);
      const line = partial.length ? partial.splice(0).join('') + piece : piece;
      pos = m.index + m[0].length;
      afterCr = m[0] === '\r' && pos === text.length;
      if (line) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
        continue;
      }
      // An empty line ends the event.
      const ev: SseEvent = { event, data: data.join('\n') };
      if (ev.event === undefined) delete ev.event;
      event = undefined;
      data = [];
      if (ev.event !== undefined || ev.data) yield ev;
    }
    if (pos < text.length) partial.push(text.slice(pos));
  }
}

/** True when v is a plain object (a JSON object). */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
