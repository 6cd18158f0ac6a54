// The str_replace_based_edit_tool: view / create / str_replace / insert / undo_edit on files
// inside the sandbox, with the semantics of Anthropic's text editor tool. Unlike a
// read-modify-write of the whole text, every edit splices bytes, so the rest of the file
// keeps its exact whitespace, line endings, final newline and encoding.
import { posix } from 'node:path';
import { TESTBED, type Sandbox } from '../../sandbox/types.js';
import { InfraError } from '../../core/errors.js';
import { fail, ok, optRange, optString, ParamError, reqInteger, reqString, shq, type ToolOutcome } from './outcome.js';
import { decodeText, detectEol, findAll, firstDifference, LineIndex, toEol } from './text.js';
import { findNearMatches } from './whitespace.js';

export const EDITOR_COMMANDS = ['view', 'create', 'str_replace', 'insert', 'undo_edit'] as const;

/** Lines of context shown around an edit. */
const SNIPPET_CONTEXT = 4;
/** Timeout for the editor's own helper commands (stat, find, rm). */
const HELPER_TIMEOUT_MS = 60_000;

interface FileInfo {
  kind: 'file' | 'dir' | 'other' | 'missing';
  mode?: number;
  /** Why stat failed, when it was not simply "no such file". */
  problem?: string;
}

/** One undo level: what the file was before an edit (null = it did not exist) and what the
 * edit wrote, to notice changes made behind the editor's back. */
interface HistoryEntry {
  before: Buffer | null;
  mode: number | undefined;
  after: Buffer;
}

export interface EditorOptions {
  /** Longest view output, in characters; longer files are cut with a note to use view_range. */
  maxViewChars: number;
}

export class TextEditor {
  /** Per-path undo stacks, newest last. Kept in memory: one ToolBox serves one trial. */
  private readonly history = new Map<string, HistoryEntry[]>();

  constructor(
    private readonly sandbox: Sandbox,
    private readonly options: EditorOptions,
  ) {}

  async run(input: Record<string, unknown>): Promise<ToolOutcome> {
    try {
      const command = input.command;
      if (command === undefined || command === null) {
        throw new ParamError(`Parameter "command" is required: one of ${EDITOR_COMMANDS.join(', ')}.`);
      }
      if (typeof command !== 'string' || !(EDITOR_COMMANDS as readonly string[]).includes(command)) {
        throw new ParamError(`Unknown command ${JSON.stringify(command)}: use one of ${EDITOR_COMMANDS.join(', ')}.`);
      }
      const path = checkPath(reqString(input, 'path', `for "${command}"`));
      switch (command) {
        case 'view':
          return await this.view(path, optRange(input, 'view_range'));
        case 'create':
          return await this.create(path, reqString(input, 'file_text', 'for "create"'));
        case 'str_replace':
          return await this.strReplace(path, reqString(input, 'old_str', 'for "str_replace"'), optString(input, 'new_str') ?? '');
        case 'insert':
          return await this.insert(
            path,
            reqInteger(input, 'insert_line', 'for "insert"'),
            reqString(input, 'new_str', 'for "insert" (the text to insert)'),
          );
        default:
          return await this.undo(path);
      }
    } catch (e) {
      if (e instanceof ParamError) return fail(e.message);
      throw e;
    }
  }

  // ---- commands ---------------------------------------------------------------------------

  private async view(path: string, range: [number, number] | undefined): Promise<ToolOutcome> {
    const info = await this.stat(path);
    if (info.kind === 'dir') {
      if (range) return fail(`view_range only applies to files; ${path} is a directory.`);
      return this.listDirectory(path);
    }
    const loaded = await this.loadText(path, info, 'view');
    if ('error' in loaded) return loaded.error;
    const { lines } = loaded;
    const eolNote = loaded.eol === '\r\n' ? ', CRLF line endings' : loaded.eol === 'mixed' ? ', mixed LF/CRLF line endings' : '';
    if (lines.count === 0) {
      if (range && !(range[0] === 1 && (range[1] === -1 || range[1] === 0))) {
        return fail(`Invalid view_range ${JSON.stringify(range)}: ${path} is empty.`);
      }
      return ok(`${path} is empty.`);
    }
    let [from, to] = range ?? [1, -1];
    if (range) {
      const problem = rangeProblem(range, lines.count);
      if (problem) return fail(`Invalid view_range ${JSON.stringify(range)}: ${problem}`);
    }
    if (to === -1) to = lines.count;
    const shown = lines.numbered(from, to, this.options.maxViewChars);
    let header = `${path}, lines ${from}-${shown.last} of ${lines.count}${eolNote}:`;
    if (!lines.endsWithNewline && shown.last === lines.count) header += ' (no newline at end of file)';
    let out = `${header}\n${shown.text}`;
    if (shown.last < to) {
      out += `\n[output cut after line ${shown.last}: view the rest with view_range, e.g. [${shown.last + 1}, ${Math.min(to, shown.last + 400)}]]`;
    }
    return ok(out);
  }

