import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scaleEnvelopes } from '../../src/analysis/budget-range.js';
import { solveJobs } from '../../src/analysis/solve-pool.js';
import { loadModel } from '../../src/dataset/load-model.js';
import { buildFrontier } from '../../src/analysis/frontier.js';
import { runSweep } from '../../src/analysis/run-sweep.js';
import { RunCounter } from '../property-runs.js';
import { handMadePlan, TINY_MODEL } from './helpers.js';
import { makeSampleDataset } from '../scenario/sample-dataset.js';
import { ARITHMETIC, expectAtLeast, expectClose, SOLVER } from '../tolerance.js';

describe('sweep on the tiny model', () => {
  it('traces a frontier that never decreases as the budget grows, every point proven optimal', async () => {
    const factors = [0.5, 0.75, 1, 1.25, 1.5, 2, 3];
    const outcome = await runSweep({ modelPath: TINY_MODEL, budgetFactors: factors }, { workers: 1, skipFiles: true });
    const points = outcome.frontier.points;
    expect(points.map((point) => point.status)).toEqual(factors.map(() => 'optimal'));
    expect(outcome.frontier.warnings).toEqual([]);
    // The tiny model's envelopes total R230 million (RBIG 130 + MIG 100).
    expect(points.map((point) => point.totalBudgetRand)).toEqual(factors.map((factor) => 230_000_000 * factor));
    for (let index = 1; index < points.length; index += 1) {
      expectAtLeast(points[index].benefit, points[index - 1].benefit, SOLVER);
      const expectedMarginal = ((points[index].benefit - points[index - 1].benefit) / (points[index].totalBudgetRand - points[index - 1].totalBudgetRand)) * 100_000_000;
      expectClose(points[index].marginalBenefitPer100MillionRand, expectedMarginal, ARITHMETIC);
    }
    // With three times the money every candidate that fits the horizon is funded: 5 of 8 funded at
    // the model's budget, and more money can only add projects.
    expect(points[points.length - 1].projectsFunded).toBeGreaterThanOrEqual(points[2].projectsFunded);
    expect(points[2].householdsServed).toBeGreaterThan(points[0].householdsServed);
  });

  it('reports an infeasible point instead of a plan when committed projects no longer fit', async () => {
    // At a tenth of the budget the committed R25 million sanitation project cannot be paid for.
    const outcome = await runSweep({ modelPath: TINY_MODEL, budgetFactors: [0.1, 1] }, { workers: 1, skipFiles: true });
    expect(outcome.frontier.points[0].status).toBe('infeasible');
    expect(outcome.frontier.points[1].marginalBenefitPer100MillionRand).toBeNull();
    expect(outcome.frontier.warnings).toEqual(['budget factor 0.1: status infeasible, no plan at this budget: the commitments and rules cannot all be paid for (`infraplan run --budget-scale 0.1` names them)']);
  });
});

describe('more budget never lowers the optimum (property)', () => {
  it('holds for random pairs of budget factors on the tiny model', async () => {
    const dataset = await loadModel(TINY_MODEL);
    // Non-trivial: the lower budget has a plan whose benefit the higher one must keep.
    const counter = new RunCounter();
    await fc.assert(
      // From half the budget up the tiny model has a plan (its committed projects fit; see the sweep above).
      fc.asyncProperty(fc.integer({ min: 50, max: 250 }), fc.integer({ min: 1, max: 100 }), async (lowPercent, extraPercent) => {
        const factors = [lowPercent / 100, (lowPercent + extraPercent) / 100];
        const [lower, higher] = await solveJobs(
          factors.map((factor) => ({ kind: 'dataset', label: `×${factor}`, dataset: scaleEnvelopes(dataset, factor), planOptions: { relativeGap: 0, marginalValues: false } })),
          { workers: 1 },
        );
        if (counter.count(lower.status === 'optimal')) {
          expect(higher.status).toBe('optimal');
          expectAtLeast(higher.benefit.total, lower.benefit.total, SOLVER);
        }
      }),
      { numRuns: 6, seed: 20261123 },
    );
    counter.expectMostChecked(6);
  });
});

