import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import type { Dataset } from '../../src/dataset/types.js';
import { checkPlan } from '../../src/plan/check-plan.js';
import { interpretAllocation } from '../../src/plan/interpret.js';
import { buildFormulation } from '../../src/program/formulation.js';
import { computeMarginalValues } from '../../src/solve/marginal-values.js';
import { solveProgram } from '../../src/solve/solve-program.js';
import { costRandPerBacklogHousehold, serviceNeedsRand } from '../../src/dataset/need-rand.js';
import { highsEngine } from '../../src/solve/highs-engine.js';
import { MILLION, TINY_INDICES, tinyDataset, tinySource } from '../plan/tiny-models.js';
import { expectClose, RAND, SOLVER } from '../tolerance.js';

/**
 * Two municipalities, one year, one source. AA001: 200 water households (R5 million of need),
 * weight 1 × (1 + 0.1) = 1.1. BB002: 300 sanitation households (R9 million), weight 1 × (0 + 0.1) = 0.1.
 * Floor 20% of need: R1 million and R1.8 million.
 */
function twoMunicipalities(envelopeRand: number): Dataset {
  return tinyDataset({
    horizonYears: 1,
    projects: [],
    sources: [tinySource('GRANT', [envelopeRand], false)],
    policy: { needWeight: 1, growthWeight: 0, basicPackageFloorShare: 0.2 },
    needs: [
      { municipalityCode: 'AA001', service: 'water', backlogHouseholds: 200, treatmentCapacityMlPerDay: null, demandMlPerDay: null, illustrative: true },
      { municipalityCode: 'BB002', service: 'sanitation', backlogHouseholds: 300, treatmentCapacityMlPerDay: null, demandMlPerDay: null, illustrative: true },
    ],
  });
}

async function solveAllocation(dataset: Dataset) {
  const built = buildFormulation(dataset, TINY_INDICES, 'allocation');
  const result = await solveProgram(highsEngine, built.program);
  const plan = interpretAllocation({ dataset, indices: TINY_INDICES, result, scenarioName: 'test', overridesApplied: [], warnings: [] }, built.kind === 'allocation' ? built.layout : (undefined as never));
  return { built, result, plan };
}

const allocatedTo = (plan: Awaited<ReturnType<typeof solveAllocation>>['plan'], code: string): number =>
  plan.allocations.filter((line) => line.municipalityCode === code).reduce((sum, line) => sum + line.amountRand, 0);

