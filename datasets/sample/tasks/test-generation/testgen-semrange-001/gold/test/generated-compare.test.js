import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  compare,
  compareIdentifiers,
  eq,
  gt,
  gte,
  lt,
  lte,
  neq,
  rcompare,
  rsort,
  sort,
} from '../src/version/compare.js';

describe('generated compare', () => {
  it('uses major before minor before patch', () => {
    assert.equal(compare('2.0.0', '1.99.99'), 1);
    assert.equal(compare('1.2.0', '1.1.99'), 1);
    assert.equal(compare('1.1.2', '1.1.10'), -1);
    assert.equal(compare('1.1.10', '1.1.2'), 1);
    assert.equal(compare('3.4.5', '3.4.5'), 0);
  });

  it('puts every prerelease below its release', () => {
    assert.equal(compare('2.0.0-0', '2.0.0'), -1);
    assert.equal(compare('2.0.0', '2.0.0-zzz'), 1);
    assert.equal(compare('2.0.0-rc.9', '1.9.9'), 1);
  });

  it('compares numeric identifiers as numbers', () => {
    assert.equal(compare('1.0.0-beta.9', '1.0.0-beta.10'), -1);
    assert.equal(compare('1.0.0-100', '1.0.0-20'), 1);
    assert.equal(compareIdentifiers(2, 11), -1);
    assert.equal(compareIdentifiers(11, 2), 1);
  });

  it('ranks numeric identifiers below alphanumeric ones', () => {
    assert.equal(compare('1.0.0-1', '1.0.0-a'), -1);
    assert.equal(compare('1.0.0-alpha.beta', '1.0.0-alpha.1'), 1);
    assert.equal(compareIdentifiers(0, '0a'), -1);
    assert.equal(compareIdentifiers('0a', 0), 1);
  });

  it('ranks a shorter identifier list below a longer one with the same prefix', () => {
    assert.equal(compare('1.0.0-alpha', '1.0.0-alpha.1'), -1);
    assert.equal(compare('1.0.0-alpha.1.0', '1.0.0-alpha.1'), 1);
  });

  it('compares alphanumeric identifiers in ASCII order', () => {
    assert.equal(compareIdentifiers('Beta', 'alpha'), -1);
    assert.equal(compare('1.0.0-rc', '1.0.0-beta'), 1);
  });

  it('ignores build metadata', () => {
    assert.equal(compare('1.0.0+2', '1.0.0+10'), 0);
    assert.ok(eq('1.0.0-a+x', '1.0.0-a'));
  });

  it('accepts parsed versions and rejects invalid input', () => {
    assert.throws(() => compare('x', '1.0.0'), TypeError);
    assert.throws(() => compare('1.0.0', '1.0'), TypeError);
  });

  it('derives the boolean helpers from compare', () => {
    assert.equal(gt('1.0.1', '1.0.0'), true);
    assert.equal(gt('1.0.0', '1.0.0'), false);
    assert.equal(gte('1.0.0', '1.0.0'), true);
    assert.equal(gte('1.0.0+b', '1.0.0'), true);
    assert.equal(gte('0.9.0', '1.0.0'), false);
    assert.equal(lt('1.0.0-1', '1.0.0'), true);
    assert.equal(lt('1.0.0', '1.0.0'), false);
    assert.equal(lte('1.0.0', '1.0.0'), true);
    assert.equal(lte('1.0.1', '1.0.0'), false);
    assert.equal(neq('1.0.0', '1.0.0+x'), false);
    assert.equal(rcompare('1.0.0', '2.0.0'), 1);
  });

  it('sorts copies in both directions', () => {
    const input = ['1.0.0', '1.0.0-beta.10', '0.1.0', '1.0.0-beta.9', '1.0.0-alpha'];
    assert.deepEqual(sort(input), ['0.1.0', '1.0.0-alpha', '1.0.0-beta.9', '1.0.0-beta.10', '1.0.0']);
    assert.deepEqual(rsort(input), ['1.0.0', '1.0.0-beta.10', '1.0.0-beta.9', '1.0.0-alpha', '0.1.0']);
    assert.equal(input[0], '1.0.0');
  });
});
