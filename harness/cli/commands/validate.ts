// `atomic-skills validate`: oracle must score 1 and noop 0 on every task, run after run.
import type { Command } from 'commander';
import { validateDataset } from '../../runner/validate.js';
import { BUNDLED_DATASET, positiveInt, sandboxKind } from './shared.js';
import { parseSkills } from './run.js';

export function register(program: Command): void {
  program
    .command('validate')
    .description('check a dataset: oracle scores 1 and noop scores 0 on every task, every time')
    .option('--dataset <dir>', 'dataset folder', BUNDLED_DATASET)
    .option('--repeat <n>', 'runs per task and agent', positiveInt, 1)
    .option('--skills <list>', 'comma-separated skills')
    .option('--filter <glob>', 'only tasks whose id matches this glob')
    .option('--concurrency <n>', 'sandboxes at once', positiveInt, 2)
    .option('--sandbox <kind>', 'docker | local | auto', sandboxKind, 'auto')
    .option('--unsafe-local', 'allow the local backend without bubblewrap')
    .option('--image <tag>', 'sandbox image')
    .option('--no-quarantine', "do not write the verdicts to the dataset's quarantine.yaml")
    .action(async (flags) => {
      const results = await validateDataset({ ...flags, skills: parseSkills(flags.skills) });
      const width = Math.max(...results.map((r) => r.id.length), 4);
      for (const r of results) {
        process.stdout.write(
          `${r.verdict.padEnd(8)}${r.id.padEnd(width + 2)}${r.skill.padEnd(17)}oracle ${fmt(r.oracle)}  noop ${fmt(r.noop)}\n`,
        );
        if (r.reason) process.stdout.write(`          reason: ${r.reason}\n`);
        for (const p of r.problems) process.stdout.write(`          ${p}\n`);
      }
      const counts = { valid: 0, invalid: 0, flaky: 0, unchecked: 0 };
      for (const r of results) counts[r.verdict]++;
      const skills = new Set(results.map((r) => r.skill)).size;
      process.stdout.write(
        `\n${results.length} tasks across ${skills} skills: ${counts.valid} valid, ${counts.invalid} invalid, ${counts.flaky} flaky` +
          `${counts.unchecked ? `, ${counts.unchecked} unchecked (infrastructure errors: run validate again)` : ''}\n`,
      );
      if (flags.quarantine !== false && counts.invalid + counts.flaky > 0) {
        process.stdout.write(`${counts.invalid + counts.flaky} task(s) quarantined in ${flags.dataset}/quarantine.yaml (run skips them)\n`);
      }
      if (counts.valid !== results.length || results.length === 0) process.exitCode = 1;
    });
}

function fmt(scores: (number | null)[]): string {
  return `[${scores.map((s) => (s === null ? 'err' : String(s))).join(',')}]`;
}
