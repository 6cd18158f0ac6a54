// Which tests execute which source lines: coverage.py's per-test contexts (dynamic_context =
// test_function) for pytest, V8 block coverage per test file (NODE_V8_COVERAGE) for node.

/** source file → line (1-based) → keys of the tests that execute it (pytest ids or node test files). */
export type CoverageMap = Map<string, Map<number, Set<string>>>;

function add(map: CoverageMap, file: string, line: number, key: string): void {
  let lines = map.get(file);
  if (!lines) map.set(file, (lines = new Map()));
  let keys = lines.get(line);
  if (!keys) lines.set(line, (keys = new Set()));
  keys.add(key);
}

/** pytest ids by their "Class.function" part (params dropped), for matching coverage contexts. */
function idsByQualname(ids: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const id of ids) {
    const parts = id.split('::');
    const qual = parts
      .slice(1)
      .map((p) => p.replace(/\[.*$/s, ''))
      .join('.');
    const list = out.get(qual) ?? [];
    list.push(id);
    out.set(qual, list);
  }
  return out;
}

/** The ids a context like "tests.test_x.TestC.test_y" (module as Python named it, then the
 * qualified name) stands for: same qualified name, file path ending with the module. */
export function idsForContext(context: string, byQual: Map<string, string[]>): string[] {
  const parts = context.split('.');
  for (let i = parts.length - 1; i >= 1; i--) {
    const qual = parts.slice(i).join('.');
    const ids = byQual.get(qual);
    if (!ids) continue;
    const module = parts.slice(0, i).join('/');
    const hit = ids.filter((id) => {
      const file = id.split('::')[0].replace(/\.py$/, '');
      return file === module || file.endsWith(`/${module}`);
    });
    if (hit.length) return hit;
  }
  return [];
}

interface CoveragePyJson {
  files?: Record<string, { contexts?: Record<string, string[]> }>;
}

/** Parses `coverage json --show-contexts` output, keeping the given source files and test ids. */
export function pythonCoverage(json: string, sources: Set<string>, ids: string[]): CoverageMap {
  const data = JSON.parse(json) as CoveragePyJson;
  const byQual = idsByQualname(ids);
  const memo = new Map<string, string[]>();
  const map: CoverageMap = new Map();
  for (const [rawPath, entry] of Object.entries(data.files ?? {})) {
    const file = rawPath.replace(/^\/testbed\//, '');
    if (!sources.has(file)) continue;
    for (const [line, contexts] of Object.entries(entry.contexts ?? {})) {
      for (const ctx of contexts) {
        if (!ctx) continue;
        let hit = memo.get(ctx);
        if (!hit) memo.set(ctx, (hit = idsForContext(ctx.replace(/\|run$/, ''), byQual)));
        for (const id of hit) add(map, file, Number(line), id);
      }
    }
  }
  return map;
}

/** V8 ranges of one script: [startOffset, endOffset, count], any order. */
export type V8Ranges = [number, number, number][];

/** Lines whose first non-blank character V8 saw run (the innermost range holding it counted > 0). */
export function executedLines(source: string, ranges: V8Ranges): number[] {
  const sorted = [...ranges].sort((a, b) => a[1] - a[0] - (b[1] - b[0])); // innermost (shortest) first
  const out: number[] = [];
  let lineNo = 0;
  for (let at = 0; at <= source.length;) {
    lineNo++;
    const nl = source.indexOf('\n', at);
    const end = nl < 0 ? source.length : nl;
    const text = source.slice(at, end);
    const indent = text.search(/\S/);
    if (indent >= 0) {
      const offset = at + indent;
      const range = sorted.find((r) => r[0] <= offset && offset < r[1]);
      if (range && range[2] > 0) out.push(lineNo);
    }
    if (nl < 0) break;
    at = nl + 1;
  }
  return out;
}

/** Per test file, per script (repo-relative), its ranges — as the sandbox-side collector prints it. */
export type V8ByTestFile = Record<string, Record<string, V8Ranges>>;

export function nodeCoverage(data: V8ByTestFile, sources: Map<string, string>): CoverageMap {
  const map: CoverageMap = new Map();
  for (const testFile of Object.keys(data).sort()) {
    for (const [file, ranges] of Object.entries(data[testFile])) {
      const text = sources.get(file);
      if (text === undefined) continue;
      for (const line of executedLines(text, ranges)) add(map, file, line, testFile);
    }
  }
  return map;
}

/** Sandbox-side collector: reads NODE_V8_COVERAGE dirs <root>/<i> and prints
 * { "<i>": { "<repo path>": [[start, end, count], ...] } } for files under /testbed. */
export const V8_COLLECTOR = String.raw`
const fs = require('node:fs');
const path = require('node:path');
const { fileURLToPath } = require('node:url');
const root = process.argv[2];
const out = {};
for (const dir of fs.existsSync(root) ? fs.readdirSync(root) : []) {
  const scripts = {};
  for (const f of fs.readdirSync(path.join(root, dir))) {
    if (!f.endsWith('.json')) continue;
    let data;
    try { data = JSON.parse(fs.readFileSync(path.join(root, dir, f), 'utf8')); } catch { continue; }
    for (const s of data.result || []) {
      let p = s.url || '';
      try { if (p.startsWith('file:')) p = fileURLToPath(p); } catch { continue; }
      if (!p.startsWith('/testbed/') || p.includes('/node_modules/')) continue;
      const rel = p.slice('/testbed/'.length);
      // several processes may load one script: the same range keeps its highest count
      const ranges = scripts[rel] || (scripts[rel] = {});
      for (const fn of s.functions || []) for (const r of fn.ranges || []) {
        const k = r.startOffset + ':' + r.endOffset;
        ranges[k] = Math.max(ranges[k] || 0, r.count);
      }
    }
  }
  out[dir] = Object.fromEntries(Object.entries(scripts).map(([rel, m]) => [rel, Object.entries(m).map(([k, c]) => [...k.split(':').map(Number), c])]));
}
process.stdout.write(JSON.stringify(out));
`;
