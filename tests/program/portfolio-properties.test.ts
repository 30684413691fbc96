import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/dataset/types.js';
import { interpretPortfolio } from '../../src/plan/interpret.js';
import { solveProgram } from '../../src/solve/solve-program.js';
import type { PortfolioPlan } from '../../src/plan/types.js';
import { buildPortfolioProgram } from '../../src/program/portfolio.js';
import { highsEngine } from '../../src/solve/highs-engine.js';
import { TINY_INDICES } from '../plan/tiny-models.js';
import { RunCounter } from '../property-runs.js';
import { expectAtLeast, expectClose } from '../tolerance.js';
import { committedPortfolioArbitrary, plannablePortfolioArbitrary, SEED } from './generators.js';

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

const numRuns = 60;
const runs = { seed: SEED, numRuns };

/** Ids of the projects a plan funds. */
function fundedIds(plan: PortfolioPlan): string[] {
  return plan.projects.filter((line) => line.funded).map((line) => line.id);
}

describe('portfolio properties (fast-check, fixed seed)', () => {
  it('more budget never lowers the optimum', async () => {
    // Non-trivial: the first plan funds something, so there is an optimum to keep.
    const counter = new RunCounter();
    await fc.assert(
      fc.asyncProperty(plannablePortfolioArbitrary, fc.constantFrom(1.25, 1.5, 2), async (dataset, scale) => {
        const before = await solveTiny(dataset);
        const after = await solveTiny(scaleBudget(dataset, scale));
        if (!counter.count(before.plan !== null && fundedIds(before.plan).length > 0)) return;
        expect(after.objective).not.toBeNull();
        expectAtLeast(after.objective, before.objective as number);
      }),
      runs,
    );
    counter.expectMostChecked(numRuns);
  }, 120_000);

  it('a committed project is always funded when a plan exists', async () => {
    // Non-trivial: a plan exists and the register commits at least one project.
    const counter = new RunCounter();
    await fc.assert(
      fc.asyncProperty(committedPortfolioArbitrary, async (dataset) => {
        const { plan } = await solveTiny(dataset);
        const committed = dataset.projects.filter((candidate) => candidate.status === 'committed');
        if (!counter.count(plan !== null && committed.length > 0) || plan === null) return;
        for (const project of committed) {
          expect(plan.projects.find((line) => line.id === project.id)?.funded, project.id).toBe(true);
        }
      }),
      runs,
    );
    counter.expectMostChecked(numRuns);
  }, 120_000);

  it('removing an unfunded project (that nothing depends on) leaves the optimum unchanged', async () => {
    // Non-trivial: the plan funds something and leaves out a project that can be removed.
    const counter = new RunCounter();
    await fc.assert(
      fc.asyncProperty(plannablePortfolioArbitrary, async (dataset) => {
        const { objective, plan } = await solveTiny(dataset);
        const removable = plan?.projects.find((line) => !line.funded && !dataset.projects.some((project) => project.prerequisiteIds.includes(line.id)));
        if (!counter.count(plan !== null && objective !== null && removable !== undefined && fundedIds(plan).length > 0) || removable === undefined) return;
        const smaller = { ...dataset, projects: dataset.projects.filter((project) => project.id !== removable.id) };
        const again = await solveTiny(smaller);
        expect(again.objective).not.toBeNull();
        expectClose(again.objective, objective as number);
      }),
      runs,
    );
    // Some plans fund every project that nothing depends on; 70% of runs still remove one.
    counter.expectMostChecked(numRuns, 0.7);
  }, 120_000);

  it('the same input gives the same plan', async () => {
    // Non-trivial: there is a plan funding something to compare.
    const counter = new RunCounter();
    await fc.assert(
      fc.asyncProperty(plannablePortfolioArbitrary, async (dataset) => {
        const first = await solveTiny(dataset);
        const second = await solveTiny(structuredClone(dataset));
        counter.count(first.plan !== null && fundedIds(first.plan).length > 0);
        const strip = (plan: PortfolioPlan | null) => (plan === null ? null : { ...plan, seconds: 0, cpuSeconds: undefined });
        expect(strip(second.plan)).toEqual(strip(first.plan));
      }),
      runs,
    );
    counter.expectMostChecked(numRuns);
  }, 120_000);
});
