// `atomic-skills synthesize`: a repository with a passing test suite becomes validated tasks for
// the five skills (docs/synthesis.md). Survey → candidates → validated bugs → derived tasks.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { InputError } from '../../core/errors.js';
import { ensureImage } from '../../images/build.js';
import { listFunctions, languageForPath, type FunctionSpan } from '../../mutation/index.js';
import { createSandboxBackend } from '../../sandbox/index.js';
import type { Sandbox } from '../../core/sandbox.js';
import { seedFor } from '../../stats/rng.js';
import { functionKey, findCandidates } from './candidates.js';
import type { Bug } from './bugs.js';
import {
  editingTask,
  localizationTask,
  reproductionTask,
  reviewTask,
  testGenerationTask,
  wrongFix,
  MIN_MUTANTS,
  type DeriveContext,
} from './derive.js';
import { SYNTH_SKILLS, type SynthSkill, type TaskDraft } from './drafts.js';
import { SandboxPool } from './pool.js';
import type { Job } from './runner.js';
import { detectProject, isTestPath, type SynthLanguage } from './project.js';
import { searchBugs } from './search.js';
import { sampleAcross } from './select.js';
import { snapshotRepo } from './snapshot.js';
import { synthEnvironment } from './environment.js';
import { survey as runSurvey } from './survey.js';
import { writeRecord, writeTask } from './write.js';
import { rewriteTexts } from './writer.js';

export interface SynthesizeOptions {
  repo: string;
  commit?: string;
  language?: SynthLanguage;
  skills: SynthSkill[];
  /** At most this many tasks per skill. */
  maxTasks: number;
  seed: number;
  out: string;
  /** Name of the repo folder and in task ids (default: the repository folder's name). */
  name?: string;
  sandbox: 'docker' | 'local' | 'auto';
  /** A named image: the tasks' image, or the base of the environment image. */
  image?: string;
  /** Setup file (*.sh or *.dockerfile) of the environment image (docs/datasets.md, environments). */
  setup?: string;
  /** Python: make the repo importable the way an install would, offline (default true). */
  pythonPath?: boolean;
  /** Sandboxes validating bugs at once. */
  sandboxes: number;
  /** Share of the reliable suite above which a bug counts as crashing everything. */
  maxFailShare: number;
  /** Composite bugs wanted, as a share of --max-tasks. */
  compositeShare: number;
  /** Stop after this many candidates were tried. */
  maxCandidates?: number;
  surveyTimeoutSeconds: number;
  /** Per mutant run (default: from the suite's duration). */
  testTimeoutSeconds?: number;
  /** Agent configuration of a model that rewrites the templated texts (off by default). */
  writer?: string;
  log: (line: string) => void;
  /** Sees every first-run test job of validation (bench/synthesis.mjs replays them as its floor). */
  onFirstRuns?: (jobs: Job[]) => void;
}

export interface SynthesisSummary {
  out: string;
  counts: Record<SynthSkill, number>;
  candidates: number;
  tried: number;
  bugs: { singles: number; composites: number };
  verdicts: Record<string, number>;
  runs: { first: number; confirm: number };
  seconds: { survey: number; validation: number; total: number };
  /** CPU time: the synthesis sandboxes (their cgroups; null when unreadable) and this process. */
  cpuSeconds: { sandboxes: number | null; host: number };
}

const CPU_USAGE = "cat /sys/fs/cgroup/cpuacct/cpuacct.usage 2>/dev/null || awk '/^usage_usec/ {print $2 * 1000}' /sys/fs/cgroup/cpu.stat";

/** CPU nanoseconds a sandbox has used, or null when its cgroup cannot be read. */
async function cpuNanos(sb: Sandbox): Promise<number | null> {
  const r = await sb.exec(CPU_USAGE).catch(() => undefined);
  const n = Number(r?.stdout.trim());
  return r && r.exitCode === 0 && Number.isFinite(n) && n > 0 ? n : null;
}

