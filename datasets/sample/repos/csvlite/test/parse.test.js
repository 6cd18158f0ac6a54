import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CsvError, parse } from '../src/index.js';

describe('parse', () => {
  it('splits simple rows into fields', () => {
    assert.deepEqual(parse('a,b,c\n1,2,3\n'), [
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
    assert.deepEqual(parse('x'), [['x']]);
    assert.deepEqual(parse(''), []);
    assert.deepEqual(parse('a,,c'), [['a', '', 'c']]);
  });

  it('handles quoted fields with delimiters and doubled quotes', () => {
    assert.deepEqual(parse('"a,b","say ""hi""",""\n'), [['a,b', 'say "hi"', '']]);
    assert.deepEqual(parse('"""",x'), [['"', 'x']]);
  });

  it('keeps line breaks inside quoted fields', () => {
    assert.deepEqual(parse('id,note\n1,"line one\nline two"\n2,"a\r\nb"\n'), [
      ['id', 'note'],
      ['1', 'line one\nline two'],
      ['2', 'a\r\nb'],
    ]);
  });

  it('accepts LF, CRLF and CR line endings', () => {
    const expected = [['a', 'b'], ['c', 'd']];
    assert.deepEqual(parse('a,b\nc,d'), expected);
    assert.deepEqual(parse('a,b\r\nc,d\r\n'), expected);
    assert.deepEqual(parse('a,b\rc,d\r'), expected);
  });

  it('adds no row for a final line break, but keeps blank lines inside', () => {
    assert.deepEqual(parse('a\n'), [['a']]);
    assert.deepEqual(parse('a\n\nb\n'), [['a'], [''], ['b']]);
  });

  it('treats quotes inside unquoted fields literally', () => {
    assert.deepEqual(parse('5" disk,ok\n'), [['5" disk', 'ok']]);
  });

  it('supports a custom delimiter and quote character', () => {
    assert.deepEqual(parse("a;'b;c';'it''s'\n", { delimiter: ';', quote: "'" }), [['a', 'b;c', "it's"]]);
    assert.deepEqual(parse('a\tb,c\n', { delimiter: '\t' }), [['a', 'b,c']]);
  });

  it('strips a leading byte order mark', () => {
    assert.deepEqual(parse('\uFEFFname\nAda\n'), [['name'], ['Ada']]);
  });

  it('rejects text after a closing quote, naming the line', () => {
    assert.throws(() => parse('a,b\n"x"y,z\n'), (err) => err instanceof CsvError && err.line === 2);
  });

  it('rejects an unterminated quoted field, naming where it opened', () => {
    assert.throws(() => parse('a\nb,"open\n\nstill open'), (err) => {
      assert.ok(err instanceof CsvError);
      assert.equal(err.line, 2);
      assert.match(err.message, /Unterminated/);
      return true;
    });
  });

  it('rejects invalid dialect options', () => {
    assert.throws(() => parse('a', { delimiter: '' }), CsvError);
    assert.throws(() => parse('a', { delimiter: ';;' }), CsvError);
    assert.throws(() => parse('a', { delimiter: '\n' }), CsvError);
    assert.throws(() => parse('a', { delimiter: '"' }), CsvError);
    assert.throws(() => parse(42), TypeError);
  });
});
