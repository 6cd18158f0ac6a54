// `atomic-skills merge`: the shard folders of one plan (run --shard i/n) become one run folder —
// run.json, results.jsonl in plan order, trajectories/, spend.jsonl — that reads like an
// unsharded run's. Shards of different plans, harness versions, sandbox images or time limits
// are refused, and so is a trial found in a shard it does not belong to: every trial is kept
// exactly once.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { InputError } from '../core/errors.js';
import { createRunDir, readResultLines, readRunMeta, trialKeyString, RESULTS_JSONL, TRAJECTORIES } from './store.js';
import { SPEND_JSONL } from './spend.js';
import { comparePlanPositions, shardMetaOf, shardOf, type ShardMeta } from './shard.js';
import type { RunMeta } from './schema.js';

export interface MergeResult {
  runDir: string;
  /** Trials with a final (not infra_error) line. */
  trials: number;
  lines: number;
  /** Trials of the plan with no final line in any shard (an interrupted shard: --resume the merged run). */
  missing: number;
}

interface Shard {
  dir: string;
  meta: RunMeta;
  shard: ShardMeta;
}

interface Line {
  text: string;
  key: string;
  position: { epoch: number; skill: string; taskId: string; agentIndex: number };
  final: boolean;
}

export async function mergeShards(
  dirs: string[],
  opts: { outDir: string; runId?: string; warn?: (m: string) => void },
): Promise<MergeResult> {
  const warn = opts.warn ?? ((m: string) => process.stderr.write(`warning: ${m}\n`));
  if (dirs.length === 0) throw new InputError('command line', 'RUN_DIR', 'give the shard folders to merge');
  const shards = await Promise.all(dirs.map(openShard));
  checkSameRun(shards);

  const lines: Line[] = [];
  for (const s of shards) lines.push(...(await shardLines(s, warn)));
  // Stable: a trial's own lines (retried infra errors, then its result) keep their order.
  lines.sort((a, b) => comparePlanPositions(a.position, b.position));

  const first = shards[0];
  const { shard: _drop, ...options } = first.meta.options as Record<string, unknown> & { shard?: unknown };
  void _drop;
  const run = await createRunDir(opts.outDir, {
    runId: opts.runId,
    harnessVersion: first.meta.harnessVersion,
    dataset: first.meta.dataset,
    agents: first.meta.agents,
    epochs: first.meta.epochs,
    options: {
      ...options,
      merged: {
        from: shards.map((s) => s.meta.runId),
        shards: first.shard.count,
        planHash: first.shard.planHash,
        planTrials: first.shard.planTrials,
      },
    },
  });
  await fs.writeFile(run.resultsPath, lines.map((l) => `${l.text}\n`).join(''));
  for (const s of shards) await copyTrajectories(path.join(s.dir, TRAJECTORIES), run.trajectoriesDir);
  await mergeSpend(shards, run.dir, warn);

  const finals = new Set(lines.filter((l) => l.final).map((l) => l.key));
  return { runDir: run.dir, trials: finals.size, lines: lines.length, missing: first.shard.planTrials - finals.size };
}

async function openShard(dir: string): Promise<Shard> {
  const abs = path.resolve(dir);
  const meta = await readRunMeta(abs);
  const shard = shardMetaOf(meta.options, path.join(abs, 'run.json'));
  if (!shard) throw new InputError(path.join(abs, 'run.json'), 'options.shard', 'not a shard (run it with --shard i/n)');
  return { dir: abs, meta, shard };
}

