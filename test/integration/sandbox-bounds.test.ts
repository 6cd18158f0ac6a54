// What a hostile command cannot do to the host or to a scorer, on real Docker (through the exec
// relay and through plain docker exec): leave a process behind, hide an out-of-memory kill,
// pass off a dead container's exit status as a result, or fill the disk.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DockerBackend } from '../../harness/sandbox/docker.js';
import { ensureImage } from '../../harness/images/build.js';
import { AgentError } from '../../harness/core/errors.js';
import { SandboxError, type Sandbox, type SandboxLimits } from '../../harness/core/sandbox.js';
import { requireDockerOrSkip } from '../helpers/docker.js';

const dockerOk = await requireDockerOrSkip();

/** Processes of the agent user still in the sandbox (ps as root, from a fresh docker exec). */
async function agentProcesses(backend: DockerBackend, sb: Sandbox): Promise<string[]> {
  const exec = await backend.docker.getContainer(sb.id).exec({
    Cmd: ['ps', '-u', '1000', '-o', 'args='],
    User: '0:0',
    AttachStdout: true,
    AttachStderr: true,
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  const chunks: Buffer[] = [];
  await new Promise((resolve) => {
    stream.on('data', (b: Buffer) => chunks.push(b));
    stream.on('end', resolve);
    stream.on('close', resolve);
  });
  // Docker's multiplexed frames: 8-byte headers before each payload.
  const raw = Buffer.concat(chunks);
  let text = '';
  for (let i = 0; i + 8 <= raw.length;) {
    const n = raw.readUInt32BE(i + 4);
    text += raw.subarray(i + 8, i + 8 + n).toString();
    i += 8 + n;
  }
  return text.split('\n').filter(Boolean);
}

for (const relay of [true, false]) {
  describe.skipIf(!dockerOk)(`sandbox bounds (docker, ${relay ? 'exec relay' : 'docker exec'})`, () => {
    const backend = new DockerBackend({ execRelay: relay, log: () => undefined });
    let image: string;
    let repo: string;
    const made: Sandbox[] = [];
    const fresh = async (limits: Partial<SandboxLimits> = {}) => {
      const sb = await backend.create({ image, repoDir: repo, limits: { memoryMb: 256, ...limits } });
      made.push(sb);
      await sb.warm?.();
      return sb;
    };

    beforeAll(async () => {
      image = await ensureImage({ log: () => undefined });
      repo = mkdtempSync(path.join(tmpdir(), 'as-bounds-repo-'));
      writeFileSync(path.join(repo, 'a.txt'), 'a\n');
    });
    afterAll(async () => {
      await Promise.all(made.map((s) => s.destroy().catch(() => undefined)));
    });

    it('leaves no process of the agent behind, even one that left the session and the environment', async () => {
      const sb = await fresh();
      const r = await sb.exec(
        'setsid env -i /bin/sh -c "sleep 1000" </dev/null >/dev/null 2>&1 & nohup sleep 999 >/dev/null 2>&1 & echo started',
      );
      expect(r.stdout).toBe('started\n');
      expect(await agentProcesses(backend, sb)).toEqual([]);
    });

    it('ends a process that escaped and still holds the output open', async () => {
      const sb = await fresh();
      const r = await sb.exec('setsid env -i /bin/sh -c "sleep 1000" & echo held', { timeoutMs: 5000 });
      expect(r.stdout).toContain('held');
      expect(await agentProcesses(backend, sb)).toEqual([]);
    });

    it("never kills one command's processes when another command in the same sandbox ends", async () => {
      const sb = await fresh();
      const long = sb.exec('sleep 3; echo survived');
      await new Promise((resolve) => setTimeout(resolve, 500));
      await sb.exec('true');
      expect((await long).stdout).toBe('survived\n');
    });

    it('recovers from a fork bomb that left the session (the next command runs)', async () => {
      const sb = await fresh({ pids: 64 });
      await sb.exec("setsid bash -c 'b() { b | b & }; b' >/dev/null 2>&1 & sleep 1", { timeoutMs: 10_000 });
      expect(await agentProcesses(backend, sb)).toEqual([]);
      expect((await sb.exec('echo alive')).stdout).toBe('alive\n');
    });

    it('flags a command during which the out-of-memory killer struck, and only that one', async () => {
      const sb = await fresh({ memoryMb: 128 });
      const hog = await sb.exec('python3 -c "x = bytearray(512 * 1024 * 1024)"; echo "exit $?"');
      expect(hog.oomKilled).toBe(true);
      expect(hog.stdout).toBe('exit 137\n'); // the command itself went on: only its child died
      const after = await sb.exec('echo fine');
      expect(after).toMatchObject({ stdout: 'fine\n', oomKilled: false });
      expect(await sb.health()).toEqual({ alive: true, oomKills: 1 });
    });

    it("lets the out-of-memory killer take the agent's processes, not the harness's, even when each is smaller", async () => {
      // 150 pythons of ~10 MB resident each (less than the relay) in 256 MB.
      const sb = await fresh({ memoryMb: 256, pids: 512 });
      await sb.exec('for i in $(seq 1 150); do python3 -c "import time; x = bytearray(1500000); time.sleep(10)" & done; wait', {
        timeoutMs: 90_000,
      });
      expect((await sb.health()).oomKills).toBeGreaterThan(0);
      expect((await sb.exec('echo alive')).stdout).toBe('alive\n');
      if (relay) expect((sb as unknown as { execTransport: string }).execTransport).toBe('relay');
    });

    it('fails a command whose container is killed under it, and reports the sandbox dead', async () => {
      const sb = await fresh();
      const running = sb.exec('sleep 20; echo done', { timeoutMs: 60_000 });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await backend.docker.getContainer(sb.id).kill({ signal: 'SIGKILL' });
      await expect(running).rejects.toBeInstanceOf(SandboxError);
      expect((await sb.health()).alive).toBe(false);
    });

    it('refuses a command too long to start as a failed command, and runs one just under the limit', async () => {
      const sb = await fresh();
      const tooLong = await sb.exec(`: '${'x'.repeat(200 * 1024)}'; echo ran`);
      expect(tooLong).toMatchObject({ exitCode: 126, stdout: '' });
      expect(tooLong.stderr).toMatch(/at most \d+ bytes/);
      expect((await sb.exec(`: '${'x'.repeat(120 * 1024)}'; echo ran`)).stdout).toBe('ran\n');
    });

    it('refuses, before hashing it, a new file larger than a patch may be (a 2 GiB sparse file)', async () => {
      const sb = await fresh();
      await sb.exec('truncate -s 2G /testbed/sparse.bin && echo small > /testbed/b.txt');
      await expect(sb.diff()).rejects.toMatchObject({
        name: 'AgentError',
        reason: 'diff_too_large',
        message: expect.stringContaining('sparse.bin'),
      });
      await sb.exec('rm /testbed/sparse.bin');
      expect(await sb.diff()).toContain('+small');
    });

    it('refuses to read a file larger than the harness will hold, whatever points at it', async () => {
      const sb = await fresh();
      await sb.exec('truncate -s 1G /tmp/huge.bin; ln -s /tmp/huge.bin /tmp/as-report.xml; head -c 1000 /dev/zero > /tmp/small.bin');
      await expect(sb.readFile('/tmp/as-report.xml')).rejects.toMatchObject({
        name: 'SandboxFileError',
        message: expect.stringMatching(/larger/),
      });
      expect((await sb.readFile('/tmp/small.bin')).length).toBe(1000);
    });

    it('caps any one file at the disk budget', async () => {
      const sb = await fresh({ diskMb: 64 });
      const r = await sb.exec('fallocate -l 100M /tmp/big; echo "exit $?"; ls -s /tmp/big');
      expect(r.stdout).toMatch(/^exit [1-9]/);
      expect(r.stdout).toMatch(/^0 \/tmp\/big$/m);
    });

    it('stops writers over the disk budget as the agent error, and refuses the sandbox from then on', async () => {
      const sb = await fresh({ diskMb: 64 });
      // Many files under the per-file cap, in a loop that would go on for the whole timeout.
      const writing = sb.exec('i=0; while :; do i=$((i+1)); head -c 30M /dev/zero > /testbed/fill.$i || exit 1; done', {
        timeoutMs: 60_000,
      });
      await expect(writing).rejects.toMatchObject({ name: 'AgentError', reason: 'disk_limit' });
      await expect(sb.exec('echo again')).rejects.toBeInstanceOf(AgentError);
      await expect(sb.diff()).rejects.toBeInstanceOf(AgentError);
      expect(await agentProcesses(backend, sb)).toEqual([]);
    });

    it('counts files that were deleted but are still held open', async () => {
      const sb = await fresh({ diskMb: 64 });
      const writing = sb.exec(
        'for f in 3 4; do eval "exec $f>/tmp/hidden$f"; rm /tmp/hidden$f; head -c 40M /dev/zero >&$f; done; sleep 30',
        {
          timeoutMs: 60_000,
        },
      );
      await expect(writing).rejects.toMatchObject({ reason: 'disk_limit' });
    });

    it('leaves an honest sandbox alone: writes under the budget, removed files given back', async () => {
      const sb = await fresh({ diskMb: 64 });
      for (let i = 0; i < 3; i++) {
        const r = await sb.exec('head -c 40M /dev/zero > /tmp/scratch && rm /tmp/scratch && echo ok');
        expect(r.stdout).toBe('ok\n');
      }
      expect(await sb.diff()).toBe('');
    });
  });
}
