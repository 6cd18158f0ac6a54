// Streaming output cap shared by every backend: keeps the first and last bytes of a
// stream and only counts the middle, so a command printing gigabytes never sits in memory.

/** Human-readable size for the cut marker ("48.9 MB", "512 B"). */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1_000_000) return `${(n / 1000).toFixed(1)} kB`;
  if (n < 1_000_000_000) return `${(n / 1_000_000).toFixed(1)} MB`;
  return `${(n / 1_000_000_000).toFixed(1)} GB`;
}

export function cutMarker(cutBytes: number): string {
  return `\n[... ${formatBytes(cutBytes)} cut ...]\n`;
}

/**
 * Collects one stream (stdout or stderr). Half of the cap goes to the head, half to the
 * tail; the tail is a list of chunks trimmed from the front as new data arrives.
 */
export class CappedBuffer {
  private readonly headCap: number;
  private readonly tailCap: number;
  private head: Buffer[] = [];
  private headLen = 0;
  private tail: Buffer[] = [];
  private tailLen = 0;
  /** Every byte seen, kept or not. */
  total = 0;

  constructor(readonly capBytes: number) {
    const cap = Math.max(0, Math.floor(capBytes));
    this.headCap = Math.ceil(cap / 2);
    this.tailCap = cap - this.headCap;
  }

  push(chunk: Buffer): void {
    this.total += chunk.length;
    let rest = chunk;
    if (this.headLen < this.headCap) {
      const take = Math.min(this.headCap - this.headLen, rest.length);
      // Copy: the source buffer may be a slice of a much larger pooled buffer.
      this.head.push(Buffer.from(rest.subarray(0, take)));
      this.headLen += take;
      rest = rest.subarray(take);
    }
    if (rest.length === 0 || this.tailCap === 0) return;
    if (rest.length >= this.tailCap) {
      this.tail = [Buffer.from(rest.subarray(rest.length - this.tailCap))];
      this.tailLen = this.tailCap;
      return;
    }
    this.tail.push(Buffer.from(rest));
    this.tailLen += rest.length;
    while (this.tailLen > this.tailCap) {
      const first = this.tail[0];
      const excess = this.tailLen - this.tailCap;
      if (first.length <= excess) {
        this.tail.shift();
        this.tailLen -= first.length;
      } else {
        this.tail[0] = first.subarray(excess);
        this.tailLen -= excess;
      }
    }
  }

  get truncated(): boolean {
    return this.total > this.headLen + this.tailLen;
  }

  /** The kept bytes, with the cut marker between head and tail when something was cut. */
  toBuffer(): Buffer {
    const head = Buffer.concat(this.head);
    const tail = Buffer.concat(this.tail);
    if (!this.truncated) return Buffer.concat([head, tail]);
    const cut = this.total - head.length - tail.length;
    return Buffer.concat([head, Buffer.from(cutMarker(cut)), tail]);
  }

  toString(): string {
    return this.toBuffer().toString('utf8');
  }
}
