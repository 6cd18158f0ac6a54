// One contract suite, run against every sandbox backend (docker through the relay and by docker
// exec, local/bubblewrap, a pool of two Docker daemons, Podman's Docker-compatible socket, the
// Kubernetes backend on its test double, and a real cluster where KUBECONFIG is set — see
// test/helpers/sandbox-targets.ts): exec, timeouts, output caps, files, diff, isolation, limits,
// sealed exec, health, cleanup. ATOMIC_SKILLS_CONTRACT_TARGETS=pool,kubernetes runs only the
// targets whose label contains one of the words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import net from 'node:net';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import tar from 'tar-stream';
import { SandboxError, SandboxFileError, type Sandbox, type SandboxBackend } from '../../harness/core/sandbox.js';
import { TARGETS, type Opened } from '../helpers/sandbox-targets.js';

const only = (process.env.ATOMIC_SKILLS_CONTRACT_TARGETS ?? '').split(',').filter(Boolean);
const chosen = TARGETS.filter((t) => only.length === 0 || only.some((w) => t.label.includes(w)));
const targets = await Promise.all(chosen.map(async (t) => ({ ...t, enabled: await t.available() })));

const LIMITS = { memoryMb: 256, pids: 128, cpus: 1 };
const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

/** A small repo with text, binary, and a file big enough for rename detection. */
function makeFixture(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'as-contract-repo-'));
  mkdirSync(path.join(dir, 'src'));
  mkdirSync(path.join(dir, 'sub'));
  writeFileSync(path.join(dir, 'a.txt'), 'alpha\nbeta\n');
  writeFileSync(path.join(dir, 'del.txt'), 'to be deleted\n');
  writeFileSync(path.join(dir, 'src', 'mod.py'), 'def f():\n    return 1\n');
  writeFileSync(path.join(dir, 'sub', 'rename-me.txt'), Array.from({ length: 40 }, (_, i) => `line ${i}\n`).join(''));
  writeFileSync(path.join(dir, 'data.bin'), Buffer.concat([ALL_BYTES, ALL_BYTES]));
  // A stale history must NOT reach the sandbox.
  mkdirSync(path.join(dir, '.git'));
  writeFileSync(path.join(dir, '.git', 'HEAD'), 'garbage\n');
  return dir;
}

/** sha256 of every file under dir (skipping .git), one "hash  ./path" line each, sorted. */
const TREE_HASH = `find . -path ./.git -prune -o -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum`;

function deadPid(): number {
  const r = spawnSync('true');
  return r.pid!;
}

function hostProcesses(pattern: RegExp): string[] {
  return execFileSync('ps', ['-eo', 'args='], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => pattern.test(l.trim()));
}

