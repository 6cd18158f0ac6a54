// Hunk-level view of a patch: which new-side lines a fix changes (for mutations and the
// functions it touches), and the same patch with one hunk left out (a wrong candidate fix).
import { parsePatch, type PatchFile } from '../../../skills/shared/patch.js';

export interface Hunk {
  oldStart: number;
  oldLen: number;
  newStart: number;
  newLen: number;
  /** The text after the second "@@" (a function context line, often). */
  context: string;
  /** Body lines (" ", "+", "-", "\\"), without the @@ line. */
  lines: string[];
}

export interface FileHunks {
  file: PatchFile;
  /** Header lines before the first hunk (diff --git, index, ---, +++). */
  header: string[];
  hunks: Hunk[];
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@(.*)$/;

export function fileHunks(patch: string): FileHunks[] {
  return parsePatch(patch).map((file) => {
    const lines = file.text.replace(/\n$/, '').split('\n');
    const header: string[] = [];
    const hunks: Hunk[] = [];
    for (const line of lines) {
      const m = HUNK.exec(line);
      if (m) {
        hunks.push({
          oldStart: Number(m[1]),
          oldLen: m[2] === undefined ? 1 : Number(m[2]),
          newStart: Number(m[3]),
          newLen: m[4] === undefined ? 1 : Number(m[4]),
          context: m[5],
          lines: [],
        });
      } else if (hunks.length) hunks[hunks.length - 1].lines.push(line);
      else header.push(line);
    }
    return { file, header, hunks };
  });
}

function hunkText(h: Hunk, newStart: number): string {
  const len = (n: number) => (n === 1 ? '' : `,${n}`);
  return [`@@ -${h.oldStart}${len(h.oldLen)} +${newStart}${len(h.newLen)} @@${h.context}`, ...h.lines].join('\n');
}

function added(h: Hunk): number {
  return h.lines.filter((l) => l.startsWith('+')).length - h.lines.filter((l) => l.startsWith('-')).length;
}

/** The first changed line of a hunk, counted on its old side. */
export function firstChangedOldLine(h: Hunk): number {
  const lead = h.lines.findIndex((l) => l.startsWith('+') || l.startsWith('-'));
  return h.oldStart + Math.max(0, lead);
}

/** The patch without hunk `hunk` of file `file` (later hunks of that file renumbered); patch is ''
 * when nothing is left. `line`: where the missing change belongs in the resulting file. */
export function withoutHunk(patch: string, file: number, hunk: number): { patch: string; path: string; line: number } {
  const files = fileHunks(patch);
  const target = files[file];
  const dropped = target.hunks[hunk];
  const sections = files.map((f, fi) => {
    if (fi !== file) return f.file.text.replace(/\n$/, '');
    if (f.hunks.length === 1) return '';
    const body = f.hunks.flatMap((h, hi) => (hi === hunk ? [] : [hunkText(h, hi < hunk ? h.newStart : h.newStart - added(dropped))]));
    return [...f.header, ...body].join('\n');
  });
  const text = sections.filter(Boolean).join('\n');
  // The kept hunks before the dropped one moved its place by what they add.
  const line = firstChangedOldLine(dropped) + target.hunks.slice(0, hunk).reduce((sum, h) => sum + added(h), 0);
  return { patch: text ? `${text}\n` : '', path: target.file.newPath ?? target.file.oldPath ?? '', line };
}

/** New-side line ranges each file's hunks change ([from, to], 1-based, inclusive): added lines,
 * and for a pure deletion the line now standing where the removed ones were. */
export function changedNewLines(patch: string): Map<string, Array<[number, number]>> {
  const out = new Map<string, Array<[number, number]>>();
  for (const f of fileHunks(patch)) {
    const p = f.file.newPath;
    if (!p) continue;
    const ranges: Array<[number, number]> = [];
    for (const h of f.hunks) {
      let n = h.newStart;
      let from = 0;
      let to = 0;
      for (const l of h.lines) {
        if (l.startsWith('+')) {
          if (!from) from = n;
          to = n;
          n++;
        } else if (l.startsWith('-')) {
          if (!from) from = Math.max(1, n);
          to = Math.max(to, Math.max(1, n));
        } else if (l.startsWith(' ')) n++;
      }
      if (from) ranges.push([from, Math.max(from, to)]);
    }
    if (ranges.length) out.set(p, ranges);
  }
  return out;
}

/** Old-side lines each file's hunks change (1-based): removed lines, and for an insertion the
 * lines on both sides of where it goes. Files the patch adds have none. */
export function changedOldLines(patch: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const f of fileHunks(patch)) {
    const p = f.file.oldPath;
    if (!p) continue;
    const lines = new Set<number>();
    for (const h of f.hunks) {
      let n = h.oldStart;
      let replacing = false; // '+' lines right after '-' lines replace them: no neighbours to add
      for (const l of h.lines) {
        if (l.startsWith('-')) {
          lines.add(n++);
          replacing = true;
        } else if (l.startsWith('+')) {
          if (!replacing) {
            lines.add(Math.max(1, n - 1));
            lines.add(n);
          }
        } else if (l.startsWith(' ')) {
          n++;
          replacing = false;
        }
      }
    }
    out.set(
      p,
      [...lines].sort((a, b) => a - b),
    );
  }
  return out;
}
