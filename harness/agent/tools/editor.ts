// The text editor tool (str_replace_based_edit_tool): view / create / str_replace / insert /
// undo_edit, behaving like Anthropic's reference editor on every operation's resulting file
// and on success vs error, except for the deliberate differences listed, with their reasons,
// in docs/editor.md (tabs and line endings kept, empty old_str refused, size limits…). All file
// access goes through EditorFiles, as the agent user.
import type { NativeEditor } from '../../core/messages.js';
import { TESTBED, type Sandbox } from '../../core/sandbox.js';
import { EditorFiles, EditorIoError, type PathInfo } from './editor-files.js';
import { fail, ok, optString, ParamError, reqInteger, reqString, type ToolOutcome } from './outcome.js';
import { decodeText, logicalBreaks, newlinesIn, nonOverlapping, numberedLines, TextDoc, trimPartialUtf8 } from './text.js';
import { findNearMatches } from './whitespace.js';

export const EDITOR_COMMANDS = ['view', 'create', 'str_replace', 'insert', 'undo_edit'] as const;
export type EditorCommand = (typeof EDITOR_COMMANDS)[number];

/** Which definition the model was given: Anthropic's two published editor tools (the newer
 * one has no undo_edit), or our own JSON schema (specs.ts), which has every command. */
export type EditorDialect = NativeEditor | 'json';

export function editorCommands(dialect: EditorDialect): readonly EditorCommand[] {
  return dialect === 'text_editor_20250728' ? EDITOR_COMMANDS.filter((c) => c !== 'undo_edit') : EDITOR_COMMANDS;
}

/** Files above this size are viewed as a stream and never loaded whole or edited. */
export const MAX_EDIT_BYTES = 4 * 1024 * 1024;
/** Undo history kept per editor, in UTF-16 bytes; the oldest levels go first past it. */
const MAX_HISTORY_BYTES = 32 * 1024 * 1024;
/** Lines of context around an edit, as in the reference. */
const SNIPPET_CONTEXT = 4;

export interface EditorOptions {
  /** Longest view output, in characters; longer views are cut with a note to use view_range. */
  maxViewChars: number;
  dialect?: EditorDialect;
}

export class TextEditor {
  private readonly files: EditorFiles;
  private readonly commands: readonly EditorCommand[];
  /** Per-path undo stacks (the text before each edit; the created text for a create). */
  private readonly history = new Map<string, string[]>();
  private readonly historyOrder: string[] = [];
  private historyBytes = 0;

  constructor(
    sandbox: Sandbox,
    private readonly options: EditorOptions,
  ) {
    this.files = new EditorFiles(sandbox);
    this.commands = editorCommands(options.dialect ?? 'json');
  }

  async run(input: Record<string, unknown>): Promise<ToolOutcome> {
    try {
      const command = input.command;
      if (command === undefined || command === null) {
        throw new ParamError(`Parameter "command" is required: one of ${this.commands.join(', ')}.`);
      }
      if (typeof command !== 'string' || !(this.commands as readonly string[]).includes(command)) {
        throw new ParamError(`Unknown command ${JSON.stringify(command)}: this tool's commands are ${this.commands.join(', ')}.`);
      }
      const path = checkPath(reqString(input, 'path', `for "${command}"`));
      switch (command as EditorCommand) {
        case 'view':
          return await this.view(path, viewRange(input.view_range));
        case 'create':
          return await this.create(path, reqString(input, 'file_text', 'for "create"'));
        case 'str_replace':
          return await this.strReplace(path, reqString(input, 'old_str', 'for "str_replace"'), optString(input, 'new_str') ?? '');
        case 'insert':
          return await this.insert(path, reqInteger(input, 'insert_line', 'for "insert"'), reqString(input, 'new_str', 'for "insert"'));
        case 'undo_edit':
          return await this.undo(path);
      }
    } catch (e) {
      if (e instanceof ParamError || e instanceof EditorIoError) return fail(e.message);
      throw e;
    }
  }

  // ---- commands ---------------------------------------------------------------------------

