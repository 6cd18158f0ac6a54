import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CsvError, createParser, parse } from '../src/index.js';

describe('skipEmptyLines', () => {
  it('drops blank lines from array rows', () => {
    assert.deepEqual(parse('a,b\n\n1,2\n\n\n3,4\n\n', { skipEmptyLines: true }), [
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
    assert.deepEqual(parse('\r\n\r\n', { skipEmptyLines: true }), []);
  });

  it('drops blank lines before the header and between records', () => {
    assert.deepEqual(parse('\nid,name\n\n1,Ada\r\n\r\n2,Alan\n', { header: true, skipEmptyLines: true }), [
      { id: '1', name: 'Ada' },
      { id: '2', name: 'Alan' },
    ]);
  });

  it('treats a line holding only an empty quoted field as blank', () => {
    assert.deepEqual(parse('x\n""\ny\n', { skipEmptyLines: true }), [['x'], ['y']]);
  });

  it('works with the chunked parser and with casting', () => {
    const parser = createParser({ header: true, cast: true, skipEmptyLines: true });
    const got = [...parser.push('n\n\n1\n'), ...parser.push('\n'), ...parser.push('\n2'), ...parser.end()];
    assert.deepEqual(got, [{ n: 1 }, { n: 2 }]);
  });

  it('keeps rows that only contain delimiters or spaces', () => {
    assert.deepEqual(parse('a,b\n,\n \n', { skipEmptyLines: true }), [['a', 'b'], ['', ''], [' ']]);
  });

  it('keeps blank lines when the option is absent or false', () => {
    assert.deepEqual(parse('a\n\nb\n'), [['a'], [''], ['b']]);
    assert.deepEqual(parse('a\n\nb\n', { skipEmptyLines: false }), [['a'], [''], ['b']]);
    assert.throws(() => parse('x,y\n\n1,2\n', { header: true }), CsvError);
  });
});
