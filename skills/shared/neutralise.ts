// Undoes agent changes that could decide how hidden tests run rather than what the code does:
// test paths are restored from the base commit (agent-added files under them deleted); every
// file pytest, Python or node read as configuration or load before the tests (ini/toml/cfg
// files, conftest.py anywhere, .pth, sitecustomize, package.json, loader and plugin modules the
// configuration names) is reverted wherever the agent added or changed it; and a module the
// agent added at the top of an import root that shadows a standard or installed one (a
// `pytest.py`, a `unittest/`) is removed. The configuration the tests then run with is the
// repository's own, as at the base commit.
import path from 'node:path';
import type { Sandbox } from '../../harness/core/sandbox.js';
import { normaliseRepoPath, shq } from './paths.js';
import { mustExec, readIfExists, run } from './sandbox.js';

/** Files read as configuration by pytest, Python, coverage or node (by name, in any folder). */
const CONFIG_NAMES = new Set([
  // pytest and Python
  'conftest.py',
  'pytest.ini',
  '.pytest.ini',
  'pytest.toml',
  '.pytest.toml',
  'setup.cfg',
  'pyproject.toml',
  'tox.ini',
  'sitecustomize.py',
  'usercustomize.py',
  '.coveragerc',
  // node and its loaders
  'package.json',
  '.npmrc',
  '.noderc',
  'node.config.json',
  '.env',
  '.mocharc.json',
  '.mocharc.js',
  '.mocharc.cjs',
  '.mocharc.yml',
  '.mocharc.yaml',
  '.node-version',
  '.babelrc',
  '.swcrc',
  'tsconfig.json',
  'jsconfig.json',
]);
/** Config files by pattern: babel/jest/vitest/ava configs in any module flavour. */
const CONFIG_PATTERN = /^(babel|jest|vitest|ava|tsup)\.config\.[cm]?[jt]s(on)?$/;

/** A path whose change could alter how the test runner or interpreter behaves. */
export function isRunnerConfig(repoPath: string): boolean {
  const base = path.posix.basename(repoPath);
  return CONFIG_NAMES.has(base) || CONFIG_PATTERN.test(base) || base.endsWith('.pth');
}

/** Modules a configuration or command loads before the tests: node's --require/-r/--import/
 * --loader targets (repo paths), and pytest's `-p plugin` modules (as the paths they may be at). */
export function preloadTargets(text: string): string[] {
  const out: string[] = [];
  const node = /(?:--require|--import|--loader|--experimental-loader|(?<![\w-])-r)(?:=|\s+)["']?([^\s"']+)/g;
  for (let m = node.exec(text); m; m = node.exec(text)) out.push(normaliseRepoPath(m[1]));
  const plugin = /(?<![\w-])-p\s*["']?([A-Za-z_][\w.]*)/g;
  for (let m = plugin.exec(text); m; m = plugin.exec(text)) {
    const mod = m[1].replace(/\./g, '/');
    for (const root of ['', 'src/']) out.push(`${root}${mod}.py`, `${root}${mod}/__init__.py`);
  }
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

export interface NeutraliseOptions {
  /** Test paths (files or folders) restored to the base commit. */
  testPaths: string[];
  /** The task's own test command: the modules it preloads are protected too. */
  testCommand?: string;
  /** Folders (repo paths) from which Python imports top-level modules besides the repo root
   * (e.g. `src`, from test_env's PYTHONPATH). */
  importRoots?: string[];
}

/** Call after applying the agent's diff, before adding hidden tests. Returns what it undid. */
export async function neutraliseTampering(sb: Sandbox, agentPaths: string[], opts: NeutraliseOptions): Promise<string[]> {
  const undone: string[] = [];
  for (const raw of opts.testPaths) {
    const p = normaliseRepoPath(raw);
    if (!p) continue;
    if (await differsFromBase(sb, p)) {
      await revertPath(sb, p);
      undone.push(`restored test path ${p}`);
    }
  }
  const changed = agentPaths.map(normaliseRepoPath).filter(Boolean);
  const configs = changed.filter(isRunnerConfig);
  const hooks = new Set<string>(opts.testCommand ? preloadTargets(opts.testCommand) : []);
  for (const c of configs) {
    // The agent's version names what it wanted loaded; the base version is read after the revert.
    const text = await readIfExists(sb, `/testbed/${c}`);
    if (text) for (const h of preloadTargets(text)) hooks.add(path.posix.normalize(path.posix.join(path.posix.dirname(c), h)));
  }
  for (const p of configs) {
    if (await differsFromBase(sb, p)) {
      await revertPath(sb, p);
      undone.push(`reverted ${p}`);
    }
  }
  for (const c of configs) {
    const text = await readIfExists(sb, `/testbed/${c}`);
    if (text) for (const h of preloadTargets(text)) hooks.add(path.posix.normalize(path.posix.join(path.posix.dirname(c), h)));
  }
  for (const p of changed.filter((c) => hooks.has(c))) {
    if (await differsFromBase(sb, p)) {
      await revertPath(sb, p);
      undone.push(`reverted ${p}`);
    }
  }
  for (const p of await shadowingModules(sb, changed, opts.importRoots ?? [])) {
    await revertPath(sb, p);
    undone.push(`removed ${p} (shadows an installed module)`);
  }
  return [...new Set(undone)];
}

/** Top-level modules the agent added (a.py, or a/ with files) at an import root whose name a
 * standard or installed module also has: they would be imported instead of it. */
async function shadowingModules(sb: Sandbox, changed: string[], roots: string[]): Promise<string[]> {
  const candidates = new Map<string, string>(); // module name → repo path of what the agent added
  for (const root of ['', ...roots.map(normaliseRepoPath).filter(Boolean)]) {
    const prefix = root ? `${root}/` : '';
    for (const p of changed) {
      if (!p.startsWith(prefix)) continue;
      const rest = p.slice(prefix.length).split('/');
      const top = rest[0];
      const name = rest.length === 1 ? top.replace(/\.py$/, '') : top;
      if (!/^[A-Za-z_]\w*$/.test(name) || (rest.length === 1 && !top.endsWith('.py'))) continue;
      candidates.set(name, `${prefix}${top}`);
    }
  }
  if (!candidates.size) return [];
  // Only what the agent added (not in the base commit) can shadow: changes to the repo's own
  // modules are the agent's work.
  const added: string[] = [];
  for (const [name, p] of candidates) {
    const r = await run(sb, `git cat-file -e HEAD:${shq(p)} 2>/dev/null && echo base || echo new`);
    if (r.stdout.trim() === 'new') added.push(name);
  }
  if (!added.length) return [];
  // Which of these names Python finds elsewhere (run from /, the repo off the path).
  const probe = `import importlib.util, sys\nsys.path[:] = [p for p in sys.path if p and not p.startswith('/testbed')]\nfor n in sys.argv[1:]:\n    try:\n        found = n in sys.builtin_module_names or importlib.util.find_spec(n) is not None\n    except Exception:\n        found = False\n    print(n if found else '')\n`;
  const r = await run(sb, `cd / && python3 -c ${shq(probe)} ${added.map(shq).join(' ')}`, { cwd: '/' });
  const shadowing = new Set(r.stdout.split('\n').filter(Boolean));
  return added.filter((n) => shadowing.has(n)).map((n) => candidates.get(n) as string);
}
