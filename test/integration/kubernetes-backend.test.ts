// The kubernetes backend against the test double (pods as local containers), beyond the contract
// suite: the pod it asks for, the NetworkPolicy it creates or requires, the v4 channel protocol
// (no stdin close: sized stdin), image pull failures, an eviction, a quota refusal and a lost
// node as infrastructure errors,
// the activeDeadlineSeconds backstop, prune by run label.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CoreV1Api, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { KubernetesBackend, NETWORK_POLICY } from '../../harness/sandbox/kubernetes.js';
import { ensureImage } from '../../harness/images/build.js';
import { SANDBOX_LABEL, SandboxError, type Sandbox } from '../../harness/core/sandbox.js';
import { KubernetesDouble } from '../helpers/k8s-double.js';
import { requireDockerOrSkip } from '../helpers/docker.js';

const hasDocker = await requireDockerOrSkip();

describe.skipIf(!hasDocker)('kubernetes backend (test double)', () => {
  let image: string;
  let double: KubernetesDouble;
  let kc: KubeConfig;
  let repo: string;
  const made: Sandbox[] = [];
  const backend = (o: ConstructorParameters<typeof KubernetesBackend>[0] = {}) =>
    new KubernetesBackend({ kubeConfig: kc, log: () => undefined, ...o, kubernetes: { namespace: 'as-k8s', ...o.kubernetes } });
  const pod = (name: string): Promise<V1Pod> => kc.makeApiClient(CoreV1Api).readNamespacedPod({ name, namespace: 'as-k8s' });

  beforeAll(async () => {
    image = await ensureImage({ log: () => undefined });
    // The v4 protocol only: stdin cannot be closed, so every sized stdin must carry its length.
    double = new KubernetesDouble({ protocols: ['v4.channel.k8s.io'], podPidsLimit: 256 });
    kc = await double.start();
    repo = mkdtempSync(path.join(tmpdir(), 'as-k8s-repo-'));
    writeFileSync(path.join(repo, 'a.txt'), 'alpha\n');
  }, 900_000);
  afterAll(async () => {
    await Promise.all(made.map((s) => s.destroy().catch(() => undefined)));
    await double?.stop();
  });

  it('asks for a pod with the Docker backend contract and the run and trial labels', async () => {
    const lines: string[] = [];
    const b = backend({ log: (l) => lines.push(l), kubernetes: { activeDeadlineSeconds: 3600, nodeSelector: { pool: 'sandboxes' } } });
    const sb = await b.create({
      image,
      repoDir: repo,
      limits: { memoryMb: 300, cpus: 0.5, diskMb: 100 },
      labels: { 'io.atomic-skills.run': '20260101-120000-ab12', 'io.atomic-skills.task': 'edit csvlite/001' },
    });
    made.push(sb);
    expect(sb.backend).toBe('kubernetes');
    const p = await pod(sb.id);
    const c = p.spec!.containers[0];
    expect(p.spec).toMatchObject({
      automountServiceAccountToken: false,
      restartPolicy: 'Never',
      activeDeadlineSeconds: 3600,
      nodeSelector: { pool: 'sandboxes' },
    });
    expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, privileged: false });
    expect(c.resources!.limits).toEqual({ cpu: '0.5', memory: '300Mi', 'ephemeral-storage': '200Mi' });
    // Label values are made valid; the exact ones are kept as annotations.
    expect(p.metadata!.labels).toMatchObject({
      [SANDBOX_LABEL]: '1',
      'io.atomic-skills.run': '20260101-120000-ab12',
      'io.atomic-skills.task': 'edit_csvlite_001',
    });
    expect(p.metadata!.annotations!['io.atomic-skills.task']).toBe('edit csvlite/001');
    // Over v4 the repo arrived whole (sized stdin), and commands run as the agent.
    expect(double.protocolsUsed.every((proto) => proto === 'v4.channel.k8s.io')).toBe(true);
    expect((await sb.exec('id -un; cat a.txt; git rev-list --count HEAD')).stdout).toBe('agent\nalpha\n1\n');
    await sb.writeFile('/testbed/big.bin', Buffer.alloc(9 * 1024 * 1024, 7)); // past the relay's stdin: one exec with sized stdin
    expect((await sb.exec('stat -c %s big.bin; stat -c %U big.bin')).stdout).toBe(`${9 * 1024 * 1024}\nagent\n`);
    expect(lines.some((l) => l.includes(`created NetworkPolicy ${NETWORK_POLICY}`))).toBe(true);
    expect(double.uncovered).toEqual([]);
  }, 300_000);

  it('with networkPolicy: require, refuses to run in a namespace without the policy', async () => {
    const b = new KubernetesBackend({
      kubeConfig: kc,
      log: () => undefined,
      kubernetes: { namespace: 'as-k8s-bare', networkPolicy: 'require' },
    });
    const before = double.podNames().length;
    await expect(b.create({ image })).rejects.toThrow(/NetworkPolicy atomic-skills-deny-all is missing in namespace as-k8s-bare/);
    expect(double.podNames().length).toBe(before);
  });

  it('an image that cannot be pulled is an infrastructure error, and its pod is gone', async () => {
    const before = double.podNames().length;
    const err = await backend()
      .create({ image: 'atomic-skills/no-such-image:none' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SandboxError);
    expect((err as Error).message).toMatch(/ErrImagePull/);
    expect(double.podNames().length).toBe(before);
  });

  it('a lost node fails the sandbox as infrastructure; the activeDeadlineSeconds backstop ends a forgotten pod', async () => {
    const sb = await backend().create({ image });
    made.push(sb);
    await sb.warm?.();
    await double.loseNode(sb.id);
    await expect(sb.exec('true')).rejects.toBeInstanceOf(SandboxError);
    expect((await sb.health()).alive).toBe(false);

    const short = await backend({ kubernetes: { activeDeadlineSeconds: 2 } }).create({ image });
    made.push(short);
    await new Promise((r) => setTimeout(r, 3000));
    expect((await pod(short.id)).status).toMatchObject({ phase: 'Failed', reason: 'DeadlineExceeded' });
    await expect(short.exec('true')).rejects.toBeInstanceOf(SandboxError);
  }, 300_000);

  it('an eviction mid-trial and a quota refusal at create are infrastructure errors', async () => {
    const sb = await backend().create({ image });
    made.push(sb);
    await sb.warm?.();
    await double.evict(sb.id);
    const err = await sb.exec('true').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SandboxError);
    expect((await sb.health()).alive).toBe(false);
    expect((await pod(sb.id)).status).toMatchObject({ phase: 'Failed', reason: 'Evicted' });

    const before = double.podNames().length;
    double.refuseCreates(1);
    const refused = await backend()
      .create({ image })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SandboxError);
    expect((refused as Error).message).toMatch(/exceeded quota/);
    expect(double.podNames().length).toBe(before);
    // The quota has room again: the next create goes through.
    const next = await backend().create({ image });
    made.push(next);
    expect((await next.exec('echo ok')).stdout).toBe('ok\n');
  }, 300_000);

  it('prune removes the pods of a run by its label, leaving other runs alone', async () => {
    const b = backend();
    const dead = await b.create({ image, labels: { 'io.atomic-skills.run': 'dead-run' } });
    const alive = await b.create({ image, labels: { 'io.atomic-skills.run': 'live-run' } });
    made.push(dead, alive);
    // The owner (this process) still runs: only an explicit `all` removes them.
    expect(await b.prune({ labels: { 'io.atomic-skills.run': 'dead-run' } })).toBe(0);
    expect(await b.prune({ all: true, labels: { 'io.atomic-skills.run': 'dead-run' } })).toBe(1);
    expect(double.podNames()).not.toContain(dead.id);
    expect(double.podNames()).toContain(alive.id);
  }, 300_000);
});
