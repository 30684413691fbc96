/**
 * Issue 9, class 6: no NaN or infinity reaches an index. The loader refuses indicator values beyond
 * ±1e15 (tests/fixtures/broken/huge-indicators), and the normalisation itself is written so that even
 * values at the very edge of the floating-point range give finite, correct results.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import { InvalidInputError } from '../../src/errors/problems.js';
import { computeIndices } from '../../src/indicators/indices.js';
import { normaliseMinMax, normaliseZScore } from '../../src/indicators/normalise.js';
import { NORMALISATIONS } from '../../src/indicators/normalise.js';
import { HAND_VALUES, makeHandDataset } from './hand-dataset.js';
import { ARITHMETIC, expectAllClose, expectClose } from '../tolerance.js';

describe('normalisation of huge values', () => {
  it('min-max of 1e308 and -1e308 (whose range overflows) gives the same fractions as small numbers', () => {
    // (max - min) is Infinity here; the fractions are those of [1, -1, 0, 0.5].
    expectAllClose(normaliseMinMax([1e308, -1e308, 0, 0.5e308]), [1, 0, 0.5, 0.75]);
    expectAllClose(normaliseMinMax([1, -1, 0, 0.5]), [1, 0, 0.5, 0.75]);
  });

  it('z-scores do not change when every value is multiplied by 1e300 or 1e-300', () => {
    const values = [3, 1, 4, 1, 5, 9, 2, 6];
    const plain = normaliseZScore(values);
    for (const factor of [1e300, 1e-300]) {
      const scaled = normaliseZScore(values.map((value) => value * factor));
      expect(scaled.every(Number.isFinite)).toBe(true);
      expectAllClose(scaled, plain);
    }
  });

  it('a column far longer than a call may spread still normalises', () => {
    const values = Array.from({ length: 300_000 }, (_, index) => index);
    const result = normaliseMinMax(values);
    expect(result[0]).toBe(0);
    expect(result[values.length - 1]).toBe(1);
  });
});

describe('indices of huge-but-allowed and extreme indicator values', () => {
  it('are finite and in 0..1 under every normalisation, for values at ±1e15 and at ±1e308', () => {
    let nonTrivial = 0;
    for (const magnitude of [1e15, 1e308]) {
      const values = {
        ...HAND_VALUES,
        AA1: { ...HAND_VALUES.AA1!, water_backlog_share: magnitude, gva_growth_percent: -magnitude },
        BB2: { ...HAND_VALUES.BB2!, water_backlog_share: -magnitude, gva_growth_percent: magnitude },
      };
      for (const normalisation of NORMALISATIONS) {
        const indices = computeIndices(makeHandDataset({ values }), normalisation);
        for (const index of indices) {
          expect(index.needIndex, `${normalisation} ${magnitude} need ${index.municipalityCode}`).toBeGreaterThanOrEqual(0);
          expect(index.needIndex).toBeLessThanOrEqual(1);
          expect(index.growthIndex).toBeGreaterThanOrEqual(0);
          expect(index.growthIndex).toBeLessThanOrEqual(1);
        }
        // AA1 has the worst water backlog by far: under min-max its need is driven to the top of the
        // water indicator (share 3/4) and the huge values do not collapse the others to NaN.
        if (normalisation === 'min-max') {
          const need = Object.fromEntries(indices.map((index) => [index.municipalityCode, index.needIndex]));
          // water share 3/4 × 1 for AA1 plus piped access 1/4 × (1 - (80-40)/60): hand computed.
          expectClose(need.AA1, 0.75 + 0.25 * (1 - 40 / 60), ARITHMETIC);
          expectClose(need.BB2, 0.25 * (1 - 30 / 60), ARITHMETIC);
          nonTrivial += 1;
        }
      }
    }
    expect(nonTrivial).toBe(2);
  });

  it('the loader refuses indicator values beyond ±1e15 with file, row and column', async () => {
    const folder = path.join('tests', 'fixtures', 'broken', 'huge-indicators');
    const error = await loadModel(folder).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).problems).toEqual([
      { file: path.join(folder, 'indicators.csv'), row: 2, column: 'water_backlog_share', message: 'expected a number <= 1000000000000000 (1e15), found 1e308' },
      { file: path.join(folder, 'indicators.csv'), row: 3, column: 'water_backlog_share', message: 'expected a number >= -1000000000000000, found -1e308' },
    ]);
  });
});
