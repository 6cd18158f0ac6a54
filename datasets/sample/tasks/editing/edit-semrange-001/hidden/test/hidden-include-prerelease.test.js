import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { maxSatisfying, minSatisfying, satisfies } from '../src/index.js';

describe('includePrerelease', () => {
  it('lets a prerelease inside a caret range match', () => {
    assert.equal(satisfies('1.4.0-beta', '^1.2.3', { includePrerelease: true }), true);
  });

  it('lets the any-range match prereleases', () => {
    assert.equal(satisfies('1.0.0-rc.1', '*', { includePrerelease: true }), true);
    assert.equal(satisfies('0.1.0-0', '', { includePrerelease: true }), true);
  });

  it('is honoured by maxSatisfying', () => {
    const versions = ['1.2.0', '1.3.0-beta.1', '1.2.9'];
    assert.equal(maxSatisfying(versions, '^1.2.0', { includePrerelease: true }), '1.3.0-beta.1');
  });

  it('is honoured by minSatisfying', () => {
    const versions = ['1.5.0', '1.4.0-alpha', '2.0.0'];
    assert.equal(minSatisfying(versions, '^1.2.0', { includePrerelease: true }), '1.4.0-alpha');
  });

  it('still enforces the comparators themselves', () => {
    assert.equal(satisfies('2.0.0-beta', '^1.2.3', { includePrerelease: true }), false);
    assert.equal(satisfies('1.0.0-rc.1', '1.x', { includePrerelease: true }), false);
    assert.equal(satisfies('1.2.3-alpha', '>=1.2.3', { includePrerelease: true }), false);
  });

  it('keeps the default behaviour when the option is absent or false', () => {
    assert.equal(satisfies('1.4.0-beta', '^1.2.3'), false);
    assert.equal(satisfies('1.4.0-beta', '^1.2.3', { includePrerelease: false }), false);
    assert.equal(satisfies('1.4.0-beta', '^1.2.3', {}), false);
    assert.equal(maxSatisfying(['1.2.0', '1.3.0-beta.1'], '^1.2.0'), '1.2.0');
  });
});
