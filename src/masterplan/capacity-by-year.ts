/**
 * Capacity per year of one asset type of one service in one municipality: the existing assets
 * (each until its remaining life runs out, where known) plus the planner's committed projects from
 * the year they are in service.
 */
import type { AssetCapacity, BulkAsset, CommittedAddition, RegisterProject } from './types.js';

/** Capacity per year of a balance, with its parts. */
export interface CapacitySeries {
  /** Each asset's own capacity per year. */
  readonly assets: readonly AssetCapacity[];
  /** Committed projects counted as capacity. */
  readonly committedAdditions: readonly CommittedAddition[];
  /** Total per year. */
  readonly capacityByYear: readonly number[];
}

/** Build years of a register project: the length of its cash flow (at least one). */
export function buildYears(project: Pick<RegisterProject, 'cashFlowRandByBuildYear'>): number {
  return Math.max(1, project.cashFlowRandByBuildYear.length);
}

/**
 * A committed project as capacity. It is counted from the year after its latest possible
 * completion (latest start + build years), so an optimistic start never hides a shortfall. A
 * reservoir's register figure is the daily flow its storage balances (the generator's convention),
 * turned back into Ml of storage with the balance's storage hours: Ml = Ml/day × hours / 24.
 */
export function committedAddition(project: RegisterProject, storageHours: number | null): CommittedAddition {
  return {
    projectId: project.id,
    inServiceYear: project.latestStartYear + buildYears(project),
    capacity: storageHours === null ? project.capacityAddedMlPerDay : (project.capacityAddedMlPerDay * storageHours) / 24,
  };
}

/**
 * Capacity per year of `years`. An asset with a known remaining life L counts in the years
 * base … base + L − 1; committed projects add their capacity from their in-service year.
 */
export function capacityByYear(
  assets: readonly BulkAsset[],
  committedProjects: readonly RegisterProject[],
  years: readonly number[],
  baseFinancialYear: number,
  storageHours: number | null,
): CapacitySeries {
  const assetCapacities: AssetCapacity[] = assets.map((asset) => ({
    assetId: asset.id,
    capacityByYear: years.map((year) =>
      asset.remainingLifeYears === null || year < baseFinancialYear + asset.remainingLifeYears ? asset.capacity : 0,
    ),
  }));
  const committedAdditions = committedProjects.map((project) => committedAddition(project, storageHours));
  const total = years.map((year, index) => {
    const existing = assetCapacities.reduce((sum, asset) => sum + asset.capacityByYear[index], 0);
    const committed = committedAdditions.reduce((sum, addition) => sum + (year >= addition.inServiceYear ? addition.capacity : 0), 0);
    return existing + committed;
  });
  return { assets: assetCapacities, committedAdditions, capacityByYear: total };
}
