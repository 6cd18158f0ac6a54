// str_replace_based_edit_tool: every command, every error path, and byte-exact preservation
// of whitespace, line endings and encodings through edits and undo.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_EDIT_BYTES } from '../../harness/agent/tools/editor.js';
import { createToolBox } from '../../harness/agent/tools/index.js';
import { AnthropicModelClient } from '../../harness/models/anthropic.js';
import { RateLimiter } from '../../harness/models/rate-limit.js';
import { createModelClient } from '../../harness/models/index.js';
import { parseAgentConfig } from '../../harness/config/agent-config.js';
import type { ToolBox } from '../../harness/agent/tools/types.js';
import type { EditorDialect } from '../../harness/agent/tools/editor.js';
import type { Sandbox } from '../../harness/core/sandbox.js';
import { createMemorySandbox, type MemorySandbox } from '../helpers/memory-sandbox.js';

let sb: MemorySandbox;
let box: ToolBox;

beforeEach(async () => {
  sb = await createMemorySandbox();
  box = createToolBox(sb, {
    enabled: ['bash', 'str_replace_based_edit_tool'],
    bashTimeoutMs: 10_000,
    outputCapBytes: 1024 * 1024,
    bashMode: 'stateless',
  });
});
afterEach(async () => {
  await sb.destroy();
});

const edit = (input: Record<string, unknown>) => box.run({ id: 'call-1', name: 'str_replace_based_edit_tool', input });
const put = (rel: string, data: string | Buffer) => writeFileSync(sb.path(rel), data);
const bytes = (rel: string) => readFileSync(sb.path(rel));

/** An editor-only tool box with its own view budget (and definition, or sandbox): call it with the input. */
function editorOnly(outputCapBytes: number, extra: { dialect?: EditorDialect; sandbox?: Sandbox } = {}) {
  const b = createToolBox(extra.sandbox ?? sb, {
    enabled: ['str_replace_based_edit_tool'],
    bashTimeoutMs: 1000,
    outputCapBytes,
    bashMode: 'stateless',
    editorDialect: extra.dialect,
  });
  return Object.assign((input: Record<string, unknown>) => b.run({ id: 'e', name: 'str_replace_based_edit_tool', input }), {
    specs: b.specs,
  });
}

describe('specs and malformed calls', () => {
  it('lists both tools in a stable order with the editor schema', () => {
    expect(box.specs.map((s) => s.name)).toEqual(['bash', 'str_replace_based_edit_tool']);
    const schema = box.specs[1].inputSchema as { properties: Record<string, { enum?: string[] }>; required: string[] };
    expect(schema.properties.command.enum).toEqual(['view', 'create', 'str_replace', 'insert', 'undo_edit']);
    expect(Object.keys(schema.properties).sort()).toEqual(
      ['command', 'file_text', 'insert_line', 'new_str', 'old_str', 'path', 'view_range'].sort(),
    );
    expect(schema.required).toEqual(['command', 'path']);
  });

  it('only lists and runs enabled tools', async () => {
    const bashOnly = createToolBox(sb, { enabled: ['bash'], bashTimeoutMs: 1000, outputCapBytes: 1000, bashMode: 'stateless' });
    expect(bashOnly.specs.map((s) => s.name)).toEqual(['bash']);
    const r = await bashOnly.run({ id: 'x', name: 'str_replace_based_edit_tool', input: { command: 'view', path: sb.root } });
    expect(r).toMatchObject({ callId: 'x', isError: true });
    expect(r.output).toContain('not enabled');
    expect(r.output).toContain('Available tools: bash');
  });

  it('rejects unknown tools', async () => {
    const r = await box.run({ id: 'u', name: 'python', input: {} });
    expect(r.isError).toBe(true);
    expect(r.output).toContain('Unknown tool "python"');
  });

  it('reports arguments that were not JSON, quoting the raw text', async () => {
    const r = await box.run({ id: 'j', name: 'str_replace_based_edit_tool', input: undefined, rawInput: '{"command": "view", path' });
    expect(r.isError).toBe(true);
    expect(r.output).toContain('not a JSON object');
    expect(r.output).toContain('{"command": "view", path');
  });

  it.each([
    [{ path: '/testbed/a' }, 'Parameter "command" is required'],
    [{ command: 'delete', path: '/testbed/a' }, 'Unknown command "delete"'],
    [{ command: 'view' }, 'Parameter "path" is required'],
    [{ command: 'view', path: 42 }, 'Parameter "path" must be a string, but got a number'],
    [{ command: 'create', path: '/testbed/a' }, 'Parameter "file_text" is required'],
    [{ command: 'str_replace', path: '/testbed/a' }, 'Parameter "old_str" is required'],
    [{ command: 'str_replace', path: '/testbed/a', old_str: 3 }, 'Parameter "old_str" must be a string'],
    [{ command: 'insert', path: '/testbed/a', new_str: 'x' }, 'Parameter "insert_line" is required'],
    [
      { command: 'insert', path: '/testbed/a', new_str: 'x', insert_line: '2' },
      'Parameter "insert_line" must be an integer, but got a string ("2")',
    ],
    [{ command: 'insert', path: '/testbed/a', new_str: 'x', insert_line: 1.5 }, 'must be an integer'],
    [{ command: 'insert', path: '/testbed/a', insert_line: 1 }, 'Parameter "new_str" is required'],
    [{ command: 'view', path: '/testbed/a', view_range: [1] }, 'must be an array of two integers'],
    [{ command: 'view', path: '/testbed/a', view_range: '1,2' }, 'must be an array of two integers'],
  ])('names the problem in %j', async (input, message) => {
    const r = await edit(input);
    expect(r.isError).toBe(true);
    expect(r.output).toContain(message);
  });

  it('requires absolute paths and suggests one under /testbed', async () => {
    const r = await edit({ command: 'view', path: 'src/app.py' });
    expect(r.isError).toBe(true);
    expect(r.output).toContain('not absolute');
    expect(r.output).toContain('/testbed/src/app.py');
  });
});

