// Unified diffs (git format, `git apply` accepts them) between two versions of a text file:
// a Myers line diff, hunks with 3 lines of context, "\ No newline at end of file" kept.

export interface FileChange {
  /** Repo-relative POSIX path. */
  path: string;
  /** null: the file is created. */
  before: string | null;
  /** null: the file is deleted. */
  after: string | null;
}

/** Lines with their "\n" (the last may lack one): a missing final newline is a difference too. */
function splitLines(text: string): string[] {
  const out: string[] = [];
  let at = 0;
  while (at < text.length) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl + 1;
    out.push(text.slice(at, end));
    at = end;
  }
  return out;
}

type Op = ' ' | '-' | '+';

/** Shortest edit script (Myers, O((N+M)·D)) between a and b, as one op per line. */
function editScript(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk the trace back from (n, m).
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[offset + k - 1] < vd[offset + k + 1]) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[offset + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push(' ');
      x--;
      y--;
    }
    if (d > 0) ops.push(x === prevX ? '+' : '-');
    x = prevX;
    y = prevY;
  }
  return ops.reverse();
}

function hunkRange(start: number, count: number): string {
  // A zero-length range names the line before it (0 at the file start).
  return count === 1 ? `${start}` : `${count === 0 ? start - 1 : start},${count}`;
}

/** The unified diff of one file (empty string when nothing changed); null = created / deleted. */
export function filePatch(path: string, before: string | null, after: string | null, context = 3): string {
  if (before === after) return '';
  const a = splitLines(before ?? '');
  const b = splitLines(after ?? '');
  // Common prefix and suffix stay out of the O(ND) search.
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const middle = editScript(a.slice(pre, a.length - suf), b.slice(pre, b.length - suf));
  const ops: Op[] = [...Array<Op>(pre).fill(' '), ...middle, ...Array<Op>(suf).fill(' ')];

  const out = [`diff --git a/${path} b/${path}`];
  if (before === null) out.push('new file mode 100644', '--- /dev/null', `+++ b/${path}`);
  else if (after === null) out.push('deleted file mode 100644', `--- a/${path}`, '+++ /dev/null');
  else out.push(`--- a/${path}`, `+++ b/${path}`);
  // An empty file created or deleted: git writes the mode line and no ---/+++ lines.
  if (!a.length && !b.length) return out.slice(0, 2).join('\n') + '\n';
  const changed = ops.map((o, i) => (o !== ' ' ? i : -1)).filter((i) => i >= 0);
  let ci = 0;
  // Line numbers (0-based) in a and b at each op index.
  const ai: number[] = [];
  const bi: number[] = [];
  let ax = 0;
  let bx = 0;
  for (const o of ops) {
    ai.push(ax);
    bi.push(bx);
    if (o !== '+') ax++;
    if (o !== '-') bx++;
  }
  while (ci < changed.length) {
    const from = Math.max(0, changed[ci] - context);
    let to = changed[ci];
    while (ci < changed.length && changed[ci] <= to + 2 * context) to = changed[ci++];
    const end = Math.min(ops.length, to + context + 1);
    const body: string[] = [];
    let aCount = 0;
    let bCount = 0;
    for (let i = from; i < end; i++) {
      const o = ops[i];
      const line = o === '+' ? b[bi[i]] : a[ai[i]];
      body.push(o + line.replace(/\n$/, ''));
      if (!line.endsWith('\n')) body.push('\\ No newline at end of file');
      if (o !== '+') aCount++;
      if (o !== '-') bCount++;
    }
    out.push(`@@ -${hunkRange(ai[from] + 1, aCount)} +${hunkRange(bi[from] + 1, bCount)} @@`, ...body);
  }
  return out.join('\n') + '\n';
}

/** One patch for several files (sorted by path, so the same changes give the same bytes). */
export function mutationPatch(changes: FileChange[]): string {
  return [...changes]
    .sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0))
    .map((c) => filePatch(c.path, c.before, c.after))
    .join('');
}
