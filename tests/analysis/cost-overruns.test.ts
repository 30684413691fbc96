import { describe, expect, it } from 'vitest';
import { applyCostOverruns, DEFAULT_OVERRUN_DISTRIBUTION, drawOverrunFactors } from '../../src/analysis/cost-overruns.js';
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

describe('applyCostOverruns', () => {
  it('scales capex and every cash-flow year of each project by its own factor', () => {
    const dataset = makeSampleDataset();
    const factors = dataset.projects.map((_, index) => 1 + index / 10);
    const stressed = applyCostOverruns(dataset, factors);
    expect(stressed.projects[0].capexRand).toBe(90_000_000);
    expectClose(stressed.projects[2].capexRand, 108_000_000, ARITHMETIC);
    expectAllClose(stressed.projects[2].cashFlowRandByBuildYear, [27_000_000 * 1.2, 45_000_000 * 1.2, 18_000_000 * 1.2]);
    expect(dataset.projects[2].capexRand).toBe(90_000_000);
  });

  it('rejects a factor list of the wrong length', () => {
    expect(() => applyCostOverruns(makeSampleDataset(), [1, 2])).toThrow(/expected 6 overrun factors, got 2/);
  });
});