  private async view(path: string, range: [number, number] | undefined): Promise<ToolOutcome> {
    const { info, data } = await this.files.load(path, MAX_EDIT_BYTES);
    if (info.kind === 'dir') {
      if (range) return fail(`view_range only applies to files; ${path} is a directory.`);
      return this.listDirectory(path);
    }
    usable(path, info, 'view');
    if (!data) return this.viewLarge(path, info.size, range);
    const doc = toDoc(path, data);
    const [from, to] = range ?? [1, -1];
    checkRange(range, doc.count);
    const last = to === -1 ? doc.count : to;
    const shown = doc.numbered(from, last, this.options.maxViewChars);
    const notes = [doc.eolNote, data.length === 0 ? 'empty file' : null].filter(Boolean);
    let out = `${path}, lines ${from}-${shown.last} of ${doc.count}${notes.length ? ` (${notes.join(', ')})` : ''}:\n${shown.text}`;
    if (shown.last < last) out += cutNote(shown.last, last);
    return ok(out);
  }

  /** A file too big to load: the window shown is streamed; its lines are counted (a pass over
   * the whole file, in the sandbox) only when a view_range must be checked against them. */
  private async viewLarge(path: string, size: number, range: [number, number] | undefined): Promise<ToolOutcome> {
    const [from, to] = range ?? [1, -1];
    if (from < 1) checkRange(range, Infinity);
    const budget = this.options.maxViewChars * 4; // enough bytes for maxViewChars characters
    const w = await this.files.window(path, from, to === -1 ? undefined : Math.max(0, to - from + 1), budget, range !== undefined);
    const count = w.newlines === null ? null : w.newlines + 1;
    if (count !== null) checkRange(range, count);
    const text = decodeText(trimPartialUtf8(w.bytes));
    if (text === null) return fail(notUtf8(path, 'view'));
    const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
    if (w.bytes.length >= budget && lines.length > 1) lines.pop(); // cut mid-line: drop the part
    const last = to !== -1 ? to : (count ?? from + lines.length - 1);
    const shown = numberedLines(lines.slice(0, last - from + 1), from, this.options.maxViewChars);
    const total = count === null ? 'a large file' : `${count} lines, a large file`;
    const head = `${path}, lines ${from}-${shown.last} (of ${total}, ${size} bytes: view only, streamed):`;
    const more = shown.last < last || (count === null && w.bytes.length >= budget);
    return ok(`${head}\n${shown.text}${more ? cutNote(shown.last, count === null ? shown.last + 400 : last) : ''}`);
  }

  private async listDirectory(path: string): Promise<ToolOutcome> {
    const { entries, cut } = await this.files.list(path, this.options.maxViewChars);
    const head = `Files and folders in ${path}, two levels deep, hidden ones excluded (${entries.length} entries):`;
    let out = entries.length ? `${head}\n${entries.join('\n')}` : `${path} is an empty directory (hidden entries are not listed).`;
    if (cut) out += '\n[listing cut: too many entries; use bash (ls, find) on a subfolder]';
    return ok(out);
  }

  private async create(path: string, fileText: string): Promise<ToolOutcome> {
    const { info } = await this.files.load(path, 0);
    if (info.kind === 'dir') return fail(`Cannot create ${path}: it is an existing directory.`);
    if (info.kind !== 'missing') return fail(`Cannot create ${path}: it already exists (create never overwrites; edit it instead).`);
    if (info.problem) return fail(`Cannot create ${path}: ${info.problem}`);
    await this.files.write(path, fileText, 'create');
    this.remember(path, fileText);
    const doc = new TextDoc(fileText);
    return ok(`Created ${path} (${doc.count} line${doc.count === 1 ? '' : 's'}, ${Buffer.byteLength(fileText)} bytes).`);
  }

  private async strReplace(path: string, oldStr: string, newStr: string): Promise<ToolOutcome> {
    if (oldStr === '') return fail('Parameter "old_str" must not be empty: give the exact text to replace. To add text, use insert.');
    const doc = await this.loadDoc(path, 'str_replace');
    const needle = logicalBreaks(oldStr);
    const hits = nonOverlapping(doc.logical, needle);
    if (hits.length === 0) return fail(this.notFound(path, doc, needle));
    if (hits.length > 1) {
      const where = hits.map((h) => newlinesIn(doc.logical, 0, h) + 1);
      const shownLines = where.length > 20 ? `${where.slice(0, 20).join(', ')}, …` : where.join(', ');
      return fail(
        `No replacement was made: old_str occurs ${hits.length} times in ${path} (starting on lines ${shownLines}). ` +
          'Include more surrounding lines in old_str so that it matches exactly once.',
      );
    }
    const insert = logicalBreaks(newStr);
    const next = doc.splice(hits[0], hits[0] + needle.length, insert);
    await this.files.write(path, next.text, 'overwrite');
    this.remember(path, doc.text);
    const line = newlinesIn(doc.logical, 0, hits[0]) + 1;
    const window = this.snippet(next, line - SNIPPET_CONTEXT, line + newlinesIn(insert) + SNIPPET_CONTEXT);
    return ok(`Edited ${path}. ${window}\nCheck that the result is what you intended.`);
  }

