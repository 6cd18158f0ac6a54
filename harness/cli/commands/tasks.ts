// `atomic-skills tasks list|show`: what a dataset holds, and one task as the agent sees it.
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { loadDataset, loadNotes } from '../../tasks/load.js';
import { getSkill } from '../../../skills/registry.js';
import { InputError } from '../../core/errors.js';
import { BUNDLED_DATASET } from './shared.js';
import { parseSkills } from './run.js';

export function register(program: Command): void {
  const tasks = program.command('tasks').description('list the tasks of a dataset, or show one');
  tasks
    .command('list')
    .description('tasks per skill and language, then one line per task')
    .option('--dataset <dir>', 'dataset folder', BUNDLED_DATASET)
    .option('--skills <list>', 'comma-separated skills')
    .option('--filter <glob>', 'only tasks whose id matches this glob')
    .option('--json', 'print JSON')
    .option('--include-quarantined', "also list the tasks in the dataset's quarantine.yaml")
    .action(async (flags) => {
      const result = await loadDataset(flags.dataset, {
        skills: parseSkills(flags.skills),
        filter: flags.filter,
        includeQuarantined: flags.includeQuarantined,
      });
      for (const line of loadNotes(result)) process.stderr.write(`${line}\n`);
      const loaded = result.tasks;
      const rows = loaded.map((t) => ({ id: t.task.id, skill: t.task.skill, language: t.task.language, hash: t.contentHash.slice(0, 12) }));
      if (flags.json) return void process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
      const counts = new Map<string, Map<string, number>>();
      for (const r of rows) {
        const bySkill = counts.get(r.skill) ?? new Map<string, number>();
        bySkill.set(r.language, (bySkill.get(r.language) ?? 0) + 1);
        counts.set(r.skill, bySkill);
      }
      const languages = [...new Set(rows.map((r) => r.language))].sort();
      process.stdout.write(['skill'.padEnd(17), ...languages.map((l) => l.padStart(12)), 'total'.padStart(8)].join('') + '\n');
      for (const [skill, bySkill] of [...counts].sort()) {
        const total = [...bySkill.values()].reduce((a, b) => a + b, 0);
        process.stdout.write(
          [skill.padEnd(17), ...languages.map((l) => String(bySkill.get(l) ?? 0).padStart(12)), String(total).padStart(8)].join('') + '\n',
        );
      }
      process.stdout.write(`${rows.length} tasks\n\n`);
      for (const r of rows) process.stdout.write(`${r.id.padEnd(32)} ${r.skill.padEnd(16)} ${r.language.padEnd(11)} ${r.hash}\n`);
    });
  tasks
    .command('show <id>')
    .description("a task's fields and the prompt the agent receives")
    .option('--dataset <dir>', 'dataset folder', BUNDLED_DATASET)
    .action(async (id: string, flags) => {
      const result = await loadDataset(flags.dataset, { filter: id, includeQuarantined: true });
      const found = result.tasks.find((t) => t.task.id === id);
      if (!found && result.problems.length) throw result.problems[0];
      if (!found) throw new InputError(flags.dataset, 'id', `no task "${id}" (see \`atomic-skills tasks list\`)`);
      process.stdout.write(
        `# ${found.dir}\n# content hash ${found.contentHash}\n${stringify(found.task, { blockQuote: 'literal', lineWidth: 0 })}\n`,
      );
      process.stdout.write(`--- prompt the agent receives ---\n${getSkill(found.task.skill).prompt(found)}\n`);
    });
}
