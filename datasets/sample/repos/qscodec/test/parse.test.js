import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../src/index.js';

describe('parse basics', () => {
  it('reads flat pairs', () => {
    assert.deepEqual(parse('a=1&b=two'), { a: '1', b: 'two' });
    assert.deepEqual(parse(''), {});
    assert.deepEqual(parse(undefined), {});
    assert.deepEqual(parse(42), {});
  });

  it('treats a key without "=" as an empty value and skips empty keys', () => {
    assert.deepEqual(parse('flag&x=&=orphan&&y=1'), { flag: '', x: '', y: '1' });
  });

  it('decodes plus signs and escapes in values', () => {
    assert.deepEqual(parse('q=hello+world&e=caf%C3%A9&p=1%2B1'), {
      q: 'hello world',
      e: 'café',
      p: '1+1',
    });
  });

  it('decodes escaped brackets in keys before splitting them', () => {
    assert.deepEqual(parse('a%5Bb%5D=1'), { a: { b: '1' } });
  });

  it('collects a key given twice into an array', () => {
    assert.deepEqual(parse('tag=a&tag=b'), { tag: ['a', 'b'] });
  });
});

describe('parse nesting', () => {
  it('builds nested objects', () => {
    assert.deepEqual(parse('user[name]=Ada&user[address][city]=London'), {
      user: { name: 'Ada', address: { city: 'London' } },
    });
  });

  it('appends to arrays with empty brackets', () => {
    assert.deepEqual(parse('a[]=1&a[]=2&a[]=3'), { a: ['1', '2', '3'] });
  });

  it('orders and compacts indexed arrays', () => {
    assert.deepEqual(parse('a[2]=c&a[0]=a&a[5]=z'), { a: ['a', 'c', 'z'] });
  });

  it('builds arrays of objects', () => {
    assert.deepEqual(parse('items[0][id]=7&items[0][qty]=2&items[1][id]=9'), {
      items: [{ id: '7', qty: '2' }, { id: '9' }],
    });
  });

  it('turns indices above arrayLimit into object keys', () => {
    assert.deepEqual(parse('a[21]=x'), { a: { 21: 'x' } });
    assert.deepEqual(parse('a[3]=x', { arrayLimit: 2 }), { a: { 3: 'x' } });
  });

  it('converts an array to an object when it receives a named key', () => {
    assert.deepEqual(parse('a[0]=x&a[b]=y'), { a: { 0: 'x', b: 'y' } });
  });

  it('keeps a plain value as first element when brackets follow', () => {
    assert.deepEqual(parse('a=1&a[]=2'), { a: ['1', '2'] });
  });

  it('uses object keys for brackets when parseArrays is false', () => {
    assert.deepEqual(parse('a[]=1&a[1]=2', { parseArrays: false }), { a: { '': '1', 1: '2' } });
  });

  it('keeps keys beyond depth as one literal segment, and splits none with depth 0', () => {
    assert.deepEqual(parse('a[b][c][d]=1', { depth: 2 }), { a: { b: { c: { '[d]': '1' } } } });
    assert.deepEqual(parse('a[b]=1', { depth: 0 }), { 'a[b]': '1' });
  });

  it('ignores prototype-polluting keys', () => {
    const out = parse('__proto__[admin]=1&a[constructor][x]=2&ok=3');
    assert.deepEqual(out, { ok: '3' });
    assert.equal({}.admin, undefined);
  });
});

describe('parse options', () => {
  it('supports custom string and RegExp delimiters', () => {
    assert.deepEqual(parse('a=1;b=2', { delimiter: ';' }), { a: '1', b: '2' });
    assert.deepEqual(parse('a=1;b=2&c=3', { delimiter: /[;&]/ }), { a: '1', b: '2', c: '3' });
  });

  it('stops after parameterLimit pairs', () => {
    assert.deepEqual(parse('a=1&b=2&c=3', { parameterLimit: 2 }), { a: '1', b: '2' });
    assert.deepEqual(parse('a=1&b=2&c=3', { parameterLimit: Infinity }), { a: '1', b: '2', c: '3' });
  });

  it('rejects invalid options', () => {
    assert.throws(() => parse('a=1', { depth: -1 }), TypeError);
    assert.throws(() => parse('a=1', { delimiter: '' }), TypeError);
    assert.throws(() => parse('a=1', { parameterLimit: 0 }), TypeError);
    assert.throws(() => parse('a=1', 'nope'), TypeError);
  });
});
