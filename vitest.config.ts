// Tests: unit (fast), integration (real Docker / bubblewrap), e2e (the built CLI).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 900_000,
    // Docker-heavy files would fight over 2 cores; keep file parallelism modest.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
