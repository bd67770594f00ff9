import { defineConfig } from 'vitest/config';

/**
 * `npm run test:cluster`: OrderOps on the real Temporal cluster (`npm run cluster`: PostgreSQL,
 * four server processes, two workers of each kind). One cluster for the run, started by the
 * global setup. Files run one at a time: some kill cluster processes on purpose.
 */
export default defineConfig({
  test: {
    include: ['test/cluster/**/*.test.ts'],
    globalSetup: ['test/cluster/support/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-artifacts/vitest-cluster-report.json' },
  },
});
