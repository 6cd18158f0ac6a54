// JSON-schema specs of the two tools, worded for the model that reads them. Limits are
// interpolated so the model knows the timeout and output cap it is working under.
import type { ToolSpec } from '../../core/messages.js';
import { EDITOR_COMMANDS, type EditorCommand } from './editor.js';

export function bashSpec(opts: { timeoutMs: number; outputCapBytes: number; mode: 'stateless' | 'session' }): ToolSpec {
  const seconds = Math.round(opts.timeoutMs / 1000);
  const kib = Math.round(opts.outputCapBytes / 1024);
  const state =
    opts.mode === 'session'
      ? 'The working directory and exported environment variables carry over from one call to the next ' +
        '(plain shell variables, functions and aliases do not). Pass restart: true to go back to /testbed with a clean environment.'
      : 'Each call starts a fresh shell in /testbed: `cd` and `export` do not carry over, so chain commands with && ' +
        'or use absolute paths.';
  const properties: Record<string, unknown> = {
    command: { type: 'string', description: 'The bash command (or script) to run.' },
  };
  if (opts.mode === 'session') {
    properties.restart = { type: 'boolean', description: 'Reset the session (working directory and exported variables).' };
  }
  return {
    name: 'bash',
    description:
      'Run a bash command in the sandbox, a Linux machine whose repository is at /testbed. ' +
      `${state} There is no network access and no interactive input: use non-interactive flags. ` +
      `A command is killed after ${seconds} s. Output beyond ${kib} KiB per stream is cut in the middle ` +
      '(start and end kept), so filter long output with grep, head or tail. The result shows the exit code, stdout and stderr.',
    inputSchema: {
      type: 'object',
      properties,
      required: opts.mode === 'session' ? [] : ['command'],
      additionalProperties: false,
    },
  };
}

export function editorSpec(commands: readonly EditorCommand[] = EDITOR_COMMANDS): ToolSpec {
  const lines = [
    'View, create and edit text files in the sandbox. Paths must be absolute (e.g. /testbed/src/app.py).',
    '- view: a file is shown with line numbers (`cat -n` style); view_range [start, end] shows only those lines ' +
      '(1-based, end -1 = to the end of the file). A file ending with a newline shows an empty last line. ' +
      'A directory is listed two levels deep, hidden entries left out.',
    '- create: writes a NEW file with file_text; its folder must exist. It refuses to overwrite an existing file.',
    '- str_replace: replaces old_str with new_str. old_str must match the file exactly, whitespace and indentation ' +
      '(tabs stay tabs) included, and occur exactly once; add surrounding lines to make it unique. An empty new_str deletes old_str.',
    '- insert: inserts new_str AFTER line insert_line (0 = at the top of the file), split into lines: a new_str ending ' +
      'with a newline adds an empty line after it.',
  ];
  if (commands.includes('undo_edit'))
    lines.push('- undo_edit: reverts the most recent edit this tool made to the file (repeat to go further back).');
  lines.push(
    'Line numbers shown by view are not part of the file: never include them in old_str or new_str. ' +
      "The file's line endings (LF or CRLF) and all untouched text are kept exactly as they were.",
  );
  return {
    name: 'str_replace_based_edit_tool',
    description: lines.join('\n'),
    inputSchema: {
      type: 'object',
      properties: {
        command: { type: 'string', enum: [...commands], description: 'The operation to perform.' },
        path: { type: 'string', description: 'Absolute path of the file or directory, e.g. /testbed/README.md.' },
        file_text: { type: 'string', description: 'create: the full content of the new file.' },
        old_str: { type: 'string', description: 'str_replace: the exact text to replace (must occur exactly once).' },
        new_str: {
          type: 'string',
          description: 'str_replace: the replacement text (empty or omitted deletes old_str). insert: the text to insert.',
        },
        insert_line: { type: 'integer', minimum: 0, description: 'insert: the line after which new_str goes (0 = top of the file).' },
        view_range: {
          type: 'array',
          items: { type: 'integer' },
          maxItems: 2,
          description: 'view: [start, end] line numbers, 1-based and inclusive; end -1 means to the end of the file.',
        },
      },
      required: ['command', 'path'],
      additionalProperties: false,
    },
  };
}
