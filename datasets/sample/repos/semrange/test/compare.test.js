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
  rsort,
  sort,
} from '../src/index.js';

describe('compare', () => {
  it('orders by major, then minor, then patch', () => {
    assert.equal(compare('2.0.0', '1.9.9'), 1);
    assert.equal(compare('1.3.0', '1.2.9'), 1);
    assert.equal(compare('1.2.4', '1.2.3'), 1);
    assert.equal(compare('1.2.3', '1.2.4'), -1);
    assert.equal(compare('1.2.3', '1.2.3'), 0);
  });

  it('ranks a release above its prereleases', () => {
    assert.equal(compare('1.0.0-rc.1', '1.0.0'), -1);
    assert.equal(compare('1.0.0', '1.0.0-rc.1'), 1);
  });

  it('follows the precedence chain from the spec', () => {
    const chain = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
    ];
    for (let i = 0; i + 1 < chain.length; i++) {
      assert.equal(compare(chain[i], chain[i + 1]), -1, `${chain[i]} < ${chain[i + 1]}`);
      assert.equal(compare(chain[i + 1], chain[i]), 1, `${chain[i + 1]} > ${chain[i]}`);
    }
  });

  it('ignores build metadata', () => {
    assert.equal(compare('1.2.3+a', '1.2.3+b'), 0);
    assert.ok(eq('1.2.3-x+1', '1.2.3-x+2'));
  });

  it('throws on invalid versions', () => {
    assert.throws(() => compare('1.2', '1.2.3'), TypeError);
  });
});

describe('compareIdentifiers', () => {
  it('compares numbers numerically', () => {
    assert.equal(compareIdentifiers(9, 10), -1);
    assert.equal(compareIdentifiers(10, 10), 0);
  });

  it('puts numeric identifiers before alphanumeric ones', () => {
    assert.equal(compareIdentifiers(5, 'a'), -1);
    assert.equal(compareIdentifiers('a', 5), 1);
  });
});

describe('helpers', () => {
  it('boolean comparisons agree with compare', () => {
    assert.ok(gt('1.2.4', '1.2.3'));
    assert.ok(gte('1.2.3', '1.2.3'));
    assert.ok(!gte('1.2.2', '1.2.3'));
    assert.ok(lt('1.2.3-0', '1.2.3'));
    assert.ok(lte('1.2.3', '1.2.3'));
    assert.ok(!lte('1.2.4', '1.2.3'));
    assert.ok(neq('1.2.3', '1.2.4'));
  });

  it('sort and rsort return new arrays', () => {
    const input = ['1.10.0', '1.2.0', '1.2.0-rc.1', '0.9.9'];
    assert.deepEqual(sort(input), ['0.9.9', '1.2.0-rc.1', '1.2.0', '1.10.0']);
    assert.deepEqual(rsort(input), ['1.10.0', '1.2.0', '1.2.0-rc.1', '0.9.9']);
    assert.deepEqual(input, ['1.10.0', '1.2.0', '1.2.0-rc.1', '0.9.9']);
  });
});