describe('view', () => {
  it('numbers lines like cat -n', async () => {
    put('a.py', 'def f():\n\treturn 1\n');
    const r = await edit({ command: 'view', path: sb.path('a.py') });
    expect(r.isError).toBe(false);
    // The final newline ends line 2; the empty "line" after it is shown, as the reference shows it.
    expect(r.output).toBe(`${sb.path('a.py')}, lines 1-3 of 3:\n     1\tdef f():\n     2\t\treturn 1\n     3\t`);
  });

  it('shows a view_range, with -1 meaning to the end', async () => {
    put('a.txt', 'one\ntwo\nthree\nfour\n');
    const mid = await edit({ command: 'view', path: sb.path('a.txt'), view_range: [2, 3] });
    expect(mid.output.split('\n').slice(1)).toEqual(['     2\ttwo', '     3\tthree']);
    const tail = await edit({ command: 'view', path: sb.path('a.txt'), view_range: [3, -1] });
    expect(tail.output.split('\n').slice(1)).toEqual(['     3\tthree', '     4\tfour', '     5\t']);
  });

  it.each([
    [[0, 2], 'line numbers start at 1'],
    [[6, 6], 'only 5 lines'],
    [[3, 2], 'end must be >= the start'],
    [[2, 9], 'past the last line (5)'],
  ])('rejects view_range %j', async (range, message) => {
    put('a.txt', 'one\ntwo\nthree\nfour\n');
    const r = await edit({ command: 'view', path: sb.path('a.txt'), view_range: range });
    expect(r.isError).toBe(true);
    expect(r.output).toContain('Invalid view_range');
    expect(r.output).toContain(message);
  });

  it('says when a file is empty or has CRLF line endings', async () => {
    put('e.txt', '');
    const r = await edit({ command: 'view', path: sb.path('e.txt') });
    expect(r).toMatchObject({ isError: false, output: `${sb.path('e.txt')}, lines 1-1 of 1 (empty file):\n     1\t` });
    put('w.txt', 'a\r\nb\r\n');
    expect((await edit({ command: 'view', path: sb.path('w.txt') })).output).toContain('(CRLF line endings)');
  });

  it('lists a directory two levels deep without hidden entries', async () => {
    const files = ['src/app.py', 'src/deep/inner/x.py', 'README.md', '.git/config', 'src/.cache/c', '.env'];
    for (const f of files) await sb.writeFile(sb.path(f), 'x');
    sb.execLog.length = 0;
    const r = await edit({ command: 'view', path: sb.root });
    expect(r.isError).toBe(false);
    const listed = r.output.split('\n').slice(1);
    expect(listed).toEqual([sb.path('README.md'), sb.path('src/'), sb.path('src/app.py'), sb.path('src/deep/')]);
    expect(sb.execLog.filter((c) => c.includes('find -H'))).toHaveLength(1);
  });

  it('rejects view_range on a directory and reports missing paths', async () => {
    const dir = await edit({ command: 'view', path: sb.root, view_range: [1, 2] });
    expect(dir.isError).toBe(true);
    expect(dir.output).toContain('is a directory');
    const missing = await edit({ command: 'view', path: sb.path('nope.txt') });
    expect(missing.isError).toBe(true);
    expect(missing.output).toContain('does not exist');
  });
});

