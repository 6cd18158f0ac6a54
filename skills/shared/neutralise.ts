// Undoes agent changes that could force hidden tests to pass: test paths are restored from
// the base commit (agent-added files under them deleted), and test-runner configuration /
// interpreter hooks the agent added or changed anywhere are reverted.
import path from 'node:path';
import type { Sandbox } from '../../harness/core/sandbox.js';
import { normaliseRepoPath, shq } from './paths.js';
import { mustExec, readIfExists, run } from './sandbox.js';

const CONFIG_NAMES = new Set([
  'conftest.py',
  'pytest.ini',
  'setup.cfg',
  'pyproject.toml',
  'tox.ini',
  'sitecustomize.py',
  'usercustomize.py',
  'package.json',
  '.npmrc',
  '.noderc',
  '.mocharc.json',
  '.node-version',
]);

/** A path whose change could alter how the test runner or interpreter behaves. */
export function isRunnerConfig(repoPath: string): boolean {
  const base = path.posix.basename(repoPath);
  return CONFIG_NAMES.has(base) || base.endsWith('.pth');
}

/** Module paths preloaded via --require/-r/--import/--loader in a config text. */
export function preloadTargets(text: string): string[] {
  const out: string[] = [];
  const re = /(?:--require|--import|--loader|--experimental-loader|(?<![\w-])-r)(?:=|\s+)["']?([^\s"']+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(normaliseRepoPath(m[1]));
  return out;
}

async function revertPath(sb: Sandbox, p: string): Promise<void> {
  const q = shq(p);
  await mustExec(
    sb,
    `if git cat-file -e HEAD:${q} 2>/dev/null; then rm -rf -- ${q} && git checkout -q HEAD -- ${q}; else rm -rf -- ${q}; fi`,
  );
}

async function differsFromBase(sb: Sandbox, p: string): Promise<boolean> {
  const r = await run(sb, `git status --porcelain --untracked-files=all --ignored -- ${shq(p)}`);
  return r.stdout.trim().length > 0;
}

/** Call after applying the agent's diff, before copying hidden tests. Returns what it undid. */
export async function neutraliseTampering(sb: Sandbox, agentPaths: string[], testPaths: string[]): Promise<string[]> {
  const undone: string[] = [];
  for (const raw of testPaths) {
    const p = normaliseRepoPath(raw);
    if (!p) continue;
    if (await differsFromBase(sb, p)) {
      await revertPath(sb, p);
      undone.push(`restored test path ${p}`);
    }
  }
  const changed = agentPaths.map(normaliseRepoPath).filter(Boolean);
  const configs = changed.filter(isRunnerConfig);
  const hooks = new Set<string>();
  for (const c of configs) {
    const text = await readIfExists(sb, `/testbed/${c}`);
    if (text) for (const h of preloadTargets(text)) hooks.add(path.posix.normalize(path.posix.join(path.posix.dirname(c), h)));
  }
  for (const p of [...configs, ...changed.filter((c) => hooks.has(c))]) {
    if (await differsFromBase(sb, p)) {
      await revertPath(sb, p);
      undone.push(`reverted ${p}`);
    }
  }
  return [...new Set(undone)];
}
