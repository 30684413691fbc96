/**
 * Normalisation of one indicator's values across municipalities, so that indicators measured in
 * different units (shares, rand, percent per year) can be averaged with weights.
 *
 * Every method is a pure function of the values alone: the result for one municipality depends on
 * the whole column, never on the order of the column.
 */
import { loadMathjs } from './math-module.js';
import type { Normalisation } from '../dataset/types.js';

/** The normalisation methods, in the order the CLI lists them. */
export const NORMALISATIONS: readonly Normalisation[] = ['min-max', 'z-score', 'rank'];

/** True when every value equals the first, tested exactly so that rounding in a mean cannot hide it. */
function allEqual(values: readonly number[]): boolean {
  return values.every((value) => value === values[0]);
}

/**
 * Min-max scaling to 0..1: the smallest value becomes 0, the largest 1.
 *
 * When all values are equal the column carries no information about who is worse off, so every
 * municipality gets 0.5, the middle of the scale: the indicator then shifts nobody relative to
 * anybody else, and it does not by itself push a municipality below or above a 0.5 threshold.
 */
export function normaliseMinMax(values: readonly number[]): number[] {
  if (values.length === 0) return [];
  if (allEqual(values)) return values.map(() => 0.5);
  // A loop, not Math.min(...values): spreading a long column into a call overflows the stack.
  let minimum = Infinity;
  let maximum = -Infinity;
  for (const value of values) {
    if (value < minimum) minimum = value;
    if (value > maximum) maximum = value;
  }
  const range = maximum - minimum;
  if (Number.isFinite(range)) return values.map((value) => (value - minimum) / range);
  // The range itself overflows (1e308 and -1e308 differ by more than the largest double), so
  // scale before subtracting: the result is the same fraction, and every step stays finite.
  const scale = Math.max(Math.abs(minimum), Math.abs(maximum));
  const scaledMinimum = minimum / scale;
  const scaledRange = maximum / scale - scaledMinimum;
  return values.map((value) => Math.min(1, Math.max(0, (value / scale - scaledMinimum) / scaledRange)));
}

/**
 * Standard score: (value - mean) / population standard deviation (divided by n, not n - 1, since
 * the municipalities are the whole population of interest, not a sample). All equal → 0 for all.
 */
export function normaliseZScore(values: readonly number[]): number[] {
  if (values.length === 0) return [];
  if (allEqual(values)) return values.map(() => 0);
  // Standard scores do not change when every value is multiplied by one constant, so values whose
  // squares (or sums) would overflow or underflow are first brought near 1.
  let largest = 0;
  for (const value of values) largest = Math.max(largest, Math.abs(value));
  const scaled = largest > 1e150 || largest < 1e-150 ? values.map((value) => value / largest) : [...values];
  const { mean, std } = loadMathjs();
  const average = Number(mean(scaled));
  const standardDeviation = Number(std(scaled, 'uncorrected'));
  return scaled.map((value) => (value - average) / standardDeviation);
}

/**
 * Ranks 1..n (1 = smallest value), tied values sharing the average of the ranks they occupy
 * ("fractional ranking"), so that ties never depend on the order of the rows.
 */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((value, position) => ({ value, position })).sort((left, right) => left.value - right.value);
  const ranks = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.value === order[start]!.value) end += 1;
    // Positions start..end (0-based) hold ranks start+1..end+1; their average is the midpoint.
    const sharedRank = (start + end) / 2 + 1;
    for (let index = start; index <= end; index += 1) ranks[order[index]!.position] = sharedRank;
    start = end + 1;
  }
  return ranks;
}

/**
 * Rank scaling to 0..1: (average rank - 1) / (n - 1). The smallest value gets 0 and the largest 1;
 * all-equal values (and a single municipality) get 0.5, the same as min-max.
 */
export function normaliseRank(values: readonly number[]): number[] {
  if (values.length === 0) return [];
  if (values.length === 1) return [0.5];
  return averageRanks(values).map((rank) => (rank - 1) / (values.length - 1));
}

/** Normalise one indicator column with the named method. */
export function normalise(values: readonly number[], method: Normalisation): number[] {
  switch (method) {
    case 'min-max':
      return normaliseMinMax(values);
    case 'z-score':
      return normaliseZScore(values);
    case 'rank':
      return normaliseRank(values);
    default:
      // Reached only from untyped callers (a hand-edited JSON, a script); name the accepted values.
      throw new Error(`unknown normalisation "${String(method)}"; use one of ${NORMALISATIONS.join(', ')}`);
  }
}
