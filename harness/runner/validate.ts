// `validate`: every task must give oracle = 1 and noop = 0, every time. A task that does
// sometimes and not other times is flaky; one that never does is invalid.
import PQueue from 'p-queue';
import type { LoadedTask, SkillName } from '../core/task.js';
import type { TrialRecord } from '../core/results.js';
import { loadDataset } from '../tasks/load.js';
import { agentConfigFromModel, agentConfigHash } from '../config/agent-config.js';
import { TrackingBackend } from './tracking-backend.js';
import { openSandboxes } from './sandboxes.js';
import { runTrial, type AgentUnderTest } from './trial.js';

export type Verdict = 'valid' | 'invalid' | 'flaky';

export interface TaskValidation {
  id: string;
  skill: SkillName;
  verdict: Verdict;
  oracle: (number | null)[];
  noop: (number | null)[];
  problems: string[];
}

export interface ValidateOptions {
  dataset: string;
  repeat: number;
  concurrency: number;
  sandbox: 'docker' | 'local' | 'auto';
  unsafeLocal?: boolean;
  image?: string;
  skills?: SkillName[];
  filter?: string;
  log?: (message: string) => void;
}

export async function validateDataset(opts: ValidateOptions): Promise<TaskValidation[]> {
  const log = opts.log ?? ((m: string) => process.stderr.write(m + '\n'));
  const { tasks } = await loadDataset(opts.dataset, { skills: opts.skills, filter: opts.filter });
  const { backend: inner, image } = await openSandboxes({ kind: opts.sandbox, unsafeLocal: opts.unsafeLocal, image: opts.image, log });
  const backend = new TrackingBackend(inner, { 'io.atomic-skills.run': `validate-${process.pid}` });
  const agents = ['oracle', 'noop'].map((m): AgentUnderTest => {
    const config = agentConfigFromModel(m);
    return { config, hash: agentConfigHash(config) };
  });
  const queue = new PQueue({ concurrency: opts.concurrency });
  const modelQueue = new PQueue({ concurrency: 64 });
  const abort = new AbortController();
  const results = new Map<string, { oracle: TrialRecord[]; noop: TrialRecord[] }>(tasks.map((t) => [t.task.id, { oracle: [], noop: [] }]));
  // Used sandboxes are destroyed in the background; the last ones are awaited at the end.
  const cleanups: Promise<void>[] = [];
  const background = (work: Promise<void>) => void cleanups.push(work.catch((e: unknown) => log(`sandbox teardown failed: ${String(e)}`)));
  let done = 0;
  const total = tasks.length * opts.repeat * agents.length;
  try {
    await Promise.all(
      tasks.flatMap((loaded: LoadedTask) =>
        agents.flatMap((agent) =>
          Array.from({ length: opts.repeat }, (_, i) =>
            queue.add(async () => {
              const record = await runTrial(loaded, agent, i + 1, {
                backend,
                image,
                modelQueue,
                timeoutMultiplier: 1,
                signal: abort.signal,
                maxAttempts: 2,
                retryBaseMs: 1000,
                warn: log,
                background,
              });
              results.get(loaded.task.id)![agent.config.model as 'oracle' | 'noop'].push(record);
              done++;
              if (record.outcome !== 'scored' || (agent.config.model === 'oracle') !== Boolean(record.pass)) {
                log(`[${done}/${total}] ${loaded.task.id} ${agent.config.model}: ${describe(record)}`);
              }
            }),
          ),
        ),
      ),
    );
  } finally {
    await Promise.all(cleanups);
    await backend.destroyAll();
  }
  return tasks.map((t) => judge(t, results.get(t.task.id)!));
}

function judge(loaded: LoadedTask, r: { oracle: TrialRecord[]; noop: TrialRecord[] }): TaskValidation {
  const oracleOk = r.oracle.map((x) => x.outcome === 'scored' && x.score === 1 && x.pass === true);
  const noopOk = r.noop.map((x) => x.outcome === 'scored' && x.score === 0 && x.pass === false);
  const oks = [...oracleOk, ...noopOk];
  const problems = [...r.oracle, ...r.noop].filter((x, i) => !oks[i]).map((x) => `${x.model} epoch ${x.epoch}: ${describe(x)}`);
  // Consistently wrong is invalid; right only some of the time is flaky.
  const oracleConsistent = oracleOk.every((v) => v === oracleOk[0]);
  const noopConsistent = noopOk.every((v) => v === noopOk[0]);
  const verdict: Verdict = oks.every(Boolean) ? 'valid' : oracleConsistent && noopConsistent ? 'invalid' : 'flaky';
  return {
    id: loaded.task.id,
    skill: loaded.task.skill,
    verdict,
    oracle: r.oracle.map((x) => x.score),
    noop: r.noop.map((x) => x.score),
    problems,
  };
}

function describe(r: TrialRecord): string {
  if (r.outcome !== 'scored') return `${r.outcome}: ${r.error?.message ?? ''}`;
  const reason = typeof r.details.reason === 'string' ? ` (${r.details.reason})` : '';
  return `score ${r.score}${reason}`;
}
