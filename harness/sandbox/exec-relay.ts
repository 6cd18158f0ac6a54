// Host side of docker/exec-relay.py: one engine exec per sandbox (a `docker exec`, or a
// Kubernetes exec stream) that stays open and runs every later command by forking inside the
// container. Output is capped on this side exactly as for a plain exec. When the relay cannot
// start (an image without python3) or cannot spawn a command, the caller falls back to the
// engine's own exec.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../core/version.js';
import type { CappedBuffer } from './output.js';

const SOURCE_PATH = path.join(PACKAGE_ROOT, 'docker', 'exec-relay.py');
let source: string | undefined;

const STDOUT = 1,
  STDERR = 2,
  EXIT = 3,
  FAILED = 4,
  READY = 5;
const HEADER = 9;

/** The relay could not start this command; nothing ran, so a plain exec may run it. */
export class RelaySpawnError extends Error {}

/** How a relayed command ended: its exit status (128+N for signal N) and how many processes
 * the out-of-memory killer killed in the container while it ran. */
export interface RelayExit {
  exitCode: number;
  oomKills: number;
}

interface Pending {
  stdout: CappedBuffer;
  stderr: CappedBuffer;
  resolve: (exit: RelayExit) => void;
  reject: (err: Error) => void;
}

export interface RelayRequest {
  argv: string[];
  user: string;
  env?: Record<string, string>;
  stdin?: Buffer;
}

/** The relay process's stdin and stdout as the engine gives them. */
export interface RelayChannel {
  write(data: Buffer): void;
  /** Bytes the relay wrote to its stdout (its stderr is not needed). */
  onData(listener: (chunk: Buffer) => void): void;
  /** The stream ended or broke. */
  onClose(listener: () => void): void;
  destroy(): void;
}

export class ExecRelay {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stopped = false;

  private constructor(private readonly stream: RelayChannel) {}

  /** The relay's command line: python3 in isolated mode with the relay as its program. */
  static argv(): string[] {
    source ??= readFileSync(SOURCE_PATH, 'utf8');
    return ['python3', '-I', '-c', source];
  }

  /** Starts the relay over a stream the engine opened (`open`); undefined when it does not come up. */
  static async start(
    open: (signal: AbortSignal) => Promise<RelayChannel | undefined>,
    /** Aborted when the sandbox goes away: a start request to a removed container may never
     * be answered, and its socket would keep the process alive. */
    signal: AbortSignal,
    timeoutMs = 15_000,
  ): Promise<ExecRelay | undefined> {
    // Only the start is abortable: once up, the stream must outlive this timer.
    const starting = new AbortController();
    const giveUp = () => starting.abort();
    signal.addEventListener('abort', giveUp, { once: true });
    const timer = setTimeout(giveUp, timeoutMs);
    try {
      if (signal.aborted) return undefined;
      let channel: RelayChannel | undefined;
      try {
        channel = await open(starting.signal);
      } catch {
        return undefined;
      }
      if (!channel) return undefined;
      const relay = new ExecRelay(channel);
      const ready = new Promise<boolean>((resolve) => {
        relay.onReady = () => resolve(true);
        relay.onStop = () => resolve(false);
        starting.signal.addEventListener('abort', () => resolve(false), { once: true });
      });
      channel.onData((b) => relay.receive(b));
      channel.onClose(() => relay.stop());
      if (await ready) return relay;
      relay.close();
      return undefined;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', giveUp);
    }
  }

  private onReady: () => void = () => undefined;
  private onStop: () => void = () => undefined;
  private buf: Buffer = Buffer.alloc(0);

  get alive(): boolean {
    return !this.stopped;
  }

  /** Runs argv; resolves with its exit status (128+N when killed by signal N) and OOM kills. */
  run(req: RelayRequest, stdout: CappedBuffer, stderr: CappedBuffer): Promise<RelayExit> {
    if (this.stopped) return Promise.reject(new RelaySpawnError('exec relay is not running'));
    const id = this.nextId++;
    const header = Buffer.from(
      JSON.stringify({ id, argv: req.argv, user: req.user, env: req.env ?? {}, stdin: req.stdin ? req.stdin.length : -1 }),
    );
    const size = Buffer.alloc(4);
    size.writeUInt32BE(header.length);
    return new Promise<RelayExit>((resolve, reject) => {
      this.pending.set(id, { stdout, stderr, resolve, reject });
      this.stream.write(req.stdin ? Buffer.concat([size, header, req.stdin]) : Buffer.concat([size, header]));
    });
  }

  /** Ends the relay (the container's removal ends it too). */
  close(): void {
    this.stop();
    this.stream.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    while (this.buf.length >= HEADER) {
      const length = this.buf.readUInt32BE(5);
      if (this.buf.length < HEADER + length) break;
      const kind = this.buf[0];
      const id = this.buf.readUInt32BE(1);
      const payload = this.buf.subarray(HEADER, HEADER + length);
      this.buf = this.buf.subarray(HEADER + length);
      if (kind === READY) {
        this.onReady();
        continue;
      }
      const p = this.pending.get(id);
      if (!p) continue; // a command the host already gave up on
      if (kind === STDOUT) p.stdout.push(payload);
      else if (kind === STDERR) p.stderr.push(payload);
      else if (kind === EXIT || kind === FAILED) {
        this.pending.delete(id);
        if (kind === EXIT) {
          const [code, oom] = payload.toString().split(' ');
          p.resolve({ exitCode: Number(code), oomKills: Number(oom ?? 0) || 0 });
        } else p.reject(new RelaySpawnError(payload.toString()));
      }
    }
  }

  private stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.onStop();
    for (const p of this.pending.values()) p.reject(new Error('the exec relay stopped'));
    this.pending.clear();
  }
}
