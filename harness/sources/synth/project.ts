// What kind of project a repository snapshot is: its language and test framework, its test
// files (as the framework would discover them) and the source files worth mutating.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { InputError } from '../../core/errors.js';
import type { TestFramework } from '../../core/task.js';
import { listFiles } from '../../core/files.js';
import { isTestFile } from '../../../skills/shared/test-files.js';
import { languageForPath } from '../../mutation/index.js';
import { ignoredName } from '../../tasks/hash.js';

export type SynthLanguage = 'python' | 'javascript' | 'typescript';

export interface Project {
  /** The repository as the user named it (for messages). */
  label: string;
  language: SynthLanguage;
  framework: TestFramework;
  /** The repo's whole suite, as task.yaml's test_command. */
  testCommand: string;
  /** Every file of the snapshot (repo-relative, sorted). */
  files: string[];
  /** node: the test files `node --test` would run (pytest discovers its own). */
  testFiles: string[];
}

/** Folders whose files are never mutated: tests, docs, examples, vendored code, build output. */
const NOT_SOURCE =
  /(^|\/)(tests?|__tests__|testing|spec|docs?|examples?|benchmarks?|bench|scripts|vendor|third_party|build|dist|coverage|\.[^/]+)\//;

function isNodeTestFile(p: string): boolean {
  const base = path.posix.basename(p);
  if (!/\.(c|m)?js$/.test(base)) return false;
  if (/(^|\/)test\//.test(p)) return true;
  return /^test\.(c|m)?js$/.test(base) || /^test-.+/.test(base) || /.+[.\-_]test\.(c|m)?js$/.test(base);
}

export function isTestPath(framework: TestFramework, p: string): boolean {
  if (framework === 'pytest') return isTestFile('pytest', p) || path.posix.basename(p) === 'conftest.py';
  return isNodeTestFile(p) || isTestFile('node-test', p);
}

/** Files the mutation engine may change: the language's sources outside test and tooling folders. */
export function isSourceFile(project: Pick<Project, 'language' | 'framework'>, p: string): boolean {
  const lang = languageForPath(p);
  if (!lang || NOT_SOURCE.test(p) || isTestPath(project.framework, p)) return false;
  if (/(^|\/)(setup|conftest|noxfile|fabfile)\.py$/.test(p) || /\.config\.(c|m)?js$/.test(p) || /\.min\.js$/.test(p)) return false;
  if (project.language === 'python') return lang === 'python';
  if (project.language === 'javascript') return lang === 'javascript';
  return lang === 'typescript' || lang === 'tsx';
}

async function nodeTestArgs(repoDir: string): Promise<string[] | undefined> {
  // `"test": "node --test test/ other.test.js"`: the paths the project itself names.
  try {
    const pkg = JSON.parse(await fs.readFile(path.join(repoDir, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
    const m = /\bnode\s+(?:--[\w-]+(?:=\S+)?\s+)*--test\b((?:\s+[^\s&|;]+)*)/.exec(pkg.scripts?.test ?? '');
    if (!m) return undefined;
    const args = m[1]
      .trim()
      .split(/\s+/)
      .filter((a) => a && !a.startsWith('-'));
    return args.length ? args.map((a) => a.replace(/^\.\//, '').replace(/^['"]|['"]$/g, '')) : undefined;
  } catch {
    return undefined;
  }
}

function globRegex(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|\\]/g, '\\$&')
    .replace(/\*\*\/?/g, '\u0000')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]')
    .replace(/\u0000/g, '.*');
  return new RegExp(`^${body}$`);
}

/** Does a path given to `node --test` (file, folder or glob) select repo file `f`? */
function selects(arg: string, f: string): boolean {
  const a = arg.replace(/\/+$/, '');
  if (/[*?[]/.test(a)) return globRegex(a).test(f);
  return f === a || (f.startsWith(`${a}/`) && isNodeTestFile(f.slice(a.length + 1)));
}

/** Looks at a snapshot folder and decides how its tests run. */
export async function detectProject(repoDir: string, label: string, language?: SynthLanguage): Promise<Project> {
  const fail = (message: string) => new InputError(label, '', message);
  const files = await listFiles(repoDir, ignoredName);
  const pyTests = files.filter((f) => isTestFile('pytest', f));
  const jsTests = files.filter(isNodeTestFile);
  const tsSources = files.filter((f) => /\.(ts|tsx|mts|cts)$/.test(f) && !/\.d\.[mc]?ts$/.test(f));
  let lang = language;
  if (!lang) {
    if (pyTests.length && !jsTests.length) lang = 'python';
    else if (jsTests.length && !pyTests.length)
      lang = tsSources.length > files.filter((f) => /\.(c|m)?js$/.test(f)).length ? 'typescript' : 'javascript';
    else if (pyTests.length && jsTests.length) {
      throw fail(`has both pytest (${pyTests.length}) and node (${jsTests.length}) test files; choose one with --language`);
    } else throw fail(`no test files found (pytest test_*.py / *_test.py, or node *.test.js / test/**/*.js)`);
  }
  if (lang === 'python') {
    if (!pyTests.length) throw fail(`no pytest test files (test_*.py or *_test.py)`);
    return { label, language: lang, framework: 'pytest', testCommand: 'python3 -m pytest -q', files, testFiles: pyTests };
  }
  const named = await nodeTestArgs(repoDir);
  const testFiles = named ? files.filter((f) => /\.(c|m)?js$/.test(f) && named.some((a) => selects(a, f))) : jsTests;
  if (!testFiles.length) throw fail(`no node test files (*.test.js, test/**/*.js)`);
  const testCommand = named ? `node --test ${named.join(' ')}` : 'node --test';
  return { label, language: lang, framework: 'node-test', testCommand, files, testFiles };
}
