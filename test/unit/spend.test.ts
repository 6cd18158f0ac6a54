// The run's spend ledger: every billed request appended as it returns, totals read back by
// --resume (older runs carried over from their results), and the hard budget.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoppedError } from '../../harness/core/errors.js';
import type { ModelClient } from '../../harness/core/messages.js';
import { SPEND_JSONL, SpendLedger, readSpend } from '../../harness/results/spend.js';
import { createRunDir, ResultsWriter } from '../../harness/results/store.js';
import { syntheticRecords } from '../../harness/testing/synthetic.js';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'as-spend-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const usage = { inputTokens: 1_000_000, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
const price = (u: typeof usage) => u.inputTokens * 0.5e-6; // $0.50 a request of `usage`
const model: ModelClient = {
  id: 'm',
  nativeEditor: 'text_editor_20250728',
  complete: async () => ({ text: '', toolCalls: [], usage, stopReason: 'end_turn' }),
};
const req = { system: 's', messages: [], tools: [] };

describe('SpendLedger', () => {
  it('records every request and reads the totals back for a resumed run', async () => {
    const ledger = await SpendLedger.open(dir);
    const metered = ledger.meter(model, price, { agent: 'a', model: 'm', task: 't', epoch: 1, attempt: 1 });
    expect(metered.nativeEditor).toBe('text_editor_20250728');
    await metered.complete(req);
    await metered.complete(req);
    await ledger.record({ kind: 'preflight', agent: 'a', usage, cost: null });
    await ledger.close();
    expect(await readSpend(dir)).toMatchObject({ cost: 1, unknownCost: 1, requests: 3, usage: { inputTokens: 3_000_000 } });
    const lines = (await fs.readFile(path.join(dir, SPEND_JSONL), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ kind: 'trial', agent: 'a', task: 't', epoch: 1, attempt: 1, cost: 0.5 });

    const again = await SpendLedger.open(dir);
    expect(again.totals.cost).toBe(1);
    await again.close();
  });

  it('refuses requests once the budget is spent, and says so once', async () => {
    const stops: number[] = [];
    const ledger = await SpendLedger.open(dir, { maxCost: 0.9, onExhausted: (s) => stops.push(s) });
    const metered = ledger.meter(model, price, { agent: 'a' });
    await metered.complete(req);
    await metered.complete(req); // reaches $1.00 ≥ $0.90
    await expect(metered.complete(req)).rejects.toBeInstanceOf(StoppedError);
    expect(stops).toEqual([1]);
    await ledger.close();
    // The budget survives --resume: a reopened ledger is already spent.
    const resumed = await SpendLedger.open(dir, { maxCost: 0.9, onExhausted: (s) => stops.push(s) });
    expect(resumed.spent).toBe(true);
    expect(() => resumed.check()).toThrow(/budget of \$0.9 is spent/);
    await resumed.close();
  });

  it('carries over what a run from before the ledger recorded in its results', async () => {
    const run = await createRunDir(dir, {
      harnessVersion: 'x',
      dataset: { path: 'd', hash: 'h' },
      agents: [{ name: 'a', hash: 'h', config: {} }],
      epochs: 1,
      options: {},
    });
    const writer = await ResultsWriter.open(run.dir);
    const records = [...syntheticRecords({ n: 3, seed: 2, agents: [{ name: 'a', skill: 0.5 }], epochs: 1 })];
    for (const r of records) await writer.append({ ...r, cost: 0.25 });
    await writer.close();
    const ledger = await SpendLedger.open(run.dir);
    expect(ledger.totals.cost).toBeCloseTo(0.25 * records.length, 10);
    await ledger.close();
    expect((await readSpend(run.dir))?.requests).toBe(0); // carried, not requests of this ledger
  });
});
