/**
 * Hand a program to an engine, answering the degenerate case itself: a program with no variables
 * (nothing can be funded, or nothing needs money) is decided by its constant rows alone, and some
 * engines reject an empty model rather than call it optimal.
 */
import type { LinearProgram } from '../program/linear-program.js';
import type { Engine, SolveOptions, SolveResult } from './engine.js';

/** Solve `program` with `engine`, treating a program without variables directly. */
export async function solveProgram(engine: Engine, program: LinearProgram, options: SolveOptions = {}): Promise<SolveResult> {
  if (program.variables.length > 0) return engine.solve(program, options);
  const feasible = program.constraints.every((constraint) => constraint.lower <= 0 && 0 <= constraint.upper);
  return {
    engine: engine.name,
    status: feasible ? 'optimal' : 'infeasible',
    rawStatus: feasible ? 'no variables: the empty plan is the only plan' : 'no variables and a row that excludes zero',
    objective: feasible ? program.objectiveConstant : null,
    bestBound: feasible ? program.objectiveConstant : null,
    gap: feasible ? 0 : null,
    nodes: 0,
    seconds: 0,
    values: feasible ? [] : null,
    duals: feasible ? program.constraints.map(() => 0) : null,
  };
}
