// The Docker backend's pieces that need no daemon: the container a sandbox asks for, one exec's
// stream (demuxed output, stdin, the host-side deadline), the wait for its exit code, and create()
// on a daemon double (the engine-refusal fallback itself is tested in scale-options.test.ts).
import { describe, expect, it } from 'vitest';
import { Duplex, PassThrough, Readable } from 'node:stream';
import { DEFAULT_LIMITS, SANDBOX_LABEL, SandboxError } from '../../harness/core/sandbox.js';
import { CappedBuffer } from '../../harness/sandbox/output.js';
import type Docker from 'dockerode';
import { DockerBackend, containerOptions, exitCodeOf, pumpExecStream } from '../../harness/sandbox/docker.js';

/** One frame of Docker's multiplexed stream (1 = stdout, 2 = stderr). */
function frame(type: 1 | 2, text: string): Buffer {
  const body = Buffer.from(text);
  const head = Buffer.alloc(8);
  head[0] = type;
  head.writeUInt32BE(body.length, 4);
  return Buffer.concat([head, body]);
}

/** An exec's hijacked stream: what is written to it is kept; `output` is what it reads. */
function execStream(): { stream: Duplex; written: Buffer[]; output: PassThrough; ended: Promise<void> } {
  const written: Buffer[] = [];
  const output = new PassThrough();
  let endWrite!: () => void;
  const ended = new Promise<void>((r) => (endWrite = r));
  const stream = new Duplex({
    read() {},
    write(chunk: Buffer, _enc, cb) {
      written.push(chunk);
      cb();
    },
    final(cb) {
      endWrite();
      cb();
    },
  });
  output.on('data', (b: Buffer) => stream.push(b));
  output.on('end', () => stream.push(null));
  return { stream, written, output, ended };
}

const buffers = () => ({ stdout: new CappedBuffer(1 << 20), stderr: new CappedBuffer(1 << 20) });
const noKill = async () => {
  throw new Error('not expected');
};

describe('containerOptions', () => {
  it('asks for no network, init, no-new-privileges, the limits and a keep-alive run as root', () => {
    const o = containerOptions({ image: 'img', repoDir: '/r', labels: { run: 'x' } }, { ...DEFAULT_LIMITS, memoryMb: 512 }, false);
    expect(o).toMatchObject({ Image: 'img', Entrypoint: ['sleep'], Cmd: ['infinity'], User: '0:0', NetworkDisabled: true });
    expect(o.Labels).toMatchObject({ run: 'x', [SANDBOX_LABEL]: '1' });
    const h = o.HostConfig!;
    expect(h).toMatchObject({ NetworkMode: 'none', Init: true, SecurityOpt: ['no-new-privileges'], PidsLimit: DEFAULT_LIMITS.pids });
    expect(h.Memory).toBe(512 * 1024 * 1024);
    expect(h.MemorySwap).toBe(h.Memory); // no swap beyond the limit
    expect(h.Ulimits).toEqual([{ Name: 'fsize', Soft: DEFAULT_LIMITS.diskMb * 1024 * 1024, Hard: DEFAULT_LIMITS.diskMb * 1024 * 1024 }]);
    expect(h.StorageOpt).toBeUndefined();
  });

  it('caps the writable layer at twice the disk budget where the storage driver can', () => {
    const o = containerOptions({ image: 'img', repoDir: '/r' }, { ...DEFAULT_LIMITS, diskMb: 100 }, true);
    expect(o.HostConfig!.StorageOpt).toEqual({ size: '200M' });
  });
});

