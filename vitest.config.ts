import { defineConfig } from 'vitest/config';

// Two projects, told apart by file name: `unit` runs pure tests (no database, no server, no setup) in
// seconds (npm run test:unit); `db` runs every test that opens a database or starts the app
// (`src/**/*.db.test.ts` and test/integration), after global-setup.ts has built the seeded template
// database. `fuzz` (test/fuzz) sends generated hostile requests to every API operation and page form
// (npm run test:fuzz; FUZZ_RUNS and FUZZ_SEED in test/fuzz/support/run.ts). `npm test` runs unit and db;
// .ci/run runs the fuzz project as a lane of its own on both databases (npm test stays under 3 minutes).
// Browser journeys run separately (npm run test:e2e).
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
          exclude: ['src/**/*.db.test.ts', 'src/**/*.db.test.tsx', 'node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'db',
          include: ['src/**/*.db.test.ts', 'src/**/*.db.test.tsx', 'test/integration/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'fuzz',
          include: ['test/fuzz/**/*.test.ts'],
          globalSetup: ['test/fuzz/global-setup.ts'],
        },
      },
    ],
  },
});
