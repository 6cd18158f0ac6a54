import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { splitKey } from '../src/index.js';

describe('splitKey', () => {
  it('returns a plain key as a single segment', () => {
    assert.deepEqual(splitKey('name', 5), ['name']);
  });

  it('splits bracket groups', () => {
    assert.deepEqual(splitKey('a[b][c]', 5), ['a', 'b', 'c']);
  });

  it('keeps empty brackets as empty segments', () => {
    assert.deepEqual(splitKey('list[]', 5), ['list', '']);
    assert.deepEqual(splitKey('m[][x]', 5), ['m', '', 'x']);
  });

  it('drops an empty leading name', () => {
    assert.deepEqual(splitKey('[a][b]', 5), ['a', 'b']);
  });

  it('follows exactly depth groups and keeps the rest', () => {
    assert.deepEqual(splitKey('a[b][c][d]', 2), ['a', 'b', 'c', '[d]']);
    assert.deepEqual(splitKey('a[b][c]', 2), ['a', 'b', 'c']);
    assert.deepEqual(splitKey('a[1][2][3][4][5][6][7]', 5), ['a', '1', '2', '3', '4', '5', '[6][7]']);
  });

  it('does not split with depth 0', () => {
    assert.deepEqual(splitKey('a[b]', 0), ['a[b]']);
  });

  it('keeps trailing text after the last group', () => {
    assert.deepEqual(splitKey('a[b]c', 5), ['a', 'b', 'c']);
  });

  it('treats unclosed or nested brackets as part of the name', () => {
    assert.deepEqual(splitKey('a[b', 5), ['a[b']);
    assert.deepEqual(splitKey('a[b[c]]', 5), ['a[b[c]]']);
  });
});