describe('buildFrontier', () => {
  // WC011 water has a backlog of 1,200 households, more than any hand-made plan below serves.
  const dataset = makeSampleDataset();
  it('computes the marginal benefit per R100 million and flags points that are not proven optimal', () => {
    const frontier = buildFrontier([
      { budgetFactor: 1, totalBudgetRand: 200_000_000, plan: handMadePlan({ benefit: { total: 1000, needLed: 600, growthLed: 400 } }) },
      { budgetFactor: 2, totalBudgetRand: 400_000_000, plan: handMadePlan({ benefit: { total: 1500, needLed: 900, growthLed: 600 } }) },
      { budgetFactor: 3, totalBudgetRand: 600_000_000, plan: handMadePlan({ status: 'feasible', gap: 0.02, benefit: { total: 1400, needLed: 800, growthLed: 600 } }) },
    ], dataset);
    // (1500 - 1000) / R200 million × R100 million = 250 points.
    expect(frontier.points.map((point) => point.marginalBenefitPer100MillionRand)).toEqual([null, 250, -50]);
    expect(frontier.warnings).toHaveLength(2);
    expect(frontier.warnings[0]).toContain('budget factor 3: status feasible (gap 2.000%)');
    expect(frontier.warnings[1]).toContain('below the previous point');
  });

  it('explains households served falling while benefit rises, and says nothing when they rise', () => {
    const funded = (id: string, householdsServed: number) => ({
      id, municipalityCode: 'WC011', districtCode: 'D1', service: 'water' as const, type: 'reservoir', description: id, capexRand: 1, funded: true,
      startYear: 2026, completionYear: 2026, spending: [], operatingSpending: [], householdsServed, capacityAddedMlPerDay: 0, benefit: 0, needBenefit: 0, growthBenefit: 0,
      deferralReason: null, deferralDetail: null,
    });
    const point = (factor: number, households: number, benefit: number) => ({
      budgetFactor: factor,
      totalBudgetRand: factor * 100_000_000,
      plan: handMadePlan({ projects: [funded(`P${factor}`, households)], benefit: { total: benefit, needLed: benefit, growthLed: 0 } }),
    });
    const falling = buildFrontier([point(1, 900, 1000), point(2, 800, 1200)], dataset);
    expect(falling.warnings).toHaveLength(1);
    expect(falling.warnings[0]).toContain('households served fall from 900 to 800 although benefit rises');
    // Household counts are written as the console writes every count, with thousands separators (review u4, finding 13).
    const largeBacklog = { ...dataset, needs: dataset.needs.map((need) => (need.municipalityCode === 'WC011' ? { ...need, backlogHouseholds: 100_000 } : need)) };
    expect(buildFrontier([point(1, 93_449, 1000), point(2, 92_727, 1200)], largeBacklog).warnings[0]).toContain('households served fall from 93,449 to 92,727 although');
    expect(buildFrontier([point(1, 800, 1000), point(2, 900, 1200)], dataset).warnings).toEqual([]);
    // When benefit falls too, the only warning is the broken frontier, not an explanation that says it rose.
    const bothFall = buildFrontier([point(1, 900, 1200), point(2, 800, 1000)], dataset).warnings;
    expect(bothFall).toHaveLength(1);
    expect(bothFall[0]).toContain('below the previous point');
  });

  it('does not call a fall within the solver gap a broken frontier', () => {
    const points = [
      { budgetFactor: 1, totalBudgetRand: 100_000_000, plan: handMadePlan({ benefit: { total: 10_000, needLed: 5000, growthLed: 5000 } }) },
      { budgetFactor: 2, totalBudgetRand: 200_000_000, plan: handMadePlan({ benefit: { total: 9_995, needLed: 5000, growthLed: 4995 } }) },
    ];
    // A fall of 5 in 10 000 is 0.05%: inside a 0.1% gap, outside the default exact tolerance.
    expect(buildFrontier(points, dataset, 1e-3).warnings).toEqual([]);
    expect(buildFrontier(points, dataset).warnings).toHaveLength(1);
  });
});

describe('how sweep solves its levels (issue 14)', () => {
  it('solves the level nearest ×1 first and starts the others from it, to the sweep default gap', async () => {
    const { runSweep } = await import('../../src/analysis/run-sweep.js');
    const { TINY_MODEL } = await import('./helpers.js');
    const outcome = await runSweep({ modelPath: TINY_MODEL, budgetFactors: [0.8, 1, 1.2] }, { workers: 1, skipFiles: true });
    expect(outcome.requestedRelativeGap).toBe(0.01);
    expect(outcome.solving?.gapWords).toMatch(/1% gap, the sweep default/);
    const [low, centre, high] = outcome.frontier.points;
    expect(centre.howSolved).toBeNull();
    for (const point of [low, high]) {
      expect(point.howSolved).toMatch(/^started from the plan at ×[\d.]+: (accepted without a MILP|the neighbouring plan)/);
      expect(point.gap ?? 1).toBeLessThanOrEqual(0.01 + 1e-9);
    }
    // More money never buys less, within the gap.
    expect(high.benefit).toBeGreaterThanOrEqual(low.benefit * (1 - 0.01));
  });
});
