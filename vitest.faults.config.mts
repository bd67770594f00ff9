import { defineConfig } from 'vitest/config';

/**
 * `npm run test:faults`: the fault suite (test/faults). It starts its own Temporal dev server,
 * simulator, workers and API as separate processes, so no global setup; one file at a time.
 */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    testTimeout: 900_000,
    hookTimeout: 600_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 1, minForks: 1 } },
    fileParallelism: false,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-artifacts/vitest-faults-report.json' },
  },
});
