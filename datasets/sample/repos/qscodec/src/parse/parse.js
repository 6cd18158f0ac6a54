// parse(): query string -> nested object.
import { normalizeParseOptions } from '../options.js';
import { decode } from '../util/decode.js';
import { splitKey } from './keys.js';
import { assign, compact } from './assign.js';

/**
 * Parses a query string (without the leading "?") into an object.
 *
 *   parse('a[b]=1&list[]=x&list[]=y')  -> { a: { b: '1' }, list: ['x', 'y'] }
 *
 * Options: delimiter (string or RegExp), depth, arrayLimit, parameterLimit,
 * parseArrays. See README.md.
 */
export function parse(input, options) {
  const opts = normalizeParseOptions(options);
  const result = {};
  if (typeof input !== 'string' || input === '') return result;

  const limit = opts.parameterLimit === Infinity ? undefined : opts.parameterLimit;
  const parts = input.split(opts.delimiter, limit);

  for (const part of parts) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const rawKey = eq === -1 ? part : part.slice(0, eq);
    const rawValue = eq === -1 ? '' : part.slice(eq + 1);

    const key = decode(rawKey);
    if (!key) continue;
    assign(result, splitKey(key, opts.depth), decode(rawValue), opts);
  }
  return compact(result);
}
