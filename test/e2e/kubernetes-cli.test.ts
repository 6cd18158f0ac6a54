// The Kubernetes backend through the CLI, against the test double (pods as local containers):
// the cluster options file is read, Ctrl-C deletes every pod of the run, and `sandbox prune`
// deletes the pods of a run that died (by its label) or whose owning process is gone, and no
// others.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubernetesBackend } from '../../harness/sandbox/kubernetes.js';
import { OWNER_LABEL } from '../../harness/sandbox/common.js';
import { ensureImage } from '../../harness/images/build.js';
import { SANDBOX_LABEL, type Sandbox } from '../../harness/core/sandbox.js';
import { KubernetesDouble } from '../helpers/k8s-double.js';
import { requireDockerOrSkip } from '../helpers/docker.js';

const bin = path.resolve('bin/atomic-skills.js');
const hasDocker = await requireDockerOrSkip();
const NAMESPACE = 'as-cli';

/** The CLI as a child process: the double answers from this process, so never spawnSync. */
function start(args: string[]): { child: ChildProcess; out: () => string; err: () => string } {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (b) => (stdout += b));
  child.stderr!.on('data', (b) => (stderr += b));
  return { child, out: () => stdout, err: () => stderr };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('exit', (code) => resolve(code))));

async function until(what: string, check: () => boolean, child?: ChildProcess, log?: () => string): Promise<void> {
  const deadline = Date.now() + 600_000;
  while (!check()) {
    if (child && child.exitCode !== null) throw new Error(`ended before ${what}: ${log?.()}`);
    if (Date.now() > deadline) throw new Error(`no ${what}: ${log?.()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function deadPid(): number {
  const c = spawn('true');
  return c.pid!;
}

describe.skipIf(!hasDocker)('kubernetes through the CLI (test double)', () => {
  let double: KubernetesDouble;
  let kc: KubeConfig;
  let clusterFile: string;
  let out: string;
  let image: string;
  const made: Sandbox[] = [];

  beforeAll(async () => {
    image = await ensureImage({ log: () => undefined });
    double = new KubernetesDouble({ podPidsLimit: 256 });
    kc = await double.start();
    const dir = mkdtempSync(path.join(tmpdir(), 'as-k8s-cli-'));
    out = path.join(dir, 'runs');
    writeFileSync(path.join(dir, 'kubeconfig'), kc.exportConfig());
    clusterFile = path.join(dir, 'cluster.yaml');
    writeFileSync(clusterFile, `kubeconfig: ${path.join(dir, 'kubeconfig')}\nnamespace: ${NAMESPACE}\n`);
  }, 900_000);
  afterAll(async () => {
    await Promise.all(made.map((s) => s.destroy().catch(() => undefined)));
    await double?.stop();
  });

  it('Ctrl-C stops a run and deletes every pod it made', async () => {
    const run = start([
      'run',
      '--model',
      'oracle',
      '--skills',
      'editing,test-generation',
      '--sandbox',
      'kubernetes',
      '--kubernetes',
      clusterFile,
      '--concurrency',
      '2',
      '--out',
      out,
    ]);
    await until('pods', () => double.podNames().length > 0, run.child, run.err);
    run.child.kill('SIGINT');
    expect(await exited(run.child)).toBe(130);
    expect(double.podNames()).toEqual([]);
  }, 900_000);

  it('sandbox prune deletes the pods of a named run and of dead owners, and no others', async () => {
    const backend = new KubernetesBackend({ kubeConfig: kc, kubernetes: { namespace: NAMESPACE }, log: () => undefined });
    const dead = await backend.create({ image, labels: { 'io.atomic-skills.run': 'dead-run' } });
    const live = await backend.create({ image, labels: { 'io.atomic-skills.run': 'live-run' } });
    made.push(dead, live);
    // A pod whose owner (a process on this machine) is gone, of no named run.
    const core = kc.makeApiClient(CoreV1Api);
    const orphan = await core.createNamespacedPod({
      namespace: NAMESPACE,
      body: {
        metadata: {
          generateName: 'as-orphan-',
          labels: { [SANDBOX_LABEL]: '1' },
          annotations: { [OWNER_LABEL]: `${hostname()}:${deadPid()}` },
        },
        spec: { automountServiceAccountToken: false, containers: [{ name: 'sandbox', image, command: ['sleep', 'infinity'] }] },
      },
    });

    const byRun = start(['sandbox', 'prune', '--kubernetes', clusterFile, '--run', 'dead-run']);
    expect(await exited(byRun.child), byRun.err()).toBe(0);
    expect(byRun.out()).toMatch(/1 pod\(s\)/);
    expect(double.podNames()).not.toContain(dead.id);
    expect(double.podNames()).toContain(live.id);
    expect(double.podNames()).toContain(orphan.metadata!.name);

    const byOwner = start(['sandbox', 'prune', '--kubernetes', clusterFile]);
    expect(await exited(byOwner.child), byOwner.err()).toBe(0);
    expect(double.podNames()).not.toContain(orphan.metadata!.name);
    // This process still runs: its sandbox stays.
    expect(double.podNames()).toContain(live.id);
  }, 900_000);
});
