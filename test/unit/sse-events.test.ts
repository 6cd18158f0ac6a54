// The SSE reader gives the same events however the bytes are cut into chunks: line ends split
// across chunks (\r | \n), one event spanning many chunks, comments, several data lines.
import { describe, expect, it } from 'vitest';
import { type SseEvent, sseEvents } from '../../harness/models/reply.js';

async function read(text: string, cuts: number[]): Promise<SseEvent[]> {
  const bytes = new TextEncoder().encode(text);
  const edges = [0, ...cuts.filter((c) => c > 0 && c < bytes.length), bytes.length];
  async function* chunks() {
    for (let i = 1; i < edges.length; i++) yield bytes.subarray(edges[i - 1], edges[i]);
  }
  const events: SseEvent[] = [];
  for await (const ev of sseEvents(chunks())) events.push(ev);
  return events;
}

const STREAM =
  ': a comment\r\nevent: message_start\r\ndata: {"a":1}\r\n\r\n' +
  'event: delta\ndata: first\ndata: second\n\n' +
  'data: é only data\r\rid: 7\n\n' +
  'event: cut\ndata: never ended';
const EVENTS: SseEvent[] = [
  { event: 'message_start', data: '{"a":1}' },
  { event: 'delta', data: 'first\nsecond' },
  { data: 'é only data' },
];

describe('sseEvents', () => {
  it('reads the events of one chunk, dropping the incomplete last one', async () => {
    expect(await read(STREAM, [])).toEqual(EVENTS);
  });

  it('gives the same events for every cut into two chunks, and byte by byte', async () => {
    const n = new TextEncoder().encode(STREAM).length;
    for (let cut = 1; cut < n; cut++) expect(await read(STREAM, [cut]), `cut at ${cut}`).toEqual(EVENTS);
    expect(
      await read(
        STREAM,
        Array.from({ length: n }, (_, i) => i),
      ),
    ).toEqual(EVENTS);
  });

  it('joins a data line that spans many chunks once', async () => {
    const big = 'x'.repeat(1 << 20);
    const text = `event: big\ndata: ${big}\n\n`;
    const cuts = Array.from({ length: 64 }, (_, i) => (i + 1) * 16_384);
    expect(await read(text, cuts)).toEqual([{ event: 'big', data: big }]);
  });
});
