// `validate`: every task must give oracle = 1 and noop = 0, every time. A task that does
// sometimes and not other times is flaky; one that never does is invalid. Both are quarantined
// (quarantine.yaml) with a reason naming what went wrong, e.g. the tests that failed.
import PQueue from 'p-queue';
import type { LoadedTask } from '../core/task.js';
import type { SkillName } from '../../skills/registry.js';
import type { TrialRecord } from '../core/results.js';
import { loadDataset, loadNotes } from '../tasks/load.js';
import { updateQuarantine, type QuarantineEntry } from '../tasks/quarantine.js';
import { agentConfigFromModel, agentConfigHash } from '../config/agent-config.js';
import { TrackingBackend } from './tracking-backend.js';
import { openSandboxes } from './sandboxes.js';
import { runTrial, type AgentUnderTest } from './trial.js';

/** `unchecked`: infrastructure failed (not the task's environment) — no verdict, not quarantined. */
export type Verdict = 'valid' | 'invalid' | 'flaky' | 'unchecked';

export interface TaskValidation {
  id: string;
  skill: string;
  verdict: Verdict;
  oracle: (number | null)[];
  noop: (number | null)[];
  problems: string[];
  /** One line a person can check: why the task is not valid (absent when valid). */
  reason?: string;
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
  /** Write the verdicts to the dataset's quarantine.yaml (default true). */
  quarantine?: boolean;
  log?: (message: string) => void;
}

export async function validateDataset(opts: ValidateOptions): Promise<TaskValidation[]> {
  const log = opts.log ?? ((m: string) => process.stderr.write(m + '\n'));
  // Quarantined tasks are checked again: a fixed task leaves the list.
  const loadedSet = await loadDataset(opts.dataset, { skills: opts.skills, filter: opts.filter, includeQuarantined: true });
  const { tasks } = loadedSet;
  for (const line of loadNotes(loadedSet)) log(line);
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
  const verdicts = tasks.map((t) => judge(t, results.get(t.task.id)!));
  if (opts.quarantine !== false) {
    const entries: QuarantineEntry[] = verdicts
      .filter((v) => v.verdict === 'invalid' || v.verdict === 'flaky')
      .map((v) => ({ id: v.id, reason: v.reason ?? v.verdict, details: v.problems }));
    // An unchecked task keeps whatever entry it had: infrastructure said nothing about it.
    await updateQuarantine(
      opts.dataset,
      verdicts.filter((v) => v.verdict !== 'unchecked').map((v) => v.id),
      entries,
    );
  }
  return verdicts;
}

/** The verdict on one task from its oracle and noop trials (exported for tests). */
export function judge(loaded: Pick<LoadedTask, 'task'>, r: { oracle: TrialRecord[]; noop: TrialRecord[] }): TaskValidation {
  const oracleOk = r.oracle.map((x) => x.outcome === 'scored' && x.score === 1 && x.pass === true);
  const noopOk = r.noop.map((x) => x.outcome === 'scored' && x.score === 0 && x.pass === false);
  const oks = [...oracleOk, ...noopOk];
  const problems = [...r.oracle, ...r.noop].filter((x, i) => !oks[i]).map((x) => `${x.model} epoch ${x.epoch}: ${describe(x)}`);
  // Consistently wrong is invalid; right only some of the time is flaky.
  const oracleConsistent = oracleOk.every((v) => v === oracleOk[0]);
  const noopConsistent = noopOk.every((v) => v === noopOk[0]);
  const infra = [...r.oracle, ...r.noop].some((x) => x.outcome === 'infra_error' && x.error?.kind !== 'environment');
  const verdict: Verdict = oks.every(Boolean) ? 'valid' : infra ? 'unchecked' : oracleConsistent && noopConsistent ? 'invalid' : 'flaky';
  return {
    id: loaded.task.id,
    skill: loaded.task.skill,
    verdict,
    oracle: r.oracle.map((x) => x.score),
    noop: r.noop.map((x) => x.score),
    problems,
    ...(verdict === 'valid' || verdict === 'unchecked' ? {} : { reason: quarantineReason(verdict, r, oracleOk, noopOk) }),
  };
}

/** The one line a quarantine entry gives: which agent failed how often, why, and — for flaky
 * tasks — the tests whose status changed from run to run. */
function quarantineReason(
  verdict: Verdict,
  r: { oracle: TrialRecord[]; noop: TrialRecord[] },
  oracleOk: boolean[],
  noopOk: boolean[],
): string {
  const parts: string[] = [];
  for (const [who, records, ok] of [
    ['oracle', r.oracle, oracleOk],
    ['noop', r.noop, noopOk],
  ] as const) {
    const bad = records.filter((_, i) => !ok[i]);
    if (!bad.length) continue;
    const expect = who === 'oracle' ? 1 : 0;
    // One line: a build log or a traceback stays in the entry's details.
    const why = describe(bad[0]).split('\n')[0].slice(0, 400);
    parts.push(`${who} did not score ${expect} in ${bad.length} of ${records.length} run(s): ${why}${failingTests(bad[0])}`);
  }
  if (verdict === 'flaky') {
    const varying = flakyTests([...r.oracle, ...r.noop]);
    parts.unshift(`flaky${varying.length ? ` (tests whose result changed between runs: ${varying.join(', ')})` : ''}`);
  }
  return parts.join('; ');
}

/** Maps of test id → status in a record's details (e.g. fail_to_pass, pass_to_pass). */
function testStatuses(rec: TrialRecord): Map<string, string> {
  const out = new Map<string, string>();
  for (const value of Object.values(rec.details)) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) continue;
    for (const [id, status] of Object.entries(value as Record<string, unknown>)) {
      if (id.includes('::') && typeof status === 'string') out.set(id, status);
    }
  }
  return out;
}

function failingTests(rec: TrialRecord): string {
  const bad = [...testStatuses(rec)].filter(([, s]) => s !== 'passed');
  if (!bad.length) return '';
  const shown = bad.slice(0, 5).map(([id, s]) => `${id} ${s}`);
  return ` [${shown.join(', ')}${bad.length > 5 ? `, and ${bad.length - 5} more` : ''}]`;
}

/** Test ids reported with different statuses by runs of the same agent. */
function flakyTests(records: TrialRecord[]): string[] {
  const seen = new Map<string, Set<string>>();
  for (const rec of records) {
    for (const [id, s] of testStatuses(rec)) {
      const key = `${rec.model}\0${id}`;
      const set = seen.get(key) ?? new Set<string>();
      set.add(s);
      seen.set(key, set);
    }
  }
  return [...new Set([...seen].filter(([, v]) => v.size > 1).map(([k]) => k.split('\0')[1]))].sort();
}

function describe(r: TrialRecord): string {
  if (r.outcome !== 'scored') return `${r.outcome}: ${r.error?.message ?? ''}`;
  const reason = typeof r.details.reason === 'string' ? ` (${r.details.reason})` : '';
  return `score ${r.score}${reason}`;
}
