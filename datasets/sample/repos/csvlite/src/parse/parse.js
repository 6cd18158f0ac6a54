import { Tokenizer } from './tokenizer.js';
import { RecordBuilder } from './records.js';

/**
 * Parses a whole CSV document.
 * Options: delimiter (','), quote ('"'), header (false | true | string[]), cast
 * (false | true | function), relaxColumnCount (false).
 * Returns an array of records: arrays of strings, or objects when there is a header.
 */
export function parse(text, options = {}) {
  if (typeof text !== 'string') throw new TypeError('parse expects a string');
  const tokenizer = new Tokenizer(options);
  const builder = new RecordBuilder(options);
  const records = [];
  for (const row of [...tokenizer.feed(text), ...tokenizer.finish()]) {
    const record = builder.add(row);
    if (record !== undefined) records.push(record);
  }
  return records;
}
