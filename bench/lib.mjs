// Shared helpers for the bench scripts: a subset dataset, the built image tag, medians,
// process CPU time, and a backend wrapper that records what each sandbox did.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The build under test: this checkout's dist/, or AS_DIST=<another build's dist/> (before/after). */
export const DIST = process.env.AS_DIST ? path.resolve(process.env.AS_DIST) : path.join(ROOT, 'dist');
export const SAMPLE = path.join(ROOT, 'datasets/sample');

/** Fails early with a clear message when dist/ is missing. */
export function requireBuild() {
  if (!existsSync(path.join(DIST, 'harness/runner/run.js'))) {
    console.error('dist/ missing: run `npm run build` first');
    process.exit(2);
  }
}

export const imp = (rel) => import(path.join(DIST, rel));

/** Every finished task (a folder with task.yaml) of the sample, as `<skill>/<id>`. */
export function finishedTasks() {
  const out = [];
  for (const skill of readdirSync(path.join(SAMPLE, 'tasks')).sort()) {
    for (const id of readdirSync(path.join(SAMPLE, 'tasks', skill)).sort()) {
      if (existsSync(path.join(SAMPLE, 'tasks', skill, id, 'task.yaml'))) out.push(`${skill}/${id}`);
    }
  }
  return out;
}

/** A temp dataset: repos/ plus the named finished tasks (each copied `copies` times, ids suffixed). */
export function makeDataset(tasks, { copies = 1 } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'as-bench-ds-'));
  cpSync(path.join(SAMPLE, 'repos'), path.join(dir, 'repos'), { recursive: true });
  for (const t of tasks) {
    const [skill, id] = t.split('/');
    for (let c = 0; c < copies; c++) {
      const dest = path.join(dir, 'tasks', skill, copies > 1 ? `${id}-c${String(c).padStart(3, '0')}` : id);
      mkdirSync(path.dirname(dest), { recursive: true });
      cpSync(path.join(SAMPLE, 'tasks', skill, id), dest, { recursive: true });
    }
  }
  return dir;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function loadAvg() {
  try {
    return execFileSync('cat', ['/proc/loadavg']).toString().split(' ').slice(0, 3).join(' ');
  } catch {
    return '?';
  }
}

/** The image the harness uses (built if missing), via the harness's own ensureImage. */
export async function sandboxImage() {
  const { ensureImage } = await imp('harness/images/build.js');
  return ensureImage({ log: (m) => process.stderr.write(m + '\n') });
}

/** Machine-wide CPU ticks (USER_HZ, 100/s) from /proc/stat: busy and total, every core. */
export function machineTicks() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3] + f[4];
  return { busy: f.reduce((a, b) => a + b, 0) - idle, total: f.reduce((a, b) => a + b, 0) };
}

export const fmt = (x, d = 2) => (typeof x === 'number' ? x.toFixed(d) : String(x));
export function statFile(p) {
  return statSync(p);
}
