// `atomic-skills sandbox prune|shell`: clean up leftover sandboxes after a crash, or open
// an interactive look at what an agent would see.
import type { Command } from 'commander';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { createSandboxBackend, pruneAll, type BackendKind } from '../../sandbox/index.js';
import { ensureImage } from '../../images/build.js';
import { placementFrom, placementOptions, type PlacementFlags } from './shared.js';

export function register(program: Command): void {
  const sandbox = program.command('sandbox').description('Manage sandboxes');

  const prune = sandbox
    .command('prune')
    .description('Remove leftover sandboxes (containers, pods, local temp folders) whose run is gone')
    .option('--all', 'remove every atomic-skills sandbox, even of runs still in progress')
    .option('--run <id>', 'remove every sandbox of this run (a run that died on another machine too)');
  placementOptions(prune).action(async (opts: PlacementFlags & { all?: boolean; run?: string }) => {
    const placement = placementFrom(opts);
    const r = await pruneAll({
      ...placement,
      withKubernetes: placement.kubernetes !== undefined,
      // A named run is dead by the user's word: its sandboxes go whoever started them.
      all: opts.all || opts.run !== undefined,
      labels: opts.run ? { 'io.atomic-skills.run': opts.run } : undefined,
    });
    const pods = r.kubernetes !== undefined ? `, ${r.kubernetes} pod(s)` : '';
    process.stdout.write(
      `removed ${r.docker + r.local + (r.kubernetes ?? 0)} sandbox(es): ${r.docker} container(s)${pods}, ${r.local} local folder(s)\n`,
    );
    if (r.dockerError) process.stderr.write(`note: docker not pruned: ${r.dockerError}\n`);
  });

  sandbox
    .command('shell')
    .description('Create a sandbox from a repo folder, run commands in it (one per line on stdin, or -c), then remove it')
    .argument('<repo>', 'folder copied to /testbed')
    .option('--backend <kind>', 'docker, local or auto', 'auto')
    .option('--image <tag>', 'image (docker backend; default: the built sandbox image)')
    .option('-c, --command <cmd>', 'run this one command instead of reading stdin')
    .option('--diff', 'print the sandbox diff at the end')
    .action(async (repo: string, opts: { backend: BackendKind; image?: string; command?: string; diff?: boolean }) => {
      const backend = await createSandboxBackend(opts.backend);
      const image = opts.image ?? (backend.name === 'docker' ? await ensureImage() : 'local');
      const sb = await backend.create({ image, repoDir: path.resolve(repo) });
      try {
        const commands = opts.command !== undefined ? [opts.command] : readStdinLines();
        let last = 0;
        for (const cmd of commands) {
          const r = await sb.exec(cmd);
          process.stdout.write(r.stdout);
          process.stderr.write(r.stderr);
          if (r.timedOut) process.stderr.write('[timed out]\n');
          last = r.exitCode ?? 124;
        }
        if (opts.diff) process.stdout.write(await sb.diff());
        process.exitCode = last;
      } finally {
        await sb.destroy();
      }
    });
}

function readStdinLines(): string[] {
  // Read synchronously: the shell is a debugging aid, not a REPL.
  const r = spawnSync('cat', [], { stdio: ['inherit', 'pipe', 'inherit'], encoding: 'utf8' });
  return (r.stdout ?? '').split('\n').filter((l) => l.trim().length > 0);
}