describe.each(targets)('sandbox contract: $label', ({ transport, containers, enabled, open }) => {
  let target: Opened;
  let backend: SandboxBackend;
  let image = 'local';
  let fixture: string;
  let sb: Sandbox;
  const extra: Sandbox[] = [];

  const fresh = async (): Promise<Sandbox> => {
    const s = await backend.create({ image, repoDir: fixture, limits: LIMITS });
    extra.push(s);
    await s.warm?.();
    return s;
  };

  beforeAll(async () => {
    if (!enabled) return;
    fixture = makeFixture();
    target = await open();
    ({ backend, image } = target);
    sb = await backend.create({ image, repoDir: fixture, limits: LIMITS, env: { SPEC_VAR: 'from spec' } });
    await sb.warm?.(); // with the relay: every test below goes through it
  }, 900_000);

  afterAll(async () => {
    if (!enabled) return;
    for (const s of [sb, ...extra]) await s?.destroy();
    rmSync(fixture, { recursive: true, force: true });
    await target?.close?.();
  });

  // Container backends only (registered for them, not skipped for the others).
  if (transport) {
    it.skipIf(!enabled)('reaches the container the way this suite asks for', () => {
      expect((sb as unknown as { execTransport: string }).execTransport).toBe(transport);
    });
  }

  it.skipIf(!enabled)('runs commands with exit codes, stdout and stderr apart', async () => {
    const r = await sb.exec('echo out; echo err >&2; exit 7');
    expect(r).toMatchObject({ stdout: 'out\n', stderr: 'err\n', exitCode: 7, timedOut: false, truncated: false });
    expect(r.durationMs).toBeGreaterThanOrEqual(0);
    expect((await sb.exec('true')).exitCode).toBe(0);
  });

  it.skipIf(!enabled)('honours cwd, env and stdin', async () => {
    expect((await sb.exec('pwd')).stdout).toBe('/testbed\n');
    expect((await sb.exec('pwd', { cwd: '/tmp' })).stdout).toBe('/tmp\n');
    const env = await sb.exec('printf "%s|%s" "$FOO" "$SPEC_VAR"', { env: { FOO: 'bar baz' } });
    expect(env.stdout).toBe('bar baz|from spec');
    expect((await sb.exec('tr a-z A-Z', { stdin: 'hello' })).stdout).toBe('HELLO');
    const missing = await sb.exec('true', { cwd: '/no/such/dir' });
    expect(missing.exitCode).not.toBe(0);
  });

  it.skipIf(!enabled)('is a non-root user on a one-commit /testbed without the old history', async () => {
    const r = await sb.exec('id -u; id -un; git rev-list --count HEAD; git status --porcelain | wc -l; git log -1 --format=%an');
    expect(r.stdout.split('\n').slice(0, 5)).toEqual(['1000', 'agent', '1', '0', 'atomic-skills']);
    expect((await sb.exec('test -O /testbed/a.txt && test -O /testbed/.git/HEAD')).exitCode).toBe(0);
    // The agent can commit (git identity configured, no "dubious ownership").
    const c = await sb.exec(
      'git checkout -q -b scratch && git commit -q --allow-empty -m x && git rev-list --count HEAD && git checkout -q main && git branch -q -D scratch',
    );
    expect(c.stdout.trim()).toBe('2');
    expect(c.exitCode).toBe(0);
  });

  it.skipIf(!enabled)('gives the same base commit for the same repo', async () => {
    const other = await fresh();
    const h1 = (await sb.exec('git rev-parse HEAD')).stdout;
    const h2 = (await other.exec('git rev-parse HEAD')).stdout;
    expect(h1).toMatch(/^[0-9a-f]{40}\n$/);
    expect(h2).toBe(h1);
  });

  it.skipIf(!enabled)('kills the whole process tree on timeout', async () => {
    // Durations unique to this test process: other runs of this suite on the same host sleep too.
    const n = (k: number) => `${100 + k}.${process.pid}`;
    // A timeout that did not fire would show as exit 0 (and outlive the test's own timeout).
    const r = await sb.exec(`sleep ${n(0)}`, { timeoutMs: 1000 });
    expect(r.timedOut).toBe(true);
    expect(r.exitCode).toBeNull();

    const tree = await sb.exec(`bash -c 'sleep ${n(1)} & sleep ${n(1)}'; echo never`, { timeoutMs: 1000 });
    expect(tree.timedOut).toBe(true);
    expect(tree.stdout).not.toContain('never');
    // A process that leaves the group (setsid) and keeps stdout open must not survive either.
    const escaped = await sb.exec(`setsid sleep ${n(2)} & sleep ${n(2)}`, { timeoutMs: 1000 });
    expect(escaped.timedOut).toBe(true);

    const mine = new RegExp(`^sleep 10[0-2]\\.${process.pid}$`);
    const inside = await sb.exec(`ps -eo args= | grep -cE '${mine.source}' || true`);
    expect(inside.stdout.trim()).toBe('0');
    expect(hostProcesses(mine)).toEqual([]);
  });

  it.skipIf(!enabled)('caps output while streaming, keeping head and tail', async () => {
    const before = process.memoryUsage().rss;
    const r = await sb.exec("echo START; head -c 50000000 /dev/zero | tr '\\0' a; echo; echo END", {
      outputCapBytes: 64 * 1024,
    });
    const growth = process.memoryUsage().rss - before;
    expect(r.exitCode).toBe(0);
    expect(r.truncated).toBe(true);
    expect(r.stdout.startsWith('START\naaaa')).toBe(true);
    expect(r.stdout.endsWith('aaaa\nEND\n')).toBe(true);
    expect(r.stdout).toMatch(/\n\[\.\.\. 49\.9 MB cut \.\.\.\]\n/);
    expect(r.stdout.length).toBeLessThan(64 * 1024 + 100);
    expect(growth).toBeLessThan(100 * 1024 * 1024);
    // Under the cap nothing is cut.
    const small = await sb.exec('seq 1 1000', { outputCapBytes: 64 * 1024 });
    expect(small.truncated).toBe(false);
    expect(small.stdout.split('\n')).toHaveLength(1001);
  });

  it.skipIf(!enabled)('round-trips files with odd names and every byte value', async () => {
    const names = [
      '/testbed/with space.txt',
      `/testbed/quote'd "double".txt`,
      '/testbed/ünïcødé/文件.bin',
      '/testbed/-leading-dash',
      '/tmp/new/deep/dir/x.bin',
    ];
    for (const n of names) {
      await sb.writeFile(n, ALL_BYTES);
      expect(Buffer.compare(await sb.readFile(n), ALL_BYTES)).toBe(0);
    }
    await sb.writeFile('/testbed/text.txt', 'héllo\n');
    expect((await sb.readFile('/testbed/text.txt')).toString('utf8')).toBe('héllo\n');
    // Owned by the agent and visible to commands.
    const ls = await sb.exec(`stat -c %U -- '/testbed/-leading-dash' 'ünïcødé/文件.bin'`);
    expect(ls.stdout).toBe('agent\nagent\n');
    // A 1 MB binary file.
    const big = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7919 + (i >> 8)) & 0xff;
    await sb.writeFile('/testbed/big.bin', big);
    expect(Buffer.compare(await sb.readFile('/testbed/big.bin'), big)).toBe(0);
    // Mode on request; existing mode kept otherwise.
    await sb.writeFile('/testbed/run.sh', '#!/bin/sh\necho ran\n', { mode: 0o755 });
    expect((await sb.exec('./run.sh')).stdout).toBe('ran\n');
    await sb.writeFile('/testbed/run.sh', '#!/bin/sh\necho again\n');
    expect((await sb.exec('./run.sh')).stdout).toBe('again\n');
    // Errors that are the caller's, not the infrastructure's.
    await expect(sb.readFile('/testbed/missing.txt')).rejects.toBeInstanceOf(SandboxFileError);
    await expect(sb.readFile('/testbed/src')).rejects.toBeInstanceOf(SandboxFileError);
    await expect(sb.writeFile('/testbed/src', 'x')).rejects.toBeInstanceOf(SandboxFileError);
    await sb.exec(`rm -rf 'with space.txt' quote* ünïcødé -- -leading-dash text.txt big.bin run.sh`);
  });

  it.skipIf(!enabled)('extracts archives owned by the agent', async () => {
    const pack = tar.pack();
    pack.entry({ name: 'pkg/one.txt', uid: 0, gid: 0 }, 'one\n');
    pack.entry({ name: 'pkg/bin.dat', uid: 0, gid: 0 }, ALL_BYTES);
    pack.finalize();
    const chunks: Buffer[] = [];
    for await (const c of pack) chunks.push(c as Buffer);
    await sb.putArchive(Buffer.concat(chunks), '/tmp/archive-dest');
    expect((await sb.readFile('/tmp/archive-dest/pkg/one.txt')).toString()).toBe('one\n');
    expect(Buffer.compare(await sb.readFile('/tmp/archive-dest/pkg/bin.dat'), ALL_BYTES)).toBe(0);
    expect((await sb.exec('stat -c %U /tmp/archive-dest/pkg/one.txt')).stdout).toBe('agent\n');
  });

  it.skipIf(!enabled)('diff() captures edits, additions, deletions, renames and binaries, and applies cleanly', async () => {
    const s = await fresh();
    expect(await s.diff()).toBe('');
    const edit = await s.exec(
      [
        "printf 'alpha\\nBETA\\n' > a.txt",
        'rm del.txt',
        'mv sub/rename-me.txt sub/renamed.txt',
        'mkdir -p brand/new && echo fresh > brand/new/file.txt',
        "printf '\\x00\\x01\\xff' >> data.bin",
        // The agent stages and even commits some of it: diff() is still against the base.
        'git add a.txt && git commit -q -m mine',
        'git add brand/new/file.txt',
        'chmod +x src/mod.py',
      ].join(' && '),
    );
    expect(edit.exitCode).toBe(0);
    await s.writeFile('/testbed/new.bin', ALL_BYTES);
    const stagedBefore = (await s.exec('git diff --cached --name-only; git rev-list --count HEAD')).stdout;

    const patch = await s.diff();
    expect(patch).toContain('diff --git a/a.txt b/a.txt');
    expect(patch).toContain('deleted file mode');
    expect(patch).toMatch(/rename from sub\/rename-me\.txt\nrename to sub\/renamed\.txt/);
    expect(patch).toContain('GIT binary patch');
    expect(patch).toContain('b/brand/new/file.txt');
    expect(patch).toContain('new mode 100755');
    // The agent's own index and history are untouched.
    expect((await s.exec('git diff --cached --name-only; git rev-list --count HEAD')).stdout).toBe(stagedBefore);

    // Applying the patch to a pristine copy reproduces the sandbox's tree exactly.
    const pristine = mkdtempSync(path.join(tmpdir(), 'as-contract-apply-'));
    try {
      cpSync(fixture, pristine, { recursive: true, filter: (src) => !src.endsWith(`${path.sep}.git`) });
      writeFileSync(path.join(pristine, 'change.patch'), patch);
      execFileSync('git', ['apply', '--binary', 'change.patch'], { cwd: pristine });
      rmSync(path.join(pristine, 'change.patch'));
      const host = execFileSync('bash', ['-c', TREE_HASH], { cwd: pristine, encoding: 'utf8' });
      const inside = (await s.exec(TREE_HASH)).stdout;
      expect(inside).toBe(host);
      expect(execFileSync('stat', ['-c', '%a', 'src/mod.py'], { cwd: pristine, encoding: 'utf8' }).trim()).toBe('755');
    } finally {
      rmSync(pristine, { recursive: true, force: true });
    }
  });

  it.skipIf(!enabled)('has no network: neither loopback services of the host nor DNS', async () => {
    const server = net.createServer((c) => c.end('hello from host\n'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const local = await sb.exec(
        `python3 -c "import socket; s = socket.create_connection(('127.0.0.1', ${port}), timeout=3); print(s.recv(100))"`,
        { timeoutMs: 20_000 },
      );
      expect(local.exitCode).not.toBe(0);
      expect(local.stdout).not.toContain('hello from host');
      const dns = await sb.exec(
        `python3 -c "import socket; socket.getaddrinfo('registry.npmjs.org', 443)"; echo "resolve=$?"; ` +
          `python3 -c "import socket; socket.create_connection(('registry.npmjs.org', 443), timeout=3)"; echo "connect=$?"`,
        { timeoutMs: 30_000 },
      );
      expect(dns.stdout).toMatch(/resolve=[1-9]/);
      expect(dns.stdout).toMatch(/connect=[1-9]/);
    } finally {
      server.close();
    }
  });

  it.skipIf(!enabled)('contains a fork bomb within the pids limit', async () => {
    const r = await sb.exec(':(){ :|:& };:', { timeoutMs: 5000 });
    // Either the bomb hit the limit (fork errors) or it was cut off; in no case did it run free.
    expect(r.timedOut || /fork|resource/i.test(r.stderr) || r.exitCode !== null).toBe(true);
    // The sandbox and the host still work, and nothing of the bomb is left.
    // Killed processes may take a moment to be reaped on a loaded host: poll, bounded.
    // Until then an exec may even fail to fork (stdout empty): keep asking, bounded.
    const settled = (r: { stdout: string }) => r.stdout.startsWith('alive\n') && Number(r.stdout.split('\n')[1]) < 20;
    let after = await sb.exec('echo alive; ps -e --no-headers | wc -l');
    for (let i = 0; i < 100 && !settled(after); i++) {
      await new Promise((r) => setTimeout(r, 200));
      after = await sb.exec('echo alive; ps -e --no-headers | wc -l');
    }
    expect(after.stdout.split('\n')[0]).toBe('alive');
    expect(Number(after.stdout.split('\n')[1])).toBeLessThan(20);
    expect(spawnSync('true').status).toBe(0);
  });

  it.skipIf(!enabled)('enforces the memory limit', async () => {
    const r = await sb.exec(`python3 -c "b = b'x' * (${3 * LIMITS.memoryMb} * 1024 * 1024); print('allocated', len(b))"`, {
      timeoutMs: 60_000,
    });
    expect(r.stdout).not.toContain('allocated');
    expect(r.exitCode).not.toBe(0);
    expect((await sb.exec('echo still here')).stdout).toBe('still here\n');
  });

  it.skipIf(!enabled)(
    'sealed exec: fd 10 reaches the caller, nothing can write it afterwards, no process of the user survives',
    async () => {
      const s = await fresh();
      // A straggler that left the session and dropped its environment tries to add to the report later.
      const r = await s.exec(
        'echo "fd=$ATOMIC_SKILLS_SEALED_FD"; printf "report\\n" >&10; setsid env -i bash -c "sleep 2; echo late >&10; touch /tmp/late" >/dev/null 2>&1 & echo out',
        { sealed: {} },
      );
      expect(r).toMatchObject({ exitCode: 0, stdout: 'fd=10\nout\n', timedOut: false, sealedTruncated: false });
      expect(r.sealed?.toString()).toBe('report\n');
      await new Promise((res) => setTimeout(res, 2500));
      const after = await s.exec('test -e /tmp/late && echo late || echo none; ps -u 1000 -o comm= | grep -c sleep || true');
      expect(after.stdout).toBe('none\n0\n');
      // Without `sealed`, fd 10 is not open at all.
      expect((await s.exec('echo x >&10', {})).exitCode).not.toBe(0);
    },
  );

  it.skipIf(!enabled)('sealed exec: hidden paths are out of reach while it runs and back afterwards; output is capped', async () => {
    const s = await fresh();
    const r = await s.exec(
      'test -e /testbed/.git && echo seen || echo hidden; git rev-parse HEAD >/dev/null 2>&1 && echo git || echo nogit',
      {
        sealed: { hide: ['/testbed/.git', '/testbed/no-such-path'] },
      },
    );
    expect(r.stdout).toBe('hidden\nnogit\n');
    expect((await s.exec('git rev-list --count HEAD')).stdout).toBe('1\n');
    const big = await s.exec('head -c 5000 /dev/zero >&10', { sealed: { capBytes: 1000 } });
    expect(big.sealed?.length).toBe(1000);
    expect(big.sealedTruncated).toBe(true);
    // A timeout still ends it, and the hidden path still comes back.
    const slow = await s.exec('sleep 30', { timeoutMs: 1000, sealed: { hide: ['/testbed/.git'] } });
    expect(slow.timedOut).toBe(true);
    expect((await s.exec('test -d /testbed/.git && echo back')).stdout).toBe('back\n');
  });

  it.skipIf(!enabled)('health(): alive until destroyed; an OOM kill is counted', async () => {
    const s = await fresh();
    const before = await s.health();
    expect(before.alive).toBe(true);
    const r = await s.exec(`python3 -c "b = bytearray(${3 * LIMITS.memoryMb} * 1024 * 1024)"`, { timeoutMs: 60_000 });
    expect(r.exitCode).not.toBe(0);
    const after = await s.health();
    expect(after.alive).toBe(true);
    // Counters are known where the backend can read the sandbox's memory cgroup (docker always;
    // local only with a cgroup of its own), and then the kill shows.
    if (containers) expect(before.oomKills).not.toBeNull();
    if (before.oomKills !== null && r.exitCode === 137) expect(after.oomKills!).toBeGreaterThan(before.oomKills);
    await s.destroy();
    expect((await s.health()).alive).toBe(false);
  });

  if (containers) {
    it.skipIf(!enabled)('health(): a container killed from outside is not alive, and exec says so as infrastructure', async () => {
      const s = await fresh();
      await target.killFromOutside!(s);
      expect((await s.health()).alive).toBe(false);
      await expect(s.exec('true')).rejects.toBeInstanceOf(SandboxError);
    });
  }

  it.skipIf(!enabled)('destroy() leaves nothing behind and is idempotent', async () => {
    const s = await backend.create({ image, repoDir: fixture, limits: LIMITS });
    await s.exec('echo x > /testbed/y');
    await s.destroy();
    await s.destroy();
    expect(await target.gone(s)).toBe(true);
    await expect(s.exec('true')).rejects.toBeInstanceOf(SandboxError);
  });

  it.skipIf(!enabled)('prune() removes orphaned leftovers but not live sandboxes', async () => {
    const owner = `${hostname()}:${deadPid()}`;
    const leftover = await target.orphan(owner);
    const removed = await backend.prune();
    expect(removed).toBeGreaterThanOrEqual(1);
    expect(await leftover.exists()).toBe(false);
    // The live sandbox survived.
    expect((await sb.exec('echo ok')).stdout).toBe('ok\n');
    expect(readFileSync(path.join(fixture, 'a.txt'), 'utf8')).toBe('alpha\nbeta\n');
  });

  if (transport === 'relay') {
    it.skipIf(!enabled)('still runs commands through the relay after everything above (fork bomb, kills, limits)', () => {
      expect((sb as unknown as { execTransport: string }).execTransport).toBe('relay');
    });
  }
});
