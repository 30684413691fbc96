import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // dist/ is built once here (only when stale) rather than by each command-line test file.
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Test files share their worker's loaded modules (exceljs, zod schemas, the HiGHS runtime)
    // instead of loading them again for each of ~75 files: that halves the suite's time on two
    // cores. Tests therefore leave no global state behind (spies are restored after every test,
    // below); to rule out a leak while debugging, run `npx vitest run --isolate`.
    isolate: false,
    restoreMocks: true,
  },
});
