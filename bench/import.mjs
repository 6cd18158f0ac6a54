#!/usr/bin/env node
// bench/import: `atomic-skills import swebench` + `atomic-skills tasks list` on a LINES-record
// JSONL (SWE-bench's full test split is 2,294), as a user runs them: two CLI processes, static
// import (no sandbox run), nothing materialised. Records are realistic in size (issue text,
// patch, test patch, 40 PASS_TO_PASS ids) over one local clone. Prints the wall time and peak
// RSS of each step against the budget (30 s and 500 MB for both together) LAST.
//
//   npm run build && node bench/import.mjs            (LINES=2000)
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, SAMPLE, fmt, loadAvg, requireBuild } from './lib.mjs';

requireBuild();
const LINES = Number(process.env.LINES ?? 2000);
const tmp = mkdtempSync(path.join(tmpdir(), 'as-bench-import-'));
const repo = path.join(tmp, 'repos', 'acme__inikit');
cpSync(path.join(SAMPLE, 'repos', 'inikit'), repo, { recursive: true });
const git = (...a) => execFileSync('git', ['-C', repo, '-c', 'user.name=b', '-c', 'user.email=b@b', ...a], { encoding: 'utf8' }).trim();
git('init', '-q');
git('add', '-A');
git('commit', '-q', '-m', 'import');
const commit = git('rev-parse', 'HEAD');

const prose = (n) =>
  Array.from(
    { length: n },
    (_, i) => `Line ${i} of the report: the parser returns the wrong value when the input has a trailing separator.`,
  ).join('\n');
const hunk = (file, n) =>
  `diff --git a/${file} b/${file}\n--- a/${file}\n+++ b/${file}\n@@ -${10 + n},6 +${10 + n},7 @@ def f${n}(x):\n` +
  `     a = 1\n     b = 2\n     c = 3\n+    d = ${n}\n     e = 4\n     f = 5\n     g = 6\n`;
const file = path.join(tmp, 'instances.jsonl');
const lines = [];
for (let i = 0; i < LINES; i++) {
  lines.push(
    JSON.stringify({
      instance_id: `acme__inikit-${i}`,
      repo: 'acme/inikit',
      base_commit: commit,
      patch: [0, 1, 2, 3].map((k) => hunk(`src/inikit/mod${(i + k) % 7}.py`, k)).join(''),
      test_patch: [0, 1, 2, 3, 4, 5].map((k) => hunk(`tests/test_mod${(i + k) % 5}.py`, k)).join(''),
      problem_statement: prose(20),
      hints_text: prose(5),
      FAIL_TO_PASS: JSON.stringify([`tests/test_mod${i % 5}.py::test_case_${i}`, `tests/test_mod${i % 5}.py::test_other[${i}-x]`]),
      PASS_TO_PASS: JSON.stringify(Array.from({ length: 40 }, (_, k) => `tests/test_mod${k % 5}.py::TestThing::test_${k}`)),
      version: '1.0',
      environment_setup_commit: commit,
      created_at: '2023-01-01T00:00:00Z',
    }),
  );
}
writeFileSync(file, lines.join('\n') + '\n');
const out = path.join(tmp, 'dataset');
process.stderr.write(`import: ${LINES} records (${fmt(Buffer.byteLength(lines.join('\n')) / 1e6, 1)} MB), load ${loadAvg()}\n`);

function step(args) {
  const t = performance.now();
  const r = spawnSync(
    process.execPath,
    ['--require', path.join(ROOT, 'bench/maxrss.cjs'), path.join(ROOT, 'bin/atomic-skills.js'), ...args],
    {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const kb = Number(/AS_BENCH_MAXRSS_KB=(\d+)/.exec(r.stderr)?.[1] ?? NaN);
  return { ms, mb: kb / 1024, stdout: r.stdout };
}
const imp = step(['import', 'swebench', file, '--out', out, '--repos', path.join(tmp, 'repos'), '--no-run']);
const list = step(['tasks', 'list', '--dataset', out]);
const count = /(\d+) tasks\n/.exec(list.stdout)?.[1];
rmSync(tmp, { recursive: true, force: true });
console.log(`load at end ${loadAvg()}`);
console.log(`  import swebench (--no-run)  ${fmt(imp.ms / 1000, 1).padStart(6)} s  peak ${fmt(imp.mb, 0).padStart(4)} MB`);
console.log(`  tasks list (${count} tasks)  ${fmt(list.ms / 1000, 1).padStart(6)} s  peak ${fmt(list.mb, 0).padStart(4)} MB`);
const total = (imp.ms + list.ms) / 1000;
console.log(
  `import + list of ${LINES} records: ${fmt(total, 1)} s (${fmt(total / 30)} of the 30 s budget), peak ${fmt(Math.max(imp.mb, list.mb), 0)} MB (${fmt(Math.max(imp.mb, list.mb) / 500)} of 500 MB)`,
);
