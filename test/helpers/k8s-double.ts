// A test double of the part of the Kubernetes API the kubernetes sandbox backend uses — pods
// (create, get, list by label, watch one by name, delete), NetworkPolicies (get, create) and exec
// over WebSocket with the channel protocol (v5.channel.k8s.io / v4.channel.k8s.io) — whose pods
// are local Docker containers. It plays the kubelet too: resource limits, the node's
// podPidsLimit, activeDeadlineSeconds, image pull failures, evictions, a lost node; and the API
// server's ResourceQuota refusals. Tests only: never in the product.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import Docker from 'dockerode';
import { KubeConfig } from '@kubernetes/client-node';
import { WebSocketServer, type WebSocket } from 'ws';
import { demux } from '../../harness/sandbox/demux.js';
import { startContainer } from '../../harness/sandbox/docker.js';

const DOUBLE_LABEL = 'io.atomic-skills.test.k8s-double';

interface Pod {
  metadata: {
    name: string;
    namespace: string;
    labels: Record<string, string>;
    annotations?: Record<string, string>;
    creationTimestamp: string;
    deletionTimestamp?: string;
  };
  spec: {
    activeDeadlineSeconds?: number;
    automountServiceAccountToken?: boolean;
    containers: {
      name: string;
      image: string;
      command?: string[];
      securityContext?: { runAsUser?: number; allowPrivilegeEscalation?: boolean; capabilities?: { drop?: string[] } };
      resources?: { limits?: Record<string, string> };
    }[];
  };
  status: {
    phase: 'Pending' | 'Running' | 'Failed' | 'Unknown';
    reason?: string;
    message?: string;
    containerStatuses?: { name: string; state: Record<string, unknown>; ready: boolean }[];
  };
}

export interface DoubleOptions {
  /** The kubelet's podPidsLimit (a node setting, not in the pod spec). */
  podPidsLimit?: number;
  /** Subprotocols offered for exec, in preference order (default v5 then v4). */
  protocols?: string[];
  /** A ResourceQuota's `pods` in every namespace: a create beyond it is refused (403). */
  podQuota?: number;
}

export class KubernetesDouble {
  private readonly server = http.createServer((req, res) => {
    this.route(req, res).catch(() => res.destroy());
  });
  private readonly wss: WebSocketServer;
  private readonly pods = new Map<string, Pod>();
  private readonly containers = new Map<string, string>();
  private readonly policies = new Map<
    string,
    { spec: { podSelector: { matchLabels?: Record<string, string> }; ingress?: unknown[]; egress?: unknown[]; policyTypes?: string[] } }
  >();
  private readonly watchers = new Set<{ name: string; res: http.ServerResponse }>();
  private readonly deadlines = new Map<string, NodeJS.Timeout>();
  private seq = 0;
  /** Pod creates still to refuse as over quota (refuseCreates). */
  private refusals = 0;
  /** Pods still to evict at their first exec (evictAtFirstExec). */
  private evictions = 0;
  private readonly execsSeen = new Set<string>();
  /** Pods evicted by evictAtFirstExec. */
  readonly evicted: string[] = [];
  /** Pods created while no deny-all NetworkPolicy selected them (a real cluster would give them a network). */
  readonly uncovered: string[] = [];
  /** Every exec's negotiated subprotocol. */
  readonly protocolsUsed: string[] = [];
  readonly docker = new Docker();

