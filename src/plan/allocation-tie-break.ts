/**
 * The allocation LP has many optimal splits: weighted unmet need does not care which source pays
 * or in which year, so the solver's first vertex may pay everything from own funds and leave the
 * national grants unused, or fund needs in the last year rather than the first. No treasury would
 * sign that. A second LP keeps the weighted unmet need at its optimum and, among those splits,
 * prefers money that is spent earlier and money that would lapse (sources without carry-over).
 * The plan reports the first LP's objective, bound and gap; only the split changes.
 */
import type { Dataset } from '../dataset/types.js';
import type { AllocationLayout } from '../program/allocation.js';
import type { LinearProgram, LinearTerm } from '../program/linear-program.js';
import type { Engine, SolveOptions, SolveResult } from '../solve/engine.js';
import { solveProgram } from '../solve/solve-program.js';

/** Slack on the first objective, relative, so the second LP never fails on rounding. */
const OPTIMUM_SLACK = 1e-9;

/**
 * Cost per R million of the tie-break: one unit per year of delay, plus half a unit for a source
 * that carries over (it keeps its money, a lapsing grant loses it).
 */
export function tieBreakCostPerMillion(financialYearOffset: number, carryOver: boolean): number {
  return financialYearOffset + (carryOver ? 0.5 : 0);
}

/** The second LP: the first's rows, its objective held at the optimum, the tie-break cost minimised. */
export function tieBreakProgram(program: LinearProgram, layout: AllocationLayout, dataset: Dataset, optimum: number): LinearProgram {
  const carryOver = new Map(dataset.fundingSources.map((source) => [source.id, source.carryOver]));
  const firstYear = dataset.config.baseFinancialYear;
  const objective: LinearTerm[] = layout.allocationVariables.map((entry) => ({
    variable: entry.variable,
    coefficient: tieBreakCostPerMillion(entry.financialYear - firstYear, carryOver.get(entry.sourceId) ?? false),
  }));
  // The first LP minimises; its value (without the constant) may not rise above the optimum.
  const bound = optimum - program.objectiveConstant + OPTIMUM_SLACK * Math.max(1, Math.abs(optimum));
  return {
    ...program,
    name: `${program.name}-tie-break`,
    constraints: [...program.constraints, { label: 'weighted_unmet_need_at_optimum', group: 'tie_break', terms: program.objective, lower: -Infinity, upper: bound }],
    objective,
    objectiveConstant: 0,
  };
}

/**
 * The first result with the tie-broken split, or the first result unchanged when the second LP
 * fails (or does not finish within `options.timeLimitSeconds`).
 */
export async function breakAllocationTies(
  engine: Engine,
  program: LinearProgram,
  layout: AllocationLayout,
  dataset: Dataset,
  result: SolveResult,
  options: SolveOptions = {},
): Promise<SolveResult> {
  if (result.status !== 'optimal' || result.objective === null || result.values === null) return result;
  const second = await solveProgram(engine, tieBreakProgram(program, layout, dataset, result.objective), options);
  if (second.status !== 'optimal' || second.values === null) return result;
  // The values must belong to the original program's variables only (the second LP adds none).
  return { ...result, values: second.values.slice(0, program.variables.length), seconds: result.seconds + second.seconds };
}
