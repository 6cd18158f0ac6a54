import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock, systemClock } from '../src/index.js';

describe('clocks', () => {
  it('ManualClock starts where it is told and advances on demand', () => {
    const clock = new ManualClock(500);
    assert.equal(clock.now(), 500);
    assert.equal(clock.advance(250), 750);
    clock.set(1000);
    assert.equal(clock.now(), 1000);
  });

  it('ManualClock never moves backwards; systemClock reads Date.now()', () => {
    const clock = new ManualClock(10);
    assert.throws(() => clock.advance(-1), RangeError);
    assert.throws(() => clock.set(5), RangeError);
    assert.equal(clock.now(), 10);
    const before = Date.now();
    const t = systemClock.now();
    assert.ok(t >= before && t <= Date.now());
  });
});
