// Reading unified/git diffs on the host (which files, how many lines) and applying them
// inside a sandbox with `git apply`.
import type { Sandbox } from '../../harness/core/sandbox.js';
import { InfraError } from '../../harness/core/errors.js';
import { RESET_HARD, run } from './sandbox.js';

export type PatchFileStatus = 'added' | 'deleted' | 'modified' | 'renamed';

export interface PatchFile {
  /** Path before the change (null when added). */
  oldPath: string | null;
  /** Path after the change (null when deleted). */
  newPath: string | null;
  status: PatchFileStatus;
  /** This file's section of the patch, header included. */
  text: string;
}

function unquote(p: string): string {
  if (p.startsWith('"') && p.endsWith('"')) {
    try {
      return JSON.parse(p) as string;
    } catch {
      return p.slice(1, -1);
    }
  }
  return p;
}

function stripPrefix(p: string): string | null {
  const s = unquote(p.trim().split('\t')[0]);
  if (s === '/dev/null') return null;
  return s.replace(/^[ab]\//, '');
}

/** Splits a git (or plain unified) diff into per-file sections. */
export function parsePatch(diff: string): PatchFile[] {
  const lines = diff.split('\n');
  const isGit = lines.some((l) => l.startsWith('diff --git '));
  const sections: string[][] = [];
  let cur: string[] | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const starts = isGit ? line.startsWith('diff --git ') : line.startsWith('--- ') && (lines[i + 1] ?? '').startsWith('+++ ');
    if (starts) {
      cur = [line];
      sections.push(cur);
    } else if (cur) cur.push(line);
  }
  return sections.map((sec) => {
    let oldPath: string | null | undefined;
    let newPath: string | null | undefined;
    let status: PatchFileStatus = 'modified';
    const header = sec[0];
    if (header.startsWith('diff --git ')) {
      const m = /^diff --git ("(?:[^"\\]|\\.)*"|\S+) ("(?:[^"\\]|\\.)*"|\S+)$/.exec(header);
      if (m) {
        oldPath = stripPrefix(m[1]);
        newPath = stripPrefix(m[2]);
      }
    }
    for (const l of sec) {
      if (l.startsWith('@@')) break;
      if (l.startsWith('new file mode')) status = 'added';
      else if (l.startsWith('deleted file mode')) status = 'deleted';
      else if (l.startsWith('rename from ')) {
        status = 'renamed';
        oldPath = unquote(l.slice(12));
      } else if (l.startsWith('rename to ')) newPath = unquote(l.slice(10));
      else if (l.startsWith('--- ')) oldPath = stripPrefix(l.slice(4));
      else if (l.startsWith('+++ ')) newPath = stripPrefix(l.slice(4));
    }
    if (oldPath === null && status === 'modified') status = 'added';
    if (newPath === null && status === 'modified') status = 'deleted';
    if (status === 'added') oldPath = null;
    if (status === 'deleted') newPath = null;
    return { oldPath: oldPath ?? null, newPath: newPath ?? null, status, text: sec.join('\n') };
  });
}

/** Every repo path a patch touches (old and new names). */
export function patchPaths(diff: string): string[] {
  const out = new Set<string>();
  for (const f of parsePatch(diff)) {
    if (f.oldPath) out.add(f.oldPath);
    if (f.newPath) out.add(f.newPath);
  }
  return [...out].sort();
}

/** Reassembles selected sections into one patch (ends with a newline). */
export function joinPatch(files: PatchFile[]): string {
  if (!files.length) return '';
  const text = files.map((f) => f.text.replace(/\n+$/, '')).join('\n');
  return `${text}\n`;
}

/** Added plus removed lines inside hunks (headers excluded). */
export function changedLines(diff: string): number {
  let n = 0;
  let inHunk = false;
  for (const line of diff.split('\n')) {
    if (line.startsWith('diff --git ')) {
      inHunk = false;
      continue;
    }
    if (line.startsWith('@@')) {
      inHunk = true;
      continue;
    }
    if (!inHunk) continue;
    if (line.startsWith('+') || line.startsWith('-')) n++;
    else if (!(line.startsWith(' ') || line.startsWith('\\') || line === '')) inHunk = false;
  }
  return n;
}

export interface ApplyResult {
  applied: boolean;
  error?: string;
}

const APPLY = 'git apply --binary --whitespace=nowarn -';
/** Exit status of the revert step in applyPatch's `resetFirst` mode (never one of git apply's). */
const RESET_FAILED = 97;

/** `git apply`s `patch` in /testbed, the patch on stdin. With `resetFirst`, the tree first goes
 * back to its last commit in the same exec (each exec costs tens of ms). */
export async function applyPatch(sb: Sandbox, patch: string, opts: { resetFirst?: boolean } = {}): Promise<ApplyResult> {
  const empty = !patch.trim();
  if (empty && !opts.resetFirst) return { applied: true };
  const cmd = opts.resetFirst ? `{ ${RESET_HARD}; } || exit ${RESET_FAILED}${empty ? '' : `; ${APPLY}`}` : APPLY;
  const r = await run(sb, cmd, empty ? {} : { stdin: patch.endsWith('\n') ? patch : `${patch}\n` });
  if (r.exitCode === 0) return { applied: true };
  if (opts.resetFirst && r.exitCode === RESET_FAILED) {
    throw new InfraError(`could not revert the tree before applying a patch: ${(r.stderr || r.stdout).trim().slice(0, 1000)}`);
  }
  return { applied: false, error: (r.stderr || r.stdout).trim().slice(0, 2000) };
}
