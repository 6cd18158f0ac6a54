// stringify(): nested object -> query string.
import { normalizeStringifyOptions } from '../options.js';
import { isUnsafeKey } from '../util/array-index.js';
import { encodeComponent } from './encode.js';

function arrayKey(prefix, index, format) {
  if (format === 'brackets') return `${prefix}[]`;
  if (format === 'repeat') return prefix;
  return `${prefix}[${index}]`;
}

function keysOf(obj, opts) {
  const keys = Object.keys(obj).filter((k) => !isUnsafeKey(k));
  return opts.sort ? keys.sort(opts.sort) : keys;
}

function walk(pairs, prefix, value, opts) {
  if (value === undefined || typeof value === 'function') return;
  if (value === null && opts.skipNulls) return;

  let leaf = value;
  if (leaf instanceof Date) leaf = leaf.toISOString();

  if (Array.isArray(leaf)) {
    leaf.forEach((item, index) => walk(pairs, arrayKey(prefix, index, opts.arrayFormat), item, opts));
    return;
  }
  if (leaf !== null && typeof leaf === 'object') {
    for (const key of keysOf(leaf, opts)) walk(pairs, `${prefix}[${key}]`, leaf[key], opts);
    return;
  }

  const text = leaf === null ? '' : String(leaf);
  const encode = (s) => (opts.encode ? encodeComponent(s, opts.format) : s);
  pairs.push(`${encode(prefix)}=${encode(text)}`);
}

/**
 * Serialises an object into a query string (without a leading "?").
 *
 *   stringify({ a: { b: 1 }, list: ['x', 'y'] })
 *     -> 'a%5Bb%5D=1&list%5B0%5D=x&list%5B1%5D=y'
 *
 * Options: delimiter, arrayFormat ('indices' | 'brackets' | 'repeat'),
 * encode, format ('RFC3986' | 'RFC1738'), skipNulls, sort.
 */
export function stringify(obj, options) {
  const opts = normalizeStringifyOptions(options);
  if (obj === null || typeof obj !== 'object') return '';
  const pairs = [];
  for (const key of keysOf(obj, opts)) walk(pairs, key, obj[key], opts);
  return pairs.join(opts.delimiter);
}
