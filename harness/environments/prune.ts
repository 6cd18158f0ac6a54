// What environments leave on this machine — prepared images (labelled) and the host caches of
// exported trees and repo copies — listed and removed on request. Only what atomic-skills made.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { dockerClient } from '../sandbox/docker.js';
import { repoCacheRoot } from './materialise.js';
import { PREPARED_LABEL } from './prepare.js';
import { treeCacheRoot } from './tree.js';

export interface PreparedImageInfo {
  tags: string[];
  id: string;
  sizeBytes: number;
  created: Date;
}

export interface CacheInfo {
  dir: string;
  entries: number;
  sizeBytes: number;
}

export async function listPreparedImages(docker: Docker = dockerClient()): Promise<PreparedImageInfo[]> {
  const images = await docker.listImages({ filters: { label: [PREPARED_LABEL] } });
  return images
    .map((i) => ({ tags: i.RepoTags ?? [], id: i.Id, sizeBytes: i.Size, created: new Date(i.Created * 1000) }))
    .sort((a, b) => b.created.getTime() - a.created.getTime());
}

async function duBytes(p: string): Promise<number> {
  const st = await fs.lstat(p).catch(() => undefined);
  if (!st) return 0;
  if (!st.isDirectory()) return st.size;
  let total = 0;
  for (const name of await fs.readdir(p).catch(() => [] as string[])) total += await duBytes(path.join(p, name));
  return total;
}

export async function cacheInfo(): Promise<CacheInfo[]> {
  return Promise.all(
    [treeCacheRoot(), repoCacheRoot()].map(async (dir) => {
      const names = await fs.readdir(dir).catch(() => [] as string[]);
      return { dir, entries: names.length, sizeBytes: await duBytes(dir) };
    }),
  );
}

export interface PruneResult {
  removedImages: string[];
  /** Images a container still uses: kept. */
  keptImages: string[];
  removedCacheEntries: number;
  freedBytes: number;
}

/** Removes prepared images no container uses, and the host caches (rebuilt on next use). Do not
 * run it while a run or import is going: a cache entry may be in use. */
export async function pruneEnvironments(opts: { images?: boolean; caches?: boolean; docker?: Docker } = {}): Promise<PruneResult> {
  const result: PruneResult = { removedImages: [], keptImages: [], removedCacheEntries: 0, freedBytes: 0 };
  if (opts.images !== false) {
    const docker = opts.docker ?? dockerClient();
    for (const img of await listPreparedImages(docker)) {
      const name = img.tags[0] ?? img.id;
      try {
        // One removal per tag; the last one removes the image.
        for (const tag of img.tags.length ? img.tags : [img.id]) await docker.getImage(tag).remove();
        result.removedImages.push(name);
        result.freedBytes += img.sizeBytes;
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode === 409) result.keptImages.push(name);
        else if ((err as { statusCode?: number }).statusCode !== 404) throw err;
      }
    }
  }
  if (opts.caches !== false) {
    for (const root of [treeCacheRoot(), repoCacheRoot()]) {
      for (const name of await fs.readdir(root).catch(() => [] as string[])) {
        const p = path.join(root, name);
        result.freedBytes += await duBytes(p);
        // Cache files are read-only copies at times (git objects): make them removable first.
        await fs.rm(p, { recursive: true, force: true });
        result.removedCacheEntries++;
      }
    }
  }
  return result;
}
