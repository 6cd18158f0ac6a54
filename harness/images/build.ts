// Builds the sandbox image from docker/ (through dockerode, so DOCKER_HOST and Podman work),
// tagged by a hash of the recipe: a tag that exists is reused, never rebuilt.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type Docker from 'dockerode';
import tar from 'tar-stream';
import { dockerClient } from '../sandbox/docker.js';
import { SandboxError } from '../core/sandbox.js';

export const IMAGE_REPO = 'atomic-skills/sandbox';
export const BASE_IMAGE = 'debian:bookworm-slim';
export const RECIPE_LABEL = 'io.atomic-skills.recipe';
// Not part of the image: the offline base recipe, docs, and the exec relay (sent into each
// container at run time, so changing it never forces a rebuild).
const NOT_IN_CONTEXT = new Set(['bootstrap-base.sh', 'README.md', 'exec-relay.py']);

export type Log = (line: string) => void;

/** The docker/ folder of this checkout or package (found upward from this module: works
 * from the sources and from dist/). */
export function recipeDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'docker');
    if (existsSync(path.join(candidate, 'Dockerfile'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new SandboxError('cannot find docker/Dockerfile above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/** Files that make up the build context, sorted (relative to docker/). */
function contextFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      if (!rel && NOT_IN_CONTEXT.has(name)) continue;
      const st = statSync(path.join(dir, r));
      if (st.isDirectory()) walk(r);
      else if (st.isFile()) out.push(r);
    }
  };
  walk('');
  return out;
}

/** sha256 over the recipe files (names and bytes), hex. */
export function recipeHash(dir = recipeDir()): string {
  const h = createHash('sha256');
  for (const rel of contextFiles(dir)) {
    h.update(`${rel}\0`);
    h.update(readFileSync(path.join(dir, rel)));
    h.update('\0');
  }
  return h.digest('hex');
}

/** `atomic-skills/sandbox:<first 12 hex of the recipe hash>`. */
export function defaultImageTag(): string {
  return `${IMAGE_REPO}:${recipeHash().slice(0, 12)}`;
}

export async function imageExists(docker: Docker, ref: string): Promise<boolean> {
  try {
    await docker.getImage(ref).inspect();
    return true;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return false;
    throw new SandboxError(`cannot inspect image ${ref}: ${(err as Error).message}`, { cause: err });
  }
}

/** Follows a build/pull progress stream; rejects on the first error event. */
export function follow(docker: Docker, stream: NodeJS.ReadableStream, log: Log): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed: string | undefined;
    docker.modem.followProgress(
      stream,
      (err: Error | null) => {
        if (err) reject(err);
        else if (failed) reject(new Error(failed));
        else resolve();
      },
      (event: { stream?: string; status?: string; progress?: string; id?: string; error?: string; errorDetail?: { message?: string } }) => {
        if (event.error || event.errorDetail) {
          failed = event.errorDetail?.message ?? event.error;
          log(`error: ${failed}`);
        } else if (event.stream) {
          const line = event.stream.replace(/\s+$/, '');
          if (line) log(line);
        } else if (event.status && !event.progress) {
          log(event.id ? `${event.id}: ${event.status}` : event.status);
        }
      },
    );
  });
}

function runBootstrap(dir: string, log: Log): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [path.join(dir, 'bootstrap-base.sh'), BASE_IMAGE], { stdio: ['ignore', 'pipe', 'pipe'] });
    const forward = (b: Buffer) => {
      for (const line of b.toString().split('\n')) if (line.trim()) log(line);
    };
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`bootstrap-base.sh exited with ${code}`))));
  });
}

/** Makes sure debian:bookworm-slim exists: present, else pulled, else bootstrapped offline. */
export async function ensureBase(opts: { docker?: Docker; log?: Log } = {}): Promise<void> {
  const docker = opts.docker ?? dockerClient();
  const log = opts.log ?? (() => undefined);
  if (await imageExists(docker, BASE_IMAGE)) return;
  log(`pulling ${BASE_IMAGE}`);
  try {
    const stream = await docker.pull(BASE_IMAGE);
    await follow(docker, stream, log);
    if (await imageExists(docker, BASE_IMAGE)) return;
  } catch (err) {
    log(`pull failed (${(err as Error).message}); bootstrapping ${BASE_IMAGE} with debootstrap`);
  }
  try {
    await runBootstrap(recipeDir(), log);
  } catch (err) {
    throw new SandboxError(`cannot get base image ${BASE_IMAGE}: pull and debootstrap both failed: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

function contextTar(dir: string): Readable {
  const pack = tar.pack();
  for (const rel of contextFiles(dir)) {
    const abs = path.join(dir, rel);
    const st = statSync(abs);
    // Fixed mtime: the context's bytes depend on the recipe only.
    pack.entry({ name: rel, mode: st.mode & 0o777, mtime: new Date(0), size: st.size }, readFileSync(abs));
  }
  pack.finalize();
  return Readable.from(pack);
}

export interface EnsureImageOptions {
  docker?: Docker;
  log?: Log;
  /** Tag to use (default: defaultImageTag()). */
  tag?: string;
  /** Build even if the tag exists (the layer cache still applies). */
  force?: boolean;
}

const inFlight = new Map<string, Promise<string>>();

/** Returns the sandbox image tag, building it first if it does not exist yet. */
export function ensureImage(opts: EnsureImageOptions = {}): Promise<string> {
  const tag = opts.tag ?? defaultImageTag();
  const key = `${tag}${opts.force ? ':force' : ''}`;
  let p = inFlight.get(key);
  if (!p) {
    p = buildIfMissing(tag, opts).finally(() => inFlight.delete(key));
    inFlight.set(key, p);
  }
  return p;
}

async function buildIfMissing(tag: string, opts: EnsureImageOptions): Promise<string> {
  const docker = opts.docker ?? dockerClient();
  const log = opts.log ?? (() => undefined);
  if (!opts.force && (await imageExists(docker, tag))) return tag;
  await ensureBase({ docker, log });
  const dir = recipeDir();
  log(`building ${tag} from ${dir}`);
  try {
    const stream = await docker.buildImage(contextTar(dir), {
      t: tag,
      // apt-get needs the network at build time; bridge networks are not available everywhere.
      networkmode: 'host',
      rm: true,
      forcerm: true,
      labels: { [RECIPE_LABEL]: recipeHash(dir) },
    } as Docker.ImageBuildOptions);
    await follow(docker, stream, log);
  } catch (err) {
    throw new SandboxError(`building ${tag} failed: ${(err as Error).message}`, { cause: err });
  }
  if (!(await imageExists(docker, tag))) throw new SandboxError(`building ${tag} finished but the image is missing`);
  return tag;
}

export interface ImageInfo {
  tag: string;
  id: string;
  created: Date;
  sizeBytes: number;
  current: boolean;
}

/** Our sandbox images (every recipe version still present), newest first. */
export async function listImages(opts: { docker?: Docker } = {}): Promise<ImageInfo[]> {
  const docker = opts.docker ?? dockerClient();
  const current = defaultImageTag();
  const images = await docker.listImages({ filters: { reference: [IMAGE_REPO] } });
  const out: ImageInfo[] = [];
  for (const img of images) {
    for (const tag of img.RepoTags ?? []) {
      if (!tag.startsWith(`${IMAGE_REPO}:`)) continue;
      out.push({ tag, id: img.Id, created: new Date(img.Created * 1000), sizeBytes: img.Size, current: tag === current });
    }
  }
  return out.sort((a, b) => b.created.getTime() - a.created.getTime());
}
