// Deriving the five skills' tasks from validated bugs (docs/synthesis.md, "Derivation").
// Every starting state is the clean repo plus `base_patch`: the bug, with the test files that
// fail on it removed (they are the hidden tests / the reference reproduction).
import path from 'node:path';
import { mutationPatch, type FileChange, type FunctionSpan } from '../../mutation/index.js';
import { classifyFailure } from '../../../skills/shared/failure.js';
import { isTestFile } from '../../../skills/shared/test-files.js';
import { seedFor } from '../../stats/rng.js';
import { functionKey, shuffled, type Candidate } from './candidates.js';
import { changesOf, type Bug } from './bugs.js';
import { editingInstruction, issueText, REPRODUCTION_ASK } from './describe.js';
import { SKILL_PREFIX, type TaskDraft } from './drafts.js';
import type { Survey } from './survey.js';

export interface DeriveContext {
  survey: Survey;
  /** Repo name in the dataset (repos/<name>). */
  repoName: string;
  /** Full text of every test file of the snapshot. */
  testSources: Map<string, string>;
  seed: number;
  commit?: string;
  /** How a task gets the repository: `repo` (+ `image`) or `environment` (environment.ts). */
  repoFields: Record<string, unknown>;
}

const P2P_SAMPLE = 20;
const MAX_MUTANTS = 12;
export const MIN_MUTANTS = 8;

const reverse = (changes: FileChange[]): FileChange[] => changes.map((c) => ({ path: c.path, before: c.after, after: c.before }));
const fileOf = (id: string): string => id.slice(0, id.indexOf('::'));

function common(ctx: DeriveContext): Record<string, unknown> {
  return {
    language: ctx.survey.project.language,
    ...ctx.repoFields,
  };
}

function testSetup(ctx: DeriveContext): Record<string, unknown> {
  const env = ctx.survey.testEnv;
  return {
    test_framework: ctx.survey.project.framework,
    test_command: ctx.survey.testCommand,
    ...(Object.keys(env).length ? { test_env: env } : {}),
  };
}

/** Test files whose tests fail with the bug: removed from the agent's repo. */
export function failingFiles(bug: Bug): string[] {
  return [...new Set(bug.failing.map((t) => t.file))].sort();
}

function deletions(ctx: DeriveContext, files: string[]): FileChange[] {
  return files.map((f) => ({ path: f, before: ctx.testSources.get(f) ?? '', after: null }));
}

function folderOf(files: string[], ctx: DeriveContext, prefix: string): Map<string, string> {
  return new Map(files.map((f) => [`${prefix}/${f}`, ctx.testSources.get(f) ?? '']));
}

/** Test paths restored before scoring: the test folders (or files) still present in the starting repo. */
function restoredTestPaths(ctx: DeriveContext, removed: string[]): string[] {
  const gone = new Set(removed);
  const out = new Set<string>();
  for (const f of ctx.testSources.keys()) {
    if (gone.has(f)) continue;
    const parts = f.split('/');
    const i = parts.findIndex((p, k) => k < parts.length - 1 && /^(tests?|__tests__|testing|spec)$/.test(p));
    out.add(i >= 0 ? `${parts.slice(0, i + 1).join('/')}/` : f);
  }
  // a folder emptied of every test file no longer exists in the starting repo
  return [...out].filter((p) => !p.endsWith('/') || [...ctx.testSources.keys()].some((f) => f.startsWith(p) && !gone.has(f))).sort();
}

function distance(bug: Bug, ctx: DeriveContext): number {
  // 0: a failing test names the changed function; 1: it names the changed module; 2: neither.
  const texts = failingFiles(bug).map((f) => ctx.testSources.get(f) ?? '');
  return Math.max(
    ...bug.parts.map((p) => {
      const fn = p.mutation.functionName.split('.').pop() ?? '';
      const mod = path.posix.basename(p.file).replace(/\.[^.]+$/, '');
      if (texts.some((t) => new RegExp(`\\b${fn.replace(/[^\w$]/g, '')}\\b`).test(t))) return 0;
      return texts.some((t) => t.includes(mod)) ? 1 : 2;
    }),
  );
}

function bugDifficulty(bug: Bug, ctx: DeriveContext): Record<string, number> {
  return {
    tests_failing: bug.failing.length,
    files_touched: bug.changes.length,
    functions_touched: new Set(bug.parts.map(functionKey)).size,
    test_distance: distance(bug, ctx),
  };
}

