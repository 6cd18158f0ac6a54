// The differential table for test/unit/editor-reference.test.ts: each case starts from `files`
// (relative to the sandbox root; a name ending in '/' is a folder, { b64 } raw bytes) and runs
// `ops` in order, each with the reference editor's result: ok (success vs error), the file's
// content afterwards (`file`, null = no file), the numbered lines a view shows (tabs expanded,
// as the reference shows them) and the line window an edit's snippet shows. Where we differ on
// purpose, `ours`/`oursOk` hold our result and `deliberate` names the difference, as listed in
// docs/editor.md. The expected values were derived from the reference's source, operation by
// operation (Python semantics: universal-newline reads, str.split('\n'), str.count, expandtabs).

export type Deliberate = 'tabs' | 'crlf' | 'empty-old-str' | 'booleans';

export interface EditorOp {
  call: Record<string, unknown>;
  ok: boolean;
  /** The path is passed as written (a relative path), not joined to the sandbox root. */
  relative?: boolean;
  file?: string | null;
  shows?: [number, string][];
  window?: [number, number];
  ours?: string;
  oursOk?: boolean;
  deliberate?: Deliberate;
}

export interface ExternalStep {
  external: 'remove';
  path: string;
}

export interface EditorCase {
  name: string;
  dialect?: 'text_editor_20250124' | 'text_editor_20250728';
  files: Record<string, string | { b64: string } | null>;
  ops: (EditorOp | ExternalStep)[];
}

