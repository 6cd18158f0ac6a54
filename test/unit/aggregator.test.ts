// The aggregator fed record by record, without a run folder: which lines count (first counted line
// of an item wins, infra errors until a result supersedes them), spend over every line, and the
// cluster a task gets from the first provenance seen for it.
import { describe, expect, it } from 'vitest';
import type { TrialRecord } from '../../harness/core/results.js';
import { Aggregator } from '../../reports/aggregate.js';

function rec(taskId: string, epoch: number, outcome: TrialRecord['outcome'], over: Partial<TrialRecord> = {}): TrialRecord {
  return {
    v: 1,
    key: { taskHash: `hash-${taskId}`, agentHash: 'h', epoch },
    taskId,
    skill: 'editing',
    language: 'python',
    epoch,
    agent: 'A',
    model: 'mock/a',
    outcome,
    score: outcome === 'scored' ? 1 : outcome === 'agent_error' ? 0 : null,
    pass: outcome === 'scored' ? true : outcome === 'agent_error' ? false : null,
    metrics: {},
    details: {},
    error: outcome === 'scored' ? null : { kind: outcome === 'infra_error' ? 'docker' : 'max_turns', message: 'x' },
    answer: '',
    diff: '',
    usage: { inputTokens: 10, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 },
    cost: 0.25,
    turns: 1,
    attempts: 1,
    startedAt: '2026-01-01T00:00:00.000Z',
    wallMs: 100,
    phases: {},
    trajectory: null,
    ...over,
  };
}

function aggregate(records: TrialRecord[], cluster: 'task' | 'instance' = 'task') {
  const agg = new Aggregator({ B: 50, cluster });
  records.forEach((r, i) => agg.add(r, i + 1));
  return { agg, summary: agg.finish() };
}

describe('Aggregator', () => {
  it('counts the first counted line of an item; infra lines are superseded by a later result or by the last infra line', () => {
    const { agg, summary } = aggregate([
      rec('t1', 0, 'infra_error'), // 1: superseded by line 2
      rec('t1', 0, 'scored'), // 2
      rec('t1', 0, 'agent_error'), // 3: duplicate
      rec('t2', 0, 'infra_error'), // 4: superseded by line 5 (the item's last word)
      rec('t2', 0, 'infra_error', { error: { kind: 'model_api', message: 'x' } }), // 5
      rec('t3', 0, 'scored'), // 6
      rec('t3', 0, 'infra_error'), // 7: after a result, superseded
    ]);
    expect([...agg.supersededLines()].sort()).toEqual([1, 3, 4, 7]);
    const [g] = summary.groups;
    // infraRetried: infra lines that are not an item’s last word (lines 1, 4 and 7).
    expect(g).toMatchObject({ lines: 7, trials: 3, scored: 2, agentErrors: 0, infraErrors: 1, infraRetried: 3, duplicates: 1 });
    expect(g.errors.infra).toEqual({ model_api: 1 });
    expect(g.mean.mean).toBe(1);
    expect(g.cost).toEqual({ total: 1.75, known: 1.75, unknownTrials: 0 }); // every line spends
    expect(g.wall.totalMs).toBe(700);
    expect(summary.totals).toEqual({ lines: 7, trials: 3, tornLines: 0 });
  });

  it('takes a task’s provenance from a later line when its first had none', () => {
    const prov = { source: 'swebench', instance: 'i-1' };
    const { summary } = aggregate(
      [rec('a', 0, 'scored'), rec('a', 1, 'scored', { provenance: prov }), rec('b', 0, 'scored', { provenance: prov })],
      'instance',
    );
    expect(summary.groups[0].clusters).toBe(1); // a and b share instance i-1
    expect(summary.cluster.label).not.toMatch(/without/);
  });

  it('keeps agents and skills apart and orders groups by agent, then registry order', () => {
    const { summary } = aggregate([
      rec('r', 0, 'scored', { skill: 'review', agent: 'B' }),
      rec('e', 0, 'scored', { agent: 'B' }),
      rec('l', 0, 'agent_error', { skill: 'localization', agent: 'A' }),
    ]);
    expect(summary.groups.map((g) => `${g.agent}/${g.skill}`)).toEqual(['A/localization', 'B/editing', 'B/review']);
    expect(summary.groups[0]).toMatchObject({ agentErrors: 1, counted: 1, errors: { agent: { max_turns: 1 } } });
  });
});