function bugProvenance(bug: Bug, ctx: DeriveContext): Record<string, unknown> {
  return {
    operator: bug.parts.map((p) => p.mutation.operator).join('+'),
    file: [...new Set(bug.parts.map((p) => p.file))].join(', '),
    function: [...new Set(bug.parts.map((p) => p.mutation.functionName))].join(', '),
    seed: ctx.seed,
    ...(ctx.commit ? { base_commit: ctx.commit } : {}),
    bug: bug.id,
    mutations: bug.parts.map((p) => ({
      file: p.file,
      function: p.mutation.functionName,
      operator: p.mutation.operator,
      line: p.mutation.line,
    })),
  };
}

interface BugState {
  basePatch: string;
  fixPatch: string;
  removed: string[];
}

function bugState(bug: Bug, ctx: DeriveContext): BugState {
  const removed = failingFiles(bug);
  return {
    basePatch: mutationPatch([...bug.changes, ...deletions(ctx, removed)]),
    fixPatch: mutationPatch(reverse(bug.changes)),
    removed,
  };
}

function draft(
  skill: TaskDraft['skill'],
  key: string,
  bug: Bug,
  ctx: DeriveContext,
  fields: Record<string, unknown>,
  files: Map<string, string>,
  suffix = '',
): TaskDraft {
  return {
    skill,
    id: `${SKILL_PREFIX[skill]}-${ctx.repoName}-${key}`,
    instance: `${ctx.repoName}-${bug.id}`,
    fields,
    files,
    difficulty: bugDifficulty(bug, ctx),
    provenance: bugProvenance(bug, ctx),
    texts: [{ field: 'problem_statement', issue: issueText(bug), suffix }],
  };
}

export function editingTask(bug: Bug, ctx: DeriveContext): TaskDraft {
  const s = bugState(bug, ctx);
  // Passing tests: those covering the bug, and the rest of the hidden files (all pass once fixed).
  const failed = new Set(bug.failing.map((t) => t.id));
  const pool = [...new Set([...bug.passing, ...s.removed.flatMap((f) => ctx.survey.idsByFile.get(f) ?? [])])]
    .filter((id) => !failed.has(id))
    .sort();
  const p2p = shuffled(pool, seedFor(`p2p:${bug.id}`, ctx.seed))
    .slice(0, P2P_SAMPLE)
    .sort();
  const fields = {
    ...common(ctx),
    base_patch: 'bug.patch',
    ...testSetup(ctx),
    problem_statement: issueText(bug),
    instruction: editingInstruction(),
    gold_patch: 'gold.patch',
    hidden_tests: 'hidden/',
    test_files: restoredTestPaths(ctx, s.removed),
    fail_to_pass: bug.failing.map((t) => t.id),
    pass_to_pass: p2p,
  };
  const files = new Map([['bug.patch', s.basePatch], ['gold.patch', s.fixPatch], ...folderOf(s.removed, ctx, 'hidden')]);
  return draft('editing', bug.id, bug, ctx, fields, files);
}

export function localizationTask(bug: Bug, ctx: DeriveContext): TaskDraft {
  const s = bugState(bug, ctx);
  const fields = {
    ...common(ctx),
    base_patch: 'bug.patch',
    ...testSetup(ctx),
    problem_statement: issueText(bug),
    gold_patch: 'gold.patch',
    gold_files: bug.changes.map((c) => c.path).sort(),
    gold_functions: [...new Set(bug.parts.map((p) => `${p.file}::${p.mutation.functionName}`))].sort(),
  };
  return draft(
    'localization',
    bug.id,
    bug,
    ctx,
    fields,
    new Map([
      ['bug.patch', s.basePatch],
      ['gold.patch', s.fixPatch],
    ]),
  );
}

/** The exception a reproduction may fail with besides an assertion, or null when the bug's failures do not fit. */
export function reproductionReason(bug: Bug, survey: Survey): { expected?: string } | null {
  // The reference reproduction is the failing tests' files: the scorer must see them as test
  // files, and every test in them must pass once the bug is fixed.
  const files = failingFiles(bug);
  const unreliable = new Set(survey.unreliable.map(fileOf));
  if (!files.every((f) => isTestFile(survey.project.framework, f) && !unreliable.has(f))) return null;
  const kinds = bug.failing.map((t) => classifyFailure(t));
  if (kinds.includes('broken')) return null;
  if (kinds.includes('assertion')) return {};
  // No assertion: the failures' exception, when they agree on one.
  const types = [...new Set(bug.failing.map((t) => (t.type ?? '').split('.').pop() ?? ''))];
  return types.length === 1 && /^[A-Za-z_]\w*$/.test(types[0]) ? { expected: types[0] } : null;
}

