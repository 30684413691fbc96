/**
 * The budget range of `sweep`: `from:to:steps` on the command line, and the scaling of every
 * funding envelope by one factor of the range.
 */
import { InvalidInputError } from '../errors/problems.js';
import { horizonOf } from '../dataset/horizon.js';
import { LARGEST_RAND, NUMBER_KINDS, rangeViolation } from '../dataset/limits.js';
import { formatFinancialYear } from '../dataset/financial-year.js';
import type { Dataset } from '../dataset/types.js';

/** Most points a sweep may have; more is almost always a typo and would run for hours. */
export const MAX_SWEEP_STEPS = NUMBER_KINDS.sweepSteps.maximum;

/**
 * Parse `from:to:steps` (e.g. `0.5:1.5:5`) into `steps` evenly spaced budget factors, `from` and
 * `to` included. Throws InvalidInputError naming the option when the text is malformed.
 */
export function parseBudgetRange(text: string, option = '--budget-scale'): number[] {
  const fail = (message: string): never => {
    throw new InvalidInputError([{ file: 'command line', row: null, column: option, message }]);
  };
  const parts = text.split(':').map((part) => part.trim());
  if (parts.length !== 3 || parts.some((part) => part === '')) {
    fail(`expected from:to:steps such as 0.5:1.5:5, got '${text}'`);
  }
  const [from, to, steps] = parts.map(Number);
  // The factors are budget scales, held to the range of --budget-scale and the scenario's budget_scale.
  const budgetScale = NUMBER_KINDS.budgetScale;
  if (rangeViolation(from, budgetScale) !== null || rangeViolation(to, budgetScale) !== null) {
    fail(`the budget factors must be numbers from 0 to ${budgetScale.maximum}, got '${parts[0]}' and '${parts[1]}'`);
  }
  if (!(to > from)) fail(`'to' (${parts[1]}) must be larger than 'from' (${parts[0]})`);
  if (rangeViolation(steps, NUMBER_KINDS.sweepSteps) !== null) {
    fail(`steps must be a whole number from 2 to ${MAX_SWEEP_STEPS}, got '${parts[2]}'`);
  }
  // Rounded to 12 decimals so 0.1 steps print as 0.7, not 0.7000000000000001.
  return Array.from({ length: steps }, (_, index) => Number((from + ((to - from) * index) / (steps - 1)).toFixed(12)));
}

/**
 * A new Dataset whose every envelope (every source, every year) is multiplied by `budgetFactor`.
 * A product past the largest plausible amount is an input error naming `option`, as the scenario's
 * budget_scale is (it would otherwise reach the solver as a bound of Infinity).
 */
export function scaleEnvelopes(dataset: Dataset, budgetFactor: number, option = '--budget-scale'): Dataset {
  for (const source of dataset.fundingSources) {
    for (const [year, amountRand] of Object.entries(source.envelopeRandByYear)) {
      const scaledRand = amountRand * budgetFactor;
      if (!(scaledRand <= LARGEST_RAND)) {
        throw new InvalidInputError([{ file: 'command line', row: null, column: option, message: `the factor ${budgetFactor} makes the ${source.id} envelope of ${formatFinancialYear(Number(year))} R${scaledRand.toExponential(3)}, more than the largest plausible amount of R${LARGEST_RAND.toExponential(0)} (R10 trillion); use a smaller factor` }]);
      }
    }
  }
  return {
    ...dataset,
    fundingSources: dataset.fundingSources.map((source) => ({
      ...source,
      envelopeRandByYear: Object.fromEntries(
        Object.entries(source.envelopeRandByYear).map(([year, amountRand]) => [year, amountRand * budgetFactor]),
      ),
    })),
  };
}

/** Total money of all envelopes of all sources over the horizon, rand. */
export function totalEnvelopeRand(dataset: Dataset): number {
  const { firstYear, lastYear } = horizonOf(dataset.config);
  let totalRand = 0;
  for (const source of dataset.fundingSources) {
    for (const [year, amountRand] of Object.entries(source.envelopeRandByYear)) {
      if (Number(year) >= firstYear && Number(year) <= lastYear) totalRand += amountRand;
    }
  }
  return totalRand;
}
