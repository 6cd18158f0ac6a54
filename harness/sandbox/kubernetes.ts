// Kubernetes sandbox backend (@kubernetes/client-node): one pod per sandbox, with the Docker
// backend's contract — the same ContainerSandbox over a pod transport (commands through the exec
// relay on ONE exec stream, files by tar over exec). No network: a deny-all NetworkPolicy that
// selects every sandbox pod, created (or required) in the namespace. Pods run the container as
// root with no privilege escalation and few capabilities, as the Docker backend's containers do;
// every agent command runs as uid 1000. See docs/scale-out.md for the cluster's side.
import { hostname } from 'node:os';
import { KubeConfig, CoreV1Api, NetworkingV1Api, Watch, type V1Pod, type V1Toleration } from '@kubernetes/client-node';
import { z } from 'zod';
import { ContainerSandbox } from './container-sandbox.js';
import { KubernetesTransport, podFailure } from './kubernetes-pod.js';
import { OWNER_LABEL, ownerAlive, ownerTag, resolveSpec } from './common.js';
import { SANDBOX_LABEL, SandboxError, type PruneOptions, type Sandbox, type SandboxBackend, type SandboxSpec } from '../core/sandbox.js';

export const NETWORK_POLICY = 'atomic-skills-deny-all';
const CONTAINER = 'sandbox';

/** The cluster side of a run (agent-independent; recorded in run.json). */
export const KubernetesOptionsSchema = z
  .object({
    /** kubeconfig file (default: $KUBECONFIG, ~/.kube/config, or the in-cluster service account). */
    kubeconfig: z.string().optional(),
    context: z.string().optional(),
    namespace: z.string().default('default'),
    nodeSelector: z.record(z.string(), z.string()).optional(),
    tolerations: z
      .array(
        z.object({
          key: z.string().optional(),
          operator: z.enum(['Equal', 'Exists']).optional(),
          value: z.string().optional(),
          effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
          tolerationSeconds: z.number().int().optional(),
        }),
      )
      .optional(),
    /** Images are referenced as <registry>/<image> and pushed there from the local Docker daemon once. */
    registry: z.string().optional(),
    /** imagePullSecrets for that registry. */
    pullSecret: z.string().optional(),
    /** create: the harness creates the deny-all NetworkPolicy if missing; require: it must exist. */
    networkPolicy: z.enum(['create', 'require']).default('create'),
    /** Backstop: the kubelet kills a pod older than this even if the harness is gone (default 6 h). */
    activeDeadlineSeconds: z
      .number()
      .int()
      .positive()
      .default(6 * 3600),
    /** How long a pod may take to be scheduled, pulled and started (default 10 min). */
    startTimeoutSeconds: z.number().int().positive().default(600),
    /** Resource defaults for sandboxes whose task sets none (the Docker backend's defaults otherwise). */
    resources: z
      .object({ memoryMb: z.number().positive(), cpus: z.number().positive(), diskMb: z.number().positive() })
      .partial()
      .optional(),
  })
  .strict();
export type KubernetesOptions = z.input<typeof KubernetesOptionsSchema>;

export interface KubernetesBackendOptions {
  kubernetes?: KubernetesOptions;
  /** A ready client configuration (tests point it at the test double). */
  kubeConfig?: KubeConfig;
  /** Pushes a local image to the registry, returning the reference pods use (see images/registry.ts). */
  pushImage?: (image: string, registry: string) => Promise<string>;
  log?: (line: string) => void;
}

/** Label values allow [A-Za-z0-9._-], at most 63, alphanumeric at both ends. */
export function labelValue(v: string): string {
  const s = v.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 63);
  return s.replace(/^[^A-Za-z0-9]+/, '').replace(/[^A-Za-z0-9]+$/, '') || 'x';
}

export class KubernetesBackend implements SandboxBackend {
  readonly name = 'kubernetes' as const;
  readonly kc: KubeConfig;
  readonly namespace: string;
  private readonly opts: z.output<typeof KubernetesOptionsSchema>;
  private readonly core: CoreV1Api;
  private readonly net: NetworkingV1Api;
  private readonly log: (line: string) => void;
  private policy: Promise<void> | undefined;
  private readonly images = new Map<string, Promise<string>>();
  private pidsChecked = false;

