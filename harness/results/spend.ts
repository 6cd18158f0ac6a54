// The run's spend: every billed model request is appended to runs/<id>/spend.jsonl the moment
// it returns (preflight requests and those of trials that later fail or are stopped included),
// so the run total is known even after a crash, and --resume starts from it. The same ledger
// is the hard budget (--max-cost): a request is refused once the budget is spent, and the
// first request that reaches it stops every running trial (onExhausted).
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { StoppedError } from '../core/errors.js';
import { type ModelClient, type ModelRequest, type Usage, ZERO_USAGE, addUsage } from '../core/messages.js';
import { readResults } from './store.js';

export const SPEND_JSONL = 'spend.jsonl';

export interface SpendLine {
  /** ISO time the request returned. */
  t: string;
  /** preflight: the run's check of a configuration; trial: a trial's request; carried: the spend
   * a run recorded before it kept this ledger (its results' costs, added when it was resumed). */
  kind: 'trial' | 'preflight' | 'carried';
  agent?: string;
  model?: string;
  task?: string;
  epoch?: number;
  attempt?: number;
  usage: Usage;
  /** USD; null when the model's price is unknown. */
  cost: number | null;
}

export interface SpendTotals {
  cost: number;
  /** Requests whose price is unknown (their cost is not in `cost`). */
  unknownCost: number;
  usage: Usage;
  requests: number;
}

/** Sums a run's spend.jsonl (zero when there is none); a torn last line is ignored. */
export async function readSpend(runDir: string): Promise<SpendTotals | null> {
  let text: string;
  try {
    text = await fs.readFile(path.join(runDir, SPEND_JSONL), 'utf8');
  } catch {
    return null;
  }
  const totals: SpendTotals = { cost: 0, unknownCost: 0, usage: { ...ZERO_USAGE }, requests: 0 };
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let s: SpendLine;
    try {
      s = JSON.parse(line) as SpendLine;
    } catch {
      continue; // torn by a crash mid-write: at most one request's worth
    }
    add(totals, s);
  }
  return totals;
}

function add(totals: SpendTotals, s: SpendLine): void {
  if (s.cost === null) totals.unknownCost++;
  else totals.cost += s.cost;
  totals.usage = addUsage(totals.usage, s.usage);
  if (s.kind !== 'carried') totals.requests++;
}

/** What a run's results recorded (null when it has none). */
async function resultsSpend(runDir: string): Promise<{ usage: Usage; cost: number } | null> {
  let usage: Usage = { ...ZERO_USAGE };
  let cost = 0;
  let any = false;
  try {
    for await (const r of readResults(runDir, { onWarning: () => undefined })) {
      any = true;
      usage = addUsage(usage, r.usage);
      cost += r.cost ?? 0;
    }
  } catch {
    return null; // no results yet
  }
  return any ? { usage, cost } : null;
}

export interface LedgerOptions {
  /** USD; undefined = no budget. */
  maxCost?: number;
  /** Called once, when a recorded request brings the spend to maxCost. */
  onExhausted?: (spent: number) => void;
}

export class SpendLedger {
  readonly totals: SpendTotals = { cost: 0, unknownCost: 0, usage: { ...ZERO_USAGE }, requests: 0 };
  private exhausted = false;
  private tail: Promise<void> = Promise.resolve();

  private constructor(
    private readonly fh: fs.FileHandle,
    private readonly opts: LedgerOptions,
  ) {}

  /** Opens (or creates) a run's ledger; a resumed run's earlier spend counts from the start. */
  static async open(runDir: string, opts: LedgerOptions = {}): Promise<SpendLedger> {
    const earlier = await readSpend(runDir);
    const fh = await fs.open(path.join(runDir, SPEND_JSONL), 'a');
    const ledger = new SpendLedger(fh, opts);
    if (earlier) for (const k of Object.keys(earlier) as (keyof SpendTotals)[]) Object.assign(ledger.totals, { [k]: earlier[k] });
    else await ledger.carryResults(runDir);
    ledger.checkBudget();
    return ledger;
  }

  /** A run from before the ledger: what its results recorded is its spend so far. */
  private async carryResults(runDir: string): Promise<void> {
    const carried = await resultsSpend(runDir);
    if (carried) await this.record({ kind: 'carried', ...carried });
  }

  /** USD a run directory has spent so far (its ledger, else its results), without opening it. */
  static async spentSoFar(runDir: string): Promise<number> {
    return (await readSpend(runDir))?.cost ?? (await resultsSpend(runDir))?.cost ?? 0;
  }

  /** True once the budget is spent: no request may be sent. */
  get spent(): boolean {
    return this.exhausted;
  }

  /** Throws StoppedError('max_cost') when the budget is spent. */
  check(): void {
    if (this.exhausted) throw new StoppedError('max_cost', `the run's budget of $${this.opts.maxCost} is spent`);
  }

  /** Appends one billed request (durably) and applies the budget. */
  record(line: Omit<SpendLine, 't'>): Promise<void> {
    const full: SpendLine = { t: new Date().toISOString(), ...line };
    add(this.totals, full);
    this.checkBudget();
    const data = JSON.stringify(full) + '\n';
    const write = this.tail.then(async () => {
      await this.fh.write(data);
      await this.fh.datasync();
    });
    this.tail = write.catch(() => undefined);
    return write;
  }

  private checkBudget(): void {
    const { maxCost, onExhausted } = this.opts;
    if (this.exhausted || maxCost === undefined || this.totals.cost < maxCost) return;
    this.exhausted = true;
    onExhausted?.(this.totals.cost);
  }

  /** A client whose every request is checked against the budget before it is sent, and
   * recorded as soon as it returns. */
  meter(model: ModelClient, costOf: (usage: Usage) => number | null, who: Omit<SpendLine, 't' | 'kind' | 'usage' | 'cost'>): ModelClient {
    return {
      id: model.id,
      ...(model.nativeEditor ? { nativeEditor: model.nativeEditor } : {}),
      complete: async (req: ModelRequest) => {
        this.check();
        const reply = await model.complete(req);
        await this.record({ kind: 'trial', ...who, usage: reply.usage, cost: costOf(reply.usage) });
        return reply;
      },
    };
  }

  async close(): Promise<void> {
    await this.tail;
    await this.fh.close();
  }
}