/** One plan, one harness, every part exactly once. */
function checkSameRun(shards: Shard[]): void {
  const [first] = shards;
  const seen = new Map<number, string>();
  for (const s of shards) {
    const file = path.join(s.dir, 'run.json');
    const differ = (field: string, what: string) =>
      new InputError(file, field, `${what} differs from ${path.join(first.dir, 'run.json')}: these are not shards of one run`);
    if (s.meta.harnessVersion !== first.meta.harnessVersion) throw differ('harnessVersion', `harness version ${s.meta.harnessVersion}`);
    if (s.shard.count !== first.shard.count) throw differ('options.shard.count', `shard count ${s.shard.count}`);
    if (s.shard.planHash !== first.shard.planHash) throw differ('options.shard.planHash', 'the trial plan (tasks, agents or epochs)');
    const agents = (m: RunMeta) => m.agents.map((a) => `${a.name}\0${a.hash}`).join('\n');
    if (agents(s.meta) !== agents(first.meta)) throw differ('agents', 'the agent list or its order');
    // What a score means depends on these too: another sandbox image or other time limits are
    // another experiment, even over the same plan. (Where the sandboxes ran may differ.)
    for (const option of ['image', 'timeoutMultiplier'] as const) {
      const [mine, theirs] = [s.meta.options[option], first.meta.options[option]];
      if (JSON.stringify(mine) !== JSON.stringify(theirs)) throw differ(`options.${option}`, `${option} ${JSON.stringify(mine)}`);
    }
    const other = seen.get(s.shard.index);
    if (other) throw new InputError(file, 'options.shard.index', `shard ${s.shard.index}/${s.shard.count} is also ${other}`);
    seen.set(s.shard.index, s.dir);
  }
  const absent = Array.from({ length: first.shard.count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (absent.length)
    throw new InputError('command line', 'RUN_DIR', `shard(s) ${absent.map((i) => `${i}/${first.shard.count}`).join(', ')} missing`);
}

/** Every line of a shard's results.jsonl as written, validated, each in the shard it belongs to. */
async function shardLines(s: Shard, warn: (m: string) => void): Promise<Line[]> {
  const file = path.join(s.dir, RESULTS_JSONL);
  const raw = (await fs.readFile(file, 'utf8')).split('\n');
  const agentIndex = new Map(s.meta.agents.map((a, i) => [a.name, i]));
  const out: Line[] = [];
  for await (const { line, record } of readResultLines(file, { onWarning: warn })) {
    const key = trialKeyString(record.key);
    const belongs = shardOf(key, s.shard.count);
    if (belongs !== s.shard.index)
      throw new InputError(file, `line ${line}`, `trial ${key} belongs to shard ${belongs}/${s.shard.count}, not ${s.shard.index}`);
    const agent = agentIndex.get(record.agent);
    if (agent === undefined) throw new InputError(file, `line ${line}: agent`, `"${record.agent}" is not an agent of this run`);
    out.push({
      text: raw[line - 1].trimEnd(),
      key,
      position: { epoch: record.epoch, skill: record.skill, taskId: record.taskId, agentIndex: agent },
      final: record.outcome !== 'infra_error',
    });
  }
  return out;
}

async function copyTrajectories(from: string, to: string): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(from);
  } catch {
    return; // a shard that ran nothing
  }
  for (const name of names) {
    try {
      await fs.copyFile(path.join(from, name), path.join(to, name), fs.constants.COPYFILE_EXCL);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST')
        throw new InputError(path.join(from, name), 'trajectory', 'another shard has a trajectory of the same name');
      throw err;
    }
  }
}

/** Every billed request of every shard (each shard's preflight included), by time. */
async function mergeSpend(shards: Shard[], dir: string, warn: (m: string) => void): Promise<void> {
  const entries: { t: string; text: string }[] = [];
  let any = false;
  for (const s of shards) {
    let text: string;
    try {
      text = await fs.readFile(path.join(s.dir, SPEND_JSONL), 'utf8');
    } catch {
      continue;
    }
    any = true;
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const { t } = JSON.parse(line) as { t?: unknown };
        entries.push({ t: typeof t === 'string' ? t : '', text: line });
      } catch {
        warn(`${path.join(s.dir, SPEND_JSONL)}: torn line left out (${line.length} chars)`);
      }
    }
  }
  if (!any) return;
  entries.sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0));
  await fs.writeFile(path.join(dir, SPEND_JSONL), entries.map((e) => `${e.text}\n`).join(''));
}