  constructor(private readonly o: KubernetesBackendOptions = {}) {
    this.opts = KubernetesOptionsSchema.parse(o.kubernetes ?? {});
    this.log = o.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.kc = o.kubeConfig ?? loadKubeConfig(this.opts.kubeconfig, this.opts.context);
    this.namespace = this.opts.namespace;
    this.core = this.kc.makeApiClient(CoreV1Api);
    this.net = this.kc.makeApiClient(NetworkingV1Api);
  }

  async create(spec: SandboxSpec): Promise<Sandbox> {
    await this.networkPolicy();
    const resolved = resolveSpec({ ...spec, limits: { ...this.opts.resources, ...spec.limits } });
    const image = await this.imageRef(spec.image);
    const pod = podManifest(image, resolved.limits, spec.labels ?? {}, this.opts);
    const timings: Record<string, number> = {};
    const t0 = performance.now();
    let created: V1Pod;
    try {
      created = await this.core.createNamespacedPod({ namespace: this.namespace, body: pod });
    } catch (err) {
      // A quota refusal (403 exceeded quota) or an API hiccup: infrastructure, retried by the runner.
      throw new SandboxError(`cannot create a pod in ${this.namespace}: ${apiMessage(err)}`, { cause: err });
    }
    const name = created.metadata!.name!;
    const transport = new KubernetesTransport(this.kc, this.core, { namespace: this.namespace, pod: name, container: CONTAINER });
    const relay = {
      unavailable: () => this.log(`atomic-skills: the exec relay did not start in ${image} (no python3?); commands use one exec each`),
    };
    const sandbox = new ContainerSandbox(transport, resolved, timings, relay);
    try {
      await this.waitRunning(name);
      timings.pod = Math.round(performance.now() - t0);
      if (!this.pidsChecked) await this.checkPidsLimit(transport);
      if (!spec.prepared) await sandbox.setup(spec.repoDir);
    } catch (err) {
      await sandbox.destroy().catch(() => undefined);
      if (err instanceof SandboxError) throw err;
      throw new SandboxError(`cannot start sandbox pod ${name}: ${apiMessage(err)}`, { cause: err });
    }
    return sandbox;
  }

