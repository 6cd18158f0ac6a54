// Writes derived tasks as task folders (tasks/<skill>/<id>/task.yaml + the files it names), the
// common fields from the bug, the skill's own from the draft. Shared by every source of bugs
// (SWE-bench import, synthesis). A folder appears by an atomic rename, replacing an older one.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { Environment } from '../../core/environment.js';
import type { Bug } from './bug.js';
import type { TaskDraft } from './draft.js';

/** A `git` environment's paths made relative to the task folder (dataset and clones move together). */
function environmentFor(env: Environment, taskDir: string): Environment {
  if (env.kind !== 'git') return env;
  const rel = (p: string) => (path.isAbsolute(p) ? path.relative(taskDir, p).split(path.sep).join('/') : p);
  return {
    ...env,
    source: rel(env.source),
    ...(env.setup ? { setup: rel(env.setup) } : {}),
    ...(env.env_setup ? { env_setup: rel(env.env_setup) } : {}),
  };
}

/** The task.yaml object: common fields in a fixed order, then the skill's. */
export function taskYaml(bug: Bug, draft: TaskDraft, taskDir: string, basePatchFile: string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: draft.id,
    skill: draft.skill,
    language: bug.language,
    environment: environmentFor(bug.environment, taskDir),
  };
  if (basePatchFile) out.base_patch = basePatchFile;
  out.test_framework = bug.testFramework;
  out.test_command = bug.testCommand;
  if (bug.testEnv && Object.keys(bug.testEnv).length) out.test_env = bug.testEnv;
  if (bug.testSetup) out.test_setup = bug.testSetup;
  out.provenance = { ...bug.provenance, ...(draft.provenance ?? {}) };
  out.problem_statement = draft.problemStatement;
  return { ...out, ...draft.fields };
}

/** The base patch a task starts from: the draft's own (`null`: none), else the bug's. */
export interface WriteOptions {
  basePatch?: string | null;
}

/** Writes one task folder under `<datasetDir>/tasks/<skill>/<id>/`; returns its path. */
export async function writeTask(datasetDir: string, bug: Bug, draft: TaskDraft, opts: WriteOptions = {}): Promise<string> {
  const dir = path.join(datasetDir, 'tasks', draft.skill, draft.id);
  const basePatch = opts.basePatch === undefined ? bug.basePatch : (opts.basePatch ?? undefined);
  const files: Record<string, string> = { ...draft.files };
  if (basePatch) files['base.patch'] = basePatch;
  const yaml = taskYaml(bug, draft, dir, basePatch ? 'base.patch' : undefined);

  await fs.mkdir(path.dirname(dir), { recursive: true });
  // A fresh name per write: nothing to clean first; an older folder is replaced by the rename.
  const tmp = await fs.mkdtemp(`${dir}.tmp-`);
  try {
    const made = new Set<string>([tmp]);
    for (const [rel, text] of Object.entries(files)) {
      const file = path.join(tmp, rel);
      const parent = path.dirname(file);
      if (!made.has(parent)) {
        await fs.mkdir(parent, { recursive: true });
        made.add(parent);
      }
      await fs.writeFile(file, text);
    }
    await fs.writeFile(path.join(tmp, 'task.yaml'), YAML.stringify(yaml, { lineWidth: 0, blockQuote: 'literal' }));
    try {
      await fs.rename(tmp, dir);
    } catch (e) {
      // rename() cannot replace a non-empty folder: an earlier import's. Remove it, then move.
      if ((e as NodeJS.ErrnoException).code !== 'ENOTEMPTY' && (e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      await fs.rm(dir, { recursive: true, force: true });
      await fs.rename(tmp, dir);
    }
  } catch (e) {
    await fs.rm(tmp, { recursive: true, force: true });
    throw e;
  }
  return dir;
}
