// report.html: one self-contained page (inline CSS/JS/SVG, no network), built through the escaping
// html`…` template (html-template.ts); its stylesheet and script are the files in reports/client/.
// Charts and tables are static HTML; trials are embedded as JSON (rows + one lazily parsed detail
// block each) with trajectories inlined up to a size budget, linked beyond it.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { TrialRecord } from '../harness/core/results.js';
import type { SkillSummary, Summary } from './aggregate.js';
import { byAgent, errorRows, scoreTable } from './markdown.js';
import { fmtCI, fmtNum, fmtRunSpend, jsonForScript, maskKeys, COST_HEAD, costRows, metricRows, sectionTables } from './format.js';
import { reportCss, reportJs } from './html-client.js';
import { html, joinHtml, raw, type SafeHtml } from './html-template.js';

export interface HtmlBudget {
  /** Total bytes of inlined trajectories (default 32 MB); beyond it trajectories are linked. */
  trajectoryBytes?: number;
  /** Largest single trajectory inlined (default 1 MB). */
  trajectoryFileBytes?: number;
  /** Total bytes of per-trial detail blocks (default 24 MB); beyond it a trial's detail is not embedded. */
  detailBytes?: number;
  /** Per-field cap while under the detail budget (default 64 KB). */
  fieldBytes?: number;
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}\n… [clipped: ${s.length - max} more chars — see results.jsonl]` : s;
}

/** Inline SVG bar chart: one bar per skill (mean score) with its 95% CI whisker. */
export function scoreChart(agent: string, groups: SkillSummary[]): SafeHtml {
  const barW = 56;
  const gap = 44;
  const left = 40;
  const top = 16;
  const h = 160;
  const width = left + groups.length * (barW + gap) + 10;
  const height = top + h + 44;
  const y = (v: number) => top + h - v * h;
  const parts: SafeHtml[] = [];
  parts.push(
    html`<svg class="chart" data-agent="${agent}" role="img" aria-label="${`mean score per skill for ${agent}`}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">`,
  );
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(html`<line class="grid" x1="${left}" x2="${width - 4}" y1="${y(t)}" y2="${y(t)}"/>`);
    parts.push(html`<text x="${left - 6}" y="${y(t) + 4}" text-anchor="end">${t.toFixed(2)}</text>`);
  }
  groups.forEach((g, i) => {
    const x = left + gap / 2 + i * (barW + gap);
    const m = g.mean.mean ?? 0;
    const title = `${g.skill}: ${fmtCI(g.mean)} (n=${g.mean.n})`;
    parts.push(html`<g class="skill-bar" data-skill="${g.skill}"><title>${title}</title>`);
    parts.push(html`<rect class="bar" x="${x}" y="${y(m)}" width="${barW}" height="${Math.max(0, y(0) - y(m))}"/>`);
    if (g.mean.lo !== null && g.mean.hi !== null) {
      const cx = x + barW / 2;
      parts.push(html`<line class="whisker" x1="${cx}" x2="${cx}" y1="${y(g.mean.hi)}" y2="${y(g.mean.lo)}"/>`);
      parts.push(html`<line class="whisker" x1="${cx - 8}" x2="${cx + 8}" y1="${y(g.mean.hi)}" y2="${y(g.mean.hi)}"/>`);
      parts.push(html`<line class="whisker" x1="${cx - 8}" x2="${cx + 8}" y1="${y(g.mean.lo)}" y2="${y(g.mean.lo)}"/>`);
    }
    parts.push(
      html`<text x="${x + barW / 2}" y="${y(g.mean.hi ?? m) - 5}" text-anchor="middle">${g.mean.mean === null ? 'n/a' : fmtNum(m, 2)}</text>`,
    );
    parts.push(html`<text x="${x + barW / 2}" y="${top + h + 16}" text-anchor="middle">${g.skill}</text>`);
    parts.push(html`<text x="${x + barW / 2}" y="${top + h + 30}" text-anchor="middle">n=${g.mean.n}</text></g>`);
  });
  parts.push(html`</svg>`);
  return joinHtml(parts);
}

export function htmlTable(head: string[], rows: string[][], leftCols = 1): SafeHtml {
  const th = head.map((h, i) => (i < leftCols ? html`<th class="l">${h}</th>` : html`<th>${h}</th>`));
  const tr = (r: string[]) => html`<tr>${r.map((c, i) => (i < leftCols ? html`<td class="l">${c}</td>` : html`<td>${c}</td>`))}</tr>`;
  return html`<table><thead><tr>${th}</tr></thead><tbody>\n${joinHtml(rows.map(tr), '\n')}\n</tbody></table>`;
}

/** Everything above the trial data: header, charts, score/cost/error tables, trial controls. */
export function htmlHead(summary: Summary, title = 'atomic-skills report'): string {
  const out: SafeHtml[] = [];
  const runTitle = `${title}${summary.runId ? ` — run ${summary.runId}` : ''}`;
  out.push(
    html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`,
  );
  out.push(html`<title>${runTitle}</title><style>${reportCss()}</style></head><body>`);
  out.push(html`<h1>${runTitle}</h1>`);
  const facts: string[] = [];
  if (summary.createdAt) facts.push(`created ${summary.createdAt}`);
  if (summary.harnessVersion) facts.push(`harness ${summary.harnessVersion}`);
  if (summary.dataset) facts.push(`dataset ${summary.dataset.path} (${summary.dataset.hash.slice(0, 12)})`);
  facts.push(`${summary.epochs} epoch(s)`, `${summary.totals.trials} trials`);
  if (summary.totals.tornLines) facts.push(`${summary.totals.tornLines} torn line ignored`);
  out.push(html`<p class="facts">${facts.join(' · ')}</p>`);
  out.push(
    html`<p class="note">Mean score per skill (agent errors count as 0; infrastructure errors are left out), whiskers: 95% percentile bootstrap resampling clusters by ${summary.cluster.label} (B=${summary.bootstrap.B}, seed ${summary.bootstrap.seed}).</p>`,
  );
  out.push(html`<h2 id="scores">Scores</h2>`);
  const agents = byAgent(summary);
  if (agents.size === 0) out.push(html`<p>No trials recorded.</p>`);
  for (const [agent, groups] of agents) {
    out.push(
      html`<section class="agent" data-agent="${agent}"><h3>${agent} — ${groups[0].model} <span class="note">config ${groups[0].agentHash.slice(0, 12)}</span></h3>`,
    );
    out.push(scoreChart(agent, groups));
    const t = scoreTable(groups, summary.epochs);
    out.push(htmlTable(t.head, t.rows));
    const metrics = metricRows(groups);
    if (metrics.length)
      out.push(html`<details><summary>Secondary metrics</summary>${htmlTable(['skill', 'metric', 'mean', 'n'], metrics, 2)}</details>`);
    for (const t of sectionTables(groups)) out.push(html`<p class="note">${t.caption}</p>`, htmlTable(t.head, t.rows));
    out.push(html`</section>`);
  }
  out.push(html`<h2 id="cost">Cost and time</h2>`);
  out.push(htmlTable(COST_HEAD, costRows(summary), 2));
  if (summary.spend) out.push(html`<p>${fmtRunSpend(summary.spend)}</p>`);
  out.push(html`<h2 id="errors">Errors</h2><h3>Agent errors (count as failures, score 0)</h3>`);
  const errors = (rows: string[][], head: string[]) => (rows.length ? htmlTable(head, rows, 3) : html`<p>None.</p>`);
  out.push(errors(errorRows(summary, 'agent'), ['agent', 'skill', 'reason', 'trials']));
  out.push(html`<h3>Infrastructure errors (left out of every score; resume the run to retry them)</h3>`);
  out.push(errors(errorRows(summary, 'infra'), ['agent', 'skill', 'kind', 'trials']));
  out.push(html`<h3>Grader errors (the task proved unsound: left out of every score; validate quarantines such tasks)</h3>`);
  out.push(errors(errorRows(summary, 'grader'), ['agent', 'skill', 'kind', 'trials']));
  out.push(html`<h2 id="trials">Trials</h2>`);
  out.push(
    joinHtml([
      html`<div class="controls"><input id="trial-filter" type="search" placeholder="filter: task, agent, skill, outcome, error…" aria-label="filter trials">`,
      html`<select id="outcome-filter" aria-label="outcome"><option value="">all outcomes</option><option value="pass">pass</option><option value="fail">fail</option>`,
      html`<option value="agent_error">agent_error</option><option value="infra_error">infra_error</option><option value="grader_error">grader_error</option></select>`,
      html`<button id="trial-prev" type="button">‹ prev</button><span id="trial-page"></span><button id="trial-next" type="button">next ›</button>`,
      html`<span id="trial-count" class="note"></span></div>`,
    ]),
  );
  out.push(
    html`<table id="trial-table"><thead><tr><th class="l">task</th><th class="l">agent</th><th class="l">skill</th><th class="l">epoch</th><th class="l">outcome</th><th>score</th><th>tokens</th><th>cost</th><th>wall</th></tr></thead><tbody></tbody></table>`,
  );
  out.push(
    html`<aside id="detail" hidden><button id="detail-close" type="button" aria-label="close">×</button><div id="detail-body"></div></aside>\n`,
  );
  return joinHtml(out, '\n').text;
}

