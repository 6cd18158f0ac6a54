// How a ContainerSandbox reaches its pod: commands through the Kubernetes exec API (as root or
// dropped to the agent with setpriv — a pod exec cannot choose its user), the relay's stream,
// the pod's state, deletion.
import type { CoreV1Api, KubeConfig, V1Pod } from '@kubernetes/client-node';
import { CappedBuffer } from './output.js';
import type { RelayChannel } from './exec-relay.js';
import type { ContainerTransport, RawExecOptions } from './container-sandbox.js';
import { envList, type RawExecResult } from './common.js';
import { podExec, type PodRef } from './kubernetes-exec.js';
import { SandboxError } from '../core/sandbox.js';

/** Why a pod cannot (or can no longer) run its sandbox, or undefined while it can. */
export function podFailure(pod: V1Pod): string | undefined {
  const phase = pod.status?.phase;
  if (pod.metadata?.deletionTimestamp) return 'being deleted';
  if (phase === 'Failed' || phase === 'Succeeded')
    return `${phase.toLowerCase()}${pod.status?.reason ? ` (${pod.status.reason})` : ''}${pod.status?.message ? `: ${pod.status.message}` : ''}`;
  if (phase === 'Unknown') return 'its node stopped reporting (lost node)';
  for (const c of pod.status?.containerStatuses ?? []) {
    const w = c.state?.waiting;
    if (w?.reason && FATAL_WAITING.has(w.reason)) return `${w.reason}${w.message ? `: ${w.message}` : ''}`;
    const t = c.state?.terminated;
    if (t) return `container ended (${t.reason ?? `exit ${t.exitCode}`})`;
  }
  return undefined;
}

/** Waiting reasons that do not resolve by waiting a little (image pulls retried by hand: the runner's retry). */
const FATAL_WAITING = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'ErrImageNeverPull',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

/** argv as `user` (root, `agent`, or `uid:gid`) with `env` added: a pod exec runs as the
 * container's user with its environment, so both are set by the command line itself. */
export function asUser(argv: string[], user: string, env: Record<string, string> | undefined): string[] {
  const root = user === 'root' || user === '0' || user === '0:0';
  const [uid, gid] = user.split(':');
  const drop = root
    ? []
    : gid === undefined
      ? ['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--init-groups', '--']
      : ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--'];
  return [...(env && Object.keys(env).length ? ['env', ...envList(env)] : []), ...drop, ...argv];
}

export class KubernetesTransport implements ContainerTransport {
  readonly backend = 'kubernetes' as const;
  readonly execName = 'kubernetes-exec' as const;
  readonly id: string;

  constructor(
    private readonly kc: KubeConfig,
    private readonly core: CoreV1Api,
    private readonly ref: PodRef,
  ) {
    this.id = ref.pod;
  }

  async exec(argv: string[], o: RawExecOptions, killFromOutside: () => Promise<void>): Promise<RawExecResult> {
    const stdout = new CappedBuffer(o.capBytes);
    const stderr = new CappedBuffer(o.capBytes);
    const closed = new AbortController();
    const stdin = typeof o.stdin === 'string' ? Buffer.from(o.stdin) : o.stdin;
    const running = await podExec(this.kc, this.ref, asUser(argv, o.user, o.env), {
      stdin,
      onStdout: (b) => stdout.push(b),
      onStderr: (b) => stderr.push(b),
      signal: closed.signal,
    });
    let hostKilled = false;
    let timer: NodeJS.Timeout | undefined;
    if (o.hardTimeoutMs !== undefined) {
      timer = setTimeout(() => {
        // The in-sandbox timeout should have ended it; something escaped. Kill from outside.
        hostKilled = true;
        void killFromOutside()
          .catch(() => undefined)
          .finally(() => closed.abort());
      }, o.hardTimeoutMs);
    }
    try {
      const exitCode = await running.done;
      return { stdout, stderr, exitCode: hostKilled ? null : exitCode, hostKilled };
    } catch (err) {
      if (hostKilled) return { stdout, stderr, exitCode: null, hostKilled };
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  async openStream(argv: string[]): Promise<RelayChannel | undefined> {
    let sink: ((b: Buffer) => void) | undefined;
    const early: Buffer[] = [];
    const exec = await podExec(this.kc, this.ref, argv, {
      stdin: 'stream',
      onStdout: (b) => (sink ? sink(b) : early.push(b)),
      onStderr: () => undefined,
    });
    return {
      write: (data) => void exec.write(data).catch(() => exec.close()),
      onData: (listener) => {
        sink = listener;
        for (const b of early.splice(0)) listener(b);
      },
      onClose: (listener) => void exec.done.then(listener, listener),
      destroy: () => exec.close(),
    };
  }

  async state(): Promise<{ running: boolean; oomKilled: boolean }> {
    let pod: V1Pod;
    try {
      pod = await this.core.readNamespacedPod({ name: this.ref.pod, namespace: this.ref.namespace });
    } catch (err) {
      if ((err as { code?: number }).code === 404) return { running: false, oomKilled: false };
      throw new SandboxError(`cannot read pod ${this.ref.pod}: ${(err as Error).message}`, { cause: err });
    }
    const c = pod.status?.containerStatuses?.find((s) => s.name === this.ref.container);
    const oomKilled = c?.state?.terminated?.reason === 'OOMKilled' || c?.lastState?.terminated?.reason === 'OOMKilled';
    return { running: !podFailure(pod) && pod.status?.phase === 'Running' && Boolean(c?.state?.running), oomKilled };
  }

  /** The pod's process limit as its cgroup shows it ("max" when none). */
  async readPidsMax(): Promise<string> {
    const r = await this.exec(
      ['sh', '-c', 'cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max'],
      { user: 'root', capBytes: 1024 },
      async () => undefined,
    );
    return r.stdout.toString().trim();
  }

  async remove(): Promise<void> {
    try {
      await this.core.deleteNamespacedPod({ name: this.ref.pod, namespace: this.ref.namespace, gracePeriodSeconds: 0 });
    } catch (err) {
      if ((err as { code?: number }).code !== 404)
        throw new SandboxError(`cannot delete pod ${this.ref.pod}: ${(err as Error).message}`, { cause: err });
    }
  }
}
