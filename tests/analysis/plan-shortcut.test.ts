/**
 * The acceptance shortcut of issue 14 (src/analysis/plan-shortcut.ts): a plan made from a
 * neighbouring plan is a real plan (the independent checker passes) and lies within the gap it
 * states of the brute-force optimum; starting from the neighbour gives the same benefit as a cold
 * solve, within the gap.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scaleEnvelopes } from '../../src/analysis/budget-range.js';
import { drawOverrunFactors } from '../../src/analysis/cost-overruns.js';
import { applyCostFactors, withCostFactors } from '../../src/dataset/cost-factors.js';
import { decisionsOfPlan, neighbourPlan, planFromNeighbour, shiftRepairProgram } from '../../src/analysis/plan-shortcut.js';
import { buildFormulation } from '../../src/program/formulation.js';
import { getEngine } from '../../src/solve/engines.js';
import { loadModel } from '../../src/dataset/load-model.js';
import type { Dataset } from '../../src/dataset/types.js';
import { computeIndices } from '../../src/indicators/indices.js';
import { datasetRun, planRun } from '../../src/pipeline/plan-run.js';
import { checkPlan } from '../../src/plan/check-plan.js';
import { hasSolution } from '../../src/solve/engine.js';
import { bruteForcePortfolio } from '../program/brute-force.js';
import { RunCounter } from '../property-runs.js';
import { expectAtLeast, expectAtMost, SOLVER } from '../tolerance.js';
import { TINY_MODEL } from './helpers.js';

/** The tiny model changed as an analysis changes it: every envelope scaled, or every project's cost multiplied. */
function variantOf(tiny: Dataset, change: { kind: 'scale'; factor: number } | { kind: 'overrun'; seed: number }): Dataset {
  if (change.kind === 'scale') return scaleEnvelopes(tiny, change.factor);
  // As stress draws an overrun: per-project cost factors, applied here so the brute force sees the costs too.
  const [factors] = drawOverrunFactors(tiny.projects.length, 1, change.seed);
  return applyCostFactors(withCostFactors(tiny, { factorByProjectId: Object.fromEntries(tiny.projects.map((project, index) => [project.id, factors[index]])) }));
}

const changeArbitrary = fc.oneof(
  fc.record({ kind: fc.constant('scale' as const), factor: fc.constantFrom(0.6, 0.8, 0.9, 1.1, 1.25, 1.5) }),
  fc.record({ kind: fc.constant('overrun' as const), seed: fc.integer({ min: 0, max: 10_000 }) }),
);

