// Disk: prune removes only what environments made (labelled images no container uses, the host
// caches), keeps an image in use, and a full disk is named as such with what to free.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diskFullHint, isDiskFull } from '../../harness/environments/disk.js';
import { cacheInfo, pruneEnvironments } from '../../harness/environments/prune.js';
import { PREPARED_LABEL } from '../../harness/environments/prepare.js';

let tmp: string;
let oldTmp: string | undefined;
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'as-prune-'));
  oldTmp = process.env.TMPDIR;
  process.env.TMPDIR = tmp; // os.tmpdir() follows it: the caches live under it
});
afterEach(async () => {
  if (oldTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = oldTmp;
  await fs.rm(tmp, { recursive: true, force: true });
});

function fakeDocker(images: Array<{ Id: string; RepoTags: string[]; inUse?: boolean }>) {
  const removed: string[] = [];
  const filters: unknown[] = [];
  const docker = {
    listImages: async (o: { filters: unknown }) => {
      filters.push(o.filters);
      return images.map((i) => ({ ...i, Size: 1e6, Created: 1 }));
    },
    getImage: (ref: string) => ({
      remove: async () => {
        const img = images.find((i) => i.RepoTags.includes(ref) || i.Id === ref);
        if (img?.inUse) throw Object.assign(new Error('conflict'), { statusCode: 409 });
        removed.push(ref);
      },
    }),
  };
  return { docker: docker as never, removed, filters };
}

describe('environments prune', () => {
  it('removes labelled images no container uses and the caches, keeps images in use', async () => {
    for (const dir of ['trees/acme__x@abc', 'repos/0123']) {
      await fs.mkdir(path.join(tmp, 'atomic-skills', dir), { recursive: true });
      await fs.writeFile(path.join(tmp, 'atomic-skills', dir, 'f.py'), 'x = 1\n');
    }
    expect((await cacheInfo()).map((c) => c.entries)).toEqual([1, 1]);
    const { docker, removed, filters } = fakeDocker([
      { Id: 'sha256:a', RepoTags: ['atomic-skills/env:acme__x-1'] },
      { Id: 'sha256:b', RepoTags: ['atomic-skills/env:acme__y-2'], inUse: true },
    ]);
    const r = await pruneEnvironments({ docker });
    expect(filters).toEqual([{ label: [PREPARED_LABEL] }]);
    expect(removed).toEqual(['atomic-skills/env:acme__x-1']);
    expect(r.keptImages).toEqual(['atomic-skills/env:acme__y-2']);
    expect(r.removedCacheEntries).toBe(2);
    expect((await cacheInfo()).map((c) => c.entries)).toEqual([0, 0]);
  });

  it('can leave the caches or the images alone', async () => {
    await fs.mkdir(path.join(tmp, 'atomic-skills', 'trees', 't'), { recursive: true });
    const { docker, removed } = fakeDocker([{ Id: 'sha256:a', RepoTags: ['atomic-skills/env:a-1'] }]);
    expect((await pruneEnvironments({ docker, caches: false })).removedCacheEntries).toBe(0);
    expect(removed).toHaveLength(1);
    const none = fakeDocker([{ Id: 'sha256:a', RepoTags: ['atomic-skills/env:a-1'] }]);
    await pruneEnvironments({ docker: none.docker, images: false });
    expect(none.removed).toEqual([]);
    expect((await cacheInfo())[0].entries).toBe(0);
  });
});

describe('a full disk', () => {
  it('is recognised from an errno or a daemon message, and the hint says what to prune', () => {
    expect(isDiskFull(Object.assign(new Error('write failed'), { code: 'ENOSPC' }))).toBe(true);
    expect(isDiskFull(new Error('failed to register layer: write /x: no space left on device'))).toBe(true);
    expect(isDiskFull(new Error('permission denied'))).toBe(false);
    expect(diskFullHint(new Error('no space left on device'))).toContain('atomic-skills environments prune');
    expect(diskFullHint(new Error('other'))).toBe('');
  });
});
