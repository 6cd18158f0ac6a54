// Whole runs on the scale-out backends: the oracle scores 1 with its sandboxes (agent's and
// scorer's) as pods of the Kubernetes test double, and a run on the Docker host pool whose second
// host stops answering mid-run still scores every trial — the drained host's trials retried on
// the other one.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEvaluation } from '../../harness/runner/run.js';
import { agentConfigFromModel } from '../../harness/config/agent-config.js';
import { KubernetesBackend } from '../../harness/sandbox/kubernetes.js';
import { DockerPool } from '../../harness/sandbox/pool.js';
import { ensureImage } from '../../harness/images/build.js';
import { KubernetesDouble } from '../helpers/k8s-double.js';
import { TARGETS, SECOND_DOCKER, cuttableProxy } from '../helpers/sandbox-targets.js';
import { requireDockerOrSkip } from '../helpers/docker.js';

const hasDocker = await requireDockerOrSkip();
const poolOk = hasDocker && (await TARGETS.find((t) => t.label.startsWith('docker pool'))!.available());
const DATASET = path.resolve('datasets/sample');

type Line = { taskId: string; outcome: string; score: number | null; attempts: number };
const lines = (dir: string): Line[] =>
  readFileSync(path.join(dir, 'results.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Line);

describe.skipIf(!hasDocker)('runs on the scale-out backends', () => {
  let out: string;
  let image: string;
  beforeAll(async () => {
    out = mkdtempSync(path.join(tmpdir(), 'as-scale-runs-'));
    image = await ensureImage({ log: () => undefined });
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('the oracle scores 1 with every sandbox a pod (Kubernetes test double)', async () => {
    const double = new KubernetesDouble({ podPidsLimit: 256 });
    const kubeConfig = await double.start();
    try {
      const backend = new KubernetesBackend({ kubeConfig, kubernetes: { namespace: 'as-run' }, log: () => undefined });
      const s = await runEvaluation({
        dataset: DATASET,
        filter: '*-csvlite-001',
        skills: ['editing', 'reproduction', 'localization'],
        agents: [agentConfigFromModel('oracle')],
        epochs: 1,
        concurrency: 2,
        modelConcurrency: 4,
        sandbox: 'kubernetes',
        backend,
        image,
        outDir: out,
        timeoutMultiplier: 1,
        log: () => undefined,
      });
      const got = lines(s.runDir);
      expect(got.map((l) => [l.taskId, l.outcome, l.score]).sort()).toEqual([
        ['edit-csvlite-001', 'scored', 1],
        ['loc-csvlite-001', 'scored', 1],
        ['repro-csvlite-001', 'scored', 1],
      ]);
      expect(JSON.parse(readFileSync(path.join(s.runDir, 'run.json'), 'utf8')).options.sandbox).toBe('kubernetes');
      // Every pod is gone with its trial.
      expect(double.podNames()).toEqual([]);
      expect(double.uncovered).toEqual([]);
    } finally {
      await double.stop();
    }
  });

  it('a quota refusal and an eviction mid-trial on Kubernetes are retried as infrastructure: every trial still scores', async () => {
    const double = new KubernetesDouble({ podPidsLimit: 256 });
    const kubeConfig = await double.start();
    double.refuseCreates(1);
    double.evictAtFirstExec(1);
    try {
      const backend = new KubernetesBackend({ kubeConfig, kubernetes: { namespace: 'as-run-faults' }, log: () => undefined });
      const s = await runEvaluation({
        dataset: DATASET,
        filter: '*-{csvlite,inikit}-001',
        skills: ['editing', 'localization'],
        agents: [agentConfigFromModel('oracle')],
        epochs: 1,
        concurrency: 2,
        modelConcurrency: 4,
        sandbox: 'kubernetes',
        backend,
        image,
        outDir: out,
        timeoutMultiplier: 1,
        retryBaseMs: 50,
        log: () => undefined,
      });
      const got = lines(s.runDir);
      const seen = JSON.stringify({
        got: got.map((l) => [l.taskId, l.outcome, l.attempts]),
        evicted: double.evicted,
        pods: double.podNames(),
      });
      const finals = got.filter((l) => l.outcome !== 'infra_error');
      expect(finals.map((l) => [l.taskId, l.outcome, l.score]).sort(), seen).toEqual([
        ['edit-csvlite-001', 'scored', 1],
        ['edit-inikit-001', 'scored', 1],
        ['loc-csvlite-001', 'scored', 1],
        ['loc-inikit-001', 'scored', 1],
      ]);
      // Both faults happened; the refused create (the first trial's) cost that trial an attempt.
      // (Whether the eviction does too depends on whether it met a trial's own sandbox or one
      // prepared ahead, which the scheduler prepares again.)
      expect(double.evicted, seen).toHaveLength(1);
      expect(
        finals.reduce((n, l) => n + l.attempts - 1, 0),
        seen,
      ).toBeGreaterThanOrEqual(1);
      expect(double.podNames()).toEqual([]);
    } finally {
      await double.stop();
    }
  });

  it.skipIf(!poolOk)('a pool host that stops answering mid-run is drained and its trials are retried on the other', async () => {
    // The second daemon behind a unix socket this test can cut.
    const proxy = await cuttableProxy(SECOND_DOCKER);
    const pool = await DockerPool.open(
      [
        { url: 'unix:///var/run/docker.sock', capacity: 1 },
        { url: proxy.url, capacity: 8 },
      ],
      { log: () => undefined, healthEveryMs: 300 },
    );
    const [, b] = pool.hosts;
    // Cut the second host as soon as it holds a sandbox (so a trial is in flight there).
    const cut = new Promise<void>((resolve) => {
      const t = setInterval(() => {
        if (b.inUse === 0) return;
        clearInterval(t);
        proxy.cut();
        resolve();
      }, 20);
    });
    try {
      const s = await runEvaluation({
        dataset: DATASET,
        filter: '*-{csvlite,inikit}-001',
        skills: ['editing', 'review'],
        agents: [agentConfigFromModel('oracle')],
        epochs: 1,
        concurrency: 2,
        modelConcurrency: 4,
        sandbox: 'docker',
        backend: pool,
        image,
        outDir: out,
        timeoutMultiplier: 1,
        retryBaseMs: 50,
        log: () => undefined,
      });
      await cut;
      expect(b.healthy).toBe(false);
      const got = lines(s.runDir);
      const finals = got.filter((l) => l.outcome !== 'infra_error');
      expect(finals.map((l) => [l.taskId, l.outcome, l.score]).sort()).toEqual([
        ['edit-csvlite-001', 'scored', 1],
        ['edit-inikit-001', 'scored', 1],
        ['review-csvlite-001', 'scored', 1],
        ['review-inikit-001', 'scored', 1],
      ]);
      // At least one trial met the drained host and was run again.
      expect(finals.some((l) => l.attempts > 1)).toBe(true);
    } finally {
      pool.close();
      const second = new Docker({ socketPath: SECOND_DOCKER.replace('unix://', '') });
      for (const c of await second.listContainers({ all: true, filters: { label: ['io.atomic-skills.sandbox'] } })) {
        if (c.Labels['io.atomic-skills.owner']?.endsWith(`:${process.pid}`))
          await second
            .getContainer(c.Id)
            .remove({ force: true })
            .catch(() => undefined);
      }
    }
  });
});
