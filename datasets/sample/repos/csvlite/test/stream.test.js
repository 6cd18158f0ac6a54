import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createParser, parse, parseStream } from '../src/index.js';

const SAMPLE = 'id,name,note\r\n1,Ada,"first, and\r\nforemost"\r\n2,"Alan",\r\n3,Grace,"x"\r\n';

describe('createParser', () => {
  it('yields records as soon as they are complete', () => {
    const parser = createParser({ header: true });
    assert.deepEqual(parser.push('id,na'), []);
    assert.deepEqual(parser.push('me\n1,Ada\n2,Al'), [{ id: '1', name: 'Ada' }]);
    assert.deepEqual(parser.push('an\n'), [{ id: '2', name: 'Alan' }]);
    assert.deepEqual(parser.end(), []);
  });

  it('returns the last record from end() when the input has no final line break', () => {
    const parser = createParser();
    assert.deepEqual(parser.push('a,b\nc,d'), [['a', 'b']]);
    assert.deepEqual(parser.end(), [['c', 'd']]);
    assert.deepEqual(parser.end(), []);
    assert.throws(() => parser.push('more'), /after end/);
  });

  it('gives the same records for every two-chunk split of the input', () => {
    const expected = parse(SAMPLE, { header: true });
    assert.equal(expected.length, 3);
    for (let cut = 0; cut <= SAMPLE.length; cut++) {
      const parser = createParser({ header: true });
      const got = [...parser.push(SAMPLE.slice(0, cut)), ...parser.push(SAMPLE.slice(cut)), ...parser.end()];
      assert.deepEqual(got, expected, `split at ${cut}`);
    }
  });

  it('gives the same records when fed one character at a time', () => {
    const parser = createParser({ header: true, cast: true });
    const got = [];
    for (const ch of SAMPLE) got.push(...parser.push(ch));
    got.push(...parser.end());
    assert.deepEqual(got, parse(SAMPLE, { header: true, cast: true }));
  });
});

describe('parseStream', () => {
  it('reads records from an async iterable of chunks', async () => {
    async function* chunks() {
      yield 'a;b\n1;';
      yield '2\n3;4';
    }
    const got = [];
    for await (const record of parseStream(chunks(), { delimiter: ';', header: true })) got.push(record);
    assert.deepEqual(got, [
      { a: '1', b: '2' },
      { a: '3', b: '4' },
    ]);
  });
});
