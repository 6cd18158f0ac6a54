#!/usr/bin/env node
// bench/editor-memory: how much the harness process grows while the editor works on big files
// in a Docker sandbox, next to what reading the same file whole (a `cat` through exec with no
// output cap; sandbox.readFile itself refuses files over 32 MiB) costs — in one run, each operation in a fresh child process (so memory freed by
// one cannot hide another's). Growth = peak RSS (sampled every 5 ms) above the RSS just before
// the operation. Prints the 2 GiB sparse-file figure LAST.
//
//   npm run build && node bench/editor-memory.mjs     (MID_MB=256)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fmt, imp, loadAvg, requireBuild, sandboxImage } from './lib.mjs';

requireBuild();
const MID_MB = Number(process.env.MID_MB ?? 256);
const MB = 1024 * 1024;
const FILES = {
  sparse: 'truncate -s 2G /tmp/f',
  mid: `head -c ${MID_MB * MB} /dev/zero | tr '\\0' x | fold -w 99 > /tmp/f`,
  text: `python3 -c "import sys; sys.stdout.write(''.join(f'line {i} = {i * 7}\\n' for i in range(100000)))" > /tmp/f`,
};
const OPS = [
  ['text', 'editor view, 1.9 MB text file (loaded whole)', { command: 'view', path: '/tmp/f' }],
  ['text', 'editor str_replace, 1.9 MB text file', { command: 'str_replace', path: '/tmp/f', old_str: 'line 5000 =', new_str: 'L5000 =' }],
  ['mid', `editor view, ${MID_MB} MiB text file (streamed)`, { command: 'view', path: '/tmp/f' }],
  ['mid', `editor view_range near its end`, { command: 'view', path: '/tmp/f', view_range: [2_700_000, 2_700_010] }],
  ['mid', `the same file read whole (uncapped cat) — for comparison`, 'readWhole'],
  ['sparse', 'editor view, 2 GiB sparse file (streamed)', { command: 'view', path: '/tmp/f' }],
];

if (process.argv[2] === 'child') {
  const [file, , op] = OPS[Number(process.argv[3])];
  const { DockerBackend } = await imp('harness/sandbox/index.js');
  const { createToolBox } = await imp('harness/agent/tools/index.js');
  const sandbox = await new DockerBackend().create({ image: await sandboxImage() });
  try {
    const mk = await sandbox.exec(FILES[file], { timeoutMs: 300_000 });
    if (mk.exitCode !== 0) throw new Error(mk.stderr);
    const box = createToolBox(sandbox, {
      enabled: ['str_replace_based_edit_tool'],
      bashTimeoutMs: 60_000,
      outputCapBytes: 30_000,
      bashMode: 'stateless',
    });
    const run =
      op === 'readWhole'
        ? () => sandbox.exec('cat /tmp/f', { outputCapBytes: 2 ** 40, timeoutMs: 300_000 })
        : async () => {
            const r = await box.run({ id: 'b', name: 'str_replace_based_edit_tool', input: op });
            if (r.isError) throw new Error(r.output.slice(0, 300));
          };
    // Warm-up (code paths loaded, the exec relay started) with a small read of the same kind.
    await box.run({ id: 'w', name: 'str_replace_based_edit_tool', input: { command: 'view', path: '/tmp/f', view_range: [1, 1] } });
    await sandbox.readFile('/etc/hostname');
    globalThis.gc?.();
    const base = process.memoryUsage().rss;
    let peak = base;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    await run();
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    console.log(JSON.stringify({ growthMb: (peak - base) / MB, peakMb: peak / MB }));
  } finally {
    await sandbox.destroy();
  }
} else {
  await sandboxImage();
  process.stderr.write(`editor-memory: load ${loadAvg()}\n`);
  const got = [];
  for (const [i, [, name]] of OPS.entries()) {
    const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), 'child', String(i)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${name}: ${r.stderr}`);
    const { growthMb, peakMb } = JSON.parse(r.stdout.trim().split('\n').pop());
    got.push(growthMb);
    console.log(`${name.padEnd(52)} +${fmt(growthMb, 1).padStart(7)} MB (peak RSS ${fmt(peakMb, 0)} MB)`);
  }
  console.log(`streamed view ÷ whole read of the same ${MID_MB} MiB file: ${fmt(got[2] / got[4], 3)}`);
  console.log(`editor view of a 2 GiB sparse file: harness RSS +${fmt(got[5], 1)} MB`);
}
