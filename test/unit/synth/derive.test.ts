// Derivation without Docker: bugs made from real mutations of a sample library (test results
// stated by hand) become tasks that load as a dataset, whose patches apply and undo each other.
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFunctions, mutate, applyMutations, mutationPatch } from '../../../harness/mutation/index.js';
import { bugId, type Bug } from '../../../harness/sources/synth/bugs.js';
import type { Candidate } from '../../../harness/sources/synth/candidates.js';
import {
  editingTask,
  localizationTask,
  reproductionTask,
  reviewTask,
  testGenerationTask,
  wrongFix,
  type DeriveContext,
} from '../../../harness/sources/synth/derive.js';
import type { Survey } from '../../../harness/sources/synth/survey.js';
import { writeTask } from '../../../harness/sources/synth/write.js';
import { loadDataset } from '../../../harness/tasks/load.js';
import type { TestCaseResult } from '../../../skills/shared/report.js';

const REPO = path.resolve(__dirname, '../../../datasets/sample/repos/tablefmt');
const FILE = 'src/tablefmt/align.py';
const TEST = 'tests/test_align.py';
let tmp: string;
let survey: Survey;
let ctx: DeriveContext;
let bugs: Bug[];

function fail(name: string, type = 'AssertionError'): TestCaseResult {
  return { id: `${TEST}::${name}`, file: TEST, name, status: 'failed', type, message: `${type}: assert 1 == 2` };
}

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'as-synth-derive-'));
  const source = await fs.readFile(path.join(REPO, FILE), 'utf8');
  const testText = await fs.readFile(path.join(REPO, TEST), 'utf8');
  const ids = [...testText.matchAll(/^def (test_\w+)/gm)].map((m) => `${TEST}::${m[1]}`);
  const mutations = (await mutate(source, 'python', { file: FILE, functions: ['align_cell'] })).slice(0, 10);
  const lines = new Map<number, Set<string>>();
  for (let l = 1; l <= source.split('\n').length; l++) lines.set(l, new Set(ids));
  survey = {
    project: {
      label: REPO,
      language: 'python',
      framework: 'pytest',
      testCommand: 'python3 -m pytest -q',
      files: [FILE, TEST],
      testFiles: [TEST],
    },
    reliable: ids,
    unreliable: [],
    idsByFile: new Map([[TEST, ids]]),
    reliableFiles: [],
    coverage: new Map([[FILE, lines]]),
    sources: new Map([[FILE, source]]),
    suiteSeconds: 1,
    testCommand: 'python3 -m pytest -q',
    testEnv: {},
  };
  const other = await fs.readFile(path.join(REPO, 'tests/test_width.py'), 'utf8');
  ctx = {
    survey,
    repoName: 'tablefmt',
    repoFields: { repo: '../../../repos/tablefmt' },
    testSources: new Map([
      [TEST, testText],
      ['tests/test_width.py', other],
    ]),
    seed: 3,
  };
  bugs = mutations.map((m, i) => {
    const mutated = applyMutations(source, [m]);
    const parts: Candidate[] = [{ key: `${FILE}:${m.id}`, file: FILE, mutation: m, mutated, tests: ids }];
    const changes = [{ path: FILE, before: source, after: mutated }];
    const patch = mutationPatch(changes);
    return {
      id: bugId(patch),
      parts,
      patch,
      changes,
      failing: [fail(ids[i % ids.length].split('::')[1])],
      passing: ids.filter((_, k) => k !== i % ids.length),
    };
  });
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

function gitApply(dir: string, patch: string, reverse = false): void {
  execFileSync('git', ['apply', ...(reverse ? ['-R'] : []), '-'], { cwd: dir, input: patch });
}

