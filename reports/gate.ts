// gate: does a candidate run hold against a baseline? A skill regresses when its mean drops by more
// than maxDrop AND the drop is significant (paired McNemar, or the candidate's CI when the baseline
// is only a summary.json), or when it falls below a minimum. Writes gate.md (and the CI step summary).
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { InputError } from '../harness/core/errors.js';
import { firstIssue } from '../harness/results/schema.js';
import { RESULTS_JSONL } from '../harness/results/store.js';
import { mcnemarExact } from '../harness/stats/index.js';
import { skillRank } from '../skills/registry.js';
import { collectRun, pairItems, type ItemResult } from './items.js';
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
  /** Significance level (default 0.05). */
  alpha?: number;
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
  p: number | null;
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
    mins: z.record(z.string(), z.number().min(0).max(1)).optional(),
  })
  .strict();

export type GateConfig = z.infer<typeof GateConfigSchema>;

export async function loadGateConfig(file: string): Promise<GateConfig> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(file, '', `cannot read: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text) ?? {};
  } catch (err) {
    throw new InputError(file, '', `not valid YAML: ${(err as Error).message}`);
  }
  const parsed = GateConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const { field, message } = firstIssue(parsed.error);
    throw new InputError(file, field, message);
  }
  return parsed.data;
}

/** What a baseline gives: per agent × skill mean (and CI), plus per-item results when it is a run. */
interface Side {
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
  let raw: unknown;
  try {
    raw = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (err) {
    throw new InputError(file, '', `cannot read a summary: ${(err as Error).message}`);
  }
  const parsed = SummaryFileSchema.safeParse(raw);
  if (!parsed.success) {
    const { field, message } = firstIssue(parsed.error);
    throw new InputError(file, field, message);
  }
  return {
    source: file,
    perTrial: false,
    groups: parsed.data.groups.map((g) => ({ agent: g.agent, skill: g.skill, ...g.mean })),
    items: null,
  };
}

async function loadSide(p: string, role: 'baseline' | 'candidate', opts: { B?: number; seed?: number }): Promise<Side> {
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

export async function gate(opts: GateOptions): Promise<GateVerdict> {
  const cfg = opts.config ? await loadGateConfig(path.resolve(opts.config)) : {};
  const maxDrop = opts.maxDrop ?? cfg.max_drop ?? 0.05;
  const alpha = opts.alpha ?? cfg.alpha ?? 0.05;
  const mins: Record<string, number> = { ...(cfg.mins ?? {}), ...(opts.mins ?? {}) };
  for (const [skill, v] of Object.entries(mins)) {
    if (!Number.isFinite(v) || v < 0 || v > 1)
      throw new InputError(opts.config ?? '--min', `mins.${skill}`, `must be a number in [0, 1] (got ${v})`);
  }
  if (!Number.isFinite(maxDrop) || maxDrop < 0 || maxDrop > 1)
    throw new InputError(opts.config ?? '--max-drop', 'max_drop', `must be a number in [0, 1] (got ${maxDrop})`);

  const base = await loadSide(opts.baseline, 'baseline', opts);
  const cand = await loadSide(opts.candidate, 'candidate', opts);
  const notes: string[] = [];
  const rows: GateRow[] = [];
  const regressions: Regression[] = [];
  const pairs = pairAgents(base, cand, opts.agent ?? cfg.agent, notes);
  const gated = new Set(pairs.map((p) => p[1]));
  const candAgents = [...new Set(cand.groups.map((g) => g.agent))];
  const ciOnly = !base.perTrial;
  if (ciOnly)
    notes.push(
      'Baseline is a summary.json: a drop counts as significant when the candidate’s 95% CI upper bound is below baseline − max drop.',
    );

  for (const agent of candAgents) {
    const baseAgent = pairs.find((p) => p[1] === agent)?.[0] ?? null;
    const skills = new Set<string>([
      ...cand.groups.filter((g) => g.agent === agent).map((g) => g.skill),
      ...(baseAgent ? base.groups.filter((g) => g.agent === baseAgent).map((g) => g.skill) : []),
      ...Object.keys(mins),
    ]);
    for (const skill of [...skills].sort((a, b) => skillRank(a) - skillRank(b) || a.localeCompare(b))) {
      const c = cand.groups.find((g) => g.agent === agent && g.skill === skill);
      const b = baseAgent ? base.groups.find((g) => g.agent === baseAgent && g.skill === skill) : undefined;
      const min = mins[skill] ?? null;
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
        p: null,
        min,
        verdict: 'ok',
      };
      rows.push(row);
      const flag = (kind: RegressionKind, message: string) => {
        if (row.verdict === 'ok') row.verdict = kind;
        regressions.push({ agent, skill, kind, message });
      };
      if (!c) {
        if (min !== null) flag('missing', `${skill}: no trials in the candidate, but a minimum of ${min} is set`);
        else if (b && gated.has(agent)) notes.push(`${agent}/${skill}: in the baseline but not run by the candidate.`);
        continue;
      }
      if (c.mean === null) {
        if (min !== null || (b && b.mean !== null))
          flag('missing', `${skill}: no counted trial in the candidate (all infrastructure errors?)`);
        continue;
      }
      if (min !== null && c.mean < min) flag('min', `${skill}: mean ${fmtNum(c.mean)} is below the minimum ${fmtNum(min)}`);
      if (!b || b.mean === null || !baseAgent) continue;
      const drop = b.mean - c.mean;
      row.drop = drop;
      let significant: boolean | null = null;
      let how = '';
      if (!ciOnly && base.items && cand.items) {
        const paired = pairItems(base.items.get(baseAgent)?.get(skill), cand.items.get(agent)?.get(skill));
        row.shared = paired.a.length;
        if (paired.a.length > 0) {
          row.p = mcnemarExact(paired.bOnly, paired.cOnly);
          significant = row.p < alpha && paired.bOnly > paired.cOnly;
          how = `McNemar p=${fmtP(row.p)} on ${paired.a.length} shared items (b=${paired.bOnly}, c=${paired.cOnly})`;
        } else if (drop > maxDrop) {
          notes.push(`${skill}: no (task, epoch) item shared with the baseline (task hashes differ?): fell back to the candidate’s CI.`);
        }
      }
      if (significant === null) {
        significant = c.hi !== null && c.hi < b.mean - maxDrop;
        how = `candidate 95% CI upper bound ${fmtNum(c.hi)} vs baseline − max drop ${fmtNum(b.mean - maxDrop)}`;
      }
      if (drop > maxDrop) {
        if (significant)
          flag('drop', `${skill}: mean fell ${fmtNum(b.mean)} → ${fmtNum(c.mean)} (drop ${fmtNum(drop)} > ${fmtNum(maxDrop)}; ${how})`);
        else notes.push(`${skill}: drop ${fmtNum(drop)} exceeds ${fmtNum(maxDrop)} but is not significant (${how}).`);
      }
    }
  }
  if (rows.length === 0) throw new InputError(path.join(cand.source, RESULTS_JSONL), '', 'the candidate has no trials to gate');

  const ok = regressions.length === 0;
  const markdown = renderGateMarkdown(
    { ok, regressions, notes, rows },
    { baseline: base.source, candidate: cand.source, perTrial: base.perTrial, maxDrop, alpha },
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

export function renderGateMarkdown(
  v: Pick<GateVerdict, 'ok' | 'regressions' | 'notes' | 'rows'>,
  ctx: { baseline: string; candidate: string; perTrial: boolean; maxDrop: number; alpha: number },
): string {
  const out: string[] = [];
  out.push(
    `## atomic-skills gate: ${v.ok ? '✅ holds' : `❌ ${v.regressions.length} regression${v.regressions.length === 1 ? '' : 's'}`}`,
    '',
  );
  out.push(
    `Baseline \`${ctx.baseline}\` (${ctx.perTrial ? 'per-trial results: paired McNemar' : 'summary only: candidate CI'}) · candidate \`${ctx.candidate}\` · max drop ${ctx.maxDrop} · α ${ctx.alpha}`,
    '',
  );
  const multiAgent = new Set(v.rows.map((r) => r.agent)).size > 1;
  const head = [...(multiAgent ? ['agent'] : []), 'skill', 'baseline', 'candidate [95% CI]', 'Δ', 'shared', 'McNemar p', 'min', 'verdict'];
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
        fmtP(r.p),
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
