// The CI reporter that fails a run in which a test still reports as skipped.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TestModule, Vitest } from 'vitest/node';
import { NoSkipsInCI } from '../helpers/no-skips-in-ci.js';

/** A finished test file whose skipped tests are `skipped`. */
const moduleWith = (skipped: string[]) =>
  ({
    moduleId: '/repo/test/x.test.ts',
    children: {
      *allTests(state?: string) {
        if (state === 'skipped') for (const fullName of skipped) yield { fullName };
      },
    },
  }) as unknown as TestModule;

function runEnd(opts: { ci: string | undefined; pattern?: RegExp; skipped: string[] }): {
  exitCode: typeof process.exitCode;
  said: string;
} {
  vi.stubEnv('CI', opts.ci);
  const saved = process.exitCode;
  let said = '';
  const write = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((said += String(s)), true));
  try {
    const reporter = new NoSkipsInCI();
    reporter.onInit({ config: { testNamePattern: opts.pattern } } as unknown as Vitest);
    reporter.onTestRunEnd([moduleWith(opts.skipped)]);
    return { exitCode: process.exitCode, said };
  } finally {
    write.mockRestore();
    process.exitCode = saved;
  }
}

describe('NoSkipsInCI', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('fails a CI run with a skipped test, naming it', () => {
    const r = runEnd({ ci: 'true', skipped: ['docker > runs'] });
    expect(r.exitCode).toBe(1);
    expect(r.said).toContain('/repo/test/x.test.ts: docker > runs');
  });

  it('leaves alone a CI run without skips, a run outside CI, and a run picked by test name', () => {
    expect(runEnd({ ci: 'true', skipped: [] }).said).toBe('');
    expect(runEnd({ ci: undefined, skipped: ['a'] }).said).toBe('');
    expect(runEnd({ ci: 'true', pattern: /x/, skipped: ['a'] }).said).toBe('');
  });
});
