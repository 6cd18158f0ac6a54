// The docker backend's exec relay (docker/exec-relay.py): the agent cannot reach or stop it,
// commands see the same identity and environment as with `docker exec`, and when it is gone
// (killed, or an image without python3) every command still runs, through `docker exec`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DockerBackend, startContainer } from '../../harness/sandbox/docker.js';
import { ensureImage } from '../../harness/images/build.js';
import { SandboxError, type Sandbox } from '../../harness/core/sandbox.js';
import { requireDockerOrSkip } from '../helpers/docker.js';

const enabled = await requireDockerOrSkip();
const transport = (sb: Sandbox) => (sb as unknown as { execTransport: string }).execTransport;
/** What a command sees of itself: identity, groups, HOME, cwd, umask, and its environment
 * (less what differs per exec or per container). */
const SELF = 'id; echo "$HOME"; pwd; umask; env | grep -v -e ^ATOMIC_SKILLS_EXEC= -e ^HOSTNAME= | sort';

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };
const settle = <T>(p: Promise<T>): Promise<Settled<T>> =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

describe.skipIf(!enabled)('exec relay', () => {
  let image: string;
  let repo: string;
  const made: Sandbox[] = [];
  const logs: string[] = [];
  const withRelay = new DockerBackend({ log: (l) => logs.push(l) });
  const withoutRelay = new DockerBackend({ log: (l) => logs.push(l), execRelay: false });
  const fresh = async (backend: DockerBackend, img = image) => {
    const sb = await backend.create({ image: img, repoDir: repo });
    made.push(sb);
    await sb.warm?.();
    return sb;
  };

  /** Until the sandbox's cgroup holds at least `n` pids (read from outside), or `until` settles. */
  const pidsReach = async (id: string, n: number, until: Promise<unknown>) => {
    let over = false;
    const end = () => (over = true);
    until.then(end, end);
    while (!over) {
      const stats = await withRelay.docker.getContainer(id).stats({ stream: false });
      if ((stats.pids_stats?.current ?? 0) >= n) return;
    }
  };

  beforeAll(async () => {
    image = await ensureImage({ log: () => undefined });
    repo = mkdtempSync(path.join(tmpdir(), 'as-relay-repo-'));
    writeFileSync(path.join(repo, 'a.txt'), 'a\n');
  }, 900_000);

  afterAll(async () => {
    await Promise.all(made.map((s) => s.destroy()));
    rmSync(repo, { recursive: true, force: true });
  });

  it('starts with the first command, or when warmed, not at create', async () => {
    const [lazy, warmed] = await Promise.all([withRelay.create({ image, repoDir: repo }), withRelay.create({ image, repoDir: repo })]);
    made.push(lazy, warmed);
    await warmed.warm?.();
    expect([transport(lazy), transport(warmed)]).toEqual(['docker-exec', 'relay']);
    await lazy.diff(); // the harness's own one-off commands do not start it
    expect(transport(lazy)).toBe('docker-exec');
    expect((await lazy.exec('echo first')).stdout).toBe('first\n'); // through docker exec, starting it
    await lazy.warm?.();
    expect(transport(lazy)).toBe('relay');
  });

  // A start request to a removed container may never be answered: destroy() must abandon it.
  // With an hour for a start, only the destruction can end one: the test ends when every start has.
  it('a relay still starting when its sandbox is destroyed gives up at once (no request left hanging)', async () => {
    const patient = new DockerBackend({ log: (l) => logs.push(l), relayStartMs: 3_600_000 });
    const delays = [0, 10, 30, 60, 120, 250];
    const sandboxes = await Promise.all(delays.map(() => patient.create({ image, repoDir: repo })));
    await Promise.all(
      sandboxes.map(async (sb, i) => {
        const warming = sb.warm!();
        await new Promise((r) => setTimeout(r, delays[i]));
        await sb.destroy();
        await warming;
        expect(transport(sb)).toBe('docker-exec');
      }),
    );
  });

  it('gives commands the same identity and environment as docker exec', async () => {
    const [a, b] = await Promise.all([fresh(withRelay), fresh(withoutRelay)]);
    expect([transport(a), transport(b)]).toEqual(['relay', 'docker-exec']);
    const [ra, rb] = await Promise.all([a.exec(SELF, { env: { EXTRA: 'x y' } }), b.exec(SELF, { env: { EXTRA: 'x y' } })]);
    expect(ra.exitCode).toBe(0);
    expect(ra.stdout).toContain('uid=1000(agent)');
    expect(ra.stdout).toBe(rb.stdout);
    expect(ra.stderr).toBe(rb.stderr);
  });

  it('passes small and large stdin (large inputs go by docker exec) and reads big files whole', async () => {
    const sb = await fresh(withRelay);
    const big = Buffer.alloc(9 * 1024 * 1024 + 7, 0xab);
    await sb.writeFile('/testbed/big.bin', big);
    expect((await sb.readFile('/testbed/big.bin')).equals(big)).toBe(true);
    expect((await sb.exec('wc -c', { stdin: 'four' })).stdout.trim()).toBe('4');
    expect(transport(sb)).toBe('relay');
  });

  it('cannot be killed or seen by the agent', async () => {
    const sb = await fresh(withRelay);
    // The agent kills every process it may signal, then looks for the relay's pipes.
    const kill = await sb.exec('kill -9 -1; true');
    expect(kill.timedOut).toBe(false);
    const peek = await sb.exec(
      'for p in /proc/[0-9]*; do ls "$p/fd" 2>/dev/null >/dev/null && cat "$p/cmdline" 2>/dev/null | tr "\\0" " " && echo; done',
    );
    expect(peek.stdout).not.toContain('exec relay');
    expect(peek.stdout).not.toContain('python3 -I');
    expect(transport(sb)).toBe('relay');
    expect((await sb.exec('echo still here')).stdout).toBe('still here\n');
  });

  it('survives a command started while the pids limit is exhausted, and keeps serving', async () => {
    const sb = await withRelay.create({ image, repoDir: repo, limits: { pids: 64 } });
    made.push(sb);
    await sb.warm?.();
    // One command holds every pid it can for a while; another starts meanwhile. Each outcome is
    // taken as it comes, so nothing is left to reject unheard when the sandbox goes.
    const hog = settle(sb.exec('for i in $(seq 100); do sleep 4 & done 2>/dev/null; wait', { timeoutMs: 20_000 }));
    await pidsReach(sb.id, 56, hog);
    const squeezed = await settle(sb.exec('echo squeezed'));
    // It ran, or it was refused: a SandboxError, or a failed exit when the runtime could not start it.
    if (squeezed.ok && squeezed.value.exitCode === 0) expect(squeezed.value.stdout).toBe('squeezed\n');
    else if (squeezed.ok) expect(squeezed.value.exitCode).not.toBe(0);
    else expect(squeezed.error).toBeInstanceOf(SandboxError);
    expect((await hog).ok).toBe(true);
    expect(transport(sb)).toBe('relay');
    expect((await sb.exec('echo after')).stdout).toBe('after\n');
  });

  it('falls back to docker exec when the relay dies, failing only what was in flight', async () => {
    const sb = await fresh(withRelay);
    const inFlight = sb.exec('sleep 30', { timeoutMs: 60_000 });
    // Root, from outside the relay: kill the relay process itself, once the command runs.
    const container = withRelay.docker.getContainer(sb.id);
    const exec = await container.exec({
      Cmd: ['bash', '-c', 'until pgrep -f "^sleep 30" >/dev/null; do sleep 0.05; done; pkill -9 -f "^python3 -I -c"'],
      User: '0:0',
    });
    await exec.start({ hijack: true, stdin: false }).then(
      (s) =>
        new Promise((r) => {
          s.on('end', r);
          s.on('close', r);
          s.resume();
        }),
    );
    await expect(inFlight).rejects.toBeInstanceOf(SandboxError);
    expect(transport(sb)).toBe('docker-exec');
    const r = await sb.exec('echo via docker exec; id -un');
    expect(r).toMatchObject({ stdout: 'via docker exec\nagent\n', exitCode: 0 });
    expect((await sb.readFile('/testbed/a.txt')).toString()).toBe('a\n');
  });

  it('runs everything through docker exec in an image without python3, and says so once', async () => {
    const noPython = await imageWithoutPython(withRelay, image);
    const before = logs.length;
    const [a, b] = await Promise.all([fresh(withRelay, noPython), fresh(withRelay, noPython)]);
    expect([transport(a), transport(b)]).toEqual(['docker-exec', 'docker-exec']);
    expect((await a.exec('cat a.txt; command -v python3 || echo no python')).stdout).toBe('a\nno python\n');
    await a.writeFile('/testbed/b.txt', 'b\n');
    expect((await a.readFile('/testbed/b.txt')).toString()).toBe('b\n');
    const said = logs.slice(before).filter((l) => l.includes('exec relay did not start'));
    expect(said).toHaveLength(1);
    expect(said[0]).toContain(noPython);
  });
});

/** The sandbox image with python3 removed (committed from a container; no network needed). */
async function imageWithoutPython(backend: DockerBackend, from: string): Promise<string> {
  const tag = `${from.replace(/:.*/, '')}-test-nopython:${from.split(':')[1] ?? 'latest'}`;
  const { container: c } = await startContainer(backend.docker, {
    Image: from,
    User: '0:0',
    Entrypoint: ['bash', '-c', 'rm -f /usr/bin/python3*'],
    Cmd: [],
  });
  try {
    await c.wait();
    await c.commit({
      repo: tag.split(':')[0],
      tag: tag.split(':')[1],
      changes: ['USER agent', 'ENTRYPOINT []', 'CMD ["sleep", "infinity"]'],
    });
  } finally {
    await c.remove({ force: true });
  }
  return tag;
}
