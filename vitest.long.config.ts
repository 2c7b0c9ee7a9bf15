import { defineConfig } from 'vitest/config'

/**
 * `npm run test:long`: the long reliability tests in test/long (crash, restore, overload, soak). They start
 * real server processes, so they run one file at a time. Counts come from the environment (CRASH_CYCLES,
 * SOAK_SECONDS, …); the defaults keep CI within a few minutes. `npm test` leaves test/long out.
 */
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'hono/jsx' } },
  test: {
    include: ['test/long/**/*.test.ts'],
    testTimeout: 900_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
    reporters: ['default', './test/summary-reporter.ts'],
  },
})
