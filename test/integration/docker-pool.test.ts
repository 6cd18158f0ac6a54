// The Docker host pool on this machine's two daemons (the default one and the second one
// .ci/setup starts): placement by free capacity, an image loaded on each host once, and a host
// that stops answering drained — its sandboxes fail at once as infrastructure errors (which the
// runner retries) and new ones go to the other host. The contract suite runs on the pool too.
import { Readable } from 'node:stream';
import Docker from 'dockerode';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerPool, type PoolHost } from '../../harness/sandbox/pool.js';
import { ensureImage } from '../../harness/images/build.js';
import { SandboxError, type Sandbox } from '../../harness/core/sandbox.js';
import { TARGETS, SECOND_DOCKER, cuttableProxy } from '../helpers/sandbox-targets.js';

const poolTarget = TARGETS.find((t) => t.label.startsWith('docker pool'))!;
const enabled = await poolTarget.available();
const FIRST = 'unix:///var/run/docker.sock';

const hostOf = (sb: Sandbox) => (sb as unknown as { host: PoolHost }).host;

describe.skipIf(!enabled)('Docker host pool (two daemons on this machine)', () => {
  let image: string;
  const made: Sandbox[] = [];
  beforeAll(async () => {
    image = await ensureImage({ log: () => undefined });
  }, 900_000);
  afterAll(async () => {
    await Promise.all(made.map((s) => s.destroy().catch(() => undefined)));
  });

  it('places each sandbox on the healthy host with the most free capacity', async () => {
    const pool = await DockerPool.open(
      [
        { url: FIRST, capacity: 2 },
        { url: SECOND_DOCKER, capacity: 1 },
      ],
      { log: () => undefined },
    );
    try {
      const [a, b] = pool.hosts;
      const create = async () => {
        const s = await pool.create({ image, limits: { memoryMb: 128 } });
        made.push(s);
        return s;
      };
      const first = await create();
      expect(hostOf(first)).toBe(a); // free 2 vs 1
      const second = await create();
      expect(hostOf(second)).toBe(a); // free 1 vs 1: the first listed
      const third = await create();
      expect(hostOf(third)).toBe(b); // free 0 vs 1
      expect([a.inUse, b.inUse]).toEqual([2, 1]);
      // The sandboxes really run on their host's daemon.
      await expect(b.docker.getContainer(third.id).inspect()).resolves.toMatchObject({ Id: third.id });
      await expect(a.docker.getContainer(third.id).inspect()).rejects.toMatchObject({ statusCode: 404 });
      expect((await third.exec('echo on the second daemon')).stdout).toBe('on the second daemon\n');
      // Freed capacity is taken again.
      await first.destroy();
      expect(a.inUse).toBe(1);
      expect(hostOf(await create())).toBe(a);
    } finally {
      pool.close();
    }
  }, 600_000);

  it('loads an image a host lacks from where images are built, once per host', async () => {
    // A tiny image made on the first daemon only.
    const tag = `atomic-skills/pool-test:${process.pid}-${Date.now()}`;
    const first = new Docker({ socketPath: FIRST.replace('unix://', '') });
    const second = new Docker({ socketPath: SECOND_DOCKER.replace('unix://', '') });
    const pack = tar.pack();
    pack.entry({ name: 'hello.txt' }, 'hello\n');
    pack.finalize();
    const [repo, version] = tag.split(':');
    await new Promise((resolve, reject) =>
      first.importImage(
        Readable.from(pack) as unknown as NodeJS.ReadableStream,
        { repo, tag: version },
        (err: Error | null, stream?: NodeJS.ReadableStream) =>
          err ? reject(err) : first.modem.followProgress(stream!, (e: Error | null) => (e ? reject(e) : resolve(undefined))),
      ),
    );
    const lines: string[] = [];
    const pool = await DockerPool.open([{ url: FIRST }, { url: SECOND_DOCKER }], { log: (l) => lines.push(l), source: first });
    try {
      await expect(second.getImage(tag).inspect()).rejects.toMatchObject({ statusCode: 404 });
      const host = pool.hosts[1];
      await Promise.all([pool.ensureImage(host, tag), pool.ensureImage(host, tag), pool.ensureImage(host, tag)]);
      await pool.ensureImage(host, tag);
      await pool.ensureImage(pool.hosts[0], tag); // already there: nothing to load
      expect(lines.filter((l) => l.startsWith('docker pool: loading')).length).toBe(1);
      await expect(second.getImage(tag).inspect()).resolves.toBeTruthy();
      // An image nowhere to be found is an infrastructure error naming it.
      await expect(pool.ensureImage(host, 'atomic-skills/no-such-image:none')).rejects.toBeInstanceOf(SandboxError);
    } finally {
      pool.close();
      await second
        .getImage(tag)
        .remove()
        .catch(() => undefined);
      await first
        .getImage(tag)
        .remove()
        .catch(() => undefined);
    }
  }, 600_000);

  it('drains a host that fails its health check: its sandboxes fail fast, new ones go elsewhere', async () => {
    const proxy = await cuttableProxy(SECOND_DOCKER);
    const pool = await DockerPool.open(
      [
        { url: FIRST, capacity: 1 },
        { url: proxy.url, capacity: 4 },
      ],
      { log: () => undefined, healthEveryMs: 3_600_000 },
    );
    try {
      const [a, b] = pool.hosts;
      const onB = await pool.create({ image, limits: { memoryMb: 128 } });
      made.push(onB);
      expect(hostOf(onB)).toBe(b);
      await onB.warm?.();
      const running = onB.exec('sleep 600', { timeoutMs: 700_000 });
      proxy.cut();
      expect(await pool.check(b)).toBe(false);
      expect(b.healthy).toBe(false);
      // The command in flight and every later call end at once, as infrastructure errors.
      await expect(running).rejects.toBeInstanceOf(SandboxError);
      await expect(onB.exec('true')).rejects.toThrow(/drained/);
      expect((await onB.health()).alive).toBe(false);
      // New sandboxes go to the healthy host even past its capacity.
      const next = await pool.create({ image, limits: { memoryMb: 128 } });
      made.push(next);
      expect(hostOf(next)).toBe(a);
      const more = await pool.create({ image, limits: { memoryMb: 128 } });
      made.push(more);
      expect(hostOf(more)).toBe(a);
      // destroy() of the drained host's sandbox does not wait on it and frees its slot.
      await onB.destroy();
      expect(b.inUse).toBe(0);
    } finally {
      pool.close();
      // What was left on the second daemon behind the cut proxy.
      const second = new Docker({ socketPath: SECOND_DOCKER.replace('unix://', '') });
      await second
        .getContainer(made[made.length - 3].id)
        .remove({ force: true })
        .catch(() => undefined);
    }
  }, 600_000);
});
