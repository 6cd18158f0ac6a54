// Every skill folder has the same shape and is registered; prompts never leak hidden
// material; oracles are tool calls as a model would send them.
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LoadedTask } from '../../../harness/core/task.js';
import { loadDataset } from '../../../harness/tasks/load.js';
import { SKILLS, getSkill, isSkillName, skillRank } from '../../../skills/registry.js';
import { listFiles } from '../../../harness/core/files.js';

const ROOT = path.resolve(__dirname, '../../..');
const FIXTURE = path.join(ROOT, 'test/fixtures/dataset');
let tasks: LoadedTask[];

beforeAll(async () => {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'as-reg-'));
  await fs.cp(FIXTURE, tmp, { recursive: true });
  tasks = (await loadDataset(tmp)).tasks;
});

describe('registry', () => {
  it('registers every skill folder, each under its own name, in report order', async () => {
    const folders = (await fs.readdir(path.join(ROOT, 'skills'), { withFileTypes: true }))
      .filter((e) => e.isDirectory() && e.name !== 'shared')
      .map((e) => e.name);
    expect([...SKILLS].sort()).toEqual(folders.sort());
    expect(SKILLS).toEqual(['localization', 'editing', 'test-generation', 'reproduction', 'review']);
    for (const s of SKILLS) expect(getSkill(s).name).toBe(s);
    expect(SKILLS.map(skillRank)).toEqual([0, 1, 2, 3, 4]);
    expect(skillRank('not-a-skill')).toBe(SKILLS.length);
    expect(isSkillName('review')).toBe(true);
    expect(isSkillName('shared')).toBe(false);
    expect(() => getSkill('shared')).toThrow(/unknown skill "shared"/);
  });

  it('every skill folder has the same files', () => {
    for (const s of SKILLS) {
      for (const f of ['schema.ts', 'prompt.ts', 'oracle.ts', 'scorer.ts', 'index.ts']) {
        expect(existsSync(path.join(ROOT, 'skills', s, f)), `skills/${s}/${f}`).toBe(true);
      }
    }
  });
});

describe('prompts', () => {
  it('never contain hidden material (gold patches, hidden tests, mutants, labels)', async () => {
    for (const t of tasks) {
      const skill = getSkill(t.task.skill);
      const prompt = skill.prompt(t);
      expect(prompt).toContain(t.task.problem_statement.trim());
      for (const hidden of skill.hiddenFiles(t.task)) {
        const abs = path.join(t.dir, hidden);
        const files = (await fs.stat(abs)).isDirectory() ? (await listFiles(abs)).map((f) => path.join(abs, f)) : [abs];
        for (const f of files) {
          const body = (await fs.readFile(f, 'utf8')).trim();
          expect(prompt.includes(body), `${t.task.id} leaks ${f}`).toBe(false);
        }
      }
    }
  });

  it('shows the review candidate patch and the exact answer shapes', async () => {
    const rev = tasks.find((t) => t.task.skill === 'review')!;
    const p = getSkill('review').prompt(rev);
    expect(p).toContain('raise ValueError("mean of an empty sequence")');
    expect(p).toContain('"verdict"');
    expect(p).not.toMatch(/label/i);
    const loc = tasks.find((t) => t.task.skill === 'localization')!;
    expect(getSkill('localization').prompt(loc)).toContain('{"files": [');
  });
});

describe('oracles', () => {
  it('editing: create /tmp/gold.patch, then git apply it with bash', async () => {
    const t = tasks.find((x) => x.task.id === 'edit-pyrepo-001')!;
    const o = await getSkill('editing').oracle(t);
    const gold = await fs.readFile(path.join(t.dir, 'gold.patch'), 'utf8');
    expect(o.steps).toEqual([
      { tool: 'str_replace_based_edit_tool', input: { command: 'create', path: '/tmp/gold.patch', file_text: gold } },
      { tool: 'bash', input: { command: 'cd /testbed && git apply /tmp/gold.patch && rm /tmp/gold.patch' } },
    ]);
  });

  it('test-generation / reproduction: create the gold test files under /testbed', async () => {
    const t = tasks.find((x) => x.task.id === 'tgen-jsrepo-001')!;
    const o = await getSkill('test-generation').oracle(t);
    // The editor's create does not make folders: a bash mkdir -p comes first, as a model would do.
    expect(o.steps).toEqual([
      { tool: 'bash', input: { command: "mkdir -p -- '/testbed/test'" } },
      expect.objectContaining({
        tool: 'str_replace_based_edit_tool',
        input: expect.objectContaining({ command: 'create', path: '/testbed/test/gen_clamp.test.js' }),
      }),
    ]);
    const r = tasks.find((x) => x.task.id === 'repro-pyrepo-001')!;
    expect((await getSkill('reproduction').oracle(r)).steps[1].input.path).toBe('/testbed/tests/test_issue_mean.py');
  });

  it('localization / review: a final JSON answer that scores 1', async () => {
    for (const id of ['loc-pyrepo-001', 'review-pyrepo-001']) {
      const t = tasks.find((x) => x.task.id === id)!;
      const skill = getSkill(t.task.skill);
      const o = await skill.oracle(t);
      expect(o.steps).toEqual([]);
      const r = await skill.score({
        loaded: t,
        answer: o.finalAnswer,
        diff: '',
        backend: undefined as never,
        image: 'x',
        timeoutMultiplier: 1,
      });
      expect(r.pass).toBe(true);
      const noop = await skill.score({ loaded: t, answer: '', diff: '', backend: undefined as never, image: 'x', timeoutMultiplier: 1 });
      expect(noop.pass).toBe(false);
    }
  });
});
