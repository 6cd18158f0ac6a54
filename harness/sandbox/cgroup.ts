// Per-sandbox cgroups for the local backend (memory, pids, cpu), created directly in
// cgroupfs when this process may (typically root). Callers fall back to rlimits otherwise.
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SandboxLimits } from '../core/sandbox.js';

const CG_ROOT = '/sys/fs/cgroup';
const MiB = 1024 * 1024;

export interface Cgroup {
  /** cgroup.procs files a process writes its pid into to join (one per v1 controller). */
  procsFiles: string[];
  dirs: string[];
}

/** Our own position in each hierarchy, from /proc/self/cgroup ("" key = cgroup v2). */
function ownPaths(): Map<string, string> {
  const map = new Map<string, string>();
  let text = '';
  try {
    text = readFileSync('/proc/self/cgroup', 'utf8');
  } catch {
    return map;
  }
  for (const line of text.split('\n')) {
    const m = /^\d+:([^:]*):(.*)$/.exec(line);
    if (!m) continue;
    for (const ctrl of m[1].split(',')) map.set(ctrl, m[2]);
  }
  return map;
}

function isV2(): boolean {
  return existsSync(path.join(CG_ROOT, 'cgroup.controllers'));
}

export function cgroupsSupported(): boolean {
  if (process.platform !== 'linux') return false;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return false;
  return isV2() || existsSync(path.join(CG_ROOT, 'pids')) || existsSync(path.join(CG_ROOT, 'memory'));
}

/** Where the cgroup called `name` lives (or would), one folder per hierarchy. */
function locations(name: string): Array<{ ctrl: string; dir: string }> {
  const own = ownPaths();
  if (isV2()) return [{ ctrl: 'unified', dir: path.join(CG_ROOT, own.get('') ?? '/', name) }];
  const out: Array<{ ctrl: string; dir: string }> = [];
  for (const ctrl of ['memory', 'pids', 'cpu']) {
    const mount = path.join(CG_ROOT, ctrl);
    if (existsSync(mount)) out.push({ ctrl, dir: path.join(mount, own.get(ctrl) ?? '/', name) });
  }
  return out;
}

function write(file: string, value: string): void {
  writeFileSync(file, value);
}

/** Creates and configures the cgroup; undefined when any required part is refused. */
export function createCgroup(name: string, limits: SandboxLimits): Cgroup | undefined {
  const made: string[] = [];
  try {
    const memBytes = String(Math.round(limits.memoryMb * MiB));
    const quota = Math.max(1000, Math.round(limits.cpus * 100_000));
    const procsFiles: string[] = [];
    const have = new Set<string>();
    for (const { ctrl, dir } of locations(name)) {
      mkdirSync(dir);
      made.push(dir);
      if (ctrl === 'unified') {
        // v2: controllers must be enabled in the parent; may fail (no-internal-process rule).
        try {
          write(path.join(path.dirname(dir), 'cgroup.subtree_control'), '+memory +pids +cpu');
        } catch {
          /* perhaps already enabled */
        }
        write(path.join(dir, 'memory.max'), memBytes);
        if (existsSync(path.join(dir, 'memory.swap.max'))) write(path.join(dir, 'memory.swap.max'), '0');
        write(path.join(dir, 'pids.max'), String(limits.pids));
        if (existsSync(path.join(dir, 'cpu.max'))) write(path.join(dir, 'cpu.max'), `${quota} 100000`);
        have.add('memory').add('pids');
      } else if (ctrl === 'memory') {
        write(path.join(dir, 'memory.limit_in_bytes'), memBytes);
        const memsw = path.join(dir, 'memory.memsw.limit_in_bytes');
        if (existsSync(memsw)) write(memsw, memBytes);
        have.add('memory');
      } else if (ctrl === 'pids') {
        write(path.join(dir, 'pids.max'), String(limits.pids));
        have.add('pids');
      } else if (ctrl === 'cpu') {
        write(path.join(dir, 'cpu.cfs_period_us'), '100000');
        write(path.join(dir, 'cpu.cfs_quota_us'), String(quota));
      }
      procsFiles.push(path.join(dir, 'cgroup.procs'));
    }
    if (!have.has('memory') || !have.has('pids')) throw new Error('memory or pids controller missing');
    return { procsFiles, dirs: made };
  } catch {
    for (const dir of made.reverse()) tryRmdir(dir);
    return undefined;
  }
}

function tryRmdir(dir: string): boolean {
  try {
    rmdirSync(dir);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/** Removes the cgroup `name` everywhere it exists. A cgroup with live members cannot go:
 * those are killed first (every exec's processes are normally already gone). */
export function removeCgroup(name: string): void {
  for (const { dir } of locations(name)) {
    if (!existsSync(dir)) continue;
    if (tryRmdir(dir)) continue;
    try {
      const killFile = path.join(dir, 'cgroup.kill');
      if (existsSync(killFile)) write(killFile, '1');
      else {
        for (const pid of readFileSync(path.join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean)) {
          try {
            process.kill(Number(pid), 'SIGKILL');
          } catch {
            /* already gone */
          }
        }
      }
    } catch {
      /* nothing more we can do */
    }
    for (let i = 0; i < 50 && !tryRmdir(dir); i++) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
}

/** Processes the OOM killer has killed in one of our cgroups so far (v2 memory.events, v1
 * memory.oom_control), or null when neither can be read. */
export function oomKills(cg: Cgroup): number | null {
  for (const dir of cg.dirs) {
    for (const file of ['memory.events', 'memory.oom_control']) {
      let text: string;
      try {
        text = readFileSync(path.join(dir, file), 'utf8');
      } catch {
        continue;
      }
      const m = /^oom_kill (\d+)$/m.exec(text);
      return m ? Number(m[1]) : null;
    }
  }
  return null;
}
