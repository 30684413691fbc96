/**
 * The one numeric comparison of the tests. A number is close to another when they differ by at
 * most the larger of an absolute and a relative allowance, and there are three named allowances,
 * never ad hoc digits:
 *
 * - SOLVER: what came back from an engine (objectives, duals, values, gaps, plan totals) is held
 *   to the tolerance of the independent checker (src/dataset/tolerance.ts, 1e-6 relative), so a test
 *   never asks more of a solver than the product itself relies on;
 * - ARITHMETIC: what the code computes without a solver (indices, projections, scaled envelopes,
 *   workbook formulas) against a hand computation in doubles: 1e-12 relative, a few thousand
 *   units in the last place, enough for rounding and far below any real mistake;
 * - RAND: money in rand from a solver, to within one rand, as the checker compares money.
 */
import { expect } from 'vitest';
import { RAND_TOLERANCE, RELATIVE_TOLERANCE } from '../src/dataset/tolerance.js';

/** How far apart two numbers may be: the larger of the two allowances applies. */
export interface Tolerance {
  /** Allowed difference as a share of the larger magnitude. */
  readonly relative: number;
  /** Allowed difference in the numbers' own unit, for values near 0. */
  readonly absolute: number;
}

/** Results that went through an engine, compared as the plan checker compares them. */
export const SOLVER: Tolerance = { relative: RELATIVE_TOLERANCE, absolute: 1e-9 };

/** Hand computations of solver-free arithmetic, in doubles. */
export const ARITHMETIC: Tolerance = { relative: 1e-12, absolute: 1e-12 };

/** Rand amounts from a solver: within one rand. */
export const RAND: Tolerance = { relative: 0, absolute: RAND_TOLERANCE };

/** The allowed difference between `left` and `right`. */
function allowance(left: number, right: number, tolerance: Tolerance): number {
  return Math.max(tolerance.absolute, tolerance.relative * Math.max(Math.abs(left), Math.abs(right)));
}

/** True when `actual` is within `tolerance` of `expected` (both finite). */
export function isClose(actual: number, expected: number, tolerance: Tolerance = SOLVER): boolean {
  return Number.isFinite(actual) && Number.isFinite(expected) && Math.abs(actual - expected) <= allowance(actual, expected, tolerance);
}

/** True when `value` is at least `limit`, or short of it by no more than the tolerance. */
export function isAtLeast(value: number, limit: number, tolerance: Tolerance = SOLVER): boolean {
  return value >= limit || isClose(value, limit, tolerance);
}

/** True when `value` is at most `limit`, or over it by no more than the tolerance. */
export function isAtMost(value: number, limit: number, tolerance: Tolerance = SOLVER): boolean {
  return value <= limit || isClose(value, limit, tolerance);
}

/** Assert `actual` is a number within `tolerance` of `expected`; anything else (null, a string, a cell error) fails. */
export function expectClose(actual: unknown, expected: number, tolerance: Tolerance = SOLVER, label?: string): void {
  expect(actual, label).toBeTypeOf('number');
  const value = actual as number;
  expect(isClose(value, expected, tolerance), `${label === undefined ? '' : `${label}: `}${value} is not within ${allowance(value, expected, tolerance)} of ${expected}`).toBe(true);
}

/** Assert `actual` is a number at least `limit` (within `tolerance`). */
export function expectAtLeast(actual: unknown, limit: number, tolerance: Tolerance = SOLVER, label?: string): void {
  expect(actual, label).toBeTypeOf('number');
  expect(isAtLeast(actual as number, limit, tolerance), `${label === undefined ? '' : `${label}: `}${actual} is below ${limit}`).toBe(true);
}

/** Assert `actual` is a number at most `limit` (within `tolerance`). */
export function expectAtMost(actual: unknown, limit: number, tolerance: Tolerance = SOLVER, label?: string): void {
  expect(actual, label).toBeTypeOf('number');
  expect(isAtMost(actual as number, limit, tolerance), `${label === undefined ? '' : `${label}: `}${actual} is above ${limit}`).toBe(true);
}

/** Assert two lists of numbers have the same length and agree element by element. */
export function expectAllClose(actual: readonly number[], expected: readonly number[], tolerance: Tolerance = ARITHMETIC): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, position) => expectClose(value, expected[position], tolerance, `element ${position}`));
}
