// `atomic-skills synthesize`: turn a repository with a passing test suite into a dataset of
// validated tasks for the five skills (docs/synthesis.md).
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { InputError } from '../../core/errors.js';
import { SYNTH_SKILLS, type SynthSkill } from '../../sources/synth/drafts.js';
import { synthesize, type SynthesizeOptions } from '../../sources/synth/index.js';
import { parseSkills } from './run.js';
import { positiveInt, positiveNumber, sandboxKind } from './shared.js';

type SynthFlags = Omit<SynthesizeOptions, 'skills' | 'log' | 'onFirstRuns' | 'surveyTimeoutSeconds' | 'testTimeoutSeconds'> & {
  skills?: string;
  surveyTimeout: number;
  testTimeout?: number;
};

function language(value: string): 'python' | 'javascript' | 'typescript' {
  if (value === 'python' || value === 'javascript' || value === 'typescript') return value;
  throw new InvalidArgumentError('expected python, javascript or typescript');
}

/** --skills: registered skills that synthesis can derive (all of them by default). */
function synthSkills(list: string | undefined): SynthSkill[] {
  const names = parseSkills(list) ?? SYNTH_SKILLS;
  const other = names.find((n) => !(SYNTH_SKILLS as string[]).includes(n));
  if (other)
    throw new InputError('command line', '--skills', `synthesis has no derivation for "${other}" (it makes: ${SYNTH_SKILLS.join(', ')})`);
  return names as SynthSkill[];
}

function share(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('expected a number from 0 to 1');
  return n;
}

function seed(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new InvalidArgumentError('expected an integer from 0 to 4294967295');
  return n;
}

export function register(program: Command): void {
  program
    .command('synthesize')
    .description('make validated tasks for every skill from a repository whose test suite passes')
    .requiredOption('--repo <path>', 'the repository (a git checkout, or a plain folder)')
    .option('--commit <rev>', 'commit to use (git checkouts; default HEAD)')
    .option('--language <lang>', 'python | javascript | typescript (default: from the test files)', language)
    .option('--skills <list>', `comma-separated skills (${SYNTH_SKILLS.join(', ')}; default all)`)
    .option('--max-tasks <n>', 'at most n tasks per skill, sampled across difficulty', positiveInt, 50)
    .option('--seed <n>', 'seed of every choice (same repo, commit and seed: same bytes)', seed, 1)
    .requiredOption('--out <dir>', 'dataset folder to create (must not exist or be empty)')
    .option('--name <name>', 'repository name used in the dataset and task ids (default: the folder name)')
    .option('--sandbox <kind>', 'docker | local | auto', sandboxKind, 'auto')
    .option('--image <tag>', 'sandbox image (default: the built-in recipe); with an environment image, its base')
    .option(
      '--setup <file>',
      'setup step of the environment image: a shell script (*.sh, run as root in /testbed) or Dockerfile lines (*.dockerfile)',
    )
    .option('--no-python-path', 'Python: do not make the repository importable the way an install would (offline)')
    .option('--sandboxes <n>', 'sandboxes validating bugs at once', positiveInt, 2)
    .option('--max-fail-share <x>', 'discard bugs failing more than this share of the suite', share, 0.5)
    .option('--composite-share <x>', 'composite (multi-mutation) bugs, as a share of --max-tasks', share, 0.25)
    .option('--max-candidates <n>', 'stop after validating this many candidate bugs', positiveInt)
    .option('--survey-timeout <s>', 'seconds the suite may take in the survey', positiveNumber, 1800)
    .option('--test-timeout <s>', "seconds one bug's test run may take (default: 3x the suite, at least 30)", positiveNumber)
    .option('--writer <agent.yaml>', 'agent configuration of a model that rewrites the task texts (off by default)')
    .action(async (flags: SynthFlags) => {
      const { skills, surveyTimeout, testTimeout, ...rest } = flags;
      const summary = await synthesize({
        ...rest,
        skills: synthSkills(skills),
        surveyTimeoutSeconds: surveyTimeout,
        testTimeoutSeconds: testTimeout,
        log: (line) => process.stderr.write(`${line}\n`),
      });
      const cpu = summary.cpuSeconds.sandboxes === null ? null : summary.cpuSeconds.sandboxes + summary.cpuSeconds.host;
      const tasks = Object.values(summary.counts).reduce((a, b) => a + b, 0);
      process.stderr.write(
        `synthesize: ${summary.seconds.total.toFixed(0)} s (survey ${summary.seconds.survey.toFixed(0)} s, validation ${summary.seconds.validation.toFixed(0)} s), ` +
          `${summary.runs.first} + ${summary.runs.confirm} test runs` +
          (cpu ? `, ${cpu.toFixed(0)} CPU-s (${(tasks / (cpu / 60)).toFixed(1)} tasks per CPU-minute)` : '') +
          '\n',
      );
      process.stdout.write(`${summary.out}\n`);
    });
}
