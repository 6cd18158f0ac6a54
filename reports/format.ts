// Number and text formatting shared by the Markdown, HTML and JUnit renderers.
import type { Interval } from '../harness/stats/index.js';
import { SUMMARY_SECTIONS, sectionsOf } from '../skills/registry.js';
import { fmtUsd } from '../harness/core/usd.js';
import type { RunSpend, SkillSummary } from './aggregate.js';

export { fmtUsd };

export function fmtNum(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return v.toFixed(digits);
}

/** 0.4567 → "45.7%". */
export function fmtPct(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return `${(v * 100).toFixed(digits)}%`;
}

/** "0.512 [0.431, 0.590]". */
export function fmtCI(i: Interval, digits = 3): string {
  if (i.mean === null) return '–';
  return `${fmtNum(i.mean, digits)} [${fmtNum(i.lo, digits)}, ${fmtNum(i.hi, digits)}]`;
}

export function fmtSigned(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return `${v >= 0 ? '+' : ''}${v.toFixed(digits)}`;
}

export function fmtMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 120) return `${s.toFixed(1)} s`;
  const m = s / 60;
  if (m < 120) return `${m.toFixed(1)} min`;
  return `${(m / 60).toFixed(1)} h`;
}

export function fmtInt(v: number): string {
  return Math.round(v).toLocaleString('en-US');
}

export function fmtCost(c: { total: number | null; known: number; unknownTrials: number }): string {
  if (c.total !== null) return fmtUsd(c.total);
  return `≥ ${fmtUsd(c.known)} (${c.unknownTrials} unknown)`;
}

/** The run's total spend line (every billed request, see Summary.spend). */
export function fmtRunSpend(s: RunSpend): string {
  const cost = s.cost !== null ? fmtUsd(s.cost) : `≥ ${fmtUsd(s.known)} (${s.unknownRequests} at an unknown price)`;
  const t = s.tokens;
  return `Run total: ${cost}; tokens ${fmtInt(t.input)} in, ${fmtInt(t.output)} out, ${fmtInt(t.cacheRead)} cache read, ${fmtInt(t.cacheWrite)} cache write${s.source === 'spend.jsonl' ? ' (every billed request, preflight and retried attempts included)' : ''}.`;
}

export function fmtP(p: number | null | undefined): string {
  if (p === null || p === undefined) return '–';
  if (p < 0.001) return p.toExponential(1);
  return p.toFixed(3);
}

/** Escapes a value for a Markdown table cell. */
export function mdCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A Markdown table; the first `leftCols` columns (text) align left, the rest (numbers) right. */
export function mdTable(head: string[], rows: string[][], leftCols = 1): string {
  const out = [`| ${head.map(mdCell).join(' | ')} |`, `|${head.map((_, i) => (i < leftCols ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const r of rows) out.push(`| ${r.map(mdCell).join(' | ')} |`);
  return out.join('\n');
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON safe to place inside <script type="application/json">: no "<" can close the tag. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const KEY_LIKE = /\b(sk-(?:ant-)?[A-Za-z0-9_-]{16,})/g;
/** Masks strings that look like API keys (defence in depth: reports never show a key). */
export function maskKeys(s: string): string {
  return s.replace(KEY_LIKE, (k) => `${k.slice(0, 5)}…[redacted]`);
}

/** The cost-and-time table, the same in report.md and report.html. */
export const COST_HEAD = ['agent', 'skill', 'tokens in', 'tokens out', 'cache read', 'cache write', 'cost', 'wall total', 'median / trial'];

export function costRows(summary: { groups: SkillSummary[] }): string[][] {
  return summary.groups.map((g) => [
    g.agent,
    g.skill,
    fmtInt(g.tokens.input),
    fmtInt(g.tokens.output),
    fmtInt(g.tokens.cacheRead),
    fmtInt(g.tokens.cacheWrite),
    fmtCost(g.cost),
    fmtMs(g.wall.totalMs),
    fmtMs(g.wall.medianMs),
  ]);
}

/** The "Secondary metrics" rows of an agent's groups: every metric's mean, except those a
 * summary section of the group's skill folds (shown in that section's table instead). */
export function metricRows(groups: SkillSummary[]): string[][] {
  const rows: string[][] = [];
  for (const g of groups) {
    const sections = sectionsOf(g.skill);
    for (const [name, m] of Object.entries(g.metrics)) {
      if (!sections.some((s) => s.consumes(name))) rows.push([g.skill, name, fmtNum(m.mean), String(m.n)]);
    }
  }
  return rows;
}

/** One table per summary section that has a value in some of these groups (rows start with the skill). */
export function sectionTables(groups: SkillSummary[]): { caption: string; head: string[]; rows: string[][] }[] {
  const tables = [];
  for (const section of SUMMARY_SECTIONS) {
    const rows: string[][] = [];
    for (const g of groups) {
      const value = g.sections[section.key];
      if (value === null || value === undefined) continue;
      rows.push([g.skill, ...section.table.row(value).map((c) => (typeof c === 'string' ? c : fmtNum(c)))]);
    }
    if (rows.length) tables.push({ caption: section.table.caption, head: ['skill', ...section.table.head], rows });
  }
  return tables;
}
