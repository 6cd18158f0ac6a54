// Loads a dataset (dir/tasks/<skill>/<id>/task.yaml): parses YAML, validates with the
// skill's schema, checks every named file exists, rejects duplicate ids, hashes the task
// and materialises its starting repo. Every problem is an InputError naming file + field.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import YAML from 'yaml';
import { InputError } from '../core/errors.js';
import { SKILLS, type BaseTask, type LoadedTask, type SkillName } from '../core/task.js';
import { SKILL_REGISTRY } from '../../skills/registry.js';
import type { TaskPathRef } from '../../skills/shared/types.js';
import { hashFolders } from './hash.js';
import { materialiseRepo } from './materialise.js';

export interface LoadOptions {
  /** Only these skills. */
  skills?: SkillName[];
  /** Task ids to keep: glob(s) matched against the id, or a predicate. */
  filter?: string | string[] | ((task: BaseTask) => boolean);
}

export interface LoadTaskOptions {
  /** Dataset root, for error messages (default: three levels above the task folder). */
  datasetDir?: string;
}

async function stat(p: string) {
  return fs.stat(p).catch(() => undefined);
}

function isSkill(s: unknown): s is SkillName {
  return typeof s === 'string' && (SKILLS as readonly string[]).includes(s);
}

function parseYaml(text: string, file: string): unknown {
  const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) {
    const pos = err.linePos?.[0];
    const where = pos ? `line ${pos.line}, column ${pos.col}` : 'unknown position';
    throw new InputError(file, '', `invalid YAML at ${where}: ${err.message.split('\n')[0]}`);
  }
  return doc.toJS();
}

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

  let text: string;
  try {
    text = await fs.readFile(yamlPath, 'utf8');
  } catch {
    throw new InputError(file, '', 'task.yaml not found');
  }
  const raw = parseYaml(text, file);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new InputError(file, '', 'must be a YAML mapping');
  const rawSkill = (raw as Record<string, unknown>).skill;
  if (!isSkill(rawSkill)) {
    throw new InputError(file, 'skill', `must be one of ${SKILLS.join(', ')} (got ${JSON.stringify(rawSkill)})`);
  }
  const folderSkill = path.basename(path.dirname(dir));
  if (isSkill(folderSkill) && folderSkill !== rawSkill) {
    throw new InputError(file, 'skill', `"${rawSkill}" but the task is under tasks/${folderSkill}/`);
  }
  const skill = SKILL_REGISTRY[rawSkill];
  const parsed = skill.schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more problem(s))` : '';
    const fieldPath = issue.path.map(String);
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      fieldPath.push(String(issue.keys[0]));
      message = `unknown field${issue.keys.length > 1 ? ` (also: ${issue.keys.slice(1).join(', ')})` : ''}`;
    }
    throw new InputError(file, fieldPath.join('.'), `${message}${more}`);
  }
  const task = parsed.data;

  const refs = skill.paths(task);
  const common = task as BaseTask & { base_patch?: string };
  if (common.repo) refs.unshift({ field: 'repo', path: common.repo, kind: 'dir', base: 'task' });
  if (common.base_patch) refs.push({ field: 'base_patch', path: common.base_patch, kind: 'file', base: 'task' });
  if (common.base_patch && !common.repo) throw new InputError(file, 'base_patch', 'needs "repo" (cannot patch an image)');
  for (const hidden of skill.hiddenFiles(task)) {
    if (!refs.some((r) => r.base === 'task' && r.path === hidden)) refs.push({ field: 'hidden', path: hidden, kind: 'any', base: 'task' });
  }
  for (const ref of refs.filter((r) => r.base === 'task')) await checkRef(ref, dir, file, 'file');

  const srcRepo = common.repo ? path.resolve(dir, common.repo) : undefined;
  const contentHash = await hashFolders([{ label: 'task', dir }, ...(srcRepo ? [{ label: 'repo', dir: srcRepo }] : [])]);
  let repoDir: string | undefined;
  if (srcRepo) {
    try {
      repoDir = await materialiseRepo(srcRepo, common.base_patch ? path.join(dir, common.base_patch) : undefined, contentHash);
    } catch (e) {
      throw new InputError(file, 'base_patch', (e as Error).message);
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

/** Loads every task of a dataset folder (sorted by skill, then id). */
export async function loadDataset(dir: string, opts: LoadOptions = {}): Promise<{ tasks: LoadedTask[] }> {
  const root = path.resolve(dir);
  const tasksDir = path.join(root, 'tasks');
  const st = await stat(tasksDir);
  if (!st?.isDirectory()) throw new InputError(path.join(dir, 'tasks'), '', 'dataset has no tasks/ folder');

  const skillDirs = (await fs.readdir(tasksDir, { withFileTypes: true })).filter((e) => e.isDirectory() && !e.name.startsWith('.'));
  const folders: string[] = [];
  for (const s of skillDirs.map((e) => e.name).sort()) {
    if (!isSkill(s)) throw new InputError(`tasks/${s}`, '', `unknown skill folder; expected one of ${SKILLS.join(', ')}`);
    if (opts.skills && !opts.skills.includes(s)) continue;
    const entries = await fs.readdir(path.join(tasksDir, s), { withFileTypes: true });
    for (const e of entries
      .filter((x) => x.isDirectory() && !x.name.startsWith('.'))
      .map((x) => x.name)
      .sort()) {
      folders.push(path.join(tasksDir, s, e));
    }
  }
  const loaded: LoadedTask[] = [];
  for (const f of folders) loaded.push(await loadTask(f, { datasetDir: root }));

  const seen = new Map<string, string>();
  for (const t of loaded) {
    const file = path.relative(root, path.join(t.dir, 'task.yaml')).split(path.sep).join('/');
    const prev = seen.get(t.task.id);
    if (prev) throw new InputError(file, 'id', `duplicate id "${t.task.id}" (also in ${prev})`);
    seen.set(t.task.id, file);
  }
  const keep = makeFilter(opts.filter);
  return { tasks: loaded.filter((t) => keep(t.task)) };
}
