/**
 * Money as text, the one way every command, message and note writes an amount: rand in R million
 * with one decimal and the thousands grouped, `R1,234.5 million`. The workbook keeps rand in its
 * cells and shows them in R million through a number format (RAND_MILLION_FORMAT in
 * src/report/format.ts) with the same grouping and decimal point.
 */

/** Rand in R1 million: charts and sentences count money in millions. */
export const RAND_PER_MILLION = 1_000_000;

const RAND_MILLION = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** Amounts below half a cent are the solver's rounding noise, not money. */
const HALF_CENT_RAND = 0.005;

/**
 * Rand rounded to the cent, as the workbooks hold money in their cells (roundRand of
 * src/report/summary-figures.ts rounds the same way); noise below half a cent is 0, never -0.
 */
export function roundRandToCent(amountRand: number): number {
  const rounded = Math.round(amountRand * 100) / 100;
  return Math.abs(rounded) < HALF_CENT_RAND ? 0 : rounded;
}

/**
 * `R1,234.5 million` for an amount in rand. The amount is first rounded to the cent, as a cell
 * holds it, then to R0.1 million as RAND_MILLION_FORMAT shows that cell: a sentence and a cell of
 * the same amount then read the same. Rounded straight from the solver's value, a room of
 * R49,999.9999999 (R50,000 with its noise) read "R0.0 million" in explain's why line and the
 * Deferred projects sheet of one plan and "R0.1 million" in another plan's of the same amount.
 */
export function formatRandMillion(amountRand: number): string {
  return `R${RAND_MILLION.format(roundRandToCent(amountRand) / RAND_PER_MILLION)} million`;
}

/**
 * What is left of an envelope, for "… has only R2.1 million left": `only R2.1 million`, or `nothing`
 * when the amount would print as R0.0 million (review u4, finding 11: "only R0.0 million left").
 */
export function leftWords(amountRand: number): string {
  return amountRand < RAND_PER_MILLION / 20 ? 'nothing' : `only ${formatRandMillion(amountRand)}`;
}