  private async insert(path: string, insertLine: number, newStr: string): Promise<ToolOutcome> {
    const doc = await this.loadDoc(path, 'insert');
    if (insertLine < 0 || insertLine > doc.count) {
      return fail(
        `Invalid insert_line ${insertLine}: it must be between 0 (top of the file) and ${doc.count} (after the last line) for ${path}.`,
      );
    }
    const piece = logicalBreaks(newStr);
    const end = doc.logical.length;
    const next =
      insertLine < doc.count
        ? doc.splice(doc.startOf(insertLine + 1), doc.startOf(insertLine + 1), `${piece}\n`)
        : doc.splice(end, end, `\n${piece}`);
    await this.files.write(path, next.text, 'overwrite');
    this.remember(path, doc.text);
    const added = newlinesIn(piece) + 1;
    const window = this.snippet(next, insertLine - SNIPPET_CONTEXT + 1, insertLine + added + SNIPPET_CONTEXT);
    return ok(
      `Inserted ${added} line${added === 1 ? '' : 's'} after line ${insertLine} of ${path}. ${window}\nCheck the indentation and placement.`,
    );
  }

  private async undo(path: string): Promise<ToolOutcome> {
    const { info } = await this.files.load(path, 0);
    usable(path, info, 'undo_edit');
    const stack = this.history.get(path);
    const before = stack?.pop();
    if (before === undefined) return fail(`Nothing to undo for ${path}: the editor has no (remaining) edit history for it.`);
    this.historyBytes -= before.length * 2;
    await this.files.write(path, before, 'overwrite');
    const doc = new TextDoc(before);
    const shown = doc.numbered(1, doc.count, this.options.maxViewChars);
    const left = stack!.length ? ` ${stack!.length} earlier level${stack!.length === 1 ? '' : 's'} can still be undone.` : '';
    return ok(
      `Undid the last edit of ${path}.${left} It now reads:\n${shown.text}${shown.last < doc.count ? cutNote(shown.last, doc.count) : ''}`,
    );
  }

  // ---- helpers ----------------------------------------------------------------------------

  private async loadDoc(path: string, command: EditorCommand): Promise<TextDoc> {
    const { info, data } = await this.files.load(path, MAX_EDIT_BYTES);
    usable(path, info, command);
    if (!data) {
      throw new ParamError(
        `${path} is ${info.size} bytes, over the editor's ${MAX_EDIT_BYTES / 1024 / 1024} MiB limit for ${command}; use bash (sed, python) to change it.`,
      );
    }
    return toDoc(path, data, command);
  }

  private notFound(path: string, doc: TextDoc, needle: string): string {
    const head = `No replacement was made: old_str was not found verbatim in ${path}.`;
    const near = findNearMatches(doc.logical, needle);
    if (near.length === 0) {
      return `${head} It must match the file exactly, including whitespace and indentation; view the file to copy the text.`;
    }
    const parts = [`${head} It would match if whitespace were ignored:`];
    for (const m of near) {
      const from = Math.max(1, m.startLine - 1);
      const to = Math.min(doc.count, m.endLine + 1);
      parts.push(`- at lines ${m.startLine}-${m.endLine}:`);
      for (const reason of m.reasons.length ? m.reasons : ['whitespace differs']) parts.push(`  ${reason}`);
      parts.push(`  The file's actual text (lines ${from}-${to}):\n${doc.numbered(from, to, this.options.maxViewChars).text}`);
    }
    parts.push('Copy the exact text (same tabs/spaces and trailing whitespace) into old_str and try again.');
    return parts.join('\n');
  }