/** The compact per-trial row of the trial table. */
interface Row {
  i: number;
  l: number;
  t: string;
  a: string;
  s: string;
  e: number;
  o: string;
  sc: number | null;
  p: boolean;
  k: string | null;
  m: string;
  tk: number;
  c: number | null;
  w: number;
  x?: 1;
}

/** Turns trials into detail blocks (HTML text to stream out), then the rows and the script in end(). */
export class HtmlTrials {
  private rows: Row[] = [];
  private trajLeft: number;
  private detailLeft: number;
  private readonly trajFileMax: number;
  private readonly fieldMax: number;
  readonly stats = { trajectoriesInlined: 0, trajectoriesLinked: 0, clippedFields: 0, detailsOmitted: 0 };

  constructor(
    private readonly runDir: string,
    budget: HtmlBudget = {},
  ) {
    this.trajLeft = budget.trajectoryBytes ?? 32 * 1024 * 1024;
    this.trajFileMax = budget.trajectoryFileBytes ?? 1024 * 1024;
    this.detailLeft = budget.detailBytes ?? 24 * 1024 * 1024;
    this.fieldMax = budget.fieldBytes ?? 64 * 1024;
  }

  private field(s: string): string {
    if (s.length > this.fieldMax) this.stats.clippedFields++;
    return maskKeys(clip(s, this.fieldMax));
  }

