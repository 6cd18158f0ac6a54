// A SWE-bench instance as a Bug: which environment its repository runs in (a prebuilt image per
// instance, a local clone or mirror, or the instance's own image), and how its tests run.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Environment } from '../../core/environment.js';
import { isPytestId, fileOfTestId, idSafe, type Bug } from '../derive/bug.js';
import { testPatchFiles } from '../derive/calibrate.js';
import type { Instance } from './instance.js';

export interface EnvironmentChoice {
  /** e.g. `swebench/sweb.eval.x86_64.{instance_id}:latest`. */
  imageTemplate?: string;
  /** Applied to each value put into the template, in order: `[from, to]` (e.g. `["__", "_1776_"]`). */
  imageReplace?: Array<[string, string]>;
  /** Lowercase the values put into the template (Docker repository names are lowercase). */
  imageLowercase?: boolean;
  imagePull?: 'missing' | 'never';
  /** Folder of `owner__name` clones or bare mirrors (absolute). */
  repos?: string;
  /** Per repo setup file (absolute), by owner/name or owner/name@version. */
  setups?: Map<string, string>;
  /** Per repo setup run before the tree is copied (absolute), by owner/name or owner/name@version. */
  envSetups?: Map<string, string>;
  /** Make the repo importable without an install (default true). */
  pythonPath?: boolean;
  baseImage?: string;
  /** Variables every command in the sandbox sees, the agent's included (e.g. an environment's PATH). */
  env?: Record<string, string>;
}

export interface TestChoice {
  testEnv?: Record<string, string>;
  testSetup?: string;
  /** Used when the instance names no test command; `{files}` = the test files. */
  testCommand?: string;
}

const PLACEHOLDER = /\{(instance_id|repo|owner|name|base_commit|version)\}/g;

export function renderImage(template: string, inst: Instance, choice: EnvironmentChoice): string {
  const [owner, name] = inst.repo.split('/');
  const values: Record<string, string> = {
    instance_id: inst.instance_id,
    repo: inst.repo,
    owner,
    name,
    base_commit: inst.base_commit,
    version: inst.version ?? '',
  };
  return template.replace(PLACEHOLDER, (_, key: string) => {
    let v = values[key];
    for (const [from, to] of choice.imageReplace ?? []) v = v.split(from).join(to);
    return choice.imageLowercase === false ? v : v.toLowerCase();
  });
}

/** The clone of `owner/name` under `repos`: owner__name, owner__name.git, or name (first found). */
export function findClone(repos: string, repo: string): string | undefined {
  const [owner, name] = repo.split('/');
  return [`${owner}__${name}`, `${owner}__${name}.git`, name, `${name}.git`].map((n) => path.join(repos, n)).find((p) => existsSync(p));
}

function envOf(choice: EnvironmentChoice): { env?: Record<string, string> } {
  return choice.env && Object.keys(choice.env).length ? { env: choice.env } : {};
}

/** The instance's environment, or why it has none. */
export function environmentOf(inst: Instance, choice: EnvironmentChoice): Environment | { error: string } {
  if (choice.imageTemplate) {
    return { kind: 'image', image: renderImage(choice.imageTemplate, inst, choice), pull: choice.imagePull ?? 'missing', ...envOf(choice) };
  }
  if (choice.repos) {
    const source = findClone(choice.repos, inst.repo);
    if (!source) return { error: `no clone of ${inst.repo} in ${choice.repos} (expected ${inst.repo.replace('/', '__')})` };
    // A file for the instance's version (SWE-bench's environments are per repo@version) wins
    // over the repository's.
    const pick = (m?: Map<string, string>) => (inst.version ? m?.get(`${inst.repo}@${inst.version}`) : undefined) ?? m?.get(inst.repo);
    const setup = pick(choice.setups);
    const envSetup = pick(choice.envSetups);
    return {
      kind: 'git',
      repo: inst.repo,
      commit: inst.base_commit,
      source,
      ...(setup ? { setup } : {}),
      ...(envSetup ? { env_setup: envSetup } : {}),
      python_path: choice.pythonPath ?? true,
      ...(choice.baseImage ? { base_image: choice.baseImage } : {}),
      ...envOf(choice),
    };
  }
  if (inst.image) return { kind: 'image', image: inst.image, pull: choice.imagePull ?? 'missing', ...envOf(choice) };
  return { error: 'no environment: give --repos DIR (local clones) or --image-template (prebuilt images)' };
}

const shellWord = (s: string) => (/^[\w./@%+=:,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The instance's own test command, else pytest on the test files of its test patch (as SWE-bench
 * runs them), else on the files of its test ids. */
export function testCommandOf(inst: Instance, tests: TestChoice): string {
  if (inst.test_command) return inst.test_command;
  const files = testPatchFiles(inst.test_patch);
  const ids = [...inst.FAIL_TO_PASS, ...inst.PASS_TO_PASS].filter(isPytestId);
  const list = (files.length ? files : [...new Set(ids.map(fileOfTestId))]).map(shellWord).join(' ');
  const template = tests.testCommand ?? 'python3 -m pytest -q {files}';
  return template.includes('{files}') ? template.replace('{files}', list).trim() : template;
}

/** The export's setup lines first, then the user's (--test-setup), in one shell. */
function testSetupOf(inst: Instance, tests: TestChoice): { testSetup?: string } {
  const lines = [inst.test_setup, tests.testSetup].filter((s): s is string => !!s?.trim());
  return lines.length ? { testSetup: lines.join('\n') } : {};
}

export function bugOf(inst: Instance, idBase: string, environment: Environment, tests: TestChoice): Bug {
  const extra = Object.keys(inst.extra).length ? { extra: inst.extra } : {};
  return {
    instance: inst.instance_id,
    idBase: idSafe(idBase),
    repo: inst.repo,
    language: 'python',
    testFramework: 'pytest',
    problemStatement: inst.problem_statement,
    hints: inst.hints_text,
    goldPatch: inst.patch,
    testPatch: inst.test_patch,
    failToPass: inst.FAIL_TO_PASS,
    passToPass: inst.PASS_TO_PASS,
    environment,
    testCommand: testCommandOf(inst, tests),
    ...(tests.testEnv ? { testEnv: tests.testEnv } : {}),
    ...testSetupOf(inst, tests),
    provenance: {
      source: 'swebench',
      instance: inst.instance_id,
      repo: inst.repo,
      base_commit: inst.base_commit,
      ...(inst.version ? { version: inst.version } : {}),
      ...(inst.environment_setup_commit ? { environment_setup_commit: inst.environment_setup_commit } : {}),
      ...(inst.created_at ? { created_at: inst.created_at } : {}),
      ...(inst.install ? { install: inst.install } : {}),
      ...extra,
    },
  };
}
