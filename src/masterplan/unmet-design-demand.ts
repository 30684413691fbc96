/**
 * Unmet design demand once some projects are in service, and the part of a shortfall those
 * projects close. Capacity beyond the design demand closes nothing, which is what a capacity
 * project's benefit should count (docs/masterplan.md, "Plugging the stage in").
 */
import type { AssetBalance } from './types.js';

/** Capacity a project adds to a balance from a year on. */
export interface CapacityInService {
  /** First financial year the capacity is in service. */
  readonly inServiceYear: number;
  /** Capacity added, in the balance's unit. */
  readonly capacity: number;
}

/** Capacity added per year of `years` by the projects in service. */
function addedByYear(years: readonly number[], additions: readonly CapacityInService[]): number[] {
  return years.map((year) => additions.reduce((sum, addition) => sum + (year >= addition.inServiceYear ? addition.capacity : 0), 0));
}

/** Unmet design demand per year: max(0, design − existing and committed capacity − added capacity in service). */
export function unmetDesignDemandByYear(balance: AssetBalance, years: readonly number[], additions: readonly CapacityInService[]): number[] {
  const added = addedByYear(years, additions);
  return balance.designDemandByYear.map((design, index) => Math.max(0, design - balance.capacityByYear[index] - added[index]));
}

/** Shortfall closed per year: min(shortfall without projects, capacity added in service). */
export function shortfallClosedByYear(balance: AssetBalance, years: readonly number[], additions: readonly CapacityInService[]): number[] {
  const added = addedByYear(years, additions);
  return balance.shortfallByYear.map((shortfall, index) => Math.min(shortfall, added[index]));
}
