// The scale-out options: --shard, --docker-host / hosts files, the kubernetes options file, and
// how a pod exec is made to run as a given user — bad input named by file and field.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseShard, planHash, shardOf } from '../../harness/results/shard.js';
import { parseDockerHost, readDockerHostsFile, hostName } from '../../harness/sandbox/docker-hosts.js';
import { asUser } from '../../harness/sandbox/kubernetes-pod.js';
import { labelValue, podManifest, KubernetesOptionsSchema } from '../../harness/sandbox/kubernetes.js';
import type Docker from 'dockerode';
import { DockerBackend, hostConfigVariants, startContainer } from '../../harness/sandbox/docker.js';
import { SandboxError } from '../../harness/core/sandbox.js';
import { placementFrom } from '../../harness/cli/commands/shared.js';
import { InputError } from '../../harness/core/errors.js';

const dir = mkdtempSync(path.join(tmpdir(), 'as-scale-opts-'));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('--shard i/n', () => {
  it('parses i/n with 1 ≤ i ≤ n and refuses anything else', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    for (const bad of ['0/3', '4/3', '3', 'a/b', '1/0', '-1/2']) expect(() => parseShard(bad)).toThrow(InputError);
  });

  it('puts every key in exactly one shard, the same one each time, and spreads them', () => {
    const keys = Array.from({ length: 3000 }, (_, i) => `task${i}:agent:${1 + (i % 3)}`);
    const counts = [0, 0, 0, 0];
    for (const k of keys) {
      const s = shardOf(k, 4);
      expect(s).toBe(shardOf(k, 4));
      counts[s - 1]++;
    }
    // 750 expected each; a fair hash stays well within ±15%.
    for (const c of counts) expect(Math.abs(c - 750)).toBeLessThan(110);
    expect(planHash(keys)).toBe(planHash([...keys].reverse()));
    expect(planHash(keys)).not.toBe(planHash(keys.slice(1)));
  });
});

describe('Docker hosts', () => {
  it('reads a host URL with its options', () => {
    expect(parseDockerHost('unix:///var/run/docker.sock')).toEqual({ url: 'unix:///var/run/docker.sock' });
    expect(parseDockerHost('ssh://eval@box?capacity=16&identity=/k')).toEqual({ url: 'ssh://eval@box', capacity: 16, identityFile: '/k' });
    expect(parseDockerHost('tcp://h:2376?tls=/certs')).toEqual({ url: 'tcp://h:2376', tlsDir: '/certs' });
    expect(hostName({ url: 'ssh://eval@box' })).toBe('ssh://box');
    expect(() => parseDockerHost('http://h:2375')).toThrow(/expected unix/);
    expect(() => parseDockerHost('unix:///s?capacity=0')).toThrow(/capacity must be a positive integer/);
    expect(() => parseDockerHost('unix:///s?colour=red')).toThrow(/unknown option "colour"/);
  });

  it('reads a hosts file, paths relative to it, and names the bad field', () => {
    const good = file('hosts.yaml', 'hosts:\n  - url: tcp://h:2376\n    capacity: 8\n    tlsDir: certs/h\n');
    expect(readDockerHostsFile(good)).toEqual([
      { url: 'tcp://h:2376', capacity: 8, tlsDir: path.join(dir, 'certs/h'), identityFile: undefined },
    ]);
    const bad = file('bad-hosts.yaml', 'hosts:\n  - url: tcp://h:2376\n  - url: ftp://x\n');
    expect(() => readDockerHostsFile(bad)).toThrow(new RegExp(`${bad}.*hosts\\.1\\.url.*expected unix`));
  });
});

describe('kubernetes options', () => {
  it('a cluster file is checked field by field; flags override it', () => {
    const f = file('cluster.yaml', 'namespace: evals\nregistry: reg.example/as\nnetworkPolicy: require\n');
    expect(placementFrom({ dockerHost: [], kubernetes: f, k8sNamespace: 'other' })).toEqual({
      kubernetes: { namespace: 'other', registry: 'reg.example/as', networkPolicy: 'require' },
    });
    const bad = file('bad-cluster.yaml', 'namespace: evals\nnetworkPolicy: maybe\n');
    expect(() => placementFrom({ dockerHost: [], kubernetes: bad })).toThrow(new RegExp(`${bad}.*networkPolicy`));
    const typo = file('typo-cluster.yaml', 'namespaces: evals\n');
    expect(() => placementFrom({ dockerHost: [], kubernetes: typo })).toThrow(InputError);
  });

  it('the pod has no token, no DNS, the limits as requests too, and label-safe values', () => {
    const o = KubernetesOptionsSchema.parse({ pullSecret: 'creds', tolerations: [{ key: 'k', operator: 'Exists' }] });
    const pod = podManifest('img:1', { memoryMb: 512, cpus: 2, diskMb: 1024 }, { 'io.atomic-skills.task': 'a b/c' }, o);
    expect(pod.spec!.automountServiceAccountToken).toBe(false);
    expect(pod.spec!.dnsPolicy).toBe('None');
    expect(pod.spec!.imagePullSecrets).toEqual([{ name: 'creds' }]);
    expect(pod.spec!.containers[0].resources).toEqual({
      limits: { cpu: '2', memory: '512Mi', 'ephemeral-storage': '2048Mi' },
      requests: { cpu: '2', memory: '512Mi', 'ephemeral-storage': '2048Mi' },
    });
    expect(pod.metadata!.labels!['io.atomic-skills.task']).toBe('a_b_c');
    expect(labelValue('-x'.repeat(50))).toMatch(/^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/);
  });

  it('a pod exec runs as the agent through setpriv, as root as it is, with the environment given', () => {
    expect(asUser(['id'], 'root', undefined)).toEqual(['id']);
    expect(asUser(['id'], 'agent', { A: '1' })).toEqual([
      'env',
      'A=1',
      'setpriv',
      '--reuid=agent',
      '--regid=agent',
      '--init-groups',
      '--',
      'id',
    ]);
    expect(asUser(['id'], '1000:1000', {})).toEqual(['setpriv', '--reuid=1000', '--regid=1000', '--clear-groups', '--', 'id']);
  });
});

