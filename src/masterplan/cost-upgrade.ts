/**
 * Capital cost and cash flow of a generated project. Costs come from the model's cost curves
 * (`C = (fixed + a × Q^b) × length`), since no published unit-cost table exists (DOMAIN.md), and
 * are rounded so no figure pretends to a precision it does not have.
 */
import type { CostCurve, UpgradeOption } from './types.js';

/** A cost and its spending per build year. */
export interface ProjectCost {
  /** Capital cost, rand (a whole number of rounding units, at least one). */
  readonly capexRand: number;
  /** Rand per build year, summing exactly to capexRand. */
  readonly cashFlowRandByBuildYear: readonly number[];
}

/** Round a cost to the nearest `roundingRand`, at least one unit (a project never costs nothing). */
export function roundCapex(rand: number, roundingRand: number): number {
  return Math.max(roundingRand, Math.round(rand / roundingRand) * roundingRand);
}

/**
 * Split a cost over build years by percent. Each year but the last is rounded to the rand and the
 * last takes the remainder, so the years add up to the cost exactly (the loader checks that).
 */
export function splitCashFlow(capexRand: number, cashFlowPercent: readonly number[]): number[] {
  const amounts = cashFlowPercent.map((percent) => Math.round((capexRand * percent) / 100));
  const allButLast = amounts.slice(0, -1).reduce((sum, amount) => sum + amount, 0);
  amounts[amounts.length - 1] = capexRand - allButLast;
  return amounts;
}

/** The unrounded cost of a size on a curve: (fixed + a × Q^b) × (length when per km, else 1). */
export function curveCostRand(curve: CostCurve, size: number, lengthKm: number | null): number {
  const perUnit = curve.fixedRand + curve.coefficientRand * size ** curve.exponent;
  if (!curve.perKm) return perUnit;
  if (lengthKm === null) throw new Error('a per-km cost curve needs the asset length');
  return perUnit * lengthKm;
}

/**
 * Cost an upgrade of `size` (in the asset type's unit) with one of its options. `lengthKm` is the
 * length of the asset upgraded (pipelines and sewers; checkMasterPlanInput requires it wherever a
 * curve is per km).
 */
export function costUpgrade(size: number, option: UpgradeOption, lengthKm: number | null, capexRoundingRand: number): ProjectCost {
  const capexRand = roundCapex(curveCostRand(option.costCurve, size, lengthKm), capexRoundingRand);
  return { capexRand, cashFlowRandByBuildYear: splitCashFlow(capexRand, option.cashFlowPercent) };
}
