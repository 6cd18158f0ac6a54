// gate: does a candidate run hold against a baseline? A skill regresses when its mean drops by more
// than maxDrop AND the drop is significant after Holm's adjustment over every skill tested (clustered
// paired test, or the candidate's interval when the baseline is only a summary.json), or when it falls
// below a minimum. Warns when maxDrop is below what the run can detect. Writes gate.md (and the CI step summary).
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { z } from 'zod';
import { InputError } from '../harness/core/errors.js';
import { readInput } from '../harness/core/input.js';
import { RESULTS_JSONL } from '../harness/results/store.js';
import { clusterRobustMeanCI, type PairedComparison } from '../harness/stats/index.js';
import { skillRank } from '../skills/registry.js';
import { ClusterIndex, DEFAULT_CLUSTER_LEVEL, type ClusterLevel } from './clusters.js';
import { collectRun, taskScores, type ItemResult } from './items.js';
import { clusteringLabel, detectableDifference, detectableFromSe, holmOver, pairConfigs } from './paired.js';
import { fmtCI, fmtNum, fmtP, fmtSigned, mdTable } from './format.js';

export interface GateOptions {
  /** A run dir (per-trial data: paired test) or a summary.json path (or a dir holding only summary.json). */
  baseline: string;
  /** A run dir. */
  candidate: string;
  /** Largest tolerated drop in mean score (default 0.05, or gate.yaml's max_drop). */
  maxDrop?: number;
  /** Minimum mean score per skill; merged over gate.yaml's mins. */
  mins?: Record<string, number>;
  /** gate.yaml with optional max_drop, alpha, agent, mins. */
  config?: string;
  /** Agent config to gate (default: the only one, or each agent present on both sides). */
  agent?: string;
  /** Family-wise significance level (default 0.05): Holm over every skill (and agent) tested. */
  alpha?: number;
  /** Independent unit of the statistics (default instance, or gate.yaml's cluster). */
  cluster?: ClusterLevel;
  /** Write gate.md into the candidate run dir (default true). */
  write?: boolean;
  /** File to append the verdict to (default $GITHUB_STEP_SUMMARY; null to skip). */
  stepSummary?: string | null;
  B?: number;
  seed?: number;
}

export type RegressionKind = 'drop' | 'min' | 'missing';

export interface GateRow {
  agent: string;
  skill: string;
  baseline: number | null;
  candidate: number | null;
  candidateLo: number | null;
  candidateHi: number | null;
  candidateN: number;
  /** baseline − candidate. */
  drop: number | null;
  /** Shared (task, epoch) items when both sides have per-trial data. */
  shared: number | null;
  /** Clusters the paired statistics rest on. */
  clusters: number | null;
  /** Two-sided p of the paired test, and Holm-adjusted over every test of this gate. */
  p: number | null;
  pAdjusted: number | null;
  /** Smallest drop the run detects with 80% power at the Holm threshold α/m; null when unknown. */
  detectable: number | null;
  min: number | null;
  verdict: 'ok' | RegressionKind;
}

export interface Regression {
  agent: string;
  skill: string;
  kind: RegressionKind;
  message: string;
}

export interface GateVerdict {
  ok: boolean;
  regressions: Regression[];
  notes: string[];
  rows: GateRow[];
  markdown: string;
  /** Where gate.md was written, if it was. */
  mdPath: string | null;
}

const GateConfigSchema = z
  .object({
    max_drop: z.number().min(0).max(1).optional(),
    alpha: z.number().gt(0).lt(1).optional(),
    agent: z.string().min(1).optional(),
    cluster: z.enum(['task', 'instance', 'repo']).optional(),
    mins: z.record(z.string(), z.number().min(0).max(1)).optional(),
  })
  .strict();

export type GateConfig = z.infer<typeof GateConfigSchema>;

export function loadGateConfig(file: string): Promise<GateConfig> {
  return readInput(file, GateConfigSchema, { format: 'yaml', empty: {} });
}

