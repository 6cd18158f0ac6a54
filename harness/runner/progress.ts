// Progress while a run goes: a redrawn block on a TTY, one plain line per trial otherwise
// (CI logs), each with its cost and the run's; a final line with the run's total cost, tokens
// and wall time. Every message is redacted, and a warning repeated word for word is printed once.
import type { Usage } from '../core/messages.js';
import type { TrialRecord } from '../core/results.js';
import { redactText } from '../core/secrets.js';
import { fmtUsd } from '../core/usd.js';

/** What the run has spent so far (the spend ledger: failed and stopped attempts included). */
export type SpendSource = () => { cost: number; unknownCost: number; usage: Usage };

export class Progress {
  private done = 0;
  private errors = { agent_error: 0, infra_error: 0, grader_error: 0 };
  private cost = 0;
  private readonly perSkill = new Map<string, { sum: number; n: number }>();
  private readonly started = Date.now();
  private drawnLines = 0;
  private readonly ticker?: NodeJS.Timeout;
  private readonly said = new Set<string>();
  /** Where the run's spend comes from; without one, the sum of finished trials. */
  spend?: SpendSource;

  constructor(
    private readonly total: number,
    private readonly out: NodeJS.WriteStream = process.stderr,
    private readonly tty = Boolean(out.isTTY),
  ) {
    // Long trials finish rarely: keep elapsed/ETA moving between them.
    if (tty) this.ticker = setInterval(() => this.redraw(), 1000).unref();
  }

  trialFinished(r: TrialRecord): void {
    this.done++;
    if (r.outcome !== 'scored') this.errors[r.outcome]++;
    if (r.cost) this.cost += r.cost;
    if (r.outcome === 'scored' || r.outcome === 'agent_error') {
      const s = this.perSkill.get(r.skill) ?? { sum: 0, n: 0 };
      s.sum += r.score ?? 0;
      s.n++;
      this.perSkill.set(r.skill, s);
    }
    if (this.tty) this.redraw();
    else {
      const verdict = r.outcome === 'scored' ? `score=${r.score}` : `${r.outcome}${r.error ? ` (${r.error.kind})` : ''}`;
      const cost = r.cost === null ? 'cost unknown' : fmtUsd(r.cost);
      this.out.write(
        redactText(
          `[${this.done}/${this.total}] ${r.skill} ${r.taskId} ${r.agent} e${r.epoch}: ${verdict} ${(r.wallMs / 1000).toFixed(1)}s ${cost} (run ${this.costText()})\n`,
        ),
      );
    }
  }

  /** A message that must not be overwritten by the next redraw. */
  log(message: string): void {
    if (this.tty) this.clear();
    this.out.write(redactText(message) + '\n');
    if (this.tty && this.done > 0) this.redraw();
  }

  /** A warning, printed the first time only (a run repeats the same one for every trial). */
  warn(message: string): void {
    if (this.said.has(message)) return;
    this.said.add(message);
    this.log(message);
  }

  /** Ends the display with the run's total: cost, tokens, wall time. */
  finish(): void {
    clearInterval(this.ticker);
    if (this.tty) {
      this.redraw();
      this.out.write('\n');
    }
    const u = this.spend?.().usage;
    const tokens = u
      ? `, tokens ${u.inputTokens} in, ${u.outputTokens} out, ${u.cacheReadTokens} cache read, ${u.cacheWriteTokens} cache write`
      : '';
    this.out.write(
      `total: ${this.done}/${this.total} trials, cost ${this.costText()}${tokens}, wall ${fmt((Date.now() - this.started) / 1000)}\n`,
    );
  }

  private costText(): string {
    const s = this.spend?.();
    if (!s) return fmtUsd(this.cost);
    return s.unknownCost ? `≥ ${fmtUsd(s.cost)} (${s.unknownCost} requests at an unknown price)` : fmtUsd(s.cost);
  }

  private redraw(): void {
    this.clear();
    const elapsed = (Date.now() - this.started) / 1000;
    const eta = this.done > 0 ? (elapsed / this.done) * (this.total - this.done) : NaN;
    const skills = [...this.perSkill].map(([k, v]) => `${k} ${(v.sum / v.n).toFixed(2)}`).join('  ');
    const lines = [
      `trials ${this.done}/${this.total}  errors: agent ${this.errors.agent_error}, infra ${this.errors.infra_error}, grader ${this.errors.grader_error}  cost ${this.costText()}  elapsed ${fmt(elapsed)}  eta ${fmt(eta)}`,
      `scores  ${skills}`,
    ];
    this.out.write(lines.join('\n'));
    this.drawnLines = lines.length;
  }

  private clear(): void {
    if (this.drawnLines === 0) return;
    const up = this.drawnLines > 1 ? `\x1b[${this.drawnLines - 1}A` : '';
    this.out.write(`\r${up}\x1b[J`);
    this.drawnLines = 0;
  }
}

function fmt(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--';
  const m = Math.floor(seconds / 60);
  return m > 0 ? `${m}m${Math.round(seconds % 60)}s` : `${Math.round(seconds)}s`;
}
