/**
 * Money inside the linear programs is counted in millions of rand. Budget rows then carry
 * coefficients near 1 instead of near 1e8, which keeps the solvers' absolute tolerances (about
 * 1e-7 to 1e-9) far below one rand once converted back.
 */

/** Rand per money unit of the programs (R1 million). */
export const RAND_PER_PROGRAM_UNIT = 1_000_000;

/** Rand to program units. */
export function toProgramMoney(amountRand: number): number {
  return amountRand / RAND_PER_PROGRAM_UNIT;
}

/** Program units to rand. */
export function toRand(amountProgramUnits: number): number {
  return amountProgramUnits * RAND_PER_PROGRAM_UNIT;
}
