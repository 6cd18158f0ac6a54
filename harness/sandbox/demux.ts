// Docker's multiplexed attach stream (non-TTY exec): frames of an 8-byte header — stream
// type, three zero bytes, big-endian length — then the payload. Used by every exec and by
// the exec relay's long-lived stream.
import type { Readable } from 'node:stream';

/**
 * Splits Docker's multiplexed exec stream (8-byte header: stream type, 0, 0, 0, big-endian
 * length) into stdout and stderr without buffering more than one partial frame.
 */
export function demux(stream: Readable, out: (b: Buffer) => void, err: (b: Buffer) => void): void {
  let pending: Buffer = Buffer.alloc(0);
  let frameType = -1;
  let frameLeft = 0;
  stream.on('data', (chunk: Buffer) => {
    let buf = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    pending = Buffer.alloc(0);
    while (buf.length > 0) {
      if (frameLeft === 0) {
        if (buf.length < 8) {
          pending = Buffer.from(buf);
          return;
        }
        frameType = buf[0];
        frameLeft = buf.readUInt32BE(4);
        buf = buf.subarray(8);
        continue;
      }
      const take = Math.min(frameLeft, buf.length);
      const part = buf.subarray(0, take);
      if (frameType === 2) err(part);
      else out(part);
      frameLeft -= take;
      buf = buf.subarray(take);
    }
  });
}
