// renderReports: results.jsonl → summary.json, report.md, report.html, junit.xml in the run dir.
// Two streaming passes: the first aggregates, the second writes per-trial HTML and JUnit.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { readResultBatches, type Warn } from '../harness/results/store.js';
import { loadMetaIfAny, requireResults } from './run-files.js';
import { summarizeResults, summaryFile, type Summary } from './aggregate.js';
import type { ClusterLevel } from './clusters.js';
import { renderMarkdown } from './markdown.js';
import { HtmlTrials, htmlHead, type HtmlBudget } from './html.js';
import { JUNIT_TAIL, junitCase, junitHead } from './junit.js';
import { FileSink } from './sink.js';
import { redactText } from '../harness/core/secrets.js';

export interface ReportPaths {
  summaryPath: string;
  mdPath: string;
  htmlPath: string;
  junitPath: string;
}

export interface RenderOptions {
  /** Where to write (default: the run dir itself). */
  outDir?: string;
  B?: number;
  seed?: number;
  html?: HtmlBudget;
  /** Independent unit of the intervals (default instance). */
  cluster?: ClusterLevel;
  onWarning?: Warn;
}

export async function renderReports(runDir: string, opts: RenderOptions = {}): Promise<ReportPaths & { summary: Summary }> {
  const dir = path.resolve(runDir);
  const warn = opts.onWarning ?? ((m: string) => process.stderr.write(`warning: ${m}\n`));
  await requireResults(dir);
  const meta = await loadMetaIfAny(dir, warn);
  const { summary, superseded } = await summarizeResults(dir, { meta, B: opts.B, seed: opts.seed, cluster: opts.cluster, onWarning: warn });

  const outDir = path.resolve(opts.outDir ?? dir);
  await fs.mkdir(outDir, { recursive: true });
  const paths: ReportPaths = {
    summaryPath: path.join(outDir, 'summary.json'),
    mdPath: path.join(outDir, 'report.md'),
    htmlPath: path.join(outDir, 'report.html'),
    junitPath: path.join(outDir, 'junit.xml'),
  };
  await fs.writeFile(paths.summaryPath, redactText(JSON.stringify(summaryFile(summary), null, 2) + '\n'));
  await fs.writeFile(paths.mdPath, redactText(renderMarkdown(summary)));

  const html = new FileSink(paths.htmlPath);
  const junit = new FileSink(paths.junitPath);
  try {
    await html.write(htmlHead(summary));
    await junit.write(junitHead(summary));
    const trials = new HtmlTrials(dir, opts.html);
    // Already validated by the first pass; the torn-line warning was given there too.
    for await (const batch of readResultBatches(dir, { validate: false, onWarning: () => undefined })) {
      let xml = '';
      let page = '';
      trials.prefetch(batch.map((b) => b.record));
      for (const { record, line } of batch) {
        const isSuperseded = superseded.has(line);
        page += await trials.add(record, line, isSuperseded);
        if (!isSuperseded) xml += junitCase(record);
      }
      await html.write(page);
      await junit.write(xml);
    }
    await html.write(trials.end());
    await junit.write(JUNIT_TAIL);
  } catch (err) {
    await html.close().catch(() => undefined);
    await junit.close().catch(() => undefined);
    throw err;
  }
  await html.close();
  await junit.close();
  return { ...paths, summary };
}

export { summarizeResults, Aggregator, type Summary, type SkillSummary } from './aggregate.js';
export { renderMarkdown } from './markdown.js';
export { compareRuns, renderCompareMarkdown, renderCompareHtml, writeCompare } from './compare.js';
export { gate, type GateOptions, type GateVerdict } from './gate.js';
