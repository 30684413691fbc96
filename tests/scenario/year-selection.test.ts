import { describe, expect, it } from 'vitest';
import { horizonFrom } from '../../src/dataset/horizon.js';
import { describeYears, parseYearSelection } from '../../src/scenario/year-selection.js';

const { years: horizon } = horizonFrom(2026, 10); // 2026/27 .. 2035/36

describe('parseYearSelection', () => {
  it.each([
    ['2027/28', [2027]],
    [2027, [2027]],
    ['2027/28-2029/30', [2027, 2028, 2029]],
    ['2027 - 2029', [2027, 2028, 2029]],
    [['2030/31', 2028, '2028/29'], [2028, 2030]],
    [['2026/27-2027/28', '2035/36'], [2026, 2027, 2035]],
  ] as const)('%j selects %j', (selection, expected) => {
    expect(parseYearSelection(selection as never, horizon)).toEqual({ years: expected });
  });

  it('omitted selects the whole horizon', () => {
    expect(parseYearSelection(undefined, horizon)).toEqual({ years: horizon });
  });

  it.each([
    ['2027/29', "'2027/29' is not a financial year like 2027/28"],
    ['next year', "'next year' is not a financial year like 2027/28"],
    ['2029/30-2027/28', "the range '2029/30-2027/28' ends before it starts"],
    ['2025/26', '2025/26 is outside the planning horizon 2026/27-2035/36'],
    ['2035/36-2036/37', '2036/37 is outside the planning horizon 2026/27-2035/36'],
  ])('%s is refused', (selection, error) => {
    expect(parseYearSelection(selection, horizon)).toEqual({ error });
  });
});

describe('describeYears', () => {
  it('names all years, a range, one year or a list', () => {
    expect(describeYears(horizon, horizon)).toBe('all years');
    expect(describeYears([2027, 2028, 2029], horizon)).toBe('2027/28-2029/30');
    expect(describeYears([2027], horizon)).toBe('2027/28');
    expect(describeYears([2027, 2030], horizon)).toBe('2027/28, 2030/31');
  });
});
