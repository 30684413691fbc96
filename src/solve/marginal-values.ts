/**
 * Marginal values of money: the engine-facing plumbing that turns a solved formulation into the
 * benefit (or weighted unmet need avoided) of one more rand per source and year. It builds the
 * LP the duals are read from and solves it; the formulations themselves are untouched.
 */
import type { BuiltFormulation } from '../program/formulation.js';
import type { LinearProgram, Variable } from '../program/linear-program.js';
import { RAND_PER_PROGRAM_UNIT } from '../program/money-unit.js';
import type { PortfolioLayout, SourceYearEntry } from '../program/portfolio.js';
import type { Engine, SolveOptions, SolveResult, SolveStatus } from './engine.js';
import { solveProgram } from './solve-program.js';

/** Marginal value of one more rand in one source and year. */
export interface MarginalValue {
  /** Source id. */
  readonly sourceId: string;
  /** Financial year. */
  readonly financialYear: number;
  /** Objective units gained per extra rand (from the LP dual; for the portfolio, with integers fixed). */
  readonly objectivePerRand: number;
}

/**
 * Marginal value of money per budget row. dual = ∂objective/∂right-hand side (R million); it is
 * turned into objective improvement per rand (benefit gained for the portfolio, weighted unmet
 * need avoided for the allocation).
 */
function marginalValuesFromDuals(program: LinearProgram, rows: readonly SourceYearEntry[], duals: readonly number[]): MarginalValue[] {
  const improvementSign = program.sense === 'maximize' ? 1 : -1;
  return rows.map((row) => ({
    sourceId: row.sourceId,
    financialYear: row.financialYear,
    objectivePerRand: (improvementSign * (duals[row.index] ?? 0)) / RAND_PER_PROGRAM_UNIT,
  }));
}

/**
 * Envelopes are raised by this much (rand) before duals are read. At the plan's own envelopes the
 * dual is often not unique (the money is exactly used up by fixed decisions, so taking a rand away
 * is impossible while adding one buys part of the next project); a small raise picks the value of
 * the next rand, which is what a treasury analyst asks about.
 */
export const MARGINAL_STEP_RAND = 100;

/** The program with every budget row's bounds raised by `stepRand`. */
export function raiseBudgetRows(program: LinearProgram, rows: readonly SourceYearEntry[], stepRand: number): LinearProgram {
  const raised = new Set(rows.map((row) => row.index));
  const step = stepRand / RAND_PER_PROGRAM_UNIT;
  return {
    ...program,
    constraints: program.constraints.map((constraint, index) =>
      raised.has(index) ? { ...constraint, lower: constraint.lower + step, upper: constraint.upper + step } : constraint,
    ),
  };
}

/**
 * The LP used for the portfolio's marginal values: every start chosen by the plan fixed at 1, every
 * other start relaxed to a fraction in [0, 1], envelopes raised by MARGINAL_STEP_RAND. Fixing all
 * starts would make every dual zero (the benefit depends on starts only), so the unchosen starts
 * stay free: the dual of a budget row then says how much benefit one more rand would buy at the
 * margin, as a fraction of the next-best project.
 */
export function marginalProgram(program: LinearProgram, layout: PortfolioLayout, values: readonly number[]): LinearProgram {
  const startIndices = new Set<number>();
  for (const entries of layout.startVariables.values()) for (const entry of entries) startIndices.add(entry.variable);
  const variables: Variable[] = program.variables.map((variable, index) => {
    if (!startIndices.has(index)) return variable.kind === 'continuous' ? variable : { ...variable, kind: 'continuous' };
    const chosen = values[index] > 0.5;
    return { ...variable, kind: 'continuous', lower: chosen ? 1 : 0, upper: 1 };
  });
  return raiseBudgetRows({ ...program, name: `${program.name}-marginal`, variables }, layout.budgetRows, MARGINAL_STEP_RAND);
}

