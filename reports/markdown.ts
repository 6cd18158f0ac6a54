// report.md: the Summary as Markdown tables, readable in a terminal and as a PR comment.
import type { SkillSummary, Summary } from './aggregate.js';
import { fmtCI, fmtNum, fmtPct, fmtRunSpend, mdTable, COST_HEAD, costRows, metricRows, sectionTables } from './format.js';

/** Groups of a summary by agent, in summary order. */
export function byAgent(summary: Summary): Map<string, SkillSummary[]> {
  const out = new Map<string, SkillSummary[]>();
  for (const g of summary.groups) {
    const list = out.get(g.agent);
    if (list) list.push(g);
    else out.set(g.agent, [g]);
  }
  return out;
}

/** The score table head and rows for one agent: mean with CI, Avg@k, pass@k, pass^k, errors. */
export function scoreTable(groups: SkillSummary[], epochs: number): { head: string[]; rows: string[][] } {
  const ks = Array.from({ length: Math.max(epochs, 1) }, (_, i) => i + 1);
  const head = [
    'skill',
    'trials',
    'counted',
    'mean [95% CI]',
    'pass rate',
    `Avg@${Math.max(epochs, 1)}`,
    ...ks.map((k) => `pass@${k}`),
    ...ks.filter((k) => k > 1).map((k) => `pass^${k}`),
    'agent errors',
    'infra errors',
    'grader errors',
  ];
  const rows = groups.map((g) => [
    g.skill,
    String(g.trials),
    String(g.counted),
    fmtCI(g.mean),
    fmtPct(g.passRate),
    fmtNum(g.avgAtK.value),
    ...ks.map((k) => fmtNum(g.passAtK.find((e) => e.k === k)?.value ?? null)),
    ...ks.filter((k) => k > 1).map((k) => fmtNum(g.passHatK.find((e) => e.k === k)?.value ?? null)),
    String(g.agentErrors),
    String(g.infraErrors),
    String(g.graderErrors),
  ]);
  return { head, rows };
}

/** [agent, skill, kind, trials] rows of one error class. */
export function errorRows(summary: Summary, cls: 'agent' | 'infra' | 'grader'): string[][] {
  return summary.groups.flatMap((g) => Object.entries(g.errors[cls]).map(([kind, n]) => [g.agent, g.skill, kind, String(n)]));
}

export function renderMarkdown(summary: Summary): string {
  const out: string[] = [];
  out.push(`# atomic-skills report${summary.runId ? ` — run \`${summary.runId}\`` : ''}`, '');
  const facts: string[] = [];
  if (summary.createdAt) facts.push(`created ${summary.createdAt}`);
  if (summary.harnessVersion) facts.push(`harness ${summary.harnessVersion}`);
  if (summary.dataset) facts.push(`dataset \`${summary.dataset.path}\` (${summary.dataset.hash.slice(0, 12)})`);
  facts.push(`${summary.epochs} epoch${summary.epochs === 1 ? '' : 's'}`, `${summary.totals.trials} trials`);
  if (summary.totals.tornLines) facts.push(`${summary.totals.tornLines} torn line ignored`);
  out.push(facts.join(' · '), '');
  out.push(
    `Mean score per skill: agent errors count as 0, infrastructure errors are left out. ` +
      `95% percentile bootstrap resampling clusters by ${summary.cluster.label} (B=${summary.bootstrap.B}, seed ${summary.bootstrap.seed}). ` +
      `pass@k is the unbiased estimator per task, averaged over tasks with ≥ k counted trials.`,
    '',
  );

  const agents = byAgent(summary);
  out.push('## Scores', '');
  if (agents.size === 0) out.push('_No trials recorded._', '');
  for (const [agent, groups] of agents) {
    const g0 = groups[0];
    out.push(`### \`${agent}\` — ${g0.model} (config ${g0.agentHash.slice(0, 12)})`, '');
    const t = scoreTable(groups, summary.epochs);
    out.push(mdTable(t.head, t.rows), '');
    const metrics = metricRows(groups);
    if (metrics.length) {
      out.push('<details><summary>Secondary metrics</summary>', '');
      out.push(mdTable(['skill', 'metric', 'mean', 'n'], metrics, 2), '', '</details>', '');
    }
    for (const t of sectionTables(groups)) out.push(t.caption, '', mdTable(t.head, t.rows), '');
  }

  out.push('## Cost and time', '');
  if (summary.groups.length) {
    out.push(mdTable(COST_HEAD, costRows(summary), 2), '');
  }
  if (summary.spend) out.push(fmtRunSpend(summary.spend), '');

  out.push('## Errors', '');
  const agentErr = errorRows(summary, 'agent');
  out.push('### Agent errors (count as failures, score 0)', '');
  out.push(agentErr.length ? mdTable(['agent', 'skill', 'reason', 'trials'], agentErr, 3) : '_None._', '');
  const infraErr = errorRows(summary, 'infra');
  const retried = summary.groups.reduce((a, g) => a + g.infraRetried, 0);
  out.push('### Infrastructure errors (not the agent’s fault: left out of every score; resume the run to retry them)', '');
  out.push(infraErr.length ? mdTable(['agent', 'skill', 'kind', 'trials'], infraErr, 3) : '_None._', '');
  if (retried) out.push(`${retried} earlier infrastructure error line(s) were retried into a result.`, '');
  const graderErr = errorRows(summary, 'grader');
  out.push('### Grader errors (the task proved unsound: left out of every score; `validate` quarantines such tasks)', '');
  out.push(graderErr.length ? mdTable(['agent', 'skill', 'kind', 'trials'], graderErr, 3) : '_None._', '');
  return out.join('\n');
}
