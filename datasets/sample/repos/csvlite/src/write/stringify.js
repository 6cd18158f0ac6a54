import { checkDialect } from '../errors.js';
import { needsQuoting, quoteField } from './quote.js';

function toText(value) {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/**
 * Writes records (arrays, or objects) as CSV text. Every line, including the last, ends
 * with `eol`.
 * Options: delimiter (','), quote ('"'), eol ('\n'), quoteAll (false), columns (which
 * object keys to write, in order; default: the keys of the first object), header
 * (write a header row; default false when the records are arrays, true otherwise).
 */
export function stringify(records, options = {}) {
  if (!Array.isArray(records)) throw new TypeError('stringify expects an array of records');
  const { delimiter, quote } = checkDialect(options);
  const eol = options.eol ?? '\n';
  const quoteAll = Boolean(options.quoteAll);

  const cell = (value) => {
    const text = toText(value);
    return quoteAll || needsQuoting(text, delimiter, quote) ? quoteField(text, quote) : text;
  };
  const line = (values) => values.map(cell).join(delimiter) + eol;

  if (records.length === 0 && !options.columns) return '';
  const arrays = records.length > 0 && Array.isArray(records[0]);
  const columns = options.columns ?? (arrays ? null : Object.keys(records[0]));
  const header = options.header ?? !arrays;

  let out = header && columns ? line(columns) : '';
  for (const record of records) {
    if (Array.isArray(record)) out += line(record);
    else if (columns) out += line(columns.map((column) => record[column]));
    else throw new TypeError('stringify: cannot mix arrays and objects without columns');
  }
  return out;
}
