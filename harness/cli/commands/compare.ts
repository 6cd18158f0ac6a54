// `atomic-skills compare RUN_A [RUN_B ...]`: agent configs side by side per skill, each against
// the first with paired statistics; writes compare.md and compare.html.
import type { Command } from 'commander';
import { parseClusterLevel } from '../../../reports/clusters.js';
import { compareRuns, renderCompareMarkdown, writeCompare } from '../../../reports/compare.js';

export function register(program: Command): void {
  program
    .command('compare')
    .description('compare agent configs (from one run or several) per skill, against the first as baseline')
    .argument('<runs...>', 'run directories; the first config of the first run is the baseline')
    .option('--out <dir>', 'where to write compare.md and compare.html (default: the last run directory)')
    .option('--agent <name...>', 'only these agent configs (name or run:name), in this order')
    .option('--cluster <level>', 'independent unit of the paired statistics: task, instance (default) or repo')
    .action(async (runs: string[], flags: { out?: string; agent?: string[]; cluster?: string }) => {
      const res = await compareRuns(runs, { agents: flags.agent, cluster: parseClusterLevel(flags.cluster) });
      const paths = await writeCompare(res, flags.out ?? runs[runs.length - 1]);
      process.stdout.write(renderCompareMarkdown(res) + '\n');
      process.stderr.write(`wrote ${paths.mdPath}\nwrote ${paths.htmlPath}\n`);
    });
}
