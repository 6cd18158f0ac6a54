// junit.xml: one <testcase> per trial (classname agent.skill, name "task [epoch N]"); failure for
// pass=false, error for agent_error, skipped for infra_error and grader_error (not the agent's doing).
import type { TrialRecord } from '../harness/core/results.js';
import type { Summary } from './aggregate.js';
import { maskKeys } from './format.js';

const INVALID_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlEscape(s: string): string {
  return s
    .replace(INVALID_XML, '\uFFFD')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function clip(s: string, max = 4000): string {
  return s.length > max ? `${s.slice(0, max)}… [${s.length - max} more chars]` : s;
}

/** The opening of the document, with totals taken from the summary. */
export function junitHead(summary: Summary): string {
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  let time = 0;
  for (const g of summary.groups) {
    tests += g.trials;
    failures += g.scored - g.passes;
    errors += g.agentErrors;
    skipped += g.infraErrors + g.graderErrors;
    time += g.wall.totalMs / 1000;
  }
  const name = xmlEscape(`atomic-skills${summary.runId ? ` ${summary.runId}` : ''}`);
  const counts = `tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${time.toFixed(3)}"`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${name}" ${counts}>\n<testsuite name="${name}" ${counts}>\n`;
}

export function junitCase(r: TrialRecord): string {
  const cls = xmlEscape(`${r.agent}.${r.skill}`);
  const name = xmlEscape(`${r.taskId} [epoch ${r.epoch}]`);
  const open = `<testcase classname="${cls}" name="${name}" time="${(r.wallMs / 1000).toFixed(3)}"`;
  if (r.outcome === 'infra_error' || r.outcome === 'grader_error') {
    const msg = xmlEscape(maskKeys(`${r.outcome}${r.error ? ` (${r.error.kind}): ${clip(r.error.message, 500)}` : ''}`));
    return `${open}><skipped message="${msg}"/></testcase>\n`;
  }
  if (r.outcome === 'agent_error') {
    const kind = r.error?.kind ?? 'agent_error';
    const message = r.error?.message ?? '';
    return `${open}><error type="${xmlEscape(`agent_error:${kind}`)}" message="${xmlEscape(maskKeys(clip(message, 500)))}">${xmlEscape(maskKeys(clip(message)))}</error></testcase>\n`;
  }
  const pass = r.pass ?? (r.score ?? 0) >= 1;
  if (pass) return `${open}/>\n`;
  const body = clip(JSON.stringify({ score: r.score, metrics: r.metrics, details: r.details }, null, 2));
  return `${open}><failure type="fail" message="${xmlEscape(`score ${r.score ?? 0}`)}">${xmlEscape(maskKeys(body))}</failure></testcase>\n`;
}

export const JUNIT_TAIL = '</testsuite>\n</testsuites>\n';
