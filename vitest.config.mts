import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Those run against a real Temporal cluster: `npm run test:cluster` (vitest.cluster.config.mts);
    // the fault suite runs whole stacks of processes for minutes: `npm run test:faults`.
    exclude: [...configDefaults.exclude, 'test/cluster/**', 'test/faults/**'],
    // One Temporal dev server for the whole run, started before any test file.
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Test files share one dev server and one machine with 2 cores; a small pool keeps them fair.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    reporters: ['default', 'json'],
    outputFile: { json: 'test-artifacts/vitest-report.json' },
  },
});
