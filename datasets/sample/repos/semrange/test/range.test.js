import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseComparator, parseRange, validRange } from '../src/index.js';

describe('validRange', () => {
  it('expands caret ranges', () => {
    assert.equal(validRange('^1.2.3'), '>=1.2.3 <2.0.0-0');
    assert.equal(validRange('^0.2.3'), '>=0.2.3 <0.3.0-0');
    assert.equal(validRange('^1.x'), '>=1.0.0 <2.0.0-0');
    assert.equal(validRange('^0.0.x'), '>=0.0.0 <0.1.0-0');
  });

  it('expands tilde ranges', () => {
    assert.equal(validRange('~1.2.3'), '>=1.2.3 <1.3.0-0');
    assert.equal(validRange('~1.2'), '>=1.2.0 <1.3.0-0');
    assert.equal(validRange('~1'), '>=1.0.0 <2.0.0-0');
    assert.equal(validRange('~>2.4.1'), '>=2.4.1 <2.5.0-0');
  });

  it('expands x-ranges', () => {
    assert.equal(validRange('1.x'), '>=1.0.0 <2.0.0-0');
    assert.equal(validRange('1.2.*'), '>=1.2.0 <1.3.0-0');
    assert.equal(validRange('*'), '*');
    assert.equal(validRange(''), '*');
  });

  it('expands x-ranges behind operators', () => {
    assert.equal(validRange('>1.2'), '>=1.3.0');
    assert.equal(validRange('>=1.2'), '>=1.2.0');
    assert.equal(validRange('<1.2'), '<1.2.0-0');
    assert.equal(validRange('<=1.2'), '<1.3.0-0');
    assert.equal(validRange('<*'), '<0.0.0-0');
  });

  it('expands hyphen ranges with full versions', () => {
    assert.equal(validRange('1.2.3 - 2.3.4'), '>=1.2.3 <=2.3.4');
    assert.equal(validRange('1.2 - 2.3.4'), '>=1.2.0 <=2.3.4');
  });

  it('tolerates spaces after operators and keeps unions', () => {
    assert.equal(validRange('>= 1.2.3   < 2'), '>=1.2.3 <2.0.0-0');
    assert.equal(validRange('1.x || >=3.1.0'), '>=1.0.0 <2.0.0-0||>=3.1.0');
  });

  it('returns null for malformed ranges', () => {
    for (const bad of ['>=', 'one.two', '^1.2.3.4', '1.2.3 - ', '>>1.0.0']) {
      assert.equal(validRange(bad), null, bad);
    }
  });
});

describe('parseRange', () => {
  it('keeps the raw text and one comparator list per alternative', () => {
    const r = parseRange('^1.0.0 || 3.0.0');
    assert.equal(r.raw, '^1.0.0 || 3.0.0');
    assert.equal(r.set.length, 2);
    assert.deepEqual(
      r.set[1].map((c) => c.value),
      ['3.0.0'],
    );
  });

  it('throws TypeError on malformed input', () => {
    assert.throws(() => parseRange('~x.y.z.w'), TypeError);
    assert.throws(() => parseRange(5), TypeError);
  });
});

describe('parseComparator', () => {
  it('normalises "=" to the empty operator', () => {
    const c = parseComparator('=1.0.0');
    assert.equal(c.operator, '');
    assert.equal(c.value, '1.0.0');
  });
});
