// The SWE-bench-format fixtures (test/fixtures/swebench/make.mjs, shared with bench/) for tests,
// and — for the prebuilt-image mode — one image per instance holding /testbed at its base commit
// with its history, as SWE-bench images do.
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { isTestPath } from '../../skills/shared/test-files.js';
import { makeSwebenchFixtures as make, type SwebenchFixtures } from '../fixtures/swebench/make.mjs';
import { git } from './git-fixtures.js';

export type { SwebenchFixtures };

export function makeSwebenchFixtures(root: string, only?: string[]): Promise<SwebenchFixtures> {
  return make(root, { isTestPath, only });
}

/** SWE-bench's image name for an instance: `__` in the id becomes `_1776_`, lowercase. */
export function swebenchImageName(prefix: string, instanceId: string): string {
  return `${prefix}.${instanceId.replace(/__/g, '_1776_')}:v1`.toLowerCase();
}

/** An image per instance with /testbed at its base commit, its git history included. */
export async function buildPrebuiltImage(docker: Docker, fx: SwebenchFixtures, id: string, from: string, tag: string): Promise<void> {
  const rec = fx.records.get(id)!;
  const stage = path.join(fx.root, 'stage', id);
  await git(fx.root, 'clone', '-q', fx.work.get(rec.repo as string)!, path.join(stage, 'testbed'));
  await git(path.join(stage, 'testbed'), 'checkout', '-q', rec.base_commit as string);
  await fs.rename(path.join(stage, 'testbed', '.git'), path.join(stage, 'dotgit'));
  await fs.writeFile(
    path.join(stage, 'Dockerfile'),
    `FROM ${from}\nUSER root\nCOPY testbed /testbed\nCOPY dotgit /testbed/.git\nWORKDIR /testbed\n`,
  );
  const tar = spawn('tar', ['-C', stage, '-cf', '-', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const stream = await docker.buildImage(tar.stdout, { t: tag, networkmode: 'none', rm: true } as Docker.ImageBuildOptions);
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(
      stream,
      (err: Error | null) => (err ? reject(err) : resolve()),
      (e: { error?: string }) => {
        if (e.error) reject(new Error(e.error));
      },
    ),
  );
}
