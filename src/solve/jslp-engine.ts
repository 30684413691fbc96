/**
 * The javascript-lp-solver engine: a pure-JavaScript simplex with branch and bound, kept as a
 * second opinion and a fallback. It reports no bound, gap or duals, and on timeout it returns
 * `feasible: true` with whatever tableau it stopped on (often fractional), so its answers are
 * mapped conservatively and always verified: `optimal` only when it finished before its timeout
 * and the solution passes verification.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import jslpPackage from 'javascript-lp-solver';
import type { Model as JslpModel, SolveResult as JslpResult } from 'javascript-lp-solver';
import type { LinearProgram } from '../program/linear-program.js';
import { describeEngine } from '../dataset/engine-catalogue.js';
import type { Engine, SolveOptions, SolveResult } from './engine.js';
import { constraintName, variableName } from '../program/lp-names.js';
import { checkSolveOptions, hardStopGraceSeconds } from './solve-options.js';
import { assertValidProgram } from '../program/validate-program.js';
import { verifyResult, verifySolution } from './verify-solution.js';

/** The solver object; its types describe a CommonJS default, Node's ESM build gives it directly. */
const jslp = ((jslpPackage as unknown as { default?: unknown }).default ?? jslpPackage) as { Solve(model: JslpModel): JslpResult };

/** Attribute name of the objective in the JSON model (no variable or row is named like it). */
const OBJECTIVE_ATTRIBUTE = 'objective';

/** How one program variable is represented by non-negative jslp columns. */
interface ColumnMapping {
  /** Constant part: the variable's shifted lower bound (0 when split or already at 0). */
  readonly shift: number;
  /** Column for the part above the shift (or the positive part of a split free variable). */
  readonly positive: string;
  /** Column for the negative part of a variable with no lower bound, else null. */
  readonly negative: string | null;
}

/** A jslp model with the mapping needed to read values back in program indexing. */
export interface JslpTranslation {
  /** The JSON model jslp solves. */
  readonly model: JslpModel;
  /** Objective constant after the shifts (add to jslp's result). */
  readonly objectiveConstant: number;
  /** Program variable values from a jslp answer. */
  recoverValues(answer: JslpResult): number[];
}

/**
 * The program as a javascript-lp-solver JSON model with safe names only. Every column is made
 * non-negative before jslp sees it: a finite lower bound is shifted to 0 and a variable with no
 * lower bound is split into `x_<i>_plus - x_<i>_minus`, because jslp 1.0.3 returns wrong optima
 * for `unrestricted` variables (measured: min 3x + y with x free answers 4 instead of -4).
 */
