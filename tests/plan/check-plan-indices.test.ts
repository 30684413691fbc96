/**
 * The checker takes the need and growth-potential indices from the Dataset, never from the plan:
 * a plan that swaps two municipalities' indices, funds the project of the lower-weight one and
 * claims the benefit the swapped weights give must fail the check.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkPlan } from '../../src/plan/check-plan.js';
import { discountedProjectBenefit } from '../../src/indicators/benefit.js';
import type { MunicipalIndex } from '../../src/indicators/types.js';
import type { PortfolioPlan } from '../../src/plan/types.js';
import { solveAndInterpret } from './plan-fixtures.js';
import { MILLION, tinyDataset, tinyProject, tinySource } from './tiny-models.js';

// One R1m slot: a 100-household project in AA001 (need index 1) against one in BB002 (need index 0).
const dataset = tinyDataset({
  horizonYears: 1,
  sources: [tinySource('GRANT', [1 * MILLION], false)],
  policy: { needWeight: 0.8, growthWeight: 0.2 },
  projects: [tinyProject({ id: 'A' }), tinyProject({ id: 'B', municipalityCode: 'BB002', service: 'sanitation' })],
});

let plan: PortfolioPlan;
beforeAll(async () => {
  plan = await solveAndInterpret(dataset);
});

/** The solved plan with the two municipalities' indices swapped and B funded instead of A, every figure agreeing with the swap. */
function forgedPlan(): PortfolioPlan {
  const swapped = plan.municipalities.map((summary) => {
    const other = plan.municipalities.find((candidate) => candidate.municipalityCode !== summary.municipalityCode)!;
    return { ...summary, needIndex: other.needIndex, growthIndex: other.growthIndex, quadrant: other.quadrant };
  });
  const swappedIndex: MunicipalIndex = swapped.find((summary) => summary.municipalityCode === 'BB002')!;
  const lineA = plan.projects.find((line) => line.id === 'A')!;
  const lineB = plan.projects.find((line) => line.id === 'B')!;
  const claimed = discountedProjectBenefit(dataset.projects[1], swappedIndex, 2026, dataset);
  return {
    ...plan,
    projects: [
      { ...lineA, funded: false, startYear: null, completionYear: null, spending: [], operatingSpending: [], deferralReason: 'budget', benefit: 0, needBenefit: 0, growthBenefit: 0 },
      { ...lineB, funded: true, startYear: 2026, completionYear: 2026, spending: lineA.spending, deferralReason: null, deferralDetail: null, benefit: claimed.total, needBenefit: claimed.needLed, growthBenefit: claimed.growthLed },
    ],
    municipalities: swapped.map((summary) =>
      summary.municipalityCode === 'BB002'
        ? { ...summary, spendingRand: 1 * MILLION, householdsServed: 100, needBenefit: claimed.needLed, growthBenefit: claimed.growthLed }
        : { ...summary, spendingRand: 0, householdsServed: 0, needBenefit: 0, growthBenefit: 0 },
    ),
    benefit: { total: claimed.total, needLed: claimed.needLed, growthLed: claimed.growthLed },
    objectiveBenefitPoints: claimed.total,
  };
}

describe('checkPlan recomputes the indices from the Dataset', () => {
  it('accepts the solved plan, which funds A in the high-need municipality', () => {
    expect(plan.projects.filter((line) => line.funded).map((line) => line.id)).toEqual(['A']);
    expect(checkPlan(plan, dataset).violations).toEqual([]);
  });

  it('catches a plan that swaps two municipalities indices to fund the wrong project', () => {
    const violations = checkPlan(forgedPlan(), dataset).violations;
    expect(violations).toContain('BB002 need index in the plan is 1; indicators.csv gives 0');
    expect(violations).toContain('AA001 growth-potential index in the plan is 1; indicators.csv gives 0');
    expect(violations).toContain('BB002 quadrant in the plan is low_growth_high_need; its indices give high_growth_low_need');
    // B's true weight is 0.8 × 0.1 + 0.2 × 1.1 = 0.30 against the claimed 0.90: its benefit is recomputed from the true one.
    expect(violations.some((violation) => /^B benefit 90(\.0+\d*)? differs from the recomputed 30/.test(violation)), violations.join(' | ')).toBe(true);
  });

  it('names a municipality the plan leaves out', () => {
    const violations = checkPlan({ ...plan, municipalities: plan.municipalities.filter((summary) => summary.municipalityCode !== 'BB002') }, dataset).violations;
    expect(violations).toContain('plan has no summary for municipality BB002');
  });
});
