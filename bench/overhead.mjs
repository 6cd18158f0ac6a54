#!/usr/bin/env node
// bench/overhead: the oracle over a representative subset of the sample at concurrency 1
// (the real CLI, end to end) against a FLOOR shell script that does only the unavoidable
// Docker work for the same trials with the docker CLI: one container per trial from the same
// image, the repo copied in, the gold change applied, the same test commands the scorer ran,
// the container removed. Runs alternate harness/floor, REPS times; prints medians, the
// harness per-phase breakdown, and the harness/floor ratio LAST.
//
//   npm run build && node bench/overhead.mjs            (REPS=5, TASKS=<skill>/<id>,... to change)
// With BASELINE_DIST=<another checkout's dist/> that build's CLI is timed in the same
// rounds too (before/after of a change, same load).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, fmt, imp, loadAvg, machineTicks, makeDataset, median, requireBuild, sandboxImage } from './lib.mjs';
import { RecordingBackend } from './recording-backend.mjs';

requireBuild();
const REPS = Number(process.env.REPS ?? 5);
// One task per skill (the full sample takes ~7 min per pass at concurrency 1).
const TASKS = (
  process.env.TASKS ??
  'localization/loc-qscodec-001,review/review-tablefmt-001,editing/edit-qscodec-001,reproduction/repro-tablefmt-001,test-generation/testgen-tablefmt-001'
).split(',');
const SANDBOX_PATH = '/usr/bin:/bin:/usr/local/bin:/usr/sbin:/sbin';

const image = await sandboxImage();
const dataset = makeDataset(TASKS);
const work = mkdtempSync(path.join(tmpdir(), 'as-bench-overhead-'));
const log = (m) => process.stderr.write(m + '\n');
log(`overhead: ${TASKS.length} tasks, ${REPS} reps, image ${image}, load ${loadAvg()}`);

// 1. One recorded in-process run: what every sandbox did (the floor is derived from it).
const { runEvaluation } = await imp('harness/runner/run.js');
const { renderReports } = await imp('reports/index.js');
const { agentConfigFromModel } = await imp('harness/config/agent-config.js');
const { DockerBackend } = await imp('harness/sandbox/index.js');
const recorder = new RecordingBackend(new DockerBackend());
const rec = await runEvaluation({
  // The reports render as `atomic-skills run` renders them (older builds did it inside).
  afterTrials: async (dir) => void (await renderReports(dir)),
  dataset,
  agents: [agentConfigFromModel('oracle')],
  epochs: 1,
  concurrency: 1,
  modelConcurrency: 8,
  sandbox: 'docker',
  backend: recorder,
  image,
  outDir: path.join(work, 'rec'),
  timeoutMultiplier: 1,
  log: () => undefined,
});
const recResults = readResults(rec.runDir);
if (recResults.some((r) => r.score !== 1))
  throw new Error(`oracle did not score 1 on every task: ${JSON.stringify(recResults.map((r) => [r.taskId, r.outcome, r.score]))}`);

// 2. The floor script.
const floorScript = writeFloor(recorder.sandboxes, path.join(work, 'floor'));

// 3. Alternate harness / floor runs.
const harnessWalls = [];
const floorWalls = [];
const baselineWalls = [];
const phaseRuns = [];
const harnessCpu = [];
const floorCpu = [];
// Machine-wide CPU seconds a step used (every process: harness, daemons, containers).
const cpuOf = (fn) => {
  const m0 = machineTicks();
  const out = fn();
  return [out, (machineTicks().busy - m0.busy) / 100];
};
const baselineBin = process.env.BASELINE_DIST ? path.join(path.resolve(process.env.BASELINE_DIST), '..', 'bin/atomic-skills.js') : null;
const cli = (bin, out) => {
  const r = spawnSync(
    process.execPath,
    [bin, 'run', '--dataset', dataset, '--model', 'oracle', '--sandbox', 'docker', '--concurrency', '1', '--image', image, '--out', out],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`harness run (${bin}) failed: ${r.stderr}`);
  // A retried trial makes a slow rep: say why, so an outlier is never a mystery.
  for (const line of r.stderr.split('\n').filter((l) => /infrastructure error|warn|failed/i.test(l)))
    log(`  (${path.basename(bin)}) ${line}`);
  const results = readResults(r.stdout.trim().split('\n').pop());
  if (results.some((x) => x.score !== 1)) throw new Error(`harness run (${bin}): oracle did not score 1 everywhere`);
  return results;
};
for (let i = 0; i < REPS; i++) {
  let t;
  if (baselineBin) {
    t = performance.now();
    cli(baselineBin, path.join(work, `base-${i}`));
    baselineWalls.push(performance.now() - t);
  }
  t = performance.now();
  const [results, hc] = cpuOf(() => cli(path.join(ROOT, 'bin/atomic-skills.js'), path.join(work, `runs-${i}`)));
  phaseRuns.push(results);
  const hw = performance.now() - t;
  t = performance.now();
  const [f, fc] = cpuOf(() => spawnSync('bash', [floorScript], { encoding: 'utf8' }));
  const fw = performance.now() - t;
  harnessCpu.push(hc);
  floorCpu.push(fc);
  if (f.status !== 0) throw new Error(`floor script failed: ${f.stderr}`);
  harnessWalls.push(hw);
  floorWalls.push(fw);
  log(
    `rep ${i + 1}/${REPS}: harness ${fmt(hw / 1000)} s, floor ${fmt(fw / 1000)} s, ratio ${fmt(hw / fw)}${baselineBin ? `, baseline ${fmt(baselineWalls.at(-1) / 1000)} s (ratio ${fmt(baselineWalls.at(-1) / fw)})` : ''}  (load ${loadAvg()})`,
  );
}