export function toJslpModel(program: LinearProgram, timeoutMilliseconds?: number): JslpTranslation {
  const constraints: JslpModel['constraints'] = {};
  const variables: Record<string, Record<string, number>> = {};
  const binaries: Record<string, 1> = {};
  const ints: Record<string, 1> = {};
  const addCoefficient = (column: string, attribute: string, coefficient: number): void => {
    const coefficients = (variables[column] ??= {});
    coefficients[attribute] = (coefficients[attribute] ?? 0) + coefficient;
  };

  const mappings: ColumnMapping[] = program.variables.map((variable, index) => {
    const name = variableName(index);
    const isInteger = variable.kind !== 'continuous';
    let { lower, upper } = variable;
    if (variable.kind === 'binary') {
      lower = Math.max(lower, 0);
      upper = Math.min(upper, 1);
    }
    // An integer x >= 2.5 is x >= 3, so integer shifts stay integral.
    if (isInteger) {
      lower = Math.ceil(lower);
      upper = Math.floor(upper);
    }
    if (lower === -Infinity) {
      const positive = `${name}_plus`;
      const negative = `${name}_minus`;
      variables[positive] = {};
      variables[negative] = {};
      if (isInteger) {
        ints[positive] = 1;
        ints[negative] = 1;
      }
      if (Number.isFinite(upper)) {
        constraints[`${name}_upper`] = { max: upper };
        addCoefficient(positive, `${name}_upper`, 1);
        addCoefficient(negative, `${name}_upper`, -1);
      }
      return { shift: 0, positive, negative };
    }
    variables[name] = {};
    const range = upper - lower;
    if (variable.kind === 'binary' && range === 1) binaries[name] = 1;
    else {
      if (isInteger) ints[name] = 1;
      if (Number.isFinite(range)) {
        constraints[`${name}_upper`] = { max: range };
        addCoefficient(name, `${name}_upper`, 1);
      }
    }
    return { shift: lower, positive: name, negative: null };
  });

  /** Add `coefficient * variable` to an attribute and return the constant it contributes. */
  const addTerm = (attribute: string, variable: number, coefficient: number): number => {
    const mapping = mappings[variable];
    addCoefficient(mapping.positive, attribute, coefficient);
    if (mapping.negative !== null) addCoefficient(mapping.negative, attribute, -coefficient);
    return coefficient * mapping.shift;
  };

  program.constraints.forEach((constraint, index) => {
    if (constraint.terms.length === 0) return; // decided without the engine, see jslpEngine.solve
    const { lower, upper } = constraint;
    if (lower === -Infinity && upper === Infinity) return;
    const name = constraintName(index);
    let constant = 0;
    for (const term of constraint.terms) constant += addTerm(name, term.variable, term.coefficient);
    if (lower === upper) constraints[name] = { equal: lower - constant };
    else if (Number.isFinite(lower) && Number.isFinite(upper)) constraints[name] = { min: lower - constant, max: upper - constant };
    else if (Number.isFinite(lower)) constraints[name] = { min: lower - constant };
    else constraints[name] = { max: upper - constant };
  });
  let objectiveConstant = program.objectiveConstant;
  for (const term of program.objective) objectiveConstant += addTerm(OBJECTIVE_ATTRIBUTE, term.variable, term.coefficient);

  const model: JslpModel = {
    optimize: OBJECTIVE_ATTRIBUTE,
    opType: program.sense === 'maximize' ? 'max' : 'min',
    constraints,
    variables,
    binaries,
    ints,
  };
  if (timeoutMilliseconds !== undefined) model.options = { timeout: timeoutMilliseconds };
  const read = (answer: JslpResult, column: string): number => {
    const value = answer[column];
    return typeof value === 'number' ? value : 0; // jslp omits columns at zero
  };
  return {
    model,
    objectiveConstant,
    recoverValues: (answer) =>
      mappings.map((mapping) => mapping.shift + read(answer, mapping.positive) - (mapping.negative === null ? 0 : read(answer, mapping.negative))),
  };
}

/** Label of the first constraint with no terms whose bounds exclude 0, or null. */
function emptyRowThatFails(program: LinearProgram): string | null {
  const failing = program.constraints.find((constraint) => constraint.terms.length === 0 && (constraint.lower > 0 || constraint.upper < 0));
  return failing ? failing.label : null;
}