/** What a baseline gives: per agent × skill mean (and CI), plus per-item results when it is a run. */
export interface Side {
  source: string;
  perTrial: boolean;
  groups: { agent: string; skill: string; mean: number | null; lo: number | null; hi: number | null; n: number }[];
  items: Map<string, Map<string, Map<string, ItemResult>>> | null;
}

const SummaryFileSchema = z.object({
  groups: z.array(
    z.object({
      agent: z.string(),
      skill: z.string(),
      mean: z.object({ mean: z.number().nullable(), lo: z.number().nullable(), hi: z.number().nullable(), n: z.number() }),
    }),
  ),
});

async function isFile(p: string): Promise<boolean> {
  return fs.stat(p).then(
    (s) => s.isFile(),
    () => false,
  );
}

async function loadSummaryFile(file: string): Promise<Side> {
  const summary = await readInput(file, SummaryFileSchema, { format: 'json' });
  return {
    source: file,
    perTrial: false,
    groups: summary.groups.map((g) => ({ agent: g.agent, skill: g.skill, ...g.mean })),
    items: null,
  };
}

async function loadSide(
  p: string,
  role: 'baseline' | 'candidate',
  opts: { B?: number; seed?: number; cluster?: ClusterLevel },
): Promise<Side> {
  const abs = path.resolve(p);
  const st = await fs.stat(abs).catch(() => null);
  if (!st) throw new InputError(abs, role, 'does not exist');
  if (st.isFile()) {
    if (role === 'candidate') throw new InputError(abs, role, 'the candidate must be a run directory (with results.jsonl)');
    return loadSummaryFile(abs);
  }
  if (!(await isFile(path.join(abs, RESULTS_JSONL)))) {
    if (role === 'baseline' && (await isFile(path.join(abs, 'summary.json')))) return loadSummaryFile(path.join(abs, 'summary.json'));
    throw new InputError(path.join(abs, RESULTS_JSONL), role, 'missing: not a run directory');
  }
  const run = await collectRun(abs, opts);
  return {
    source: abs,
    perTrial: true,
    groups: run.summary.groups.map((g) => ({ agent: g.agent, skill: g.skill, ...g.mean })),
    items: run.items,
  };
}

type SideGroup = Side['groups'][number];

/** The candidate's cluster-robust interval at `level` from its per-trial items (for a summary baseline). */
function candidateInterval(items: Map<string, ItemResult> | undefined, clusters: ClusterIndex, level: number) {
  const byCluster = new Map<string, { sum: number; n: number }>();
  for (const t of taskScores(items, clusters)) {
    const acc = byCluster.get(t.cluster) ?? { sum: 0, n: 0 };
    for (let i = 0; i < t.scores.length; i++) acc.sum += t.scores[i];
    acc.n += t.scores.length;
    byCluster.set(t.cluster, acc);
  }
  const v = [...byCluster.values()];
  return clusterRobustMeanCI(
    v.map((c) => c.sum),
    v.map((c) => c.n),
    level,
  );
}

/** Pairs baseline and candidate agents: by explicit name, one-to-one when each side has one, else by name. */
function pairAgents(base: Side, cand: Side, want: string | undefined, notes: string[]): [string, string][] {
  const bAgents = [...new Set(base.groups.map((g) => g.agent))];
  const cAgents = [...new Set(cand.groups.map((g) => g.agent))];
  if (want) {
    if (!cAgents.includes(want)) throw new InputError(cand.source, 'agent', `no agent "${want}" (have: ${cAgents.join(', ') || 'none'})`);
    if (bAgents.includes(want)) return [[want, want]];
    if (bAgents.length === 1) return [[bAgents[0], want]];
    throw new InputError(base.source, 'agent', `no agent "${want}" (have: ${bAgents.join(', ') || 'none'})`);
  }
  if (bAgents.length === 1 && cAgents.length === 1) return [[bAgents[0], cAgents[0]]];
  const pairs: [string, string][] = [];
  for (const a of cAgents) {
    if (bAgents.includes(a)) pairs.push([a, a]);
    else notes.push(`candidate agent "${a}" has no baseline counterpart: only its minimums are checked.`);
  }
  return pairs;
}