  /** Waits for the pod's container to run; image pull failures, evictions, an unschedulable
   * pod past the start timeout are infrastructure errors (the runner retries the trial). */
  private async waitRunning(name: string): Promise<void> {
    const watch = new Watch(this.kc);
    let abort: AbortController | undefined;
    let timer: NodeJS.Timeout | undefined;
    let last: V1Pod | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        const judge = (pod: V1Pod | undefined, deleted = false) => {
          if (deleted) return reject(new SandboxError(`pod ${name} was deleted before it ran`));
          if (!pod) return;
          last = pod;
          const failure = podFailure(pod);
          if (failure) return reject(new SandboxError(`pod ${name}: ${failure}`));
          if (pod.status?.containerStatuses?.some((c) => c.name === CONTAINER && c.state?.running)) resolve();
        };
        timer = setTimeout(
          () => reject(new SandboxError(`pod ${name} did not start within ${this.opts.startTimeoutSeconds} s: ${pendingReason(last)}`)),
          this.opts.startTimeoutSeconds * 1000,
        );
        watch
          .watch(
            `/api/v1/namespaces/${this.namespace}/pods`,
            { fieldSelector: `metadata.name=${name}` },
            (type, obj: V1Pod) => judge(obj, type === 'DELETED'),
            (err) => {
              // The watch ended (server timeout, dropped connection): one read decides or re-waits.
              if (err) void this.readPod(name).then((p) => (p ? judge(p) : judge(undefined, true)), reject);
            },
          )
          .then((a) => (abort = a), reject);
        // The pod may already run before the watch starts.
        void this.readPod(name).then((p) => judge(p), reject);
      });
    } finally {
      clearTimeout(timer);
      abort?.abort();
    }
  }

  private async readPod(name: string): Promise<V1Pod | undefined> {
    try {
      return await this.core.readNamespacedPod({ name, namespace: this.namespace });
    } catch (err) {
      if ((err as { code?: number }).code === 404) return undefined;
      throw new SandboxError(`cannot read pod ${name}: ${apiMessage(err)}`, { cause: err });
    }
  }

  /** The deny-all policy for sandbox pods: created if missing (networkPolicy: create), or required. */
  private networkPolicy(): Promise<void> {
    this.policy ??= (async () => {
      try {
        await this.net.readNamespacedNetworkPolicy({ name: NETWORK_POLICY, namespace: this.namespace });
        this.log(`kubernetes: sandbox pods in ${this.namespace} are isolated by the existing NetworkPolicy ${NETWORK_POLICY}`);
        return;
      } catch (err) {
        if ((err as { code?: number }).code !== 404)
          throw new SandboxError(`cannot read NetworkPolicy ${NETWORK_POLICY}: ${apiMessage(err)}`, { cause: err });
      }
      if (this.opts.networkPolicy === 'require') {
        throw new SandboxError(
          `NetworkPolicy ${NETWORK_POLICY} is missing in namespace ${this.namespace} (networkPolicy: require): apply the one in docs/scale-out.md, or let the harness create it`,
        );
      }
      try {
        await this.net.createNamespacedNetworkPolicy({ namespace: this.namespace, body: denyAllPolicy() });
      } catch (err) {
        if ((err as { code?: number }).code !== 409)
          throw new SandboxError(`cannot create NetworkPolicy ${NETWORK_POLICY}: ${apiMessage(err)}`, { cause: err });
      }
      this.log(
        `kubernetes: created NetworkPolicy ${NETWORK_POLICY} in ${this.namespace} (no ingress or egress for sandbox pods; enforced only by a network plugin that implements NetworkPolicy)`,
      );
    })();
    this.policy.catch(() => (this.policy = undefined));
    return this.policy;
  }

  /** The reference pods use for a local image: pushed to the registry once, or as it is. */
  private imageRef(image: string): Promise<string> {
    const registry = this.opts.registry;
    if (!registry) return Promise.resolve(image);
    let p = this.images.get(image);
    if (!p) {
      const push = this.o.pushImage;
      if (!push) return Promise.resolve(`${registry.replace(/\/+$/, '')}/${image}`);
      p = push(image, registry);
      p.catch(() => this.images.delete(image));
      this.images.set(image, p);
    }
    return p;
  }

  /** Kubernetes has no per-pod process limit of its own: the kubelet's podPidsLimit is it. */
  private async checkPidsLimit(t: KubernetesTransport): Promise<void> {
    this.pidsChecked = true;
    const max = await t.readPidsMax().catch(() => undefined);
    if (max === undefined || max === 'max')
      this.log(
        'kubernetes: sandbox pods have no process limit (set the kubelet podPidsLimit, docs/scale-out.md): a fork bomb is bounded only by the node',
      );
  }

  /** Deletes sandbox pods whose owner is gone (all of ours with `all`), found by label. */
  async prune(opts: PruneOptions = {}): Promise<number> {
    const selector = [SANDBOX_LABEL + '=1', ...Object.entries(opts.labels ?? {}).map(([k, v]) => `${k}=${labelValue(v)}`)].join(',');
    let pods: V1Pod[];
    try {
      pods = (await this.core.listNamespacedPod({ namespace: this.namespace, labelSelector: selector })).items;
    } catch (err) {
      throw new SandboxError(`cannot list pods in ${this.namespace}: ${apiMessage(err)}`, { cause: err });
    }
    let removed = 0;
    for (const pod of pods) {
      if (!opts.all && ownerAlive(pod.metadata?.annotations?.[OWNER_LABEL])) continue;
      try {
        await this.core.deleteNamespacedPod({ name: pod.metadata!.name!, namespace: this.namespace, gracePeriodSeconds: 0 });
        removed++;
      } catch (err) {
        if ((err as { code?: number }).code !== 404)
          throw new SandboxError(`cannot delete pod ${pod.metadata!.name}: ${apiMessage(err)}`, { cause: err });
      }
    }
    return removed;
  }
}

