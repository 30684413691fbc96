/**
 * The one numeric tolerance used by the checker and the tests. Money is compared to within one
 * rand (solvers work to about 1e-9 relative, and no reader cares about a cent); other quantities
 * to within 1e-6 relative.
 */

/** Absolute tolerance for amounts in rand. */
export const RAND_TOLERANCE = 1;

/** Relative tolerance for scores, shares and objectives. */
export const RELATIVE_TOLERANCE = 1e-6;

/** True when two numbers agree within `absolute` or within RELATIVE_TOLERANCE of the larger. */
export function nearlyEqual(left: number, right: number, absolute = 1e-9): boolean {
  const difference = Math.abs(left - right);
  return difference <= absolute || difference <= RELATIVE_TOLERANCE * Math.max(Math.abs(left), Math.abs(right));
}

/** True when `value <= limit` allowing the same tolerance as nearlyEqual. */
export function atMost(value: number, limit: number, absolute = 1e-9): boolean {
  return value <= limit || nearlyEqual(value, limit, absolute);
}

/** True when `value >= limit` allowing the same tolerance as nearlyEqual. */
export function atLeast(value: number, limit: number, absolute = 1e-9): boolean {
  return value >= limit || nearlyEqual(value, limit, absolute);
}

/** True when two rand amounts agree within RAND_TOLERANCE. */
export function sameRand(left: number, right: number): boolean {
  return Math.abs(left - right) <= RAND_TOLERANCE;
}
