// `atomic-skills merge RUN_DIR…`: the shard folders of one run (run --shard i/n) become one run
// folder with one report.
import type { Command } from 'commander';
import { mergeShards } from '../../results/merge.js';
import { renderReports } from '../../../reports/index.js';

export function register(program: Command): void {
  program
    .command('merge')
    .description('combine the shard folders of one run (run --shard i/n) into one run folder and report')
    .argument('<runDirs...>', 'the shard folders, every shard of the plan once')
    .option('--out <dir>', 'where the merged run folder is created', 'runs')
    .option('--run-id <id>', 'name of the merged run (default: a new run id)')
    .action(async (runDirs: string[], opts: { out: string; runId?: string }) => {
      const merged = await mergeShards(runDirs, { outDir: opts.out, runId: opts.runId });
      process.stderr.write(`merged ${runDirs.length} shard(s): ${merged.trials} trials, ${merged.lines} result lines\n`);
      if (merged.missing > 0)
        process.stderr.write(
          `note: ${merged.missing} trial(s) of the plan have no result (an interrupted shard); \`run --resume ${merged.runDir}\` runs them\n`,
        );
      const reports = await renderReports(merged.runDir);
      process.stderr.write(`reports: ${reports.mdPath}, ${reports.htmlPath}\n`);
      process.stdout.write(`${merged.runDir}\n`);
    });
}
