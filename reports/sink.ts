// A file written piece by piece with back-pressure (for reports too large to build in memory).
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

export class FileSink {
  private stream: WriteStream;
  private failed: Error | null = null;

  constructor(readonly file: string) {
    this.stream = createWriteStream(file, { encoding: 'utf8' });
    this.stream.on('error', (err) => (this.failed = err));
  }

  async write(s: string): Promise<void> {
    if (this.failed) throw this.failed;
    if (!this.stream.write(s)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    if (this.failed) throw this.failed;
    this.stream.end();
    await once(this.stream, 'finish');
  }
}
