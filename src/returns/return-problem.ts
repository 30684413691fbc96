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
  /** Sheet row when no single cell is to blame, or null. */
  readonly row: number | null;
  /** What is wrong, one sentence. */
  readonly message: string;
}

/** `file, sheet S, cell C: message` (or `row N` when no cell is named). */
export function formatReturnProblem(problem: ReturnProblem): string {
  const where = [problem.file];
  if (problem.sheet !== null) where.push(`sheet ${problem.sheet}`);
  if (problem.cell !== null) where.push(`cell ${problem.cell}`);
  else if (problem.row !== null) where.push(`row ${problem.row}`);
  return `${where.join(', ')}: ${problem.message}`;
}
