import { defineConfig } from 'vitest/config';

/**
 * Tests that disturb shared services (restarting PostgreSQL, for one) run after the main suite,
 * one file at a time, so no other test sees the disturbance.
 */
export default defineConfig({
  test: {
    include: ['test/serial/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
