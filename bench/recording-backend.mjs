// Wraps a SandboxBackend and records, per sandbox, what the harness did: its spec, the
// create time (and the backend's own create sub-phases when it reports them), and every
// operation with its arguments, data and duration. bench/overhead derives the floor from it.
export class RecordingBackend {
  constructor(inner) {
    this.inner = inner;
    this.name = inner.name;
    this.sandboxes = [];
  }

  prune(opts) {
    return this.inner.prune(opts);
  }

  async create(spec) {
    const t0 = performance.now();
    const sb = await this.inner.create(spec);
    const entry = {
      purpose: spec.labels?.['io.atomic-skills.purpose'] ?? 'agent',
      task: spec.labels?.['io.atomic-skills.task'] ?? null,
      repoDir: spec.repoDir,
      createMs: performance.now() - t0,
      createPhases: sb.timings ? { ...sb.timings } : null,
      transport: null, // how commands reached it, read when it is destroyed
      ops: [],
    };
    this.sandboxes.push(entry);
    const wrap = (name, describe) => {
      const f = sb[name].bind(sb);
      sb[name] = async (...args) => {
        const t = performance.now();
        let result;
        try {
          result = await f(...args);
          return result;
        } finally {
          entry.ops.push({ op: name, ms: performance.now() - t, ...describe(args, result) });
        }
      };
    };
    wrap('exec', ([cmd, opts], r) => ({ cmd, env: opts?.env ?? {}, cwd: opts?.cwd, stdin: opts?.stdin, exitCode: r?.exitCode }));
    wrap('writeFile', ([p, data]) => ({ path: p, data: Buffer.from(data) }));
    wrap('readFile', ([p]) => ({ path: p }));
    wrap('putArchive', ([tar, dir]) => ({ dir, data: Buffer.isBuffer(tar) ? tar : null }));
    wrap('diff', () => ({}));
    const destroy = sb.destroy.bind(sb);
    sb.destroy = async () => {
      entry.transport = sb.execTransport ?? null;
      return destroy();
    };
    wrap('destroy', () => ({}));
    return sb;
  }
}
