// The editor's line model. A file is read the way the reference editor reads it (a
// universal-newline read split on "\n": every \n, \r\n or lone \r ends a line, "a\n" has two
// lines — "a" and "" — and an empty file has one), but each line break's original characters
// are kept, so whatever an edit does not touch is written back byte for byte.

export type Eol = '\n' | '\r\n' | '\r';

const BREAK = /\r\n|\r|\n/g;

/** Decodes strict UTF-8; null when the bytes are not UTF-8 (the reference's read fails there
 * too). A BOM stays in the string so decoding and re-encoding round-trip. */
export function decodeText(buf: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buf);
  } catch {
    return null;
  }
}

/** Line breaks the model sends (LF or CRLF) as "\n", the logical break; a lone \r is left
 * alone (it never matches, as in the reference, whose reads have no \r left). */
export const logicalBreaks = (s: string): string => s.replace(/\r\n/g, '\n');

/** Occurrences of needle counted left to right without overlap, as Python's str.count. */
export function nonOverlapping(haystack: string, needle: string): number[] {
  const at: number[] = [];
  if (needle === '') return at;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + needle.length)) at.push(i);
  return at;
}

export const newlinesIn = (s: string, from = 0, to = s.length): number => {
  let n = 0;
  for (let i = s.indexOf('\n', from); i !== -1 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
};

export class TextDoc {
  /** Line contents, without their breaks; never empty. */
  readonly lines: string[];
  /** breaks[i] ends lines[i]; one fewer than lines. */
  readonly breaks: Eol[];
  private logicalText: string | undefined;

  constructor(readonly text: string) {
    this.lines = [];
    this.breaks = [];
    let last = 0;
    for (const m of text.matchAll(BREAK)) {
      this.lines.push(text.slice(last, m.index));
      this.breaks.push(m[0] as Eol);
      last = m.index + m[0].length;
    }
    this.lines.push(text.slice(last));
  }

  get count(): number {
    return this.lines.length;
  }

  /** The text with every break as "\n": what old_str is matched against. */
  get logical(): string {
    this.logicalText ??= this.lines.join('\n');
    return this.logicalText;
  }

  /** The break new lines get: the file's most common one ("\n" when it has none). */
  get style(): Eol {
    const n = { '\n': 0, '\r\n': 0, '\r': 0 };
    for (const b of this.breaks) n[b]++;
    if (n['\r\n'] > n['\n'] && n['\r\n'] >= n['\r']) return '\r\n';
    return n['\r'] > n['\n'] ? '\r' : '\n';
  }

  /** 'LF', 'CRLF', 'CR' or 'mixed' — for the view header; null for plain LF or no breaks. */
  get eolNote(): string | null {
    const kinds = new Set(this.breaks);
    if (kinds.size > 1) return 'mixed line endings';
    if (kinds.has('\r\n')) return 'CRLF line endings';
    if (kinds.has('\r')) return 'CR line endings';
    return null;
  }

  /** Logical offset where line n (1-based) starts. */
  startOf(n: number): number {
    let at = 0;
    for (let i = 0; i < n - 1; i++) at += this.lines[i].length + 1;
    return at;
  }

  /** The document with logical [start, end) replaced by `insert` (its "\n" become breaks in the
   * file's style; the breaks outside the range keep their own characters). */
  splice(start: number, end: number, insert: string): TextDoc {
    const logical = this.logical;
    const before = newlinesIn(logical, 0, start);
    const after = before + newlinesIn(logical, start, end);
    const style = this.style;
    const breaks = [...this.breaks.slice(0, before), ...Array<Eol>(newlinesIn(insert)).fill(style), ...this.breaks.slice(after)];
    const pieces = (logical.slice(0, start) + insert + logical.slice(end)).split('\n');
    let out = pieces[0];
    for (let i = 1; i < pieces.length; i++) out += breaks[i - 1] + pieces[i];
    return new TextDoc(out);
  }

  /** Lines from..to in `cat -n` form (see numberedLines). */
  numbered(from: number, to: number, maxChars = Infinity): { text: string; last: number } {
    return numberedLines(this.lines.slice(from - 1, to), from, maxChars);
  }
}

/** Lines as `cat -n` prints them: the number right-aligned in 6, a tab, the text (tabs kept).
 * Stops once maxChars would be exceeded and says which line it printed last. */
export function numberedLines(lines: string[], first: number, maxChars = Infinity): { text: string; last: number } {
  const out: string[] = [];
  let size = 0;
  let last = first - 1;
  for (let i = 0; i < lines.length; i++) {
    const n = first + i;
    let row = `${String(n).padStart(6)}\t${lines[i]}`;
    if (row.length > maxChars) row = cutRow(row, n, maxChars);
    if (size + row.length + 1 > maxChars && out.length > 0) break;
    out.push(row);
    size += row.length + 1;
    last = n;
  }
  return { text: out.join('\n'), last };
}

/** One line longer than the whole view budget (minified code, data): keep its start. */
function cutRow(row: string, n: number, maxChars: number): string {
  let keep = row.slice(0, maxChars);
  // Do not end on half of a surrogate pair (an emoji cut in two).
  const last = keep.charCodeAt(keep.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) keep = keep.slice(0, -1);
  return `${keep} … [line ${n} cut: ${row.length} characters in all]`;
}

/** Drops an incomplete UTF-8 sequence at the end of a window cut at an arbitrary byte. */
export function trimPartialUtf8(buf: Buffer): Buffer {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const b = buf[buf.length - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? buf.subarray(0, buf.length - back) : buf;
  }
  return buf;
}