/**
 * Money the plan itself leaves unspent below this (program units, R million: R1) is solver noise,
 * not money left unspent.
 */
const UNSPENT_NOISE = 1 / RAND_PER_PROGRAM_UNIT;

/**
 * Indices (into `budgetRows`) of the source-years whose money the plan leaves unspent: a capped
 * envelope with money that lapses, or a carry-over envelope whose money is carried on, year after
 * year, past the horizon's end. In the LP with the plan's projects fixed these rows have dual 0 by
 * complementary slackness (a slack cap; a positive carry forces equal duals on the rows it links,
 * and the last carry, which nothing uses, forces 0). The relaxed marginal LP would instead let a
 * fraction of a deferred project spend that money, which gave every year the same value (issue f3).
 */
export function unspentBudgetRows(program: LinearProgram, budgetRows: readonly SourceYearEntry[], carryVariables: readonly SourceYearEntry[], values: readonly number[]): Set<number> {
  const carryByKey = new Map(carryVariables.map((entry) => [`${entry.sourceId}|${entry.financialYear}`, values[entry.index] ?? 0]));
  const unspent = new Set<number>();
  budgetRows.forEach((row, position) => {
    const constraint = program.constraints[row.index];
    if (constraint.lower === -Infinity) {
      const activity = constraint.terms.reduce((sum, term) => sum + term.coefficient * (values[term.variable] ?? 0), 0);
      if (constraint.upper - activity > UNSPENT_NOISE) unspent.add(position);
      return;
    }
    // A carry-over row: unspent when its carry, and every later year's, is positive to the end.
    const laterYears = carryVariables.filter((entry) => entry.sourceId === row.sourceId && entry.financialYear >= row.financialYear);
    if (laterYears.length > 0 && laterYears.every((entry) => (carryByKey.get(`${entry.sourceId}|${entry.financialYear}`) ?? 0) > UNSPENT_NOISE)) unspent.add(position);
  });
  return unspent;
}

/**
 * Marginal values of money for a solved formulation, with the status of their LP (null when it
 * was not solved because the engine reports no duals or there is no solution). Empty unless the
 * LP was solved to optimality.
 */
export async function solveMarginalValues(
  engine: Engine,
  built: BuiltFormulation,
  result: SolveResult,
  options: SolveOptions = {},
): Promise<{ readonly marginalValues: MarginalValue[]; readonly lpStatus: SolveStatus | null }> {
  if (!engine.capabilities.duals || result.values === null) return { marginalValues: [], lpStatus: null };
  const lp =
    built.kind === 'allocation'
      ? raiseBudgetRows(built.program, built.layout.budgetRows, MARGINAL_STEP_RAND)
      : marginalProgram(built.program, built.layout, result.values);
  const lpResult = await solveProgram(engine, lp, options);
  if (lpResult.status !== 'optimal' || lpResult.duals === null) return { marginalValues: [], lpStatus: lpResult.status };
  const marginalValues = marginalValuesFromDuals(lp, built.layout.budgetRows, lpResult.duals);
  if (built.kind === 'allocation') return { marginalValues, lpStatus: lpResult.status };
  // The allocation LP is its own plan, so its duals already obey complementary slackness; the
  // portfolio's relaxed LP does not, so money the plan leaves unspent gets the value 0 it has with
  // the plan's projects fixed: more of it would be left unspent too.
  const unspent = unspentBudgetRows(built.program, built.layout.budgetRows, built.layout.carryVariables, result.values);
  return { marginalValues: marginalValues.map((value, position) => (unspent.has(position) ? { ...value, objectivePerRand: 0 } : value)), lpStatus: lpResult.status };
}

/** Marginal values of money for a solved formulation, or [] when the engine cannot report duals or the LP fails. */
export async function computeMarginalValues(engine: Engine, built: BuiltFormulation, result: SolveResult, options: SolveOptions = {}): Promise<MarginalValue[]> {
  return (await solveMarginalValues(engine, built, result, options)).marginalValues;
}
