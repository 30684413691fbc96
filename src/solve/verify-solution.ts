/**
 * Independent check of an engine's answer against the LinearProgram it was asked to solve. No
 * engine status is trusted on its own: every `optimal` or `feasible` result must pass this check
 * (bounds, integrality, every row, and the objective recomputed) or it is downgraded to `error`.
 */
import type { LinearProgram, LinearTerm } from '../program/linear-program.js';
import { statusHasSolution, type SolveResult } from './engine.js';
import { constraintName, variableName } from '../program/lp-names.js';

/** Largest distance from the nearest integer accepted for an integer or binary variable. */
export const INTEGRALITY_TOLERANCE = 1e-6;

/**
 * Relative feasibility tolerance. A row passes when its violation is at most this times
 * max(1, |bound|, largest |coefficient × value| in the row), so a budget row in rand and a share
 * row in fractions are judged on their own scale. Solvers work to about 1e-7 on scaled rows.
 */
export const FEASIBILITY_TOLERANCE = 1e-6;

/** Relative tolerance for the reported objective against the recomputed one (same scaling rule). */
export const OBJECTIVE_TOLERANCE = 1e-6;

/** How many violations a downgraded result quotes in its rawStatus. */
const VIOLATIONS_QUOTED = 5;

/** Outcome of verifying one solution. */
export interface VerificationOutcome {
  /** True when no violation was found. */
  readonly ok: boolean;
  /** One sentence per violation, naming the label; empty when ok. */
  readonly violations: readonly string[];
  /** Objective recomputed from the values, including the program's constant. */
  readonly objective: number;
}

/** Value of `sum(terms)` and the largest single |coefficient × value|, for tolerance scaling. */
function evaluate(terms: readonly LinearTerm[], values: readonly number[]): { readonly activity: number; readonly largestTerm: number } {
  let activity = 0;
  let largestTerm = 0;
  for (const term of terms) {
    const product = term.coefficient * values[term.variable];
    activity += product;
    largestTerm = Math.max(largestTerm, Math.abs(product));
  }
  return { activity, largestTerm };
}

/** Objective of `values` for `program`, including its constant. */
export function computeObjective(program: LinearProgram, values: readonly number[]): number {
  return evaluate(program.objective, values).activity + program.objectiveConstant;
}

/**
 * Check `values` against every bound, integrality requirement and constraint of `program`, and
 * the engine's `reportedObjective` (when given) against the recomputed objective.
 */
export function verifySolution(program: LinearProgram, values: readonly number[], reportedObjective: number | null): VerificationOutcome {
  const violations: string[] = [];
  if (values.length !== program.variables.length) {
    return {
      ok: false,
      violations: [`the solution has ${values.length} values but the program has ${program.variables.length} variables`],
      objective: Number.NaN,
    };
  }
  program.variables.forEach((variable, index) => {
    const value = values[index];
    const who = `variable "${variable.label}" (${variableName(index)}) = ${value}`;
    if (!Number.isFinite(value)) {
      violations.push(`${who}: not a finite number`);
      return;
    }
    const lower = variable.kind === 'binary' ? Math.max(variable.lower, 0) : variable.lower;
    const upper = variable.kind === 'binary' ? Math.min(variable.upper, 1) : variable.upper;
    if (value < lower - FEASIBILITY_TOLERANCE * Math.max(1, Math.abs(lower))) violations.push(`${who}: below its lower bound ${lower}`);
    if (value > upper + FEASIBILITY_TOLERANCE * Math.max(1, Math.abs(upper))) violations.push(`${who}: above its upper bound ${upper}`);
    if (variable.kind !== 'continuous' && Math.abs(value - Math.round(value)) > INTEGRALITY_TOLERANCE) {
      violations.push(`${who}: must be ${variable.kind === 'binary' ? 'binary' : 'an integer'}`);
    }
  });
  if (violations.some((violation) => violation.endsWith('not a finite number'))) {
    return { ok: false, violations, objective: Number.NaN };
  }

  program.constraints.forEach((constraint, index) => {
    const { activity, largestTerm } = evaluate(constraint.terms, values);
    const who = `constraint "${constraint.label}" (${constraintName(index)}): activity ${activity}`;
    if (Number.isFinite(constraint.lower)) {
      const tolerance = FEASIBILITY_TOLERANCE * Math.max(1, Math.abs(constraint.lower), largestTerm);
      if (activity < constraint.lower - tolerance) violations.push(`${who} is below its lower bound ${constraint.lower}`);
    }
    if (Number.isFinite(constraint.upper)) {
      const tolerance = FEASIBILITY_TOLERANCE * Math.max(1, Math.abs(constraint.upper), largestTerm);
      if (activity > constraint.upper + tolerance) violations.push(`${who} is above its upper bound ${constraint.upper}`);
    }
  });

  const { activity, largestTerm } = evaluate(program.objective, values);
  const objective = activity + program.objectiveConstant;
  if (reportedObjective !== null) {
    const scale = Math.max(1, Math.abs(reportedObjective), Math.abs(program.objectiveConstant), largestTerm);
    if (!(Math.abs(objective - reportedObjective) <= OBJECTIVE_TOLERANCE * scale)) {
      violations.push(`objective: the engine reported ${reportedObjective} but the values give ${objective}`);
    }
  }
  return { ok: violations.length === 0, violations, objective };
}

/** Values with integer and binary variables snapped to the nearest integer (they passed the 1e-6 check). */
function snapIntegers(program: LinearProgram, values: readonly number[]): number[] {
  return values.map((value, index) => {
    const snapped = program.variables[index].kind === 'continuous' ? value : Math.round(value);
    return snapped === 0 ? 0 : snapped; // -0 confuses readers of reports
  });
}

/**
 * Verify a result that claims a solution (`optimal` or `feasible`). On success integer values are
 * snapped to exact integers and the objective recomputed from them; on failure the status
 * becomes `error`, rawStatus keeps the engine's text plus the first violations, duals are dropped
 * and the values are kept only for diagnosis. Other statuses pass through unchanged.
 */
export function verifyResult(program: LinearProgram, result: SolveResult): SolveResult {
  if (!statusHasSolution(result.status)) return result;
  if (result.values === null) {
    return { ...result, status: 'error', rawStatus: `${result.rawStatus}; verification failed: the engine claimed a solution but returned no values`, duals: null };
  }
  const outcome = verifySolution(program, result.values, result.objective);
  if (!outcome.ok) {
    const quoted = outcome.violations.slice(0, VIOLATIONS_QUOTED).join('; ');
    const more = outcome.violations.length > VIOLATIONS_QUOTED ? ` (and ${outcome.violations.length - VIOLATIONS_QUOTED} more)` : '';
    return { ...result, status: 'error', rawStatus: `${result.rawStatus}; verification failed: ${quoted}${more}`, duals: null };
  }
  const values = snapIntegers(program, result.values);
  return { ...result, values, objective: computeObjective(program, values) };
}