function hintNear(file: string, framework: Survey['project']['framework']): string {
  const dir = path.posix.dirname(file);
  const at = (name: string) => (dir === '.' ? name : `${dir}/${name}`);
  if (framework === 'pytest') return at('test_reproduce_issue.py');
  const ext = /\.(c|m)?js$/.exec(file)?.[0] ?? '.js';
  return at(`reproduce-issue.test${ext}`);
}

export function reproductionTask(bug: Bug, ctx: DeriveContext): TaskDraft | undefined {
  const reason = reproductionReason(bug, ctx.survey);
  if (!reason) return undefined;
  const s = bugState(bug, ctx);
  const fields = {
    ...common(ctx),
    base_patch: 'bug.patch',
    ...testSetup(ctx),
    problem_statement: issueText(bug) + REPRODUCTION_ASK,
    mode: 'test',
    gold_patch: 'gold.patch',
    gold_tests: 'gold/',
    test_path_hint: hintNear(s.removed[0], ctx.survey.project.framework),
    ...(reason.expected ? { expected_exception: reason.expected } : {}),
  };
  const files = new Map([['bug.patch', s.basePatch], ['gold.patch', s.fixPatch], ...folderOf(s.removed, ctx, 'gold')]);
  return draft('reproduction', bug.id, bug, ctx, fields, files, REPRODUCTION_ASK);
}

/** A plausible wrong fix, proven wrong: it leaves (or puts) a validated bug in the code. */
export function wrongFix(
  bug: Bug,
  singles: Bug[],
  survey: Survey,
): { changes: FileChange[]; defects: { path: string; line: number }[] } | undefined {
  if (bug.parts.length > 1) {
    // Fixes the first mutation only; the others are validated bugs on their own.
    const [, ...rest] = bug.parts;
    const buggy = new Map(bug.changes.map((c) => [c.path, c.after as string]));
    const left = changesOf(rest, survey);
    const changes = bug.changes
      .map((c) => ({ path: c.path, before: buggy.get(c.path) as string, after: left.find((l) => l.path === c.path)?.after ?? c.before }))
      .filter((c) => c.before !== c.after);
    return { changes, defects: rest.map((p) => ({ path: p.file, line: p.mutation.line })) };
  }
  // Reverts the bug but brings in another validated bug of the same function (or file), the
  // closest one first: a wrong edit at the same spot reads most like a real attempt.
  const part = bug.parts[0];
  const others = singles
    .filter((o) => o.id !== bug.id && o.parts.length === 1 && o.parts[0].file === part.file)
    .map((o) => o.parts[0])
    .sort((a, b) => rank(a, part) - rank(b, part) || (a.key < b.key ? -1 : 1));
  const other = others[0];
  if (!other) return undefined;
  return {
    changes: [{ path: part.file, before: part.mutated, after: other.mutated }],
    defects: [{ path: other.file, line: other.mutation.line }],
  };
}

function rank(c: Candidate, target: Candidate): number {
  const sameFn = c.mutation.functionName === target.mutation.functionName ? 0 : 1_000_000;
  const overlap = c.mutation.line <= target.mutation.endLine && c.mutation.endLine >= target.mutation.line ? 0 : 1;
  return sameFn + (overlap ? 1000 + Math.min(999, Math.abs(c.mutation.line - target.mutation.line)) : 0);
}

export function reviewTask(bug: Bug, label: 'approve' | 'reject', singles: Bug[], ctx: DeriveContext): TaskDraft | undefined {
  const s = bugState(bug, ctx);
  const wrong = label === 'reject' ? wrongFix(bug, singles, ctx.survey) : undefined;
  if (label === 'reject' && !wrong) return undefined;
  const fields = {
    ...common(ctx),
    base_patch: 'bug.patch',
    ...testSetup(ctx),
    problem_statement: issueText(bug),
    candidate_patch: 'candidate.patch',
    label,
    ...(wrong ? { defect_lines: wrong.defects } : {}),
  };
  const files = new Map([
    ['bug.patch', s.basePatch],
    ['candidate.patch', wrong ? mutationPatch(wrong.changes) : s.fixPatch],
  ]);
  const d = draft('review', bug.id, bug, ctx, fields, files);
  d.provenance.label = label;
  return d;
}

/** What a test-generation task asks tests for: one function (`symbol`), or a file's functions. */
export interface TestTarget {
  file: string;
  symbol?: string;
  spans: FunctionSpan[];
}

