// Synthesis throughput: `synthesize` on bundled libraries against its floor — running the
// covering tests of every candidate it tried (kept or discarded) once, the plain way (one
// scorer-style test run per candidate: `python3 -m pytest <ids>` / `node --test <file>`), on
// as many sandboxes of the same environment — plus the yield: tasks per minute and per
// CPU-minute (the sandboxes' cgroups + this process), and the share of candidate bugs kept.
//   REPOS=tablefmt,csvlite  MAX_TASKS=10  SANDBOXES=2  node bench/synthesis.mjs
// REPOS takes sample library names or paths (e.g. test/fixtures/synth/unitconv).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fmt, imp, loadAvg, requireBuild, ROOT, sandboxImage, SAMPLE } from './lib.mjs';

requireBuild();
const repos = (process.env.REPOS ?? 'tablefmt,csvlite').split(',');
const maxTasks = Number(process.env.MAX_TASKS ?? 10);
const sandboxes = Number(process.env.SANDBOXES ?? 2);
const { synthesize } = await imp('harness/sources/synth/index.js');
const { runTests } = await imp('skills/shared/run-tests.js');
const { createSandboxBackend } = await imp('harness/sandbox/index.js');
const { synthEnvironment } = await imp('harness/sources/synth/environment.js');
const image = await sandboxImage();

/** What a scored run needs to know of a task: the sample libraries' plain commands. */
const taskOf = (framework) => ({
  test_framework: framework,
  test_command: framework === 'pytest' ? 'python3 -m pytest' : 'node --test',
});

/** The floor: each recorded job's tests once, scorer-style, on `sandboxes` sandboxes. */
async function floor(spec, repoDir, framework, jobs) {
  const backend = await createSandboxBackend('docker');
  const sbs = await Promise.all(Array.from({ length: sandboxes }, () => backend.create(spec)));
  try {
    const started = Date.now();
    let next = 0;
    await Promise.all(
      sbs.map(async (sb) => {
        while (next < jobs.length) {
          const job = jobs[next++];
          const originals = job.files.map((f) => readFileSync(path.join(repoDir, f.path), 'utf8'));
          for (const f of job.files) await sb.writeFile(`/testbed/${f.path}`, f.content);
          await runTests(sb, { task: taskOf(framework), files: job.tests, timeoutMs: job.timeoutSeconds * 1000 });
          for (const [i, f] of job.files.entries()) await sb.writeFile(`/testbed/${f.path}`, originals[i]);
        }
      }),
    );
    return (Date.now() - started) / 1000;
  } finally {
    await Promise.all(sbs.map((sb) => sb.destroy()));
  }
}

const rows = [];
for (const entry of repos) {
  const repo = entry.includes('/') ? path.resolve(ROOT, entry) : path.join(SAMPLE, 'repos', entry);
  const name = path.basename(repo);
  const out = mkdtempSync(path.join(tmpdir(), `as-bench-synth-${name}-`));
  rmSync(out, { recursive: true });
  const jobs = [];
  const summary = await synthesize({
    repo,
    skills: ['localization', 'editing', 'test-generation', 'reproduction', 'review'],
    maxTasks,
    seed: 1,
    out,
    sandbox: 'docker',
    sandboxes,
    maxFailShare: 0.5,
    compositeShare: 0.25,
    surveyTimeoutSeconds: 1800,
    log: (l) => process.stderr.write(`${l}\n`),
    onFirstRuns: (js) => jobs.push(...js),
  });
  const record = JSON.parse(readFileSync(path.join(out, 'synthesis.json'), 'utf8'));
  const repoDir = path.join(out, 'repos', name);
  // The synthesis sandboxes' own environment (an environment image is found by its hash, not rebuilt).
  const env = await synthEnvironment(
    out,
    name,
    repoDir,
    { language: record.language, backend: 'docker', pythonPath: true },
    image,
    () => {},
  );
  const floorSeconds = await floor(env.spec, repoDir, record.test_framework, jobs);
  const tasks = Object.values(summary.counts).reduce((a, b) => a + b, 0);
  const cpu = (summary.cpuSeconds.sandboxes ?? NaN) + summary.cpuSeconds.host;
  const kept = (summary.bugs.singles + summary.bugs.composites) / summary.tried;
  rows.push({
    name,
    tasks,
    jobs: jobs.length,
    kept,
    synth: summary.seconds.total,
    survey: summary.seconds.survey,
    floor: floorSeconds,
    cpu,
  });
  rmSync(out, { recursive: true, force: true });
}

console.log(`\nload ${loadAvg()}, ${sandboxes} sandboxes, --max-tasks ${maxTasks}`);
console.log('repo        tasks  candidates  kept  synthesis s  (survey s)  floor s  synthesis/floor  tasks/min  tasks/CPU-min');
for (const r of rows) {
  console.log(
    `${r.name.padEnd(12)}${String(r.tasks).padStart(5)}${String(r.jobs).padStart(12)}${`${Math.round(r.kept * 100)}%`.padStart(6)}${fmt(r.synth, 1).padStart(13)}${fmt(r.survey, 1).padStart(12)}${fmt(r.floor, 1).padStart(9)}${fmt(r.synth / r.floor).padStart(17)}${fmt(r.tasks / (r.synth / 60), 1).padStart(11)}${fmt(r.tasks / (r.cpu / 60), 1).padStart(15)}`,
  );
}
const total = (k) => rows.reduce((a, r) => a + r[k], 0);
console.log(`synthesis/floor ratio (all repos): ${fmt(total('synth') / total('floor'))}`);
