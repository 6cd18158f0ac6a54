import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse, stringify } from '../src/index.js';

describe('stringify', () => {
  it('writes arrays of fields, one line each', () => {
    assert.equal(stringify([['a', 'b'], ['1', '2']]), 'a,b\n1,2\n');
    assert.equal(stringify([]), '');
  });

  it('quotes only the fields that need it', () => {
    assert.equal(stringify([['plain', 'a,b', 'say "hi"', 'two\nlines', ' pad', 'pad ', '']]),
      'plain,"a,b","say ""hi""","two\nlines"," pad","pad ",\n');
  });

  it('decides quoting by the configured delimiter and quote', () => {
    assert.equal(stringify([['a,b', 'c;d']], { delimiter: ';' }), 'a,b;"c;d"\n');
    assert.equal(stringify([["it's", 'say "x"']], { quote: "'" }), "'it''s',say \"x\"\n");
  });

  it('writes objects with a header row from the first record', () => {
    assert.equal(stringify([{ name: 'Ada', age: 36 }, { age: 41, name: 'Alan' }]), 'name,age\nAda,36\nAlan,41\n');
  });

  it('honours columns, header, eol and quoteAll', () => {
    const rows = [{ a: 1, b: 2, c: 3 }];
    assert.equal(stringify(rows, { columns: ['c', 'a'] }), 'c,a\n3,1\n');
    assert.equal(stringify(rows, { columns: ['c', 'a'], header: false }), '3,1\n');
    assert.equal(stringify([['x', 'y']], { eol: '\r\n', quoteAll: true }), '"x","y"\r\n');
    assert.equal(stringify([], { columns: ['a', 'b'] }), 'a,b\n');
  });

  it('writes null, undefined, numbers, booleans and dates', () => {
    const when = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
    assert.equal(stringify([[null, undefined, 0, false, when]]), ',,0,false,2024-01-02T03:04:05.000Z\n');
    assert.throws(() => stringify('a,b'), TypeError);
  });

  it('round-trips through parse', () => {
    const rows = [
      ['id', 'text'],
      ['1', 'commas, "quotes" and\nnewlines'],
      ['2', '  spaced  '],
      ['3', ''],
    ];
    assert.deepEqual(parse(stringify(rows)), rows);
    assert.deepEqual(parse(stringify(rows, { delimiter: '|' }), { delimiter: '|' }), rows);
  });
});