describe('create', () => {
  it('writes a new file as given, in an existing folder only (as the reference does)', async () => {
    const r = await edit({ command: 'create', path: sb.path('new.py'), file_text: 'x = 1\r\ny = "é"' });
    expect(r.isError).toBe(false);
    expect(r.output).toContain('Created');
    expect(bytes('new.py').toString('utf8')).toBe('x = 1\r\ny = "é"');
    const deep = await edit({ command: 'create', path: sb.path('pkg/sub/new.py'), file_text: 'x' });
    expect(deep.isError).toBe(true);
    expect(deep.output).toContain('does not exist (create does not make folders: mkdir -p it first)');
    expect(existsSync(sb.path('pkg'))).toBe(false);
  });

  it('refuses to overwrite a file or a directory', async () => {
    put('a.txt', 'keep\n');
    const r = await edit({ command: 'create', path: sb.path('a.txt'), file_text: 'lost' });
    expect(r.isError).toBe(true);
    expect(r.output).toContain('already exists');
    expect(bytes('a.txt').toString()).toBe('keep\n');
    const d = await edit({ command: 'create', path: sb.root, file_text: 'x' });
    expect(d.isError).toBe(true);
    expect(d.output).toContain('directory');
  });
});

describe('odd paths', () => {
  it('refuses a path whose parent is a file, without throwing', async () => {
    put('a.txt', 'x\n');
    const c = await edit({ command: 'create', path: sb.path('a.txt/b.txt'), file_text: 'y' });
    expect(c.isError).toBe(true);
    expect(c.output).toContain('a parent of this path is a file');
    const v = await edit({ command: 'view', path: sb.path('a.txt/b.txt') });
    expect(v.isError).toBe(true);
  });

  it('lists a symlinked folder', async () => {
    await sb.writeFile(sb.path('real/f.txt'), 'x');
    symlinkSync(sb.path('real'), sb.path('link'));
    const r = await edit({ command: 'view', path: sb.path('link') });
    expect(r.output.split('\n').slice(1)).toEqual([sb.path('link/f.txt')]);
  });

  it('cuts a single line longer than the view budget', async () => {
    put('min.js', `${'ab'.repeat(500)}\n`);
    const r = await editorOnly(100)({ command: 'view', path: sb.path('min.js') });
    expect(r.output).toContain('[line 1 cut: 1007 characters in all]');
    expect(r.isError).toBe(false);
    expect(r.output.length).toBeLessThan(300);
  });
});

