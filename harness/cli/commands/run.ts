// `atomic-skills run`: evaluate one or more agent configurations on a dataset.
import type { Command } from 'commander';
import { SKILLS, type SkillName } from '../../core/task.js';
import { InputError } from '../../core/errors.js';
import { loadAgentConfig, agentConfigFromModel, type AgentConfig } from '../../config/agent-config.js';
import { runEvaluation } from '../../runner/run.js';
import { BUNDLED_DATASET, collect, positiveInt, positiveNumber, sandboxKind } from './shared.js';

interface RunFlags {
  dataset: string;
  skills?: string;
  filter?: string;
  limit?: number;
  agent: string[];
  model: string[];
  epochs: number;
  concurrency: number;
  modelConcurrency: number;
  sandbox: 'docker' | 'local' | 'auto';
  unsafeLocal?: boolean;
  image?: string;
  out: string;
  resume?: string;
  maxCost?: number;
  timeoutMultiplier: number;
}

export function register(program: Command): void {
  program
    .command('run')
    .description('run agent configurations on a dataset and write per-skill reports')
    .option('--dataset <dir>', 'dataset folder', BUNDLED_DATASET)
    .option('--skills <list>', `comma-separated skills (${SKILLS.join(', ')})`)
    .option('--filter <glob>', 'only tasks whose id matches this glob')
    .option('--limit <n>', 'at most n tasks', positiveInt)
    .option('--agent <file>', 'agent configuration YAML (repeatable)', collect, [])
    .option('--model <id>', 'shorthand agent: oracle, noop, anthropic/<model>, openai/<model>, replay:<file> (repeatable)', collect, [])
    .option('--epochs <k>', 'repeat every trial k times', positiveInt, 1)
    .option('--concurrency <n>', 'sandboxes (trials) at once', positiveInt, 2)
    .option('--model-concurrency <n>', 'model requests in flight at once', positiveInt, 8)
    .option('--sandbox <kind>', 'docker | local | auto', sandboxKind, 'auto')
    .option('--unsafe-local', 'allow the local backend without bubblewrap (no isolation!)')
    .option('--image <tag>', 'sandbox image (default: the built-in recipe, built if missing)')
    .option('--out <dir>', 'where run folders are created', 'runs')
    .option('--resume <runDir>', 'finish a run: only trials without a result are run')
    .option('--max-cost <usd>', 'stop starting trials once the run has cost this much', positiveNumber)
    .option('--timeout-multiplier <x>', 'scale every task timeout', positiveNumber, 1)
    .action(async (flags: RunFlags) => {
      const agents = await resolveAgents(flags);
      const summary = await runEvaluation({
        dataset: flags.dataset,
        skills: parseSkills(flags.skills),
        filter: flags.filter,
        limit: flags.limit,
        agents,
        epochs: flags.epochs,
        concurrency: flags.concurrency,
        modelConcurrency: flags.modelConcurrency,
        sandbox: flags.sandbox,
        unsafeLocal: flags.unsafeLocal,
        image: flags.image,
        outDir: flags.out,
        resume: flags.resume,
        maxCost: flags.maxCost,
        timeoutMultiplier: flags.timeoutMultiplier,
      });
      process.stdout.write(`${summary.runDir}\n`);
      if (summary.interrupted) process.exitCode = 130;
    });
}

async function resolveAgents(flags: RunFlags): Promise<AgentConfig[]> {
  const agents = [...(await Promise.all(flags.agent.map((file) => loadAgentConfig(file)))), ...flags.model.map((m) => agentConfigFromModel(m))];
  if (agents.length === 0) throw new InputError('command line', '--agent/--model', 'give at least one --agent FILE or --model ID (e.g. --model oracle)');
  return agents;
}

export function parseSkills(list: string | undefined): SkillName[] | undefined {
  if (!list) return undefined;
  const names = list.split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of names) {
    if (!(SKILLS as readonly string[]).includes(name)) throw new InputError('command line', '--skills', `unknown skill "${name}" (known: ${SKILLS.join(', ')})`);
  }
  return names as SkillName[];
}
