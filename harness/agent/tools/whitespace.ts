// When old_str is not found verbatim, looks for places where it WOULD match if whitespace
// were ignored (trailing spaces, tabs vs spaces, indentation) and says what differs, so the
// agent can fix its old_str instead of guessing. Works on the logical text (every line break
// "\n"): line endings never cause a mismatch.

export interface NearMatch {
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  reasons: string[];
}

const squash = (s: string): string => s.replace(/\s+/g, '');
const leading = (s: string): string => /^[ \t]*/.exec(s)![0];
const trailing = (s: string): string => /[ \t]*$/.exec(s)![0];

function describeWs(ws: string): string {
  if (ws === '') return 'none';
  const tabs = [...ws].filter((c) => c === '\t').length;
  const spaces = ws.length - tabs;
  const parts: string[] = [];
  if (tabs) parts.push(`${tabs} tab${tabs > 1 ? 's' : ''}`);
  if (spaces) parts.push(`${spaces} space${spaces > 1 ? 's' : ''}`);
  return parts.join(' + ');
}

/** Up to `max` windows of file lines matching needle modulo whitespace, with the reasons. */
export function findNearMatches(fileText: string, needle: string, max = 3): NearMatch[] {
  const fileLines = fileText.split('\n');
  let needleLines = needle.split('\n');
  // Blank edges only say "starts/ends at a line break"; they carry nothing to locate.
  while (needleLines.length && squash(needleLines[0]) === '') needleLines = needleLines.slice(1);
  while (needleLines.length && squash(needleLines[needleLines.length - 1]) === '') needleLines = needleLines.slice(0, -1);
  if (needleLines.length === 0) return [];

  const fileKeys = fileLines.map(squash);
  const keys = needleLines.map(squash);
  const k = keys.length;
  const found: NearMatch[] = [];
  for (let i = 0; i + k <= fileLines.length && found.length < max; i++) {
    let match: boolean;
    if (k === 1) match = fileKeys[i].includes(keys[0]);
    else {
      // The first needle line may begin mid-line and the last may end mid-line.
      match = fileKeys[i].endsWith(keys[0]) && fileKeys[i + k - 1].startsWith(keys[k - 1]);
      for (let j = 1; match && j < k - 1; j++) match = fileKeys[i + j] === keys[j];
    }
    if (!match) continue;
    found.push({ startLine: i + 1, endLine: i + k, reasons: explain(fileLines.slice(i, i + k), needleLines, i + 1) });
    i += k - 1;
  }
  return found;
}

function explain(actual: string[], wanted: string[], firstLine: number): string[] {
  const perLine: string[] = [];
  const k = actual.length;
  for (let j = 0; j < k; j++) {
    const a = actual[j];
    const w = wanted[j];
    // The same test the verbatim search applies to this line: the first line of a multi-line
    // old_str may start mid-line, the last may stop mid-line, a single line may sit anywhere.
    const fits = k === 1 ? a.includes(w) : j === 0 ? a.endsWith(w) : j === k - 1 ? a.startsWith(w) : a === w;
    if (fits) continue;
    const n = firstLine + j;
    if (squash(a) !== squash(w)) {
      perLine.push(`line ${n}: whitespace differs in the part old_str covers`);
      continue;
    }
    // Leading whitespace counts where old_str holds the start of the line, trailing where it
    // holds the end; a line that old_str enters or leaves mid-way is only judged on what it has.
    const startsLine = k > 1 && j > 0;
    const endsLine = k > 1 && j < k - 1;
    const la = leading(a);
    const lw = leading(w);
    if (la !== lw && (startsLine || lw !== '')) {
      const mixedKinds = la.includes('\t') !== lw.includes('\t') || (la.includes(' ') !== lw.includes(' ') && la !== '' && lw !== '');
      perLine.push(
        `line ${n}: ${mixedKinds ? 'tabs vs spaces' : 'indentation'}: ${describeWs(la)} in the file, ${describeWs(lw)} in old_str`,
      );
    }
    const ta = trailing(a);
    const tw = trailing(w);
    if (ta !== tw && (endsLine || tw !== ''))
      perLine.push(`line ${n}: trailing whitespace: ${describeWs(ta)} in the file, ${describeWs(tw)} in old_str`);
    if (a.trim() !== w.trim()) perLine.push(`line ${n}: spacing inside the line differs`);
  }
  const shown = perLine.slice(0, 6);
  if (perLine.length > shown.length) shown.push(`… and ${perLine.length - shown.length} more line(s) differ in whitespace`);
  return shown;
}
