/**
 * The planModel pipeline: indices → program → engine solve → interpretation → independent check
 * → marginal values. A solve that ends infeasible or in error gives a Plan with that status and
 * nothing funded rather than an exception; the CLI chooses the exit code.
 */
import { formatFinancialYear, horizonYears } from '../dataset/financial-year.js';
import type { Dataset } from '../dataset/types.js';
import { computeIndices } from '../indicators/indices.js';
import type { MunicipalIndex } from '../indicators/types.js';
import { buildAllocationProgram, type AllocationLayout } from '../program/allocation.js';
import type { LinearProgram, Variable } from '../program/linear-program.js';
import { RAND_PER_PROGRAM_UNIT } from '../program/money-unit.js';
import { buildPortfolioProgram, type PortfolioLayout, type SourceYearEntry } from '../program/portfolio.js';
import type { Engine, EngineName, SolveResult } from '../solve/engine.js';
import { getEngine } from '../solve/engines.js';
import { breakAllocationTies } from './allocation-tie-break.js';
import { checkPlan, PlanCheckError } from './check-plan.js';
import { diagnoseInfeasibility, formatDiagnosis } from './diagnose-infeasibility.js';
import { interpretAllocation, interpretPortfolio } from './interpret.js';
import { solveProgram } from './solve-program.js';
import type { MarginalValue, Plan, PlanKind } from './types.js';

/** Options of planModel. */
export interface PlanOptions {
  /** Engine; default 'highs'. */
  readonly engine?: EngineName;
  /** Wall-clock limit for the solve, seconds; default none. */
  readonly timeLimitSeconds?: number;
  /** Relative MIP gap at which to stop; default the engine's (HiGHS 1e-4). */
  readonly relativeGap?: number;
  /** Formulation; default 'portfolio'. */
  readonly formulation?: PlanKind;
  /** Scenario name; default 'baseline'. */
  readonly scenarioName?: string;
  /** Overrides applied, recorded in the plan. */
  readonly overridesApplied?: readonly string[];
  /** Compute marginal values of money; default true. */
  readonly marginalValues?: boolean;
  /** When the program is infeasible, find the conflicting rules (extra feasibility solves); default true. */
  readonly diagnoseInfeasibility?: boolean;
}

/** What planModel returns. */
export interface PlanOutcome {
  /** The checked plan. */
  readonly plan: Plan;
  /** The program that was solved. */
  readonly program: LinearProgram;
  /** Need and growth indices used. */
  readonly indices: readonly MunicipalIndex[];
}

/** A built formulation: program plus what interpretation needs. */
export type BuiltFormulation =
  | { readonly kind: 'portfolio'; readonly program: LinearProgram; readonly layout: PortfolioLayout; readonly warnings: readonly string[]; readonly infeasibleReasons: readonly string[] }
  | { readonly kind: 'allocation'; readonly program: LinearProgram; readonly layout: AllocationLayout; readonly warnings: readonly string[]; readonly infeasibleReasons: readonly string[] };

/** Build the program of a formulation (used by planModel and export-lp so both see the same program). */
export function buildFormulation(dataset: Dataset, indices: readonly MunicipalIndex[], formulation: PlanKind): BuiltFormulation {
  if (formulation === 'allocation') {
    const { program, layout } = buildAllocationProgram(dataset, indices);
    return { kind: 'allocation', program, layout, warnings: [], infeasibleReasons: [] };
  }
  const { program, layout } = buildPortfolioProgram(dataset, indices);
  return { kind: 'portfolio', program, layout, warnings: layout.warnings, infeasibleReasons: layout.infeasibleReasons };
}