  constructor(private readonly opts: DoubleOptions = {}) {
    const offered = opts.protocols ?? ['v5.channel.k8s.io', 'v4.channel.k8s.io'];
    this.wss = new WebSocketServer({
      noServer: true,
      handleProtocols: (asked) => offered.find((p) => asked.has(p)) ?? false,
    });
    this.server.on('upgrade', (req, socket, head) => {
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        this.exec(req, ws).catch(() => ws.terminate());
      });
    });
  }

  async start(): Promise<KubeConfig> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'double', server: `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`, skipTLSVerify: true }],
      users: [{ name: 'tester' }],
      contexts: [{ name: 'double', cluster: 'double', user: 'tester' }],
      currentContext: 'double',
    });
    return kc;
  }

  async stop(): Promise<void> {
    for (const w of this.watchers) w.res.end();
    for (const t of this.deadlines.values()) clearTimeout(t);
    for (const c of this.containers.values())
      await this.docker
        .getContainer(c)
        .remove({ force: true })
        .catch(() => undefined);
    for (const ws of this.wss.clients) ws.terminate();
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }

  /** The backing container of a pod (tests kill it to play a lost node). */
  containerOf(pod: string): Docker.Container {
    return this.docker.getContainer(this.containers.get(pod)!);
  }

  /** The node stops reporting: the pod's phase turns Unknown and its container goes. */
  async loseNode(pod: string): Promise<void> {
    await this.containerOf(pod)
      .kill()
      .catch(() => undefined);
    this.update(pod, (p) => ((p.status = { phase: 'Unknown', reason: 'NodeLost', message: 'node stopped posting status' }), p));
  }

  /** The kubelet evicts the pod (node pressure): its container goes, the pod Failed/Evicted. */
  async evict(pod: string): Promise<void> {
    this.update(
      pod,
      (p) => ((p.status = { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: ephemeral-storage.' }), p),
    );
    await this.containerOf(pod)
      .kill()
      .catch(() => undefined);
  }

  /** The next `n` pod creates are refused as over a ResourceQuota (as a full namespace would). */
  refuseCreates(n: number): void {
    this.refusals += n;
  }

  /** The next `n` pods that get an exec are evicted as that first exec arrives (mid-trial). */
  evictAtFirstExec(n: number): void {
    this.evictions += n;
  }

  podNames(): string[] {
    return [...this.pods.keys()];
  }

  private async route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url!, 'http://double');
      const body = req.method === 'POST' ? JSON.parse(await readBody(req)) : undefined;
      let m: RegExpExecArray | null;
      if ((m = /^\/api\/v1\/namespaces\/([^/]+)\/pods$/.exec(url.pathname))) {
        if (req.method === 'POST') {
          const live = [...this.pods.values()].filter((p) => p.metadata.namespace === m![1]).length;
          if (this.refusals > 0 || (this.opts.podQuota !== undefined && live >= this.opts.podQuota)) {
            if (this.refusals > 0) this.refusals--;
            const limit = this.opts.podQuota ?? live;
            const why = `pods "${body.metadata.name ?? body.metadata.generateName}" is forbidden: exceeded quota: sandboxes, requested: pods=1, used: pods=${live}, limited: pods=${limit}`;
            return send(res, 403, status(403, 'Forbidden', why));
          }
          return send(res, 201, await this.createPod(m[1], body));
        }
        if (url.searchParams.get('watch') === 'true') return this.watch(url, res);
        const selector = parseSelector(url.searchParams.get('labelSelector'));
        const items = [...this.pods.values()].filter((p) => p.metadata.namespace === m![1] && matches(p.metadata.labels, selector));
        return send(res, 200, { kind: 'PodList', apiVersion: 'v1', metadata: {}, items });
      }
      if ((m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)$/.exec(url.pathname))) {
        const pod = this.pods.get(m[2]);
        if (!pod) return notFound(res, `pods "${m[2]}" not found`);
        if (req.method === 'DELETE') {
          await this.deletePod(m[2]);
          return send(res, 200, pod);
        }
        return send(res, 200, pod);
      }
      if ((m = /^\/apis\/networking\.k8s\.io\/v1\/namespaces\/([^/]+)\/networkpolicies(?:\/([^/]+))?$/.exec(url.pathname))) {
        if (req.method === 'POST') {
          if (this.policies.has(`${m[1]}/${body.metadata.name}`)) return send(res, 409, status(409, 'AlreadyExists', 'exists'));
          this.policies.set(`${m[1]}/${body.metadata.name}`, body);
          return send(res, 201, body);
        }
        const policy = this.policies.get(`${m[1]}/${m[2]}`);
        return policy ? send(res, 200, policy) : notFound(res, `networkpolicies "${m[2]}" not found`);
      }
      notFound(res, `no route for ${req.method} ${url.pathname}`);
    } catch (err) {
      send(res, 500, status(500, 'InternalError', (err as Error).message));
    }
  }

  private async createPod(namespace: string, body: Pod & { metadata: { generateName?: string } }): Promise<Pod> {
    const name = body.metadata.name ?? `${body.metadata.generateName ?? 'pod-'}${(++this.seq).toString(36).padStart(5, '0')}`;
    const pod: Pod = {
      ...body,
      metadata: { ...body.metadata, name, namespace, creationTimestamp: new Date().toISOString() },
      status: {
        phase: 'Pending',
        containerStatuses: [{ name: body.spec.containers[0].name, state: { waiting: { reason: 'ContainerCreating' } }, ready: false }],
      },
    };
    this.pods.set(name, pod);
    const isolated = [...this.policies.entries()].some(
      ([key, p]) =>
        key.startsWith(`${namespace}/`) &&
        matches(pod.metadata.labels, p.spec.podSelector.matchLabels ?? {}) &&
        (p.spec.policyTypes ?? []).includes('Egress') &&
        (p.spec.egress ?? []).length === 0 &&
        (p.spec.ingress ?? []).length === 0,
    );
    if (!isolated) this.uncovered.push(name);
    this.runPod(pod).catch((err: Error) =>
      this.update(name, (p) => ((p.status = { phase: 'Failed', reason: 'StartError', message: err.message }), p)),
    );
    return pod;
  }

  /** The kubelet's part: the container as the pod spec asks, then Running (or why not). */
  private async runPod(pod: Pod): Promise<void> {
    const c = pod.spec.containers[0];
    const limits = c.resources?.limits ?? {};
    try {
      await this.docker.getImage(c.image).inspect();
    } catch {
      this.update(pod.metadata.name, (p) => {
        p.status.containerStatuses = [
          { name: c.name, state: { waiting: { reason: 'ErrImagePull', message: `pull access denied for ${c.image}` } }, ready: false },
        ];
        return p;
      });
      return;
    }
    // Through the engines' fallbacks like every container the harness starts.
    const { container } = await startContainer(this.docker, {
      Image: c.image,
      Entrypoint: c.command,
      Cmd: [],
      User: String(c.securityContext?.runAsUser ?? 0),
      Labels: { [DOUBLE_LABEL]: pod.metadata.name },
      NetworkDisabled: true,
      HostConfig: {
        // Isolated or not, never a network here (see `uncovered` for what a cluster would do).
        NetworkMode: 'none',
        Init: true,
        Memory: quantity(limits.memory),
        MemorySwap: quantity(limits.memory),
        NanoCpus: limits.cpu ? Math.round(Number(limits.cpu) * 1e9) : undefined,
        PidsLimit: this.opts.podPidsLimit ?? 1024,
        CapDrop: c.securityContext?.capabilities?.drop,
        SecurityOpt: c.securityContext?.allowPrivilegeEscalation === false ? ['no-new-privileges'] : [],
      },
    });
    this.containers.set(pod.metadata.name, container.id);
    if (!this.pods.has(pod.metadata.name)) return void (await container.remove({ force: true }));
    if (pod.spec.activeDeadlineSeconds) {
      this.deadlines.set(
        pod.metadata.name,
        setTimeout(() => {
          void container.kill().catch(() => undefined);
          this.update(
            pod.metadata.name,
            (p) => (
              (p.status = {
                phase: 'Failed',
                reason: 'DeadlineExceeded',
                message: 'Pod was active on the node longer than the specified deadline',
              }),
              p
            ),
          );
        }, pod.spec.activeDeadlineSeconds * 1000).unref(),
      );
    }
    this.update(pod.metadata.name, (p) => {
      p.status = {
        phase: 'Running',
        containerStatuses: [{ name: c.name, state: { running: { startedAt: new Date().toISOString() } }, ready: true }],
      };
      return p;
    });
    // A container that stops (killed, OOM of PID 1) fails the pod, as the kubelet reports it.
    container.wait().then(
      () => {
        const p = this.pods.get(pod.metadata.name);
        if (p && p.status.phase === 'Running')
          this.update(pod.metadata.name, (q) => ((q.status = { phase: 'Failed', reason: 'Error', message: 'container exited' }), q));
      },
      () => undefined,
    );
  }

  private async deletePod(name: string): Promise<void> {
    const pod = this.pods.get(name)!;
    this.pods.delete(name);
    clearTimeout(this.deadlines.get(name));
    const id = this.containers.get(name);
    this.containers.delete(name);
    if (id)
      await this.docker
        .getContainer(id)
        .remove({ force: true })
        .catch(() => undefined);
    this.notify('DELETED', pod);
  }

  private update(name: string, change: (p: Pod) => Pod): void {
    const pod = this.pods.get(name);
    if (!pod) return;
    this.pods.set(name, change(pod));
    this.notify('MODIFIED', pod);
  }

  private watch(url: URL, res: http.ServerResponse): void {
    const name = /metadata\.name=([^,]+)/.exec(url.searchParams.get('fieldSelector') ?? '')?.[1];
    if (!name) return send(res, 400, status(400, 'BadRequest', 'this double watches one pod by name'));
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    const w = { name, res };
    this.watchers.add(w);
    res.on('close', () => this.watchers.delete(w));
    const pod = this.pods.get(name);
    if (pod) res.write(JSON.stringify({ type: 'ADDED', object: pod }) + '\n');
  }

  private notify(type: string, pod: Pod): void {
    for (const w of this.watchers) if (w.name === pod.metadata.name) w.res.write(JSON.stringify({ type, object: pod }) + '\n');
  }

  /** exec over WebSocket: channel-prefixed frames both ways, the status on channel 3. */
  private async exec(req: http.IncomingMessage, ws: WebSocket): Promise<void> {
    const url = new URL(req.url!, 'http://double');
    const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/exec$/.exec(url.pathname);
    const id = m ? this.containers.get(m[2]) : undefined;
    const frame = (channel: number, data: Buffer | string) =>
      ws.readyState === ws.OPEN && ws.send(Buffer.concat([Buffer.from([channel]), Buffer.from(data)]));
    this.protocolsUsed.push(ws.protocol);
    if (m && id && !this.execsSeen.has(m[2])) {
      this.execsSeen.add(m[2]);
      if (this.evictions > 0) {
        this.evictions--;
        this.evicted.push(m[2]);
        await this.evict(m[2]);
      }
    }
    if (!id || this.pods.get(m![2])?.status.phase !== 'Running') {
      frame(3, JSON.stringify({ status: 'Failure', reason: 'InternalError', message: 'container not found' }));
      return ws.close();
    }
    const withStdin = url.searchParams.get('stdin') === 'true';
    const v5 = ws.protocol === 'v5.channel.k8s.io';
    // Frames may come before the container's exec is ready: held until it is.
    const early: Buffer[] = [];
    let toStream: ((data: Buffer) => void) | undefined = undefined;
    ws.on('message', (data: Buffer) => (toStream ? toStream(data) : early.push(data)));
    let stream: Duplex;
    let exec: Docker.Exec;
    try {
      exec = await this.docker
        .getContainer(id)
        .exec({ Cmd: url.searchParams.getAll('command'), AttachStdin: withStdin, AttachStdout: true, AttachStderr: true, Tty: false });
      stream = await exec.start({ hijack: true, stdin: withStdin });
    } catch (err) {
      frame(3, JSON.stringify({ status: 'Failure', reason: 'InternalError', message: (err as Error).message }));
      return ws.close();
    }
    toStream = (data) => {
      if (data[0] === 0) stream.write(data.subarray(1));
      else if (data[0] === 255 && v5 && data[1] === 0) stream.end();
    };
    for (const data of early.splice(0)) toStream(data);
    ws.on('close', () => stream.destroy());
    demux(
      stream,
      (b) => frame(1, b),
      (b) => frame(2, b),
    );
    stream.on('close', () => {
      (async () => {
        let code: number | null = null;
        for (let i = 0; i < 100 && code === null; i++) {
          const info = await exec.inspect().catch(() => undefined);
          if (!info || !info.Running) code = info?.ExitCode ?? -1;
          else await new Promise((r) => setTimeout(r, 20));
        }
        if (code === 0) frame(3, JSON.stringify({ status: 'Success', metadata: {} }));
        else if (code !== null && code >= 0)
          frame(
            3,
            JSON.stringify({
              status: 'Failure',
              reason: 'NonZeroExitCode',
              message: `command terminated with non-zero exit code: ${code}`,
              details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
            }),
          );
        ws.close();
      })().catch(() => ws.close());
    });
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let s = '';
    req.on('data', (c) => (s += c));
    req.on('end', () => resolve(s));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, code: number, obj: unknown): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(obj));
}

function status(code: number, reason: string, message: string) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

function notFound(res: http.ServerResponse, message: string): void {
  send(res, 404, status(404, 'NotFound', message));
}

function parseSelector(s: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (s ?? '').split(',').filter(Boolean)) {
    const [k, v] = part.split('=');
    out[k] = v;
  }
  return out;
}

function matches(labels: Record<string, string> = {}, selector: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** "256Mi" → bytes. */
function quantity(q: string | undefined): number | undefined {
  const m = q ? /^(\d+)(Mi|Gi)?$/.exec(q) : null;
  if (!m) return undefined;
  return Number(m[1]) * (m[2] === 'Gi' ? 1024 ** 3 : m[2] === 'Mi' ? 1024 ** 2 : 1);
}