/** What the gate judges by, after gate.yaml and the flags are merged and checked. */
export interface GateSettings {
  maxDrop: number;
  alpha: number;
  mins: Record<string, number>;
  /** Agent to gate (default: the only one, or each agent present on both sides). */
  agent?: string;
  cluster: ClusterLevel;
}

export async function gate(opts: GateOptions): Promise<GateVerdict> {
  const settings = await gateSettings(opts);
  const base = await loadSide(opts.baseline, 'baseline', { ...opts, cluster: settings.cluster });
  const cand = await loadSide(opts.candidate, 'candidate', { ...opts, cluster: settings.cluster });
  const judged = judgeGate(base, cand, settings);
  if (judged.rows.length === 0) throw new InputError(path.join(cand.source, RESULTS_JSONL), '', 'the candidate has no trials to gate');

  const ok = judged.regressions.length === 0;
  const { rows, regressions, notes } = judged;
  const markdown = renderGateMarkdown(
    { ok, regressions, notes, rows },
    {
      baseline: base.source,
      candidate: cand.source,
      perTrial: base.perTrial,
      maxDrop: settings.maxDrop,
      alpha: settings.alpha,
      family: judged.family,
      cluster: judged.cluster,
    },
  );
  let mdPath: string | null = null;
  if (opts.write ?? true) {
    mdPath = path.join(cand.source, 'gate.md');
    await fs.writeFile(mdPath, markdown);
  }
  const stepSummary = opts.stepSummary === undefined ? process.env.GITHUB_STEP_SUMMARY || null : opts.stepSummary;
  if (stepSummary) await fs.appendFile(stepSummary, markdown + '\n');
  return { ok, regressions, notes, rows, markdown, mdPath };
}

/** gate.yaml merged under the flags; a value out of range names where it came from. */
async function gateSettings(opts: GateOptions): Promise<GateSettings> {
  const cfg = opts.config ? await loadGateConfig(path.resolve(opts.config)) : {};
  const maxDrop = opts.maxDrop ?? cfg.max_drop ?? 0.05;
  const mins: Record<string, number> = { ...(cfg.mins ?? {}), ...(opts.mins ?? {}) };
  for (const [skill, v] of Object.entries(mins)) {
    if (!Number.isFinite(v) || v < 0 || v > 1)
      throw new InputError(opts.config ?? '--min', `mins.${skill}`, `must be a number in [0, 1] (got ${v})`);
  }
  if (!Number.isFinite(maxDrop) || maxDrop < 0 || maxDrop > 1)
    throw new InputError(opts.config ?? '--max-drop', 'max_drop', `must be a number in [0, 1] (got ${maxDrop})`);
  return {
    maxDrop,
    alpha: opts.alpha ?? cfg.alpha ?? 0.05,
    mins,
    agent: opts.agent ?? cfg.agent,
    cluster: opts.cluster ?? cfg.cluster ?? DEFAULT_CLUSTER_LEVEL,
  };
}

/** A skill both sides have a mean for: its drop is tested. */
interface DropTest {
  row: GateRow;
  baseline: number;
  candidate: number;
  /** The clustered paired test, or null when the baseline has no shared per-trial items. */
  paired: PairedComparison | null;
  /** The candidate's items (for its own interval when there is no paired test). */
  items: Map<string, ItemResult> | undefined;
}

/** A skill the candidate has no counted trial for. */
interface MissingSkill {
  row: GateRow;
  baseline: SideGroup | undefined;
  /** The candidate ran trials of it (all uncounted). */
  ran: boolean;
  /** Its agent is compared with a baseline agent. */
  gated: boolean;
}

