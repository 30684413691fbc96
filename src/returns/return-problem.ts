/**
 * A problem found in a returned form, located as an official would look for it: the file, the
 * sheet and the cell (`WC044-return.xlsx, sheet Projects, cell F7: expected a number > 0, found
 * "R60m"`).
 */

/** One problem in a return. */
export interface ReturnProblem {
  /** The return's file name. */
  readonly file: string;
  /** Sheet name, or null for the whole file. */
  readonly sheet: string | null;
  /** A1 address of the cell, or null. */
  readonly cell: string | null;
  /** The header of the cell's column (`capex_rand`), when the cell is in one of the form's columns. */
  readonly column?: string | null;
  /** Sheet row when no single cell is to blame, or null. */
  readonly row: number | null;
  /** What is wrong, one sentence. */
  readonly message: string;
}

/** `file, sheet S, cell C (column): message` (or `row N` when no cell is named). */
export function formatReturnProblem(problem: ReturnProblem): string {
  const where = [problem.file];
  if (problem.sheet !== null) where.push(`sheet ${problem.sheet}`);
  // The column's header beside the address: the official reads `capex_rand` at the top of the sheet, not F (review u5, finding 10).
  if (problem.cell !== null) where.push(`cell ${problem.cell}${problem.column ? ` (${problem.column})` : ''}`);
  else if (problem.row !== null) where.push(`row ${problem.row}`);
  return `${where.join(', ')}: ${problem.message}`;
}
