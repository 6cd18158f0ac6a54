// The one way to read an input file: read → parse (YAML or JSON) → validate with a zod schema.
// Every problem is an InputError in one format: the file, where in it (`line 3, column 7` for a
// syntax error, the field path `mutants.1` for a value, `line 12: score` for one JSONL line), and
// what is wrong.
import { promises as fs, readFileSync } from 'node:fs';
import YAML from 'yaml';
import type { z } from 'zod';
import { InputError } from './errors.js';

export type InputFormat = 'yaml' | 'json';

/** A field path as every error names it: `provider.base_url`, `mutants.1`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/** A failed validation as (field, message): the first problem, an unknown key named as the field,
 * and the others listed after it. */
export function describeProblems(err: z.ZodError): { field: string; message: string } {
  const [first, ...rest] = err.issues.map(describeIssue);
  if (!first) return { field: '', message: 'invalid' };
  const also = rest.length ? ` (also ${rest.map((p) => `${p.field || '(root)'}: ${p.message}`).join('; ')})` : '';
  return { field: first.field, message: first.message + also };
}

function describeIssue(issue: z.core.$ZodIssue): { field: string; message: string } {
  if (issue.code === 'unrecognized_keys') {
    const [key, ...others] = issue.keys;
    return {
      field: fieldPath([...issue.path, key]),
      message: `unknown field${others.length ? ` (also: ${others.join(', ')})` : ''}`,
    };
  }
  return { field: fieldPath(issue.path), message: issue.message };
}

/** text → value. YAML refuses duplicate keys; a syntax error names its line and column. */
export function parseText(text: string, file: string, format: InputFormat): unknown {
  if (format === 'json') {
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new InputError(file, '', `invalid JSON: ${(err as Error).message}`);
    }
  }
  const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) {
    const pos = err.linePos?.[0];
    throw new InputError(file, pos ? `line ${pos.line}, column ${pos.col}` : '', `invalid YAML: ${err.message.split('\n')[0]}`);
  }
  return doc.toJS();
}

/** value → T, or an InputError naming the file and the field (after `where`, e.g. `line 12`). */
export function validateInput<T>(value: unknown, schema: z.ZodType<T>, file: string, where = ''): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const { field, message } = describeProblems(parsed.error);
  throw new InputError(file, [where, field].filter(Boolean).join(': '), message);
}

export interface ReadInputOptions {
  format: InputFormat;
  /** The name errors give the file (default: its path), e.g. relative to the dataset. */
  label?: string;
  /** What an empty document means (YAML: a file holding only comments). Default: nothing. */
  empty?: unknown;
}

/** Reads, parses and validates one input file. */
export async function readInput<T>(file: string, schema: z.ZodType<T>, opts: ReadInputOptions): Promise<T> {
  const label = opts.label ?? file;
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    throw unreadable(label, err);
  }
  return fromText(text, schema, label, opts);
}

/** readInput for callers that cannot wait (building a model client). */
export function readInputSync<T>(file: string, schema: z.ZodType<T>, opts: ReadInputOptions): T {
  const label = opts.label ?? file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw unreadable(label, err);
  }
  return fromText(text, schema, label, opts);
}

function fromText<T>(text: string, schema: z.ZodType<T>, label: string, opts: ReadInputOptions): T {
  const value = parseText(text, label, opts.format);
  return validateInput(value ?? opts.empty, schema, label);
}

function unreadable(label: string, err: unknown): InputError {
  const code = (err as NodeJS.ErrnoException).code;
  return new InputError(label, '', code === 'ENOENT' ? 'not found' : `cannot read: ${(err as Error).message}`);
}
