import { describe, expect, it } from 'vitest';
import {
  classifyQuadrant,
  compositeToIndex,
  computeIndicatorContributions,
  computeIndices,
  describeQuadrant,
  standardNormalCdf,
} from '../../src/indicators/indices.js';
import { InvalidInputError } from '../../src/errors/problems.js';
import type { IndicatorDeclaration } from '../../src/dataset/types.js';
import { HAND_INDICATORS, HAND_VALUES, makeHandDataset } from './hand-dataset.js';
import { expectAllClose } from '../tolerance.js';

/** Need indices, growth indices and quadrants of a result, in dataset order. */
function columns(indices: ReturnType<typeof computeIndices>) {
  return {
    need: indices.map((index) => index.needIndex),
    growth: indices.map((index) => index.growthIndex),
    quadrants: indices.map((index) => index.quadrant),
  };
}

/** The hand-made declarations with one declaration changed. */
function withDeclaration(id: string, change: Partial<IndicatorDeclaration>): IndicatorDeclaration[] {
  return HAND_INDICATORS.map((declaration) => (declaration.id === id ? { ...declaration, ...change } : declaration));
}

/** Run `action`, expecting an InvalidInputError, and return its problems. */
function problemsOf(action: () => unknown) {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).problems;
  }
  throw new Error('expected an InvalidInputError');
}

describe('computeIndices with min-max normalisation (hand computed)', () => {
  // water_backlog_share (worse, share 3/4): 10, 30, 50, 30 -> 0, 0.5, 1, 0.5
  // piped_access_share (better, flipped, share 1/4): -80, -70, -40, -100 -> 1/3, 0.5, 1, 0
  // need = 3/4 * first + 1/4 * second: AA1 1/12, BB2 0.375 + 0.125 = 0.5, CC3 1, DD4 0.375
  // gva_growth_percent (better, share 1/4): 5, 2, 0, 6 -> 5/6, 1/3, 0, 1
  // unemployment_percent (worse, flipped, share 3/4): -20, -30, -40, -20 -> 1, 0.5, 0, 1
  // growth: AA1 5/24 + 3/4 = 23/24, BB2 1/12 + 3/8 = 11/24, CC3 0, DD4 1/4 + 3/4 = 1
  const result = columns(computeIndices(makeHandDataset(), 'min-max'));

  it('gives the hand-computed need and growth indices', () => {
    expectAllClose(result.need, [1 / 12, 0.5, 1, 0.375]);
    expectAllClose(result.growth, [23 / 24, 11 / 24, 0, 1]);
  });

  it('puts a need index exactly at the threshold in high need', () => {
    // BB2's need index is exactly 0.5 in binary floating point (0.375 + 0.125), the threshold.
    expect(result.need[1]).toBe(0.5);
    expect(result.quadrants).toEqual(['high_growth_low_need', 'low_growth_high_need', 'low_growth_high_need', 'high_growth_low_need']);
  });

  it('uses the model normalisation when none is given', () => {
    expect(computeIndices(makeHandDataset())).toEqual(computeIndices(makeHandDataset(), 'min-max'));
  });
});

describe('computeIndices with rank normalisation (hand computed, with ties)', () => {
  // water: 10 (1), 30 and 30 (ranks 2 and 3 -> 2.5), 50 (4) -> 0, 0.5, 1, 0.5
  // piped flipped: DD4 -100 (1), AA1 -80 (2), BB2 -70 (3), CC3 -40 (4) -> 1/3, 2/3, 1, 0
  // need: AA1 1/12, BB2 3/8 + 1/6 = 13/24, CC3 1, DD4 3/8
  // gva: CC3 0 (1), BB2 2 (2), AA1 5 (3), DD4 6 (4) -> 2/3, 1/3, 0, 1
  // unemployment flipped: CC3 -40 (1), BB2 -30 (2), AA1 and DD4 -20 (ranks 3 and 4 -> 3.5) -> 5/6, 1/3, 0, 5/6
  // growth: AA1 1/6 + 5/8 = 19/24, BB2 1/12 + 1/4 = 1/3, CC3 0, DD4 1/4 + 5/8 = 7/8
  it('gives the hand-computed indices', () => {
    const result = columns(computeIndices(makeHandDataset(), 'rank'));
    expectAllClose(result.need, [1 / 12, 13 / 24, 1, 3 / 8]);
    expectAllClose(result.growth, [19 / 24, 1 / 3, 0, 7 / 8]);
  });
});