// 4. Report.
const phaseNames = ['sandbox_create', 'agent', 'teardown', 'scoring'];
const sumPhases = (results) => Object.fromEntries(phaseNames.map((p) => [p, results.reduce((a, x) => a + (x.phases?.[p] ?? 0), 0)]));
const perRun = phaseRuns.map(sumPhases);
const trialSum = phaseRuns.map((rs) => rs.reduce((a, x) => a + x.wallMs, 0));
console.log(`\nharness per-phase breakdown (sum over ${TASKS.length} trials, median of ${REPS} runs):`);
for (const p of phaseNames) console.log(`  ${p.padEnd(16)} ${fmt(median(perRun.map((x) => x[p])) / 1000)} s`);
console.log(
  `  ${'trials total'.padEnd(16)} ${fmt(median(trialSum) / 1000)} s   (CLI wall ${fmt(median(harnessWalls) / 1000)} s: the rest is start-up, loading, reports)`,
);
console.log('\nper task (median trial wall / its phases):');
for (const id of phaseRuns[0].map((x) => x.taskId)) {
  const rows = phaseRuns.map((rs) => rs.find((x) => x.taskId === id));
  const ph = Object.fromEntries(phaseNames.map((p) => [p, median(rows.map((x) => x.phases?.[p] ?? 0))]));
  console.log(`  ${id.padEnd(22)} ${fmt(median(rows.map((x) => x.wallMs)) / 1000)} s  ${phaseNames.map((p) => `${p}=${ph[p]}`).join(' ')}`);
}
console.log('\nwhere sandbox time goes (recorded run):');
const agentSbs = recorder.sandboxes.filter((s) => s.purpose === 'agent');
const scoringSbs = recorder.sandboxes.filter((s) => s.purpose === 'scoring');
const sumOps = (sbs, pred) =>
  sbs
    .flatMap((s) => s.ops)
    .filter(pred)
    .reduce((a, o) => a + o.ms, 0);
const isTest = (o) => o.op === 'exec' && isTestCommand(o.cmd);
console.log(
  `  sandboxes created: ${agentSbs.length} agent + ${scoringSbs.length} scoring; create total ${fmt(recorder.sandboxes.reduce((a, s) => a + s.createMs, 0) / 1000)} s`,
);
const phaseKeys = [...new Set(recorder.sandboxes.flatMap((s) => Object.keys(s.createPhases ?? {})))];
if (phaseKeys.length)
  console.log(
    `  create sub-phases (total): ${phaseKeys.map((k) => `${k}=${Math.round(recorder.sandboxes.reduce((a, s) => a + (s.createPhases?.[k] ?? 0), 0))}ms`).join(' ')}`,
  );
