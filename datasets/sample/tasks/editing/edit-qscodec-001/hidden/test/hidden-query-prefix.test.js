import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse, PARSE_DEFAULTS } from '../src/index.js';

describe('ignoreQueryPrefix', () => {
  it('strips a leading question mark when enabled', () => {
    assert.deepEqual(parse('?a=1&b[c]=2', { ignoreQueryPrefix: true }), { a: '1', b: { c: '2' } });
  });

  it('strips only one question mark', () => {
    assert.deepEqual(parse('??a=1', { ignoreQueryPrefix: true }), { '?a': '1' });
  });

  it('returns an empty object for a bare question mark', () => {
    assert.deepEqual(parse('?', { ignoreQueryPrefix: true }), {});
  });

  it('is off by default and listed in the defaults', () => {
    assert.equal(PARSE_DEFAULTS.ignoreQueryPrefix, false);
    assert.deepEqual(parse('?a=1'), { '?a': '1' });
  });

  it('rejects a non-boolean value', () => {
    assert.throws(() => parse('?a=1', { ignoreQueryPrefix: 'yes' }), TypeError);
  });

  it('leaves a question mark elsewhere alone', () => {
    assert.deepEqual(parse('a=?x&b=1', { ignoreQueryPrefix: true }), { a: '?x', b: '1' });
    assert.deepEqual(parse('a=1', { ignoreQueryPrefix: true }), { a: '1' });
  });

  it('works together with a custom delimiter', () => {
    assert.deepEqual(parse('?a=1;b=2', { ignoreQueryPrefix: true, delimiter: ';' }), { a: '1', b: '2' });
  });
});
