// `atomic-skills gate --baseline X --candidate Y`: exit 0 when the candidate holds, 1 on a
// regression, 2 on unusable input (the message names the file and field).
import type { Command } from 'commander';
import { InputError } from '../../core/errors.js';
import { SKILLS } from '../../../skills/registry.js';
import { gate, type GateOptions } from '../../../reports/gate.js';
import { parseClusterLevel } from '../../../reports/clusters.js';

export const EXIT_HOLDS = 0;
export const EXIT_REGRESSION = 1;
export const EXIT_BAD_INPUT = 2;

/** "editing=0.5" → ["editing", 0.5]; InputError for anything else. */
export function parseMin(spec: string): [string, number] {
  const m = /^([A-Za-z-]+)=([0-9]*\.?[0-9]+)$/.exec(spec.trim());
  if (!m) throw new InputError('--min', spec, 'expected SKILL=VALUE, e.g. editing=0.5');
  if (!(SKILLS as readonly string[]).includes(m[1])) throw new InputError('--min', m[1], `unknown skill (one of ${SKILLS.join(', ')})`);
  const v = Number(m[2]);
  if (!(v >= 0 && v <= 1)) throw new InputError('--min', m[1], `must be in [0, 1] (got ${m[2]})`);
  return [m[1], v];
}

/** Runs the gate and returns the exit code; prints the verdict (stdout) or the input error (stderr). */
export async function runGate(
  opts: Omit<GateOptions, 'mins' | 'cluster'> & { min?: string[]; cluster?: string },
  io: { out: (s: string) => void; err: (s: string) => void } = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) },
): Promise<number> {
  try {
    const mins: Record<string, number> = {};
    for (const spec of opts.min ?? []) {
      const [skill, v] = parseMin(spec);
      mins[skill] = v;
    }
    const cluster = opts.cluster === undefined ? undefined : parseClusterLevel(opts.cluster);
    const verdict = await gate({ ...opts, mins, cluster });
    io.out(verdict.markdown + '\n');
    return verdict.ok ? EXIT_HOLDS : EXIT_REGRESSION;
  } catch (err) {
    if (err instanceof InputError) {
      io.err(`error: ${err.message}\n`);
      return EXIT_BAD_INPUT;
    }
    const e = err as NodeJS.ErrnoException;
    if (e && typeof e.code === 'string' && e.path) {
      io.err(`error: ${e.path}: ${e.message}\n`);
      return EXIT_BAD_INPUT;
    }
    throw err;
  }
}

interface GateFlags {
  baseline: string;
  candidate: string;
  maxDrop?: number;
  min?: string[];
  config?: string;
  agent?: string;
  cluster?: string;
}

export function register(program: Command): void {
  program
    .command('gate')
    .description('exit 0 if the candidate run holds against the baseline, 1 on a regression, 2 on unusable input')
    .requiredOption('--baseline <path>', 'baseline run directory or summary.json')
    .requiredOption('--candidate <dir>', 'candidate run directory')
    .option('--max-drop <x>', 'largest tolerated drop in a skill mean (default 0.05)', parseFloat)
    .option('--min <skill=value...>', 'minimum mean score for a skill (repeatable)')
    .option('--config <gate.yaml>', 'gate config: max_drop, alpha, agent, cluster, mins')
    .option('--agent <name>', 'agent config to gate')
    .option('--cluster <level>', 'independent unit of the statistics: task, instance (default) or repo')
    .action(async (flags: GateFlags) => {
      if (flags.maxDrop !== undefined && !Number.isFinite(flags.maxDrop)) {
        process.stderr.write('error: --max-drop: expected a number\n');
        process.exitCode = EXIT_BAD_INPUT;
        return;
      }
      process.exitCode = await runGate(flags);
    });
}
