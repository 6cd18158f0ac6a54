// A file written piece by piece with back-pressure (for reports too large to build in memory).
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { redactText } from '../harness/core/secrets.js';

export class FileSink {
  private stream: WriteStream;
  private failed: Error | null = null;

  constructor(readonly file: string) {
    this.stream = createWriteStream(file, { encoding: 'utf8' });
    this.stream.on('error', (err) => (this.failed = err));
  }

  async write(s: string): Promise<void> {
    if (this.failed) throw this.failed;
    // Reports quote answers, errors and trajectories: no key may pass (core/secrets.ts).
    if (!this.stream.write(redactText(s))) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    if (this.failed) throw this.failed;
    this.stream.end();
    await once(this.stream, 'finish');
  }
}
