/**
 * Hand a program to an engine, answering the degenerate case itself: a program with no variables
 * (nothing can be funded, or nothing needs money) is decided by its constant rows alone, and some
 * engines reject an empty model rather than call it optimal.
 *
 * A MILP with start-once rows may be handed over in another start form (src/program/
 * cumulative-starts.ts, `SolveOptions.startForm`): the engine solves the rewritten program, and its
 * answer is mapped back and verified again on the program as built, so every caller (interpretation,
 * the independent checker) sees the original variables only.
 */
import { defaultStartForm, toStartForm, type StartFormProgram } from '../program/cumulative-starts.js';
import type { LinearProgram } from '../program/linear-program.js';
import type { Engine, SolveOptions, SolveResult } from './engine.js';
import { verifyResult } from './verify-solution.js';
import { solveByRace } from './highs-race.js';

/**
 * One engine call, or a race of two (SolveOptions.race, src/solve/highs-race.ts) for a MILP on
 * HiGHS: an LP is solved once (nothing to branch on, nothing a seed changes), and an engine
 * without seeds gains nothing from two identical runs.
 */
function solveOnce(engine: Engine, program: LinearProgram, options: SolveOptions, isMip: boolean): Promise<SolveResult> {
  if (options.race === true && isMip && engine.name === 'highs') return solveByRace(engine, program, options);
  const { race: _race, ...rest } = options;
  return engine.solve(program, rest);
}

/** Solve `program` with `engine`, treating a program without variables directly. */
export async function solveProgram(engine: Engine, program: LinearProgram, options: SolveOptions = {}): Promise<SolveResult> {
  if (program.variables.length > 0) {
    // An LP gains nothing from the rewrite (same polytope, nothing to branch on), so it is solved as built.
    const isMip = program.variables.some((variable) => variable.kind !== 'continuous');
    const rewritten = isMip ? toStartForm(program, options.startForm ?? program.startForm ?? defaultStartForm(options.relativeGap)) : null;
    if (rewritten === null || rewritten.chains.length === 0) return solveOnce(engine, program, options, isMip);
    const startValues = options.startValues !== undefined && options.startValues.length === program.variables.length ? rewritten.fromOriginalValues(options.startValues) : undefined;
    const { startValues: _original, ...rest } = options;
    const result = await solveOnce(engine, rewritten.program, { ...rest, ...(startValues !== undefined ? { startValues } : {}) }, isMip);
    return inOriginalForm(program, rewritten, result);
  }
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

/**
 * The engine's answer on the rewritten program as an answer on `program`: values (and duals)
 * mapped back, then verified on `program` itself, so a mapping fault could never pass as a plan.
 */
function inOriginalForm(program: LinearProgram, rewritten: StartFormProgram, result: SolveResult): SolveResult {
  const mapped: SolveResult = {
    ...result,
    values: result.values === null ? null : rewritten.toOriginalValues(result.values),
    duals: result.duals === null ? null : rewritten.toOriginalDuals(result.duals),
  };
  return verifyResult(program, mapped);
}
