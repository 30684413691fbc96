import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import SlowestFirstSequencer from './tests/sequencer.js';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // dist/ is built once here (only when stale) rather than by each command-line test file.
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One worker per core. vitest's default for `vitest run` is one fewer than the cores, which on
    // the two-core machines the suite is sized for (docs/benchmarks.md) is a single worker: every
    // file ran after the other while the second core idled. The main vitest process mostly waits
    // on the workers (after its first transforms), so it needs no core of its own.
    maxWorkers: Math.max(2, availableParallelism()),
    // Test files share their worker's loaded modules (exceljs, zod schemas, the HiGHS runtime)
    // instead of loading them again for each of ~75 files: that halves the suite's time on two
    // cores. Tests therefore leave no global state behind (spies are restored after every test,
    // below); to rule out a leak while debugging, run `npx vitest run --isolate`.
    isolate: false,
    restoreMocks: true,
    // With two workers the run ends when the later one does: the longest files start first.
    sequence: { sequencer: SlowestFirstSequencer },
  },
});
