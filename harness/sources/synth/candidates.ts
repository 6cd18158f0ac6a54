// Candidate bugs: every mutation of a covered source line, with the tests that execute that
// line, one per distinct resulting file, in a seeded order that visits every function in turn.
import { applyMutations, languageForPath, mutate, type Mutation } from '../../mutation/index.js';
import { mulberry32, seedFor } from '../../stats/rng.js';
import type { Survey } from './survey.js';

export interface Candidate {
  /** `<file>:<mutation id>`: unique and stable. */
  key: string;
  file: string;
  mutation: Mutation;
  /** The whole file after the mutation. */
  mutated: string;
  /** Keys of the tests covering the mutated lines (pytest ids / node test files), sorted. */
  tests: string[];
}

/** Fisher–Yates with a seeded generator. */
export function shuffled<T>(items: T[], seed: number): T[] {
  const rng = mulberry32(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export const functionKey = (c: Pick<Candidate, 'file' | 'mutation'>): string => `${c.file}::${c.mutation.functionName}`;

export async function findCandidates(survey: Survey, seed: number): Promise<Candidate[]> {
  const byFunction = new Map<string, Candidate[]>();
  for (const [file, text] of survey.sources) {
    const language = languageForPath(file);
    const lines = survey.coverage.get(file);
    if (!language || !lines) continue;
    const seen = new Set<string>();
    for (const mutation of await mutate(text, language, { file })) {
      const tests = new Set<string>();
      for (let l = mutation.line; l <= mutation.endLine; l++) for (const k of lines.get(l) ?? []) tests.add(k);
      if (!tests.size) continue;
      const mutated = applyMutations(text, [mutation]);
      if (seen.has(mutated)) continue; // two operators, one resulting file: one bug
      seen.add(mutated);
      const c: Candidate = { key: `${file}:${mutation.id}`, file, mutation, mutated, tests: [...tests].sort() };
      const fk = functionKey(c);
      byFunction.set(fk, [...(byFunction.get(fk) ?? []), c]);
    }
  }
  // Each function's candidates shuffled, then the functions taken in turn (also shuffled).
  const groups = shuffled(
    [...byFunction.keys()].sort().map((k) => shuffled(byFunction.get(k)!, seedFor(k, seed))),
    seedFor('functions', seed),
  );
  const out: Candidate[] = [];
  for (let round = 0; out.length < [...byFunction.values()].reduce((s, g) => s + g.length, 0); round++) {
    for (const g of groups) if (round < g.length) out.push(g[round]);
  }
  return out;
}
