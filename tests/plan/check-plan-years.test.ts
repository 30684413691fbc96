/** The checker's capacity-balance and shortfalls_met_by_year messages name financial years as 2027/28, never the raw 2027. */
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import { NO_FACILITY_FIELDS, type Dataset } from '../../src/dataset/types.js';
import { datasetRun, planRun } from '../../src/pipeline/plan-run.js';
import { checkPlan } from '../../src/plan/check-plan.js';
import { WC011_WORKS_BALANCE } from '../masterplan/wc011-works-balance.js';

const BALANCE = WC011_WORKS_BALANCE;

/** The tiny model with one 3 Ml/day works upgrade of WC011 that must start in 2026/27, and the balance. */
async function halfWorks(): Promise<Dataset> {
  const tiny = await loadModel('tests/fixtures/tiny');
  const half = {
    id: 'HALF', municipalityCode: 'WC011', service: 'water', type: 'water_treatment_upgrade', description: 'works +3 Ml/day',
    capexRand: 10_000_000, cashFlowRandByBuildYear: [10_000_000], householdsServed: 0, capacityAddedMlPerDay: 3,
    earliestStartYear: 2026, latestStartYear: 2026, prerequisiteIds: [], exclusiveGroup: null, fundingSourceIds: ['RBIG'],
    status: 'candidate' as const, benefitOverride: null, ...NO_FACILITY_FIELDS, illustrative: true,
  };
  return { ...tiny, config: { ...tiny.config, policy: { ...tiny.config.policy, minServiceShare: {} } }, projects: [half], capacityBalances: [BALANCE] };
}

describe('checker messages about capacity balances', () => {
  it('print the financial year', async () => {
    const dataset = await halfWorks();
    const { plan } = await planRun(datasetRun(dataset), { marginalValues: false });
    expect(checkPlan(plan, dataset).violations).toEqual([]);
    // HALF is in service from 2027/28 and closes 3 of the 4 Ml/day; a plan claiming 5 is caught, in words with the year.
    const claimed = { ...plan, capacityBalances: plan.capacityBalances!.map((outcome) => ({ ...outcome, closedMlPerDay: outcome.closedMlPerDay.map((value, position) => (position === 1 ? 5 : value)) })) };
    const violations = checkPlan(claimed, dataset).violations;
    expect(violations).toContain('WC011|water|water_treatment_works closes 5 Ml/day in 2027/28; recomputed 3');
    expect(violations).toContain('WC011|water|water_treatment_works closes more than its shortfall in 2027/28');
    // Held to shortfalls_met_by_year 2027, the same plan has 3 of 4 Ml/day in service in 2027/28.
    const withRule: Dataset = { ...dataset, config: { ...dataset.config, policy: { ...dataset.config.policy, shortfallsMetByYear: 2027 } } };
    expect(checkPlan(plan, withRule).violations).toContain('WC011 water water_treatment_works has 3 Ml/day in service in 2027/28, below its shortfall of 4');
  });
});