  private async listDirectory(path: string): Promise<ToolOutcome> {
    // One find: two levels deep, hidden entries pruned (not descended into), folders marked '/'.
    // -H: a symlinked folder given as the path is listed, links inside it are not followed.
    const cmd = `find -H ${shq(path)} -mindepth 1 -maxdepth 2 -name '.*' -prune -o -type d -printf '%p/\\n' -o -print`;
    const r = await this.helper(cmd);
    if (r.exitCode !== 0 && r.stdout.trim() === '') {
      return fail(`Could not list ${path}: ${r.stderr.trim() || `find exited with ${r.exitCode}`}`);
    }
    const entries = r.stdout.split('\n').filter((l) => l !== '');
    entries.sort();
    const head = `Files and folders in ${path}, two levels deep, hidden ones excluded (${entries.length} entries):`;
    let out = entries.length ? `${head}\n${entries.join('\n')}` : `${path} is an empty directory (hidden entries are not listed).`;
    if (r.truncated) out += '\n[listing cut: too many entries; use bash (ls, find) on a subfolder]';
    return ok(out);
  }

  private async create(path: string, fileText: string): Promise<ToolOutcome> {
    const info = await this.stat(path);
    if (info.kind === 'dir') return fail(`Cannot create ${path}: it is an existing directory.`);
    if (info.kind !== 'missing') {
      return fail(`Cannot create ${path}: it already exists. Use str_replace or insert to change it (create never overwrites).`);
    }
    if (info.problem) return fail(`Cannot create ${path}: ${info.problem}`);
    const data = Buffer.from(fileText, 'utf8');
    await this.sandbox.writeFile(path, data);
    this.remember(path, { before: null, mode: undefined, after: data });
    const lines = new LineIndex(data).count;
    return ok(`Created ${path} (${lines} line${lines === 1 ? '' : 's'}, ${data.length} bytes).`);
  }

  private async strReplace(path: string, oldStr: string, newStr: string): Promise<ToolOutcome> {
    if (oldStr === '') return fail('Parameter "old_str" must not be empty: give the exact text to replace. To add text, use insert.');
    const info = await this.stat(path);
    const loaded = await this.loadText(path, info, 'str_replace');
    if ('error' in loaded) return loaded.error;
    const { buf, lines, eol, text } = loaded;
    const needle = toEol(oldStr, eol);
    const hits = findAll(buf, Buffer.from(needle, 'utf8'));
    if (hits.length === 0) return fail(this.notFound(path, text, needle, lines));
    if (hits.length > 1) {
      const where = [...new Set(hits.map((h) => lines.lineOf(h)))];
      const shownLines = where.length > 20 ? `${where.slice(0, 20).join(', ')}, …` : where.join(', ');
      return fail(
        `No replacement was made: old_str occurs ${hits.length} times in ${path} (starting on lines ${shownLines}). ` +
          'Include more surrounding lines in old_str so that it matches exactly once.',
      );
    }
    const start = hits[0];
    const insert = Buffer.from(toEol(newStr, eol), 'utf8');
    const next = Buffer.concat([buf.subarray(0, start), insert, buf.subarray(start + Buffer.byteLength(needle, 'utf8'))]);
    await this.write(path, buf, next, info.mode);
    const after = new LineIndex(next);
    const first = after.lineOf(start);
    const last = insert.length ? after.lineOf(Math.max(start, start + insert.length - 1)) : first;
    return ok(`Edited ${path}. ${this.snippet(after, first, last)}\nCheck that the result is what you intended (undo_edit reverts it).`);
  }

