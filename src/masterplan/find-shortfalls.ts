/**
 * Where design demand exceeds capacity. Comparisons go through the one tolerance helper, so a
 * capacity equal to demand up to rounding is not a shortfall.
 */
import { atMost } from '../dataset/tolerance.js';

/** The shortfalls of one balance. */
export interface Shortfalls {
  /** Unmet design demand per year: max(0, design − capacity). */
  readonly shortfallByYear: readonly number[];
  /** Index into the years of the first shortfall at or after `fromIndex`, or null. */
  readonly shortfallIndex: number | null;
  /** Financial year of that shortfall, or null. */
  readonly shortfallYear: number | null;
}

/** True when design demand exceeds capacity by more than rounding. */
export function exceeds(designDemand: number, capacity: number): boolean {
  return !atMost(designDemand, capacity);
}

/** Index of the first year in `fromIndex … toIndex` whose design demand exceeds capacity plus `extra`, or null. */
export function firstShortfallIndex(
  designByYear: readonly number[],
  capacityByYear: readonly number[],
  fromIndex: number,
  toIndex: number = designByYear.length - 1,
  extra = 0,
): number | null {
  for (let index = Math.max(0, fromIndex); index <= toIndex && index < designByYear.length; index += 1) {
    if (exceeds(designByYear[index], capacityByYear[index] + extra)) return index;
  }
  return null;
}

/** The unmet design demand per year and the first shortfall year (at or after `fromIndex`). */
export function findShortfalls(
  designByYear: readonly number[],
  capacityByYear: readonly number[],
  years: readonly number[],
  fromIndex = 0,
): Shortfalls {
  const shortfallByYear = designByYear.map((design, index) => (exceeds(design, capacityByYear[index]) ? design - capacityByYear[index] : 0));
  const shortfallIndex = firstShortfallIndex(designByYear, capacityByYear, fromIndex);
  return { shortfallByYear, shortfallIndex, shortfallYear: shortfallIndex === null ? null : years[shortfallIndex] };
}
