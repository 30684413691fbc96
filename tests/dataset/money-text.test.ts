/**
 * Money as text rounds as the workbook shows money: the cell holds rand rounded to the cent and
 * RAND_MILLION_FORMAT shows it to R0.1 million, half away from zero (Excel and LibreOffice round a
 * displayed decimal so). The sentence of the same amount must read the same.
 */
import { describe, expect, it } from 'vitest';
import { formatRandMillion, roundRandToCent } from '../../src/dataset/money-text.js';
import { roundRand } from '../../src/report/summary-figures.js';

/** What a cell of `amountRand` shows under RAND_MILLION_FORMAT: to the cent as stored, then tenths of a million, half away from zero, in integers. */
function cellText(amountRand: number): string {
  const cents = Math.round(roundRand(amountRand) * 100);
  const tenths = Math.sign(cents) * Math.floor((Math.abs(cents) + 5_000_000) / 10_000_000);
  const whole = Math.trunc(Math.abs(tenths) / 10).toLocaleString('en-GB');
  return `R${tenths < 0 ? '-' : ''}${whole}.${Math.abs(tenths) % 10} million`;
}

describe('formatRandMillion', () => {
  it('reads as the cell of the same amount does, whatever the solver noise', () => {
    const amounts = [
      49_999.999_999_9, // R50,000 less noise: the cell shows 0.1, the sentence said R0.0 million
      50_000.000_000_1,
      49_999.994,
      149_999.999_999,
      150_000,
      350_000,
      1_249_999.999_999_7,
      652_299_999.999_999_9,
      1_234_549_999.999_9,
      -0.001,
      -49_999.999_999_9,
      0,
    ];
    for (const amountRand of amounts) expect(formatRandMillion(amountRand), String(amountRand)).toBe(cellText(amountRand));
    expect(formatRandMillion(49_999.999_999_9)).toBe('R0.1 million');
    expect(formatRandMillion(-0.001)).toBe('R0.0 million');
    expect(formatRandMillion(1_234_549_999.999_9)).toBe('R1,234.6 million');
  });

  it('rounds to the cent as the workbook cells do', () => {
    for (const amountRand of [0.004, -0.004, 12.345_000_1, 652_299_999.999_999_9, 2.98e-8]) expect(roundRandToCent(amountRand)).toBe(roundRand(amountRand));
  });
});
