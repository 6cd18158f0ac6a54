// Loads a dataset (dir/tasks/<skill>/<id>/task.yaml): parses YAML, validates with the
// skill's schema, checks every named file exists, rejects duplicate ids, hashes the task
// and materialises its starting repo (a repo folder; an `environment` is prepared later, when
// a sandbox needs it). Every problem is an InputError naming file + field; one bad task is
// reported and skipped, never the end of the dataset.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { readInput, validateInput } from '../core/input.js';
import type { TaskPathRef } from '../core/skill.js';
import type { BaseTask, LoadedTask } from '../core/task.js';
import { SKILLS, getSkill, isSkillName as isSkill, type SkillName } from '../../skills/registry.js';
import { diskFullHint } from '../environments/disk.js';
import { environmentIdentity } from '../environments/identity.js';
import { hashFolders } from './hash.js';
import { materialiseRepo } from '../environments/materialise.js';
import { readQuarantine, type QuarantineEntry } from './quarantine.js';

export interface LoadOptions {
  /** Only these skills. */
  skills?: SkillName[];
  /** Task ids to keep: glob(s) matched against the id, or a predicate. */
  filter?: string | string[] | ((task: BaseTask) => boolean);
  /** Also load the tasks listed in the dataset's quarantine.yaml (default: they are left out). */
  includeQuarantined?: boolean;
}

export interface LoadedDataset {
  /** Sorted by skill, then id. */
  tasks: LoadedTask[];
  /** Tasks that could not be loaded (each named by file and field), in folder order. */
  problems: InputError[];
  /** Tasks left out because quarantine.yaml lists them (empty with includeQuarantined). */
  quarantined: QuarantineEntry[];
}

export interface LoadTaskOptions {
  /** Dataset root, for error messages (default: three levels above the task folder). */
  datasetDir?: string;
}

async function stat(p: string) {
  return fs.stat(p).catch(() => undefined);
}

/** What task.yaml must be before its skill's schema applies. */
const TaskDocument = z.record(z.string(), z.unknown(), { error: 'must be a YAML mapping' });

async function checkRef(ref: TaskPathRef, baseDir: string, file: string, what: string): Promise<void> {
  const abs = path.resolve(baseDir, ref.path);
  const st = await stat(abs);
  if (!st) throw new InputError(file, ref.field, `${what} "${ref.path}" does not exist`);
  if (ref.kind === 'file' && !st.isFile()) throw new InputError(file, ref.field, `"${ref.path}" is not a file`);
  if (ref.kind === 'dir' && !st.isDirectory()) throw new InputError(file, ref.field, `"${ref.path}" is not a folder`);
}

/** Loads and validates one task folder. */
export async function loadTask(taskDir: string, opts: LoadTaskOptions = {}): Promise<LoadedTask> {
  const dir = path.resolve(taskDir);
  const datasetDir = path.resolve(opts.datasetDir ?? path.join(dir, '..', '..', '..'));
  const yamlPath = path.join(dir, 'task.yaml');
  const file = path.relative(datasetDir, yamlPath).split(path.sep).join('/');

  const raw = await readInput(yamlPath, TaskDocument, { format: 'yaml', label: file });
  const rawSkill = raw.skill;
  if (!isSkill(rawSkill)) {
    throw new InputError(file, 'skill', `must be one of ${SKILLS.join(', ')} (got ${JSON.stringify(rawSkill)})`);
  }
  const folderSkill = path.basename(path.dirname(dir));
  if (isSkill(folderSkill) && folderSkill !== rawSkill) {
    throw new InputError(file, 'skill', `"${rawSkill}" but the task is under tasks/${folderSkill}/`);
  }
  const skill = getSkill(rawSkill);
  const task = validateInput(raw, skill.schema, file);

  const refs = skill.paths(task);
  const common = task as BaseTask & { base_patch?: string };
  if (common.repo) refs.unshift({ field: 'repo', path: common.repo, kind: 'dir', base: 'task' });
  if (common.base_patch) refs.push({ field: 'base_patch', path: common.base_patch, kind: 'file', base: 'task' });
  if (common.base_patch && common.image) throw new InputError(file, 'base_patch', 'needs "repo" or "environment" (cannot patch an image)');
  for (const hidden of skill.hiddenFiles(task)) {
    if (!refs.some((r) => r.base === 'task' && r.path === hidden)) refs.push({ field: 'hidden', path: hidden, kind: 'any', base: 'task' });
  }
  for (const ref of refs.filter((r) => r.base === 'task')) await checkRef(ref, dir, file, 'file');

  const srcRepo = common.repo ? path.resolve(dir, common.repo) : undefined;
  let identity: string | undefined;
  if (common.environment) {
    try {
      identity = await environmentIdentity(common.environment, dir);
    } catch (e) {
      throw new InputError(file, 'environment.setup', (e as Error).message);
    }
  }
  const contentHash = await hashFolders(
    [{ label: 'task', dir }, ...(srcRepo ? [{ label: 'repo', dir: srcRepo }] : [])],
    identity === undefined ? undefined : `environment\0${identity}`,
  );
  let repoDir: string | undefined;
  if (srcRepo) {
    try {
      repoDir = await materialiseRepo(srcRepo, common.base_patch ? path.join(dir, common.base_patch) : undefined, contentHash);
    } catch (e) {
      const msg = (e as Error).message;
      if (msg.startsWith('does not apply')) throw new InputError(file, 'base_patch', msg);
      throw new Error(`${file}: cannot copy the repository ${common.repo}: ${msg}${diskFullHint(e)}`, { cause: e });
    }
    for (const ref of refs.filter((r) => r.base === 'repo')) await checkRef(ref, repoDir, file, 'repo path');
  }
  const problems = skill.check ? await skill.check(task, dir, repoDir) : [];
  if (problems.length) throw new InputError(file, problems[0][0], problems[0][1]);
  return { task, dir, repoDir, contentHash };
}

