// Reads a SWE-bench-format file: JSON Lines (one instance per line) or JSON (an array of
// instances, or one). Streams JSONL so a 2,000-line file never sits in memory twice. A bad
// record is an error naming its line (or item) and field; the others are still read.
import { createReadStream, promises as fs } from 'node:fs';
import readline from 'node:readline';
import { InputError } from '../../core/errors.js';
import { parseInstance, type Instance } from './instance.js';

export type ReadItem = { where: string; instance: Instance } | { where: string; error: InputError };

function parseRecord(text: string, where: string): ReadItem {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { where, error: new InputError(where, '', `not valid JSON (${(e as Error).message})`) };
  }
  return checkRecord(raw, where);
}

function checkRecord(raw: unknown, where: string): ReadItem {
  try {
    return { where, instance: parseInstance(raw, where) };
  } catch (e) {
    if (e instanceof InputError) return { where, error: e };
    throw e;
  }
}

/** Every record of the file, in order, each an instance or the error that kept it out. */
export async function* readInstances(file: string): AsyncGenerator<ReadItem> {
  const head = await firstNonBlank(file);
  if (head === '[') {
    // A JSON array (a dataset saved with json.dump): parsed whole, items numbered from 1.
    let items: unknown[];
    try {
      items = JSON.parse(await fs.readFile(file, 'utf8')) as unknown[];
    } catch (e) {
      // One array: nothing in it can be read on its own.
      throw new InputError(file, '', `not valid JSON (${(e as Error).message}); a file of one instance per line is read line by line`);
    }
    for (const [i, raw] of items.entries()) yield checkRecord(raw, `item ${i + 1}`);
    return;
  }
  if (head === '{' && !(await isJsonLines(file))) {
    yield parseRecord(await fs.readFile(file, 'utf8'), 'item 1');
    return;
  }
  const lines = readline.createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    yield parseRecord(line, `line ${n}`);
  }
}

async function firstNonBlank(file: string): Promise<string | undefined> {
  const handle = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead).toString('utf8').trimStart()[0];
  } finally {
    await handle.close();
  }
}

/** A file starting with "{" is JSON Lines unless its first line alone is not a whole object
 * (a single pretty-printed instance). */
async function isJsonLines(file: string): Promise<boolean> {
  const lines = readline.createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    lines.close();
    try {
      JSON.parse(line);
      return true;
    } catch {
      return false;
    }
  }
  return true;
}
