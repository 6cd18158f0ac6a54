// --max-tasks sampling: deterministic, takes every stratum in turn, keeps everything when few.
import { describe, expect, it } from 'vitest';
import type { TaskDraft } from '../../../harness/sources/synth/drafts.js';
import { sampleAcross, stratum } from '../../../harness/sources/synth/select.js';

function draft(id: string, tests: number, files: number): TaskDraft {
  return {
    skill: 'editing',
    id,
    instance: id,
    fields: {},
    files: new Map(),
    difficulty: { tests_failing: tests, files_touched: files },
    provenance: {},
    texts: [],
  };
}

describe('sampleAcross', () => {
  const drafts = [
    ...Array.from({ length: 20 }, (_, i) => draft(`easy-${String(i).padStart(2, '0')}`, 1, 1)),
    draft('hard-a', 12, 2),
    draft('hard-b', 5, 3),
  ];

  it('keeps every task when there are no more than asked for, in id order', () => {
    expect(sampleAcross(drafts.slice(0, 3).reverse(), 5, 1).map((d) => d.id)).toEqual(['easy-00', 'easy-01', 'easy-02']);
  });

  it('spans the strata instead of taking the first tasks, the same way for the same seed', () => {
    const a = sampleAcross(drafts, 4, 7);
    expect(a).toHaveLength(4);
    expect(a.map((d) => d.id)).toContain('hard-a');
    expect(a.map((d) => d.id)).toContain('hard-b');
    expect(sampleAcross(drafts, 4, 7)).toEqual(a);
    const other = sampleAcross(drafts, 4, 8).map((d) => d.id);
    expect(new Set([...other, ...a.map((d) => d.id)]).size).toBeGreaterThan(4);
  });

  it('buckets counts into strata', () => {
    expect(stratum(draft('x', 2, 1))).toBe('files_touched=1,tests_failing=2-3');
    expect(stratum(draft('x', 40, 1))).toBe('files_touched=1,tests_failing=10+');
  });
});
