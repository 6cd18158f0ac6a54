// What a run prints on a non-TTY (CI logs): each trial's cost and the run's, a final line with
// the total cost, tokens and wall time; warnings once; keys never.
import { describe, expect, it } from 'vitest';
import { Progress } from '../../harness/runner/progress.js';
import { registerSecret } from '../../harness/core/secrets.js';
import { syntheticRecords } from '../../harness/testing/synthetic.js';

function capture() {
  const chunks: string[] = [];
  const out = { write: (s: string) => (chunks.push(s), true), isTTY: false } as unknown as NodeJS.WriteStream;
  return { out, text: () => chunks.join('') };
}

describe('Progress on a non-TTY', () => {
  it('prints cost per trial and a final total line', () => {
    const { out, text } = capture();
    const p = new Progress(2, out, false);
    const usage = { inputTokens: 1234, outputTokens: 56, cacheReadTokens: 7, cacheWriteTokens: 8 };
    p.spend = () => ({ cost: 0.0123, unknownCost: 0, usage });
    const [a, b] = [...syntheticRecords({ n: 2, seed: 1, agents: [{ name: 'x', skill: 0.5 }], epochs: 1 })];
    p.trialFinished({ ...a, cost: 0.0047 });
    p.trialFinished({ ...b, cost: null });
    p.finish();
    const lines = text().trim().split('\n');
    expect(lines[0]).toMatch(/^\[1\/2\] .* \$0\.0047 \(run \$0\.0123\)$/);
    expect(lines[1]).toMatch(/cost unknown \(run \$0\.0123\)$/);
    expect(lines[2]).toMatch(/^total: 2\/2 trials, cost \$0\.0123, tokens 1234 in, 56 out, 7 cache read, 8 cache write, wall \d+s$/);
  });

  it('says a repeated warning once, and never a key', () => {
    const { out, text } = capture();
    const p = new Progress(1, out, false);
    registerSecret('sk-progress-secret-123456');
    for (let i = 0; i < 5; i++) p.warn('no price known for model "openai/x"');
    p.log('provider said: sk-progress-secret-123456');
    expect(text().match(/no price known/g)).toHaveLength(1);
    expect(text()).not.toContain('sk-progress-secret');
    expect(text()).toContain('[REDACTED]');
  });
});