/** One sandbox pod: the Docker backend's container as a pod spec. */
export function podManifest(
  image: string,
  limits: { memoryMb: number; cpus: number; diskMb: number },
  labels: Record<string, string>,
  o: z.output<typeof KubernetesOptionsSchema>,
): V1Pod {
  const resources = {
    cpu: String(limits.cpus),
    memory: `${Math.round(limits.memoryMb)}Mi`,
    // The repo copy lives in the writable layer too, hence the headroom (as the Docker backend's size option).
    'ephemeral-storage': `${Math.round(2 * limits.diskMb)}Mi`,
  };
  const podLabels: Record<string, string> = { [SANDBOX_LABEL]: '1' };
  for (const [k, v] of Object.entries(labels)) podLabels[k] = labelValue(v);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: 'as-sandbox-',
      labels: podLabels,
      // Who owns it (prune asks whether that process still runs) and the labels' exact values.
      annotations: { [OWNER_LABEL]: ownerTag(), 'io.atomic-skills.host': hostname(), ...labels },
    },
    spec: {
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      activeDeadlineSeconds: o.activeDeadlineSeconds,
      terminationGracePeriodSeconds: 0,
      // The pause container is PID 1 and reaps orphans (what docker's --init does).
      shareProcessNamespace: true,
      // No name service at all (the NetworkPolicy blocks the cluster's DNS too).
      dnsPolicy: 'None',
      dnsConfig: { nameservers: ['127.0.0.1'] },
      nodeSelector: o.nodeSelector,
      tolerations: o.tolerations as V1Toleration[] | undefined,
      imagePullSecrets: o.pullSecret ? [{ name: o.pullSecret }] : undefined,
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: CONTAINER,
          image,
          imagePullPolicy: 'IfNotPresent',
          // Keep-alive only; all work happens in execs. As root only so that root setup execs keep
          // their capabilities; every agent command is dropped to uid 1000 by the relay.
          command: ['sleep', 'infinity'],
          securityContext: {
            runAsUser: 0,
            runAsGroup: 0,
            allowPrivilegeEscalation: false,
            privileged: false,
            capabilities: { drop: ['NET_RAW', 'NET_BIND_SERVICE', 'MKNOD', 'SYS_CHROOT', 'SETFCAP', 'AUDIT_WRITE'] },
          },
          resources: { limits: resources, requests: resources },
        },
      ],
    },
  };
}

function denyAllPolicy() {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: NETWORK_POLICY, labels: { 'app.kubernetes.io/managed-by': 'atomic-skills' } },
    spec: { podSelector: { matchLabels: { [SANDBOX_LABEL]: '1' } }, policyTypes: ['Ingress', 'Egress'], ingress: [], egress: [] },
  };
}

function pendingReason(pod: V1Pod | undefined): string {
  if (!pod) return 'never seen';
  const waiting = pod.status?.containerStatuses?.[0]?.state?.waiting;
  const unscheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  return waiting?.reason
    ? `${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''}`
    : unscheduled
      ? `not scheduled (${unscheduled.reason ?? ''}${unscheduled.message ? `: ${unscheduled.message}` : ''})`
      : (pod.status?.phase ?? 'pending');
}

export function loadKubeConfig(file?: string, context?: string): KubeConfig {
  const kc = new KubeConfig();
  try {
    if (file) kc.loadFromFile(file);
    else kc.loadFromDefault();
    if (context) kc.setCurrentContext(context);
  } catch (err) {
    throw new SandboxError(`cannot load the kubeconfig${file ? ` ${file}` : ''}: ${(err as Error).message}`, { cause: err });
  }
  if (!kc.getCurrentCluster())
    throw new SandboxError('no Kubernetes cluster in the kubeconfig (set KUBECONFIG, or kubernetes.kubeconfig/context)');
  return kc;
}

export function apiMessage(err: unknown): string {
  const e = err as { code?: number; body?: unknown; message?: string };
  let body = e.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      /* plain text */
    }
  }
  const msg = (body as { message?: string } | undefined)?.message ?? e.message ?? String(err);
  return e.code ? `${e.code} ${msg}` : msg;
}