  /** The trial's row is kept; returns its detail block(s) to write out ("" once the budget is spent). */
  async add(r: TrialRecord, line: number, superseded: boolean): Promise<string> {
    const i = this.rows.length;
    const pass = r.outcome === 'scored' && (r.pass ?? (r.score ?? 0) >= 1);
    const row: Row = {
      i,
      l: line,
      t: r.taskId,
      a: r.agent,
      s: r.skill,
      e: r.epoch,
      o: r.outcome,
      sc: r.outcome === 'agent_error' ? 0 : r.score,
      p: pass,
      k: r.error?.kind ?? null,
      m: r.model,
      tk: r.usage.inputTokens + r.usage.outputTokens,
      c: r.cost,
      w: r.wallMs,
    };
    if (superseded) row.x = 1;
    this.rows.push(row);
    if (this.detailLeft <= 0) {
      this.stats.detailsOmitted++;
      if (r.trajectory) this.pending.delete(r.trajectory);
      return '';
    }
    let details = JSON.stringify(r.details, null, 2);
    details = this.field(details);
    const { inline, note } = await this.trajectory(r.trajectory);
    const detail = {
      model: r.model,
      language: r.language,
      taskHash: r.key.taskHash,
      agentHash: r.key.agentHash,
      error: r.error ? { kind: r.error.kind, message: this.field(r.error.message) } : null,
      answer: this.field(r.answer),
      diff: this.field(r.diff),
      metrics: r.metrics,
      details,
      usage: r.usage,
      cost: r.cost,
      turns: r.turns,
      attempts: r.attempts,
      startedAt: r.startedAt,
      wallMs: r.wallMs,
      phases: r.phases,
      trajectory: r.trajectory,
      trajectoryNote: note,
    };
    let out = html`<script type="application/json" id="d-${i}">${raw(jsonForScript(detail))}</script>\n`.text;
    this.detailLeft -= out.length;
    if (inline !== null) out += html`<script type="application/json" id="t-${i}">${raw(inline)}</script>\n`.text;
    return out;
  }

