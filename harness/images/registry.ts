// Images for a cluster: a sandbox or environment image built on the local daemon is tagged
// <registry>/<image> and pushed once, with the credentials `docker login` stored for that
// registry in ~/.docker/config.json (plain `auths` entries; a credential helper is the docker
// CLI's business: push with `docker push` yourself then, see docs/scale-out.md).
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { dockerClient } from '../sandbox/docker.js';
import { SandboxError } from '../core/sandbox.js';
import { follow, imageExists, type Log } from './build.js';

/** `<registry>/<image>` (an image already naming that registry is kept as it is). */
export function registryRef(image: string, registry: string): string {
  const reg = registry.replace(/\/+$/, '');
  return image.startsWith(`${reg}/`) ? image : `${reg}/${image}`;
}

/** Pushes `image` to `registry` (tagging it there first); resolves with the reference pods use. */
export async function pushImage(image: string, registry: string, opts: { docker?: Docker; log?: Log } = {}): Promise<string> {
  const docker = opts.docker ?? dockerClient();
  const log = opts.log ?? (() => undefined);
  const ref = registryRef(image, registry);
  if (!(await imageExists(docker, image))) throw new SandboxError(`cannot push ${image}: it is not on the local Docker daemon`);
  const at = ref.lastIndexOf(':');
  const [repo, tag] = at > ref.lastIndexOf('/') ? [ref.slice(0, at), ref.slice(at + 1)] : [ref, 'latest'];
  log(`pushing ${image} to ${ref}`);
  try {
    await docker.getImage(image).tag({ repo, tag });
    const stream = await docker.getImage(ref).push({ authconfig: registryAuth(registry) } as Record<string, unknown>);
    await follow(docker, stream, log);
  } catch (err) {
    throw new SandboxError(`cannot push ${ref}: ${(err as Error).message}`, { cause: err });
  }
  return ref;
}

/** The `docker login` entry for the registry's host, when stored in plain form. */
function registryAuth(registry: string): { username: string; password: string; serveraddress: string } | undefined {
  const server = registry.split('/')[0];
  try {
    const config = JSON.parse(readFileSync(path.join(process.env.DOCKER_CONFIG ?? path.join(homedir(), '.docker'), 'config.json'), 'utf8'));
    const auth = (config.auths?.[server] ?? config.auths?.[`https://${server}`])?.auth as string | undefined;
    if (!auth) return undefined;
    const [username, ...rest] = Buffer.from(auth, 'base64').toString('utf8').split(':');
    return { username, password: rest.join(':'), serveraddress: server };
  } catch {
    return undefined;
  }
}