  private async insert(path: string, insertLine: number, newStr: string): Promise<ToolOutcome> {
    const info = await this.stat(path);
    const loaded = await this.loadText(path, info, 'insert');
    if ('error' in loaded) return loaded.error;
    const { buf, lines, eol } = loaded;
    if (insertLine < 0 || insertLine > lines.count) {
      return fail(
        `Invalid insert_line ${insertLine}: it must be between 0 (top of the file) and ${lines.count} (after the last line) for ${path}.`,
      );
    }
    const nl = eol === 'mixed' ? ((insertLine > 0 ? lineEolAt(buf, lines, insertLine) : null) ?? '\n') : eol;
    let text = toEol(newStr, eol === 'mixed' ? nl : eol);
    const atUnterminatedEnd = insertLine === lines.count && lines.count > 0 && !lines.endsWithNewline;
    if (atUnterminatedEnd) {
      // Keep the file's missing final newline missing: the break goes before the new text.
      text = nl + (text.endsWith(nl) ? text.slice(0, -nl.length) : text);
    } else if (!text.endsWith(nl)) {
      text += nl;
    }
    const at = insertLine === 0 ? 0 : lines.endOf(insertLine);
    const piece = Buffer.from(text, 'utf8');
    const next = Buffer.concat([buf.subarray(0, at), piece, buf.subarray(at)]);
    await this.write(path, buf, next, info.mode);
    const after = new LineIndex(next);
    const first = insertLine + 1;
    const count = Math.max(1, new LineIndex(Buffer.from(atUnterminatedEnd ? text.slice(nl.length) : text, 'utf8')).count);
    return ok(
      `Inserted ${count} line${count === 1 ? '' : 's'} after line ${insertLine} of ${path}. ${this.snippet(after, first, first + count - 1)}\n` +
        'Check the indentation and placement (undo_edit reverts it).',
    );
  }

  private async undo(path: string): Promise<ToolOutcome> {
    const stack = this.history.get(path);
    const entry = stack?.pop();
    if (!stack || !entry) return fail(`Nothing to undo for ${path}: the editor has made no (remaining) edits to it.`);
    const info = await this.stat(path);
    let current: Buffer | null = null;
    if (info.kind === 'file') current = await this.sandbox.readFile(path);
    const drifted = current === null || !current.equals(entry.after);
    const note = drifted
      ? '\nNote: the file had been changed since that edit by something other than the editor; those changes are reverted too.'
      : '';
    const left = stack.length ? ` ${stack.length} earlier edit${stack.length === 1 ? '' : 's'} can still be undone.` : '';
    if (entry.before === null) {
      const r = await this.helper(`rm -f -- ${shq(path)}`);
      if (r.exitCode !== 0) return fail(`Could not undo the creation of ${path}: ${r.stderr.trim()}`);
      return ok(`Undid the creation of ${path}: the file was removed.${left}${note}`);
    }
    await this.sandbox.writeFile(path, entry.before, entry.mode === undefined ? undefined : { mode: entry.mode });
    let shown = '';
    const text = decodeText(entry.before);
    if (text !== null && current) {
      const lines = new LineIndex(entry.before);
      const diffAt = firstDifference(current, entry.before);
      if (diffAt >= 0 && lines.count > 0) {
        const line = lines.lineOf(Math.min(diffAt, entry.before.length - 1));
        shown = ` ${this.snippet(lines, line, line)}`;
      }
    }
    return ok(`Undid the last edit of ${path}.${left}${shown}${note}`);
  }

  // ---- helpers ----------------------------------------------------------------------------

  private notFound(path: string, text: string, needle: string, lines: LineIndex): string {
    const head = `No replacement was made: old_str was not found verbatim in ${path}.`;
    const near = findNearMatches(text, needle);
    if (near.length === 0) {
      return `${head} It must match the file exactly, including whitespace and indentation; view the file to copy the text.`;
    }
    const parts = [`${head} It would match if whitespace were ignored:`];
    for (const m of near) {
      const from = Math.max(1, m.startLine - 1);
      const to = Math.min(lines.count, m.endLine + 1);
      parts.push(`- at lines ${m.startLine}-${m.endLine}:`);
      for (const reason of m.reasons.length ? m.reasons : ['whitespace differs']) parts.push(`  ${reason}`);
      parts.push(`  The file's actual text (lines ${from}-${to}):\n${lines.numbered(from, to, this.options.maxViewChars).text}`);
    }
    parts.push('Copy the exact text (same tabs/spaces and trailing whitespace) into old_str and try again.');
    return parts.join('\n');
  }

  /** Numbered lines around [first, last], the region an edit touched. */
  private snippet(lines: LineIndex, first: number, last: number): string {
    if (lines.count === 0) return 'The file is now empty.';
    const from = Math.max(1, Math.min(first, lines.count) - SNIPPET_CONTEXT);
    const to = Math.min(lines.count, Math.max(last, first) + SNIPPET_CONTEXT);
    return `Lines ${from}-${to} now read:\n${lines.numbered(from, to, this.options.maxViewChars).text}`;
  }