describe('a plan from a neighbouring plan (tiny model against brute force)', () => {
  it('is feasible by the independent checker and within its stated gap of the optimum, whether accepted without a MILP or not', async () => {
    const tiny = await loadModel(TINY_MODEL);
    const { plan: base } = await planRun(datasetRun(tiny), { formulation: 'portfolio', marginalValues: false, relativeGap: 0 });
    const startFrom = decisionsOfPlan(base);
    const counter = new RunCounter();
    let accepted = 0;
    let milps = 0;
    await fc.assert(
      fc.asyncProperty(changeArbitrary, fc.constantFrom(0.02, 0.1, 0.3), async (change, relativeGap) => {
        const variant = variantOf(tiny, change);
        const reference = bruteForcePortfolio(variant, computeIndices(variant));
        const plan = await planFromNeighbour(datasetRun(variant), { marginalValues: false, diagnoseInfeasibility: false }, { startFrom, relativeGap });
        if (!counter.count(reference.objective !== null && hasSolution(plan))) {
          expect(hasSolution(plan)).toBe(reference.objective !== null);
          return;
        }
        const optimum = reference.objective as number;
        expect(checkPlan(plan, variant).violations).toEqual([]);
        expect(plan.howSolved).toBeDefined();
        if (plan.howSolved?.method === 'accepted_shortcut') {
          accepted += 1;
          expect(plan.howSolved.milpSolves).toBe(0);
          expect(plan.howSolved.words).toMatch(/^accepted without a MILP: .* within \d+\.\d\d% of the LP bound$/);
        } else milps += 1;
        // Within the gap it states (and the gap asked for) of the true optimum, never above it.
        const benefit = plan.objectiveBenefitPoints as number;
        expect(plan.status).toBe('optimal');
        expectAtMost(plan.gap, relativeGap, SOLVER, 'stated gap');
        expectAtLeast(benefit, optimum - (plan.gap as number) * Math.max(1, Math.abs(optimum)), SOLVER, 'benefit against the brute-force optimum');
        expectAtMost(benefit, optimum, SOLVER, 'benefit');
        // The bound it states is a true bound.
        expectAtLeast(plan.bestBoundBenefitPoints, optimum, SOLVER, 'stated bound');
      }),
      { numRuns: 8, seed: 20261201 },
    );
    counter.expectMostChecked(8);
    // Both paths are exercised: the loose gaps accept, the tight one needs the MILP.
    expect(accepted).toBeGreaterThan(0);
    expect(milps).toBeGreaterThan(0);
  });

  it('started from the neighbour (as MIP start) gives the cold solve\'s benefit within the gap', async () => {
    const tiny = await loadModel(TINY_MODEL);
    const { plan: base } = await planRun(datasetRun(tiny), { formulation: 'portfolio', marginalValues: false, relativeGap: 0 });
    const startFrom = decisionsOfPlan(base);
    const counter = new RunCounter();
    await fc.assert(
      fc.asyncProperty(changeArbitrary, fc.constantFrom(0, 0.01, 0.05), async (change, relativeGap) => {
        const variant = variantOf(tiny, change);
        const { plan: cold } = await planRun(datasetRun(variant), { formulation: 'portfolio', marginalValues: false, diagnoseInfeasibility: false, relativeGap });
        // tryLpBound off: always the MILP from the neighbour, the path the default model takes.
        const warm = await planFromNeighbour(datasetRun(variant), { marginalValues: false, diagnoseInfeasibility: false }, { startFrom, relativeGap, tryLpBound: false });
        if (!counter.count(hasSolution(cold))) {
          expect(hasSolution(warm)).toBe(false);
          return;
        }
        expect(warm.howSolved?.method).toBe('milp_warm');
        const coldBenefit = cold.objectiveBenefitPoints as number;
        const warmBenefit = warm.objectiveBenefitPoints as number;
        const allowed = relativeGap * Math.max(1, Math.abs(coldBenefit), Math.abs(warmBenefit));
        expectAtMost(Math.abs(coldBenefit - warmBenefit), allowed, SOLVER, 'warm against cold');
        expect(checkPlan(warm, variant).violations).toEqual([]);
      }),
      { numRuns: 6, seed: 20261202 },
    );
    counter.expectMostChecked(6);
  });

  it('with the shift repair of stress draws: every plan passes the checker and equals the cold solve within the gap', async () => {
    const tiny = await loadModel(TINY_MODEL);
    const { plan: base } = await planRun(datasetRun(tiny), { formulation: 'portfolio', marginalValues: false, relativeGap: 0 });
    const startFrom = decisionsOfPlan(base);
    const counter = new RunCounter();
    let shifted = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 10_000 }), fc.constantFrom(0, 0.01, 0.05), async (seed, relativeGap) => {
        const variant = variantOf(tiny, { kind: 'overrun', seed });
        const reference = bruteForcePortfolio(variant, computeIndices(variant));
        const { plan: cold } = await planRun(datasetRun(variant), { formulation: 'portfolio', marginalValues: false, diagnoseInfeasibility: false, relativeGap });
        const warm = await planFromNeighbour(datasetRun(variant), { marginalValues: false, diagnoseInfeasibility: false, timeLimitSeconds: 15 }, { startFrom, relativeGap, tryLpBound: false, shiftYears: 2 });
        if (!counter.count(hasSolution(cold) && reference.objective !== null)) {
          expect(hasSolution(warm)).toBe(false);
          return;
        }
        if (/started up to 2 years later/.test(warm.howSolved?.words ?? '')) shifted += 1;
        expect(checkPlan(warm, variant).violations).toEqual([]);
        expect(warm.status).toBe('optimal');
        const optimum = reference.objective as number;
        const coldBenefit = cold.objectiveBenefitPoints as number;
        const warmBenefit = warm.objectiveBenefitPoints as number;
        expectAtMost(Math.abs(coldBenefit - warmBenefit), relativeGap * Math.max(1, Math.abs(coldBenefit), Math.abs(warmBenefit)), SOLVER, 'warm (shift repair) against cold');
        expectAtLeast(warmBenefit, optimum - relativeGap * Math.max(1, Math.abs(optimum)), SOLVER, 'warm against the brute-force optimum');
        expectAtMost(warmBenefit, optimum, SOLVER, 'warm benefit');
      }),
      { numRuns: 8, seed: 20261203 },
    );
    counter.expectMostChecked(8);
    // Overruns on the tiny model push its plan out of its years in some draws: the shift repair ran.
    expect(shifted).toBeGreaterThan(0);
  });

  it('cold when broken (stress draws): a draw the neighbour no longer fits is a MILP without a start, passes the checker and equals the cold solve within the gap', async () => {
    const tiny = await loadModel(TINY_MODEL);
    const { plan: base } = await planRun(datasetRun(tiny), { formulation: 'portfolio', marginalValues: false, relativeGap: 0 });
    const startFrom = decisionsOfPlan(base);
    const counter = new RunCounter();
    const methods = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 10_000 }), fc.constantFrom(0, 0.01, 0.05), async (seed, relativeGap) => {
        const variant = variantOf(tiny, { kind: 'overrun', seed });
        const reference = bruteForcePortfolio(variant, computeIndices(variant));
        const { plan: cold } = await planRun(datasetRun(variant), { formulation: 'portfolio', marginalValues: false, diagnoseInfeasibility: false, relativeGap });
        const draw = await planFromNeighbour(datasetRun(variant), { marginalValues: false, diagnoseInfeasibility: false, timeLimitSeconds: 15 }, { startFrom, relativeGap, tryLpBound: false, whenBroken: 'cold' });
        methods.add(draw.howSolved?.method ?? 'none');
        if (!counter.count(hasSolution(cold) && reference.objective !== null)) {
          expect(hasSolution(draw)).toBe(false);
          return;
        }
        // A neighbour that fits is still the MIP start; one that does not is never repaired first.
        expect(draw.howSolved?.method).toBe(/no longer fits/.test(draw.howSolved?.words ?? '') ? 'milp' : 'milp_warm');
        expect(checkPlan(draw, variant).violations).toEqual([]);
        expect(draw.status).toBe('optimal');
        const optimum = reference.objective as number;
        const coldBenefit = cold.objectiveBenefitPoints as number;
        const drawBenefit = draw.objectiveBenefitPoints as number;
        expectAtMost(Math.abs(coldBenefit - drawBenefit), relativeGap * Math.max(1, Math.abs(coldBenefit), Math.abs(drawBenefit)), SOLVER, 'cold when broken against cold');
        expectAtLeast(drawBenefit, optimum - relativeGap * Math.max(1, Math.abs(optimum)), SOLVER, 'against the brute-force optimum');
        expectAtMost(drawBenefit, optimum, SOLVER, 'benefit');
        // As stress runs it since task x2: the box in CPU seconds of HiGHS's thread, the feasibility jump off. Same answers within the gap.
        const asStress = await planFromNeighbour(datasetRun(variant), { marginalValues: false, diagnoseInfeasibility: false, timeLimitSeconds: 15 }, { startFrom, relativeGap, tryLpBound: false, whenBroken: 'cold', boxInCpuSeconds: true, feasibilityJump: false });
        expect(asStress.howSolved?.method).toBe(draw.howSolved?.method);
        expect(checkPlan(asStress, variant).violations).toEqual([]);
        expect(asStress.status).toBe('optimal');
        const stressBenefit = asStress.objectiveBenefitPoints as number;
        expectAtLeast(stressBenefit, optimum - relativeGap * Math.max(1, Math.abs(optimum)), SOLVER, 'CPU box, no feasibility jump: against the brute-force optimum');
        expectAtMost(stressBenefit, optimum, SOLVER, 'CPU box, no feasibility jump: benefit');
      }),
      { numRuns: 8, seed: 20261204 },
    );
    counter.expectMostChecked(8);
    // Overruns on the tiny model break the plan in some draws: the path without a start ran.
    expect(methods.has('milp')).toBe(true);
  });

  it('the shift repair keeps, delays (up to the years given) or drops the neighbour\'s projects, never adds one, and is never worse than keep-or-drop', async () => {
    const tiny = await loadModel(TINY_MODEL);
    const { plan: base } = await planRun(datasetRun(tiny), { formulation: 'portfolio', marginalValues: false, relativeGap: 0 });
    const startFrom = decisionsOfPlan(base);
    const engine = getEngine('highs');
    let compared = 0;
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const variant = variantOf(tiny, { kind: 'overrun', seed });
      const built = buildFormulation(variant, computeIndices(variant), 'portfolio');
      if (built.kind !== 'portfolio') throw new Error('the tiny model builds a portfolio');
      const restricted = shiftRepairProgram(built.program, built.layout, startFrom, 2);
      for (const [id, entries] of built.layout.startVariables) {
        for (const entry of entries) {
          const startYear = startFrom[id] ?? null;
          const open = startYear !== null && entry.financialYear >= startYear && entry.financialYear <= startYear + 2;
          expect(restricted.variables[entry.variable].upper, `${id} ${entry.financialYear}`).toBe(open ? built.program.variables[entry.variable].upper : 0);
        }
      }
      const keepOrDrop = await neighbourPlan(engine, built.program, built.layout, startFrom);
      const shift = await neighbourPlan(engine, built.program, built.layout, startFrom, { laterYears: 2, relativeGap: 0, timeLimitSeconds: 15 });
      if (keepOrDrop === null || shift === null || keepOrDrop.exact) continue;
      compared += 1;
      expectAtLeast(shift.benefitPoints, keepOrDrop.benefitPoints, SOLVER, `seed ${seed}: shift repair against keep-or-drop`);
    }
    expect(compared).toBeGreaterThan(0);
  });
});
