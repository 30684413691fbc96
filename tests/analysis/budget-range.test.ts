import { describe, expect, it } from 'vitest';
import { parseBudgetRange, scaleEnvelopes, totalEnvelopeRand } from '../../src/analysis/budget-range.js';
import { InvalidInputError } from '../../src/errors/problems.js';
import { makeSampleDataset } from '../scenario/sample-dataset.js';
import { ARITHMETIC, expectClose } from '../tolerance.js';

describe('parseBudgetRange', () => {
  it('spaces the factors evenly, both ends included', () => {
    expect(parseBudgetRange('0.5:1.5:5')).toEqual([0.5, 0.75, 1, 1.25, 1.5]);
    expect(parseBudgetRange('0.8:1:3')).toEqual([0.8, 0.9, 1]);
  });

  it.each([
    ['1.5', 'from:to:steps'],
    ['a:1:3', 'numbers from 0 to 100'],
    ['0:1e308:5', 'numbers from 0 to 100'],
    ['1:1000000:2', 'numbers from 0 to 100'],
    ['1:0.5:3', "must be larger than 'from'"],
    ['0.5:1:1', 'steps must be a whole number'],
    ['0.5:1:2.5', 'steps must be a whole number'],
  ])('rejects %s naming the option', (text, fragment) => {
    try {
      parseBudgetRange(text);
      expect.unreachable('expected an error');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      const [problem] = (error as InvalidInputError).problems;
      expect(problem.column).toBe('--budget-scale');
      expect(problem.message).toContain(fragment);
    }
  });
});

describe('scaleEnvelopes', () => {
  it('multiplies every envelope of every source and leaves the input unchanged', () => {
    const dataset = makeSampleDataset();
    const before = totalEnvelopeRand(dataset);
    // 5 sources × 10 years; source offsets 0..80 (step 20) and year offsets 0..9 give 100+... million.
    expect(before).toBe((5 * 10 * 100 + 10 * (0 + 20 + 40 + 60 + 80) + 5 * 45) * 1_000_000);
    const scaled = scaleEnvelopes(dataset, 0.5);
    expectClose(totalEnvelopeRand(scaled), before / 2, ARITHMETIC);
    expect(scaled.fundingSources[1].envelopeRandByYear[2027]).toBe(121_000_000 * 0.5);
    expect(totalEnvelopeRand(dataset)).toBe(before);
  });
});
