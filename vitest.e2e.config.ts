import { defineConfig } from 'vitest/config';

// Browser journeys (npm run test:e2e): the real app on the same seeded template database as the unit
// tests, driven through Debian's Chromium. One file at a time: each starts a server and a browser.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: 'forks',
    globalSetup: ['test/support/global-setup.ts'],
  },
});
