import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // test/serial/ disturbs shared services; `npm test` runs it afterwards (vitest.serial.config.ts).
    exclude: [...configDefaults.exclude, 'test/serial/**'],
    // End-to-end files on PostgreSQL run whole worker passes; on a loaded 2-core machine one can
    // take over a minute, which is slow, not wrong.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Most end-to-end files wait on SQLite files, PostgreSQL and loopback servers rather than on a
    // core, so one more worker than cores keeps the machine busy (vitest's default is one fewer).
    maxWorkers: availableParallelism() + 1,
  },
});
