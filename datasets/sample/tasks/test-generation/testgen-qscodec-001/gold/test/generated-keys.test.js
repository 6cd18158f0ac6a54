import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { splitKey } from '../src/parse/keys.js';

describe('generated splitKey', () => {
  it('returns keys without brackets unchanged', () => {
    assert.deepEqual(splitKey('plain', 5), ['plain']);
    assert.deepEqual(splitKey('a]b', 5), ['a]b']);
  });

  it('splits each bracket group into a segment', () => {
    assert.deepEqual(splitKey('user[address][city]', 5), ['user', 'address', 'city']);
  });

  it('turns empty brackets into empty segments', () => {
    assert.deepEqual(splitKey('tags[]', 5), ['tags', '']);
    assert.deepEqual(splitKey('x[][]', 5), ['x', '', '']);
  });

  it('omits the name when the key starts with a bracket', () => {
    assert.deepEqual(splitKey('[a]', 5), ['a']);
    assert.deepEqual(splitKey('[a][]', 5), ['a', '']);
  });

  it('follows at most depth groups', () => {
    assert.deepEqual(splitKey('a[b][c]', 1), ['a', 'b', '[c]']);
    assert.deepEqual(splitKey('a[b]', 1), ['a', 'b']);
    assert.deepEqual(splitKey('a[b][c][d][e]', 3), ['a', 'b', 'c', 'd', '[e]']);
  });

  it('keeps everything past the depth as one verbatim segment', () => {
    assert.deepEqual(splitKey('a[b][c][d]', 1), ['a', 'b', '[c][d]']);
  });

  it('does no splitting at depth 0', () => {
    assert.deepEqual(splitKey('a[b][c]', 0), ['a[b][c]']);
  });

  it('appends stray trailing text as a final segment', () => {
    assert.deepEqual(splitKey('a[b]tail', 5), ['a', 'b', 'tail']);
    assert.deepEqual(splitKey('a[b]x[c]', 5), ['a', 'b', 'x[c]']);
  });

  it('treats a bracket that never closes as part of the name', () => {
    assert.deepEqual(splitKey('a[', 5), ['a[']);
    assert.deepEqual(splitKey('a[b', 5), ['a[b']);
  });

  it('does not accept a bracket inside a group', () => {
    assert.deepEqual(splitKey('a[b[c]]', 5), ['a[b[c]]']);
    assert.deepEqual(splitKey('a[x][b[c]]', 5), ['a', 'x', '[b[c]]']);
  });
});
