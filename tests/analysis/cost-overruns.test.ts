import { describe, expect, it } from 'vitest';
import { DEFAULT_OVERRUN_DISTRIBUTION, drawOverrunFactors } from '../../src/analysis/cost-overruns.js';
import { applyCostFactors, withCostFactors } from '../../src/dataset/cost-factors.js';
import { makeSampleDataset } from '../scenario/sample-dataset.js';
import { ARITHMETIC, expectAllClose, expectClose } from '../tolerance.js';

describe('drawOverrunFactors', () => {
  it('repeats exactly with the same seed and differs with another', () => {
    const first = drawOverrunFactors(6, 4, 42);
    expect(drawOverrunFactors(6, 4, 42)).toEqual(first);
    const other = drawOverrunFactors(6, 4, 43);
    expect(other).not.toEqual(first);
    expect(other.flat().filter((factor, index) => factor === first.flat()[index])).toHaveLength(0);
  });

  it('gives the first k draws of a longer run unchanged', () => {
    expect(drawOverrunFactors(5, 10, 7).slice(0, 3)).toEqual(drawOverrunFactors(5, 3, 7));
  });

  it('follows the documented lognormal: median near 1.10 and ln-spread near 0.20', () => {
    const logs = drawOverrunFactors(1, 20_000, 2024).map(([factor]) => Math.log(factor));
    const mean = logs.reduce((sum, value) => sum + value, 0) / logs.length;
    const variance = logs.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (logs.length - 1);
    // Standard error of the mean is 0.2 / sqrt(20000) ≈ 0.0014; allow about 4 standard errors.
    expect(Math.abs(mean - Math.log(DEFAULT_OVERRUN_DISTRIBUTION.medianFactor))).toBeLessThan(0.006);
    expect(Math.abs(Math.sqrt(variance) - DEFAULT_OVERRUN_DISTRIBUTION.sigma)).toBeLessThan(0.006);
    expect(logs.every(Number.isFinite)).toBe(true);
  });

  it('gives exactly the median factor when sigma is 0', () => {
    expectAllClose(drawOverrunFactors(3, 2, 1, { medianFactor: 1.25, sigma: 0 }).flat(), [1.25, 1.25, 1.25, 1.25, 1.25, 1.25]);
  });
});

describe("a draw's factors on the register, as stress applies them", () => {
  // stress records each draw as per-project cost factors on the planned register (withCostFactors,
  // src/analysis/run-stress.ts); the run applies them when it is planned (applyCostFactors).
  const drawnDataset = (factors: readonly number[]) => {
    const dataset = makeSampleDataset();
    return { dataset, stressed: applyCostFactors(withCostFactors(dataset, { factorByProjectId: Object.fromEntries(dataset.projects.map((project, index) => [project.id, factors[index]])) })) };
  };

  it('scales capex and every cash-flow year of each project by its own factor, the profile kept and summing to the capex', () => {
    const { dataset, stressed } = drawnDataset(makeSampleDataset().projects.map((_, index) => 1 + index / 10));
    expect(stressed.projects[0].capexRand).toBe(90_000_000);
    expectClose(stressed.projects[2].capexRand, 108_000_000, ARITHMETIC);
    expectAllClose(stressed.projects[2].cashFlowRandByBuildYear, [27_000_000 * 1.2, 45_000_000 * 1.2, 18_000_000 * 1.2]);
    for (const project of stressed.projects) expect(project.cashFlowRandByBuildYear.reduce((sum, amount) => sum + amount, 0)).toBe(project.capexRand);
    // The register it was drawn on is unchanged, and the applied factors are spent.
    expect(dataset.projects[2].capexRand).toBe(90_000_000);
    expect(stressed.costFactors).toBeUndefined();
  });

  it('gives each project of a drawn register its own drawn factor', () => {
    const factors = drawOverrunFactors(6, 1, 42)[0];
    const { dataset, stressed } = drawnDataset(factors);
    stressed.projects.forEach((project, index) => expectClose(project.capexRand, dataset.projects[index].capexRand * factors[index], ARITHMETIC));
  });
});