describe('docker engine fallbacks', () => {
  const full = {
    Memory: 1,
    MemorySwap: 1,
    NanoCpus: 1,
    PidsLimit: 9,
    Init: true,
    Ulimits: [{ Name: 'fsize', Soft: 1, Hard: 1 }],
    NetworkMode: 'none',
  };

  it('weakens the settings step by step, keeping memory and process limits until the last', () => {
    const v = hostConfigVariants(full);
    expect(v.map((x) => x.hostConfig.PidsLimit)).toEqual([9, 9, 9, 9, undefined]);
    expect(v[1].hostConfig.Ulimits!.map((u) => `${u.Name}=${u.Hard}`)).toEqual(['fsize=1', 'nofile=4096', 'nproc=32768']);
    expect(v[2].hostConfig.Ulimits!.map((u) => `${u.Name}=${u.Hard}`)).toEqual(['fsize=1', 'nofile=1024', 'nproc=4096']);
    expect(v[3].hostConfig.Init).toBe(false);
    // Even the weakest variant names its open-file and process limits, so an engine with its
    // own higher defaults (Podman) never meets a value its service may not set.
    expect(v[4].hostConfig.Ulimits!.map((u) => `${u.Name}=${u.Hard}`)).toEqual(['nofile=1024', 'nproc=4096']);
    expect(v.every((x) => x.hostConfig.NetworkMode === 'none')).toBe(true);
  });

  /** An engine like rootful Podman under a service whose hard open-file limit is `hardNofile`:
   * without an explicit nofile it asks for a million, and runc refuses what is over the limit. */
  function podmanLike(hardNofile: number) {
    const created: Docker.HostConfig[] = [];
    const removed: number[] = [];
    const docker = {
      createContainer: async (o: Docker.ContainerCreateOptions) => {
        const hc = o.HostConfig ?? {};
        created.push(hc);
        const n = created.length;
        const nofile = hc.Ulimits?.find((u) => u.Name === 'nofile')?.Hard ?? 1048576;
        return {
          id: `c${n}`,
          start: async () => {
            if (nofile > hardNofile) {
              throw new Error(
                'runc create failed: error setting rlimits for ready process: error setting rlimit type 7: operation not permitted: OCI permission denied',
              );
            }
          },
          remove: async () => void removed.push(n),
        };
      },
    } as unknown as Docker;
    return { docker, created, removed };
  }

  it('starts on an engine that refuses its own default open-file limit, and says which settings it got', async () => {
    const engine = podmanLike(20000);
    const started = await startContainer(engine.docker, { Image: 'img', HostConfig: full });
    expect(started.variant).toBe(1);
    expect(engine.removed).toEqual([1]);
    expect(started.said).toContain('rlimit type 7');
    expect(started.said).toContain('explicit open-file and process rlimits');
    // Where the service's own hard limit is below 4096, the lowered rung.
    const low = podmanLike(2000);
    const lowered = await startContainer(low.docker, { Image: 'img', HostConfig: { NetworkMode: 'none' } });
    expect(lowered.variant).toBe(2);
    expect(low.created[2].Ulimits!.find((u) => u.Name === 'nofile')!.Hard).toBe(1024);
    // Already at the chosen variant: nothing to say.
    expect((await startContainer(low.docker, { Image: 'img', HostConfig: full }, { from: 2 })).said).toBe('');
  });

  it('a refusal at every step, or a failure that is not a refusal, is an infrastructure error naming what was tried', async () => {
    const none = podmanLike(10);
    const err = await startContainer(none.docker, { Image: 'img', HostConfig: full }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SandboxError);
    expect((err as Error).message).toMatch(/after refusing: with every limit: .*rlimit type 7/);
    expect(none.removed).toEqual([1, 2, 3, 4, 5]);
    const hiccup = {
      createContainer: async () => {
        throw new Error('connect ECONNREFUSED /var/run/docker.sock');
      },
    } as unknown as Docker;
    await expect(startContainer(hiccup, { Image: 'img', HostConfig: full })).rejects.toThrow(/ECONNREFUSED/);
  });

  it('a DockerBackend says its fallback once and starts later sandboxes at the chosen settings', async () => {
    const engine = podmanLike(20000);
    const lines: string[] = [];
    const backend = new DockerBackend({ docker: engine.docker, log: (l) => lines.push(l) });
    const start = (backend as unknown as { startContainer(o: object, i: string, lap: () => void): Promise<unknown> }).startContainer.bind(
      backend,
    );
    await start({ Image: 'img', HostConfig: full }, 'img', () => undefined);
    await start({ Image: 'img', HostConfig: full }, 'img', () => undefined);
    expect(engine.created.map((hc) => hc.Ulimits!.find((u) => u.Name === 'nofile')?.Hard)).toEqual([undefined, 4096, 4096]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/refused the sandbox settings .*rlimit type 7/);
  });
});