export interface GateJudgement {
  rows: GateRow[];
  regressions: Regression[];
  notes: string[];
  /** Tests in the Holm family (at least 1). */
  family: number;
  /** How the statistics clustered (clusteringLabel). */
  cluster: string;
}

/**
 * The whole verdict, without I/O. Two passes: every skill's drop test first, then Holm over all
 * of them (a test judged by the candidate's interval counts as p = 1), then each skill judged
 * with its adjusted p and the family size.
 */
export function judgeGate(base: Side, cand: Side, s: GateSettings): GateJudgement {
  const notes: string[] = [];
  const regressions: Regression[] = [];
  const pairs = pairAgents(base, cand, s.agent, notes);
  const clusters = new ClusterIndex(s.cluster);
  const { rows, tested, missing } = collectTests(base, cand, pairs, s.mins, clusters);

  const m = Math.max(1, tested.length);
  const adjusted = holmOver(tested.map((t) => t.paired?.p ?? 1));
  const flag = (row: GateRow, kind: RegressionKind, message: string) => {
    if (row.verdict === 'ok') row.verdict = kind;
    regressions.push({ agent: row.agent, skill: row.skill, kind, message });
  };
  for (const missed of missing) {
    const j = judgeMissing(missed);
    if (j?.regression) flag(missed.row, 'missing', j.regression);
    if (j?.note) notes.push(j.note);
  }
  const family = { alpha: s.alpha, m, maxDrop: s.maxDrop, perTrialBaseline: base.perTrial, clusters };
  tested.forEach((t, i) => {
    const j = judgeDrop(t, adjusted[i], family);
    Object.assign(t.row, j.stats);
    for (const r of j.regressions) flag(t.row, r.kind, r.message);
    notes.push(...j.notes);
  });
  const blind = tested.filter(({ row }) => row.detectable === null || row.detectable > s.maxDrop);
  if (blind.length)
    notes.push(
      `max drop ${fmtNum(s.maxDrop)} is below what this run can detect with 80% power at α/${m}: ` +
        blind
          .map(({ row }) => `${row.agent}/${row.skill} ${row.detectable === null ? '(no drop ≤ 1)' : fmtNum(row.detectable)}`)
          .join(', ') +
        ' — smaller regressions there will mostly pass (`atomic-skills plan` says how many tasks × epochs would catch them).',
    );
  // Minimums for skills the baseline does not have.
  for (const row of rows)
    if (row.verdict === 'ok' && row.drop === null && row.min !== null && row.candidate !== null && row.candidate < row.min)
      flag(row, 'min', `${row.skill}: mean ${fmtNum(row.candidate)} is below the minimum ${fmtNum(row.min)}`);
  if (!base.perTrial)
    notes.push(
      `Baseline is a summary.json: a drop counts as significant when the upper bound of the candidate’s (1 − α/${m}) interval is below baseline − max drop.`,
    );
  return { rows, regressions, notes, family: m, cluster: clusteringLabel(clusters) };
}