describe('computeIndices with z-score normalisation (hand computed, CDF mapped)', () => {
  // water: mean 30, population variance (400 + 0 + 400 + 0) / 4 = 200, sigma 10*sqrt(2)
  //   -> -sqrt(2), 0, sqrt(2), 0
  // piped flipped: -80, -70, -40, -100, mean -72.5, variance (56.25 + 6.25 + 1056.25 + 756.25) / 4 = 468.75,
  //   sigma 12.5*sqrt(3) -> -0.6/sqrt(3), 0.2/sqrt(3), 2.6/sqrt(3), -2.2/sqrt(3)
  // need composite = 3/4 * water + 1/4 * piped.
  const root2 = Math.SQRT2;
  const root3 = Math.sqrt(3);
  const needComposites = [-0.75 * root2 - 0.15 / root3, 0.05 / root3, 0.75 * root2 + 0.65 / root3, -0.55 / root3];
  // gva: 5, 2, 0, 6, mean 3.25, variance (3.0625 + 1.5625 + 10.5625 + 7.5625) / 4 = 5.6875
  // unemployment flipped: -20, -30, -40, -20, mean -27.5, variance (56.25 + 6.25 + 156.25 + 56.25) / 4 = 68.75
  const gvaSigma = Math.sqrt(5.6875);
  const unemploymentSigma = Math.sqrt(68.75);
  const growthComposites = [
    0.25 * (1.75 / gvaSigma) + 0.75 * (7.5 / unemploymentSigma),
    0.25 * (-1.25 / gvaSigma) + 0.75 * (-2.5 / unemploymentSigma),
    0.25 * (-3.25 / gvaSigma) + 0.75 * (-12.5 / unemploymentSigma),
    0.25 * (2.75 / gvaSigma) + 0.75 * (7.5 / unemploymentSigma),
  ];

  it('has the hand-computed composites as sums of contributions', () => {
    const contributions = computeIndicatorContributions(makeHandDataset(), 'z-score');
    const sumOf = (theme: 'need' | 'growth') =>
      contributions.map((municipal) =>
        municipal.contributions.filter((entry) => entry.theme === theme).reduce((sum, entry) => sum + entry.contribution, 0),
      );
    expectAllClose(sumOf('need'), needComposites);
    expectAllClose(sumOf('growth'), growthComposites);
  });

  it('maps the composites through the standard normal CDF', () => {
    // Reference values of Phi at the composites above, from Python's math.erf (an independent erf):
    // Phi(x) = (1 + erf(x / sqrt 2)) / 2.
    const result = columns(computeIndices(makeHandDataset(), 'z-score'));
    expectAllClose(result.need, [0.1256365299488219, 0.5115148723390122, 0.9244899860588145, 0.3754159420445585]);
    expectAllClose(result.growth, [0.8056150691009505, 0.36048260358173256, 0.07059687703641626, 0.8331476997003684]);
    expect(result.quadrants).toEqual(['high_growth_low_need', 'low_growth_high_need', 'low_growth_high_need', 'high_growth_low_need']);
  });

  it('maps 0 (the average municipality) to 0.5 and known quantiles to their probabilities', () => {
    expect(standardNormalCdf(0)).toBe(0.5);
    // Phi(1) = 0.841344746068543, Phi(-1.959963984540054) = 0.025 (table values).
    expectAllClose([standardNormalCdf(1), standardNormalCdf(-1.959963984540054)], [0.841344746068543, 0.025]);
    expect(compositeToIndex(1, 'z-score')).toBe(standardNormalCdf(1));
  });
});