  private async write(path: string, before: Buffer, after: Buffer, mode: number | undefined): Promise<void> {
    // Pass the old mode so an executable script stays executable after the edit.
    await this.sandbox.writeFile(path, after, mode === undefined ? undefined : { mode });
    this.remember(path, { before, mode, after });
  }

  private remember(path: string, entry: HistoryEntry): void {
    const stack = this.history.get(path) ?? [];
    stack.push(entry);
    this.history.set(path, stack);
  }

  private async loadText(
    path: string,
    info: FileInfo,
    command: string,
  ): Promise<{ error: ToolOutcome } | { buf: Buffer; text: string; lines: LineIndex; eol: ReturnType<typeof detectEol> }> {
    if (info.kind === 'missing') {
      if (info.problem) return { error: fail(`Cannot ${command} ${path}: ${info.problem}`) };
      const hint = command === 'view' ? '' : ' To make a new file, use create.';
      return { error: fail(`${path} does not exist. Check the path (view its folder to list the files).${hint}`) };
    }
    if (info.kind === 'dir') return { error: fail(`${path} is a directory; ${command} needs a file.`) };
    if (info.kind === 'other') return { error: fail(`${path} is not a regular file; the editor only works on regular text files.`) };
    const buf = await this.sandbox.readFile(path);
    const text = decodeText(buf);
    if (text === null) {
      return {
        error: fail(
          `${path} is not a UTF-8 text file (it looks binary: ${buf.length} bytes). The editor cannot ${command} it; use bash (e.g. file, xxd) to inspect it.`,
        ),
      };
    }
    return { buf, text, lines: new LineIndex(buf), eol: detectEol(buf) };
  }

  private async stat(path: string): Promise<FileInfo> {
    const r = await this.helper(`stat -L -c '%F|%a' -- ${shq(path)}`);
    if (r.exitCode !== 0) {
      const err = r.stderr.trim();
      if (/No such file/i.test(err)) return { kind: 'missing' };
      if (/Not a directory/i.test(err)) return { kind: 'missing', problem: 'a parent of this path is a file, not a directory.' };
      return { kind: 'missing', problem: err.replace(/^stat: /, '') || `stat exited with ${r.exitCode}` };
    }
    const [type = '', mode = ''] = r.stdout.trim().split('|');
    const parsed = parseInt(mode, 8);
    const m = Number.isNaN(parsed) ? undefined : parsed;
    if (type === 'directory') return { kind: 'dir', mode: m };
    if (type.startsWith('regular')) return { kind: 'file', mode: m };
    return { kind: 'other', mode: m };
  }

  private async helper(cmd: string) {
    const r = await this.sandbox.exec(cmd, { timeoutMs: HELPER_TIMEOUT_MS, env: { LC_ALL: 'C' } });
    if (r.timedOut) throw new InfraError(`sandbox helper command timed out: ${cmd}`);
    return r;
  }
}

/** Rejects relative paths (the sandbox has no notion of the agent's cwd for this tool) and
 * normalises the rest so undo history is keyed consistently. */
function checkPath(path: string): string {
  if (path.trim() === '') throw new ParamError('Parameter "path" must not be empty.');
  if (!path.startsWith('/')) {
    const suggestion = posix.join(TESTBED, path);
    throw new ParamError(`The path ${JSON.stringify(path)} is not absolute. Use an absolute path, e.g. ${suggestion}.`);
  }
  const norm = posix.normalize(path);
  return norm.length > 1 && norm.endsWith('/') ? norm.slice(0, -1) : norm;
}

function rangeProblem([from, to]: [number, number], count: number): string | null {
  if (from < 1) return 'line numbers start at 1.';
  if (from > count) return `the file has only ${count} line${count === 1 ? '' : 's'}.`;
  if (to === -1) return null;
  if (to < from) return 'the end must be >= the start (or -1 for the end of the file).';
  if (to > count) return `the end ${to} is past the last line (${count}); use -1 to read to the end.`;
  return null;
}

/** The newline that ends line n, for mixed files where the neighbours decide. */
function lineEolAt(buf: Buffer, lines: LineIndex, n: number): '\n' | '\r\n' | null {
  const end = lines.endOf(n);
  if (end === 0 || buf[end - 1] !== 0x0a) return null;
  return end >= 2 && buf[end - 2] === 0x0d ? '\r\n' : '\n';
}
