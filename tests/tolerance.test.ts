/** The tests' one numeric comparison can fail: each allowance rejects what lies outside it. */
import { describe, expect, it } from 'vitest';
import { RAND_TOLERANCE, RELATIVE_TOLERANCE } from '../src/dataset/tolerance.js';
import { ARITHMETIC, expectAllClose, expectClose, isAtLeast, isAtMost, isClose, RAND, SOLVER } from './tolerance.js';

describe('the test tolerances', () => {
  it('SOLVER and RAND are the plan checker\'s own tolerances', () => {
    expect(SOLVER.relative).toBe(RELATIVE_TOLERANCE);
    expect(RAND).toEqual({ relative: 0, absolute: RAND_TOLERANCE });
  });

  it('accept differences inside the allowance and reject those outside it', () => {
    expect(isClose(1_000_000 + 0.9, 1_000_000, SOLVER)).toBe(true);
    expect(isClose(1_000_000 + 1.1, 1_000_000, SOLVER)).toBe(false);
    expect(isClose(5e-10, 0, SOLVER)).toBe(true);
    expect(isClose(2e-9, 0, SOLVER)).toBe(false);
    expect(isClose(0.1 + 0.2, 0.3, ARITHMETIC)).toBe(true);
    expect(isClose(1 + 1e-11, 1, ARITHMETIC)).toBe(false);
    expect(isClose(60_000_000.9, 60_000_000, RAND)).toBe(true);
    expect(isClose(60_000_001.1, 60_000_000, RAND)).toBe(false);
    expect(isClose(Number.NaN, Number.NaN)).toBe(false);
  });

  it('compare one-sided within the same allowance', () => {
    expect(isAtLeast(1 - 1e-7, 1)).toBe(true);
    expect(isAtLeast(1 - 1e-5, 1)).toBe(false);
    expect(isAtMost(1 + 1e-7, 1)).toBe(true);
    expect(isAtMost(1 + 1e-5, 1)).toBe(false);
  });

  it('fail the test for a number outside the allowance, a missing value or a non-number', () => {
    expect(() => expectClose(1.001, 1)).toThrow(/1\.001 is not within/);
    expect(() => expectClose(null, 1)).toThrow();
    expect(() => expectClose('1', 1)).toThrow();
    expect(() => expectAllClose([1, 2], [1, 2, 3])).toThrow();
    expect(() => expectAllClose([1, 2.1], [1, 2])).toThrow(/element 1/);
  });
});