/** Test-generation: a target with ≥ MIN_MUTANTS validated mutants that its test files kill. */
export function testGenerationTask(target: TestTarget, mutants: Bug[], ctx: DeriveContext): TaskDraft | undefined {
  const { survey } = ctx;
  const { file, symbol, spans } = target;
  const label = symbol ? `${file}::${symbol}` : file;
  const bad = new Set(survey.unreliable.map(fileOf));
  // The oracle: every test file covering the target (scorer-recognised, all tests reliable).
  const lines = survey.coverage.get(file);
  const keys = new Set<string>();
  for (const span of spans) for (let l = span.startLine; l <= span.endLine; l++) for (const k of lines?.get(l) ?? []) keys.add(k);
  const gold = [...new Set([...keys].map((k) => (survey.project.framework === 'pytest' ? fileOf(k) : k)))]
    .filter((f) => isTestFile(survey.project.framework, f) && !bad.has(f) && ctx.testSources.has(f))
    .sort();
  const goldSet = new Set(gold);
  const killed = mutants.filter((m) => m.failing.some((t) => goldSet.has(t.file)));
  if (killed.length < MIN_MUTANTS || !gold.length) return undefined;
  const chosen = shuffled(killed, seedFor(`mutants:${label}`, ctx.seed))
    .slice(0, MAX_MUTANTS)
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const key = seedFor(label, 0).toString(16).padStart(8, '0');
  const text = survey.sources.get(file) ?? '';
  const what = symbol ? `\`${symbol}\` in \`${file}\`` : `the functions of \`${file}\` below`;
  const statement = [
    `The tests that exercised ${what} have been removed. The current behaviour is correct: write new tests`,
    `that pin it down, so that a change to what ${symbol ? `\`${symbol}\`` : 'these functions'} ${symbol ? 'does' : 'do'} makes them fail.`,
    '',
    symbol ? 'It begins:' : 'They begin:',
    '',
    '```',
    spans
      .slice(0, 8)
      .map((span) => signatureOf(text, span))
      .join('\n\n'),
    '```',
    '',
  ].join('\n');
  const mutantPath = (i: number) => `mutants/m${String(i + 1).padStart(2, '0')}.patch`;
  const fields = {
    ...common(ctx),
    base_patch: 'remove-tests.patch',
    ...testSetup(ctx),
    problem_statement: statement,
    target: file,
    ...(symbol ? { target_symbol: symbol } : {}),
    mutants: chosen.map((_, i) => mutantPath(i)),
    gold_tests: 'gold/',
    test_path_hint: gold[0],
  };
  const files = new Map<string, string>([
    ['remove-tests.patch', mutationPatch(deletions(ctx, gold))],
    ...chosen.map((m, i): [string, string] => [mutantPath(i), m.patch]),
    ...folderOf(gold, ctx, 'gold'),
  ]);
  return {
    skill: 'test-generation',
    id: `${SKILL_PREFIX['test-generation']}-${ctx.repoName}-${key}`,
    instance: `${ctx.repoName}-${symbol ? 'fn' : 'file'}-${key}`,
    fields,
    files,
    difficulty: {
      mutants: chosen.length,
      function_lines: spans.reduce((n, sp) => n + sp.endLine - sp.startLine + 1, 0),
      test_files_removed: gold.length,
    },
    provenance: {
      operator: [...new Set(chosen.map((m) => m.parts[0].mutation.operator))].sort().join('+'),
      file,
      function: symbol ?? spans.map((sp) => sp.name).join(', '),
      seed: ctx.seed,
      ...(ctx.commit ? { base_commit: ctx.commit } : {}),
      mutant_bugs: chosen.map((m) => m.id),
    },
    texts: [],
  };
}

/** The function's first line, and a Python docstring right after its header when it has one. */
function signatureOf(text: string, span: FunctionSpan): string {
  const lines = text.split('\n').slice(span.startLine - 1, span.endLine);
  const head = lines[0]?.trim() ?? '';
  const doc = lines.slice(1).findIndex((l) => l.trim() !== '');
  const first = lines[doc + 1]?.trim() ?? '';
  const quote = /^[rbuRBU]?("""|\'\'\')/.exec(first)?.[1];
  if (doc < 0 || !quote) return head;
  const end = lines.findIndex((l, i) => i > doc + 1 && l.includes(quote));
  const closesOnFirst = first.indexOf(quote, first.indexOf(quote) + 3) >= 0;
  const docLines = closesOnFirst ? [lines[doc + 1]] : lines.slice(doc + 1, end < 0 ? doc + 2 : end + 1);
  return [head, ...docLines.map((l) => l.replace(/\s+$/, ''))].join('\n');
}
