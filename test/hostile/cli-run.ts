// Runs attacks through the real CLI (`atomic-skills run`, real Docker) and collects what the
// harness recorded, its peak memory, and what it left behind.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Docker from 'dockerode';
import { stringify } from 'yaml';
import type { TrialRecord } from '../../harness/core/results.js';
import type { Trajectory } from '../../harness/core/trajectory.js';
import { toTrajectory, type Attack, type AttackResult } from './attack.js';

const BIN = path.resolve('bin/atomic-skills.js');
const DATASET = path.resolve('datasets/sample');

export interface CliRun {
  runDir: string;
  status: number | null;
  stderr: string;
  /** Highest resident memory of the CLI process (VmHWM), in MiB. */
  peakRssMb: number;
  /** Containers still labelled with this run once the CLI has exited. */
  leftContainers: number;
  results: Map<string, AttackResult>;
}

/** The peak RSS of a running process (kernel's high-water mark), or undefined once it is gone. */
export function highWaterMb(pid: number): number | undefined {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Writes one agent config (replaying the attack) per attack; returns their paths. */
function writeAgents(dir: string, attacks: Attack[]): string[] {
  mkdirSync(dir, { recursive: true });
  return attacks.map((a) => {
    const trajectory = path.join(dir, `${a.id}.json`);
    writeFileSync(trajectory, JSON.stringify(toTrajectory(a)));
    const config = {
      name: a.id,
      model: `replay:${trajectory}`,
      bash: { timeout_seconds: 15, ...(a.agent?.bash ?? {}) },
      limits: { max_wall_seconds: 300, ...(a.agent?.limits ?? {}) },
    };
    const file = path.join(dir, `${a.id}.yaml`);
    writeFileSync(file, stringify(config));
    return file;
  });
}

/** Runs every attack on its task in one CLI run (they share the task; concurrency 4). */
export async function runAttacks(task: string, attacks: Attack[], workDir: string, env: Record<string, string>): Promise<CliRun> {
  const agentFiles = writeAgents(path.join(workDir, 'agents', task), attacks);
  const out = path.join(workDir, 'runs');
  const args = ['run', '--dataset', DATASET, '--filter', task, '--sandbox', 'docker', '--concurrency', '4', '--out', out];
  for (const f of agentFiles) args.push('--agent', f);
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b) => (stdout += b));
  child.stderr.on('data', (b) => (stderr = (stderr + b).slice(-20_000)));
  let peak = 0;
  const poll = setInterval(() => (peak = Math.max(peak, highWaterMb(child.pid!) ?? 0)), 100);
  const status = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  clearInterval(poll);
  const runDir = stdout.trim().split('\n').pop() ?? '';
  const results = new Map<string, AttackResult>();
  // A crashed CLI fails every attack of the run (with its stderr), not the whole suite.
  if (status !== 0 || !runDir) return { runDir, status, stderr, peakRssMb: peak, leftContainers: 0, results };

  const runId = path.basename(runDir);
  const left = await new Docker().listContainers({ all: true, filters: { label: [`io.atomic-skills.run=${runId}`] } });
  for (const line of readFileSync(path.join(runDir, 'results.jsonl'), 'utf8').split('\n').filter(Boolean)) {
    const record = JSON.parse(line) as TrialRecord;
    const trajectory = record.trajectory
      ? (JSON.parse(readFileSync(path.join(runDir, record.trajectory), 'utf8')) as Trajectory)
      : undefined;
    const observations = trajectory?.steps.flatMap((s) => s.observations.map((o) => o.output)) ?? [];
    results.set(record.agent, { record, trajectory, observations });
  }
  return { runDir, status, stderr, peakRssMb: peak, leftContainers: left.length, results };
}

/** Every file under dir (recursively) whose bytes contain one of the needles. */
export function filesContaining(dir: string, needles: string[]): string[] {
  const hits: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const text = readFileSync(p).toString('latin1');
        if (needles.some((n) => text.includes(n))) hits.push(p);
      }
    }
  };
  walk(dir);
  return hits;
}
