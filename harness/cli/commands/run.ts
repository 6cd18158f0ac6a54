// `atomic-skills run`: evaluate one or more agent configurations on a dataset.
import type { Command } from 'commander';
import { SKILLS, type SkillName } from '../../../skills/registry.js';
import { InputError } from '../../core/errors.js';
import { loadAgentConfig, agentConfigFromModel, parseAgentConfig, type AgentConfig } from '../../config/agent-config.js';
import { readRunMeta } from '../../results/store.js';
import { runEvaluation } from '../../runner/run.js';
import { renderReports } from '../../../reports/index.js';
import { parseShard, shardMetaOf, type ShardSpec } from '../../results/shard.js';
import { redactText } from '../../core/secrets.js';
import type { KubernetesOptions } from '../../sandbox/kubernetes.js';
import {
  BUNDLED_DATASET,
  collect,
  placementFrom,
  placementOptions,
  positiveInt,
  positiveNumber,
  sandboxKind,
  type PlacementFlags,
} from './shared.js';

interface RunFlags extends PlacementFlags {
  dataset: string;
  skills?: string;
  filter?: string;
  limit?: number;
  includeQuarantined?: boolean;
  agent: string[];
  model: string[];
  epochs: number;
  concurrency: number;
  modelConcurrency: number;
  sandbox: 'docker' | 'kubernetes' | 'local' | 'auto';
  unsafeLocal?: boolean;
  image?: string;
  out: string;
  resume?: string;
  maxCost?: number;
  allowUnknownCost?: boolean;
  timeoutMultiplier: number;
  shard?: ShardSpec;
  /** The cluster options run.json recorded (--resume). */
  recordedKubernetes?: KubernetesOptions;
}

export function register(program: Command): void {
  const command = program
    .command('run')
    .description('run agent configurations on a dataset and write per-skill reports')
    .option('--dataset <dir>', 'dataset folder', BUNDLED_DATASET)
    .option('--skills <list>', `comma-separated skills (${SKILLS.join(', ')})`)
    .option('--filter <glob>', 'only tasks whose id matches this glob')
    .option('--limit <n>', 'at most n tasks', positiveInt)
    .option('--include-quarantined', "also run the tasks listed in the dataset's quarantine.yaml")
    .option('--agent <file>', 'agent configuration YAML (repeatable)', collect, [])
    .option('--model <id>', 'shorthand agent: oracle, noop, anthropic/<model>, openai/<model>, replay:<file> (repeatable)', collect, [])
    .option('--epochs <k>', 'repeat every trial k times', positiveInt, 1)
    .option('--concurrency <n>', 'sandboxes (trials) at once', positiveInt, 2)
    .option('--model-concurrency <n>', 'model requests in flight at once', positiveInt, 8)
    .option('--sandbox <kind>', 'docker | kubernetes | local | auto', sandboxKind, 'auto')
    .option('--unsafe-local', 'allow the local backend without bubblewrap (no isolation!)')
    .option('--image <tag>', 'sandbox image (default: the built-in recipe, built if missing)')
    .option('--out <dir>', 'where run folders are created', 'runs')
    .option('--resume <runDir>', 'finish a run: only trials without a result are run')
    .option('--max-cost <usd>', 'hard budget for the run (resumed or not): running trials stop when it is reached', positiveNumber)
    .option('--allow-unknown-cost', 'let --max-cost start although a model has no known price (its spend is not counted)')
    .option('--timeout-multiplier <x>', 'scale every task timeout', positiveNumber, 1)
    .option('--shard <i/n>', 'run only part i of n of the trial plan (split by trial key); combine the parts with `merge`', (v) =>
      parseShard(v),
    );
  placementOptions(command).action(async (flags: RunFlags, command: Command) => {
    const recorded = flags.resume ? await fillFromRun(flags, command) : [];
    const agents = await resolveAgents(flags, recorded);
    const summary = await runEvaluation({
      dataset: flags.dataset,
      skills: parseSkills(flags.skills),
      filter: flags.filter,
      limit: flags.limit,
      includeQuarantined: flags.includeQuarantined,
      agents,
      epochs: flags.epochs,
      concurrency: flags.concurrency,
      modelConcurrency: flags.modelConcurrency,
      sandbox: flags.sandbox,
      ...placementFrom(flags, flags.recordedKubernetes),
      unsafeLocal: flags.unsafeLocal,
      image: flags.image,
      outDir: flags.out,
      resume: flags.resume,
      maxCost: flags.maxCost,
      allowUnknownCost: flags.allowUnknownCost,
      timeoutMultiplier: flags.timeoutMultiplier,
      shard: flags.shard,
      afterTrials: async (runDir) => {
        const reports = await renderReports(runDir);
        process.stderr.write(`reports: ${reports.mdPath}, ${reports.htmlPath}\n`);
      },
    });
    process.stdout.write(`${summary.runDir}\n`);
    const failed = Object.entries(summary.configErrors);
    for (const [name, why] of failed) process.stderr.write(redactText(`error: configuration ${name} was stopped: ${why}\n`));
    if (summary.internalErrors)
      process.stderr.write(`error: ${summary.internalErrors} trial(s) hit a harness bug (internal_error): see the log above\n`);
    if (summary.interrupted) process.exitCode = 130;
    else if (failed.length || summary.internalErrors) process.exitCode = 1;
  });
}

