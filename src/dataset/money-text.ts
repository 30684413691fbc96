/**
 * Money as text, the one way every command, message and note writes an amount: rand in R million
 * with one decimal and the thousands grouped, `R1,234.5 million`. The workbook keeps rand in its
 * cells and shows them in R million through a number format (RAND_MILLION_FORMAT in
 * src/report/format.ts) with the same grouping and decimal point.
 */

/** Rand in R1 million: charts and sentences count money in millions. */
export const RAND_PER_MILLION = 1_000_000;

const RAND_MILLION = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** `R1,234.5 million` for an amount in rand. */
export function formatRandMillion(amountRand: number): string {
  return `R${RAND_MILLION.format(amountRand / RAND_PER_MILLION)} million`;
}
