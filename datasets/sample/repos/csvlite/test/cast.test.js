import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { castValue, parse } from '../src/index.js';

describe('castValue', () => {
  it('turns empty fields into null', () => {
    assert.equal(castValue(''), null);
  });

  it('recognises booleans in any letter case', () => {
    assert.equal(castValue('true'), true);
    assert.equal(castValue('FALSE'), false);
    assert.equal(castValue('True'), true);
    assert.equal(castValue('yes'), 'yes');
  });

  it('parses integers, decimals and exponents', () => {
    assert.equal(castValue('42'), 42);
    assert.equal(castValue('-17'), -17);
    assert.equal(castValue('+3'), 3);
    assert.equal(castValue('3.25'), 3.25);
    assert.equal(castValue('.5'), 0.5);
    assert.equal(castValue('1e3'), 1000);
    assert.equal(castValue('-2.5E-2'), -0.025);
  });

  it('keeps leading-zero identifiers as text, but not plain zeros', () => {
    assert.equal(castValue('007'), '007');
    assert.equal(castValue('-01'), '-01');
    assert.equal(castValue('0'), 0);
    assert.equal(castValue('0.5'), 0.5);
    assert.equal(castValue('-0.25'), -0.25);
  });

  it('keeps integers that a number cannot hold exactly as text', () => {
    assert.equal(castValue('9007199254740991'), 9007199254740991);
    assert.equal(castValue('12345678901234567890'), '12345678901234567890');
    assert.equal(castValue('1e300'), 1e300);
  });

  it('keeps padded or mixed text as strings', () => {
    assert.equal(castValue(' 12'), ' 12');
    assert.equal(castValue('12px'), '12px');
    assert.equal(castValue('1.2.3'), '1.2.3');
    assert.equal(castValue('-'), '-');
    assert.equal(castValue('NaN'), 'NaN');
  });
});

describe('cast option', () => {
  it('leaves values as strings by default', () => {
    assert.deepEqual(parse('1,true,\n'), [['1', 'true', '']]);
  });

  it('casts data but not the header', () => {
    assert.deepEqual(parse('1,true\n2,\n', { header: true, cast: true }), [{ 1: 2, true: null }]);
    assert.deepEqual(parse('id,ok\n7,TRUE\n', { header: true, cast: true }), [{ id: 7, ok: true }]);
  });

  it('calls a custom cast function with the field context', () => {
    const seen = [];
    const records = parse('a,b\nx,y\n', {
      header: true,
      cast: (text, ctx) => {
        seen.push(ctx);
        return text.toUpperCase();
      },
    });
    assert.deepEqual(records, [{ a: 'X', b: 'Y' }]);
    assert.deepEqual(seen, [
      { column: 'a', index: 0, line: 2 },
      { column: 'b', index: 1, line: 2 },
    ]);
    assert.throws(() => parse('a', { cast: 'yes' }), TypeError);
  });
});
