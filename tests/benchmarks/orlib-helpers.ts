/**
 * Shared helpers for the OR-Library benchmark tests: the data files, temporary model folders, and
 * an independent brute-force solver working on the OR-Library numbers themselves.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readOrLibFile, type OrLibProblem } from '../../src/benchmarks/or-library.js';

/** Folder holding copies of the OR-Library files (unchanged from /work/shared/benchmarks/orlib). */
export const ORLIB_FOLDER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data');
/** Petersen's seven problems with their optima. */
export const MKNAP1_PATH = path.join(ORLIB_FOLDER, 'mknap1.txt');
/** The first Chu–Beasley set (30 problems, 100 items, 5 constraints). */
export const MKNAPCB1_PATH = path.join(ORLIB_FOLDER, 'mknapcb1.txt');

/** Parse one of the OR-Library files. */
export function readOrLib(filePath: string): OrLibProblem[] {
  return readOrLibFile(filePath);
}

/** A fresh empty temporary folder. */
export function temporaryFolder(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `infraplan-${prefix}-`));
}

/** True when the selected items (0-based) fit every constraint of the OR-Library problem. */
export function fitsEveryConstraint(problem: OrLibProblem, selectedItems: readonly number[]): boolean {
  return problem.coefficients.every((row, constraint) => selectedItems.reduce((sum, item) => sum + row[item], 0) <= problem.rightHandSides[constraint]);
}

/** Best total profit over every subset of items, by enumeration (only for small item counts). */
export function bruteForceOptimum(problem: OrLibProblem): number {
  if (problem.itemCount > 20) throw new Error(`brute force over ${problem.itemCount} items would take too long`);
  let best = 0;
  for (let mask = 0; mask < 1 << problem.itemCount; mask += 1) {
    const selected: number[] = [];
    for (let item = 0; item < problem.itemCount; item += 1) if (mask & (1 << item)) selected.push(item);
    if (!fitsEveryConstraint(problem, selected)) continue;
    best = Math.max(best, selected.reduce((sum, item) => sum + problem.profits[item], 0));
  }
  return best;
}