export const EDITOR_CASES: EditorCase[] = [
  {
    name: 'view: a final newline makes an empty last line',
    files: { 'a.txt': 'one\ntwo\n' },
    ops: [
      {
        call: { command: 'view', path: 'a.txt' },
        ok: true,
        shows: [
          [1, 'one'],
          [2, 'two'],
          [3, ''],
        ],
      },
      { call: { command: 'view', path: 'a.txt', view_range: [3, 3] }, ok: true, shows: [[3, '']] },
      { call: { command: 'view', path: 'a.txt', view_range: [3, -1] }, ok: true, shows: [[3, '']] },
      { call: { command: 'view', path: 'a.txt', view_range: [4, 4] }, ok: false },
      {
        call: { command: 'view', path: 'a.txt', view_range: [1, 3] },
        ok: true,
        shows: [
          [1, 'one'],
          [2, 'two'],
          [3, ''],
        ],
      },
      { call: { command: 'view', path: 'a.txt', view_range: [2, 1] }, ok: false },
      { call: { command: 'view', path: 'a.txt', view_range: [0, 1] }, ok: false },
      {
        call: { command: 'view', path: 'a.txt', view_range: [] },
        ok: true,
        shows: [
          [1, 'one'],
          [2, 'two'],
          [3, ''],
        ],
      },
      { call: { command: 'view', path: 'a.txt', view_range: [1, -2] }, ok: false },
      { call: { command: 'view', path: 'a.txt', view_range: [1, 0] }, ok: false },
    ],
  },
  {
    name: 'view: no final newline',
    files: { 'a.txt': 'one\ntwo' },
    ops: [
      {
        call: { command: 'view', path: 'a.txt' },
        ok: true,
        shows: [
          [1, 'one'],
          [2, 'two'],
        ],
      },
      { call: { command: 'view', path: 'a.txt', view_range: [2, 2] }, ok: true, shows: [[2, 'two']] },
      { call: { command: 'view', path: 'a.txt', view_range: [3, 3] }, ok: false },
      { call: { command: 'view', path: 'a.txt', view_range: [2, -1] }, ok: true, shows: [[2, 'two']] },
    ],
  },
  {
    name: 'view: an empty file has one empty line',
    files: { 'e.txt': '' },
    ops: [
      { call: { command: 'view', path: 'e.txt' }, ok: true, shows: [[1, '']] },
      { call: { command: 'view', path: 'e.txt', view_range: [1, 1] }, ok: true, shows: [[1, '']] },
      { call: { command: 'view', path: 'e.txt', view_range: [1, -1] }, ok: true, shows: [[1, '']] },
      { call: { command: 'view', path: 'e.txt', view_range: [1, 2] }, ok: false },
      { call: { command: 'view', path: 'e.txt', view_range: [2, 2] }, ok: false },
    ],
  },
  {
    name: 'view: view_range shapes',
    files: { 'a.txt': 'a\nb\nc\n' },
    ops: [
      { call: { command: 'view', path: 'a.txt', view_range: [1.5, 2] }, ok: false },
      { call: { command: 'view', path: 'a.txt', view_range: [1] }, ok: false },
      { call: { command: 'view', path: 'a.txt', view_range: [1, 2, 3] }, ok: false },
      { call: { command: 'view', path: 'a.txt', view_range: '1,2' }, ok: false },
      {
        call: { command: 'view', path: 'a.txt', view_range: [true, 2] },
        ok: true,
        shows: [
          [1, 'a'],
          [2, 'b'],
        ],
        oursOk: false,
        deliberate: 'booleans',
      },
      {
        call: { command: 'view', path: 'a.txt', view_range: null },
        ok: true,
        shows: [
          [1, 'a'],
          [2, 'b'],
          [3, 'c'],
          [4, ''],
        ],
      },
    ],
  },
  {
    name: 'view: directories',
    files: { 'd/x.py': 'x\n', 'd/sub/y.py': 'y\n', 'd/.hidden': 'h\n' },
    ops: [
      { call: { command: 'view', path: 'd' }, ok: true },
      { call: { command: 'view', path: 'd', view_range: [] }, ok: true },
      { call: { command: 'view', path: 'd', view_range: [1, 2] }, ok: false },
      { call: { command: 'view', path: 'd/' }, ok: true },
    ],
  },
  {
    name: 'view: missing and relative paths',
    files: { 'a.txt': 'a\n' },
    ops: [
      { call: { command: 'view', path: 'missing.txt' }, ok: false },
      { call: { command: 'view', path: 'a.txt' }, ok: false, relative: true },
      { call: { command: 'view', path: 'a.txt/b' }, ok: false },
    ],
  },
  {
    name: 'view: unicode',
    files: { 'u.txt': 'π = 3.14\n你好\n👩\u200d💻 done\n' },
    ops: [
      {
        call: { command: 'view', path: 'u.txt' },
        ok: true,
        shows: [
          [1, 'π = 3.14'],
          [2, '你好'],
          [3, '👩\u200d💻 done'],
          [4, ''],
        ],
      },
      {
        call: { command: 'view', path: 'u.txt', view_range: [2, 3] },
        ok: true,
        shows: [
          [2, '你好'],
          [3, '👩\u200d💻 done'],
        ],
      },
    ],
  },
  {
    name: 'view: CRLF, lone CR and NUL are text',
    files: { 'w.txt': 'a\r\nb\r\n', 'm.txt': 'a\rb\n', 'z.txt': 'a\0b\n' },
    ops: [
      {
        call: { command: 'view', path: 'w.txt' },
        ok: true,
        shows: [
          [1, 'a'],
          [2, 'b'],
          [3, ''],
        ],
      },
      { call: { command: 'view', path: 'w.txt', view_range: [3, 3] }, ok: true, shows: [[3, '']] },
      {
        call: { command: 'view', path: 'm.txt' },
        ok: true,
        shows: [
          [1, 'a'],
          [2, 'b'],
          [3, ''],
        ],
      },
      { call: { command: 'view', path: 'm.txt', view_range: [2, 2] }, ok: true, shows: [[2, 'b']] },
      {
        call: { command: 'view', path: 'z.txt' },
        ok: true,
        shows: [
          [1, 'a\0b'],
          [2, ''],
        ],
      },
    ],
  },
  {
    name: 'view and edit: not UTF-8',
    files: { 'l.txt': { b64: 'Y2Fm6Qo=' } },
    ops: [
      { call: { command: 'view', path: 'l.txt' }, ok: false },
      { call: { command: 'str_replace', path: 'l.txt', old_str: 'caf', new_str: 'cafe' }, ok: false, file: 'caf�\n' },
      { call: { command: 'insert', path: 'l.txt', insert_line: 0, new_str: 'x' }, ok: false, file: 'caf�\n' },
    ],
  },
  {
    name: 'insert: first and last positions',
    files: { 'a.txt': 'a\nb\n' },
    ops: [
      { call: { command: 'insert', path: 'a.txt', insert_line: 0, new_str: 'X' }, ok: true, file: 'X\na\nb\n', window: [1, 4] },
      { call: { command: 'insert', path: 'a.txt', insert_line: 4, new_str: 'Y' }, ok: true, file: 'X\na\nb\n\nY', window: [1, 5] },
      { call: { command: 'insert', path: 'a.txt', insert_line: 6, new_str: 'Z' }, ok: false, file: 'X\na\nb\n\nY' },
      { call: { command: 'insert', path: 'a.txt', insert_line: -1, new_str: 'Z' }, ok: false, file: 'X\na\nb\n\nY' },
      { call: { command: 'insert', path: 'a.txt', insert_line: 5, new_str: 'W' }, ok: true, file: 'X\na\nb\n\nY\nW', window: [2, 6] },
    ],
  },
  {
    name: 'insert: new_str ending with a newline adds an empty line',
    files: { 'a.txt': 'a\nb\n' },
    ops: [
      { call: { command: 'insert', path: 'a.txt', insert_line: 1, new_str: 'X\n' }, ok: true, file: 'a\nX\n\nb\n', window: [1, 5] },
      { call: { command: 'insert', path: 'a.txt', insert_line: 0, new_str: 'Y\n' }, ok: true, file: 'Y\n\na\nX\n\nb\n', window: [1, 6] },
      {
        call: { command: 'insert', path: 'a.txt', insert_line: 2, new_str: 'P\nQ\n' },
        ok: true,
        file: 'Y\n\nP\nQ\n\na\nX\n\nb\n',
        window: [1, 9],
      },
    ],
  },
  {
    name: 'insert: file without a final newline',
    files: { 'a.txt': 'a\nb' },
    ops: [
      { call: { command: 'insert', path: 'a.txt', insert_line: 2, new_str: 'c' }, ok: true, file: 'a\nb\nc', window: [1, 3] },
      { call: { command: 'insert', path: 'a.txt', insert_line: 3, new_str: 'd\n' }, ok: true, file: 'a\nb\nc\nd\n', window: [1, 5] },
      { call: { command: 'insert', path: 'a.txt', insert_line: 5, new_str: 'e' }, ok: true, file: 'a\nb\nc\nd\n\ne', window: [2, 6] },
    ],
  },
  {
    name: 'insert: empty file and empty new_str',
    files: { 'e.txt': '', 'a.txt': 'a\n' },
    ops: [
      { call: { command: 'insert', path: 'e.txt', insert_line: 0, new_str: 'x' }, ok: true, file: 'x\n', window: [1, 2] },
      { call: { command: 'insert', path: 'e.txt', insert_line: 2, new_str: 'y' }, ok: true, file: 'x\n\ny', window: [1, 3] },
      { call: { command: 'insert', path: 'a.txt', insert_line: 1, new_str: '' }, ok: true, file: 'a\n\n', window: [1, 3] },
      { call: { command: 'insert', path: 'a.txt', insert_line: 0, new_str: '' }, ok: true, file: '\na\n\n', window: [1, 4] },
    ],
  },
  {
    name: 'insert: multi-line block into a function',
    files: { 'f.py': 'def f():\n    return 1\n' },
    ops: [
      {
        call: { command: 'insert', path: 'f.py', insert_line: 1, new_str: '    x = 2\n    y = 3' },
        ok: true,
        file: 'def f():\n    x = 2\n    y = 3\n    return 1\n',
        window: [1, 5],
      },
      {
        call: { command: 'view', path: 'f.py' },
        ok: true,
        shows: [
          [1, 'def f():'],
          [2, '    x = 2'],
          [3, '    y = 3'],
          [4, '    return 1'],
          [5, ''],
        ],
      },
    ],
  },
  {
    name: 'insert: bad parameters and paths',
    files: { 'a.txt': 'a\n', 'd/x': 'x' },
    ops: [
      { call: { command: 'insert', path: 'a.txt', insert_line: 1.5, new_str: 'x' }, ok: false, file: 'a\n' },
      { call: { command: 'insert', path: 'a.txt', insert_line: '1', new_str: 'x' }, ok: false, file: 'a\n' },
      { call: { command: 'insert', path: 'a.txt', insert_line: 1 }, ok: false, file: 'a\n' },
      { call: { command: 'insert', path: 'a.txt', new_str: 'x' }, ok: false, file: 'a\n' },
      { call: { command: 'insert', path: 'missing.txt', insert_line: 0, new_str: 'x' }, ok: false, file: null },
      { call: { command: 'insert', path: 'd', insert_line: 0, new_str: 'x' }, ok: false, file: null },
    ],
  },
  {
    name: 'insert: CRLF file keeps CRLF',
    files: { 'w.txt': 'a\r\nb\r\n' },
    ops: [
      {
        call: { command: 'insert', path: 'w.txt', insert_line: 1, new_str: 'X' },
        ok: true,
        file: 'a\nX\nb\n',
        window: [1, 4],
        ours: 'a\r\nX\r\nb\r\n',
        deliberate: 'crlf',
      },
      {
        call: { command: 'insert', path: 'w.txt', insert_line: 4, new_str: 'Z' },
        ok: true,
        file: 'a\nX\nb\n\nZ',
        window: [1, 5],
        ours: 'a\r\nX\r\nb\r\n\r\nZ',
        deliberate: 'crlf',
      },
    ],
  },
  {
    name: 'insert: tabs are kept',
    files: { 't.go': '\tx\n' },
    ops: [
      {
        call: { command: 'insert', path: 't.go', insert_line: 1, new_str: '\ty' },
        ok: true,
        file: '        x\n        y\n',
        window: [1, 3],
        ours: '\tx\n\ty\n',
        deliberate: 'tabs',
      },
    ],
  },
  {
    name: 'insert: unicode',
    files: { 'u.txt': 'é\n' },
    ops: [
      { call: { command: 'insert', path: 'u.txt', insert_line: 1, new_str: '日本\n🙂' }, ok: true, file: 'é\n日本\n🙂\n', window: [1, 4] },
      {
        call: { command: 'view', path: 'u.txt' },
        ok: true,
        shows: [
          [1, 'é'],
          [2, '日本'],
          [3, '🙂'],
          [4, ''],
        ],
      },
    ],
  },
  {
    name: 'insert: snippet window near the end of a long file',
    files: {
      'l.txt':
        'line 1\nline 2\nline 3\nline 4\nline 5\nline 6\nline 7\nline 8\nline 9\nline 10\nline 11\nline 12\nline 13\nline 14\nline 15\nline 16\nline 17\nline 18\nline 19\nline 20\n',
    },
    ops: [
      {
        call: { command: 'insert', path: 'l.txt', insert_line: 19, new_str: 'new' },
        ok: true,
        file: 'line 1\nline 2\nline 3\nline 4\nline 5\nline 6\nline 7\nline 8\nline 9\nline 10\nline 11\nline 12\nline 13\nline 14\nline 15\nline 16\nline 17\nline 18\nline 19\nnew\nline 20\n',
        window: [16, 22],
      },
      {
        call: { command: 'insert', path: 'l.txt', insert_line: 2, new_str: 'a\nb\nc' },
        ok: true,
        file: 'line 1\nline 2\na\nb\nc\nline 3\nline 4\nline 5\nline 6\nline 7\nline 8\nline 9\nline 10\nline 11\nline 12\nline 13\nline 14\nline 15\nline 16\nline 17\nline 18\nline 19\nnew\nline 20\n',
        window: [1, 9],
      },
      {
        call: { command: 'insert', path: 'l.txt', insert_line: 0, new_str: 'top' },
        ok: true,
        file: 'top\nline 1\nline 2\na\nb\nc\nline 3\nline 4\nline 5\nline 6\nline 7\nline 8\nline 9\nline 10\nline 11\nline 12\nline 13\nline 14\nline 15\nline 16\nline 17\nline 18\nline 19\nnew\nline 20\n',
        window: [1, 5],
      },
    ],
  },
  {
    name: 'str_replace: single, missing and multi-line matches',
    files: { 'a.py': 'a = 1\nb = 2\n' },
    ops: [
      {
        call: { command: 'str_replace', path: 'a.py', old_str: 'b = 2', new_str: 'b = 3' },
        ok: true,
        file: 'a = 1\nb = 3\n',
        window: [1, 3],
      },
      { call: { command: 'str_replace', path: 'a.py', old_str: 'zzz', new_str: 'y' }, ok: false, file: 'a = 1\nb = 3\n' },
      { call: { command: 'str_replace', path: 'a.py', old_str: 'a = 1\nb = 3', new_str: 'x' }, ok: true, file: 'x\n', window: [1, 2] },
      {
        call: { command: 'view', path: 'a.py' },
        ok: true,
        shows: [
          [1, 'x'],
          [2, ''],
        ],
      },
    ],
  },
  {
    name: 'str_replace: repeated text is refused until unique',
    files: { 'r.txt': 'x\nx\ny\n' },
    ops: [
      { call: { command: 'str_replace', path: 'r.txt', old_str: 'x', new_str: 'z' }, ok: false, file: 'x\nx\ny\n' },
      { call: { command: 'str_replace', path: 'r.txt', old_str: 'x\ny', new_str: 'x\nY' }, ok: true, file: 'x\nx\nY\n', window: [1, 4] },
      { call: { command: 'str_replace', path: 'r.txt', old_str: 'x\nx', new_str: 'x' }, ok: true, file: 'x\nY\n', window: [1, 3] },
    ],
  },
  {
    name: 'str_replace: overlapping occurrences count once',
    files: { 'o.txt': 'aaa\n', 'p.txt': 'aaaa\n', 'q.txt': 'abab ab\n' },
    ops: [
      { call: { command: 'str_replace', path: 'o.txt', old_str: 'aa', new_str: 'b' }, ok: true, file: 'ba\n', window: [1, 2] },
      { call: { command: 'str_replace', path: 'p.txt', old_str: 'aa', new_str: 'b' }, ok: false, file: 'aaaa\n' },
      { call: { command: 'str_replace', path: 'q.txt', old_str: 'ab ab', new_str: 'X' }, ok: true, file: 'abX\n', window: [1, 2] },
      { call: { command: 'str_replace', path: 'q.txt', old_str: 'bab', new_str: 'Y' }, ok: false, file: 'abX\n' },
    ],
  },
  {
    name: 'str_replace: a run of blank lines',
    files: { 'n.txt': 'a\n\n\nb\n' },
    ops: [
      { call: { command: 'str_replace', path: 'n.txt', old_str: '\n\n', new_str: '\n#\n' }, ok: true, file: 'a\n#\n\nb\n', window: [1, 5] },
      { call: { command: 'str_replace', path: 'n.txt', old_str: '\n\n', new_str: '' }, ok: true, file: 'a\n#b\n', window: [1, 3] },
    ],
  },
  {
    name: 'str_replace: deleting text',
    files: { 'k.txt': 'keep\ndrop\nmore\n' },
    ops: [
      { call: { command: 'str_replace', path: 'k.txt', old_str: 'drop\n' }, ok: true, file: 'keep\nmore\n', window: [1, 3] },
      { call: { command: 'str_replace', path: 'k.txt', old_str: 'more\n', new_str: null }, ok: true, file: 'keep\n', window: [1, 2] },
      {
        call: { command: 'view', path: 'k.txt' },
        ok: true,
        shows: [
          [1, 'keep'],
          [2, ''],
        ],
      },
    ],
  },
  {
    name: 'str_replace: empty old_str',
    files: { 'a.txt': 'abc\n', 'e.txt': '' },
    ops: [
      { call: { command: 'str_replace', path: 'a.txt', old_str: '', new_str: 'x' }, ok: false, file: 'abc\n' },
      {
        call: { command: 'str_replace', path: 'e.txt', old_str: '', new_str: 'x' },
        ok: false,
        file: 'x',
        ours: '',
        oursOk: false,
        deliberate: 'empty-old-str',
      },
    ],
  },
  {
    name: 'str_replace: CRLF file keeps CRLF',
    files: { 'w.txt': 'one\r\ntwo\r\n' },
    ops: [
      {
        call: { command: 'str_replace', path: 'w.txt', old_str: 'one\ntwo', new_str: '1\n2' },
        ok: true,
        file: '1\n2\n',
        window: [1, 3],
        ours: '1\r\n2\r\n',
        deliberate: 'crlf',
      },
      {
        call: { command: 'str_replace', path: 'w.txt', old_str: '1\r\n2', new_str: 'I\r\nII' },
        ok: false,
        file: '1\n2\n',
        ours: 'I\r\nII\r\n',
        oursOk: true,
        deliberate: 'crlf',
      },
    ],
  },
  {
    name: 'str_replace: mixed line endings',
    files: { 'm.txt': 'a\r\nb\nc\r\nd\n' },
    ops: [
      {
        call: { command: 'str_replace', path: 'm.txt', old_str: 'a\nb\nc', new_str: 'x' },
        ok: true,
        file: 'x\nd\n',
        window: [1, 3],
        ours: 'x\r\nd\n',
        deliberate: 'crlf',
      },
    ],
  },
  {
    name: 'str_replace: tabs',
    files: { 't.py': '\tif x:\n\t\treturn 1\n', 'm.txt': 'x\ty = 1\n' },
    ops: [
      {
        call: { command: 'str_replace', path: 't.py', old_str: '\treturn 1', new_str: '\treturn 2' },
        ok: true,
        file: '        if x:\n                return 2\n',
        window: [1, 3],
        ours: '\tif x:\n\t\treturn 2\n',
        deliberate: 'tabs',
      },
      {
        call: { command: 'str_replace', path: 't.py', old_str: '        if x:', new_str: 'if y:' },
        ok: true,
        file: 'if y:\n                return 2\n',
        window: [1, 3],
        ours: '\tif x:\n\t\treturn 2\n',
        oursOk: false,
        deliberate: 'tabs',
      },
      {
        call: { command: 'str_replace', path: 'm.txt', old_str: '\ty', new_str: '\tz' },
        ok: false,
        file: 'x\ty = 1\n',
        ours: 'x\tz = 1\n',
        oursOk: true,
        deliberate: 'tabs',
      },
    ],
  },
  {
    name: 'str_replace: unicode',
    files: { 'u.py': "name = 'José'\nemoji = '👩\u200d💻'\ncombined = 'e\u0301'\n" },
    ops: [
      {
        call: { command: 'str_replace', path: 'u.py', old_str: 'José', new_str: 'Jose' },
        ok: true,
        file: "name = 'Jose'\nemoji = '👩\u200d💻'\ncombined = 'e\u0301'\n",
        window: [1, 4],
      },
      {
        call: { command: 'str_replace', path: 'u.py', old_str: "'👩\u200d💻'", new_str: "'🚀'" },
        ok: true,
        file: "name = 'Jose'\nemoji = '🚀'\ncombined = 'e\u0301'\n",
        window: [1, 4],
      },
      {
        call: { command: 'str_replace', path: 'u.py', old_str: 'e\u0301', new_str: 'é' },
        ok: true,
        file: "name = 'Jose'\nemoji = '🚀'\ncombined = 'é'\n",
        window: [1, 4],
      },
      {
        call: { command: 'str_replace', path: 'u.py', old_str: 'é', new_str: 'e' },
        ok: true,
        file: "name = 'Jose'\nemoji = '🚀'\ncombined = 'e'\n",
        window: [1, 4],
      },
    ],
  },
  {
    name: 'str_replace: snippet windows',
    files: {
      'l.txt':
        'line 1\nline 2\nline 3\nline 4\nline 5\nline 6\nline 7\nline 8\nline 9\nline 10\nline 11\nline 12\nline 13\nline 14\nline 15\nline 16\nline 17\nline 18\nline 19\nline 20\n',
    },
    ops: [
      {
        call: { command: 'str_replace', path: 'l.txt', old_str: 'line 10\n', new_str: 'LINE 10\n' },
        ok: true,
        file: 'line 1\nline 2\nline 3\nline 4\nline 5\nline 6\nline 7\nline 8\nline 9\nLINE 10\nline 11\nline 12\nline 13\nline 14\nline 15\nline 16\nline 17\nline 18\nline 19\nline 20\n',
        window: [6, 15],
      },
      {
        call: { command: 'str_replace', path: 'l.txt', old_str: 'line 2\nline 3', new_str: 'L2\nL3\nL3b' },
        ok: true,
        file: 'line 1\nL2\nL3\nL3b\nline 4\nline 5\nline 6\nline 7\nline 8\nline 9\nLINE 10\nline 11\nline 12\nline 13\nline 14\nline 15\nline 16\nline 17\nline 18\nline 19\nline 20\n',
        window: [1, 8],
      },
      {
        call: { command: 'str_replace', path: 'l.txt', old_str: 'line 20\n', new_str: 'end\n' },
        ok: true,
        file: 'line 1\nL2\nL3\nL3b\nline 4\nline 5\nline 6\nline 7\nline 8\nline 9\nLINE 10\nline 11\nline 12\nline 13\nline 14\nline 15\nline 16\nline 17\nline 18\nline 19\nend\n',
        window: [17, 22],
      },
    ],
  },
  {
    name: 'str_replace: bad parameters and paths',
    files: { 'a.txt': 'a\n', 'd/x': 'x' },
    ops: [
      { call: { command: 'str_replace', path: 'a.txt', new_str: 'b' }, ok: false, file: 'a\n' },
      { call: { command: 'str_replace', path: 'd', old_str: 'a', new_str: 'b' }, ok: false, file: null },
      { call: { command: 'str_replace', path: 'missing.txt', old_str: 'a', new_str: 'b' }, ok: false, file: null },
      { call: { command: 'str_replace', path: 'a.txt', old_str: 3, new_str: 'b' }, ok: false, file: 'a\n' },
      { call: { command: 'str_replace', path: 'a.txt', old_str: 'a\n\n', new_str: 'b' }, ok: false, file: 'a\n' },
    ],
  },
  {
    name: 'str_replace: whitespace must match',
    files: { 'w.py': '    x = 1   \n' },
    ops: [
      { call: { command: 'str_replace', path: 'w.py', old_str: 'x = 1\n', new_str: 'x = 2\n' }, ok: false, file: '    x = 1   \n' },
      {
        call: { command: 'str_replace', path: 'w.py', old_str: '  x = 1', new_str: 'x = 2' },
        ok: true,
        file: '  x = 2   \n',
        window: [1, 2],
      },
      { call: { command: 'str_replace', path: 'w.py', old_str: 'x = 1   \n', new_str: 'x = 2\n' }, ok: false, file: '  x = 2   \n' },
    ],
  },
  {
    name: 'create: new files, existing paths, missing folders',
    files: { 'd2/': null, 'old.txt': 'o\n' },
    ops: [
      { call: { command: 'create', path: 'new.py', file_text: 'print(1)\n' }, ok: true, file: 'print(1)\n' },
      { call: { command: 'create', path: 'new.py', file_text: 'again' }, ok: false, file: 'print(1)\n' },
      {
        call: { command: 'view', path: 'new.py' },
        ok: true,
        shows: [
          [1, 'print(1)'],
          [2, ''],
        ],
      },
      { call: { command: 'create', path: 'd/sub/f.py', file_text: 'x' }, ok: false, file: null },
      { call: { command: 'create', path: 'd2/f.py', file_text: 'in d2\n' }, ok: true, file: 'in d2\n' },
      { call: { command: 'create', path: 'd2', file_text: 'x' }, ok: false, file: null },
      { call: { command: 'create', path: 'c.txt' }, ok: false, file: null },
      { call: { command: 'create', path: 'new2.txt/', file_text: 'slash' }, ok: true, file: 'slash' },
      { call: { command: 'create', path: 'rel.txt', file_text: 'x' }, ok: false, relative: true },
      { call: { command: 'create', path: 'new.py/x', file_text: 'x' }, ok: false, file: null },
      { call: { command: 'create', path: 'old.txt', file_text: 'n' }, ok: false, file: 'o\n' },
      { call: { command: 'create', path: 'empty.txt', file_text: '' }, ok: true, file: '' },
    ],
  },
  {
    name: 'create: content is written as given',
    files: {},
    ops: [
      { call: { command: 'create', path: 'w.txt', file_text: 'a\r\nb' }, ok: true, file: 'a\r\nb' },
      {
        call: { command: 'view', path: 'w.txt' },
        ok: true,
        shows: [
          [1, 'a'],
          [2, 'b'],
        ],
      },
      { call: { command: 'create', path: 't.go', file_text: '\tx\n' }, ok: true, file: '\tx\n' },
      {
        call: { command: 'view', path: 't.go' },
        ok: true,
        shows: [
          [1, '        x'],
          [2, ''],
        ],
      },
      { call: { command: 'create', path: 'u.txt', file_text: '🙂\n' }, ok: true, file: '🙂\n' },
      {
        call: { command: 'view', path: 'u.txt', view_range: [1, 2] },
        ok: true,
        shows: [
          [1, '🙂'],
          [2, ''],
        ],
      },
    ],
  },
  {
    name: 'undo: a chain on one file',
    files: { 'a.txt': 'v0\n' },
    ops: [
      { call: { command: 'str_replace', path: 'a.txt', old_str: 'v0', new_str: 'v1' }, ok: true, file: 'v1\n', window: [1, 2] },
      { call: { command: 'insert', path: 'a.txt', insert_line: 0, new_str: 'top' }, ok: true, file: 'top\nv1\n', window: [1, 3] },
      { call: { command: 'str_replace', path: 'a.txt', old_str: 'v1', new_str: 'v2' }, ok: true, file: 'top\nv2\n', window: [1, 3] },
      { call: { command: 'undo_edit', path: 'a.txt' }, ok: true, file: 'top\nv1\n' },
      { call: { command: 'undo_edit', path: 'a.txt' }, ok: true, file: 'v1\n' },
      { call: { command: 'undo_edit', path: 'a.txt' }, ok: true, file: 'v0\n' },
      { call: { command: 'undo_edit', path: 'a.txt' }, ok: false, file: 'v0\n' },
    ],
  },
  {
    name: 'undo: right after create keeps the file',
    files: {},
    ops: [
      { call: { command: 'create', path: 'n.txt', file_text: 'hi' }, ok: true, file: 'hi' },
      { call: { command: 'undo_edit', path: 'n.txt' }, ok: true, file: 'hi' },
      { call: { command: 'undo_edit', path: 'n.txt' }, ok: false, file: 'hi' },
      { call: { command: 'view', path: 'n.txt' }, ok: true, shows: [[1, 'hi']] },
    ],
  },
  {
    name: 'undo: create, edit, undo twice',
    files: {},
    ops: [
      { call: { command: 'create', path: 'n.txt', file_text: 'a\n' }, ok: true, file: 'a\n' },
      { call: { command: 'str_replace', path: 'n.txt', old_str: 'a', new_str: 'b' }, ok: true, file: 'b\n', window: [1, 2] },
      { call: { command: 'undo_edit', path: 'n.txt' }, ok: true, file: 'a\n' },
      { call: { command: 'undo_edit', path: 'n.txt' }, ok: true, file: 'a\n' },
      { call: { command: 'undo_edit', path: 'n.txt' }, ok: false, file: 'a\n' },
    ],
  },
  {
    name: 'undo: histories are per file',
    files: { 'a.txt': 'a0\n', 'b.txt': 'b0\n' },
    ops: [
      { call: { command: 'str_replace', path: 'a.txt', old_str: 'a0', new_str: 'a1' }, ok: true, file: 'a1\n', window: [1, 2] },
      { call: { command: 'str_replace', path: 'b.txt', old_str: 'b0', new_str: 'b1' }, ok: true, file: 'b1\n', window: [1, 2] },
      { call: { command: 'undo_edit', path: 'a.txt' }, ok: true, file: 'a0\n' },
      {
        call: { command: 'view', path: 'b.txt' },
        ok: true,
        shows: [
          [1, 'b1'],
          [2, ''],
        ],
      },
      { call: { command: 'undo_edit', path: 'b.txt' }, ok: true, file: 'b0\n' },
      { call: { command: 'undo_edit', path: 'a.txt' }, ok: false, file: 'a0\n' },
    ],
  },
  {
    name: 'undo: nothing to undo, missing file, directory',
    files: { 'x.txt': 'x\n', 'd/y': 'y' },
    ops: [
      { call: { command: 'undo_edit', path: 'x.txt' }, ok: false, file: 'x\n' },
      { call: { command: 'undo_edit', path: 'nope.txt' }, ok: false, file: null },
      { call: { command: 'undo_edit', path: 'd' }, ok: false, file: null },
    ],
  },
  {
    name: 'undo: the file was removed meanwhile',
    files: { 'a.txt': 'a\n' },
    ops: [
      { call: { command: 'str_replace', path: 'a.txt', old_str: 'a', new_str: 'b' }, ok: true, file: 'b\n', window: [1, 2] },
      { external: 'remove', path: 'a.txt' },
      { call: { command: 'undo_edit', path: 'a.txt' }, ok: false, file: null },
      { call: { command: 'create', path: 'a.txt', file_text: 'new\n' }, ok: true, file: 'new\n' },
      { call: { command: 'undo_edit', path: 'a.txt' }, ok: true, file: 'new\n' },
      { call: { command: 'undo_edit', path: 'a.txt' }, ok: true, file: 'a\n' },
    ],
  },
  {
    name: 'undo: path spellings share one history',
    files: { 'a.txt': 'a\n' },
    ops: [
      { call: { command: 'str_replace', path: 'a.txt', old_str: 'a', new_str: 'b' }, ok: true, file: 'b\n', window: [1, 2] },
      { call: { command: 'undo_edit', path: './a.txt' }, ok: true, file: 'a\n' },
      { call: { command: 'str_replace', path: 'a.txt', old_str: 'a', new_str: 'c' }, ok: true, file: 'c\n', window: [1, 2] },
      { call: { command: 'undo_edit', path: 'sub/../a.txt' }, ok: false, file: 'c\n' },
    ],
  },
  {
    name: 'undo: CRLF and tabs come back exactly',
    files: { 'w.txt': 'a\r\nb\r\n', 't.txt': '\tx\n' },
    ops: [
      {
        call: { command: 'str_replace', path: 'w.txt', old_str: 'a', new_str: 'A' },
        ok: true,
        file: 'A\nb\n',
        window: [1, 3],
        ours: 'A\r\nb\r\n',
        deliberate: 'crlf',
      },
      { call: { command: 'undo_edit', path: 'w.txt' }, ok: true, file: 'a\nb\n', ours: 'a\r\nb\r\n', deliberate: 'crlf' },
      {
        call: { command: 'str_replace', path: 't.txt', old_str: 'x', new_str: 'y' },
        ok: true,
        file: '        y\n',
        window: [1, 2],
        ours: '\ty\n',
        deliberate: 'tabs',
      },
      { call: { command: 'undo_edit', path: 't.txt' }, ok: true, file: '        x\n', ours: '\tx\n', deliberate: 'tabs' },
    ],
  },
  {
    name: 'text_editor_20250728 has no undo_edit',
    dialect: 'text_editor_20250728',
    files: { 'a.txt': 'a\n' },
    ops: [
      { call: { command: 'str_replace', path: 'a.txt', old_str: 'a', new_str: 'b' }, ok: true, file: 'b\n', window: [1, 2] },
      { call: { command: 'undo_edit', path: 'a.txt' }, ok: false, file: 'b\n' },
      {
        call: { command: 'view', path: 'a.txt' },
        ok: true,
        shows: [
          [1, 'b'],
          [2, ''],
        ],
      },
    ],
  },
  {
    name: 'unknown and missing commands',
    files: { 'a.txt': 'a\n' },
    ops: [
      { call: { command: 'delete', path: 'a.txt' }, ok: false, file: 'a\n' },
      { call: { path: 'a.txt' }, ok: false, file: 'a\n' },
      { call: { command: 'view' }, ok: false },
    ],
  },
];
