/**
 * Small programs with known answers, a seeded random generator, and brute force, shared by the
 * solver tests.
 */
import prand from 'pure-rand';
import type { LinearProgram, LinearTerm, Sense } from '../../src/program/linear-program.js';
import { ProgramBuilder } from '../../src/program/program-builder.js';
import { computeObjective, verifySolution } from '../../src/solve/verify-solution.js';

/** Terms from plain coefficient arrays: coefficient i applies to variable i; zeros are skipped. */
export function terms(coefficients: readonly number[], variables?: readonly number[]): LinearTerm[] {
  return coefficients
    .map((coefficient, position) => ({ variable: variables ? variables[position] : position, coefficient }))
    .filter((term) => term.coefficient !== 0);
}

/** A seeded integer generator in [low, high]. */
export function seededIntegers(seed: number): (low: number, high: number) => number {
  let generator = prand.xoroshiro128plus(seed);
  return (low, high) => {
    const [value, next] = prand.uniformIntDistribution(low, high, generator);
    generator = next;
    return value;
  };
}

/** A multidimensional 0-1 knapsack: maximise value subject to `rows` capacity rows. */
export function randomKnapsack(seed: number, items: number, rows: number, tightness = 0.5): LinearProgram {
  const next = seededIntegers(seed);
  const builder = new ProgramBuilder(`knapsack-${seed}`);
  const variables = Array.from({ length: items }, (_, item) => builder.addVariable(`take[item ${item}]`, 'binary', 0, 1));
  for (let row = 0; row < rows; row += 1) {
    const weights = variables.map(() => next(5, 100));
    const capacity = Math.floor(weights.reduce((sum, weight) => sum + weight, 0) * tightness);
    builder.addConstraint(`capacity[resource ${row}]`, 'capacity', terms(weights, variables), -Infinity, capacity);
  }
  builder.setObjective('maximize', terms(variables.map(() => next(10, 120)), variables), 0);
  return builder.build();
}

/**
 * A random small MILP: a mix of binary, integer (0..4) and continuous (0..3) variables, mixed-sign
 * coefficients, `<=`, `>=`, ranged and equality-free rows, either sense. Always feasible at x = 0
 * because every row holds 0.
 */
export function randomSmallMilp(seed: number): LinearProgram {
  const next = seededIntegers(seed);
  const builder = new ProgramBuilder(`milp-${seed}`);
  const count = next(3, 7);
  const variables: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const kind = next(0, 2);
    if (kind === 0) variables.push(builder.addVariable(`pick/${index}`, 'binary', 0, 1));
    else if (kind === 1) variables.push(builder.addVariable(`count [${index}]`, 'integer', 0, 4));
    else variables.push(builder.addVariable(`amount ${index}`, 'continuous', 0, 3));
  }
  const rows = next(2, 5);
  for (let row = 0; row < rows; row += 1) {
    const coefficients = variables.map(() => next(-3, 9));
    const shape = next(0, 2);
    const upper = next(2, 15);
    if (shape === 0) builder.addConstraint(`row ${row}`, 'random', terms(coefficients, variables), -Infinity, upper);
    else if (shape === 1) builder.addConstraint(`row ${row}`, 'random', terms(coefficients, variables), -next(0, 5), upper);
    else builder.addConstraint(`row ${row}`, 'random', terms(coefficients.map((value) => -value), variables), -upper, Infinity);
  }
  const sense: Sense = next(0, 1) === 0 ? 'maximize' : 'minimize';
  const objective = variables.map(() => next(-5, 10) * (sense === 'minimize' ? -1 : 1));
  builder.setObjective(sense, terms(objective, variables), next(-10, 10));
  return builder.build();
}

/** Best objective of a pure-binary program by enumerating every selection (feasible ones only). */
export function bruteForceBinaryOptimum(program: LinearProgram): number | null {
  const count = program.variables.length;
  if (count > 20) throw new Error('brute force is for at most 20 binaries');
  let best: number | null = null;
  for (let mask = 0; mask < 1 << count; mask += 1) {
    const values = Array.from({ length: count }, (_, index) => (mask >> index) & 1);
    if (!verifySolution(program, values, null).ok) continue;
    const objective = computeObjective(program, values);
    if (best === null || (program.sense === 'maximize' ? objective > best : objective < best)) best = objective;
  }
  return best;
}