function repoName(opts: SynthesizeOptions): string {
  const raw = opts.name ?? path.basename(path.resolve(opts.repo));
  const name = raw
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!name) throw new InputError(opts.repo, '--name', 'cannot make a repository name from it; pass --name');
  return name;
}

async function emptyOut(out: string): Promise<void> {
  const entries = await fs.readdir(out).catch(() => undefined);
  if (entries && entries.length) throw new InputError(out, '--out', 'already exists and is not empty; choose a new folder');
  await fs.mkdir(out, { recursive: true });
}

async function spans(bugs: Bug[], sources: Map<string, string>): Promise<Map<string, FunctionSpan>> {
  const out = new Map<string, FunctionSpan>();
  for (const file of [...new Set(bugs.map((b) => b.parts[0].file))].sort()) {
    const lang = languageForPath(file);
    if (!lang) continue;
    for (const s of await listFunctions(sources.get(file)!, lang)) out.set(`${file}::${s.name}`, s);
  }
  return out;
}

/** A task per function with ≥ MIN_MUTANTS bugs; the other functions' bugs, file by file, make
 * file-level tasks (no target_symbol) when they add up to MIN_MUTANTS. No bug serves twice. */
function testGenerationDrafts(singles: Bug[], fnSpans: Map<string, FunctionSpan>, ctx: DeriveContext): TaskDraft[] {
  const byFn = new Map<string, Bug[]>();
  for (const b of singles) byFn.set(functionKey(b.parts[0]), [...(byFn.get(functionKey(b.parts[0])) ?? []), b]);
  const drafts: TaskDraft[] = [];
  const leftovers = new Map<string, { spans: FunctionSpan[]; bugs: Bug[] }>();
  for (const [fk, list] of [...byFn.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const span = fnSpans.get(fk);
    if (!span) continue;
    const file = fk.slice(0, fk.indexOf('::'));
    const own = list.length >= MIN_MUTANTS ? testGenerationTask({ file, symbol: span.name, spans: [span] }, list, ctx) : undefined;
    if (own) drafts.push(own);
    else {
      const rest = leftovers.get(file) ?? { spans: [], bugs: [] };
      leftovers.set(file, { spans: [...rest.spans, span], bugs: [...rest.bugs, ...list] });
    }
  }
  for (const [file, { spans, bugs }] of leftovers) {
    if (bugs.length < MIN_MUTANTS) continue;
    const d = testGenerationTask({ file, spans: [...spans].sort((a, b) => a.startLine - b.startLine) }, bugs, ctx);
    if (d) drafts.push(d);
  }
  return drafts;
}

/** Review tasks, exactly balanced: as many rejects (plausible wrong fixes) as approves. */
function reviewDrafts(bugs: Bug[], singles: Bug[], ctx: DeriveContext, max: number): TaskDraft[] {
  const rejects = bugs.flatMap((b) => (wrongFix(b, singles, ctx.survey) ? [reviewTask(b, 'reject', singles, ctx)!] : []));
  const half = Math.min(Math.floor(max / 2), rejects.length, bugs.length - Math.min(rejects.length, Math.floor(max / 2)));
  const chosenRejects = sampleAcross(rejects, half, seedFor('review-reject', ctx.seed));
  const taken = new Set(chosenRejects.map((d) => d.instance));
  const approves = bugs.filter((b) => !taken.has(`${ctx.repoName}-${b.id}`)).map((b) => reviewTask(b, 'approve', singles, ctx)!);
  const n = Math.min(chosenRejects.length, approves.length);
  return [...sampleAcross(chosenRejects, n, ctx.seed), ...sampleAcross(approves, n, seedFor('review-approve', ctx.seed))];
}

function derive(
  skills: SynthSkill[],
  bugs: Bug[],
  singles: Bug[],
  fnSpans: Map<string, FunctionSpan>,
  ctx: DeriveContext,
  max: number,
): TaskDraft[] {
  const out: TaskDraft[] = [];
  const want = new Set(skills);
  const perBug: [SynthSkill, (b: Bug) => TaskDraft | undefined][] = [
    ['editing', (b) => editingTask(b, ctx)],
    ['localization', (b) => localizationTask(b, ctx)],
    ['reproduction', (b) => reproductionTask(b, ctx)],
  ];
  for (const [skill, make] of perBug)
    if (want.has(skill))
      out.push(
        ...sampleAcross(
          bugs.flatMap((b) => make(b) ?? []),
          max,
          ctx.seed,
        ),
      );
  if (want.has('review')) out.push(...reviewDrafts(bugs, singles, ctx, max));
  if (want.has('test-generation')) out.push(...sampleAcross(testGenerationDrafts(singles, fnSpans, ctx), max, ctx.seed));
  return out;
}

export async function synthesize(opts: SynthesizeOptions): Promise<SynthesisSummary> {
  const started = Date.now();
  const cpuStart = process.cpuUsage();
  const name = repoName(opts);
  const out = path.resolve(opts.out);
  await emptyOut(out);
  try {
    return await synthesizeInto(out, name, opts, started, cpuStart);
  } catch (e) {
    // Nothing half-made is left behind: the folder was empty (or absent) before.
    await fs.rm(out, { recursive: true, force: true });
    throw e;
  }
}

async function synthesizeInto(
  out: string,
  name: string,
  opts: SynthesizeOptions,
  started: number,
  cpuStart: NodeJS.CpuUsage,
): Promise<SynthesisSummary> {
  const log = opts.log;
  const repoDir = path.join(out, 'repos', name);
  const snap = await snapshotRepo(path.resolve(opts.repo), opts.commit, repoDir);
  const project = await detectProject(repoDir, opts.repo, opts.language);
  log(
    `synthesize: ${name}${snap.commit ? `@${snap.commit.slice(0, 12)}` : ''} (${project.language}, ${project.framework}), seed ${opts.seed}`,
  );

  const backend = await createSandboxBackend(opts.sandbox);
  const defaultImage = backend.name === 'local' ? 'local' : await ensureImage({ log });
  const choice = {
    language: project.language,
    backend: backend.name,
    image: opts.image,
    setup: opts.setup,
    pythonPath: opts.pythonPath ?? true,
  };
  const env = await synthEnvironment(out, name, repoDir, choice, defaultImage, log);
  const spec = { ...env.spec, labels: { 'io.atomic-skills.purpose': 'synthesis' } };
  const sandboxes: Sandbox[] = [];
  try {
    sandboxes.push(await backend.create(spec));
    const surveyStart = Date.now();
    const sv = await runSurvey(sandboxes[0], repoDir, project, { timeoutSeconds: opts.surveyTimeoutSeconds, log });
    const surveySeconds = (Date.now() - surveyStart) / 1000;
    // The other sandboxes start while candidates are computed.
    const more = Promise.all(Array.from({ length: opts.sandboxes - 1 }, () => backend.create(spec)));
    const candidates = await findCandidates(sv, opts.seed);
    sandboxes.push(...(await more));
    if (!candidates.length) {
      throw new InputError(
        opts.repo,
        '',
        `the tests cover no ${project.language} source line that can be mutated (${sv.sources.size} covered source files)`,
      );
    }
    log(`candidates: ${candidates.length} mutations of covered lines in ${new Set(candidates.map(functionKey)).size} functions`);

    const skills = new Set(opts.skills);
    const bugSkills = opts.skills.filter((s) => s !== 'test-generation').length;
    const composites = bugSkills ? Math.ceil(opts.compositeShare * opts.maxTasks) : 0;
    const pool = new SandboxPool(sandboxes, project.framework, sv.testEnv);
    const validationStart = Date.now();
    const found = await searchBugs(
      candidates,
      sv,
      pool,
      {
        singles: bugSkills ? Math.ceil(opts.maxTasks * 1.25) : 0,
        targets: skills.has('test-generation') ? opts.maxTasks : 0,
        composites,
        maxCandidates: opts.maxCandidates,
        roundSize: Math.max(8, sandboxes.length * 8),
        seed: opts.seed,
      },
      {
        testTimeoutSeconds: opts.testTimeoutSeconds ?? Math.max(30, Math.ceil(sv.suiteSeconds * 3)),
        maxFailShare: opts.maxFailShare,
        log,
        onFirstRuns: opts.onFirstRuns,
      },
    );
    const validationSeconds = (Date.now() - validationStart) / 1000;

    const testSources = new Map<string, string>();
    for (const f of project.files.filter((f) => isTestPath(project.framework, f) || project.testFiles.includes(f))) {
      testSources.set(f, await fs.readFile(path.join(repoDir, f), 'utf8'));
    }
    const ctx: DeriveContext = {
      survey: sv,
      repoName: name,
      testSources,
      seed: opts.seed,
      commit: snap.commit,
      repoFields: env.taskFields,
    };
    const singles = [...found.singles].sort((a, b) => (a.id < b.id ? -1 : 1));
    const bugs = [...singles, ...found.composites].sort((a, b) => (a.id < b.id ? -1 : 1));
    const drafts = derive(opts.skills, bugs, singles, await spans(singles, sv.sources), ctx, opts.maxTasks);
    if (!drafts.length) {
      const v = found.tally.verdicts;
      throw new InputError(
        opts.repo,
        '',
        `no task could be made: ${found.candidatesTried} candidate bugs tried, ${singles.length} kept ` +
          `(${Object.entries(v)
            .filter(([k, n]) => k !== 'kept' && n > 0)
            .map(([k, n]) => `${n} ${k}`)
            .join(', ')})` +
          (v.crashed === found.candidatesTried
            ? ': every mutant crashed its tests — do the covering tests pass when run on their own?'
            : ''),
      );
    }
    if (opts.writer) await rewriteTexts(drafts, opts.writer, log);
    for (const d of drafts) await writeTask(out, d, name);

    const cpu = await Promise.all(sandboxes.map(cpuNanos));
    const hostCpu = process.cpuUsage(cpuStart);
    const counts = Object.fromEntries(SYNTH_SKILLS.map((s) => [s, drafts.filter((d) => d.skill === s).length])) as Record<
      SynthSkill,
      number
    >;
    const summary: SynthesisSummary = {
      out,
      counts,
      candidates: candidates.length,
      tried: found.candidatesTried,
      bugs: { singles: singles.length, composites: found.composites.length },
      verdicts: found.tally.verdicts,
      runs: { first: found.tally.firstRuns, confirm: found.tally.confirmRuns },
      seconds: { survey: surveySeconds, validation: validationSeconds, total: (Date.now() - started) / 1000 },
      cpuSeconds: {
        sandboxes: cpu.some((c) => c === null) ? null : cpu.reduce<number>((a, c) => a + (c ?? 0), 0) / 1e9,
        host: (hostCpu.user + hostCpu.system) / 1e6,
      },
    };
    await writeRecord(out, {
      repo: name,
      ...(snap.commit ? { commit: snap.commit } : {}),
      language: project.language,
      test_framework: project.framework,
      ...env.record,
      seed: opts.seed,
      max_tasks: opts.maxTasks,
      skills: opts.skills,
      tests_reliable: sv.reliable.length,
      tests_left_out: sv.unreliable,
      candidates: summary.candidates,
      tried: summary.tried,
      bugs: summary.bugs,
      verdicts: summary.verdicts,
      tasks: counts,
    });
    log(`synthesize: wrote ${drafts.length} tasks to ${out} (${SYNTH_SKILLS.map((s) => `${s} ${counts[s]}`).join(', ')})`);
    return summary;
  } finally {
    await Promise.all(sandboxes.map((sb) => sb.destroy().catch(() => undefined)));
  }
}
