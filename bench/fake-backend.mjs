// An in-process SandboxBackend with no Docker and no processes: every operation answers at
// once (on the next tick). For measuring the runner itself (bench/scheduler, bench/report).
export class FakeBackend {
  name = 'local';
  created = 0;
  live = 0;
  onCreate = () => undefined;

  async prune() {
    return 0;
  }

  async create(spec) {
    await tick();
    this.created++;
    this.live++;
    this.onCreate(this.created);
    const files = new Map();
    let destroyed = false;
    const gone = () => this.live--;
    return {
      id: `fake-${this.created}`,
      backend: 'local',
      async exec() {
        await tick();
        return { stdout: '', stderr: '', exitCode: 0, timedOut: false, truncated: false, durationMs: 0 };
      },
      async readFile(p) {
        await tick();
        if (!files.has(p)) {
          const err = new Error(`${p}: no such file`);
          err.name = 'SandboxFileError';
          throw err;
        }
        return files.get(p);
      },
      async writeFile(p, data) {
        await tick();
        files.set(p, Buffer.from(data));
      },
      async putArchive() {
        await tick();
      },
      async diff() {
        await tick();
        return '';
      },
      async destroy() {
        if (!destroyed) gone();
        destroyed = true;
      },
      spec,
    };
  }
}

const tick = () => new Promise((r) => setImmediate(r));