describe('str_replace', () => {
  it('replaces the single occurrence and shows the edited region with line numbers', async () => {
    put('a.py', 'a = 1\nb = 2\nc = 3\n');
    const r = await edit({ command: 'str_replace', path: sb.path('a.py'), old_str: 'b = 2', new_str: 'b = 20\nb2 = 21' });
    expect(r.isError).toBe(false);
    expect(r.output).toContain('     2\tb = 20\n     3\tb2 = 21\n     4\tc = 3');
    expect(bytes('a.py').toString()).toBe('a = 1\nb = 20\nb2 = 21\nc = 3\n');
  });

  it('deletes old_str when new_str is omitted', async () => {
    put('a.txt', 'keep\ndrop me\nkeep\n');
    const r = await edit({ command: 'str_replace', path: sb.path('a.txt'), old_str: 'drop me\n' });
    expect(r.isError).toBe(false);
    expect(bytes('a.txt').toString()).toBe('keep\nkeep\n');
  });

  it('refuses zero and several matches, saying how many and where', async () => {
    put('a.txt', 'x = 1\ny = 2\nx = 1\nz\nx = 1\n');
    const none = await edit({ command: 'str_replace', path: sb.path('a.txt'), old_str: 'w = 9', new_str: '' });
    expect(none.isError).toBe(true);
    expect(none.output).toContain('not found verbatim');
    const many = await edit({ command: 'str_replace', path: sb.path('a.txt'), old_str: 'x = 1', new_str: 'x = 2' });
    expect(many.isError).toBe(true);
    expect(many.output).toContain('occurs 3 times');
    expect(many.output).toContain('lines 1, 3, 5');
    expect(bytes('a.txt').toString()).toBe('x = 1\ny = 2\nx = 1\nz\nx = 1\n');
  });

  it('refuses an empty old_str, a missing file, a directory and a binary file', async () => {
    put('a.txt', 'abc\n');
    expect((await edit({ command: 'str_replace', path: sb.path('a.txt'), old_str: '', new_str: 'x' })).output).toContain(
      'must not be empty',
    );
    const missing = await edit({ command: 'str_replace', path: sb.path('b.txt'), old_str: 'a', new_str: 'b' });
    expect(missing.isError).toBe(true);
    expect(missing.output).toContain('does not exist');
    expect(missing.output).toContain('create');
    const dir = await edit({ command: 'str_replace', path: sb.root, old_str: 'a', new_str: 'b' });
    expect(dir.output).toContain('is a directory');
    put('bin.dat', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe]));
    for (const input of [
      { command: 'str_replace', path: sb.path('bin.dat'), old_str: 'P', new_str: 'Q' },
      { command: 'view', path: sb.path('bin.dat') },
      { command: 'insert', path: sb.path('bin.dat'), insert_line: 0, new_str: 'x' },
    ]) {
      const r = await edit(input);
      expect(r.isError).toBe(true);
      expect(r.output).toContain('is not UTF-8 text');
    }
    put('latin1.txt', Buffer.from('caf\xe9\n', 'latin1'));
    expect((await edit({ command: 'view', path: sb.path('latin1.txt') })).output).toContain('is not UTF-8 text');
  });

  it('keeps the file mode (an executable stays executable)', async () => {
    put('run.sh', '#!/bin/sh\necho hi\n');
    chmodSync(sb.path('run.sh'), 0o755);
    await edit({ command: 'str_replace', path: sb.path('run.sh'), old_str: 'hi', new_str: 'hello' });
    expect(statSync(sb.path('run.sh')).mode & 0o777).toBe(0o755);
  });
});

describe('whitespace-normalisation diagnostic', () => {
  it('explains tabs vs spaces and shows the actual lines', async () => {
    put('t.go', 'func f() {\n\tif x {\n\t\treturn 1\n\t}\n}\n');
    const r = await edit({ command: 'str_replace', path: sb.path('t.go'), old_str: '    if x {\n        return 1', new_str: 'y' });
    expect(r.isError).toBe(true);
    expect(r.output).toContain('would match if whitespace were ignored');
    expect(r.output).toContain('at lines 2-3');
    expect(r.output).toContain('line 2: tabs vs spaces: 1 tab in the file, 4 spaces in old_str');
    expect(r.output).toContain('line 3: tabs vs spaces: 2 tabs in the file, 8 spaces in old_str');
    expect(r.output).toContain('     2\t\tif x {\n     3\t\t\treturn 1');
  });

  it('explains trailing whitespace and indentation depth', async () => {
    put('p.py', 'def f():\n    x = 1   \n    return x\n');
    const trail = await edit({ command: 'str_replace', path: sb.path('p.py'), old_str: 'x = 1\n    return x', new_str: '' });
    expect(trail.output).toContain('line 2: trailing whitespace: 3 spaces in the file, none in old_str');
    const indent = await edit({ command: 'str_replace', path: sb.path('p.py'), old_str: 'def f():\n  x = 1   \n', new_str: '' });
    expect(indent.output).toContain('line 2: indentation: 4 spaces in the file, 2 spaces in old_str');
  });

  it('matches across mixed line endings and keeps the breaks it did not touch', async () => {
    put('m.txt', 'a\r\nb\r\nc\nd\n');
    const r = await edit({ command: 'str_replace', path: sb.path('m.txt'), old_str: 'b\nc\nd', new_str: 'B\nC' });
    expect(r.isError).toBe(false);
    // New breaks take the file's most common style; on a tie (2 CRLF, 2 LF) that is LF.
    expect(bytes('m.txt').toString()).toBe('a\r\nB\nC\n');
  });

  it('says plainly when nothing close exists', async () => {
    put('p.py', 'x = 1\n');
    const r = await edit({ command: 'str_replace', path: sb.path('p.py'), old_str: 'nothing like it', new_str: '' });
    expect(r.output).not.toContain('would match');
    expect(r.output).toContain('including whitespace');
  });
});