/** `--resume RUN_DIR` alone repeats the run as recorded: its agents, epochs and selection. */
async function fillFromRun(flags: RunFlags, command: Command): Promise<AgentConfig[]> {
  const meta = await readRunMeta(flags.resume!);
  const fromCli = (name: string) => command.getOptionValueSource(name) === 'cli';
  const file = `${flags.resume}/run.json`;
  if (!fromCli('epochs')) flags.epochs = meta.epochs;
  if (!fromCli('dataset')) flags.dataset = meta.dataset.path;
  const o = meta.options as Record<string, unknown>;
  if (!fromCli('skills') && Array.isArray(o.skills)) flags.skills = o.skills.join(',');
  if (!fromCli('filter') && typeof o.filter === 'string') flags.filter = o.filter;
  if (!fromCli('limit') && typeof o.limit === 'number') flags.limit = o.limit;
  if (!fromCli('timeoutMultiplier') && typeof o.timeoutMultiplier === 'number') flags.timeoutMultiplier = o.timeoutMultiplier;
  if (!fromCli('shard')) flags.shard = shardMetaOf(o, file);
  // The sandboxes go where they went (a pool, a cluster) unless the command line says otherwise.
  if (!fromCli('sandbox') && o.sandbox === 'kubernetes') flags.sandbox = 'kubernetes';
  if (!fromCli('dockerHost') && !fromCli('dockerHosts') && Array.isArray(o.dockerHosts))
    flags.dockerHost = (o.dockerHosts as { url: string; capacity?: number }[]).map(
      (h) => `${h.url}${h.capacity ? `?capacity=${h.capacity}` : ''}`,
    );
  if (!fromCli('kubernetes') && o.kubernetes && typeof o.kubernetes === 'object')
    flags.recordedKubernetes = o.kubernetes as KubernetesOptions;
  // The budget is the run's: a resumed run keeps it (and its spend so far counts against it).
  if (!fromCli('maxCost') && typeof o.maxCost === 'number') flags.maxCost = o.maxCost;
  const agentsGiven = flags.agent.length > 0 || flags.model.length > 0;
  return agentsGiven ? [] : meta.agents.map((a, i) => parseAgentConfig(a.config, `${file}: agents.${i}.config`));
}

async function resolveAgents(flags: RunFlags, recorded: AgentConfig[]): Promise<AgentConfig[]> {
  const agents = [...recorded, ...flags.agent.map((file) => loadAgentConfig(file)), ...flags.model.map((m) => agentConfigFromModel(m))];
  if (agents.length === 0)
    throw new InputError('command line', '--agent/--model', 'give at least one --agent FILE or --model ID (e.g. --model oracle)');
  return agents;
}

export function parseSkills(list: string | undefined): SkillName[] | undefined {
  if (!list) return undefined;
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!(SKILLS as readonly string[]).includes(name))
      throw new InputError('command line', '--skills', `unknown skill "${name}" (known: ${SKILLS.join(', ')})`);
  }
  return names as SkillName[];
}
