import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse, stringify } from '../src/index.js';

describe('stringify', () => {
  it('writes flat pairs', () => {
    assert.equal(stringify({ a: 1, b: 'x y', c: true }), 'a=1&b=x%20y&c=true');
  });

  it('encodes nested keys with indices by default', () => {
    assert.equal(stringify({ a: { b: ['x', 'y'] } }), 'a%5Bb%5D%5B0%5D=x&a%5Bb%5D%5B1%5D=y');
  });

  it('supports the brackets and repeat array formats', () => {
    assert.equal(stringify({ t: ['a', 'b'] }, { arrayFormat: 'brackets', encode: false }), 't[]=a&t[]=b');
    assert.equal(stringify({ t: ['a', 'b'] }, { arrayFormat: 'repeat' }), 't=a&t=b');
  });

  it('writes spaces as plus with RFC1738', () => {
    assert.equal(stringify({ q: 'a b+c' }, { format: 'RFC1738' }), 'q=a+b%2Bc');
  });

  it('escapes the characters encodeURIComponent leaves alone', () => {
    assert.equal(stringify({ s: "it's (ok)*!" }), 's=it%27s%20%28ok%29%2A%21');
  });

  it('handles null, undefined and dates', () => {
    const when = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
    assert.equal(stringify({ a: null, b: undefined, d: when }), 'a=&d=2024-01-02T03%3A04%3A05.000Z');
    assert.equal(stringify({ a: null, b: 2 }, { skipNulls: true }), 'b=2');
  });

  it('honours delimiter and sort', () => {
    const out = stringify({ b: 2, a: { z: 1, y: 2 } }, { delimiter: ';', sort: (x, y) => x.localeCompare(y), encode: false });
    assert.equal(out, 'a[y]=2;a[z]=1;b=2');
  });

  it('returns an empty string for non-objects', () => {
    assert.equal(stringify(null), '');
    assert.equal(stringify('a=1'), '');
  });

  it('round-trips through parse', () => {
    const value = { user: { name: 'Zoë', roles: ['admin', 'dev'] }, page: '2', q: 'a&b=c' };
    assert.deepEqual(parse(stringify(value)), value);
  });

  it('rejects invalid options', () => {
    assert.throws(() => stringify({}, { arrayFormat: 'comma' }), TypeError);
    assert.throws(() => stringify({}, { format: 'RFC9999' }), TypeError);
    assert.throws(() => stringify({}, { sort: 'asc' }), TypeError);
  });
});
