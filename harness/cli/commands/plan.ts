// `atomic-skills plan --dataset D [--baseline RUN] --mde 0.05`: tasks × epochs each skill needs for a
// paired comparison to detect the difference, and what the dataset detects as it is.
import type { Command } from 'commander';
import { InputError } from '../../core/errors.js';
import { SKILLS } from '../../../skills/registry.js';
import { loadDataset, loadNotes } from '../../tasks/load.js';
import { parseClusterLevel } from '../../../reports/clusters.js';
import { datasetShape, planDataset, renderPlanMarkdown } from '../../../reports/plan.js';
import { BUNDLED_DATASET, collect, positiveInt } from './shared.js';
import { parseSkills } from './run.js';

function number(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InputError(flag, flag.replace(/^--/, ''), `expected a number (got "${value}")`);
  return n;
}

/** "0.4" (every skill) or "editing=0.4", repeatable. */
export function parseRates(specs: string[] = []): Record<string, number> {
  const out: Record<string, number> = {};
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq < 0) {
      out['*'] = number('--rate', spec);
      continue;
    }
    const skill = spec.slice(0, eq).trim();
    if (!(SKILLS as readonly string[]).includes(skill))
      throw new InputError('--rate', skill, `unknown skill (one of ${SKILLS.join(', ')})`);
    out[skill] = number('--rate', spec.slice(eq + 1));
  }
  return out;
}

interface PlanFlags {
  dataset: string;
  baseline?: string;
  agent?: string;
  mde: string;
  power?: string;
  alpha?: string;
  family?: number;
  epochs?: number;
  cluster?: string;
  skills?: string;
  rate?: string[];
  agreement?: string;
  correlation?: string;
  icc?: string;
  json?: boolean;
  includeQuarantined?: boolean;
}

export function register(program: Command): void {
  program
    .command('plan')
    .description('tasks × epochs per skill needed to detect a difference with the paired design, and what the dataset detects now')
    .option('--dataset <dir>', 'dataset folder', BUNDLED_DATASET)
    .option('--baseline <run>', 'a run of the baseline config: its per-task variance and between-epoch agreement')
    .option('--agent <name>', "the baseline's agent config (when it has several)")
    .requiredOption('--mde <x>', 'difference in mean score to detect, e.g. 0.05')
    .option('--power <x>', 'wanted power (default 0.8)')
    .option('--alpha <x>', 'family-wise significance level (default 0.05)')
    .option('--family <n>', 'tests run at once, α is split over them (default: the skills planned)', positiveInt)
    .option('--epochs <n>', 'epochs for the "detectable now" column (default: the baseline’s, else 1)', positiveInt)
    .option('--cluster <level>', 'independent unit: task, instance (default) or repo')
    .option('--skills <list>', 'comma-separated skills')
    .option('--rate <x|skill=x>', 'stated mean score without a baseline (repeatable)', collect)
    .option('--agreement <x>', 'share of a trial’s variance the task decides, when it cannot be measured (default 0.5)')
    .option('--correlation <x>', 'correlation of the two configs’ per-task rates (default 0.8)')
    .option('--icc <x>', 'share of the between-task variance shared in a cluster (default: measured, else 0.1)')
    .option('--include-quarantined', "also count the tasks in the dataset's quarantine.yaml (as run does with the same flag)")
    .option('--json', 'print the plan as JSON')
    .action(async (flags: PlanFlags) => {
      const level = parseClusterLevel(flags.cluster);
      const loaded = await loadDataset(flags.dataset, { skills: parseSkills(flags.skills), includeQuarantined: flags.includeQuarantined });
      for (const line of loadNotes(loaded)) process.stderr.write(`${line}\n`);
      const { tasks } = loaded;
      if (tasks.length === 0) throw new InputError(flags.dataset, 'tasks', 'no task to plan for');
      const shape = datasetShape(
        tasks.map((t) => ({ skill: t.task.skill, hash: t.contentHash, provenance: t.task.provenance })),
        level,
      );
      const opt = (flag: string, v: string | undefined) => (v === undefined ? undefined : number(flag, v));
      const plan = await planDataset({
        dataset: shape,
        level,
        mde: number('--mde', flags.mde),
        power: opt('--power', flags.power),
        alpha: opt('--alpha', flags.alpha),
        family: flags.family,
        epochs: flags.epochs,
        baseline: flags.baseline,
        agent: flags.agent,
        rates: parseRates(flags.rate),
        agreement: opt('--agreement', flags.agreement),
        correlation: opt('--correlation', flags.correlation),
        icc: opt('--icc', flags.icc),
      });
      process.stdout.write(flags.json ? JSON.stringify(plan, null, 2) + '\n' : renderPlanMarkdown(plan) + '\n');
    });
}
