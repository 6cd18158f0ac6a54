// "A sixth skill = one new folder + one registry line", proved: a copy of the harness gets the
// toy skill of test/fixtures/toy-skill/ as skills/word-count/ and one import + one entry in
// skills/registry.ts; nothing else changes. The copy type-checks, and a whole run (loader,
// CLI option, oracle through the real tools, scorer, summary section, reports) handles it.
import { execFile } from 'node:child_process';
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox, SandboxBackend } from '../../harness/core/sandbox.js';
import type { TrialRecord } from '../../harness/core/results.js';
import { createMemorySandbox } from '../helpers/memory-sandbox.js';

const pexec = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const TOY = path.join(ROOT, 'test/fixtures/toy-skill');
let tmp: string;

/** Sandboxes that are host folders holding a git repo of the task's files (no container). */
const hostBackend: SandboxBackend = {
  name: 'local',
  async create(spec): Promise<Sandbox> {
    const sb = await createMemorySandbox();
    if (spec.repoDir) await fs.cp(spec.repoDir, sb.root, { recursive: true });
    const r = await sb.exec('git init -q && git add -A && git -c user.name=t -c user.email=t@t commit -qm base');
    if (r.exitCode !== 0) throw new Error(r.stderr);
    return sb;
  },
  prune: async () => 0,
};

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'as-new-skill-'));
  for (const d of ['harness', 'skills', 'reports']) await fs.cp(path.join(ROOT, d), path.join(tmp, d), { recursive: true });
  for (const f of ['tsconfig.json', 'package.json']) await fs.copyFile(path.join(ROOT, f), path.join(tmp, f));
  await fs.symlink(path.join(ROOT, 'node_modules'), path.join(tmp, 'node_modules'));
  // The whole change a new skill needs:
  await fs.cp(path.join(TOY, 'skill'), path.join(tmp, 'skills/word-count'), { recursive: true });
  const registry = path.join(tmp, 'skills/registry.ts');
  const before = await fs.readFile(registry, 'utf8');
  const after = before
    .replace("import { testGeneration } from './test-generation/index.js';", "$&\nimport { wordCount } from './word-count/index.js';")
    .replace('review] as const;', 'review, wordCount] as const;');
  expect(after.split('\n').length - before.split('\n').length).toBe(1);
  expect(after).toContain('wordCount] as const');
  await fs.writeFile(registry, after);
});

afterAll(async () => {
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

describe('a sixth skill', () => {
  it('type-checks with nothing else changed', async () => {
    const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
    const r = await pexec(process.execPath, [tsc, '--noEmit', '-p', path.join(tmp, 'tsconfig.json')]).catch((e: { stdout: string }) => e);
    expect(r.stdout).toBe('');
  });

  it('is listed, accepted on the command line, loaded, run, scored and reported', async () => {
    const registry = await import(path.join(tmp, 'skills/registry.ts'));
    expect(registry.SKILLS.at(-1)).toBe('word-count');
    expect(registry.skillRank('word-count')).toBe(5);
    const { parseSkills } = await import(path.join(tmp, 'harness/cli/commands/run.ts'));
    expect(parseSkills('review,word-count')).toEqual(['review', 'word-count']);

    const { runEvaluation } = await import(path.join(tmp, 'harness/runner/run.ts'));
    const { agentConfigFromModel } = await import(path.join(tmp, 'harness/config/agent-config.ts'));
    const { renderReports } = await import(path.join(tmp, 'reports/index.ts'));
    const out = path.join(tmp, 'runs');
    const run = await runEvaluation({
      dataset: path.join(TOY, 'dataset'),
      skills: ['word-count'],
      agents: [agentConfigFromModel('oracle'), agentConfigFromModel('noop')],
      epochs: 1,
      concurrency: 1,
      modelConcurrency: 1,
      sandbox: 'local',
      backend: hostBackend,
      image: 'none',
      outDir: out,
      timeoutMultiplier: 1,
      log: () => {},
      afterTrials: async (dir: string) => void (await renderReports(dir)),
    });
    const records: TrialRecord[] = readFileSync(path.join(run.runDir, 'results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const byModel = Object.fromEntries(records.map((r) => [r.model, r]));
    expect(byModel.oracle).toMatchObject({ skill: 'word-count', outcome: 'scored', score: 1 });
    expect(byModel.oracle.metrics).toMatchObject({ count_off_by: 0, count_malformed: 0, bash_error_rate: 0 });
    expect(byModel.noop).toMatchObject({ outcome: 'scored', score: 0, metrics: { count_off_by: null, count_malformed: 1 } });

    // Its section sits in summary.json beside review's, and in the Markdown report.
    const summary = JSON.parse(readFileSync(path.join(run.runDir, 'summary.json'), 'utf8'));
    const groups = Object.fromEntries(summary.groups.map((g: { agent: string }) => [g.agent, g]));
    expect(groups.oracle.word_count).toEqual({ malformed: 0, share: 0 });
    expect(groups.noop.word_count).toEqual({ malformed: 1, share: 1 });
    expect(groups.noop.review).toBeNull();
    const md = readFileSync(path.join(run.runDir, 'report.md'), 'utf8');
    expect(md).toContain('Word count — answers that were not a number:');
    expect(md).toMatch(/\| word-count \| 1 \| 1\.000 \|/);
    expect(md).toMatch(/\| word-count \| count_off_by \|/);
    expect(md).not.toMatch(/\| count_malformed \|/);
  });

  it('gets synthetic results in its own metric shape', async () => {
    const { syntheticRecords } = await import(path.join(tmp, 'harness/testing/synthetic.ts'));
    const recs: TrialRecord[] = [
      ...syntheticRecords({ skills: ['word-count'], tasksPerSkill: 3, epochs: 1, infraRate: 0, agentErrorRate: 0 }),
    ];
    expect(recs.length).toBe(6);
    for (const r of recs) expect(Object.keys(r.metrics).sort()).toEqual(['count_malformed', 'count_off_by', 'turns_used']);
  });
});
