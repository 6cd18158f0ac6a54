// The CLI end to end on real Docker: oracle scores 1 and noop 0 on every skill of the
// bundled sample, gate catches the regression, resume after SIGKILL equals an uninterrupted
// run, and Ctrl-C leaves no container behind.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireDockerOrSkip } from '../helpers/docker.js';

const bin = path.resolve('bin/atomic-skills.js');
const hasDocker = await requireDockerOrSkip();
const SKILLS = ['localization', 'editing', 'test-generation', 'reproduction', 'review'];

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 1_500_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function records(runDir: string): { taskId: string; epoch: number; agent: string; score: number | null; outcome: string }[] {
  return readFileSync(path.join(runDir, 'results.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

type Group = { skill: string; mean: { mean: number | null } };
function meansBySkill(runDir: string): Record<string, number | null> {
  const summary = JSON.parse(readFileSync(path.join(runDir, 'summary.json'), 'utf8'));
  return Object.fromEntries((summary.groups as Group[]).map((g) => [g.skill, g.mean.mean]));
}

/** Starts the CLI and resolves with its run dir once `lines` results are on disk. */
async function startRun(args: string[], lines: number): Promise<{ child: ChildProcess; runDir: string; runId: string }> {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (b) => (stderr += b));
  const deadline = Date.now() + 600_000;
  while (Date.now() < deadline) {
    const m = /run (\S+): /.exec(stderr);
    if (m) {
      const file = path.join(m[1], 'results.jsonl');
      if (existsSync(file) && readFileSync(file, 'utf8').split('\n').filter(Boolean).length >= lines) {
        return { child, runDir: m[1], runId: path.basename(m[1]) };
      }
    }
    if (child.exitCode !== null) throw new Error(`run ended early: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no progress: ${stderr}`);
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('exit', (code) => resolve(code))));

async function containersOf(runId: string): Promise<number> {
  const list = await new Docker().listContainers({ all: true, filters: { label: [`io.atomic-skills.run=${runId}`] } });
  return list.length;
}

describe.skipIf(!hasDocker)('atomic-skills run (CLI, real Docker)', () => {
  let out: string;
  let oracleRun: string;
  let noopRun: string;
  beforeAll(() => {
    out = mkdtempSync(path.join(tmpdir(), 'as-e2e-'));
  });

  it('oracle scores 1.0 on every skill of the bundled sample', () => {
    const r = cli(['run', '--model', 'oracle', '--sandbox', 'docker', '--concurrency', '3', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    oracleRun = r.stdout.trim().split('\n').pop()!;
    const means = meansBySkill(oracleRun);
    for (const skill of SKILLS) expect(means[skill], skill).toBe(1);
    for (const f of ['summary.json', 'report.md', 'report.html', 'junit.xml']) expect(existsSync(path.join(oracleRun, f)), f).toBe(true);
  }, 1_200_000);

  it('noop scores 0.0 on every skill, and gate fails it against the oracle run', () => {
    const r = cli(['run', '--model', 'noop', '--sandbox', 'docker', '--concurrency', '3', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    noopRun = r.stdout.trim().split('\n').pop()!;
    const means = meansBySkill(noopRun);
    for (const skill of SKILLS) expect(means[skill], skill).toBe(0);
    expect(cli(['gate', '--baseline', oracleRun, '--candidate', noopRun]).status).toBe(1);
    expect(cli(['gate', '--baseline', oracleRun, '--candidate', oracleRun]).status).toBe(0);
    expect(cli(['gate', '--baseline', path.join(out, 'missing'), '--candidate', noopRun]).status).toBe(2);
  }, 900_000);

  it('resumes after SIGKILL to the same results as an uninterrupted run', async () => {
    const args = [
      'run',
      '--model',
      'oracle',
      '--skills',
      'localization,review',
      '--epochs',
      '2',
      '--sandbox',
      'docker',
      '--concurrency',
      '2',
      '--out',
      out,
    ];
    const full = cli(args);
    expect(full.status, full.stderr).toBe(0);
    const reference = records(full.stdout.trim().split('\n').pop()!);

    const { child, runDir, runId } = await startRun(args, 5);
    child.kill('SIGKILL');
    await exited(child);
    const partial = records(runDir).length;
    expect(partial).toBeLessThan(reference.length);
    // A SIGKILLed process cannot clean up: prune removes what it left (owner is dead).
    expect(cli(['sandbox', 'prune']).status).toBe(0);
    expect(await containersOf(runId)).toBe(0);

    const resumed = cli(['run', '--resume', runDir, '--sandbox', 'docker']);
    expect(resumed.status, resumed.stderr).toBe(0);
    const final = records(runDir);
    const key = (r: { taskId: string; epoch: number; agent: string }) => `${r.agent}/${r.taskId}/${r.epoch}`;
    expect(new Set(final.map(key)).size).toBe(final.length); // nothing duplicated
    expect(final.map(key).sort()).toEqual(reference.map(key).sort()); // nothing lost
    const score = new Map(reference.map((r) => [key(r), r.score]));
    for (const r of final) expect(r.score, key(r)).toBe(score.get(key(r)));
  }, 900_000);

  it('Ctrl-C stops the run and leaves no container behind', async () => {
    const { child, runId } = await startRun(
      ['run', '--model', 'oracle', '--skills', 'editing,test-generation', '--sandbox', 'docker', '--concurrency', '2', '--out', out],
      1,
    );
    expect(await containersOf(runId)).toBeGreaterThan(0);
    child.kill('SIGINT');
    expect(await exited(child)).toBe(130);
    expect(await containersOf(runId)).toBe(0);
  });

  it('validate --repeat 3: every bundled task is valid', () => {
    const r = cli(['validate', '--repeat', '3', '--sandbox', 'docker', '--concurrency', '3']);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const m = /(\d+) tasks across (\d+) skills: (\d+) valid/.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThanOrEqual(40);
    expect(Number(m![2])).toBe(5);
    expect(Number(m![3])).toBe(Number(m![1]));
  }, 2_400_000);
});
