/**
 * The order vitest starts the test files in (vitest.config.ts, sequence.sequencer). With two
 * workers the suite ends when the slower worker does, so the longest files must start first: a
 * 45-second file started last keeps one core busy alone while the other has nothing left to run.
 * vitest already orders by the durations it cached from the last run (node_modules/.vite), longest
 * first; without that cache (a fresh checkout, CI) it orders by file size, which puts the
 * LibreOffice print check, a short file, in the middle. Then the files named below go first, in
 * this order (each over about 10 s of one core when measured, docs/benchmarks.md "Keeping `npm
 * test` quick"), and the rest follow by size.
 */
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** The slowest files, slowest first, relative to the repository. */
export const SLOWEST_TEST_FILES: readonly string[] = [
  'tests/report/print.test.ts',
  'tests/cli/interrupts.test.ts',
  'tests/plan/plan-model.test.ts',
  'tests/dataset/hostile-input.test.ts',
  'tests/analysis/print-analysis-workbooks.test.ts',
];

export default class SlowestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const ordered = await super.sort(files);
    const relativeName = (file: TestSpecification): string => path.relative(this.ctx.config.root, file.moduleId).split(path.sep).join('/');
    const cached = (file: TestSpecification): boolean => this.ctx.cache.getFileTestResults(`${file.project.name}:${relativeName(file)}`) !== undefined;
    if (ordered.every(cached)) return ordered;
    const rank = (file: TestSpecification): number => {
      const index = SLOWEST_TEST_FILES.indexOf(relativeName(file));
      return index === -1 ? SLOWEST_TEST_FILES.length : index;
    };
    // Array sort is stable: the other files keep the order vitest gave them.
    return [...ordered].sort((first, second) => rank(first) - rank(second));
  }
}
