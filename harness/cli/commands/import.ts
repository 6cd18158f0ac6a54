// `atomic-skills import swebench FILE --out DIR`: SWE-bench-format instances become a dataset of
// tasks for the five skills (docs/datasets.md).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { InputError } from '../../core/errors.js';
import { openSandboxes } from '../../runner/sandboxes.js';
import { TrackingBackend } from '../../runner/tracking-backend.js';
import { importSwebench, REPORT_FILE, summarise } from '../../sources/swebench/import.js';
import { positiveInt, positiveNumber, sandboxKind } from './shared.js';
import { parseSkills } from './run.js';

interface ImportFlags {
  out: string;
  repos?: string;
  setup?: string;
  imageTemplate?: string;
  imageReplace: string[];
  keepImageCase?: boolean;
  imagePull: 'missing' | 'never';
  baseImage?: string;
  pythonPath: boolean;
  skills?: string;
  hints?: boolean;
  filter?: string;
  limit?: number;
  run: boolean;
  calibrate: boolean;
  concurrency: number;
  sandbox: 'docker' | 'local' | 'auto';
  image?: string;
  sandboxEnv: string[];
  testEnv: string[];
  testSetup?: string;
  testCommand?: string;
  testTimeout: number;
}

function pair(value: string, previous: string[] = []): string[] {
  if (!value.includes('=')) throw new InvalidArgumentError('expected FROM=TO / NAME=VALUE');
  return [...previous, value];
}

function split(v: string): [string, string] {
  const i = v.indexOf('=');
  return [v.slice(0, i), v.slice(i + 1)];
}

/** Per-repo setup files copied into the dataset: `owner__name.sh` / `.dockerfile` (the per-commit
 * step) and `owner__name.env.sh` (the step every commit shares); `owner__name@VERSION.…` for the
 * instances of one version (keyed `owner/name@VERSION`). */
async function setupFiles(dir: string, out: string): Promise<{ setups: Map<string, string>; envSetups: Map<string, string> }> {
  const setups = new Map<string, string>();
  const envSetups = new Map<string, string>();
  const names = await fs.readdir(dir).catch(() => {
    throw new InputError(dir, '--setup', 'folder does not exist');
  });
  await fs.mkdir(path.join(out, 'environments'), { recursive: true });
  for (const name of names.sort()) {
    const m = /^(.+?)__(.+?)(\.env\.sh|\.sh|\.dockerfile)$/.exec(name);
    if (!m) continue;
    const dest = path.join(out, 'environments', name);
    await fs.copyFile(path.join(dir, name), dest);
    (m[3] === '.env.sh' ? envSetups : setups).set(`${m[1]}/${m[2]}`, dest);
  }
  return { setups, envSetups };
}

export function register(program: Command): void {
  const imp = program.command('import').description('turn outside datasets into tasks');
  imp
    .command('swebench <file>')
    .description('SWE-bench-format instances (.jsonl or .json) → tasks for all five skills')
    .requiredOption('--out <dir>', 'dataset folder to write (tasks/, import-report.json)')
    .option('--repos <dir>', 'local clones or bare mirrors, one per repository, named owner__name')
    .option(
      '--setup <dir>',
      'per-repository setup: owner__name.sh (run as root in /testbed) or owner__name.dockerfile, and owner__name.env.sh (before the tree: shared by every commit)',
    )
    .option('--image-template <t>', 'prebuilt image per instance, e.g. registry/sweb.eval.{instance_id}:latest')
    .option('--image-replace <from=to>', 'replace text in the values put into the template (repeatable), e.g. __=_1776_', pair, [])
    .option('--keep-image-case', 'do not lowercase the values put into the template')
    .option(
      '--image-pull <when>',
      'missing | never',
      (v) => (v === 'missing' || v === 'never' ? v : invalid('missing or never')),
      'missing',
    )
    .option('--base-image <tag>', 'with --repos: build on this image instead of the sandbox image')
    .option('--no-python-path', 'with --repos: do not make the repository importable without an install')
    .option('--skills <list>', 'comma-separated skills to derive (default: all five)')
    .option('--hints', "append the instance's hints to the editing instruction")
    .option('--filter <glob>', 'only instances whose id matches')
    .option('--limit <n>', 'at most n instances', positiveInt)
    .option('--no-run', 'derive without running tests (no calibration, no review or test-generation tasks)')
    .option('--no-calibrate', "keep the instance's FAIL_TO_PASS/PASS_TO_PASS as given")
    .option('--concurrency <n>', 'instances derived at once when running tests', positiveInt, 2)
    .option('--sandbox <kind>', 'docker | local | auto', sandboxKind, 'auto')
    .option('--image <tag>', 'sandbox image (default: the built-in recipe)')
    .option(
      '--sandbox-env <name=value>',
      "variable every sandbox command sees, the agent's too, e.g. PATH of an activated environment (repeatable)",
      pair,
      [],
    )
    .option('--test-env <name=value>', 'environment variable for every scored test run (repeatable)', pair, [])
    .option('--test-setup <shell>', 'shell lines run before each scored test command (e.g. activate an environment)')
    .option('--test-command <cmd>', 'test command when an instance has none; {files} = its test files', undefined)
    .option('--test-timeout <seconds>', 'per test run while deriving', positiveNumber, 300)
    .action(async (file: string, flags: ImportFlags) => {
      const out = path.resolve(flags.out);
      await fs.access(file).catch(() => {
        throw new InputError(file, '', 'file not found');
      });
      const log = (l: string) => process.stderr.write(`${l}\n`);
      const steps = flags.setup ? await setupFiles(path.resolve(flags.setup), out) : undefined;
      const environment = {
        imageTemplate: flags.imageTemplate,
        imageReplace: flags.imageReplace.map(split),
        imageLowercase: !flags.keepImageCase,
        imagePull: flags.imagePull,
        repos: flags.repos ? path.resolve(flags.repos) : undefined,
        setups: steps?.setups,
        envSetups: steps?.envSetups,
        pythonPath: flags.pythonPath,
        baseImage: flags.baseImage,
        env: flags.sandboxEnv.length ? Object.fromEntries(flags.sandboxEnv.map(split)) : undefined,
      };
      const tests = {
        testEnv: flags.testEnv.length ? Object.fromEntries(flags.testEnv.map(split)) : undefined,
        testSetup: flags.testSetup,
        testCommand: flags.testCommand,
      };
      let tracking: TrackingBackend | undefined;
      let run;
      if (flags.run) {
        const { backend, image } = await openSandboxes({ kind: flags.sandbox, image: flags.image, log });
        tracking = new TrackingBackend(backend, { 'io.atomic-skills.run': `import-${process.pid}` });
        run = { backend: tracking, image, testTimeoutMs: flags.testTimeout * 1000, log };
      }
      try {
        const report = await importSwebench({
          file,
          out,
          environment,
          tests,
          skills: parseSkills(flags.skills),
          hints: flags.hints,
          filter: flags.filter,
          limit: flags.limit,
          run,
          noCalibrate: !flags.calibrate,
          concurrency: flags.concurrency,
          log,
        });
        process.stdout.write(summarise(report).join('\n') + `\n\nwrote ${out} (details: ${path.join(out, REPORT_FILE)})\n`);
        if (report.instances.length === 0) process.exitCode = 1;
      } finally {
        await tracking?.destroyAll();
      }
    });
}

function invalid(what: string): never {
  throw new InvalidArgumentError(`expected ${what}`);
}