describe('pumpExecStream', () => {
  it('splits stdout and stderr frames, even cut mid-header, and writes string stdin then closes it', async () => {
    const { stream, written, output, ended } = execStream();
    const out = buffers();
    const pumped = pumpExecStream(stream, { ...out, stdin: 'input', killFromOutside: noKill });
    const bytes = Buffer.concat([frame(1, 'hello '), frame(2, 'oops'), frame(1, 'world')]);
    output.write(bytes.subarray(0, 3));
    output.end(bytes.subarray(3));
    await expect(pumped).resolves.toEqual({ hostKilled: false });
    await ended;
    expect(Buffer.concat(written).toString()).toBe('input');
    expect(out.stdout.toString()).toBe('hello world');
    expect(out.stderr.toString()).toBe('oops');
  });

  it('pipes a stream given as stdin', async () => {
    const { stream, written, output, ended } = execStream();
    const pumped = pumpExecStream(stream, {
      ...buffers(),
      stdin: Readable.from([Buffer.from('a'), Buffer.from('b')]),
      killFromOutside: noKill,
    });
    await ended;
    output.end();
    await pumped;
    expect(Buffer.concat(written).toString()).toBe('ab');
  });

  it('a stream error is a SandboxError', async () => {
    const { stream } = execStream();
    const pumped = pumpExecStream(stream, { ...buffers(), killFromOutside: noKill });
    stream.destroy(new Error('socket hang up'));
    await expect(pumped).rejects.toThrow(SandboxError);
    await expect(pumped).rejects.toThrow('exec stream failed: socket hang up');
  });

  it('past the host deadline kills from outside, stops waiting and keeps what was read', async () => {
    const { stream, output } = execStream();
    const out = buffers();
    let killed = false;
    const pumped = pumpExecStream(stream, {
      ...out,
      hardTimeoutMs: 1,
      killFromOutside: async () => {
        killed = true;
      },
    });
    output.write(frame(1, 'partial'));
    // The stream never ends by itself: only the deadline can settle this.
    await expect(pumped).resolves.toEqual({ hostKilled: true });
    expect(killed).toBe(true);
    expect(stream.destroyed).toBe(true);
    expect(out.stdout.toString()).toBe('partial');
  });
});

describe('exitCodeOf', () => {
  it('waits until the daemon records the exit', async () => {
    let calls = 0;
    const code = await exitCodeOf(
      { inspect: async () => (++calls < 3 ? { Running: true } : { Running: false, ExitCode: 7 }) } as never,
      100,
      0,
    );
    expect(code).toBe(7);
    expect(calls).toBe(3);
  });

  it('gives null when it never does', async () => {
    expect(await exitCodeOf({ inspect: async () => ({ Running: true }) } as never, 3, 0)).toBeNull();
  });
});

/** A daemon double that starts every container it is asked for; `driver` is its storage driver. */
function fakeDaemon(driver = 'overlay2') {
  const created: Docker.ContainerCreateOptions[] = [];
  const docker = {
    info: async () => ({ Driver: driver, DriverStatus: [['Backing Filesystem', 'xfs']] }),
    createContainer: async (o: Docker.ContainerCreateOptions) => {
      created.push(o);
      return { id: `c${created.length}`, start: async () => undefined, remove: async () => undefined };
    },
  };
  return { docker: docker as unknown as Docker, created };
}

describe('DockerBackend.create', () => {
  const spec = { image: 'img', repoDir: '/r', prepared: true };

  it('starts with every limit when the engine applies them (a prepared image needs no exec)', async () => {
    const d = fakeDaemon();
    const logs: string[] = [];
    const sandbox = await new DockerBackend({ docker: d.docker, log: (l) => logs.push(l) }).create(spec);
    expect(sandbox.id).toBe('c1');
    expect(d.created).toHaveLength(1);
    expect(d.created[0].HostConfig!.Init).toBe(true);
    // overlay2 on xfs takes a per-container size: the writable layer is capped too.
    expect(d.created[0].HostConfig!.StorageOpt).toEqual({ size: `${2 * DEFAULT_LIMITS.diskMb}M` });
    expect(logs).toEqual([]);
  });

  it('asks no size where the storage driver cannot cap a container', async () => {
    const d = fakeDaemon('vfs');
    await new DockerBackend({ docker: d.docker, log: () => undefined }).create(spec);
    expect(d.created[0].HostConfig!.StorageOpt).toBeUndefined();
  });

  it('a missing image says how to build it', async () => {
    const d = fakeDaemon();
    d.docker.createContainer = async () => {
      throw Object.assign(new Error('no such image'), { statusCode: 404 });
    };
    await expect(new DockerBackend({ docker: d.docker, log: () => undefined }).create(spec)).rejects.toThrow(
      /image img not found; build it with `atomic-skills images build`/,
    );
  });
});
