/**
 * The order the test files start in (tests/sequencer.ts): the slowest files first when vitest has no
 * durations cached, as on a fresh checkout, and vitest's own order (longest cached first) when it has.
 */
import path from 'node:path';
import type { TestSpecification, Vitest } from 'vitest/node';
import { describe, expect, it } from 'vitest';
import SlowestFirstSequencer, { SLOWEST_TEST_FILES } from './sequencer.js';

const ROOT = '/repository';

/** A vitest context holding `durations` (milliseconds by file) as its cached results and `sizes` (bytes) as file stats. */
function context(durations: Record<string, number>, sizes: Record<string, number>): Vitest {
  const file = (key: string): string => key.slice(key.indexOf(':') + 1);
  return {
    config: { root: ROOT, shard: undefined },
    cache: {
      getFileTestResults: (key: string) => (file(key) in durations ? { duration: durations[file(key)], failed: false } : undefined),
      getFileStats: (key: string) => (file(key) in sizes ? { size: sizes[file(key)] } : undefined),
    },
  } as unknown as Vitest;
}

const specification = (file: string): TestSpecification => ({ project: { name: '' }, moduleId: path.join(ROOT, file) }) as unknown as TestSpecification;
const names = (files: TestSpecification[]): string[] => files.map((file) => path.relative(ROOT, file.moduleId));

describe('the test file order', () => {
  const small = 'tests/tolerance.test.ts';
  const large = 'tests/returns/collect.test.ts';
  const [slowest, second] = SLOWEST_TEST_FILES;
  const files = [small, second, large, slowest];

  it('without cached durations starts the slowest files first, in their order, then the rest by size', async () => {
    const sizes = { [small]: 1_000, [large]: 20_000, [slowest]: 8_000, [second]: 6_000 };
    const ordered = await new SlowestFirstSequencer(context({}, sizes)).sort(files.map(specification));
    expect(names(ordered)).toEqual([slowest, second, large, small]);
  });

  it('with every duration cached keeps vitest\'s order, longest first', async () => {
    const durations = { [small]: 30_000, [large]: 2_000, [slowest]: 1_000, [second]: 500 };
    const ordered = await new SlowestFirstSequencer(context(durations, {})).sort(files.map(specification));
    expect(names(ordered)).toEqual([small, large, slowest, second]);
  });
});