function makeFilter(filter: LoadOptions['filter']): (t: BaseTask) => boolean {
  if (!filter) return () => true;
  if (typeof filter === 'function') return filter;
  const m = picomatch(filter);
  return (t) => m(t.id);
}

/** Loads every task of a dataset folder (sorted by skill, then id). A task that cannot be loaded
 * is reported in `problems` and skipped; with a filter, only problems of tasks it selects (by id,
 * or by folder name when the id cannot be read) are reported. */
export async function loadDataset(dir: string, opts: LoadOptions = {}): Promise<LoadedDataset> {
  const root = path.resolve(dir);
  const tasksDir = path.join(root, 'tasks');
  const st = await stat(tasksDir);
  if (!st?.isDirectory()) throw new InputError(path.join(dir, 'tasks'), '', 'dataset has no tasks/ folder');
  const keep = makeFilter(opts.filter);
  const problems: InputError[] = [];

  const skillDirs = (await fs.readdir(tasksDir, { withFileTypes: true })).filter((e) => e.isDirectory() && !e.name.startsWith('.'));
  const folders: string[] = [];
  for (const s of skillDirs.map((e) => e.name).sort()) {
    if (!isSkill(s)) {
      problems.push(new InputError(`tasks/${s}`, '', `unknown skill folder; expected one of ${SKILLS.join(', ')}`));
      continue;
    }
    if (opts.skills && !opts.skills.includes(s)) continue;
    const entries = await fs.readdir(path.join(tasksDir, s), { withFileTypes: true });
    for (const e of entries
      .filter((x) => x.isDirectory() && !x.name.startsWith('.'))
      .map((x) => x.name)
      .sort()) {
      folders.push(path.join(tasksDir, s, e));
    }
  }
  const quarantine = opts.includeQuarantined ? new Map<string, QuarantineEntry>() : await readQuarantine(root);
  const quarantined: QuarantineEntry[] = [];
  // Tasks load a few at a time (file reads overlap); results are kept in folder order.
  const results = await mapLimited(folders, LOAD_CONCURRENCY, async (f): Promise<LoadedTask | InputError | undefined> => {
    // Cheap pre-selection by the id in the YAML text: a glob filter skips other tasks unread,
    // and quarantined tasks are not loaded.
    if ((opts.filter && typeof opts.filter !== 'function') || quarantine.size) {
      const id = (await peekId(f)) ?? path.basename(f);
      if (opts.filter && typeof opts.filter !== 'function' && !keep({ id } as BaseTask)) return undefined;
      const q = quarantine.get(id);
      if (q) {
        quarantined.push(q);
        return undefined;
      }
    }
    try {
      const t = await loadTask(f, { datasetDir: root });
      return keep(t.task) ? t : undefined;
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      return e;
    }
  });
  const loaded: LoadedTask[] = [];
  const seen = new Map<string, string>();
  for (const t of results) {
    if (!t) continue;
    if (t instanceof InputError) {
      problems.push(t);
      continue;
    }
    const file = path.relative(root, path.join(t.dir, 'task.yaml')).split(path.sep).join('/');
    const prev = seen.get(t.task.id);
    if (prev) {
      problems.push(new InputError(file, 'id', `duplicate id "${t.task.id}" (also in ${prev}): skipped`));
      continue;
    }
    seen.set(t.task.id, file);
    loaded.push(t);
  }
  quarantined.sort((a, b) => a.id.localeCompare(b.id));
  return { tasks: loaded, problems, quarantined };
}

/** Tasks loaded at once: enough to overlap file reads, few enough to keep memory flat. */
const LOAD_CONCURRENCY = 16;

/** fn over every item, at most `limit` at once; results in the items' order. */
async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** The `id:` of a task.yaml read as text (undefined when absent or unreadable). */
async function peekId(taskDir: string): Promise<string | undefined> {
  const text = await fs.readFile(path.join(taskDir, 'task.yaml'), 'utf8').catch(() => undefined);
  const m = text?.match(/^id:[ \t]*['"]?([A-Za-z0-9][A-Za-z0-9._-]*)['"]?[ \t]*(?:#.*)?$/m);
  return m?.[1];
}

/** What loading left out, for the user: each task that could not be loaded, then how many
 * the quarantine list kept out. */
export function loadNotes(d: Pick<LoadedDataset, 'problems' | 'quarantined'>): string[] {
  const out = d.problems.map((p) => `skipped: ${p.message}`);
  if (d.problems.length) out.push(`${d.problems.length} task(s) could not be loaded and were skipped`);
  if (d.quarantined.length)
    out.push(`${d.quarantined.length} quarantined task(s) left out (quarantine.yaml; --include-quarantined runs them)`);
  return out;
}
