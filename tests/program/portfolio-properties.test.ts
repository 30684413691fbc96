import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/dataset/types.js';
import { interpretPortfolio } from '../../src/plan/interpret.js';
import { solveProgram } from '../../src/solve/solve-program.js';
import { nearlyEqual } from '../../src/dataset/tolerance.js';
import type { PortfolioPlan } from '../../src/plan/types.js';
import { buildPortfolioProgram } from '../../src/program/portfolio.js';
import { highsEngine } from '../../src/solve/highs-engine.js';
import { TINY_INDICES } from '../plan/tiny-models.js';
import { SEED, tinyPortfolioArbitrary } from './generators.js';

/** Solve a tiny dataset to proven optimality and interpret it; null plan when infeasible. */
async function solveTiny(dataset: Dataset): Promise<{ objective: number | null; plan: PortfolioPlan | null }> {
  const { program, layout } = buildPortfolioProgram(dataset, TINY_INDICES);
  if (layout.infeasibleReasons.length > 0) return { objective: null, plan: null };
  const result = await solveProgram(highsEngine, program, { relativeGap: 0 });
  if (result.status !== 'optimal') return { objective: null, plan: null };
  const plan = interpretPortfolio({ dataset, indices: TINY_INDICES, result, scenarioName: 'test', overridesApplied: [], warnings: [] }, layout);
  return { objective: result.objective, plan };
}

/** The dataset with every envelope multiplied by `scale`. */
function scaleBudget(dataset: Dataset, scale: number): Dataset {
  return {
    ...dataset,
    fundingSources: dataset.fundingSources.map((source) => ({
      ...source,
      envelopeRandByYear: Object.fromEntries(Object.entries(source.envelopeRandByYear).map(([year, amount]) => [year, amount * scale])),
    })),
  };
}

const runs = { seed: SEED, numRuns: 60 };

describe('portfolio properties (fast-check, fixed seed)', () => {
  it('more budget never lowers the optimum', async () => {
    await fc.assert(
      fc.asyncProperty(tinyPortfolioArbitrary, fc.constantFrom(1.25, 1.5, 2), async (dataset, scale) => {
        const before = await solveTiny(dataset);
        const after = await solveTiny(scaleBudget(dataset, scale));
        if (before.objective === null) return;
        expect(after.objective).not.toBeNull();
        expect((after.objective as number) >= before.objective - 1e-6 * Math.max(1, before.objective)).toBe(true);
      }),
      runs,
    );
  }, 120_000);

  it('a committed project is always funded when a plan exists', async () => {
    await fc.assert(
      fc.asyncProperty(tinyPortfolioArbitrary, async (dataset) => {
        const { plan } = await solveTiny(dataset);
        if (plan === null) return;
        for (const project of dataset.projects.filter((candidate) => candidate.status === 'committed')) {
          expect(plan.projects.find((line) => line.id === project.id)?.funded).toBe(true);
        }
      }),
      runs,
    );
  }, 120_000);

  it('removing an unfunded project (that nothing depends on) leaves the optimum unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(tinyPortfolioArbitrary, async (dataset) => {
        const { objective, plan } = await solveTiny(dataset);
        if (plan === null || objective === null) return;
        const removable = plan.projects.find((line) => !line.funded && !dataset.projects.some((project) => project.prerequisiteIds.includes(line.id)));
        if (!removable) return;
        const smaller = { ...dataset, projects: dataset.projects.filter((project) => project.id !== removable.id) };
        const again = await solveTiny(smaller);
        expect(again.objective).not.toBeNull();
        expect(nearlyEqual(again.objective as number, objective, 1e-7)).toBe(true);
      }),
      runs,
    );
  }, 120_000);

  it('the same input gives the same plan', async () => {
    await fc.assert(
      fc.asyncProperty(tinyPortfolioArbitrary, async (dataset) => {
        const first = await solveTiny(dataset);
        const second = await solveTiny(structuredClone(dataset));
        const strip = (plan: PortfolioPlan | null) => (plan === null ? null : { ...plan, seconds: 0 });
        expect(strip(second.plan)).toEqual(strip(first.plan));
      }),
      runs,
    );
  }, 120_000);
});