describe('derived tasks', () => {
  it('load as a dataset: schema-valid, files present, base patches apply', async () => {
    const out = path.join(tmp, 'dataset');
    await fs.cp(REPO, path.join(out, 'repos', 'tablefmt'), { recursive: true });
    const spans = await listFunctions(survey.sources.get(FILE)!, 'python');
    const drafts = [
      editingTask(bugs[0], ctx),
      localizationTask(bugs[0], ctx),
      reproductionTask(bugs[0], ctx)!,
      reviewTask(bugs[0], 'approve', bugs, ctx)!,
      reviewTask(bugs[1], 'reject', bugs, ctx)!,
      testGenerationTask({ file: FILE, symbol: 'align_cell', spans: [spans.find((s) => s.name === 'align_cell')!] }, bugs, ctx)!,
    ];
    for (const d of drafts) await writeTask(out, d, 'tablefmt');
    const { tasks } = await loadDataset(out);
    expect(tasks.map((t) => t.task.skill).sort()).toEqual([
      'editing',
      'localization',
      'reproduction',
      'review',
      'review',
      'test-generation',
    ]);
    for (const t of tasks) expect((t.task as { provenance?: { source: string; instance: string } }).provenance?.source).toBe('synthetic');
    const loc = tasks.find((t) => t.task.skill === 'localization')!.task as unknown as { gold_files: string[]; gold_functions: string[] };
    expect(loc.gold_files).toEqual([FILE]);
    expect(loc.gold_functions).toEqual([`${FILE}::align_cell`]);
    const tg = tasks.find((t) => t.task.skill === 'test-generation')!.task as unknown as { mutants: string[]; target_symbol: string };
    expect(tg.mutants.length).toBeGreaterThanOrEqual(8);
    expect(tg.target_symbol).toBe('align_cell');
  });

  it('editing: the starting state has the bug and not the failing test file; the gold patch restores the code', async () => {
    const d = editingTask(bugs[0], ctx);
    const dir = path.join(tmp, 'edit');
    await fs.cp(REPO, dir, { recursive: true });
    execFileSync('git', ['init', '-q'], { cwd: dir });
    gitApply(dir, d.files.get('bug.patch')!);
    await expect(fs.access(path.join(dir, TEST))).rejects.toThrow();
    expect(await fs.readFile(path.join(dir, FILE), 'utf8')).toBe(bugs[0].parts[0].mutated);
    gitApply(dir, d.files.get('gold.patch')!);
    expect(await fs.readFile(path.join(dir, FILE), 'utf8')).toBe(survey.sources.get(FILE));
    expect(d.files.get(`hidden/${TEST}`)).toBe(ctx.testSources.get(TEST));
    expect(d.fields.fail_to_pass).toEqual(bugs[0].failing.map((t) => t.id));
    // the folder still holds other test files, so it is restored before scoring; emptied, it would not exist
    expect(d.fields.test_files).toEqual(['tests/']);
    expect(editingTask(bugs[0], { ...ctx, testSources: new Map([[TEST, ctx.testSources.get(TEST)!]]) }).fields.test_files).toEqual([]);
    expect(String(d.fields.problem_statement)).not.toContain('align.py');
  });

  it('review: a reject candidate turns the bug into another validated bug, and says where', async () => {
    const wrong = wrongFix(bugs[1], bugs, survey)!;
    const other = bugs.find((b) => b.parts[0].mutated === wrong.changes[0].after)!;
    expect(other).toBeDefined();
    expect(other.id).not.toBe(bugs[1].id);
    expect(wrong.defects).toEqual([{ path: FILE, line: other.parts[0].mutation.line }]);
  });

  it('review of a composite bug: the wrong fix undoes only the first mutation', () => {
    const [a, b] = [bugs[0].parts[0], bugs[5].parts[0]];
    const source = survey.sources.get(FILE)!;
    const both = applyMutations(source, [a.mutation, b.mutation]);
    const changes = [{ path: FILE, before: source, after: both }];
    const composite: Bug = { id: 'c', parts: [a, b], patch: mutationPatch(changes), changes, failing: [fail('test_x')], passing: [] };
    const wrong = wrongFix(composite, bugs, survey)!;
    expect(wrong.changes).toEqual([{ path: FILE, before: both, after: b.mutated }]);
    expect(wrong.defects).toEqual([{ path: FILE, line: b.mutation.line }]);
  });

  it('reproduction is only offered when the failures are assertions or agree on one exception', () => {
    const broken = { ...bugs[2], failing: [fail('test_a', 'NameError')] };
    expect(reproductionTask(broken, ctx)).toBeUndefined();
    const typed = { ...bugs[2], failing: [fail('test_a', 'builtins.TypeError'), fail('test_b', 'TypeError')] };
    expect(reproductionTask(typed, ctx)!.fields.expected_exception).toBe('TypeError');
    // a test of the reference file that does not pass reliably would fail the fixed run
    expect(reproductionTask(bugs[2], { ...ctx, survey: { ...survey, unreliable: [`${TEST}::test_flaky`] } })).toBeUndefined();
  });

  it('test generation needs at least 8 mutants its removed tests kill', async () => {
    const spans = await listFunctions(survey.sources.get(FILE)!, 'python');
    const span = spans.find((s) => s.name === 'align_cell')!;
    const target = { file: FILE, symbol: 'align_cell', spans: [span] };
    expect(testGenerationTask(target, bugs.slice(0, 7), ctx)).toBeUndefined();
    const d = testGenerationTask(target, bugs, ctx)!;
    expect(d.files.get(`gold/${TEST}`)).toBe(ctx.testSources.get(TEST));
    expect(d.files.get('remove-tests.patch')).toContain(`deleted file mode 100644`);
    expect(String(d.fields.problem_statement)).toContain('def align_cell');
    // a file-level target: no target_symbol, every function's first line shown
    const file = testGenerationTask({ file: FILE, spans }, bugs, ctx)!;
    expect(file.fields.target_symbol).toBeUndefined();
    expect(file.instance).toMatch(/^tablefmt-file-/);
    for (const sp of spans) expect(String(file.fields.problem_statement)).toContain(`def ${sp.name}`);
  });
});
