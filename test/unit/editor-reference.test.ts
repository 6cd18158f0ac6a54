// Differential test: every operation of the table in editor-reference.cases.ts gives the
// reference editor's result — success vs error, the file's content, the lines a view shows and
// the window an edit's snippet shows — except where the table names a deliberate difference,
// and each of those is documented in docs/editor.md.
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createToolBox } from '../../harness/agent/tools/index.js';
import { createMemorySandbox, type MemorySandbox } from '../helpers/memory-sandbox.js';
import { EDITOR_CASES, type EditorCase, type EditorOp } from './editor-reference.cases.js';

let sb: MemorySandbox | undefined;
afterEach(async () => {
  await sb?.destroy();
  sb = undefined;
});

/** Python's str.expandtabs(): tab stops every 8 columns, the column restarting at \n or \r. */
function expandTabs(s: string): string {
  let out = '';
  let col = 0;
  for (const ch of s) {
    if (ch === '\t') {
      const n = 8 - (col % 8);
      out += ' '.repeat(n);
      col += n;
    } else {
      out += ch;
      col = ch === '\n' || ch === '\r' ? 0 : col + 1;
    }
  }
  return out;
}

/** The numbered lines (`cat -n` rows) of an observation. */
function numbered(output: string): [number, string][] {
  const rows: [number, string][] = [];
  for (const line of output.split('\n')) {
    const m = /^ *(\d+)\t(.*)$/s.exec(line);
    if (m) rows.push([Number(m[1]), m[2]]);
  }
  return rows;
}

async function setUp(c: EditorCase): Promise<MemorySandbox> {
  const box = await createMemorySandbox();
  for (const [rel, content] of Object.entries(c.files)) {
    const full = `${box.root}/${rel}`;
    if (rel.endsWith('/')) {
      mkdirSync(full, { recursive: true });
      continue;
    }
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, typeof content === 'object' && content ? Buffer.from(content.b64, 'base64') : (content ?? ''));
  }
  return box;
}

const ops = EDITOR_CASES.flatMap((c) => c.ops.filter((o): o is EditorOp => 'call' in o));

describe('editor vs the reference editor, operation by operation', () => {
  it('covers at least 100 operations and every kind the table is meant to cover', () => {
    expect(ops.length).toBeGreaterThanOrEqual(100);
    for (const command of ['view', 'create', 'str_replace', 'insert', 'undo_edit']) {
      expect(ops.filter((o) => o.call.command === command).length, command).toBeGreaterThanOrEqual(8);
    }
    expect(ops.filter((o) => !o.ok).length).toBeGreaterThanOrEqual(30);
  });

  it('documents every deliberate difference the table uses in docs/editor.md', () => {
    const doc = readFileSync(new URL('../../docs/editor.md', import.meta.url), 'utf8');
    for (const tag of new Set(ops.map((o) => o.deliberate).filter(Boolean))) expect(doc).toContain(`| \`${tag}\` |`);
  });

  for (const c of EDITOR_CASES) {
    it(c.name, async () => {
      sb = await setUp(c);
      const box = createToolBox(sb, {
        enabled: ['str_replace_based_edit_tool'],
        bashTimeoutMs: 10_000,
        outputCapBytes: 100_000,
        bashMode: 'stateless',
        editorDialect: c.dialect ?? 'text_editor_20250124',
      });
      for (const [i, op] of c.ops.entries()) {
        if ('external' in op) {
          rmSync(`${sb.root}/${op.path}`);
          continue;
        }
        const call = { ...op.call };
        if (typeof call.path === 'string' && !op.relative) call.path = `${sb.root}/${call.path}`;
        const r = await box.run({ id: `op${i}`, name: 'str_replace_based_edit_tool', input: call });
        const label = `op ${i} ${JSON.stringify(op.call)} → ${r.output.slice(0, 300)}`;
        expect(r.isError, label).toBe(!(op.oursOk ?? op.ok));
        if (op.file !== undefined) {
          const target = resolve(`${sb.root}/${op.call.path as string}`);
          const actual = existsSync(target) && statSync(target).isFile() ? readFileSync(target, 'utf8') : null;
          expect(actual, label).toBe(op.ours ?? op.file);
        }
        if ((op.oursOk ?? op.ok) !== op.ok) continue; // a deliberate difference in outcome: nothing more to compare
        if (op.shows)
          expect(
            numbered(r.output).map(([n, t]) => [n, expandTabs(t)]),
            label,
          ).toEqual(op.shows);
        if (op.window) {
          const rows = numbered(r.output);
          expect([rows[0]?.[0], rows[rows.length - 1]?.[0]], label).toEqual(op.window);
        }
      }
    });
  }
});
