import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decode, encodeComponent } from '../src/index.js';

describe('decode', () => {
  it('turns plus into space', () => {
    assert.equal(decode('a+b+c'), 'a b c');
  });

  it('keeps an escaped plus as a plus', () => {
    assert.equal(decode('1%2B2'), '1+2');
  });

  it('leaves malformed escapes untouched', () => {
    assert.equal(decode('100%'), '100%');
    assert.equal(decode('%E0%A4%A'), '%E0%A4%A');
  });
});

describe('encodeComponent', () => {
  it('writes spaces as %20, or as + with RFC1738', () => {
    assert.equal(encodeComponent('a b'), 'a%20b');
    assert.equal(encodeComponent('a b', 'RFC1738'), 'a+b');
  });
});