/** The result to record when the program is known infeasible before any engine runs. */
function infeasibleWithoutSolving(engine: EngineName, reasons: readonly string[]): SolveResult {
  return { engine, status: 'infeasible', rawStatus: reasons.join('; '), objective: null, bestBound: null, gap: null, nodes: null, seconds: 0, values: null, duals: null };
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

/** Marginal values of money for a solved formulation, or [] when the engine cannot report duals or the LP fails. */
export async function computeMarginalValues(engine: Engine, built: BuiltFormulation, result: SolveResult): Promise<MarginalValue[]> {
  if (!engine.capabilities.duals || result.values === null) return [];
  const lp =
    built.kind === 'allocation'
      ? raiseBudgetRows(built.program, built.layout.budgetRows, MARGINAL_STEP_RAND)
      : marginalProgram(built.program, built.layout, result.values);
  const lpResult = await solveProgram(engine, lp);
  if (lpResult.status !== 'optimal' || lpResult.duals === null) return [];
  return marginalValuesFromDuals(lp, built.layout.budgetRows, lpResult.duals);
}

/**
 * Years of the horizon in which no source has any money. Usually a horizon made longer than the
 * funding table (a scenario's horizon_years), which silently plans nothing in those years.
 */
export function unfundedYearsWarning(dataset: Dataset): string[] {
  const years = horizonYears(dataset.config.baseFinancialYear, dataset.config.horizonYears);
  const empty = years.filter((year) => dataset.fundingSources.every((source) => (source.envelopeRandByYear[year] ?? 0) <= 0));
  if (empty.length === 0 || empty.length === years.length) return [];
  const listed = empty.length <= 3 ? empty.map(formatFinancialYear).join(', ') : `${empty.length} years from ${formatFinancialYear(empty[0])} to ${formatFinancialYear(empty[empty.length - 1])}`;
  return [`no funding source has money in ${listed}: nothing can be spent in ${empty.length === 1 ? 'that year' : 'those years'} (is the horizon longer than funding.csv?)`];
}

/** Build, solve, interpret and check. Throws PlanCheckError when the independent checker finds a violation. */
export async function planModel(dataset: Dataset, options: PlanOptions = {}): Promise<PlanOutcome> {
  const indices = computeIndices(dataset);
  const built = buildFormulation(dataset, indices, options.formulation ?? 'portfolio');
  const engineName = options.engine ?? 'highs';
  const engine = getEngine(engineName);
  const firstResult =
    built.infeasibleReasons.length > 0
      ? infeasibleWithoutSolving(engineName, built.infeasibleReasons)
      : await solveProgram(engine, built.program, {
          ...(options.timeLimitSeconds !== undefined ? { timeLimitSeconds: options.timeLimitSeconds } : {}),
          ...(options.relativeGap !== undefined ? { relativeGap: options.relativeGap } : {}),
        });
  const result = built.kind === 'allocation' ? await breakAllocationTies(engine, built.program, built.layout, dataset, firstResult) : firstResult;
  const context = {
    dataset,
    indices,
    result,
    scenarioName: options.scenarioName ?? 'baseline',
    overridesApplied: options.overridesApplied ?? [],
    warnings: [...unfundedYearsWarning(dataset), ...built.warnings, ...built.infeasibleReasons],
  };
  let plan = built.kind === 'portfolio' ? interpretPortfolio(context, built.layout) : interpretAllocation(context, built.layout);
  const { violations } = checkPlan(plan, dataset);
  if (violations.length > 0) throw new PlanCheckError(violations);
  const solved = result.status === 'optimal' || result.status === 'feasible';
  if (solved && options.marginalValues !== false) {
    plan = { ...plan, marginalValues: await computeMarginalValues(engine, built, result) };
  }
  // Only a proven infeasibility is diagnosed; a pre-solve reason (a committed project that cannot
  // start at all) already says what is wrong.
  if (result.status === 'infeasible' && built.infeasibleReasons.length === 0 && options.diagnoseInfeasibility !== false) {
    const diagnosis = await diagnoseInfeasibility(engine, built.program, built.kind, dataset);
    if (diagnosis !== null) plan = { ...plan, infeasibility: diagnosis, warnings: [...(plan.warnings ?? []), formatDiagnosis(diagnosis).join('\n      - ')] };
  }
  return { plan, program: built.program, indices };
}
