/** Shared by the money-cell tests of the run and comparison workbooks: solver-like noise, and reading cells back. */
import type ExcelJS from 'exceljs';
import type { SpendingLine } from '../../src/plan/types.js';

/** A third of a millionth of a rand: enough to leave 15 significant digits of noise in a cell. */
export const NOISE = 1 / 3_000_000;

/** The lines with NOISE added to every amount that is not zero, as a solver leaves them. */
export function noisy(lines: readonly SpendingLine[]): SpendingLine[] {
  return lines.map((line) => ({ ...line, amountRand: line.amountRand === 0 ? 0 : line.amountRand + NOISE }));
}

/** A cell's number, a value or a formula's cached result (exceljs reads a cached 0 back as no result); null for anything else. */
export function numberIn(cell: ExcelJS.Cell): number | null {
  const value = cell.value as unknown;
  if (typeof value === 'number') return value;
  if (value !== null && typeof value === 'object' && 'formula' in value) {
    const result = (value as { result?: unknown }).result;
    return typeof result === 'number' ? result : result == null ? 0 : null;
  }
  return null;
}

/** Whether an amount in rand is a whole number of cents. */
export function atTheCent(amountRand: number): boolean {
  return amountRand === Math.round(amountRand * 100) / 100;
}
