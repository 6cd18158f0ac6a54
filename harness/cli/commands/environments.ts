// `atomic-skills environments list|prune`: the prepared images and host caches that task
// environments leave behind (docs/datasets.md, "Disk").
import type { Command } from 'commander';
import { cacheInfo, listPreparedImages, pruneEnvironments } from '../../environments/prune.js';

const mb = (b: number) => `${(b / 1e6).toFixed(0)} MB`;

export function register(program: Command): void {
  const envs = program.command('environments').description('prepared environment images and repo caches');
  envs
    .command('list')
    .description('prepared images (one per repo@commit or instance image) and the host caches')
    .action(async () => {
      const images = await listPreparedImages();
      for (const i of images) process.stdout.write(`${i.tags[0] ?? i.id.slice(7, 19)}  ${i.created.toISOString()}  ${mb(i.sizeBytes)}\n`);
      process.stdout.write(`${images.length} prepared image(s), ${mb(images.reduce((s, i) => s + i.sizeBytes, 0))}\n`);
      for (const c of await cacheInfo()) process.stdout.write(`cache ${c.dir}: ${c.entries} entr(ies), ${mb(c.sizeBytes)}\n`);
    });
  envs
    .command('prune')
    .description('remove prepared images no container uses and the host caches (rebuilt when next needed); not during a run')
    .option('--images-only', 'keep the host caches')
    .option('--caches-only', 'keep the images')
    .action(async (flags: { imagesOnly?: boolean; cachesOnly?: boolean }) => {
      const r = await pruneEnvironments({ images: !flags.cachesOnly, caches: !flags.imagesOnly });
      for (const k of r.keptImages) process.stdout.write(`kept ${k} (a container uses it)\n`);
      process.stdout.write(
        `removed ${r.removedImages.length} image(s) and ${r.removedCacheEntries} cache entr(ies), about ${mb(r.freedBytes)}\n`,
      );
    });
}