describe('insert', () => {
  it('shows the inserted lines numbered', async () => {
    put('a.txt', 'one\ntwo\n');
    const r = await edit({ command: 'insert', path: sb.path('a.txt'), insert_line: 1, new_str: 'new' });
    expect(r.output).toContain('Inserted 1 line after line 1');
    expect(r.output).toContain('     2\tnew');
  });

  it('validates insert_line against the file', async () => {
    put('a.txt', 'one\ntwo\n');
    for (const line of [-1, 4]) {
      const r = await edit({ command: 'insert', path: sb.path('a.txt'), insert_line: line, new_str: 'x' });
      expect(r.isError).toBe(true);
      expect(r.output).toContain('between 0 (top of the file) and 3');
    }
    expect(bytes('a.txt').toString()).toBe('one\ntwo\n');
  });
});

describe('undo_edit', () => {
  it('walks back several levels per file, then says there is nothing left', async () => {
    const original = 'v0\nother\n';
    put('a.txt', original);
    put('b.txt', 'b0\n');
    await edit({ command: 'str_replace', path: sb.path('a.txt'), old_str: 'v0', new_str: 'v1' });
    await edit({ command: 'str_replace', path: sb.path('b.txt'), old_str: 'b0', new_str: 'b1' });
    await edit({ command: 'insert', path: sb.path('a.txt'), insert_line: 0, new_str: 'top' });
    await edit({ command: 'str_replace', path: sb.path('a.txt'), old_str: 'v1', new_str: 'v2' });
    expect(bytes('a.txt').toString()).toBe('top\nv2\nother\n');

    const u1 = await edit({ command: 'undo_edit', path: sb.path('a.txt') });
    expect(u1.isError).toBe(false);
    expect(u1.output).toContain('2 earlier levels can still be undone');
    expect(bytes('a.txt').toString()).toBe('top\nv1\nother\n');
    await edit({ command: 'undo_edit', path: sb.path('a.txt') });
    expect(bytes('a.txt').toString()).toBe('v1\nother\n');
    await edit({ command: 'undo_edit', path: sb.path('a.txt') });
    expect(bytes('a.txt').toString()).toBe(original);
    const none = await edit({ command: 'undo_edit', path: sb.path('a.txt') });
    expect(none.isError).toBe(true);
    expect(none.output).toContain('Nothing to undo');
    expect(bytes('b.txt').toString()).toBe('b1\n');
  });

  it('keys history by the path as pathlib spells it (repeated slashes and "." dropped)', async () => {
    put('a.txt', 'x\n');
    await edit({ command: 'str_replace', path: sb.path('a.txt'), old_str: 'x', new_str: 'y' });
    const r = await edit({ command: 'undo_edit', path: `${sb.root}//./a.txt` });
    expect(r.isError).toBe(false);
    expect(bytes('a.txt').toString()).toBe('x\n');
  });

  it('is not offered, and refused, under text_editor_20250728', async () => {
    const newer = editorOnly(10_000, { dialect: 'text_editor_20250728' });
    const schema = newer.specs[0].inputSchema as { properties: { command: { enum: string[] } } };
    expect(schema.properties.command.enum).toEqual(['view', 'create', 'str_replace', 'insert']);
    expect(newer.specs[0].description).not.toContain('undo_edit');
    put('a.txt', 'x\n');
    const r = await newer({ command: 'undo_edit', path: sb.path('a.txt') });
    expect(r.isError).toBe(true);
    expect(r.output).toContain("this tool's commands are view, create, str_replace, insert");
  });
});

