// compareRuns: agent configs side by side per skill (from one run or several), each against the
// first (baseline) on shared (task, epoch) items clustered by source: a cluster-robust interval of the
// difference, the clustered McNemar test, Holm over every test at once, and the macro average.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { InputError } from '../harness/core/errors.js';
import type { ClusteredInterval, MacroComparison, PairedTestName } from '../harness/stats/index.js';
import { skillRank } from '../skills/registry.js';
import type { SkillSummary } from './aggregate.js';
import { ClusterIndex, DEFAULT_CLUSTER_LEVEL, type ClusterLevel } from './clusters.js';
import { collectRun, type CollectedRun } from './items.js';
import { clusteringLabel, holmOver, pairConfigs, type SkillItems } from './paired.js';
import { fmtCI, fmtNum, fmtP, fmtPct, fmtSigned, mdTable } from './format.js';
import { reportCss } from './html-client.js';
import { html, joinHtml, type SafeHtml } from './html-template.js';
import { htmlTable } from './html.js';

export interface ConfigRef {
  /** Unique label: the agent name, prefixed with the run id when several runs are compared. */
  label: string;
  runDir: string;
  runId: string | null;
  agent: string;
  model: string;
  agentHash: string;
}

export interface VersusBaseline {
  /** (task, epoch) items both configs have a counted result for. */
  shared: number;
  /** mean(candidate − baseline) on the shared items, with its cluster-robust 95% interval. */
  diff: ClusteredInterval;
  /** Baseline passed, this config failed. */
  b: number;
  /** Baseline failed, this config passed. */
  c: number;
  /** Two-sided p-value of `test`; null when no item is shared. */
  p: number | null;
  /** p adjusted by Holm over every test of the comparison (each skill × config). */
  pAdjusted: number | null;
  test: PairedTestName | null;
}

export interface MacroRow {
  config: ConfigRef;
  /** Mean over the skills this config has of its mean score. */
  mean: number | null;
  skills: number;
  /** The macro average of mean(config − baseline) over the skills both share (its own test, not in the Holm family). */
  vsBaseline: MacroComparison | null;
}

export interface CompareRow {
  config: ConfigRef;
  /** null when this config has no trial of the skill. */
  group: SkillSummary | null;
  vsBaseline: VersusBaseline | null;
}

export interface CompareSkill {
  skill: string;
  rows: CompareRow[];
}

export interface CompareResult {
  baseline: ConfigRef;
  configs: ConfigRef[];
  skills: CompareSkill[];
  macro: MacroRow[];
  /** The clustering level and what it came to ("instance (37 clusters; …)"). */
  cluster: { level: ClusterLevel; label: string };
  /** Tests Holm's adjustment runs over. */
  family: number;
  notes: string[];
}

export interface CompareOptions {
  /** Agent names (or "run:agent" labels) to include, in this order; default every agent of every run. */
  agents?: string[];
  /** Independent unit of the paired statistics (default instance). */
  cluster?: ClusterLevel;
  B?: number;
  seed?: number;
}

function runLabel(run: CollectedRun): string {
  return run.meta?.runId ?? run.summary.runId ?? path.basename(run.dir);
}

