// The environment layer: how a task becomes a sandbox. Everyone asks sandboxSpecFor() for the
// SandboxSpec of a task — a repo folder copied in (the default), or an `environment` (a prebuilt
// image, or a repository at a commit from a local clone) prepared once into an image and reused.
import path from 'node:path';
import type { Environment } from '../core/environment.js';
import type { LoadedTask } from '../core/task.js';
import type { SandboxBackendName, SandboxSpec } from '../core/sandbox.js';
import { EnvironmentError } from './errors.js';
import { materialiseRepo } from './materialise.js';
import { preparedImage, setupKind } from './prepare.js';
import { exportTree, resolveCommit } from './tree.js';

export interface SpecOptions {
  /** The backend the sandbox will run on (default docker; kubernetes runs the images built here). */
  backend?: SandboxBackendName;
  /** Progress of image pulls and builds (default: stderr). */
  log?: (line: string) => void;
}

/** The spec (without labels) for a sandbox of this task: its image, and the repo folder to copy
 * in, or `prepared` when the image already holds /testbed and its base commit. Preparing an
 * environment the first time may build an image; failures are EnvironmentErrors (a SandboxError: infrastructure). */
export async function sandboxSpecFor(loaded: LoadedTask, defaultImage: string, opts: SpecOptions = {}): Promise<SandboxSpec> {
  const t = loaded.task as LoadedTask['task'] & { base_patch?: string };
  if (!t.environment) return { image: t.image ?? defaultImage, repoDir: loaded.repoDir };
  const basePatch = t.base_patch ? path.join(loaded.dir, t.base_patch) : undefined;
  return specForEnvironment(t.environment, { name: t.id, dir: loaded.dir, basePatch, cacheKey: loaded.contentHash }, defaultImage, opts);
}

export interface EnvironmentUse {
  /** Names the user in errors (a task id, an instance id). */
  name: string;
  /** Relative paths in the environment are resolved against this folder. */
  dir: string;
  /** Host file applied on top of the environment (the task's base_patch). */
  basePatch?: string;
  /** Identifies environment + base_patch (the local backend's repo copy is cached under it). */
  cacheKey: string;
}

/** The spec for an environment used by a task, or by an importer probing an instance. */
export async function specForEnvironment(
  env: Environment,
  use: EnvironmentUse,
  defaultImage: string,
  opts: SpecOptions = {},
): Promise<SandboxSpec> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const vars = env.env ? { env: { ...env.env } } : {};
  const basePatch = use.basePatch;

  if (env.kind === 'image') {
    if (opts.backend === 'local') throw new EnvironmentError(`${use.name}: an image environment needs the docker backend`);
    const image = await preparedImage({
      from: env.image,
      pull: env.pull === 'missing',
      label: env.image,
      pythonPath: false,
      basePatch,
      log,
    });
    return { image, prepared: true, ...vars };
  }

  const source = path.resolve(use.dir, env.source);
  if (opts.backend === 'local') {
    const step = env.setup ?? env.env_setup;
    if (step) throw new EnvironmentError(`${use.name}: a setup step (${step}) needs the docker backend`);
    // No image on this backend: the exported tree (plus base_patch) is copied in as a repo folder.
    const tree = await exportTree(source, env.commit, env.repo);
    try {
      return { image: defaultImage, repoDir: await materialiseRepo(tree, basePatch, use.cacheKey), ...vars };
    } catch (e) {
      throw new EnvironmentError(`${use.name}: base_patch does not apply to ${env.repo}@${env.commit}: ${(e as Error).message}`, {
        cause: e,
      });
    }
  }
  const full = await resolveCommit(source, env.commit, env.repo);
  const tree = await exportTree(source, full, env.repo);
  const setupFile = env.setup ? path.resolve(use.dir, env.setup) : undefined;
  const image = await preparedImage({
    from: env.base_image ?? defaultImage,
    pull: env.base_image !== undefined,
    label: env.repo,
    tree: { dir: tree, key: `${env.repo}@${full}` },
    setup: setupFile ? { file: setupFile, kind: setupKind(setupFile) } : undefined,
    envSetup: env.env_setup ? path.resolve(use.dir, env.env_setup) : undefined,
    pythonPath: env.python_path,
    basePatch,
    log,
  });
  return { image, prepared: true, ...vars };
}
