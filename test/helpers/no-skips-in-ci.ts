// In CI (CI=true) no test may skip: every prerequisite is installed by .ci/setup, so a skip there is
// a test that silently stopped running. This reporter lists any skipped test at the end of the run
// and fails it. Not applied when tests are picked by name (-t), which skips the rest on purpose.
import type { Reporter, TestModule, Vitest } from 'vitest/node';

export class NoSkipsInCI implements Reporter {
  private byName = false;

  onInit(vitest: Vitest): void {
    this.byName = Boolean(vitest.config.testNamePattern);
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    if (process.env.CI !== 'true' || this.byName) return;
    const skipped = modules.flatMap((m) => [...m.children.allTests('skipped')].map((t) => `  ${m.moduleId}: ${t.fullName}`));
    if (skipped.length === 0) return;
    process.stderr.write(
      `\nCI=true: ${skipped.length} test(s) skipped; in CI every test must run (or not be registered):\n${skipped.join('\n')}\n`,
    );
    process.exitCode = 1;
  }
}
