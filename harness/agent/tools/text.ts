// Byte-exact text helpers for the editor. Files stay Buffers; we only locate lines and
// splice bytes, so whatever the edit does not touch (tabs, CRLF, a missing final newline,
// multi-byte characters) is written back exactly as it was read.

const NL = 0x0a;
const CR = 0x0d;

export type Eol = '\n' | '\r\n';

/** Decodes strict UTF-8; null for anything that is not text (invalid UTF-8 or a NUL byte).
 * The BOM is kept in the string so decoding and re-encoding round-trip. */
export function decodeText(buf: Buffer): string | null {
  if (buf.includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buf);
  } catch {
    return null;
  }
}

/** Line ending style: 'mixed' when the file has both LF and CRLF newlines. A file with no
 * newline at all counts as LF. */
export function detectEol(buf: Buffer): Eol | 'mixed' {
  let lf = 0;
  let crlf = 0;
  for (let i = buf.indexOf(NL); i !== -1; i = buf.indexOf(NL, i + 1)) {
    if (i > 0 && buf[i - 1] === CR) crlf++;
    else lf++;
  }
  if (crlf > 0 && lf > 0) return 'mixed';
  return crlf > 0 ? '\r\n' : '\n';
}

/** Rewrites the newlines of text the agent sent to the file's style (a no-op for mixed files,
 * where no single style is right). */
export function toEol(s: string, eol: Eol | 'mixed'): string {
  if (eol === 'mixed') return s;
  return eol === '\r\n' ? s.replace(/\r?\n/g, '\r\n') : s.replace(/\r\n/g, '\n');
}

/** Byte offsets where each line starts, plus the line count. A final newline does not start
 * a new line ("a\n" has one line; "" has none). */
export class LineIndex {
  readonly starts: number[] = [];
  readonly count: number;
  constructor(readonly buf: Buffer) {
    if (buf.length > 0) this.starts.push(0);
    for (let i = buf.indexOf(NL); i !== -1; i = buf.indexOf(NL, i + 1)) {
      if (i + 1 < buf.length) this.starts.push(i + 1);
    }
    this.count = this.starts.length;
  }

  get endsWithNewline(): boolean {
    return this.buf.length > 0 && this.buf[this.buf.length - 1] === NL;
  }

  /** 1-based line holding the byte at offset (offset === length maps to the last line). */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** Byte offset just past line n's newline (or the end of the file for the last line). */
  endOf(n: number): number {
    return n < this.count ? this.starts[n] : this.buf.length;
  }

  /** Line n's text without its newline (and without a CR before it). */
  line(n: number): string {
    let end = this.endOf(n);
    if (end > this.starts[n - 1] && this.buf[end - 1] === NL) end--;
    if (end > this.starts[n - 1] && this.buf[end - 1] === CR) end--;
    return this.buf.toString('utf8', this.starts[n - 1], end);
  }

  /** Lines from..to as `cat -n` prints them: right-aligned number, a tab, the text. Stops
   * early once maxChars is exceeded and reports the last line it printed. */
  numbered(from: number, to: number, maxChars = Infinity): { text: string; last: number } {
    const out: string[] = [];
    let size = 0;
    let last = from - 1;
    for (let n = from; n <= to; n++) {
      let row = `${String(n).padStart(6)}\t${this.line(n)}`;
      if (row.length > maxChars) row = cutRow(row, n, maxChars);
      if (size + row.length + 1 > maxChars && out.length > 0) break;
      out.push(row);
      size += row.length + 1;
      last = n;
    }
    return { text: out.join('\n'), last };
  }
}

/** Every start offset of needle in buf, overlapping ones included (they are ambiguous too). */
export function findAll(buf: Buffer, needle: Buffer): number[] {
  const hits: number[] = [];
  if (needle.length === 0) return hits;
  for (let i = buf.indexOf(needle); i !== -1; i = buf.indexOf(needle, i + 1)) hits.push(i);
  return hits;
}

/** First byte offset where a and b differ, or -1 when they are equal. */
export function firstDifference(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

/** One line longer than the whole view budget (minified code, data): keep its start. */
function cutRow(row: string, n: number, maxChars: number): string {
  let keep = row.slice(0, maxChars);
  // Do not end on half of a surrogate pair (an emoji cut in two).
  const last = keep.charCodeAt(keep.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) keep = keep.slice(0, -1);
  return `${keep} … [line ${n} cut: ${row.length} characters in all]`;
}