console.log(
  `  scoring test commands: ${fmt(sumOps(scoringSbs, isTest) / 1000)} s in ${scoringSbs.flatMap((s) => s.ops).filter(isTest).length} execs`,
);
const other = scoringSbs.flatMap((s) => s.ops).filter((o) => !isTest(o) && o.op !== 'destroy');
console.log(`  scoring other ops: ${fmt(other.reduce((a, o) => a + o.ms, 0) / 1000)} s in ${other.length} ops (${countBy(other)})`);
console.log(
  `  destroy total: ${fmt(sumOps(recorder.sandboxes, (o) => o.op === 'destroy') / 1000)} s; agent-sandbox diff(): ${fmt(sumOps(agentSbs, (o) => o.op === 'diff') / 1000)} s`,
);
// Work the runner hides behind other work (it no longer waits for it).
const scoringOps = scoringSbs.flatMap((s) => s.ops);
const hidden = [
  ['scoring sandbox create (started while the agent works)', scoringSbs.map((s) => ({ ms: s.createMs }))],
  ['agent sandbox create (started two trials ahead)', agentSbs.slice(1).map((s) => ({ ms: s.createMs }))],
  ['destroy (in the background)', recorder.sandboxes.flatMap((s) => s.ops).filter((o) => o.op === 'destroy')],
];
console.log('\nwork done off the critical path (recorded run):');
for (const [what, ops] of hidden)
  console.log(`  ${what.padEnd(56)} ${String(ops.length).padStart(3)} ops  ${fmt(ops.reduce((a, o) => a + o.ms, 0) / 1000)} s`);
const transports = countBy(recorder.sandboxes.map((s) => ({ op: s.transport ?? '?' })));
console.log(`  command transport per sandbox: ${transports}; scoring non-test ops: ${scoringOps.filter((o) => !isTest(o)).length}`);
const execs = recorder.sandboxes.flatMap((s) => s.ops).filter((o) => o.op === 'exec' || o.op === 'writeFile' || o.op === 'diff');
console.log(
  `  every exec-based op (exec/writeFile/diff): ${execs.length} ops, ${fmt(execs.reduce((a, o) => a + o.ms, 0) / 1000)} s; non-test ones ${execs.filter((o) => !(o.op === 'exec' && isTestCommand(o.cmd))).length}`,
);

const hm = median(harnessWalls);
const fm = median(floorWalls);
console.log(`\nmachine: ${cpuInfo()}; load at end ${loadAvg()}`);
console.log(`harness (CLI, median of ${REPS}): ${fmt(hm / 1000)} s; floor (docker CLI script, median of ${REPS}): ${fmt(fm / 1000)} s`);
console.log(
  `machine CPU used (all processes, median): harness ${fmt(median(harnessCpu))} CPU-s, floor ${fmt(median(floorCpu))} CPU-s (${fmt(median(harnessCpu) / median(floorCpu))}×)`,
);
console.log(`per-rep ratios: ${harnessWalls.map((h, i) => fmt(h / floorWalls[i])).join(' ')}`);
if (baselineBin)
  console.log(
    `baseline build (${process.env.BASELINE_DIST}): median ${fmt(median(baselineWalls) / 1000)} s, baseline/floor ${fmt(median(baselineWalls) / fm)}, baseline/current ${fmt(median(baselineWalls) / hm)}`,
  );
console.log(`harness/floor ratio: ${fmt(hm / fm)}`);
if (!process.env.KEEP) rmSync(work, { recursive: true, force: true });
rmSync(dataset, { recursive: true, force: true });

// ---------------------------------------------------------------------------------------

