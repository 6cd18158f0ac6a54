import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { castValue } from '../src/cast.js';

describe('castValue (generated)', () => {
  it('maps the empty string to null', () => {
    assert.strictEqual(castValue(''), null);
  });

  it('maps true and false in any letter case to booleans', () => {
    for (const t of ['true', 'TRUE', 'True', 'tRuE']) assert.strictEqual(castValue(t), true, t);
    for (const f of ['false', 'FALSE', 'False']) assert.strictEqual(castValue(f), false, f);
    assert.strictEqual(castValue('t'), 't');
    assert.strictEqual(castValue(' true'), ' true');
  });

  it('converts signed integers and decimals', () => {
    assert.strictEqual(castValue('12'), 12);
    assert.strictEqual(castValue('-12'), -12);
    assert.strictEqual(castValue('+12'), 12);
    assert.strictEqual(castValue('-4.75'), -4.75);
    assert.strictEqual(castValue('10.'), 10);
    assert.strictEqual(castValue('.25'), 0.25);
    assert.strictEqual(castValue('-.5'), -0.5);
  });

  it('converts numbers with an exponent', () => {
    assert.strictEqual(castValue('1e3'), 1000);
    assert.strictEqual(castValue('2.5E-3'), 0.0025);
    assert.strictEqual(castValue('-1e+2'), -100);
    assert.strictEqual(castValue('1e'), '1e');
  });

  it('keeps values with a leading zero before a digit as strings', () => {
    assert.strictEqual(castValue('00501'), '00501');
    assert.strictEqual(castValue('-007'), '-007');
    assert.strictEqual(castValue('+01.5'), '+01.5');
  });

  it('still converts zero and zero-point fractions', () => {
    assert.strictEqual(castValue('0'), 0);
    assert.strictEqual(castValue('-0.125'), -0.125);
    assert.strictEqual(castValue('0.5'), 0.5);
    assert.strictEqual(castValue('0e0'), 0);
  });

  it('keeps integers beyond the safe range as strings, but not decimals or exponents', () => {
    assert.strictEqual(castValue('9007199254740991'), 9007199254740991);
    assert.strictEqual(castValue('-9007199254740991'), -9007199254740991);
    assert.strictEqual(castValue('9007199254740993'), '9007199254740993');
    assert.strictEqual(castValue('-18446744073709551616'), '-18446744073709551616');
    assert.strictEqual(castValue('9007199254740993.5'), 9007199254740993.5);
    assert.strictEqual(castValue('2e20'), 2e20);
  });

  it('leaves other text untouched', () => {
    for (const s of ['abc', ' 1', '1 ', '1,000', '0x10', 'Infinity', 'NaN', '--1', '1.2.3', '+', '.']) {
      assert.strictEqual(castValue(s), s, s);
    }
  });
});
