// The mutation engine on the sample libraries' real code: names, operators, determinism,
// filters, formatting kept, and syntax checked; plus inline snippets for the operators the
// samples do not exercise.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyMutations, languageForPath, listFunctions, mutate, OPERATORS, type Mutation } from '../../../harness/mutation/index.js';
import { parse } from '../../../harness/mutation/parse.js';

const REPOS = path.resolve(__dirname, '../../../datasets/sample/repos');
const read = (rel: string): string => readFileSync(path.join(REPOS, rel), 'utf8');

const SAMPLE_FILES = [
  'tablefmt/src/tablefmt/table.py',
  'datewise/src/datewise/iso.py',
  'inikit/src/inikit/values/quoting.py',
  'ratekeeper/src/ratekeeper/algorithms/token_bucket.py',
  'ttlcache/src/cache.js',
  'csvlite/src/parse/tokenizer.js',
  'csvlite/src/parse/stream.js',
  'semrange/src/range/desugar.js',
  'qscodec/src/parse/keys.js',
];

async function mutationsOf(rel: string): Promise<Mutation[]> {
  return mutate(read(rel), languageForPath(rel)!, { file: rel });
}

async function hasSyntaxError(source: string, rel: string): Promise<boolean> {
  const tree = await parse(source, languageForPath(rel)!);
  try {
    return tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}

describe('listFunctions', () => {
  it('names methods by their class and plain functions by themselves', async () => {
    const py = (await listFunctions(read('tablefmt/src/tablefmt/table.py'), 'python')).map((f) => f.name);
    expect(py).toContain('Table._column_widths');
    expect(py).toContain('Table.render');
    const js = (await listFunctions(read('ttlcache/src/cache.js'), 'javascript')).map((f) => f.name);
    expect(js).toContain('TTLCache.get');
    expect(js).toContain('TTLCache.#trim');
    const quote = await listFunctions(read('csvlite/src/write/quote.js'), 'javascript');
    expect(quote.map((f) => f.name)).toContain('needsQuoting');
  });

  it('gives line spans that hold the function text', async () => {
    const src = read('datewise/src/datewise/iso.py');
    const lines = src.split('\n');
    for (const f of await listFunctions(src, 'python')) {
      expect(lines[f.startLine - 1]).toMatch(new RegExp(`def ${f.name.split('.').pop()}\\b`));
      expect(src.slice(f.start, f.end)).toContain(lines[f.endLine - 1].trim());
    }
  });

  it('names arrow functions and function expressions after what they are bound to', async () => {
    const src =
      'const add = (a, b) => a + b;\nconst api = { twice: function (x) { return 2 * x; }, half(x) { return x / 2; } };\nexports.neg = (x) => -x;\n';
    expect((await listFunctions(src, 'javascript')).map((f) => f.name)).toEqual(['add', 'twice', 'half', 'neg']);
  });
});

describe('mutate on the sample libraries', () => {
  it('is deterministic, in source order, and each mutation replaces exactly its range', async () => {
    for (const rel of SAMPLE_FILES) {
      const src = read(rel);
      const a = await mutationsOf(rel);
      const b = await mutationsOf(rel);
      expect(b).toEqual(a);
      expect(a.length).toBeGreaterThan(5);
      expect(new Set(a.map((m) => m.id)).size).toBe(a.length);
      for (let i = 1; i < a.length; i++) expect(a[i].start).toBeGreaterThanOrEqual(a[i - 1].start);
      for (const m of a) {
        expect(m.file).toBe(rel);
        expect(src.slice(m.start, m.end)).toBe(m.original);
        expect(m.replacement).not.toBe(m.original);
        const out = applyMutations(src, [m]);
        expect(out.slice(0, m.start)).toBe(src.slice(0, m.start));
        expect(out.slice(m.start + m.replacement.length)).toBe(src.slice(m.end));
      }
    }
  });

  it('only proposes code that still parses', async () => {
    for (const rel of SAMPLE_FILES) {
      const src = read(rel);
      for (const m of await mutationsOf(rel)) expect(await hasSyntaxError(applyMutations(src, [m]), rel), m.description).toBe(false);
    }
  });

  it('exercises the operators across both languages', async () => {
    const seen = { python: new Set<string>(), javascript: new Set<string>() };
    for (const rel of SAMPLE_FILES)
      for (const m of await mutationsOf(rel)) seen[languageForPath(rel) as 'python' | 'javascript'].add(m.operator);
    for (const op of [
      'boundary',
      'comparison',
      'negate-condition',
      'remove-statement',
      'remove-early-return',
      'swap-arguments',
      'wrong-constant',
      'wrong-operator',
      'off-by-one',
    ]) {
      expect(seen.python, `python ${op}`).toContain(op);
      expect(seen.javascript, `javascript ${op}`).toContain(op);
    }
    expect(seen.javascript).toContain('drop-yield');
  });

  it('keeps to the functions and lines asked for', async () => {
    const rel = 'tablefmt/src/tablefmt/table.py';
    const all = await mutationsOf(rel);
    const some = await mutate(read(rel), 'python', { functions: ['Table._column_widths'] });
    expect(some.length).toBeGreaterThan(0);
    expect(some.every((m) => m.functionName === 'Table._column_widths')).toBe(true);
    expect(some.map((m) => m.id)).toEqual(all.filter((m) => m.functionName === 'Table._column_widths').map((m) => m.id));
    const byLine = await mutate(read(rel), 'python', { lines: [[98, 98]] });
    expect(byLine.length).toBeGreaterThan(0);
    expect(byLine.every((m) => m.line <= 98 && m.endLine >= 98)).toBe(true);
    const ops = await mutate(read(rel), 'python', { operators: ['boundary'] });
    expect(ops.length).toBeGreaterThan(0);
    expect(ops.every((m) => m.operator === 'boundary')).toBe(true);
  });
});

async function edits(
  src: string,
  language: 'python' | 'javascript' | 'typescript',
  operator: (typeof OPERATORS)[number],
): Promise<string[]> {
  return (await mutate(src, language, { operators: [operator] })).map((m) => applyMutations(src, [m]));
}

describe('operators on snippets', () => {
  it('drops await and yield', async () => {
    expect(await edits('async def f(c):\n    return await c.read()\n', 'python', 'drop-await')).toEqual([
      'async def f(c):\n    return c.read()\n',
    ]);
    expect(await edits('def g(xs):\n    for x in xs:\n        yield x * 2\n', 'python', 'drop-yield')).toEqual([
      'def g(xs):\n    for x in xs:\n        x * 2\n',
    ]);
    expect(await edits('async function f(c) { return await c.read(); }\n', 'javascript', 'drop-await')).toEqual([
      'async function f(c) { return c.read(); }\n',
    ]);
  });

  it('changes defaults, not other constants, for parameter defaults', async () => {
    const py = 'def f(a, b=1, c=True, *, d=None):\n    return a\n';
    expect(await edits(py, 'python', 'changed-default')).toEqual([
      'def f(a, b=0, c=True, *, d=None):\n    return a\n',
      'def f(a, b=1, c=False, *, d=None):\n    return a\n',
    ]);
    expect(await edits(py, 'python', 'wrong-constant')).toEqual([]);
    expect(await edits('function f(a, b = 3) { return a; }\n', 'javascript', 'changed-default')).toEqual([
      'function f(a, b = 4) { return a; }\n',
    ]);
    expect(await edits('function f(a: number, b: number = 3): number { return a; }\n', 'typescript', 'changed-default')).toEqual([
      'function f(a: number, b: number = 4): number { return a; }\n',
    ]);
  });

  it('shifts slice and range bounds by one', async () => {
    expect(await edits('def f(s, n):\n    return s[1:n]\n', 'python', 'off-by-one')).toEqual([
      'def f(s, n):\n    return s[2:n]\n',
      'def f(s, n):\n    return s[1:n - 1]\n',
    ]);
    expect(await edits('def f(n):\n    return list(range(n))\n', 'python', 'off-by-one')).toEqual([
      'def f(n):\n    return list(range(n - 1))\n',
    ]);
    expect(await edits('function f(s, i) { return s.slice(i, s.length); }\n', 'javascript', 'off-by-one')).toEqual([
      'function f(s, i) { return s.slice(i + 1, s.length); }\n',
      'function f(s, i) { return s.slice(i, s.length - 1); }\n',
    ]);
  });

  it('removes a Python statement as whole lines, or leaves `pass` when it was the only one', async () => {
    const py = 'def f(self, x):\n    self.a = x  # keep a\n    self.log(x)\n    if x:\n        self.count += 1\n';
    expect(await edits(py, 'python', 'remove-statement')).toEqual([
      'def f(self, x):\n    self.log(x)\n    if x:\n        self.count += 1\n',
      'def f(self, x):\n    self.a = x  # keep a\n    if x:\n        self.count += 1\n',
      'def f(self, x):\n    self.a = x  # keep a\n    self.log(x)\n    if x:\n        pass\n',
    ]);
  });

  it('does not remove updates a while loop needs to end, nor a plain first assignment', async () => {
    const js = 'function f(n) {\n  let i = 0;\n  while (i < n) {\n    i++;\n    g(i);\n  }\n  const y = 2;\n  return y;\n}\n';
    const out = await edits(js, 'javascript', 'remove-statement');
    expect(out).toEqual(['function f(n) {\n  let i = 0;\n  while (i < n) {\n    i++;\n  }\n  const y = 2;\n  return y;\n}\n']);
  });

  it('removes guard clauses', async () => {
    const js = 'function f(x) {\n  if (!x) return null;\n  return x.y;\n}\n';
    expect(await edits(js, 'javascript', 'remove-early-return')).toEqual(['function f(x) {\n  return x.y;\n}\n']);
    const py = 'def f(x):\n    if x is None:\n        raise ValueError("x")\n    return x.y\n';
    expect(await edits(py, 'python', 'remove-early-return')).toEqual(['def f(x):\n    return x.y\n']);
  });

  it('negates conditions without double negation and swaps distinct arguments only', async () => {
    expect(await edits('function f(a, b) { if (!a) { return b(a, a); } return b(1, a); }\n', 'javascript', 'negate-condition')).toEqual([
      'function f(a, b) { if (a) { return b(a, a); } return b(1, a); }\n',
    ]);
    expect(await edits('function f(a, b) { if (!a) { return b(a, a); } return b(1, a); }\n', 'javascript', 'swap-arguments')).toEqual([
      'function f(a, b) { if (!a) { return b(a, a); } return b(a, 1); }\n',
    ]);
    expect(await edits('def f(a, b):\n    return a if a < b or not b else b\n', 'python', 'negate-condition')).toEqual([
      'def f(a, b):\n    return a if not (a < b or not b) else b\n',
    ]);
  });

  it('leaves code outside functions alone', async () => {
    expect(await mutate('LIMIT = 10\nif LIMIT > 3:\n    print(LIMIT + 1)\n', 'python')).toEqual([]);
  });
});

describe('applyMutations', () => {
  it('applies several non-overlapping mutations and refuses overlapping ones', async () => {
    const src = read('csvlite/src/write/quote.js');
    const ms = await mutate(src, 'javascript');
    const far = [ms[0], ms[ms.length - 1]];
    const both = applyMutations(src, far);
    expect(both).toBe(applyMutations(applyMutations(src, [far[1]]), [far[0]]));
    const a = ms[0];
    expect(() => applyMutations(src, [a, { ...a, id: 'other', replacement: 'x' }])).toThrow(/overlap/);
  });
});
