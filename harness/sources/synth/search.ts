// Which candidates get validated: rounds of candidates in their seeded order until there are
// enough single bugs and enough test-generation targets (functions with ≥ 8 validated mutants),
// then composite bugs built from the singles. Decisions are made per finished round, so the
// outcome never depends on which sandbox was faster.
import { mulberry32, seedFor } from '../../stats/rng.js';
import { functionKey, shuffled, type Candidate } from './candidates.js';
import { validate, newTally, type Bug, type Tally, type ValidationOptions } from './bugs.js';
import { MIN_MUTANTS } from './derive.js';
import type { SandboxPool } from './pool.js';
import type { Survey } from './survey.js';

export interface SearchGoals {
  singles: number;
  /** Functions with ≥ MIN_MUTANTS validated mutants wanted (0: no test generation). */
  targets: number;
  composites: number;
  /** Stop validating after this many candidates (first runs), whatever the goals. */
  maxCandidates?: number;
  roundSize: number;
  seed: number;
}

export interface SearchResult {
  singles: Bug[];
  composites: Bug[];
  tally: Tally;
  candidatesTried: number;
}

export async function searchBugs(
  candidates: Candidate[],
  survey: Survey,
  pool: SandboxPool,
  goals: SearchGoals,
  opts: ValidationOptions,
): Promise<SearchResult> {
  const tally = newTally();
  const known = new Set<string>();
  const singles: Bug[] = [];
  const validatedIn = new Map<string, number>();
  // Each function's untried candidates, in the seeded order.
  const queues = new Map<string, Candidate[]>();
  for (const c of candidates) queues.set(functionKey(c), [...(queues.get(functionKey(c)) ?? []), c]);
  const taken = new Set<string>();
  const ready = () => [...validatedIn.values()].filter((n) => n >= MIN_MUTANTS).length;
  const enough = () => singles.length >= goals.singles && ready() >= goals.targets;
  const untried = (fk: string) => (queues.get(fk) ?? []).filter((c) => !taken.has(c.key));
  let next = 0;

  /** Singles first: candidates in their order (every function in turn). Then only functions that
   * can still reach MIN_MUTANTS, the closest first, as many as targets are missing. */
  const nextRound = (cap: number): Candidate[] => {
    if (singles.length < goals.singles) {
      const round: Candidate[] = [];
      while (round.length < cap && next < candidates.length) {
        const c = candidates[next++];
        if (!taken.has(c.key)) round.push(c);
      }
      return round;
    }
    const open = [...queues.keys()]
      .map((fk) => ({ fk, have: validatedIn.get(fk) ?? 0, left: untried(fk) }))
      .filter((f) => f.have < MIN_MUTANTS && f.have + f.left.length >= MIN_MUTANTS)
      .sort((a, b) => b.have - a.have || b.left.length - a.left.length || (a.fk < b.fk ? -1 : 1))
      .slice(0, Math.max(0, goals.targets - ready()));
    const round: Candidate[] = [];
    for (let i = 0; round.length < cap && open.some((f) => i < f.left.length); i++) {
      for (const f of open) if (i < f.left.length && round.length < cap) round.push(f.left[i]);
    }
    return round;
  };

  let tried = 0;
  while (!enough() && (goals.maxCandidates === undefined || tried < goals.maxCandidates)) {
    const round = nextRound(Math.min(goals.roundSize, (goals.maxCandidates ?? Infinity) - tried));
    if (!round.length) break;
    for (const c of round) taken.add(c.key);
    const bugs = await validate(
      round.map((c) => [c]),
      survey,
      pool,
      opts,
      tally,
      known,
    );
    tried += round.length;
    for (const b of bugs) {
      if (!b) continue;
      singles.push(b);
      const fk = functionKey(b.parts[0]);
      validatedIn.set(fk, (validatedIn.get(fk) ?? 0) + 1);
    }
    const v = tally.verdicts;
    opts.log(
      `validate: ${tried}/${candidates.length} candidates tried: ${singles.length} bugs kept (${v.survived} survived, ${v.crashed} crashed, ${v['too-broad']} too broad, ${v['timed-out']} timed out, ${v.flaky} flaky); ${ready()} functions with ≥ ${MIN_MUTANTS} bugs`,
    );
  }
  const composites = goals.composites > 0 ? await searchComposites(singles, survey, pool, goals, opts, tally, known) : [];
  return { singles, composites, tally, candidatesTried: tried };
}

/** Pairs (and every third time triples) of singles in different files, or else different functions. */
function compositeGroups(singles: Bug[], want: number, seed: number): Bug[][] {
  const pool = shuffled(
    [...singles].sort((a, b) => (a.id < b.id ? -1 : 1)),
    seedFor('composites', seed),
  );
  const rng = mulberry32(seedFor('composite-size', seed));
  const used = new Set<string>();
  const groups: Bug[][] = [];
  for (const first of pool) {
    if (groups.length >= want) break;
    if (used.has(first.id)) continue;
    const size = rng() < 1 / 3 ? 3 : 2;
    const group = [first];
    const distinct = (b: Bug, by: (c: Bug) => string) => group.every((g) => by(g) !== by(b));
    for (const by of [(b: Bug) => b.parts[0].file, (b: Bug) => functionKey(b.parts[0])]) {
      for (const b of pool) {
        if (group.length >= size) break;
        if (!used.has(b.id) && !group.includes(b) && distinct(b, by) && distinct(b, (c) => functionKey(c.parts[0]))) group.push(b);
      }
    }
    if (group.length < 2) continue;
    for (const b of group) used.add(b.id);
    groups.push(group);
  }
  return groups;
}

async function searchComposites(
  singles: Bug[],
  survey: Survey,
  pool: SandboxPool,
  goals: SearchGoals,
  opts: ValidationOptions,
  tally: Tally,
  known: Set<string>,
): Promise<Bug[]> {
  // Up to twice as many groups as wanted, tried in turn until enough validate: interactions
  // between mutations make some fail validation.
  const groups = compositeGroups(singles, goals.composites * 2, goals.seed);
  const kept: Bug[] = [];
  let at = 0;
  while (kept.length < goals.composites && at < groups.length) {
    const batch = groups.slice(at, at + goals.composites - kept.length);
    at += batch.length;
    const bugs = await validate(
      batch.map((g) => g.flatMap((b) => b.parts)),
      survey,
      pool,
      opts,
      tally,
      known,
    );
    // Each mutation must show: the composite fails some test that its part alone fails.
    bugs.forEach((b, i) => {
      if (!b) return;
      const failing = new Set(b.failing.map((t) => t.id));
      if (batch[i].every((part) => part.failing.some((t) => failing.has(t.id)))) kept.push(b);
      else {
        tally.verdicts.kept--;
        tally.verdicts.masked++;
      }
    });
  }
  opts.log(`composites: ${kept.length} of ${at} tried kept`);
  return kept;
}
