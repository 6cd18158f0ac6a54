// Peak memory of the harness (the CLI process) while it replays hostile agents, side by side
// with an honest run of the same task, and the cost of the answer search on a hostile answer
// next to the plain search it replaced. Each scenario is one `atomic-skills run` with a
// replayed trajectory on the bundled localization task (no scoring sandbox).
//
//   node bench/hostile-memory.mjs            # SCENARIOS=name,name to pick some
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, SAMPLE, fmt, imp, loadAvg, requireBuild } from './lib.mjs';

requireBuild();
const TASK = 'loc-inikit-001';
const MiB = 1024 * 1024;
const bash = (command) => ({ name: 'bash', input: { command } });
const editor = (input) => ({ name: 'str_replace_based_edit_tool', input });

/** name → tool calls (one per reply) and final answer. */
const SCENARIOS = {
  honest: { calls: [bash('grep -rn "def " src | head -20')], answer: '{"files": ["src/inikit/parser.py"]}' },
  'giant-output': { calls: [bash(`head -c 768M /dev/zero | tr '\\0' x; head -c 256M /dev/zero >&2`)], answer: '{"files": []}' },
  'giant-answer': { calls: [], answer: `${'x'.repeat(30 * MiB)}\n{"files": []}` },
  'brace-answer': { calls: [], answer: '{'.repeat(120 * 1024) },
  'diff-15MB': { calls: [bash('head -c 11M /dev/urandom | base64 > /testbed/noise.txt')], answer: '{"files": []}' },
  'diff-over-cap': {
    calls: [bash('for i in 1 2 3; do head -c 10M /dev/urandom | base64 > /testbed/noise$i.txt; done')],
    answer: '{"files": []}',
  },
  'editor-sparse-view': {
    calls: [bash('truncate -s 2G /tmp/sparse.bin'), editor({ command: 'view', path: '/tmp/sparse.bin' })],
    answer: '{"files": []}',
  },
  'editor-40MB-create': {
    calls: [editor({ command: 'create', path: '/testbed/big.txt', file_text: 'z'.repeat(40 * MiB) })],
    answer: '{"files": []}',
  },
};

function trajectory(name, { calls, answer }) {
  const usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
  return {
    version: 1,
    model: `replay:${name}`,
    agent: name,
    steps: calls.map((c, i) => ({
      turn: i + 1,
      request: { messages: 1 + 2 * i, tools: ['bash', 'str_replace_based_edit_tool'] },
      response: { text: '', toolCalls: [{ id: `c${i}`, ...c }], stopReason: 'tool_use' },
      observations: [],
      usage,
      cost: 0,
      latencyMs: 0,
    })),
    final: { answer, status: 'finished' },
    totals: { usage, cost: 0, turns: calls.length + 1, wallMs: 0 },
  };
}

/** One CLI run of the scenario: peak RSS (MiB), outcome, error kind. */
function run(name, work) {
  const file = path.join(work, `${name}.json`);
  writeFileSync(file, JSON.stringify(trajectory(name, SCENARIOS[name])));
  const args = ['--require', path.join(ROOT, 'bench/maxrss.cjs'), path.join(ROOT, 'bin/atomic-skills.js'), 'run'];
  args.push('--dataset', SAMPLE, '--filter', TASK, '--sandbox', 'docker', '--model', `replay:${file}`, '--out', path.join(work, 'runs'));
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * MiB, cwd: ROOT, timeout: 1_200_000 });
  const kb = Number(/AS_BENCH_MAXRSS_KB=(\d+)/.exec(r.stderr ?? '')?.[1] ?? NaN);
  const runDir = (r.stdout ?? '').trim().split('\n').pop();
  let outcome = `cli exit ${r.status}`;
  let kind = '';
  try {
    const rec = JSON.parse(readFileSync(path.join(runDir, 'results.jsonl'), 'utf8').split('\n')[0]);
    outcome = rec.outcome === 'scored' ? `scored ${rec.score}` : rec.outcome;
    kind = rec.error?.kind ?? '';
  } catch {
    /* the run did not get that far: the exit status says it */
  }
  return { peakMb: kb / 1024, outcome, kind };
}

/** The plain answer search the bounded one replaced: every "{" scanned to its match. */
function plainSearch(text) {
  let last;
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '{') continue;
    let depth = 0;
    let inString = false;
    for (let j = i; j < text.length; j++) {
      const c = text[j];
      if (inString) {
        if (c === '\\') j++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) {
        try {
          last = JSON.parse(text.slice(i, j + 1));
        } catch {
          /* not JSON */
        }
        break;
      }
    }
  }
  return last;
}

const { extractLastJsonObject } = await imp('skills/shared/answer.js');
const time = (fn) => {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
};
// The plain search is quadratic: measured at 16 KB (120 KB took it about a minute).
const braces = '{'.repeat(16 * 1024);
const plainMs = time(() => plainSearch(braces));
const boundedMs = time(() => extractLastJsonObject(braces));
const bounded120Ms = time(() => extractLastJsonObject('{'.repeat(120 * 1024)));
console.log(`load ${loadAvg()}`);
console.log(
  `answer search, 16 KB of "{": plain ${fmt(plainMs, 0)} ms, bounded ${fmt(boundedMs, 1)} ms (plain/bounded ${fmt(plainMs / boundedMs, 0)}x)`,
);
console.log(`answer search, 120 KB of "{": bounded ${fmt(bounded120Ms, 1)} ms`);

const names = process.env.SCENARIOS ? process.env.SCENARIOS.split(',') : Object.keys(SCENARIOS);
const work = mkdtempSync(path.join(tmpdir(), 'as-bench-hostile-'));
const rows = [];
try {
  for (const name of ['honest', ...names.filter((n) => n !== 'honest')]) rows.push({ name, ...run(name, work) });
} finally {
  rmSync(work, { recursive: true, force: true });
}
const base = rows[0].peakMb;
console.log('\nscenario              peak RSS   ×honest  outcome');
for (const r of rows) {
  console.log(
    `${r.name.padEnd(22)}${fmt(r.peakMb, 0).padStart(6)} MB  ${fmt(r.peakMb / base, 2).padStart(6)}   ${r.outcome}${r.kind ? ` (${r.kind})` : ''}`,
  );
}
const worst = rows.reduce((a, b) => (b.peakMb > a.peakMb ? b : a));
console.log(`\nworst harness peak RSS: ${fmt(worst.peakMb, 0)} MB (${worst.name}), ${fmt(worst.peakMb / base, 2)}x the honest run`);
