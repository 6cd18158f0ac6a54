// The task's own way of running tests (test_command, test_env, test_setup), read once so every
// scored run honours it: pytest's interpreter and arguments, node's flags, the shell lines and
// environment that come first. Only what the harness must own is replaced: the reporter, the
// sentinels, and a safe import path.
import type { BaseTask } from '../../harness/core/task.js';
import { shq } from './paths.js';

/** Shell words of a simple command (quotes and backslashes honoured; no expansion). Returns
 * undefined for anything with operators (`&&`, `;`, `|`, redirections, substitutions). */
export function shellWords(cmd: string): string[] | undefined {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < cmd.length; i++) {
    const c = cmd[i];
    if (c === "'") {
      const end = cmd.indexOf("'", i + 1);
      if (end < 0) return undefined;
      cur += cmd.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < cmd.length && cmd[j] !== '"'; j++) {
        if (cmd[j] === '\\' && j + 1 < cmd.length) cur += cmd[++j];
        else if (cmd[j] === '$' || cmd[j] === '`') return undefined;
        else cur += cmd[j];
      }
      if (j >= cmd.length) return undefined;
      i = j;
      inWord = true;
    } else if (c === '\\' && i + 1 < cmd.length) {
      cur += cmd[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else if (/[;&|<>()`$]/.test(c)) {
      return undefined;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

export interface PytestCommand {
  /** The interpreter the command names (python3, python3.11, /opt/env/bin/python…), or a
   * shell expression finding one when it runs pytest by its script. */
  python: string;
  /** `python -m pytest` puts the working directory first on sys.path; the `pytest` script does not. */
  cwdFirst: boolean;
  /** pytest's arguments from the command (options and paths). */
  args: string[];
  /** Environment assignments written before the command (`PYTHONPATH=src pytest`). */
  env: Record<string, string>;
}

const FIND_PYTHON = '"$(command -v python3 || command -v python)"';

/** The command's leading `VAR=value` words, and the index of the first word after them. */
function leadingAssignments(words: string[]): { env: Record<string, string>; next: number } {
  const env: Record<string, string> = {};
  let next = 0;
  for (; next < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[next]); next++) {
    const eq = words[next].indexOf('=');
    env[words[next].slice(0, eq)] = words[next].slice(eq + 1);
  }
  return { env, next };
}

/** Reads a pytest command line; undefined when it is not one (then the defaults apply). */
export function parsePytestCommand(cmd: string): PytestCommand | undefined {
  const words = shellWords(cmd.trim());
  if (!words?.length) return undefined;
  const { env, next: i } = leadingAssignments(words);
  const head = words[i];
  if (head === undefined) return undefined;
  const base = head.split('/').pop() as string;
  if (base === 'pytest' || base === 'py.test') return { python: FIND_PYTHON, cwdFirst: false, args: words.slice(i + 1), env };
  if (!/^python(\d+(\.\d+)?)?$/.test(base)) return undefined;
  let j = i + 1;
  // interpreter options before -m (e.g. -X dev, -W error, -B)
  for (; j < words.length && words[j] !== '-m'; j++) {
    if (!words[j].startsWith('-')) return undefined;
    if (['-X', '-W'].includes(words[j])) j++;
  }
  if (words[j] !== '-m' || words[j + 1] !== 'pytest') return undefined;
  return { python: shq(head), cwdFirst: true, args: words.slice(j + 2), env };
}

/** The task's pytest command, or what `python3 -m pytest` would be. */
export function pytestCommandOf(task: BaseTask): PytestCommand {
  return parsePytestCommand(task.test_command) ?? { python: FIND_PYTHON, cwdFirst: true, args: [], env: {} };
}

export interface NodeCommand {
  /** Node options other than the test runner's own (--test, reporters, name filters). */
  flags: string[];
  /** Files, folders or globs the command names (none: node's default discovery). */
  paths: string[];
  env: Record<string, string>;
}

/** Options of the test runner that scoring owns: dropped from the task's command. */
const NODE_OWNED = /^--test(-reporter|-reporter-destination|-name-pattern|-skip-pattern|-only|-concurrency|-shard)?(=|$)/;

export function parseNodeCommand(cmd: string): NodeCommand | undefined {
  const words = shellWords(cmd.trim());
  if (!words?.length) return undefined;
  const { env, next: i } = leadingAssignments(words);
  if ((words[i] ?? '').split('/').pop() !== 'node') return undefined;
  const flags: string[] = [];
  const paths: string[] = [];
  for (let j = i + 1; j < words.length; j++) {
    const w = words[j];
    if (NODE_OWNED.test(w)) {
      // "--test-reporter spec": the value is a separate word
      if (!w.includes('=') && w !== '--test' && w !== '--test-only' && j + 1 < words.length && !words[j + 1].startsWith('-')) j++;
      continue;
    }
    if (w.startsWith('-')) {
      flags.push(w);
      // options that take a separate value
      if (['--import', '--require', '-r', '--loader', '--experimental-loader', '--conditions', '-C'].includes(w) && j + 1 < words.length) {
        flags.push(words[++j]);
      }
    } else paths.push(w);
  }
  return { flags, paths, env };
}

export function nodeCommandOf(task: BaseTask): NodeCommand {
  return parseNodeCommand(task.test_command) ?? { flags: [], paths: [], env: {} };
}

/** Shell lines that set the task's test environment: its setup lines, then its variables (and
 * the command's own assignments), so that the task's values win. */
export function environmentPrelude(task: BaseTask, commandEnv: Record<string, string>): string {
  const lines: string[] = [];
  if (task.test_setup) lines.push(task.test_setup.trimEnd());
  const vars = { ...commandEnv, ...(task.test_env ?? {}) };
  for (const [k, v] of Object.entries(vars)) lines.push(`export ${k}=${shq(v)}`);
  return lines.join('\n');
}

/** Repo folders Python imports top-level modules from besides the root: the relative entries
 * of PYTHONPATH in the task's environment or command, and `src` (the usual layout). */
export function importRoots(task: BaseTask): string[] {
  const fromCommand = parsePytestCommand(task.test_command)?.env.PYTHONPATH;
  const entries = [task.test_env?.PYTHONPATH, fromCommand].flatMap((v) => (v ? v.split(':') : []));
  const rel = entries.map((e) => e.replace(/^\/testbed\/?/, '')).filter((e) => e && !e.startsWith('/') && e !== '.');
  return [...new Set(['src', ...rel])];
}
