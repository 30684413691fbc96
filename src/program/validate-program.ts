/**
 * Numeric checks on a LinearProgram before any engine sees it. A NaN coefficient or a bound of
 * 1e300 would otherwise be silently read as "infinite" or "zero" by a solver, and the plan built
 * from that answer would look valid. Every problem names the variable or constraint label.
 */
import type { Constraint, LinearProgram, LinearTerm } from './linear-program.js';
import { constraintName, variableName } from './lp-names.js';

/**
 * Largest magnitude accepted for a finite coefficient or bound. HiGHS treats matrix values from
 * 1e15 and bounds from 1e20 as infinite, so anything this large is a units mistake, not data.
 */
export const LARGEST_FINITE_MAGNITUDE = 1e15;

/** Thrown when a program holds numbers no engine can be trusted with; lists every problem. */
export class InvalidProgramError extends Error {
  /** One sentence per problem, each naming the label concerned. */
  readonly problems: readonly string[];
  constructor(programName: string, problems: readonly string[]) {
    const shown = problems.slice(0, 20).map((problem) => `  - ${problem}`);
    if (problems.length > shown.length) shown.push(`  - ... and ${problems.length - shown.length} more`);
    super(`the linear program "${programName}" cannot be solved: ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${shown.join('\n')}`);
    this.name = 'InvalidProgramError';
    this.problems = problems;
  }
}

/** Why a finite-required number is unusable, or null when it is fine. */
function finiteProblem(value: number): string | null {
  if (Number.isNaN(value)) return 'is NaN';
  if (!Number.isFinite(value)) return `is ${value}`;
  if (Math.abs(value) >= LARGEST_FINITE_MAGNITUDE) return `is ${value}, too large to be told apart from infinity (limit 1e15); use larger money units`;
  return null;
}

/** Why a bound is unusable (±Infinity is allowed on its own side), or null when it is fine. */
function boundProblem(value: number, side: 'lower' | 'upper'): string | null {
  if (side === 'lower' && value === -Infinity) return null;
  if (side === 'upper' && value === Infinity) return null;
  if (value === (side === 'lower' ? Infinity : -Infinity)) return `is ${value}`;
  return finiteProblem(value);
}

/**
 * Frozen constraint lists already found without a problem, with the variable counts they were
 * checked against. A re-solve hands the engine several programs that share one built program's
 * constraints (its LP with the starts fixed, the guided start's sub-MIP, the MILP: they change
 * variables only), so their rows are checked once (task st). Only a clean result is kept: a list
 * with problems is checked again, so every message names the variables of the program at hand.
 */
const cleanConstraintLists = new WeakMap<readonly Constraint[], Set<number>>();

/** Every numeric or structural problem in a program; empty when it is safe to solve. */
export function findProgramProblems(program: LinearProgram): string[] {
  const problems: string[] = [];
  const variableCount = program.variables.length;
  const describeVariable = (index: number): string =>
    index >= 0 && index < variableCount ? `"${program.variables[index].label}" (${variableName(index)})` : `#${index}`;

  const seenVariableLabels = new Set<string>();
  program.variables.forEach((variable, index) => {
    const who = `variable ${describeVariable(index)}`;
    if (seenVariableLabels.has(variable.label)) problems.push(`${who}: the label is used by an earlier variable`);
    seenVariableLabels.add(variable.label);
    const lowerProblem = boundProblem(variable.lower, 'lower');
    const upperProblem = boundProblem(variable.upper, 'upper');
    if (lowerProblem) problems.push(`${who}: lower bound ${lowerProblem}`);
    if (upperProblem) problems.push(`${who}: upper bound ${upperProblem}`);
    if (!lowerProblem && !upperProblem && variable.lower > variable.upper) {
      problems.push(`${who}: lower bound ${variable.lower} is above upper bound ${variable.upper}`);
    }
    if (variable.kind === 'binary' && (variable.lower > 1 || variable.upper < 0)) {
      problems.push(`${who}: a binary variable needs bounds that include 0 or 1, got ${variable.lower}..${variable.upper}`);
    }
  });

  const checkTerms = (terms: readonly LinearTerm[], who: string): void => {
    for (const term of terms) {
      if (!Number.isInteger(term.variable) || term.variable < 0 || term.variable >= variableCount) {
        problems.push(`${who}: refers to variable index ${term.variable}, but the program has ${variableCount} variables`);
        continue;
      }
      const coefficientProblem = finiteProblem(term.coefficient);
      if (coefficientProblem) problems.push(`${who}: coefficient of ${describeVariable(term.variable)} ${coefficientProblem}`);
    }
  };

  const rowsKnownClean = cleanConstraintLists.get(program.constraints)?.has(variableCount) === true;
  const problemsBeforeRows = problems.length;
  const seenConstraintLabels = new Set<string>();
  if (!rowsKnownClean) program.constraints.forEach((constraint, index) => {
    const who = `constraint "${constraint.label}" (${constraintName(index)})`;
    if (seenConstraintLabels.has(constraint.label)) problems.push(`${who}: the label is used by an earlier constraint`);
    seenConstraintLabels.add(constraint.label);
    checkTerms(constraint.terms, who);
    const lowerProblem = boundProblem(constraint.lower, 'lower');
    const upperProblem = boundProblem(constraint.upper, 'upper');
    if (lowerProblem) problems.push(`${who}: lower bound ${lowerProblem}`);
    if (upperProblem) problems.push(`${who}: upper bound ${upperProblem}`);
    if (!lowerProblem && !upperProblem && constraint.lower > constraint.upper) {
      problems.push(`${who}: lower bound ${constraint.lower} is above upper bound ${constraint.upper}`);
    }
  });
  // Frozen (as ProgramBuilder.build leaves them) so that nothing can change them after this check.
  if (!rowsKnownClean && problems.length === problemsBeforeRows && Object.isFrozen(program.constraints)) {
    const counts = cleanConstraintLists.get(program.constraints) ?? new Set<number>();
    counts.add(variableCount);
    cleanConstraintLists.set(program.constraints, counts);
  }

  checkTerms(program.objective, 'objective');
  const constantProblem = finiteProblem(program.objectiveConstant);
  if (constantProblem) problems.push(`objective constant ${constantProblem}`);
  return problems;
}

/** Throw InvalidProgramError when the program has any problem. */
export function assertValidProgram(program: LinearProgram): void {
  const problems = findProgramProblems(program);
  if (problems.length > 0) throw new InvalidProgramError(program.name, problems);
}
