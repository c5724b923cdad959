import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Real Chromium, real SQLite and child processes: generous, but a hung test still ends.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // 2 cores in CI: two workers keep Chromium-heavy files from starving each other.
    maxWorkers: 2,
    globalSetup: ['./test/support/global-setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
