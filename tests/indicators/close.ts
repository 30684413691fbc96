/** The one numeric comparison of the index tests: hand-computed values agree to 12 decimal places. */
import { expect } from 'vitest';

/** Assert that two lists of numbers agree element by element to 12 decimal places. */
export function expectAllClose(actual: readonly number[], expected: readonly number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, position) => expect(value, `element ${position}`).toBeCloseTo(expected[position]!, 12));
}