/** First pass: a row per candidate agent × skill (its own, the baseline's, those with a minimum), and the paired tests. */
function collectTests(
  base: Side,
  cand: Side,
  pairs: [string, string][],
  mins: Record<string, number>,
  clusters: ClusterIndex,
): { rows: GateRow[]; tested: DropTest[]; missing: MissingSkill[] } {
  const rows: GateRow[] = [];
  const tested: DropTest[] = [];
  const missing: MissingSkill[] = [];
  const gated = new Set(pairs.map((p) => p[1]));
  for (const agent of new Set(cand.groups.map((g) => g.agent))) {
    const baseAgent = pairs.find((p) => p[1] === agent)?.[0] ?? null;
    const skills = [
      ...new Set<string>([
        ...cand.groups.filter((g) => g.agent === agent).map((g) => g.skill),
        ...(baseAgent ? base.groups.filter((g) => g.agent === baseAgent).map((g) => g.skill) : []),
        ...Object.keys(mins),
      ]),
    ].sort((a, b) => skillRank(a) - skillRank(b) || a.localeCompare(b));
    const pairedSkills =
      base.perTrial && baseAgent ? pairConfigs(base.items?.get(baseAgent), cand.items?.get(agent), skills, clusters).skills : null;
    skills.forEach((skill, si) => {
      const c = cand.groups.find((g) => g.agent === agent && g.skill === skill);
      const b = baseAgent ? base.groups.find((g) => g.agent === baseAgent && g.skill === skill) : undefined;
      const row: GateRow = {
        agent,
        skill,
        baseline: b?.mean ?? null,
        candidate: c?.mean ?? null,
        candidateLo: c?.lo ?? null,
        candidateHi: c?.hi ?? null,
        candidateN: c?.n ?? 0,
        drop: null,
        shared: null,
        clusters: null,
        p: null,
        pAdjusted: null,
        detectable: null,
        min: mins[skill] ?? null,
        verdict: 'ok',
      };
      rows.push(row);
      if (!c || c.mean === null) {
        missing.push({ row, baseline: b, ran: c !== undefined, gated: gated.has(agent) });
        return;
      }
      if (!b || b.mean === null) return;
      const sp = pairedSkills?.[si];
      if (sp) row.shared = sp.shared;
      tested.push({ row, baseline: b.mean, candidate: c.mean, paired: sp?.result ?? null, items: cand.items?.get(agent)?.get(skill) });
    });
  }
  return { rows, tested, missing };
}

/** A skill without counted candidate trials: a regression when a minimum or a baseline expects it. */
export function judgeMissing(s: MissingSkill): { regression?: string; note?: string } | null {
  const { row, baseline: b } = s;
  if (!s.ran) {
    if (row.min !== null) return { regression: `${row.skill}: no trials in the candidate, but a minimum of ${row.min} is set` };
    if (b && s.gated) return { note: `${row.agent}/${row.skill}: in the baseline but not run by the candidate.` };
    return null;
  }
  if (row.min !== null || (b && b.mean !== null))
    return { regression: `${row.skill}: no counted trial in the candidate (all infrastructure errors?)` };
  return null;
}

export interface DropJudgement {
  /** What the row shows of the test. */
  stats: Pick<GateRow, 'drop' | 'clusters' | 'p' | 'pAdjusted' | 'detectable'>;
  regressions: { kind: RegressionKind; message: string }[];
  notes: string[];
}

/**
 * One skill's verdict. `pAdjusted` is its paired test's p after Holm over the whole family of m
 * tests; without a paired test the candidate's (1 − α/m) interval must lie below baseline − maxDrop.
 */