export async function compareRuns(runDirs: string[], opts: CompareOptions = {}): Promise<CompareResult> {
  if (runDirs.length === 0) throw new InputError('compare', 'runs', 'give at least one run directory');
  const runs: CollectedRun[] = [];
  for (const dir of runDirs) runs.push(await collectRun(dir, { B: opts.B, seed: opts.seed, cluster: opts.cluster }));
  const several = runs.length > 1;
  let configs: (ConfigRef & { items: SkillItems })[] = [];
  const seen = new Set<string>();
  for (const run of runs) {
    const agents = [...new Set(run.summary.groups.map((g) => g.agent))];
    for (const agent of agents) {
      const g0 = run.summary.groups.find((g) => g.agent === agent)!;
      let label = several ? `${runLabel(run)}:${agent}` : agent;
      for (let i = 2; seen.has(label); i++) label = `${several ? `${runLabel(run)}:${agent}` : agent}#${i}`;
      seen.add(label);
      configs.push({
        label,
        runDir: run.dir,
        runId: run.meta?.runId ?? null,
        agent,
        model: g0.model,
        agentHash: g0.agentHash,
        items: run.items.get(agent) ?? new Map(),
      });
    }
  }
  const notes: string[] = [];
  if (opts.agents?.length) {
    const picked: typeof configs = [];
    for (const want of opts.agents) {
      const hits = configs.filter((c) => c.label === want || c.agent === want);
      if (hits.length === 0)
        throw new InputError(
          'compare',
          'agents',
          `no agent config "${want}" in ${runDirs.join(', ')} (have: ${configs.map((c) => c.label).join(', ')})`,
        );
      for (const h of hits) if (!picked.includes(h)) picked.push(h);
    }
    configs = picked;
  }
  if (configs.length === 0) throw new InputError(runDirs[0], 'results.jsonl', 'no trials to compare');
  if (configs.length === 1) notes.push('Only one agent config: nothing to compare against.');

  const groupOf = (c: ConfigRef, skill: string): SkillSummary | null =>
    runs.find((r) => r.dir === c.runDir)!.summary.groups.find((g) => g.agent === c.agent && g.skill === skill) ?? null;
  const skills = [...new Set(runs.flatMap((r) => r.summary.groups.map((g) => g.skill)))].sort(
    (a, b) => skillRank(a) - skillRank(b) || a.localeCompare(b),
  );
  const strip = ({ items: _items, ...ref }: ConfigRef & { items: unknown }): ConfigRef => ref;
  const baseline = configs[0];
  const clusters = new ClusterIndex(opts.cluster ?? DEFAULT_CLUSTER_LEVEL);
  const paired = configs.map((c, i) => (i === 0 ? null : pairConfigs(baseline.items, c.items, skills, clusters)));
  // One family: every (skill, config) test of this comparison, adjusted together.
  const cells = skills.flatMap((_, si) => paired.map((pc) => pc?.skills[si].result?.p ?? null));
  const adjusted = holmOver(cells);
  const out: CompareSkill[] = [];
  skills.forEach((skill, si) => {
    const rows: CompareRow[] = configs.map((c, i) => {
      const group = groupOf(c, skill);
      const sp = paired[i]?.skills[si];
      if (!sp) return { config: c, group, vsBaseline: null };
      const r = sp.result;
      const empty = { mean: null, lo: null, hi: null, n: 0, se: null, clusters: 0 };
      return {
        config: c,
        group,
        vsBaseline: {
          shared: sp.shared,
          diff: r?.diff ?? empty,
          b: r?.bOnly ?? 0,
          c: r?.cOnly ?? 0,
          p: r?.p ?? null,
          pAdjusted: adjusted[si * configs.length + i],
          test: r?.test ?? null,
        },
      };
    });
    if (rows.every((r) => !r.group)) return;
    for (const r of rows.slice(1)) {
      if (r.group && rows[0].group && r.vsBaseline?.shared === 0) {
        notes.push(
          `${skill}: ${r.config.label} shares no (task, epoch) item with the baseline (different task hashes?): no paired statistics.`,
        );
      }
    }
    out.push({ skill, rows });
  });
  const macro: MacroRow[] = configs.map((c, i) => {
    const means = skills.map((skill) => groupOf(c, skill)?.mean.mean ?? null).filter((m): m is number => m !== null);
    return {
      config: strip(c),
      mean: means.length ? means.reduce((a, b) => a + b, 0) / means.length : null,
      skills: means.length,
      vsBaseline: paired[i]?.macro ?? null,
    };
  });
  if (macro.some((m) => m.vsBaseline && m.vsBaseline.skills < skills.length))
    notes.push('A macro Δ averages only the skills both configs have shared items on (see its skills column).');
  return {
    baseline: strip(baseline),
    configs: configs.map(strip),
    skills: out,
    macro,
    cluster: { level: clusters.level, label: clusteringLabel(clusters) },
    family: cells.filter((p) => p !== null).length,
    notes,
  };
}

function fmtDiff(d: ClusteredInterval): string {
  if (d.mean === null) return '–';
  return d.lo === null ? `${fmtSigned(d.mean)} [–]` : `${fmtSigned(d.mean)} [${fmtSigned(d.lo)}, ${fmtSigned(d.hi)}]`;
}

const TEST_LABEL: Record<PairedTestName, string> = { 'mcnemar-exact': 'exact', 'clustered-mcnemar': 'clustered' };

function rowCells(r: CompareRow): string[] {
  const g = r.group;
  const v = r.vsBaseline;
  return [
    r.config.label,
    g?.model ?? r.config.model,
    g ? String(g.counted) : '0',
    g ? fmtCI(g.mean) : '–',
    g ? fmtPct(g.passRate) : '–',
    v ? fmtDiff(v.diff) : 'baseline',
    v ? String(v.shared) : '',
    v ? String(v.diff.clusters) : '',
    v ? `${v.b} / ${v.c}` : '',
    v ? (v.test ? `${fmtP(v.p)} (${TEST_LABEL[v.test]})` : '–') : '',
    v ? fmtP(v.pAdjusted) : '',
  ];
}

const HEAD = [
  'config',
  'model',
  'counted',
  'mean [95% CI]',
  'pass rate',
  'Δ vs baseline [95% CI]',
  'shared items',
  'clusters',
  'b / c',
  'p',
  'p (Holm)',
];

function macroCells(m: MacroRow): string[] {
  const v = m.vsBaseline;
  return [
    m.config.label,
    String(m.skills),
    fmtNum(m.mean),
    v ? fmtDiff(v.diff) : 'baseline',
    v ? String(v.skills) : '',
    v ? String(v.diff.clusters) : '',
    v ? fmtP(v.p) : '',
  ];
}

const MACRO_HEAD = ['config', 'skills', 'macro mean', 'macro Δ [95% CI]', 'skills paired', 'clusters', 'p'];

