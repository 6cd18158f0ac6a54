// Test tiers (vitest projects):
//   unit         test/unit — no Docker, no run of the CLI; seconds (`npm run test:unit`)
//   integration  test/integration (real Docker / bubblewrap), test/e2e (the CLI, the HTML report),
//                test/hostile (scripted attacks through the CLI)
// `npm test` runs both. Timeouts are only a guard against a hang: every long test ends by its own
// outcome (a result, an exit, a settled promise), never by racing a clock a loaded machine can exceed.
// With CI=true a missing prerequisite (Docker, bubblewrap, Chromium…) fails its tests (test/helpers/docker.ts).
import { defineConfig } from 'vitest/config';
import { NoSkipsInCI } from './test/helpers/no-skips-in-ci.js';

export default defineConfig({
  test: {
    // In CI a skipped test fails the run (test/helpers/no-skips-in-ci.ts).
    reporters: ['default', new NoSkipsInCI()],
    // Docker-heavy files would fight over 2 cores; `npm run test:unit` lifts this.
    maxWorkers: 2,
    projects: [
      {
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 300_000, hookTimeout: 300_000 },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts', 'test/hostile/**/*.test.ts'],
          testTimeout: 1_800_000,
          hookTimeout: 1_800_000,
        },
      },
    ],
  },
});
