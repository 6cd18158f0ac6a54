// What identifies a task's environment for its content hash: the repository and commit (git
// object ids are content hashes), the setup step's bytes, the options; never where the clone
// lives on this machine.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Environment } from '../core/environment.js';

export async function environmentIdentity(env: Environment, taskDir: string): Promise<string> {
  if (env.kind === 'image') return JSON.stringify({ kind: env.kind, image: env.image, env: env.env ?? {} });
  const digest = async (rel: string | undefined): Promise<string | null> => {
    if (!rel) return null;
    const file = path.resolve(taskDir, rel);
    const data = await fs.readFile(file).catch(() => {
      throw new Error(`setup file "${rel}" does not exist`);
    });
    return `${path.extname(file)}:${createHash('sha256').update(data).digest('hex')}`;
  };
  const setup = await digest(env.setup);
  const envSetup = await digest(env.env_setup);
  return JSON.stringify({
    kind: env.kind,
    repo: env.repo,
    commit: env.commit,
    setup,
    ...(envSetup ? { env_setup: envSetup } : {}),
    python_path: env.python_path,
    base_image: env.base_image ?? null,
    env: env.env ?? {},
  });
}
