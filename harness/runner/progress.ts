// Progress while a run goes: a redrawn block on a TTY, one plain line per trial otherwise.
import type { TrialRecord } from '../core/results.js';

export class Progress {
  private done = 0;
  private errors = { agent_error: 0, infra_error: 0, grader_error: 0 };
  private cost = 0;
  private readonly perSkill = new Map<string, { sum: number; n: number }>();
  private readonly started = Date.now();
  private drawnLines = 0;
  private readonly ticker?: NodeJS.Timeout;

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
      this.out.write(
        `[${this.done}/${this.total}] ${r.skill} ${r.taskId} ${r.agent} e${r.epoch}: ${verdict} ${(r.wallMs / 1000).toFixed(1)}s\n`,
      );
    }
  }

  /** A message that must not be overwritten by the next redraw. */
  log(message: string): void {
    if (this.tty) this.clear();
    this.out.write(message + '\n');
    if (this.tty && this.done > 0) this.redraw();
  }

  finish(): void {
    clearInterval(this.ticker);
    if (this.tty) {
      this.redraw();
      this.out.write('\n');
    }
  }

  private redraw(): void {
    this.clear();
    const elapsed = (Date.now() - this.started) / 1000;
    const eta = this.done > 0 ? (elapsed / this.done) * (this.total - this.done) : NaN;
    const skills = [...this.perSkill].map(([k, v]) => `${k} ${(v.sum / v.n).toFixed(2)}`).join('  ');
    const lines = [
      `trials ${this.done}/${this.total}  errors: agent ${this.errors.agent_error}, infra ${this.errors.infra_error}, grader ${this.errors.grader_error}  cost $${this.cost.toFixed(4)}  elapsed ${fmt(elapsed)}  eta ${fmt(eta)}`,
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