describe('byte-exact preservation', () => {
  it('keeps a CRLF file CRLF through str_replace, insert and undo', async () => {
    const original = Buffer.from('first\r\n\tindented  \r\nlast line\r\n');
    put('w.txt', original);
    // The model sees lines without \r and sends LF: the edit must still match and stay CRLF.
    const r = await edit({
      command: 'str_replace',
      path: sb.path('w.txt'),
      old_str: 'first\n\tindented',
      new_str: 'FIRST\n\tindented\n\tadded',
    });
    expect(r.isError).toBe(false);
    expect(bytes('w.txt').toString()).toBe('FIRST\r\n\tindented\r\n\tadded  \r\nlast line\r\n');
    await edit({ command: 'insert', path: sb.path('w.txt'), insert_line: 4, new_str: 'tail 1\ntail 2\n' });
    // As in the reference, a new_str ending with a newline adds an empty line.
    expect(bytes('w.txt').toString()).toBe('FIRST\r\n\tindented\r\n\tadded  \r\nlast line\r\ntail 1\r\ntail 2\r\n\r\n');
    const view = await edit({ command: 'view', path: sb.path('w.txt'), view_range: [1, 1] });
    expect(view.output).toContain('CRLF line endings');
    expect(view.output).not.toContain('\r');
    await edit({ command: 'undo_edit', path: sb.path('w.txt') });
    await edit({ command: 'undo_edit', path: sb.path('w.txt') });
    expect(bytes('w.txt').equals(original)).toBe(true);
  });

  it('converts CRLF the model sends into an LF file', async () => {
    put('u.txt', 'a\nb\n');
    await edit({ command: 'str_replace', path: sb.path('u.txt'), old_str: 'a\r\nb', new_str: 'a\r\nB' });
    expect(bytes('u.txt').toString()).toBe('a\nB\n');
  });

  it('keeps tabs and untouched lines of a tab-indented file byte for byte', async () => {
    const original = 'all:\n\tgcc -o app main.c\t# build\n\n\ttrailing\t \nend';
    put('Makefile', original);
    await edit({ command: 'str_replace', path: sb.path('Makefile'), old_str: '\tgcc -o app', new_str: '\tcc -O2 -o app' });
    await edit({ command: 'insert', path: sb.path('Makefile'), insert_line: 1, new_str: '\t@echo building' });
    expect(bytes('Makefile').toString()).toBe('all:\n\t@echo building\n\tcc -O2 -o app main.c\t# build\n\n\ttrailing\t \nend');
    await edit({ command: 'undo_edit', path: sb.path('Makefile') });
    await edit({ command: 'undo_edit', path: sb.path('Makefile') });
    expect(bytes('Makefile').toString()).toBe(original);
  });

  it('handles multi-byte characters, emoji, combining marks and a BOM', async () => {
    const original = '\ufeff# café — naïve\nname = "José"\nemoji = "👩‍💻🎉"\ncombined = "e\u0301"\n';
    put('u.py', original);
    const v = await edit({ command: 'view', path: sb.path('u.py'), view_range: [3, 4] });
    expect(v.output).toContain('     3\temoji = "👩‍💻🎉"\n     4\tcombined = "e\u0301"');
    const r = await edit({ command: 'str_replace', path: sb.path('u.py'), old_str: '"👩‍💻🎉"', new_str: '"🚀 ünïcödé"' });
    expect(r.isError).toBe(false);
    expect(r.output).toContain('     3\temoji = "🚀 ünïcödé"');
    await edit({ command: 'str_replace', path: sb.path('u.py'), old_str: 'e\u0301', new_str: '\u00e9' });
    expect(bytes('u.py').toString('utf8')).toBe('\ufeff# café — naïve\nname = "José"\nemoji = "🚀 ünïcödé"\ncombined = "\u00e9"\n');
    expect(
      bytes('u.py')
        .subarray(0, 3)
        .equals(Buffer.from([0xef, 0xbb, 0xbf])),
    ).toBe(true);
    await edit({ command: 'undo_edit', path: sb.path('u.py') });
    await edit({ command: 'undo_edit', path: sb.path('u.py') });
    expect(bytes('u.py').equals(Buffer.from(original, 'utf8'))).toBe(true);
  });

  it('works on a 1 MB file: ranged view and an edit near the end', async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `line ${String(i + 1).padStart(5, '0')} ${'x'.repeat(40)} é`);
    const original = `${lines.join('\n')}\n`;
    expect(Buffer.byteLength(original)).toBeGreaterThan(1_000_000);
    put('big.txt', original);
    const v = await edit({ command: 'view', path: sb.path('big.txt'), view_range: [19_998, -1] });
    expect(v.output.split('\n').slice(1)).toEqual([
      ` 19998\t${lines[19_997]}`,
      ` 19999\t${lines[19_998]}`,
      ` 20000\t${lines[19_999]}`,
      ' 20001\t',
    ]);
    const r = await edit({ command: 'str_replace', path: sb.path('big.txt'), old_str: 'line 19999 ', new_str: 'LINE 19999 ' });
    expect(r.isError).toBe(false);
    expect(r.output).toContain(' 19999\tLINE 19999 ');
    const expected = original.replace('line 19999 ', 'LINE 19999 ');
    expect(bytes('big.txt').equals(Buffer.from(expected))).toBe(true);
  });

  it('cuts an over-long whole-file view and points to view_range', async () => {
    put('long.txt', Array.from({ length: 100 }, (_, i) => `row ${i + 1}`).join('\n'));
    const r = await editorOnly(200)({ command: 'view', path: sb.path('long.txt') });
    expect(r.isError).toBe(false);
    expect(r.output.length).toBeLessThan(400);
    expect(r.output).toMatch(/output cut after line \d+: view the rest with view_range/);
  });

  it('edits a path with spaces and quotes in its name', async () => {
    const rel = "dir with space/it's.txt";
    await sb.writeFile(sb.path(rel), 'a\n');
    const r = await edit({ command: 'str_replace', path: sb.path(rel), old_str: 'a', new_str: 'b' });
    expect(r.isError).toBe(false);
    expect(execFileSync('cat', [sb.path(rel)]).toString()).toBe('b\n');
  });
});