  /** Numbered lines [from, to] of the edited file, clipped to it: the reference's window. */
  private snippet(doc: TextDoc, from: number, to: number): string {
    const first = Math.max(1, from);
    const last = Math.min(doc.count, to);
    return `Lines ${first}-${last} now read:\n${doc.numbered(first, last, this.options.maxViewChars).text}`;
  }

  /** Keeps what undo needs (only when the dialect has undo_edit), within MAX_HISTORY_BYTES. */
  private remember(path: string, text: string): void {
    if (!this.commands.includes('undo_edit')) return;
    const stack = this.history.get(path) ?? [];
    stack.push(text);
    this.history.set(path, stack);
    this.historyOrder.push(path);
    this.historyBytes += text.length * 2;
    while (this.historyBytes > MAX_HISTORY_BYTES && this.historyOrder.length) {
      const oldest = this.history.get(this.historyOrder.shift()!)?.shift();
      if (oldest !== undefined) this.historyBytes -= oldest.length * 2;
    }
  }
}

/** Missing, unreadable and non-regular paths end the command with an error observation. */
function usable(path: string, info: PathInfo, command: EditorCommand): void {
  if (info.kind === 'missing') {
    if (info.problem) throw new ParamError(`Cannot ${command} ${path}: ${info.problem}`);
    const hint = command === 'view' ? '' : ' To make a new file, use create.';
    throw new ParamError(`${path} does not exist. Check the path (view its folder to list the files).${hint}`);
  }
  if (info.kind === 'dir') throw new ParamError(`${path} is a directory; only view works on directories.`);
  if (info.kind === 'other') throw new ParamError(`${path} is not a regular file; the editor only works on regular text files.`);
}

function toDoc(path: string, data: Buffer, command: EditorCommand = 'view'): TextDoc {
  const text = decodeText(data);
  if (text === null) throw new ParamError(notUtf8(path, command));
  return new TextDoc(text);
}

function notUtf8(path: string, command: string): string {
  return `${path} is not UTF-8 text (it looks binary); the editor cannot ${command} it. Use bash (e.g. file, xxd) to inspect it.`;
}

function cutNote(last: number, to: number): string {
  return `\n[output cut after line ${last}: view the rest with view_range, e.g. [${last + 1}, ${Math.min(to, last + 400)}]]`;
}

/** view_range: absent, null or [] means the whole file (as in the reference); otherwise two
 * integers. */
function viewRange(v: unknown): [number, number] | undefined {
  if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) return undefined;
  if (!Array.isArray(v) || v.length !== 2 || !v.every((n) => typeof n === 'number' && Number.isInteger(n))) {
    throw new ParamError(`Parameter "view_range" must be an array of two integers [start, end], but got ${JSON.stringify(v)}.`);
  }
  return [v[0] as number, v[1] as number];
}

/** The reference's view_range rules: 1 <= start <= lines, end <= lines, end -1 or >= start. */
function checkRange(range: [number, number] | undefined, count: number): void {
  if (!range) return;
  const [from, to] = range;
  const bad = (why: string) => new ParamError(`Invalid view_range ${JSON.stringify(range)}: ${why}`);
  if (from < 1) throw bad('line numbers start at 1.');
  if (from > count) throw bad(`the file has only ${count} line${count === 1 ? '' : 's'}.`);
  if (to > count) throw bad(`the end ${to} is past the last line (${count}); use -1 to read to the end.`);
  if (to !== -1 && to < from) throw bad('the end must be >= the start (or -1 for the end of the file).');
}

/** Absolute paths only; normalised as Python's pathlib does (repeated slashes, "." and a
 * trailing slash dropped, ".." kept for the file system to resolve), which also keys undo. */
function checkPath(path: string): string {
  if (path.trim() === '') throw new ParamError('Parameter "path" must not be empty.');
  if (path.includes('\0')) throw new ParamError('Parameter "path" must not contain a NUL character.');
  if (!path.startsWith('/')) {
    const suggestion = `${TESTBED}/${path.replace(/^\.\//, '')}`;
    throw new ParamError(`The path ${JSON.stringify(path)} is not absolute. Use an absolute path, e.g. ${suggestion}.`);
  }
  return `/${path
    .split('/')
    .filter((p) => p !== '' && p !== '.')
    .join('/')}`;
}
