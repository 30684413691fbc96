/**
 * Small master plan inputs built in memory: one municipality ("Handtown", HC001) whose Census
 * counts grow by exactly 21% between the censuses, so the hand arithmetic of the tests stays short.
 */
import type { BulkAsset, MasterPlanInput, MasterPlanMunicipality, MasterPlanNeed, RegisterProject } from '../../src/masterplan/types.js';

/** Handtown: 100 000 → 121 000 persons and 25 000 → 30 250 households (both × 1.21). */
export const HANDTOWN: MasterPlanMunicipality = {
  code: 'HC001',
  name: 'Handtown',
  miifCategory: 'B2',
  population2011: 100_000,
  population2022: 121_000,
  households2011: 25_000,
  households2022: 30_250,
  illustrative: false,
};

/** Handtown's backlogs: 1 500 households without scheme water, 300 without a flush toilet. */
export const HANDTOWN_NEEDS: readonly MasterPlanNeed[] = [
  { municipalityCode: 'HC001', service: 'water', backlogHouseholds: 1_500, illustrative: false },
  { municipalityCode: 'HC001', service: 'sanitation', backlogHouseholds: 300, illustrative: false },
];

/** A bulk asset of Handtown; override what a test needs. */
export function asset(overrides: Partial<BulkAsset> & Pick<BulkAsset, 'id' | 'assetType' | 'capacity'>): BulkAsset {
  return {
    municipalityCode: 'HC001',
    service: overrides.assetType === 'wastewater_treatment_works' || overrides.assetType === 'bulk_sewer' ? 'sanitation' : 'water',
    capacityUnit: overrides.assetType === 'reservoir_storage' ? 'Ml' : 'Ml/day',
    yearBuilt: null,
    remainingLifeYears: null,
    lengthKm: null,
    sourceArrangement: null,
    illustrative: false,
    ...overrides,
  };
}

/** Handtown's assets: works 50 Ml/day, a 12 km pipeline of 40 Ml/day, 20 Ml of gravity-fed storage, wastewater works 13 Ml/day. */
export const HANDTOWN_ASSETS: readonly BulkAsset[] = [
  asset({ id: 'HC001-WTW', assetType: 'water_treatment_works', capacity: 50 }),
  asset({ id: 'HC001-PIPE', assetType: 'bulk_water_pipeline', capacity: 40, lengthKm: 12 }),
  asset({ id: 'HC001-RES', assetType: 'reservoir_storage', capacity: 20, sourceArrangement: 'gravity_source' }),
  asset({ id: 'HC001-WWTW', assetType: 'wastewater_treatment_works', capacity: 13 }),
];

/** A register row of Handtown; override what a test needs. */
export function registerProject(overrides: Partial<RegisterProject> & Pick<RegisterProject, 'id'>): RegisterProject {
  const cashFlowRandByBuildYear = overrides.cashFlowRandByBuildYear ?? [10_000_000, 10_000_000];
  return {
    municipalityCode: 'HC001',
    service: 'water',
    type: 'water_treatment_upgrade',
    description: 'Planner row',
    capexRand: cashFlowRandByBuildYear.reduce((sum, amount) => sum + amount, 0),
    householdsServed: 0,
    capacityAddedMlPerDay: 0,
    earliestStartYear: 2026,
    latestStartYear: 2026,
    prerequisiteIds: [],
    exclusiveGroup: null,
    fundingSourceIds: ['MIG'],
    status: 'candidate',
    benefitOverride: null,
    illustrative: false,
    ...overrides,
    cashFlowRandByBuildYear,
  };
}

/** Handtown planned from 2026/27 for ten years, with an empty register. */
export function handtownInput(overrides: Partial<MasterPlanInput> = {}): MasterPlanInput {
  return {
    baseFinancialYear: 2026,
    horizonYears: 10,
    municipalities: [HANDTOWN],
    needs: HANDTOWN_NEEDS,
    assets: HANDTOWN_ASSETS,
    register: [],
    ...overrides,
  };
}
