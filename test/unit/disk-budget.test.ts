// The watched disk budget's judgement, apart from any sandbox: growth over the baseline in
// bytes or files, measurements that fail, and a spent budget staying spent.
import { describe, expect, it } from 'vitest';
import { DiskBudget, MAX_NEW_INODES, parseDiskUsage, type DiskUsage } from '../../harness/sandbox/disk-budget.js';
import { AgentError } from '../../harness/core/errors.js';

function budgetWith(readings: (DiskUsage | undefined)[], limitBytes = 1000) {
  const seen: boolean[] = [];
  const budget = new DiskBudget(limitBytes, async (running) => {
    seen.push(running);
    return readings.shift();
  });
  return { budget, seen };
}

describe('DiskBudget', () => {
  it('judges growth over the baseline, not the size the sandbox started with', async () => {
    const { budget } = budgetWith([
      { bytes: 50_000, inodes: 900 },
      { bytes: 51_000, inodes: 950 },
      { bytes: 51_001, inodes: 950 },
    ]);
    await budget.start();
    expect(await budget.check(false)).toBe(false); // exactly the limit
    expect(budget.assertWithin()).toBeUndefined();
    expect(await budget.check(true)).toBe(true);
    expect(() => budget.assertWithin()).toThrow(AgentError);
    expect(budget.exceeded).toMatch(/over its budget/);
  });

  it('counts a flood of files whatever their size', async () => {
    const { budget } = budgetWith([
      { bytes: 0, inodes: 10 },
      { bytes: 0, inodes: 10 + MAX_NEW_INODES + 1 },
    ]);
    await budget.start();
    expect(await budget.check(true)).toBe(true);
    expect(budget.exceeded).toMatch(/files/);
  });

  it('judges nothing it could not measure, and stays spent once spent', async () => {
    const { budget } = budgetWith([{ bytes: 0, inodes: 0 }, undefined, { bytes: 5000, inodes: 1 }, { bytes: 0, inodes: 0 }]);
    await budget.start();
    expect(await budget.check(false)).toBe(false);
    expect(await budget.check(false)).toBe(true);
    expect(await budget.check(false)).toBe(true); // freed space does not un-spend it
    expect(budget.record({ bytes: 0, inodes: 0 })).toBe(true);
  });

  it('judges a measurement taken together with a sweep', async () => {
    const { budget, seen } = budgetWith([{ bytes: 100, inodes: 1 }]);
    await budget.start();
    expect(budget.record({ bytes: 900, inodes: 2 })).toBe(false);
    expect(budget.record({ bytes: 1200, inodes: 2 })).toBe(true);
    expect(seen).toEqual([false]);
  });
});

describe('parseDiskUsage', () => {
  it('reads "<bytes> <inodes>" and nothing else', () => {
    expect(parseDiskUsage('4096 12\n')).toEqual({ bytes: 4096, inodes: 12 });
    expect(parseDiskUsage('du: cannot read')).toBeUndefined();
    expect(parseDiskUsage('')).toBeUndefined();
  });
});
