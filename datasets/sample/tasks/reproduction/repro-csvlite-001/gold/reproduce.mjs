// Reproduces: chunked parsing fails when a chunk ends between the two quotes of an
// escaped quote ("") inside a quoted field. Exits non-zero while the bug is present.
import assert from 'node:assert/strict';
import { createParser, parse, parseStream } from './src/index.js';

const text = 'id,quote\n1,"She said ""hi"" twice"\n2,"plain"\n';
const expected = [
  { id: '1', quote: 'She said "hi" twice' },
  { id: '2', quote: 'plain' },
];

// Sanity: the whole document parses correctly in one piece.
assert.deepEqual(parse(text, { header: true }), expected);

// Split right between the two quote characters of the first "".
const cut = text.indexOf('""') + 1;
const parser = createParser({ header: true });
let records;
try {
  records = [...parser.push(text.slice(0, cut)), ...parser.push(text.slice(cut)), ...parser.end()];
} catch (err) {
  assert.fail(`chunked parse threw for a split at offset ${cut}: ${err.message}`);
}
assert.deepEqual(records, expected, `wrong records for a split at offset ${cut}`);

// The same input through parseStream, one character per chunk.
const streamed = [];
try {
  for await (const record of parseStream([...text], { header: true })) streamed.push(record);
} catch (err) {
  assert.fail(`parseStream threw with one-character chunks: ${err.message}`);
}
assert.deepEqual(streamed, expected);

console.log('chunked parsing handles escaped quotes split across chunks');
