import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { maxSatisfying, satisfies, validRange } from '../src/index.js';

describe('caret ranges on 0.0.x', () => {
  it('only accept the exact patch version', () => {
    assert.equal(satisfies('0.0.3', '^0.0.3'), true);
    assert.equal(satisfies('0.0.4', '^0.0.3'), false);
    assert.equal(satisfies('0.0.9', '^0.0.3'), false);
  });

  it('do not let maxSatisfying pick a newer patch', () => {
    assert.equal(maxSatisfying(['0.0.3', '0.0.4', '0.0.7'], '^0.0.3'), '0.0.3');
  });

  it('expand to a single-patch window', () => {
    assert.equal(validRange('^0.0.3'), '>=0.0.3 <0.0.4-0');
  });
});