function explain(res: CompareResult): string {
  return (
    `Δ is the mean of (config − baseline) over (task, epoch) items both have a counted result for. Items are clustered by ` +
    `${res.cluster.label}: the 95% interval is cluster-robust (CR1, Student t on clusters − 1); p is the exact McNemar test when ` +
    `no two items share a cluster, else the clustered McNemar test (Durkalski). p (Holm) adjusts over the ${res.family} ` +
    `test${res.family === 1 ? '' : 's'} of this comparison (every skill × config): reject where it is below α to keep the ` +
    `family-wise error at α. b = baseline passed and config failed, c = the reverse.`
  );
}

const MACRO_EXPLAIN =
  'The macro average is the mean over skills of each skill’s mean (the headline number); its Δ averages the per-skill Δ over ' +
  'the skills both configs share, with a cluster-robust interval in which one cluster’s items in every skill move together. ' +
  'It is one pre-set test of its own, outside the Holm family.';

export function renderCompareMarkdown(res: CompareResult): string {
  const out: string[] = ['# atomic-skills comparison', ''];
  out.push(
    `Baseline: \`${res.baseline.label}\` (${res.baseline.model}). Configs: ${res.configs.map((c) => `\`${c.label}\``).join(', ')}.`,
    '',
  );
  out.push(explain(res), '');
  out.push('## Macro average', '', mdTable(MACRO_HEAD, res.macro.map(macroCells), 1), '', MACRO_EXPLAIN, '');
  for (const s of res.skills) {
    out.push(`## ${s.skill}`, '', mdTable(HEAD, s.rows.map(rowCells), 2), '');
  }
  if (res.notes.length) out.push('## Notes', '', ...res.notes.map((n) => `- ${n}`), '');
  return out.join('\n');
}

/** Grouped bars: one per config, mean with CI whisker, for one skill. */
function compareChart(s: CompareSkill): SafeHtml {
  const barW = 44;
  const gap = 26;
  const left = 40;
  const top = 14;
  const h = 140;
  const width = left + s.rows.length * (barW + gap) + 10;
  const height = top + h + 20;
  const y = (v: number) => top + h - v * h;
  const parts = [
    html`<svg class="chart" data-skill="${s.skill}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">`,
  ];
  for (const t of [0, 0.5, 1])
    parts.push(
      html`<line class="grid" x1="${left}" x2="${width - 4}" y1="${y(t)}" y2="${y(t)}"/><text x="${left - 6}" y="${y(t) + 4}" text-anchor="end">${t.toFixed(1)}</text>`,
    );
  s.rows.forEach((r, i) => {
    const x = left + gap / 2 + i * (barW + gap);
    const m = r.group?.mean;
    const v = m?.mean ?? 0;
    parts.push(
      html`<g><title>${`${r.config.label}: ${m ? fmtCI(m) : 'no data'}`}</title><rect class="bar" x="${x}" y="${y(v)}" width="${barW}" height="${y(0) - y(v)}"/>`,
    );
    if (m && m.lo !== null && m.hi !== null)
      parts.push(html`<line class="whisker" x1="${x + barW / 2}" x2="${x + barW / 2}" y1="${y(m.hi)}" y2="${y(m.lo)}"/>`);
    parts.push(html`<text x="${x + barW / 2}" y="${top + h + 14}" text-anchor="middle">${i + 1}</text></g>`);
  });
  parts.push(html`</svg>`);
  return joinHtml(parts);
}

export function renderCompareHtml(res: CompareResult): string {
  const out: SafeHtml[] = [];
  out.push(
    html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>atomic-skills comparison</title><style>${reportCss()}</style></head><body>`,
  );
  out.push(html`<h1>atomic-skills comparison</h1>`);
  out.push(html`<p class="facts">Baseline: ${res.baseline.label} (${res.baseline.model})</p>`);
  out.push(html`<ol class="facts">${res.configs.map((c) => html`<li>${c.label} — ${c.model}</li>`)}</ol>`);
  out.push(html`<p class="note">${explain(res)}</p>`);
  out.push(html`<h2>Macro average</h2>`, htmlTable(MACRO_HEAD, res.macro.map(macroCells), 1), html`<p class="note">${MACRO_EXPLAIN}</p>`);
  for (const s of res.skills) {
    out.push(html`<h2>${s.skill}</h2>`, compareChart(s), htmlTable(HEAD, s.rows.map(rowCells), 2));
  }
  if (res.notes.length) out.push(html`<h2>Notes</h2><ul>`, ...res.notes.map((n) => html`<li>${n}</li>`), html`</ul>`);
  out.push(html`</body></html>\n`);
  return joinHtml(out, '\n').text;
}

/** Writes compare.md and compare.html into outDir. */
export async function writeCompare(res: CompareResult, outDir: string): Promise<{ mdPath: string; htmlPath: string }> {
  await fs.mkdir(outDir, { recursive: true });
  const mdPath = path.join(path.resolve(outDir), 'compare.md');
  const htmlPath = path.join(path.resolve(outDir), 'compare.html');
  await fs.writeFile(mdPath, renderCompareMarkdown(res));
  await fs.writeFile(htmlPath, renderCompareHtml(res));
  return { mdPath, htmlPath };
}
