import { describe, expect, it } from 'vitest';
import { toJsonText } from '../../src/report/json-output.js';

describe('JSON output', () => {
  it('rounds money fields to the cent, in numbers, lists and records, and leaves other numbers alone', () => {
    const text = toJsonText({
      spentRand: 755100000.0000002,
      envelopeRand: 755100000,
      cashFlowRandByBuildYear: [7999999.999999995, 12059015.927189985],
      envelopeRandByYear: { 2026: 1.005000001 },
      objective: 263352.40000001,
      nested: [{ amountRand: 0.1 + 0.2 }],
      marginalValues: [{ sourceId: 'RBIG', objectivePerRand: 0.0000123456 }],
      marginalBenefitPer100MillionRand: 12.3456,
    });
    expect(JSON.parse(text)).toEqual({
      spentRand: 755100000,
      envelopeRand: 755100000,
      cashFlowRandByBuildYear: [8000000, 12059015.93],
      envelopeRandByYear: { 2026: 1.01 },
      objective: 263352.40000001,
      nested: [{ amountRand: 0.3 }],
      // Rates per rand are not money: rounding them to the cent would erase them.
      marginalValues: [{ sourceId: 'RBIG', objectivePerRand: 0.0000123456 }],
      marginalBenefitPer100MillionRand: 12.3456,
    });
    expect(text.endsWith('}\n')).toBe(true);
  });
});