export function judgeDrop(
  t: DropTest,
  pAdjusted: number | null,
  f: { alpha: number; m: number; maxDrop: number; perTrialBaseline: boolean; clusters: ClusterIndex },
): DropJudgement {
  const { row, paired } = t;
  const alphaEach = f.alpha / f.m;
  const drop = t.baseline - t.candidate;
  const stats: DropJudgement['stats'] = { drop, clusters: null, p: null, pAdjusted: null, detectable: null };
  const notes: string[] = [];
  const regressions: DropJudgement['regressions'] = [];
  let significant: boolean;
  let how: string;
  if (paired) {
    stats.clusters = paired.diff.clusters;
    stats.p = paired.p;
    stats.pAdjusted = pAdjusted;
    stats.detectable = detectableDifference(paired, alphaEach);
    significant = pAdjusted! < f.alpha && (paired.diff.mean ?? 0) < 0;
    how = `p=${fmtP(paired.p)}, Holm ${fmtP(pAdjusted)} on ${row.shared} shared items in ${paired.diff.clusters} clusters`;
  } else {
    if (f.perTrialBaseline && drop > f.maxDrop)
      notes.push(
        `${row.skill}: no (task, epoch) item shared with the baseline (task hashes differ?): fell back to the candidate’s interval.`,
      );
    const ci = candidateInterval(t.items, f.clusters, 1 - alphaEach);
    stats.clusters = ci.clusters;
    stats.detectable = detectableFromSe(ci.se, alphaEach);
    significant = ci.hi !== null && ci.hi < t.baseline - f.maxDrop;
    how = `candidate ${fmtNum(100 * (1 - alphaEach), 1)}% interval upper bound ${fmtNum(ci.hi)} vs baseline − max drop ${fmtNum(t.baseline - f.maxDrop)}`;
  }
  if (row.min !== null && t.candidate < row.min)
    regressions.push({ kind: 'min', message: `${row.skill}: mean ${fmtNum(t.candidate)} is below the minimum ${fmtNum(row.min)}` });
  if (drop > f.maxDrop) {
    if (significant)
      regressions.push({
        kind: 'drop',
        message: `${row.skill}: mean fell ${fmtNum(t.baseline)} → ${fmtNum(t.candidate)} (drop ${fmtNum(drop)} > ${fmtNum(f.maxDrop)}; ${how})`,
      });
    else notes.push(`${row.skill}: drop ${fmtNum(drop)} exceeds ${fmtNum(f.maxDrop)} but is not significant (${how}).`);
  }
  return { stats, regressions, notes };
}

export function renderGateMarkdown(
  v: Pick<GateVerdict, 'ok' | 'regressions' | 'notes' | 'rows'>,
  ctx: { baseline: string; candidate: string; perTrial: boolean; maxDrop: number; alpha: number; family: number; cluster: string },
): string {
  const out: string[] = [];
  out.push(
    `## atomic-skills gate: ${v.ok ? '✅ holds' : `❌ ${v.regressions.length} regression${v.regressions.length === 1 ? '' : 's'}`}`,
    '',
  );
  out.push(
    `Baseline \`${ctx.baseline}\` (${ctx.perTrial ? 'per-trial results: clustered paired test' : 'summary only: candidate interval'}) · candidate \`${ctx.candidate}\` · max drop ${ctx.maxDrop} · α ${ctx.alpha}, Holm over ${ctx.family} test${ctx.family === 1 ? '' : 's'} · clusters: ${ctx.cluster}`,
    '',
  );
  const multiAgent = new Set(v.rows.map((r) => r.agent)).size > 1;
  const head = [
    ...(multiAgent ? ['agent'] : []),
    'skill',
    'baseline',
    'candidate [95% CI]',
    'Δ',
    'shared',
    'clusters',
    'p',
    'p (Holm)',
    'detectable drop',
    'min',
    'verdict',
  ];
  out.push(
    mdTable(
      head,
      v.rows.map((r) => [
        ...(multiAgent ? [r.agent] : []),
        r.skill,
        fmtNum(r.baseline),
        fmtCI({ mean: r.candidate, lo: r.candidateLo, hi: r.candidateHi, n: r.candidateN }),
        r.drop === null ? '–' : fmtSigned(-r.drop),
        r.shared === null ? '–' : String(r.shared),
        r.clusters === null ? '–' : String(r.clusters),
        fmtP(r.p),
        fmtP(r.pAdjusted),
        fmtNum(r.detectable),
        r.min === null ? '–' : fmtNum(r.min, 2),
        r.verdict === 'ok' ? 'ok' : `**${r.verdict}**`,
      ]),
      multiAgent ? 2 : 1,
    ),
    '',
  );
  if (v.regressions.length)
    out.push('### Regressions', '', ...v.regressions.map((r) => `- ${multiAgent ? `${r.agent}/` : ''}${r.message}`), '');
  if (v.notes.length) out.push('### Notes', '', ...v.notes.map((n) => `- ${n}`), '');
  return out.join('\n');
}
