// Incremental parsing: feed text as it arrives (e.g. from a file stream) and collect
// records as soon as their last character has been seen.
import { Tokenizer } from './tokenizer.js';
import { RecordBuilder } from './records.js';

/**
 * Returns { push(chunk) => records[], end() => records[] } taking the same options as
 * parse(). Chunks may split the input anywhere, even inside a quoted field or between
 * the CR and LF of a line break.
 */
export function createParser(options = {}) {
  const tokenizer = new Tokenizer(options);
  const builder = new RecordBuilder(options);
  let ended = false;

  const build = (rows) => {
    const records = [];
    for (const row of rows) {
      const record = builder.add(row);
      if (record !== undefined) records.push(record);
    }
    return records;
  };

  return {
    push(chunk) {
      if (ended) throw new Error('createParser: push() after end()');
      return build(tokenizer.feed(chunk));
    },
    end() {
      if (ended) return [];
      ended = true;
      return build(tokenizer.finish());
    },
  };
}

/** Async generator over the records of an (async) iterable of text chunks. */
export async function* parseStream(chunks, options = {}) {
  const parser = createParser(options);
  for await (const chunk of chunks) yield* parser.push(chunk);
  yield* parser.end();
}
