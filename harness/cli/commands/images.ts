// `atomic-skills images build|list`: the sandbox image, built from docker/ and tagged by
// the recipe's hash.
import type { Command } from 'commander';
import { defaultImageTag, ensureImage, listImages } from '../../images/build.js';

export function register(program: Command): void {
  const images = program.command('images').description('Build and list the sandbox image');

  images
    .command('build')
    .description('Build the sandbox image (a no-op when the current recipe is already built)')
    .option('--force', 'build even if the tag exists (the layer cache still applies)')
    .option('-q, --quiet', 'print only the tag')
    .action(async (opts: { force?: boolean; quiet?: boolean }) => {
      const log = opts.quiet ? undefined : (line: string) => process.stderr.write(`${line}\n`);
      const tag = await ensureImage({ log, force: opts.force });
      process.stdout.write(`${tag}\n`);
    });

  images
    .command('list')
    .description('List atomic-skills sandbox images (* = the current recipe)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const list = await listImages();
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      if (list.length === 0) {
        process.stdout.write(`no sandbox images; current recipe would be ${defaultImageTag()} (atomic-skills images build)\n`);
        return;
      }
      for (const img of list) {
        const size = `${(img.sizeBytes / 1e6).toFixed(0)} MB`;
        process.stdout.write(
          `${img.current ? '*' : ' '} ${img.tag}  ${img.id.replace(/^sha256:/, '').slice(0, 12)}  ${img.created.toISOString()}  ${size}\n`,
        );
      }
    });
}
