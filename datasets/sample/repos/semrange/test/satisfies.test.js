import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { maxSatisfying, minSatisfying, satisfies } from '../src/index.js';

describe('satisfies', () => {
  it('matches caret ranges', () => {
    assert.ok(satisfies('1.9.9', '^1.2.3'));
    assert.ok(!satisfies('2.0.0', '^1.2.3'));
    assert.ok(!satisfies('1.2.2', '^1.2.3'));
    assert.ok(satisfies('0.2.9', '^0.2.3'));
    assert.ok(!satisfies('0.3.0', '^0.2.3'));
  });

  it('matches tilde ranges', () => {
    assert.ok(satisfies('1.2.9', '~1.2.3'));
    assert.ok(!satisfies('1.3.0', '~1.2.3'));
  });

  it('matches hyphen ranges inclusively', () => {
    assert.ok(satisfies('1.2.3', '1.2.3 - 2.3.4'));
    assert.ok(satisfies('2.3.4', '1.2.3 - 2.3.4'));
    assert.ok(!satisfies('2.3.5', '1.2.3 - 2.3.4'));
  });

  it('matches unions', () => {
    assert.ok(satisfies('3.1.0', '1.x || >=3.1.0'));
    assert.ok(!satisfies('2.5.0', '1.x || >=3.1.0'));
  });

  it('treats the empty range as "any release"', () => {
    assert.ok(satisfies('0.0.1', ''));
    assert.ok(satisfies('99.0.0', '*'));
  });

  it('excludes prereleases unless the range names the same tuple', () => {
    assert.ok(!satisfies('1.4.0-beta', '^1.2.3'));
    assert.ok(satisfies('1.2.4-beta.2', '>=1.2.4-beta.1 <1.3.0'));
    assert.ok(!satisfies('1.2.5-beta.2', '>=1.2.4-beta.1 <1.3.0'));
    assert.ok(!satisfies('1.0.0-rc.1', '*'));
  });

  it('returns false for invalid versions or ranges', () => {
    assert.equal(satisfies('not-a-version', '*'), false);
    assert.equal(satisfies('1.0.0', '>>1'), false);
  });
});

describe('maxSatisfying and minSatisfying', () => {
  const versions = ['1.2.3', '1.10.0', '1.9.7', '2.0.0-rc.1', '2.0.0', '0.9.0'];

  it('picks the highest match regardless of input order', () => {
    assert.equal(maxSatisfying(versions, '^1.2.3'), '1.10.0');
    assert.equal(maxSatisfying(versions, '*'), '2.0.0');
  });

  it('picks the lowest match', () => {
    assert.equal(minSatisfying(versions, '>=1.0.0'), '1.2.3');
  });

  it('returns null when nothing matches', () => {
    assert.equal(maxSatisfying(versions, '^3'), null);
    assert.equal(minSatisfying(versions, '<0.1'), null);
  });
});
