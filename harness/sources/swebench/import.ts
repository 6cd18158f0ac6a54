// `atomic-skills import swebench`: a SWE-bench-format file → a dataset folder. Each record is read,
// checked and turned into a Bug; the five skills are derived (statically, or by running tests in
// the instance's environment); tasks are written; a report says how many records became how many
// tasks per skill and why each skipped one was skipped. One bad record never stops the others.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import PQueue from 'p-queue';
import picomatch from 'picomatch';
import { SKILLS, type SkillName } from '../../../skills/registry.js';
import { allIds, deriveBug, isSkipped, writeTask, type Derived } from '../derive/index.js';
import type { ProbeContext } from '../derive/probe.js';
import { bugOf, environmentOf, type EnvironmentChoice, type TestChoice } from './bug.js';
import { readInstances } from './read.js';
import { diskFullHint, isDiskFull } from '../../environments/disk.js';
import { parsePatch } from '../../../skills/shared/patch.js';

export interface ImportOptions {
  file: string;
  out: string;
  environment: EnvironmentChoice;
  tests: TestChoice;
  skills?: SkillName[];
  hints?: boolean;
  /** Only instances whose id matches (glob). */
  filter?: string;
  limit?: number;
  /** Run tests in sandboxes (calibration, review, test generation); absent = static only. */
  run?: ProbeContext;
  noCalibrate?: boolean;
  /** Instances derived at once when running tests. */
  concurrency?: number;
  log?: (line: string) => void;
}

export interface ImportedInstance {
  instance: string;
  where: string;
  tasks: Array<{ skill: SkillName; id: string }>;
  skipped: Array<{ skill: SkillName; id: string; reason: string }>;
  dropped?: unknown;
}

export interface ImportReport {
  file: string;
  records: number;
  errors: Array<{ where: string; field: string; message: string }>;
  instances: ImportedInstance[];
  tasksPerSkill: Record<string, number>;
  skippedPerSkill: Record<string, number>;
}

export const REPORT_FILE = 'import-report.json';

export async function importSwebench(opts: ImportOptions): Promise<ImportReport> {
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const skills = opts.skills ?? [...SKILLS];
  const out = path.resolve(opts.out);
  await fs.mkdir(path.join(out, 'tasks'), { recursive: true });
  const keep = opts.filter ? picomatch(opts.filter) : () => true;
  const report: ImportReport = { file: opts.file, records: 0, errors: [], instances: [], tasksPerSkill: {}, skippedPerSkill: {} };
  const idBases = new Set<string>();
  // Without sandboxes an instance is file writes only: several at once overlap them.
  const queue = new PQueue({ concurrency: opts.run ? (opts.concurrency ?? 2) : 16 });
  const pending: Promise<void>[] = [];
  let selected = 0;

  for await (const item of readInstances(opts.file)) {
    report.records++;
    if ('error' in item) {
      report.errors.push({ where: item.where, field: item.error.field, message: item.error.message });
      log(`skipped ${item.error.message}`);
      continue;
    }
    const inst = item.instance;
    if (!keep(inst.instance_id)) continue;
    if (opts.limit !== undefined && selected >= opts.limit) break;
    selected++;
    const env = environmentOf(inst, opts.environment);
    if ('error' in env) {
      report.errors.push({ where: item.where, field: 'repo', message: `${item.where}: ${inst.instance_id}: ${env.error}` });
      log(`skipped ${item.where}: ${inst.instance_id}: ${env.error}`);
      continue;
    }
    let idBase = inst.instance_id;
    for (let n = 2; idBases.has(idBase.toLowerCase()); n++) idBase = `${inst.instance_id}-${n}`;
    idBases.add(idBase.toLowerCase());
    const bug = bugOf(inst, idBase, env, opts.tests);
    const entry: ImportedInstance = { instance: inst.instance_id, where: item.where, tasks: [], skipped: [] };
    report.instances.push(entry);
    const unsupported = unsupportedReason(inst.patch);
    const work = async () => {
      if (unsupported) {
        for (const x of allIds(bug).filter((y) => skills.includes(y.skill))) entry.skipped.push({ ...x, reason: unsupported });
        return;
      }
      const result = await deriveBug(bug, { skills, hints: opts.hints, run: opts.run, noCalibrate: opts.noCalibrate });
      try {
        await writeAll(out, result.bug, result.derived, entry);
      } catch (e) {
        // A full disk stops the import with a message that says so (each task folder appears by
        // an atomic rename: nothing half-written is left behind).
        if (isDiskFull(e)) throw new Error(`writing the tasks of ${inst.instance_id} into ${out} failed${diskFullHint(e)}`, { cause: e });
        throw e;
      }
      if (result.calibration?.dropped.length) entry.dropped = result.calibration.dropped;
      if (opts.run) log(`${inst.instance_id}: ${entry.tasks.length} task(s), ${entry.skipped.length} skipped`);
    };
    // Static imports run in order (cheap); with tests, a few instances at once. Back-pressure
    // keeps a long file from queueing every record in memory.
    pending.push(queue.add(work));
    if (queue.size > 64) await queue.onSizeLessThan(32);
  }
  await Promise.all(pending);
  for (const inst of report.instances) {
    for (const t of inst.tasks) report.tasksPerSkill[t.skill] = (report.tasksPerSkill[t.skill] ?? 0) + 1;
    for (const t of inst.skipped) report.skippedPerSkill[t.skill] = (report.skippedPerSkill[t.skill] ?? 0) + 1;
  }
  report.instances.sort((a, b) => a.instance.localeCompare(b.instance));
  await fs.writeFile(path.join(out, REPORT_FILE), JSON.stringify(report, null, 2) + '\n');
  return report;
}

