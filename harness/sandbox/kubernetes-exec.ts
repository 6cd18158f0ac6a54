// One command in a pod over the Kubernetes exec API: a WebSocket speaking the channel protocol
// (v5.channel.k8s.io, else v4): every frame starts with its channel — 0 stdin, 1 stdout,
// 2 stderr, 3 the final status (a JSON v1 Status), 255 (v5 only) "this channel is closed".
// Output frames are handed on as they come; stdin is written with backpressure.
import { PassThrough, type Readable } from 'node:stream';
import type { KubeConfig, V1Status } from '@kubernetes/client-node';
// Not re-exported by the package's index; the official client's own WebSocket connector (auth included).
import { WebSocketHandler } from '@kubernetes/client-node/dist/web-socket-handler.js';
import type WebSocket from 'isomorphic-ws';
import { SandboxError } from '../core/sandbox.js';

const STDIN = 0,
  STDOUT = 1,
  STDERR = 2,
  STATUS = 3,
  CLOSE = 255;
const CHUNK = 1024 * 1024;

export interface PodRef {
  namespace: string;
  pod: string;
  container: string;
}

export interface PodExecOptions {
  stdin?: Buffer | Readable;
  onStdout: (chunk: Buffer) => void;
  onStderr: (chunk: Buffer) => void;
  /** Closing the exchange early (e.g. past a deadline) ends it with exit code null. */
  signal?: AbortSignal;
}

export interface PodExec {
  /** The negotiated protocol (v5.channel.k8s.io or v4.channel.k8s.io). */
  protocol: string;
  /** Resolves with the command's exit code once the server sends the status (null when the
   * exchange was closed by us first); rejects (SandboxError) when it broke or failed to start. */
  done: Promise<number | null>;
  /** Writes to the command's stdin (only when opened with `stdin: 'stream'`). */
  write(data: Buffer): Promise<void>;
  close(): void;
}

/** Opens the exchange; `stdin: 'stream'` keeps stdin open for write() (the exec relay). */
export async function podExec(
  kc: KubeConfig,
  ref: PodRef,
  argv: string[],
  o: PodExecOptions | (Omit<PodExecOptions, 'stdin'> & { stdin: 'stream' }),
): Promise<PodExec> {
  let settled = false;
  let finish: (code: number | null) => void = () => undefined;
  let fail: (err: Error) => void = () => undefined;
  const done = new Promise<number | null>((resolve, reject) => {
    finish = (code) => {
      if (!settled) resolve(code);
      settled = true;
    };
    fail = (err) => {
      if (!settled) reject(err);
      settled = true;
    };
  });
  done.catch(() => undefined);
  const onFrame = (channel: number, data: Buffer): boolean => {
    if (channel === STDOUT) o.onStdout(data);
    else if (channel === STDERR) o.onStderr(data);
    else if (channel === STATUS) {
      try {
        finish(exitCodeOf(JSON.parse(data.toString('utf8')) as V1Status));
      } catch (err) {
        fail(err instanceof SandboxError ? err : new SandboxError(`exec in pod ${ref.pod}: unreadable status`, { cause: err }));
      }
      return false;
    }
    return true;
  };

  // A command that reads stdin gets exactly its byte count through `head -c`: v4 cannot close
  // stdin without closing the whole exchange, and the protocol is known only once connected.
  const sized = o.stdin !== undefined && o.stdin !== 'stream';
  const stdinBytes = sized ? (Buffer.isBuffer(o.stdin) ? o.stdin : await readAll(o.stdin as Readable)) : undefined;
  const command = stdinBytes ? ['sh', '-c', 'n=$1; shift; head -c "$n" | "$@"', 'sh', String(stdinBytes.length), ...argv] : argv;
  const q = new URLSearchParams({
    container: ref.container,
    stdin: String(o.stdin !== undefined),
    stdout: 'true',
    stderr: 'true',
    tty: 'false',
  });
  for (const a of command) q.append('command', a);
  const path = `/api/v1/namespaces/${encodeURIComponent(ref.namespace)}/pods/${encodeURIComponent(ref.pod)}/exec?${q}`;
  // The handler's "close stream" frames must never reach this process's own stdout/stderr.
  const handler = new WebSocketHandler(kc, undefined, { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() });
  let ws: WebSocket.WebSocket;
  try {
    ws = await handler.connect(path, null, onFrame);
  } catch (err) {
    throw new SandboxError(`cannot exec in pod ${ref.pod}: ${message(err)}`, { cause: err });
  }
  ws.on('close', () =>
    o.signal?.aborted ? finish(null) : fail(new SandboxError(`exec in pod ${ref.pod}: the stream closed without a status`)),
  );
  ws.on('error', (err) => fail(new SandboxError(`exec in pod ${ref.pod} failed: ${err.message}`, { cause: err })));
  o.signal?.addEventListener('abort', () => ws.close(), { once: true });

  const send = (channel: number, data: Buffer) =>
    new Promise<void>((resolve, reject) => {
      const frame = Buffer.allocUnsafe(data.length + 1);
      frame[0] = channel;
      data.copy(frame, 1);
      ws.send(frame, (err) =>
        err ? reject(new SandboxError(`exec in pod ${ref.pod}: cannot send: ${err.message}`, { cause: err })) : resolve(),
      );
    });
  const write = async (data: Buffer) => {
    for (let off = 0; off < data.length; off += CHUNK) await send(STDIN, data.subarray(off, off + CHUNK));
  };
  if (stdinBytes) {
    await write(stdinBytes);
    if (WebSocketHandler.supportsClose(ws.protocol)) await send(CLOSE, Buffer.from([STDIN]));
  }
  return { protocol: ws.protocol, done, write, close: () => ws.close() };
}

/** A v1 Status as an exit code: Success 0, NonZeroExitCode its code; anything else means the
 * command never ran (the container is gone, the runtime refused). */
function exitCodeOf(status: V1Status): number {
  if (status.status === 'Success') return 0;
  const code = status.details?.causes?.find((c) => c.reason === 'ExitCode')?.message;
  if (status.reason === 'NonZeroExitCode' && code !== undefined && /^\d+$/.test(code)) return Number(code);
  throw new SandboxError(`exec failed: ${status.message ?? status.reason ?? 'unknown error'}`);
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as string));
  return Buffer.concat(chunks);
}

function message(err: unknown): string {
  if (err instanceof Error) return err.message;
  const e = err as { message?: string; error?: { message?: string } } | null;
  return e?.message ?? e?.error?.message ?? String(err);
}