describe('bounded reads', () => {
  it('streams a view of a file over the edit limit and refuses to edit it', async () => {
    const lines = Array.from({ length: 120_000 }, (_, i) => `row ${i + 1} ${'y'.repeat(40)}`);
    put('huge.txt', `${lines.join('\n')}\n`);
    expect(statSync(sb.path('huge.txt')).size).toBeGreaterThan(MAX_EDIT_BYTES);
    const run = editorOnly(2000);
    const whole = await run({ command: 'view', path: sb.path('huge.txt') });
    expect(whole.isError).toBe(false);
    expect(whole.output).toContain('lines 1-');
    expect(whole.output).toContain('(of a large file, ');
    expect(whole.output).toContain(`     1\t${lines[0]}`);
    expect(whole.output).toMatch(/output cut after line \d+/);
    expect(whole.output.length).toBeLessThan(2500);
    const deep = await run({ command: 'view', path: sb.path('huge.txt'), view_range: [100_000, 100_002] });
    expect(deep.output).toContain('(of 120001 lines, a large file');
    expect(numberedRows(deep.output)).toEqual([`100000\t${lines[99_999]}`, `100001\t${lines[100_000]}`, `100002\t${lines[100_001]}`]);
    expect((await run({ command: 'view', path: sb.path('huge.txt'), view_range: [120_001, -1] })).output).toContain('120001\t');
    const past = await run({ command: 'view', path: sb.path('huge.txt'), view_range: [120_002, -1] });
    expect(past).toMatchObject({ isError: true });
    expect(past.output).toContain('the file has only 120001 lines');
    for (const input of [
      { command: 'str_replace', path: sb.path('huge.txt'), old_str: 'row 1 ', new_str: 'ROW 1 ' },
      { command: 'insert', path: sb.path('huge.txt'), insert_line: 0, new_str: 'x' },
    ]) {
      const r = await run(input);
      expect(r.isError).toBe(true);
      expect(r.output).toContain("over the editor's 4 MiB limit");
    }
  });

  it('shows the start of one enormous line', async () => {
    put('one.min.js', 'z'.repeat(MAX_EDIT_BYTES + 10));
    const r = await edit({ command: 'view', path: sb.path('one.min.js') });
    expect(r.isError).toBe(false);
    expect(r.output).toContain('[line 1 cut:');
    expect(r.output.length).toBeLessThan(1024 * 1024 + 500);
  });

  it('refuses a FIFO instead of blocking on it', async () => {
    execFileSync('mkfifo', [sb.path('pipe')]);
    const r = await edit({ command: 'view', path: sb.path('pipe') });
    expect(r).toMatchObject({ isError: true });
    expect(r.output).toContain('not a regular file');
  });
});

