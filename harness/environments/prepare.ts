// Prepared images: an environment (a prebuilt image, or a repository tree on a base image, a
// setup step, the offline python path, the task's base_patch) built ONCE into an image whose
// /testbed already holds its one base commit, tagged by a hash of everything that went in. A
// sandbox from it is a container start: nothing is copied or committed per sandbox.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { follow, imageExists } from '../images/build.js';
import { dockerClient } from '../sandbox/docker.js';
import { BASE_COMMIT, BASE_GIT_DIR } from '../sandbox/scripts.js';
import { packDir, type ExtraEntry } from '../sandbox/tar.js';
import { EnvironmentError } from './errors.js';
import { diskFullHint } from './disk.js';
import { PYTHON_PATH_SCRIPT } from './python-path.js';
import { slug } from './tree.js';

export const ENV_IMAGE_REPO = 'atomic-skills/env';
/** On every prepared image: the hash its tag ends with (prune finds them by it). */
export const PREPARED_LABEL = 'io.atomic-skills.environment';
const RECIPE_VERSION = 'atomic-skills-env-v1';
const AGENT_IDS = '1000:1000';

export interface PrepareInput {
  /** Image to build on. */
  from: string;
  /** Pull `from` when it is missing (else a missing image is an error). */
  pull: boolean;
  /** Names the image in its tag (repo or image name). */
  label: string;
  /** Host folder copied to /testbed, and what identifies its content (e.g. repo@commit). */
  tree?: { dir: string; key: string };
  /** A shell script run as root in /testbed, or Dockerfile lines. */
  setup?: { file: string; kind: 'sh' | 'dockerfile' };
  /** A shell script run as root before the tree is copied in (a layer every commit shares). */
  envSetup?: string;
  pythonPath: boolean;
  /** Host file applied to /testbed with git apply before the base commit. */
  basePatch?: string;
  log: (line: string) => void;
  docker?: Docker;
}

async function imageId(docker: Docker, ref: string): Promise<string | undefined> {
  try {
    return (await docker.getImage(ref).inspect()).Id;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw new EnvironmentError(`cannot inspect image ${ref}: ${(err as Error).message}`, { cause: err });
  }
}

/** The image's id, pulling it first (with progress) when missing and allowed. */
async function ensureFrom(docker: Docker, ref: string, pull: boolean, log: (line: string) => void): Promise<string> {
  const id = await imageId(docker, ref);
  if (id) return id;
  if (!pull) throw new EnvironmentError(`image ${ref} is not on this machine (pull it, or set environment.pull: missing)`);
  log(`pulling ${ref}`);
  try {
    await follow(docker, await docker.pull(ref), log);
  } catch (err) {
    throw new EnvironmentError(`cannot pull ${ref}: ${(err as Error).message}${diskFullHint(err)}`, { cause: err });
  }
  const pulled = await imageId(docker, ref);
  if (!pulled) throw new EnvironmentError(`pulled ${ref} but it is not on this machine`);
  return pulled;
}

function dockerfile(input: PrepareInput, from: string, setupText: string | undefined): string {
  const lines = [`FROM ${from}`, 'USER root', 'WORKDIR /'];
  // Before the tree: Docker's layer cache shares this step between all commits of the repo.
  if (input.envSetup)
    lines.push('COPY as-prepare/env-setup.sh /tmp/as-env-setup.sh', 'RUN bash /tmp/as-env-setup.sh && rm -f /tmp/as-env-setup.sh');
  if (input.tree) lines.push(`COPY --chown=${AGENT_IDS} testbed /testbed`);
  if (input.setup?.kind === 'sh') {
    lines.push(
      'COPY as-prepare/setup.sh /tmp/as-prepare/setup.sh',
      'RUN cd /testbed && bash /tmp/as-prepare/setup.sh && rm -f /tmp/as-prepare/setup.sh',
    );
  } else if (input.setup?.kind === 'dockerfile' && setupText !== undefined) {
    lines.push('WORKDIR /testbed', setupText.trim(), 'USER root', 'WORKDIR /');
  }
  if (input.pythonPath) {
    lines.push(
      'COPY as-prepare/python-path.py /tmp/as-prepare/python-path.py',
      'RUN python3 /tmp/as-prepare/python-path.py /testbed && rm -f /tmp/as-prepare/python-path.py',
    );
  }
  if (input.basePatch) {
    lines.push(
      'COPY as-prepare/base.patch /tmp/as-prepare/base.patch',
      "RUN cd /testbed && git -c safe.directory='*' apply --whitespace=nowarn /tmp/as-prepare/base.patch && rm -f /tmp/as-prepare/base.patch",
    );
  }
  // The sandbox user by name (a prebuilt image may lack it, or give uid 1000 another name), so a
  // sandbox needs no probe when it starts.
  lines.push(
    "RUN grep -q '^agent:' /etc/passwd || echo 'agent:x:1000:1000:atomic-skills agent:/home/agent:/bin/bash' >> /etc/passwd; " +
      "grep -q '^agent:' /etc/group || echo 'agent:x:1000:' >> /etc/group; mkdir -p /home/agent && chown 1000:1000 /home/agent",
  );
  // The one base commit, then every file to the sandbox user — only those not already its
  // own, so the layer does not copy the whole tree again.
  lines.push(
    'COPY as-prepare/base-commit.sh /tmp/as-prepare/base-commit.sh',
    `RUN bash /tmp/as-prepare/base-commit.sh /testbed ${BASE_GIT_DIR} >/dev/null && ` +
      `find /testbed -xdev \\( ! -uid 1000 -o ! -gid 1000 \\) -exec chown -h ${AGENT_IDS} {} + && rm -rf /tmp/as-prepare`,
    'WORKDIR /testbed',
  );
  return lines.join('\n') + '\n';
}

