// Test generation from a bug: the agent tests the FIXED code. Target = the source file the fix
// changes most; mutants = mutation operators on a real parse tree, inside the functions the fix
// touches, each kept only if the test patch's tests (which all pass on the fixed code) kill it.
// 16 mutants when the code allows, never fewer than 4.
import { localizationGold } from '../../../skills/shared/gold-files.js';
import { allPassed } from '../../../skills/shared/run-tests.js';
import { fileHunks, changedNewLines } from './hunks.js';
import { filePatch, listFunctions, mutate, type Mutation } from '../../mutation/index.js';
import type { Bug } from './bug.js';
import type { Calibration } from './calibrate.js';
import { ID_PREFIX, type Derived } from './draft.js';
import type { BugSandbox } from './probe.js';

export const MUTANTS_WANTED = 16;
export const MUTANTS_MIN = 4;
/** Mutants run before giving up (equivalent mutants survive every test). */
const MAX_TRIES = 48;

/** The non-test, non-doc Python file the fix changes most (ties: the first in path order). */
export function mainSourceFile(goldPatch: string): string | undefined {
  const gold = new Set(localizationGold(goldPatch).filter((p) => p.endsWith('.py')));
  let best: { path: string; lines: number } | undefined;
  for (const f of fileHunks(goldPatch)) {
    const p = f.file.newPath;
    if (!p || !gold.has(p)) continue;
    const lines = f.hunks.reduce((n, h) => n + h.lines.filter((l) => l.startsWith('+') || l.startsWith('-')).length, 0);
    if (!best || lines > best.lines) best = { path: p, lines };
  }
  return best?.path;
}

/** Mutations taken one operator at a time in turn, so a few tries cover many kinds of fault. */
function interleaveByOperator(ms: Mutation[]): Mutation[] {
  const groups = new Map<string, Mutation[]>();
  for (const m of ms) groups.set(m.operator, [...(groups.get(m.operator) ?? []), m]);
  const out: Mutation[] = [];
  for (let i = 0; out.length < ms.length; i++) for (const g of groups.values()) if (g[i]) out.push(g[i]);
  return out;
}

export async function deriveTestGeneration(bug: Bug, box: BugSandbox | undefined, cal: Calibration | undefined): Promise<Derived> {
  const id = `${ID_PREFIX['test-generation']}-${bug.idBase}`;
  const skip = (reason: string): Derived => ({ skill: 'test-generation', id, reason });
  if (!box || !cal) return skip('needs a sandbox run to keep only mutants the tests kill (imported with --no-run, or calibration failed)');
  const target = mainSourceFile(bug.goldPatch);
  if (!target) return skip('the fix changes no existing Python source file');
  if (!cal.testFiles.length) return skip('the test patch leaves no pytest test file (the gold tests)');
  if (cal.failingWithFix.length) {
    return skip(`the test patch's tests do not all pass with the fix: ${cal.failingWithFix.slice(0, 5).join(', ')}`);
  }
  const source = await box.readAt(cal.goldCommit, target);
  if (source === undefined) return skip(`${target} is missing after the fix`);
  const ranges = changedNewLines(bug.goldPatch).get(target) ?? [];
  const touched = (await listFunctions(source, 'python'))
    .filter((f) => ranges.some(([a, b]) => a <= f.endLine && b >= f.startLine))
    .map((f) => f.name);
  const functions = [...new Set(touched)];
  if (!functions.length) return skip(`the fix changes no function in ${target} (module-level code only)`);
  const all = interleaveByOperator(await mutate(source, 'python', { file: target, functions }));
  if (all.length < MUTANTS_MIN) return skip(`only ${all.length} mutation(s) possible in ${functions.join(', ')}`);

  const killed: Array<{ m: Mutation; patch: string }> = [];
  let tried = 0;
  for (const m of all) {
    if (killed.length >= MUTANTS_WANTED || tried >= MAX_TRIES) break;
    tried++;
    await box.reset(cal.goldCommit);
    const mutated = source.slice(0, m.start) + m.replacement + source.slice(m.end);
    await box.write(target, mutated);
    const run = await box.tests(cal.testFiles);
    if (run.timedOut || !allPassed(run)) killed.push({ m, patch: filePatch(target, source, mutated) });
  }
  await box.reset(cal.goldCommit);
  if (killed.length < MUTANTS_MIN) {
    return skip(`the gold tests kill only ${killed.length} of ${tried} mutant(s) of ${functions.join(', ')} (need ${MUTANTS_MIN})`);
  }
  const files: Record<string, string> = { 'test.patch': bug.testPatch };
  const mutants = killed.map((k, i) => {
    const name = `mutants/m${String(i + 1).padStart(2, '0')}.patch`;
    files[name] = k.patch;
    return name;
  });
  const list = functions.map((f) => `\`${f}\``).join(', ');
  return {
    skill: 'test-generation',
    id,
    problemStatement:
      `Write tests for ${list} in \`${target}\`. The repository already holds the fix for the issue below; ` +
      `your tests should pin down the behaviour the issue asks for and the rest of what these functions do.\n\n` +
      `<issue>\n${bug.problemStatement.trim()}\n</issue>`,
    fields: { target, target_symbol: functions[0], mutants, test_patch: 'test.patch' },
    files,
    provenance: { mutants: killed.map((k) => k.m.description), mutants_tried: tried },
  };
}