/** Only Python repositories tested with pytest are derived; others are skipped with this reason. */
function unsupportedReason(patch: string): string | undefined {
  const files = parsePatch(patch).map((f) => f.newPath ?? f.oldPath ?? '');
  if (files.some((f) => f.endsWith('.py'))) return undefined;
  return `the fix changes no Python file (${files.slice(0, 3).join(', ')}): only Python repositories tested with pytest are imported`;
}

/** Writes the derived tasks; removes the folders of skipped ones (left from an earlier import). */
async function writeAll(out: string, bug: Parameters<typeof writeTask>[1], derived: Derived[], entry: ImportedInstance): Promise<void> {
  for (const d of derived) {
    if (isSkipped(d)) {
      entry.skipped.push({ skill: d.skill, id: d.id, reason: d.reason });
      await fs.rm(path.join(out, 'tasks', d.skill, d.id), { recursive: true, force: true });
      continue;
    }
    // Test generation starts from the fixed code: the fix is its base patch (an injected bug's
    // environment already is the fixed code).
    const basePatch = d.skill === 'test-generation' ? (bug.basePatch ? null : bug.goldPatch) : undefined;
    await writeTask(out, bug, d, { basePatch });
    entry.tasks.push({ skill: d.skill, id: d.id });
  }
}

/** The summary lines `import` prints. */
export function summarise(r: ImportReport): string[] {
  const lines = [`${r.records} record(s) read from ${r.file}: ${r.instances.length} instance(s) imported, ${r.errors.length} rejected`];
  for (const e of r.errors) lines.push(`  rejected ${e.message}`);
  lines.push('', `${'skill'.padEnd(17)}${'tasks'.padStart(7)}${'skipped'.padStart(9)}`);
  for (const s of SKILLS)
    lines.push(`${s.padEnd(17)}${String(r.tasksPerSkill[s] ?? 0).padStart(7)}${String(r.skippedPerSkill[s] ?? 0).padStart(9)}`);
  const reasons = new Map<string, number>();
  for (const i of r.instances)
    for (const s of i.skipped) reasons.set(`${s.skill}: ${s.reason}`, (reasons.get(`${s.skill}: ${s.reason}`) ?? 0) + 1);
  if (reasons.size) {
    lines.push('', 'skipped, by reason:');
    const sorted = [...reasons].sort((a, b) => b[1] - a[1]);
    for (const [reason, n] of sorted.slice(0, 25)) lines.push(`  ${String(n).padStart(4)} × ${reason}`);
    if (sorted.length > 25) lines.push(`  … ${sorted.length - 25} more reason(s) in ${REPORT_FILE}`);
  }
  return lines;
}
