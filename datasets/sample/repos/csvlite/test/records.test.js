import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CsvError, parse } from '../src/index.js';

describe('header option', () => {
  it('maps rows to objects with header: true', () => {
    assert.deepEqual(parse('name,age\nAda,36\nAlan,41\n', { header: true }), [
      { name: 'Ada', age: '36' },
      { name: 'Alan', age: '41' },
    ]);
    assert.deepEqual(parse('name,age\n', { header: true }), []);
  });

  it('uses the given column names and treats every row as data', () => {
    assert.deepEqual(parse('Ada,36\n', { header: ['name', 'age'] }), [{ name: 'Ada', age: '36' }]);
  });

  it('rejects rows with the wrong number of fields', () => {
    assert.throws(
      () => parse('a,b\n1,2\n3\n', { header: true }),
      (err) => err instanceof CsvError && err.line === 3 && /1 fields/.test(err.message),
    );
    assert.throws(() => parse('a,b\n1,2,3\n', { header: true }), CsvError);
  });

  it('pads short rows and drops extra fields with relaxColumnCount', () => {
    assert.deepEqual(parse('a,b\n1\n2,3,4\n', { header: true, relaxColumnCount: true }), [
      { a: '1', b: '' },
      { a: '2', b: '3' },
    ]);
  });

  it('rejects duplicate column names', () => {
    assert.throws(() => parse('id,id\n1,2\n', { header: true }), /Duplicate column name "id"/);
    assert.throws(() => parse('x\n', { header: 'yes' }), TypeError);
  });
});
