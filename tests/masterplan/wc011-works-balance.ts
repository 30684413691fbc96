/** A small works balance and a project builder shared by the shortfall-benefit, benefit-timing and checker tests. */
import { NO_FACILITY_FIELDS, type CapacityBalance, type Project } from '../../src/dataset/types.js';

/**
 * A candidate WC011 (Matzikama) water treatment project paid by RBIG: `cashFlowRandByBuildYear`
 * its payments by build year (capex their sum), starts 2026/27–2028/29 unless overridden.
 */
export function wc011WaterProject(id: string, fields: { households: number; capacityAddedMlPerDay: number; cashFlowRandByBuildYear: readonly number[]; description: string }, overrides: Partial<Project> = {}): Project {
  return {
    id,
    municipalityCode: 'WC011',
    service: 'water',
    type: 'water_treatment_upgrade',
    description: fields.description,
    capexRand: fields.cashFlowRandByBuildYear.reduce((sum, amount) => sum + amount, 0),
    cashFlowRandByBuildYear: [...fields.cashFlowRandByBuildYear],
    householdsServed: fields.households,
    capacityAddedMlPerDay: fields.capacityAddedMlPerDay,
    earliestStartYear: 2026,
    latestStartYear: 2028,
    prerequisiteIds: [],
    exclusiveGroup: null,
    fundingSourceIds: ['RBIG'],
    status: 'candidate',
    benefitOverride: null,
    ...NO_FACILITY_FIELDS,
    illustrative: true,
    ...overrides,
  };
}

/** WC011's works balance: 4 Ml/day short in 2027/28, 6 from 2028/29. */
export const WC011_WORKS_BALANCE: CapacityBalance = {
  municipalityCode: 'WC011',
  service: 'water',
  assetType: 'water_treatment_works',
  projectTypes: ['water_treatment_upgrade'],
  shortfallMlPerDayByYear: { 2026: 0, 2027: 4, 2028: 6, 2029: 6 },
  illustrative: true,
};
