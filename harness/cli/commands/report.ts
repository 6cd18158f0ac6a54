// `atomic-skills report RUN_DIR`: renders summary.json, report.md, report.html and junit.xml
// from a run's stored results.
import type { Command } from 'commander';
import { parseClusterLevel } from '../../../reports/clusters.js';
import { renderReports } from '../../../reports/index.js';

export function register(program: Command): void {
  program
    .command('report')
    .description('render summary.json, report.md, report.html and junit.xml from a run directory')
    .argument('<run-dir>', 'run directory (runs/<run-id>)')
    .option('--out <dir>', 'write the reports here instead of the run directory')
    .option('--seed <n>', 'bootstrap seed', (v) => parseInt(v, 10))
    .option('--cluster <level>', 'unit the intervals resample: task, instance (default) or repo')
    .action(async (runDir: string, flags: { out?: string; seed?: number; cluster?: string }) => {
      const r = await renderReports(runDir, { outDir: flags.out, seed: flags.seed, cluster: parseClusterLevel(flags.cluster) });
      process.stdout.write(`${r.summaryPath}\n${r.mdPath}\n${r.htmlPath}\n${r.junitPath}\n`);
    });
}
