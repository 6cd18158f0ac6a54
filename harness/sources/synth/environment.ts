// Where the repository's tests run, through the same environment layer as the importer: the
// built-in image with the repo folder copied in (the default for JavaScript), an image the
// user names, or an environment image built from the repo with the offline Python install
// (`python_path`, the default for Python) and an optional setup script. Tasks then carry an
// `environment` whose source is the dataset's own copy of the repo, committed once with fixed
// names and dates so that the same snapshot always gives the same commit.
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { GitEnvironment } from '../../core/environment.js';
import { InputError } from '../../core/errors.js';
import type { SandboxSpec } from '../../core/sandbox.js';
import { specForEnvironment } from '../../environments/index.js';
import { EnvironmentError } from '../../environments/errors.js';
import { setupKind } from '../../environments/prepare.js';
import type { SynthLanguage } from './project.js';

const pexec = promisify(execFile);

export interface EnvironmentChoice {
  language: SynthLanguage;
  backend: string;
  /** A named image: the base of the environment image, or the tasks' `image`. */
  image?: string;
  /** A setup file (*.sh run as root in /testbed, or *.dockerfile lines). */
  setup?: string;
  /** The offline install of a Python repo (default on for Python). */
  pythonPath: boolean;
}

/** How the tasks and the synthesis sandboxes get the repository. */
export interface SynthEnvironment {
  /** task.yaml fields: `repo` (+ `image`), or `environment`. Paths relative to a task folder. */
  taskFields: Record<string, unknown>;
  /** The spec of a synthesis sandbox (labels added by the caller). */
  spec: SandboxSpec;
  /** What synthesis.json records. */
  record: Record<string, unknown>;
}

/** Is an environment image needed (else the repo folder is copied into the image)? */
export function wantsEnvironment(choice: EnvironmentChoice): boolean {
  if (choice.setup) return true;
  return choice.language === 'python' && choice.pythonPath && choice.backend !== 'local';
}

const FIXED = {
  GIT_AUTHOR_NAME: 'atomic-skills',
  GIT_AUTHOR_EMAIL: 'synthesis@atomic-skills.invalid',
  GIT_AUTHOR_DATE: '2000-01-01T00:00:00Z',
  GIT_COMMITTER_NAME: 'atomic-skills',
  GIT_COMMITTER_EMAIL: 'synthesis@atomic-skills.invalid',
  GIT_COMMITTER_DATE: '2000-01-01T00:00:00Z',
};

/** Commits the snapshot folder as a one-commit git repository and returns the commit. No index,
 * reflog or hooks are left (they hold times and paths): the same files give the same bytes. */
export async function commitSnapshot(dir: string): Promise<string> {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'as-synth-git-'));
  const env = { ...process.env, ...FIXED, GIT_INDEX_FILE: path.join(tmp, 'index'), GIT_CONFIG_NOSYSTEM: '1', HOME: tmp };
  const git = async (...args: string[]) =>
    (await pexec('git', ['-c', 'core.logAllRefUpdates=false', ...args], { cwd: dir, env, maxBuffer: 1 << 26 })).stdout.trim();
  try {
    await fs.mkdir(path.join(tmp, 'template'));
    await git('init', '-q', `--template=${path.join(tmp, 'template')}`, '--initial-branch=synthesized', '.');
    await git('add', '-A', '-f', '.');
    const tree = await git('write-tree');
    const commit = await git('commit-tree', tree, '-m', 'repository snapshot for synthesized tasks');
    await git('update-ref', 'refs/heads/synthesized', commit);
    return commit;
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

/** Sets up the environment: copies the setup file into the dataset, commits the snapshot when an
 * environment image is needed, and prepares the synthesis sandboxes' spec. */
export async function synthEnvironment(
  out: string,
  name: string,
  repoDir: string,
  choice: EnvironmentChoice,
  defaultImage: string,
  log: (line: string) => void,
): Promise<SynthEnvironment> {
  if (!wantsEnvironment(choice)) {
    return {
      taskFields: { repo: `../../../repos/${name}`, ...(choice.image ? { image: choice.image } : {}) },
      spec: { image: choice.image ?? defaultImage, repoDir },
      record: { environment: choice.image ? `image ${choice.image}` : 'built-in image' },
    };
  }
  if (choice.backend === 'local') throw new InputError(choice.setup ?? '', '--setup', 'a setup step needs the docker backend');
  let setupRel: string | undefined;
  if (choice.setup) {
    const kind = (() => {
      try {
        return setupKind(choice.setup);
      } catch (e) {
        throw new InputError(choice.setup, '--setup', (e as Error).message);
      }
    })();
    const data = await fs.readFile(choice.setup).catch(() => {
      throw new InputError(choice.setup!, '--setup', 'file not found');
    });
    await fs.mkdir(path.join(out, 'environments'), { recursive: true });
    const file = `${name}.${kind}`;
    await fs.writeFile(path.join(out, 'environments', file), data);
    setupRel = `../../../environments/${file}`;
  }
  const commit = await commitSnapshot(repoDir);
  const env: GitEnvironment = {
    kind: 'git',
    repo: name,
    commit,
    source: `../../../repos/${name}`,
    ...(setupRel ? { setup: setupRel } : {}),
    python_path: choice.language === 'python' && choice.pythonPath,
    ...(choice.image ? { base_image: choice.image } : {}),
  };
  // Resolved as a task folder three levels down would resolve them.
  const taskDir = path.join(out, 'tasks', '_', '_');
  log(
    `environment: building the image of ${name}${setupRel ? ' with its setup step' : ''}${env.python_path ? ' (offline Python install)' : ''}`,
  );
  const spec = await specForEnvironment(env, { name, dir: taskDir, cacheKey: `synthesis:${name}@${commit}` }, defaultImage, {
    backend: 'docker',
    log,
  }).catch((e: unknown) => {
    // A setup step that fails, or a base image that is missing, is the user's to fix.
    if (e instanceof EnvironmentError)
      throw new InputError(choice.setup ?? choice.image ?? name, choice.setup ? '--setup' : '--image', e.message);
    throw e;
  });
  return {
    taskFields: { environment: env },
    spec,
    record: {
      environment: { setup: setupRel ? path.basename(setupRel) : null, python_path: env.python_path, base_image: choice.image ?? null },
    },
  };
}