describe('allocation LP', () => {
  it('prices need with the documented default unit costs', async () => {
    // The defaults a model.yaml without the allocation keys gets (docs/data-format.md: R25 000 per
    // water household, R30 000 per sanitation household), not the costs these tests set themselves.
    const { policy } = (await loadModel('tests/fixtures/tiny')).config;
    expect(readFileSync('tests/fixtures/tiny/model.yaml', 'utf8')).not.toContain('allocation_cost');
    expect(200 * costRandPerBacklogHousehold(policy, 'water')).toBe(5 * MILLION);
    expect(300 * costRandPerBacklogHousehold(policy, 'sanitation')).toBe(9 * MILLION);
  });

  it('prices need with the unit costs a model or scenario states, capacity shortfall included', async () => {
    const base = twoMunicipalities(4 * MILLION);
    // R50 000 per water household doubles AA001's need to R10 million; a 2 Ml/day shortfall at
    // R20 million per Ml/day adds R40 million to BB002's R9 million of sanitation need.
    const dataset: Dataset = {
      ...base,
      config: { ...base.config, policy: { ...base.config.policy, allocationCostPerHouseholdRand: { ...base.config.policy.allocationCostPerHouseholdRand, water: 50_000 }, allocationCostPerMlPerDayRand: 20 * MILLION } },
      needs: base.needs.map((need) => (need.municipalityCode === 'BB002' ? { ...need, treatmentCapacityMlPerDay: 3, demandMlPerDay: 5 } : need)),
    };
    expect(serviceNeedsRand(dataset).map((need) => need.totalRand)).toEqual([10 * MILLION, 49 * MILLION]);
    // Floors are 20% of need (R2 million and R9.8 million): more than the R4 million envelope.
    const { plan } = await solveAllocation(dataset);
    expect(plan.status).toBe('infeasible');
    const richer: Dataset = { ...dataset, fundingSources: [tinySource('GRANT', [20 * MILLION], false)] };
    const { plan: funded } = await solveAllocation(richer);
    expect(funded.status).toBe('optimal');
    // Floors first (R2 million, R9.8 million), then the heavier weight AA001 up to its R10 million need.
    expectClose(allocatedTo(funded, 'AA001'), 10 * MILLION, RAND);
    expectClose(allocatedTo(funded, 'BB002'), 10 * MILLION, RAND);
    expect(checkPlan(funded, richer).violations).toEqual([]);
  });

  it('R10 million: AA001 is filled to its need and BB002 gets the rest (weighted unmet need 0.1 × 4 = 0.4)', async () => {
    const dataset = twoMunicipalities(10 * MILLION);
    const { plan } = await solveAllocation(dataset);
    expect(plan.status).toBe('optimal');
    expectClose(allocatedTo(plan, 'AA001'), 5 * MILLION, RAND);
    expectClose(allocatedTo(plan, 'BB002'), 5 * MILLION, RAND);
    expectClose(plan.objectiveWeightedRandMillion, 0.4, SOLVER);
    expect(checkPlan(plan, dataset).violations).toEqual([]);
  });

  it('R4 million: both floors first, the rest to the heavier weight (1.1 × 2.8 + 0.1 × 7.2 = 3.8)', async () => {
    const dataset = twoMunicipalities(4 * MILLION);
    const { plan } = await solveAllocation(dataset);
    expectClose(allocatedTo(plan, 'AA001'), 2.2 * MILLION, RAND);
    expectClose(allocatedTo(plan, 'BB002'), 1.8 * MILLION, RAND);
    expectClose(plan.objectiveWeightedRandMillion, 3.8, SOLVER);
    expect(checkPlan(plan, dataset).violations).toEqual([]);
  });

  it('says when every priced need is met and money stays unallocated, and only then', async () => {
    // Need is R5 million + R9 million = R14 million.
    const { plan: ample } = await solveAllocation(twoMunicipalities(20 * MILLION));
    expectClose(allocatedTo(ample, 'AA001') + allocatedTo(ample, 'BB002'), 14 * MILLION, RAND);
    expect(ample.warnings?.join('\n')).toContain('Every priced need is funded in full (R14.0 million), so R6.0 million of the envelopes stays unallocated');
    // Each service's backlog priced in its own unit, one list (review u5, finding 12).
    expect(ample.warnings?.join('\n')).toMatch(/Need is priced at R[\d,]+ per backlog household \(Water\), R[\d,]+ per backlog household \(Sanitation\) and R[\d,]+ per Ml\/day of capacity shortfall \(policy/);
    const { plan: tight } = await solveAllocation(twoMunicipalities(10 * MILLION));
    expect(tight.warnings ?? []).toEqual([]);
  });

  it('budget duals match the finite difference of the optimum', async () => {
    for (const [envelopeRand, expectedPerMillion] of [
      [4 * MILLION, 1.1],
      [10 * MILLION, 0.1],
    ] as const) {
      const { built, result } = await solveAllocation(twoMunicipalities(envelopeRand));
      const [marginal] = await computeMarginalValues(highsEngine, built, result);
      expect(marginal.sourceId).toBe('GRANT');
      expectClose(marginal.objectivePerRand * MILLION, expectedPerMillion, SOLVER);
      const stepRand = 1000;
      const more = await solveAllocation(twoMunicipalities(envelopeRand + stepRand));
      const improvementPerRand = ((result.objective as number) - (more.result.objective as number)) / stepRand;
      // Per R1 million, the unit the duals are quoted in, so the comparison is on numbers near 1.
      expectClose(improvementPerRand * MILLION, marginal.objectivePerRand * MILLION, SOLVER);
    }
  });
});

describe('allocation tie-break among equally good splits', () => {
  it('spends earlier and spends lapsing grants before money that carries over, at the same weighted unmet need', async () => {
    const { planModel } = await import('../../src/plan/plan-model.js');
    // R5 million of need (200 water households); plenty of money in both years from both sources.
    const dataset = tinyDataset({
      horizonYears: 2,
      projects: [],
      sources: [tinySource('OWN', [5 * MILLION, 5 * MILLION], true), tinySource('GRANT', [3 * MILLION, 3 * MILLION], false)],
      needs: [{ municipalityCode: 'AA001', service: 'water', backlogHouseholds: 200, treatmentCapacityMlPerDay: null, demandMlPerDay: null, illustrative: true }],
    });
    const { plan } = await planModel(dataset, { formulation: 'allocation' });
    expect(plan.status).toBe('optimal');
    expectClose(plan.objectiveWeightedRandMillion, 0, SOLVER);
    const amount = (sourceId: string, year: number) =>
      plan.allocations.filter((line) => line.sourceId === sourceId && line.financialYear === year).reduce((sum, line) => sum + line.amountRand, 0);
    // All in the first year; the grant's R3 million first, the rest from own funds.
    expectClose(amount('GRANT', 2026), 3 * MILLION, RAND);
    expectClose(amount('OWN', 2026), 2 * MILLION, RAND);
    expectClose(amount('GRANT', 2027) + amount('OWN', 2027), 0, RAND);
  });
});