function readResults(runDir) {
  return readFileSync(path.join(runDir, 'results.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}

function isTestCommand(cmd) {
  return /\b(pytest|node --test|coverage)\b/.test(cmd);
}

function countBy(ops) {
  const m = {};
  for (const o of ops) {
    const k = o.op === 'exec' ? `exec:${o.cmd.split(/[\s;&]/)[0]}` : o.op;
    m[k] = (m[k] ?? 0) + 1;
  }
  return Object.entries(m)
    .map(([k, v]) => `${k}×${v}`)
    .join(', ');
}

function shq(s) {
  return `'${String(s).replace(/'/g, `'\\''`)}'`;
}

/** One trial per agent sandbox, with the scoring sandboxes of the same task.
 * The floor replays every scoring sandbox of a trial in ONE container, one after another:
 * what a later sandbox repeats of the first one's set-up (the same patches applied, the same
 * commit) is done once, and whatever the previous sandbox applied on top is reverted. */
function writeFloor(sandboxes, dir) {
  mkdirSync(dir, { recursive: true });
  // A failing step must not leave its container behind.
  const lines = [
    '#!/usr/bin/env bash',
    'set -euo pipefail',
    `IMG=${shq(image)}`,
    'c=',
    `trap '[ -n "$c" ] && docker rm -f "$c" >/dev/null 2>&1' EXIT`,
  ];
  // Sandboxes are started ahead and out of order: group them by task (one trial per task here).
  const trials = sandboxes
    .filter((s) => s.purpose === 'agent')
    .map((a) => ({ repoDir: a.repoDir, scoring: sandboxes.filter((s) => s.purpose === 'scoring' && s.task === a.task) }));
  let n = 0;
  const file = (data) => {
    const p = path.join(dir, `f${n++}`);
    writeFileSync(p, data);
    return p;
  };
  const isApply = (o) => o.op === 'exec' && /git apply --binary --whitespace=nowarn -$/.test(o.cmd) && o.stdin !== undefined;
  const isCommit = (o) => o.op === 'exec' && /^git add -A && git .* commit/.test(o.cmd);
  const isSetup = (o) => isApply(o) || isCommit(o);
  const same = (a, b) => a.op === b.op && a.cmd === b.cmd && String(a.stdin ?? '') === String(b.stdin ?? '');
  const gitApply = (p, reverse = false) =>
    `docker exec -u 0 -i -w /testbed "$c" git apply${reverse ? ' -R' : ''} --binary --whitespace=nowarn - < ${shq(p)}`;
  for (const [ti, t] of trials.entries()) {
    lines.push(`# trial ${ti + 1}`);
    lines.push(`c=$(docker run -d --network none --init -u 0 --entrypoint sleep "$IMG" infinity)`);
    lines.push(`docker cp -q ${shq(t.repoDir + '/.')} "$c:/testbed"`);
    let sinceCommit = [];
    const revert = (keep = 0) => {
      while (sinceCommit.length > keep) lines.push(gitApply(sinceCommit.pop(), true));
    };
    const first = t.scoring[0]?.ops ?? [];
    const appliedBefore = []; // sinceCommit.length as the first sandbox reaches op j
    for (const [si, s] of t.scoring.entries()) {
      let ops = s.ops;
      if (si > 0) {
        // The set-up this sandbox shares with the first one is already in the container;
        // what the first one did after it is reverted.
        let k = 0;
        while (k < ops.length && k < first.length && isSetup(ops[k]) && same(ops[k], first[k])) k++;
        if (first.slice(k).some(isCommit))
          throw new Error('floor: the first scoring sandbox committed after the shared set-up; cannot replay');
        ops = ops.slice(k);
        revert(appliedBefore[k] ?? 0);
      }
      for (const o of ops) {
        if (si === 0) appliedBefore.push(sinceCommit.length);
        if (o.op === 'writeFile') {
          lines.push(`docker cp -q ${shq(file(o.data))} "$c:${o.path}"`);
        } else if (o.op === 'putArchive' && o.data) {
          lines.push(`docker cp -q - "$c:${o.dir}" < ${shq(file(o.data))}`);
        } else if (o.op === 'exec' && /^\{ git reset -q --hard/.test(o.cmd)) {
          revert(); // mutants: back to the commit, then the next one
          if (o.stdin !== undefined) {
            const p = file(o.stdin);
            lines.push(gitApply(p));
            sinceCommit.push(p);
          }
        } else if (isApply(o)) {
          const p = file(o.stdin);
          lines.push(gitApply(p));
          sinceCommit.push(p);
        } else if (isCommit(o)) {
          sinceCommit = [];
        } else if (o.op === 'exec' && isTestCommand(o.cmd)) {
          const env = { PATH: SANDBOX_PATH, LANG: 'C.UTF-8', ...o.env };
          const e = Object.entries(env)
            .map(([k, v]) => `-e ${shq(`${k}=${v}`)}`)
            .join(' ');
          // The scorer reads exit codes, not success: a mutant run is meant to fail.
          lines.push(`docker exec -u 0 -w ${shq(o.cwd ?? '/testbed')} ${e} "$c" bash -c ${shq(o.cmd)} >/dev/null 2>&1 || true`);
        }
      }
    }
    lines.push('docker rm -f "$c" >/dev/null');
  }
  const p = path.join(dir, 'floor.sh');
  writeFileSync(p, lines.join('\n') + '\n');
  return p;
}

function cpuInfo() {
  try {
    const model = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? '?';
    const mem = Math.round(Number(readFileSync('/proc/meminfo', 'utf8').match(/MemTotal:\s*(\d+)/)[1]) / 1024 / 1024);
    return `${execFileSync('nproc').toString().trim()} cores (${model}), ${mem} GiB`;
  } catch {
    return '?';
  }
}
