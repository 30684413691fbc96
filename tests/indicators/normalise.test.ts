import { describe, expect, it } from 'vitest';
import {
  averageRanks,
  normalise,
  normaliseMinMax,
  normaliseRank,
  normaliseZScore,
} from '../../src/indicators/normalise.js';
import type { Normalisation } from '../../src/dataset/types.js';
import { expectAllClose } from '../tolerance.js';

describe('min-max normalisation', () => {
  it('maps the smallest value to 0, the largest to 1 and the rest linearly', () => {
    // min 10, max 50, range 40: 30 -> 20/40 = 0.5, 20 -> 10/40 = 0.25.
    expectAllClose(normaliseMinMax([10, 30, 50, 20]), [0, 0.5, 1, 0.25]);
  });
  it('gives 0.5 to every municipality when all values are equal', () => {
    expect(normaliseMinMax([7, 7, 7])).toEqual([0.5, 0.5, 0.5]);
  });
  it('handles negative values', () => {
    // min -100, max -40, range 60: -80 -> 20/60, -70 -> 30/60.
    expectAllClose(normaliseMinMax([-80, -70, -40, -100]), [1 / 3, 0.5, 1, 0]);
  });
});

describe('z-score normalisation', () => {
  it('uses the mean and the population standard deviation', () => {
    // Mean 5; squared deviations 9+1+1+1+0+0+4+16 = 32; population variance 32/8 = 4, so sigma 2.
    // (The sample standard deviation would be sqrt(32/7) ~ 2.138 and give different scores.)
    expectAllClose(normaliseZScore([2, 4, 4, 4, 5, 5, 7, 9]), [-1.5, -0.5, -0.5, -0.5, 0, 0, 1, 2]);
  });
  it('gives 0 to every municipality when all values are equal, even when the mean does not round-trip', () => {
    // 0.1 + 0.1 + 0.1 = 0.30000000000000004, so a computed sigma could be a tiny non-zero number.
    expect(normaliseZScore([0.1, 0.1, 0.1])).toEqual([0, 0, 0]);
  });
  it('has mean 0 and population variance 1', () => {
    const scores = normaliseZScore([3, 17, 4, 9, 12]);
    const average = scores.reduce((sum, value) => sum + value, 0) / scores.length;
    const variance = scores.reduce((sum, value) => sum + (value - average) ** 2, 0) / scores.length;
    expectAllClose([average, variance], [0, 1]);
  });
});

describe('rank normalisation', () => {
  it('gives tied values the average of the ranks they occupy', () => {
    // Sorted: 10 (rank 1), 20 and 20 (ranks 2 and 3, average 2.5), 30 (rank 4).
    expect(averageRanks([20, 10, 30, 20])).toEqual([2.5, 1, 4, 2.5]);
    // 1 is rank 1, 5 rank 2, and the three 9s share ranks 3, 4, 5 -> 4 each.
    expect(averageRanks([5, 9, 9, 9, 1])).toEqual([2, 4, 4, 4, 1]);
  });
  it('scales ranks to 0..1 as (rank - 1) / (n - 1)', () => {
    // Ranks 2.5, 1, 4, 2.5 over n = 4: (2.5 - 1) / 3 = 0.5.
    expectAllClose(normaliseRank([20, 10, 30, 20]), [0.5, 0, 1, 0.5]);
    // Uneven spacing does not matter to ranks: 1, 2, 100 -> 0, 0.5, 1.
    expectAllClose(normaliseRank([1, 2, 100]), [0, 0.5, 1]);
  });
  it('gives 0.5 to all-equal values and to a single municipality', () => {
    expect(normaliseRank([4, 4, 4, 4])).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(normaliseRank([42])).toEqual([0.5]);
  });
});

describe('normalise', () => {
  it('dispatches to the named method', () => {
    const values = [3, 1, 2];
    expect(normalise(values, 'min-max')).toEqual(normaliseMinMax(values));
    expect(normalise(values, 'z-score')).toEqual(normaliseZScore(values));
    expect(normalise(values, 'rank')).toEqual(normaliseRank(values));
  });
  it('names the accepted methods when given an unknown one', () => {
    expect(() => normalise([1, 2], 'log' as Normalisation)).toThrow(/unknown normalisation "log"; use one of min-max, z-score, rank/);
  });
  it('flips every method when the values are negated (what orientation relies on)', () => {
    const values = [4, 9, 1, 9, 6];
    expectAllClose(normaliseMinMax(values.map((value) => -value)), normaliseMinMax(values).map((value) => 1 - value));
    expectAllClose(normaliseRank(values.map((value) => -value)), normaliseRank(values).map((value) => 1 - value));
    expectAllClose(normaliseZScore(values.map((value) => -value)), normaliseZScore(values).map((value) => -value));
  });
});