  private pending = new Map<string, Promise<{ size: number; text: string | null } | null>>();
  private inFlight = 0;
  private waiters: (() => void)[] = [];

  /** Reads a trajectory file (size first; the text only when it could fit), at most 16 at a time. */
  private async load(file: string): Promise<{ size: number; text: string | null } | null> {
    while (this.inFlight >= 16) await new Promise<void>((resolve) => this.waiters.push(resolve));
    this.inFlight++;
    try {
      const size = (await fs.stat(file)).size;
      if (size > this.trajFileMax || size > this.trajLeft) return { size, text: null };
      return { size, text: await fs.readFile(file, 'utf8') };
    } catch {
      return null;
    } finally {
      this.inFlight--;
      this.waiters.shift()?.();
    }
  }

  private fileOf(rel: string): string | null {
    const file = path.resolve(this.runDir, rel);
    return file.startsWith(path.resolve(this.runDir) + path.sep) ? file : null;
  }

  /** Starts reading the trajectories of upcoming trials concurrently (add() then consumes them in order). */
  prefetch(records: TrialRecord[]): void {
    if (this.trajLeft <= 0 || this.detailLeft <= 0) return;
    for (const r of records) {
      if (!r.trajectory || this.pending.has(r.trajectory)) continue;
      const file = this.fileOf(r.trajectory);
      if (file) this.pending.set(r.trajectory, this.load(file));
    }
  }

  /** The trajectory's JSON text made safe for a script element, or null with a note saying why not. */
  private async trajectory(rel: string | null): Promise<{ inline: string | null; note: string | null }> {
    if (!rel) return { inline: null, note: null };
    const file = this.fileOf(rel);
    if (!file) return { inline: null, note: 'outside the run directory' };
    const pending = this.pending.get(rel);
    this.pending.delete(rel);
    if (this.trajLeft <= 0) {
      this.stats.trajectoriesLinked++;
      return { inline: null, note: 'not inlined (report size budget reached)' };
    }
    const loaded = await (pending ?? this.load(file));
    if (!loaded) {
      this.stats.trajectoriesLinked++;
      return { inline: null, note: 'file missing' };
    }
    if (loaded.text === null || loaded.size > this.trajLeft) {
      this.stats.trajectoriesLinked++;
      return { inline: null, note: `not inlined (${Math.round(loaded.size / 1024)} KB)` };
    }
    const text = loaded.text;
    let safe: string;
    try {
      JSON.parse(text);
      safe = maskKeys(text)
        .replace(/</g, '\\u003c')
        .replace(/\u2028/g, '\\u2028')
        .replace(/\u2029/g, '\\u2029');
    } catch {
      safe = jsonForScript(maskKeys(text));
    }
    this.trajLeft -= safe.length;
    this.stats.trajectoriesInlined++;
    return { inline: safe, note: null };
  }

  /** The row data, the script, and the closing tags. */
  end(): string {
    const rows = raw(jsonForScript(this.rows));
    return html`<script type="application/json" id="trials-data">${rows}</script>\n<script>${reportJs()}</script>\n</body></html>\n`.text;
  }
}