describe('sandbox failures the agent can cause are error observations', () => {
  /** The memory sandbox with its exec replaced. */
  function withExec(wrap: (run: MemorySandbox['exec']) => MemorySandbox['exec']) {
    return editorOnly(10_000, { sandbox: { ...sb, exec: wrap(sb.exec.bind(sb)) } });
  }

  it('a command that times out (a huge folder, a starved sandbox)', async () => {
    const slow = withExec(() => async () => ({
      stdout: '',
      stderr: '',
      exitCode: null,
      timedOut: true,
      truncated: false,
      durationMs: 60_000,
      oomKilled: false,
    }));
    const r = await slow({ command: 'view', path: sb.root });
    expect(r).toMatchObject({ isError: true });
    expect(r.output).toContain('timed out');
  });

  it('a write the file system refuses', async () => {
    const r = await edit({ command: 'create', path: '/proc/atomic-skills-editor-test', file_text: 'x' });
    expect(r).toMatchObject({ isError: true });
    expect(r.output).toContain('cannot write /proc/atomic-skills-editor-test');
  });

  it('text a login profile prints is not taken for file content', async () => {
    const noisy = withExec((run) => async (cmd, o) => {
      const r = await run(cmd, o);
      return { ...r, stdout: `Welcome!\n@@editor-0000@@\n${r.stdout}` };
    });
    put('a.txt', 'real\n');
    expect(numberedRows((await noisy({ command: 'view', path: sb.path('a.txt') })).output)).toEqual(['     1\treal', '     2\t']);
    expect((await noisy({ command: 'str_replace', path: sb.path('a.txt'), old_str: 'real', new_str: 'edited' })).isError).toBe(false);
    expect(bytes('a.txt').toString()).toBe('edited\n');
  });
});

describe('paths', () => {
  it('passes a folder name with spaces, quotes and $(…) to the listing quoted', async () => {
    const odd = "it's $(touch pwned) dir";
    await sb.writeFile(sb.path(`${odd}/f.txt`), 'x');
    const r = await edit({ command: 'view', path: sb.path(odd) });
    expect(r.isError).toBe(false);
    expect(r.output.split('\n').slice(1)).toEqual([sb.path(`${odd}/f.txt`)]);
    expect(existsSync(sb.path('pwned'))).toBe(false);
  });

  it('refuses a NUL in the path', async () => {
    const r = await edit({ command: 'view', path: `${sb.root}/a\0b` });
    expect(r).toMatchObject({ isError: true });
    expect(r.output).toContain('NUL');
  });
});

describe('the Anthropic client declares its native editor', () => {
  it.each([
    ['claude-sonnet-4-5', 'native', 'text_editor_20250728'],
    ['claude-3-7-sonnet-20250219', 'native', 'text_editor_20250124'],
    ['claude-sonnet-4-5', 'json', undefined],
  ] as const)('%s with tool_style %s → %s', (model, toolStyle, dialect) => {
    const api = {
      id: model,
      url: 'http://localhost',
      timeoutMs: 1000,
      stallMs: 1000,
      retry: { maxRetries: 0 },
      limiter: new RateLimiter(),
    };
    const client = new AnthropicModelClient({ model, apiKey: 'k', baseURL: api.url, maxTokens: 10, toolStyle, stream: false, api });
    expect(client.nativeEditor).toBe(dialect);
    // The client a run builds knows it too, before the SDK is loaded.
    const config = parseAgentConfig({ model: `anthropic/${model}`, provider: { tool_style: toolStyle } });
    expect(createModelClient(config, { env: { ANTHROPIC_API_KEY: 'k' } }).nativeEditor).toBe(dialect);
  });
});

function numberedRows(output: string): string[] {
  return output.split('\n').filter((l) => /^ *\d+\t/.test(l));
}