describe('orientation by direction', () => {
  it('flips a need indicator only when higher is better', () => {
    // piped_access_share now counts as is: 80, 70, 40, 100 -> 2/3, 0.5, 0, 1
    // need = 3/4 * (0, 0.5, 1, 0.5) + 1/4 * (2/3, 0.5, 0, 1) = 1/6, 0.5, 0.75, 0.625
    const dataset = makeHandDataset({ indicators: withDeclaration('piped_access_share', { direction: 'higher_is_worse' }) });
    expectAllClose(columns(computeIndices(dataset, 'min-max')).need, [1 / 6, 0.5, 0.75, 0.625]);
  });
  it('flips a growth indicator only when higher is worse', () => {
    // unemployment_percent now counts as is: 20, 30, 40, 20 -> 0, 0.5, 1, 0
    // growth = 1/4 * (5/6, 1/3, 0, 1) + 3/4 * (0, 0.5, 1, 0) = 5/24, 11/24, 3/4, 1/4
    const dataset = makeHandDataset({ indicators: withDeclaration('unemployment_percent', { direction: 'higher_is_better' }) });
    expectAllClose(columns(computeIndices(dataset, 'min-max')).growth, [5 / 24, 11 / 24, 3 / 4, 1 / 4]);
  });
});

describe('weights', () => {
  it('are renormalised within each theme, so scaling a theme\'s weights changes nothing', () => {
    const scaled = makeHandDataset({
      indicators: HAND_INDICATORS.map((declaration) =>
        declaration.theme === 'need' ? { ...declaration, weight: declaration.weight * 10 } : { ...declaration, weight: declaration.weight / 8 },
      ),
    });
    for (const method of ['min-max', 'z-score', 'rank'] as const) {
      const expected = columns(computeIndices(makeHandDataset(), method));
      const actual = columns(computeIndices(scaled, method));
      expectAllClose(actual.need, expected.need);
      expectAllClose(actual.growth, expected.growth);
    }
  });

  it('report each indicator\'s share of its theme in the contributions', () => {
    const first = computeIndicatorContributions(makeHandDataset(), 'min-max')[0]!;
    expect(first.municipalityCode).toBe('AA1');
    expect(first.contributions.map((entry) => [entry.indicatorId, entry.weightShare])).toEqual([
      ['water_backlog_share', 0.75],
      ['piped_access_share', 0.25],
      ['gva_growth_percent', 0.25],
      ['unemployment_percent', 0.75],
    ]);
    // AA1: water 10 -> 0; piped flipped -> 1/3, contribution 1/12; gva 5/6 -> 5/24; unemployment flipped 1 -> 3/4.
    expect(first.contributions.map((entry) => entry.rawValue)).toEqual([10, 80, 5, 20]);
    expectAllClose(first.contributions.map((entry) => entry.normalisedValue), [0, 1 / 3, 5 / 6, 1]);
    expectAllClose(first.contributions.map((entry) => entry.contribution), [0, 1 / 12, 5 / 24, 3 / 4]);
  });

  it('ignore an indicator of weight 0 while the theme has another', () => {
    // Only piped_access_share (flipped) counts: need = 1/3, 0.5, 1, 0.
    const dataset = makeHandDataset({ indicators: withDeclaration('water_backlog_share', { weight: 0 }) });
    expectAllClose(columns(computeIndices(dataset, 'min-max')).need, [1 / 3, 0.5, 1, 0]);
  });
});

describe('all-equal indicator columns', () => {
  const flatGva = Object.fromEntries(
    Object.entries(HAND_VALUES).map(([code, values]) => [code, { ...values, gva_growth_percent: 3 }]),
  );
  it('contribute 0.5 under min-max', () => {
    // growth = 1/4 * 0.5 + 3/4 * (1, 0.5, 0, 1) = 0.875, 0.5, 0.125, 0.875
    expectAllClose(columns(computeIndices(makeHandDataset({ values: flatGva }), 'min-max')).growth, [0.875, 0.5, 0.125, 0.875]);
  });
  it('contribute 0 under z-score', () => {
    // growth composite = 3/4 * unemployment z-score (flipped): 7.5, -2.5, -12.5, 7.5 over sigma sqrt(68.75)
    const sigma = Math.sqrt(68.75);
    const expected = [7.5, -2.5, -12.5, 7.5].map((deviation) => standardNormalCdf((0.75 * deviation) / sigma));
    expectAllClose(columns(computeIndices(makeHandDataset({ values: flatGva }), 'z-score')).growth, expected);
  });
});

