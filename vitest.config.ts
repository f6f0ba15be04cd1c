import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Workspace packages point their `development` export condition at src/, so tests run without a build.
    conditions: ['development'],
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'test/**/*.test.ts', 'fixtures/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