const inFlight = new Map<string, Promise<string>>();

/** The prepared image's tag: built on first use, then found by its tag. */
export async function preparedImage(input: PrepareInput): Promise<string> {
  const docker = input.docker ?? dockerClient();
  const fromId = await ensureFrom(docker, input.from, input.pull, input.log);
  const [setupText, patchText, envSetupText] = await Promise.all([
    input.setup ? fs.readFile(input.setup.file, 'utf8') : undefined,
    input.basePatch ? fs.readFile(input.basePatch) : undefined,
    input.envSetup ? fs.readFile(input.envSetup, 'utf8') : undefined,
  ]);
  const h = createHash('sha256');
  for (const part of [RECIPE_VERSION, fromId, input.tree?.key ?? '-', input.setup?.kind ?? '-', setupText ?? '-', String(input.pythonPath)])
    h.update(`${part}\0`);
  h.update(`${envSetupText ?? '-'}\0`);
  h.update(patchText ?? '-');
  h.update(`\0${BASE_COMMIT}\0${PYTHON_PATH_SCRIPT}`);
  const key = h.digest('hex');
  const tag = `${ENV_IMAGE_REPO}:${slug(input.label, 100)}-${key.slice(0, 16)}`;
  let p = inFlight.get(tag);
  if (!p) {
    p = build(docker, input, tag, key, setupText, patchText, envSetupText).finally(() => inFlight.delete(tag));
    inFlight.set(tag, p);
  }
  return p;
}

async function build(
  docker: Docker,
  input: PrepareInput,
  tag: string,
  key: string,
  setupText: string | undefined,
  patch: Buffer | undefined,
  envSetupText: string | undefined,
): Promise<string> {
  if (await imageExists(docker, tag)) return tag;
  const extra: ExtraEntry[] = [
    { name: 'Dockerfile', data: dockerfile(input, input.from, setupText) },
    { name: 'as-prepare/base-commit.sh', data: BASE_COMMIT },
  ];
  if (input.setup?.kind === 'sh' && setupText !== undefined) extra.push({ name: 'as-prepare/setup.sh', data: setupText });
  if (envSetupText !== undefined) extra.push({ name: 'as-prepare/env-setup.sh', data: envSetupText });
  if (input.pythonPath) extra.push({ name: 'as-prepare/python-path.py', data: PYTHON_PATH_SCRIPT });
  if (patch) extra.push({ name: 'as-prepare/base.patch', data: patch });
  input.log(`preparing ${tag} (${input.label})`);
  const output: string[] = [];
  try {
    const context = packDir(input.tree?.dir, 'testbed', { uid: 1000, gid: 1000 }, extra);
    const stream = await docker.buildImage(context, {
      t: tag,
      // A setup step may install packages (apt, pip); without one nothing is downloaded.
      networkmode: input.setup || input.envSetup ? 'host' : 'none',
      rm: true,
      forcerm: true,
      labels: { [PREPARED_LABEL]: key },
    } as Docker.ImageBuildOptions);
    await follow(docker, stream, (line) => output.push(line));
  } catch (err) {
    const tail = output.slice(-15).join('\n');
    throw new EnvironmentError(
      `preparing the environment of ${input.label} failed: ${(err as Error).message}${diskFullHint(err) || diskFullHint(tail)}${tail ? `\n${tail}` : ''}`,
      { cause: err },
    );
  }
  if (!(await imageExists(docker, tag))) throw new EnvironmentError(`building ${tag} finished but the image is missing`);
  return tag;
}

/** The setup step's kind from its file name. */
export function setupKind(file: string): 'sh' | 'dockerfile' {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.sh') return 'sh';
  if (ext === '.dockerfile' || path.basename(file).toLowerCase() === 'dockerfile') return 'dockerfile';
  throw new EnvironmentError(`setup file ${file}: name it *.sh (a shell script) or *.dockerfile (Dockerfile lines)`);
}