describe('quadrants', () => {
  const settings = { normalisation: 'min-max', needThreshold: 0.4, growthThreshold: 0.6 } as const;
  it('count an index exactly at its threshold as high', () => {
    expect(classifyQuadrant(0.4, 0.6, settings)).toBe('high_growth_high_need');
    expect(classifyQuadrant(0.39999999, 0.6, settings)).toBe('high_growth_low_need');
    expect(classifyQuadrant(0.4, 0.59999999, settings)).toBe('low_growth_high_need');
    expect(classifyQuadrant(0, 0, settings)).toBe('low_growth_low_need');
  });
  it('follow the thresholds of the model', () => {
    // BB2's min-max need index is exactly 0.5: just above the threshold it becomes low need.
    const quadrants = columns(computeIndices(makeHandDataset({ needThreshold: 0.5000001 }), 'min-max')).quadrants;
    expect(quadrants[1]).toBe('low_growth_low_need');
  });
  it('read as words', () => {
    expect(describeQuadrant('high_growth_high_need')).toBe('high growth, high need');
    expect(describeQuadrant('low_growth_high_need')).toBe('low growth, high need');
  });
});

describe('determinism', () => {
  it('gives each municipality the same indices whatever the row order', () => {
    const forward = computeIndices(makeHandDataset(), 'rank');
    const reversed = computeIndices(makeHandDataset({ codes: ['DD4', 'CC3', 'BB2', 'AA1'] }), 'rank');
    expect(reversed.map((index) => index.municipalityCode)).toEqual(['DD4', 'CC3', 'BB2', 'AA1']);
    expect([...reversed].reverse()).toEqual(forward);
  });
  it('keeps every index on 0..1 under every normalisation', () => {
    for (const method of ['min-max', 'z-score', 'rank'] as const) {
      for (const index of computeIndices(makeHandDataset(), method)) {
        for (const value of [index.needIndex, index.growthIndex]) {
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThanOrEqual(1);
        }
      }
    }
  });
});

describe('invalid declarations and values', () => {
  it('reject a theme whose weights are all zero, naming model.yaml and the keys', () => {
    const indicators = HAND_INDICATORS.map((declaration) => (declaration.theme === 'growth' ? { ...declaration, weight: 0 } : declaration));
    const problems = problemsOf(() => computeIndices(makeHandDataset({ indicators })));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'model.yaml', row: null, column: 'indicators[].weight' });
    expect(problems[0]!.message).toContain('every growth indicator has weight 0');
    expect(problems[0]!.message).toContain('indicators[2].weight (gva_growth_percent), indicators[3].weight (unemployment_percent)');
  });

  it('name the model.yaml that was loaded', () => {
    const dataset = {
      ...makeHandDataset({ indicators: withDeclaration('water_backlog_share', { weight: 0 }).map((declaration) =>
        declaration.id === 'piped_access_share' ? { ...declaration, weight: 0 } : declaration) }),
      sourceFiles: [{ path: 'models/hand/model.yaml', sha256: '0' }, { path: 'models/hand/indicators.csv', sha256: '0' }],
    };
    expect(problemsOf(() => computeIndices(dataset))[0]!.file).toBe('models/hand/model.yaml');
  });

  it('reject a theme with no indicator and a negative weight', () => {
    const indicators = withDeclaration('water_backlog_share', { weight: -1 }).filter((declaration) => declaration.theme === 'need');
    const problems = problemsOf(() => computeIndices(makeHandDataset({ indicators })));
    expect(problems.map((problem) => problem.column)).toEqual(['indicators[0].weight', 'indicators']);
    expect(problems[1]!.message).toContain('no indicator has theme "growth"');
  });

  it('reject a missing value, naming indicators.csv, the row and the column', () => {
    const values = { ...HAND_VALUES, CC3: { water_backlog_share: 50, piped_access_share: 40, gva_growth_percent: 0 } };
    const problems = problemsOf(() => computeIndices(makeHandDataset({ values })));
    // CC3 is the third data row: spreadsheet row 4 under the header.
    expect(problems).toEqual([
      { file: 'indicators.csv', row: 4, column: 'unemployment_percent', message: 'municipality CC3 has no numeric value for indicator "unemployment_percent"' },
    ]);
  });
});