/** The javascript-lp-solver engine. */
export const jslpEngine: Engine = {
  name: 'jslp',
  // Branch and bound is exact when it finishes; the timeout bounds only the branch-and-bound
  // loop (not one LP); its `tolerance` option is not a proven gap, so relative gaps are not offered.
  capabilities: describeEngine('jslp').capabilities,

  async solve(program: LinearProgram, options: SolveOptions = {}): Promise<SolveResult> {
    checkSolveOptions(options);
    // The clock starts before any work: checking and translating a national model take seconds.
    const translationStarted = performance.now();
    assertValidProgram(program);
    const none = { objective: null, bestBound: null, gap: null, nodes: null, values: null, duals: null };
    const emptyRow = emptyRowThatFails(program);
    if (emptyRow !== null) {
      return { engine: 'jslp', status: 'infeasible', rawStatus: `constraint "${emptyRow}" has no terms and its bounds exclude 0`, seconds: 0, ...none };
    }
    const limitMilliseconds = options.timeLimitSeconds === undefined ? undefined : options.timeLimitSeconds * 1000;
    const translation = toJslpModel(program);
    // The translation counts against the limit: on a national model it alone takes seconds.
    let timeoutMilliseconds: number | undefined;
    if (limitMilliseconds !== undefined) {
      const leftMilliseconds = limitMilliseconds - (performance.now() - translationStarted);
      if (leftMilliseconds < 1) {
        return { engine: 'jslp', status: 'time_limit', rawStatus: 'the time limit was used up translating the program for javascript-lp-solver', seconds: (performance.now() - translationStarted) / 1000, ...none };
      }
      timeoutMilliseconds = Math.round(leftMilliseconds);
    }
    const model: JslpModel = timeoutMilliseconds === undefined ? translation.model : { ...translation.model, options: { timeout: timeoutMilliseconds } };
    const started = performance.now();
    let answer: JslpResult;
    try {
      if (timeoutMilliseconds === undefined || limitMilliseconds === undefined) {
        answer = jslp.Solve(model);
      } else {
        const outcome = await solveWithDeadline(model, timeoutMilliseconds + 1000 * hardStopGraceSeconds(limitMilliseconds / 1000));
        if (outcome === 'deadline') {
          return {
            engine: 'jslp',
            status: 'time_limit',
            rawStatus: `javascript-lp-solver did not return within its ${timeoutMilliseconds} ms limit (it checks the limit only between branch-and-bound nodes); infraplan stopped it`,
            seconds: (performance.now() - translationStarted) / 1000,
            ...none,
          };
        }
        answer = outcome;
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { engine: 'jslp', status: 'error', rawStatus: `javascript-lp-solver failed: ${message}`, seconds: (performance.now() - translationStarted) / 1000, ...none };
    }
    const elapsedMilliseconds = performance.now() - started;
    const seconds = (performance.now() - translationStarted) / 1000;
    // jslp does not say whether it stopped on its timeout; running that long means it may have.
    // It compares Date.now() (whole milliseconds), so it can stop up to 1 ms early.
    const mayHaveTimedOut = timeoutMilliseconds !== undefined && elapsedMilliseconds >= timeoutMilliseconds - 1;
    const rawStatus = `feasible=${answer.feasible} bounded=${answer.bounded} isIntegral=${answer.isIntegral ?? false} result=${answer.result}` +
      (mayHaveTimedOut ? `; ran into its ${timeoutMilliseconds} ms timeout` : '');
    const base = { engine: 'jslp' as const, rawStatus, seconds };

    const hasIntegers = program.variables.some((variable) => variable.kind !== 'continuous');
    if (!answer.feasible) return { ...base, status: mayHaveTimedOut ? 'time_limit' : 'infeasible', ...none };
    if (answer.bounded === false) {
      // An unbounded relaxation proves the MILP unbounded only with an integral feasible point.
      if (!hasIntegers || answer.isIntegral === true) return { ...base, status: 'unbounded', ...none };
      return { ...base, status: 'error', rawStatus: `${rawStatus}; unbounded relaxation but no integral point to prove the program feasible`, ...none };
    }

    const values = translation.recoverValues(answer);
    const objective = answer.result + translation.objectiveConstant;
    if (mayHaveTimedOut) {
      // After a timeout the tableau may be fractional or violate rows: not a solution at all.
      const check = verifySolution(program, values, objective);
      if (!check.ok) return { ...base, status: 'time_limit', rawStatus: `${rawStatus}; its last point is not a solution: ${check.violations[0]}`, ...none };
      return verifyResult(program, { ...base, status: 'feasible', objective, bestBound: null, gap: null, nodes: null, values, duals: null });
    }
    return verifyResult(program, { ...base, status: 'optimal', objective, bestBound: null, gap: null, nodes: null, values, duals: null });
  },
};

/** The solver's CommonJS entry, for the worker thread. */
const jslpEntry = createRequire(import.meta.url).resolve('javascript-lp-solver');

/** The worker's whole program: solve the model it is given and post the answer back. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const solver = require(workerData.entry);
parentPort.postMessage(solver.Solve(workerData.model));
`;

/**
 * Solve on a worker thread and stop it at `deadlineMilliseconds`. jslp checks its timeout only
 * between branch-and-bound nodes, and one LP relaxation of a large model can take minutes, so
 * without this a time limit would not be a limit.
 */
function solveWithDeadline(model: JslpModel, deadlineMilliseconds: number): Promise<JslpResult | 'deadline'> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { entry: jslpEntry, model } });
    let settled = false;
    const settle = (action: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      action();
    };
    const timer = setTimeout(() => settle(() => resolve('deadline')), deadlineMilliseconds);
    worker.once('message', (answer: JslpResult) => settle(() => resolve(answer)));
    worker.once('error', (error: Error) => settle(() => reject(error)));
    worker.once('exit', (code) => settle(() => reject(new Error(`its worker thread stopped with exit code ${code}`))));
  });
}
