/**
 * The planModel pipeline: indices → program → engine solve → interpretation → independent check
 * → marginal values. A solve that ends infeasible or in error gives a Plan with that status and
 * nothing funded rather than an exception; the CLI chooses the exit code.
 *
 * A time limit bounds the whole pipeline, not only the solver: the solve gets what is left after
 * building the program, minus a reserve for interpretation and checking; the extra steps (the
 * allocation's tie-break, marginal values, the infeasibility diagnosis) get what is left after
 * that, and are skipped with a note when nothing is.
 */
import { isMainThread } from 'node:worker_threads';
import { formatFinancialYear } from '../dataset/financial-year.js';
import { horizonOf } from '../dataset/horizon.js';
import type { BaselineDecisions, Dataset } from '../dataset/types.js';
import { computeIndices } from '../indicators/indices.js';
import type { MunicipalIndex } from '../indicators/types.js';
import { buildFormulation } from '../program/formulation.js';
import type { LinearProgram } from '../program/linear-program.js';
import type { PortfolioLayout } from '../program/portfolio.js';
import { DEFAULT_ENGINE, describeEngine, type EngineName } from '../dataset/engine-catalogue.js';
import { hasSolution, type SolveOptions, type SolveResult } from '../solve/engine.js';
import { getEngine } from '../solve/engines.js';
import { checkSolveOptions, formatSeconds } from '../solve/solve-options.js';
import { startTimeBudget, type TimeBudget } from '../solve/time-budget.js';
import { breakAllocationTies } from './allocation-tie-break.js';
import { checkPlan, PlanCheckError } from './check-plan.js';
import { diagnoseInfeasibility, formatDiagnosis } from './diagnose-infeasibility.js';
import { interpretAllocation, interpretPortfolio } from './interpret.js';
import { solveMarginalValues } from '../solve/marginal-values.js';
import { solveProgram } from '../solve/solve-program.js';
import type { DatasetMasterPlan } from '../masterplan/apply-master-plan.js';
import type { AllocationPlan, Plan, PlanKind, PortfolioPlan } from './types.js';
import { describeInputChanges } from './baseline-input-changes.js';
import { completeBaseline, countChanges, decisionsOfValues, describeBaselineChanges, describeSplitChanges, STABILITY_TIME_SHARE, stayCloseToBaseline, type BaselineStart, type StabilityOutcome } from './baseline-stability.js';
import { HIGHS_DEFAULT_RELATIVE_GAP } from '../solve/highs-engine.js';

/** Options of planModel. */
export interface PlanOptions {
  /** Engine; default the catalogue's first, highs. */
  readonly engine?: EngineName;
  /**
   * Wall-clock limit for the whole call (building, solving, interpretation, checking, marginal
   * values, diagnosis), seconds; default none. The result comes back within about this time plus
   * the engine's short grace (see hardStopGraceSeconds).
   */
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
  /** Clock for the time limit, milliseconds; default performance.now. Tests pass one they move by hand. */
  readonly clock?: () => number;
  /**
   * A baseline plan's decisions (`--baseline`, portfolio only): the solve starts from them
   * (repaired to feasibility) and the plan is the one within the gap closest to them
   * (src/plan/baseline-stability.ts), with `baselineChanges` saying what changed and why.
   */
  readonly baseline?: BaselineDecisions;
  /**
   * A neighbouring plan's decisions to start the solve from (portfolio only): the analysis
   * commands pass the plan they vary. Only a MIP start: the plan is not held close to it.
   */
  readonly warmStartFrom?: Readonly<Record<string, number | null>>;
  /**
   * Solve the MILP by a race of two HiGHS runs (seeds randomSeed and the next) on two worker
   * threads (model.yaml `engine.race`, src/solve/highs-race.ts); default false. The plan records
   * how the race went (`solverRun`).
   */
  readonly race?: boolean;
  /** HiGHS `random_seed` of the plan's solve (model.yaml `engine.random_seed`); default 0. */
  readonly randomSeed?: number;
}

/** What planModel returns: the plan of the formulation asked for. */
export interface PlanOutcome<Kind extends Plan = Plan> {
  /** The checked plan. */
  readonly plan: Kind;
  /** The program that was solved. */
  readonly program: LinearProgram;
  /** Need and growth indices used. */
  readonly indices: readonly MunicipalIndex[];
  /** The Dataset planned, when a stage before the program changed it (the master plan's merged register); absent: the one given. */
  readonly dataset?: Dataset;
  /** The bulk master plan the run used (planRun with a `masterplan:` block); absent when it used none. */
  readonly masterPlan?: DatasetMasterPlan;
}

/** The result to record when the program is known infeasible before any engine runs. */
function infeasibleWithoutSolving(engine: EngineName, reasons: readonly string[]): SolveResult {
  return { engine, status: 'infeasible', rawStatus: reasons.join('; '), objective: null, bestBound: null, gap: null, nodes: null, seconds: 0, values: null, duals: null };
}

/**
 * Years of the horizon for which the funding table gives no envelope at all: a horizon made longer
 * than the funding table (a scenario's horizon_years), which silently plans nothing in those
 * years. A year whose rows are there and say nil is the model's statement, not a gap (the
 * generated south-africa model gives its last year no capital: no capacity work finishing then
 * is in service within the plan, docs/data-sources.md).
 */
export function unfundedYearsWarning(dataset: Dataset): string[] {
  const { years } = horizonOf(dataset.config);
  const empty = years.filter((year) => dataset.fundingSources.every((source) => source.envelopeRandByYear[year] === undefined));
  if (empty.length === 0 || empty.length === years.length) return [];
  const listed = empty.length <= 3 ? empty.map(formatFinancialYear).join(', ') : `${empty.length} years from ${formatFinancialYear(empty[0])} to ${formatFinancialYear(empty[empty.length - 1])}`;
  return [`no funding source has money in ${listed}: nothing can be spent in ${empty.length === 1 ? 'that year' : 'those years'} (is the horizon longer than funding.csv?)`];
}

/**
 * Share of the time limit at most kept back from the solve for interpretation and checking. They
 * walk the register once, as building does, so they are given what building took, within this.
 */
const POST_SOLVE_RESERVE_SHARE = 0.2;

/**
 * Least CPU seconds the stability step gets, however quick the first solve: enough for a small
 * model's closest-plan MILP and clean-up LPs (milliseconds each); on the default model the 30%
 * share is more (docs/benchmarks.md, "The closest plan, measured").
 */
const SMALLEST_STABILITY_CPU_SECONDS = 0.5;

/** The wall-clock box of the stability step, as a multiple of its CPU share: the outer limit on a loaded machine. */
const STABILITY_WALL_FACTOR = 3;

/** CPU seconds this process has used (the solver's worker thread included). */
function processCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/**
 * The plan's `cpuSeconds` from the CPU seconds its solve took by the process's count, or nothing
 * where that count is not the solve's own: in a pool worker (src/analysis/solve-pool.ts) other
 * workers solve in the same process at the same time. On the main thread (`run`, `solve`) the
 * count is the solve's, HiGHS's thread (two with `engine.race`) included.
 */
function recordedCpuSeconds(cpuSeconds: number): { readonly cpuSeconds?: number } {
  return isMainThread ? { cpuSeconds } : {};
}

/** Seconds never worth starting a step with: an engine given less than this only reports its limit. */
const SMALLEST_USEFUL_SECONDS = 0.05;

/**
 * Share of the time a solve takes to reach its gap that it may search on to prove a baseline that
 * fits within the gap as well (so the plan can stay exactly as it was). Measured on the default
 * model (docs/benchmarks.md): without it, a re-run of the same model with its own plan as baseline
 * found a 0.04% better plan, the baseline could not be proven within the 0.1% gap of the new
 * bound, and 10 funding decisions moved.
 */
const BASELINE_PROOF_TIME_SHARE = 0.2;


/**
 * What to do when a solve under a time limit ended without a plan: which settings would give one.
 * For HiGHS: more time (with a larger gap it can stop at the first good plan) or a smaller model;
 * for javascript-lp-solver, first of all HiGHS.
 */
export function timeLimitAdvice(engine: EngineName, limitSeconds: number): string {
  const moreTime = `--time-limit ${Math.ceil(limitSeconds * 4)}`;
  const { label } = describeEngine(engine);
  const stopped = `no plan was found within the ${formatSeconds(limitSeconds)} s time limit (${label}).`;
  if (engine !== DEFAULT_ENGINE) {
    const best = describeEngine(DEFAULT_ENGINE).label;
    return (
      `${stopped} ${label} is the slower, second engine; ${best}, the default, plans models of this size: ` +
      `run with --solver ${DEFAULT_ENGINE} (or engine.solver: ${DEFAULT_ENGINE} in the scenario), or give ${label} more time (${moreTime}).`
    );
  }
  return (
    `${stopped} To get one: give it more time (${moreTime}, or engine.time_limit_seconds in the scenario), ` +
    `with a larger gap so it can stop at the first plan within 1% of the best (--gap 0.01); or plan a smaller model (fewer candidate projects, a shorter horizon).`
  );
}

/** The result to record when the time limit ran out before the engine could start. */
function outOfTimeBeforeSolving(engine: EngineName, budget: TimeBudget): SolveResult {
  return {
    engine,
    status: 'time_limit',
    rawStatus: `the ${formatSeconds(budget.limitSeconds)} s time limit was used up building the program (${formatSeconds(budget.elapsedSeconds())} s); the solver was not started`,
    objective: null,
    bestBound: null,
    gap: null,
    nodes: null,
    seconds: 0,
    values: null,
    duals: null,
  };
}

/** Solve options for a step given `seconds` of the budget, or null when the budget has no time for it. */
function optionsWithin(budget: TimeBudget | null, seconds: number, relativeGap?: number, search: Pick<SolveOptions, 'race' | 'randomSeed'> = {}): SolveOptions | null {
  const gap = { ...(relativeGap !== undefined ? { relativeGap } : {}), ...(search.race === true ? { race: true } : {}), ...(search.randomSeed !== undefined ? { randomSeed: search.randomSeed } : {}) };
  if (budget === null) return gap;
  if (seconds < SMALLEST_USEFUL_SECONDS) return null;
  return { ...gap, timeLimitSeconds: seconds };
}

/** `splitChanges` of a plan against its baseline, or nothing when the baseline gave no split. */
function splitChangesOf(baseline: BaselineDecisions, projects: PortfolioPlan['projects']): { readonly splitChanges?: ReturnType<typeof describeSplitChanges> & object } {
  const splitChanges = describeSplitChanges(baseline, projects);
  return splitChanges === null ? {} : { splitChanges };
}

/**
 * A plan's `baselineChanges` from the stability step's outcome: how the plan was chosen and why
 * (in technical and in plain words), the counts, each changed decision with its reason and the
 * split changes. The one place they are put together: `run` (planModel) and the analysis
 * re-solves (src/analysis/plan-shortcut.ts) both call it, so their workbooks say the same.
 */
export function baselineChangesOf(
  dataset: Dataset,
  program: LinearProgram,
  layout: PortfolioLayout,
  baseline: BaselineDecisions,
  projects: PortfolioPlan['projects'],
  result: SolveResult & { readonly values: readonly number[]; readonly objective: number },
  stability: StabilityOutcome,
): NonNullable<PortfolioPlan['baselineChanges']> {
  const coefficientOf = new Map(program.objective.map((term) => [term.variable, term.coefficient]));
  const benefitOfStart = (projectId: string, startYear: number): number | null => {
    const entry = layout.startVariables.get(projectId)?.find((candidate) => candidate.financialYear === startYear);
    return entry === undefined ? null : (coefficientOf.get(entry.variable) ?? 0);
  };
  return {
    source: baseline.source,
    method: stability.method,
    why: stability.why,
    whyWords: stability.whyWords,
    lockYears: dataset.baselineLock?.lockYears ?? null,
    ...countChanges(layout, baseline.startYearByProjectId, decisionsOfValues(layout, result.values)),
    baselineBenefitPoints: stability.baselineBenefitPoints,
    firstSolveBenefitPoints: stability.firstSolveBenefitPoints,
    benefitPoints: result.objective,
    seconds: stability.seconds,
    inputChanges: describeInputChanges(dataset, baseline, projects),
    changes: describeBaselineChanges(dataset, baseline, projects, benefitOfStart, stability.provenance),
    ...splitChangesOf(baseline, projects),
  };
}

/** Build, solve, interpret and check. Throws PlanCheckError when the independent checker finds a violation. */
export function planModel(dataset: Dataset, options?: PlanOptions & { readonly formulation?: 'portfolio' }): Promise<PlanOutcome<PortfolioPlan>>;
export function planModel(dataset: Dataset, options: PlanOptions & { readonly formulation: 'allocation' }): Promise<PlanOutcome<AllocationPlan>>;
export function planModel(dataset: Dataset, options?: PlanOptions): Promise<PlanOutcome>;
export async function planModel(dataset: Dataset, options: PlanOptions = {}): Promise<PlanOutcome> {
  const engineName = options.engine ?? DEFAULT_ENGINE;
  const engine = getEngine(engineName);
  // A bad limit or gap is reported before any work, as the engines would report it.
  checkSolveOptions(options);
  const budget = options.timeLimitSeconds === undefined ? null : startTimeBudget(options.timeLimitSeconds, options.clock);
  /** A note for a step skipped or cut short by the time limit. */
  const limitWords = `the ${formatSeconds(budget?.limitSeconds ?? 0)} s time limit`;
  const outOfTime = (what: string, why = `${limitWords} was used up`): string =>
    `${what}: ${why} (allow more time, e.g. --time-limit ${Math.ceil((budget?.limitSeconds ?? 0) * 2)}, to get them)`;
  const notes: string[] = [];

  const indices = computeIndices(dataset);
  const built = buildFormulation(dataset, indices, options.formulation ?? 'portfolio');
  const reserveSeconds = budget === null ? 0 : Math.min(budget.limitSeconds * POST_SOLVE_RESERVE_SHARE, budget.elapsedSeconds());
  // A baseline (or a neighbouring plan) completed to a feasible point of this program: the MIP start.
  const startDecisions = options.baseline?.startYearByProjectId ?? options.warmStartFrom;
  let completed: BaselineStart | null = null;
  if (startDecisions !== undefined && built.kind === 'portfolio' && built.infeasibleReasons.length === 0 && engine.capabilities.integers) {
    // A baseline's split is held too where it still fits (a warm start from a neighbour needs only its decisions).
    completed = await completeBaseline(engine, built.program, built.layout, startDecisions, budget === null ? null : budget.remainingSeconds() - reserveSeconds, options.baseline?.spendingByProjectId);
  }
  let firstResult: SolveResult;
  // CPU seconds of the first solve, for the stability step's box (this process's, where the solver's thread runs).
  let firstSolveCpuSeconds = 0;
  if (built.infeasibleReasons.length > 0) firstResult = infeasibleWithoutSolving(engineName, built.infeasibleReasons);
  else {
    // The race and the seed apply to the plan's own solve; the extra steps are LPs or short boxed solves.
    const solveOptions = optionsWithin(budget, (budget?.remainingSeconds() ?? 0) - reserveSeconds, options.relativeGap, { ...(options.race !== undefined ? { race: options.race } : {}), ...(options.randomSeed !== undefined ? { randomSeed: options.randomSeed } : {}) });
    // A baseline that fits as it is: the solve searches on (briefly) until it is proven within the gap, so the shortcut can keep it.
    const proveStart = options.baseline !== undefined && completed?.exact === true ? { proveStart: { extraTimeShare: BASELINE_PROOF_TIME_SHARE } } : {};
    const cpuBefore = processCpuSeconds();
    firstResult = solveOptions === null ? outOfTimeBeforeSolving(engineName, budget as TimeBudget) : await solveProgram(engine, built.program, { ...solveOptions, ...(completed ? { startValues: completed.values } : {}), ...proveStart });
    firstSolveCpuSeconds = processCpuSeconds() - cpuBefore;
  }
  // CPU seconds of the solves the plan's `seconds` count: the first solve and, for the allocation, its tie-break.
  let solveCpuSeconds = firstSolveCpuSeconds;
  // Without a plan the engine's own words are all there is to go on (an infeasible program gets
  // its diagnosis below instead); under a time limit, say which settings would give a plan.
  if (!hasSolution(firstResult) && firstResult.status !== 'infeasible') notes.push(`the solver said: ${firstResult.rawStatus}`);
  if (firstResult.status === 'time_limit' && budget !== null) notes.push(timeLimitAdvice(engineName, budget.limitSeconds));
  // javascript-lp-solver keeps a dense tableau, so a national model can be beyond it altogether.
  if (firstResult.status === 'error' && engineName !== DEFAULT_ENGINE) {
    notes.push(`${describeEngine(engineName).label} could not solve this model; ${describeEngine(DEFAULT_ENGINE).label}, the default, can: run with --solver ${DEFAULT_ENGINE} (or engine.solver: ${DEFAULT_ENGINE} in the scenario).`);
  }

  let result = firstResult;
  let stability: StabilityOutcome | null = null;
  if (options.baseline !== undefined && built.kind === 'portfolio' && hasSolution(firstResult)) {
    // The second solve gets at most STABILITY_TIME_SHARE of the first one's time (at least a second, which a small model needs to start at all).
    // Together with the proof's extra search, the stability step stays within STABILITY_TIME_SHARE of the solve.
    // The box counts CPU seconds where the engine has a per-thread clock (HiGHS), so what the step reaches does not depend on the load; the wall clock is the outer limit.
    const shareOfSolve = completed?.exact === true ? STABILITY_TIME_SHARE - BASELINE_PROOF_TIME_SHARE : STABILITY_TIME_SHARE;
    const cpuBox = engineName === DEFAULT_ENGINE ? { maxCpuSeconds: Math.max(SMALLEST_STABILITY_CPU_SECONDS, shareOfSolve * firstSolveCpuSeconds) } : {};
    const share = Math.max(1, shareOfSolve * firstResult.seconds) * (engineName === DEFAULT_ENGINE ? STABILITY_WALL_FACTOR : 1);
    const maxSeconds = budget === null ? share : Math.min(share, budget.remainingSeconds() - reserveSeconds);
    const relativeGap = options.relativeGap ?? (engineName === 'highs' ? HIGHS_DEFAULT_RELATIVE_GAP : 0);
    stability = await stayCloseToBaseline(engine, built.program, built.layout, options.baseline.startYearByProjectId, firstResult, completed, { relativeGap, maxSeconds, ...cpuBox, dataset });
    result = stability.result;
  }
  if (built.kind === 'allocation' && firstResult.status === 'optimal') {
    const tieBreakOptions = optionsWithin(budget, (budget?.remainingSeconds() ?? 0) - reserveSeconds);
    if (tieBreakOptions === null) notes.push(outOfTime('equally good splits were not tie-broken (earlier money and lapsing grants first)'));
    else {
      const cpuBefore = processCpuSeconds();
      result = await breakAllocationTies(engine, built.program, built.layout, dataset, firstResult, tieBreakOptions);
      // The tie-break's solve is in the plan's seconds (allocation-tie-break.ts adds them), so in its CPU seconds too.
      solveCpuSeconds += processCpuSeconds() - cpuBefore;
    }
  }
  const context = {
    dataset,
    indices,
    result,
    scenarioName: options.scenarioName ?? 'baseline',
    overridesApplied: options.overridesApplied ?? [],
    warnings: [...unfundedYearsWarning(dataset), ...built.warnings, ...built.infeasibleReasons],
  };
  let plan: Plan = built.kind === 'portfolio' ? interpretPortfolio(context, built.layout) : interpretAllocation(context, built.layout);
  // The clean-up's plan comes from LPs over the same rows; should the independent checker still refuse it, the first solve's plan is kept.
  if (built.kind === 'portfolio' && stability?.beforeCleanUp && checkPlan(plan, dataset).violations.length > 0) {
    result = stability.beforeCleanUp;
    stability = { ...stability, result, beforeCleanUp: null, method: 'first_solve', why: `${stability.why.replace(/; \d+ changes? that brought .*$/, '')}; the clean-up's plan did not pass the independent checker, so the first solve's plan is kept`, whyWords: `${stability.provenance.baselinePlainWords}; the plan with fewer changes did not pass the independent check of every rule, so the best plan found is kept`, provenance: { ...stability.provenance, method: 'first_solve', heldBack: new Map(), untried: new Set(), provenClosest: false } };
    plan = interpretPortfolio({ ...context, result }, built.layout);
  }
  if (plan.kind === 'portfolio' && built.kind === 'portfolio' && options.baseline !== undefined && stability !== null && hasSolution(result)) {
    plan = { ...plan, baselineChanges: baselineChangesOf(dataset, built.program, built.layout, options.baseline, plan.projects, result, stability) };
  }
  plan = { ...plan, ...recordedCpuSeconds(solveCpuSeconds) };
  const { violations } = checkPlan(plan, dataset);
  if (violations.length > 0) throw new PlanCheckError(violations);
  if (hasSolution(result) && options.marginalValues !== false && engine.capabilities.duals) {
    const marginalOptions = optionsWithin(budget, budget?.remainingSeconds() ?? 0);
    if (marginalOptions === null) notes.push(outOfTime('marginal values of money were not computed'));
    else {
      const { marginalValues, lpStatus } = await solveMarginalValues(engine, built, result, marginalOptions);
      plan = { ...plan, marginalValues };
      if (lpStatus === 'time_limit') notes.push(outOfTime('marginal values of money were not computed', `their LP did not finish within ${limitWords}`));
    }
  }
  // Only a proven infeasibility is diagnosed; a pre-solve reason (a committed project that cannot
  // start at all) already says what is wrong.
  if (result.status === 'infeasible' && built.infeasibleReasons.length === 0 && options.diagnoseInfeasibility !== false) {
    const secondsLeft = budget?.remainingSeconds();
    if (secondsLeft !== undefined && secondsLeft < SMALLEST_USEFUL_SECONDS) notes.push(outOfTime('the conflicting rules were not searched for'));
    else {
      const diagnosis = await diagnoseInfeasibility(engine, built.program, built.kind, dataset, secondsLeft === undefined ? {} : { maxSeconds: secondsLeft, secondsPerSolve: Math.min(20, secondsLeft) });
      if (diagnosis !== null) plan = { ...plan, infeasibility: diagnosis, warnings: [...(plan.warnings ?? []), formatDiagnosis(diagnosis).join('\n      - ')] };
    }
  }
  if (notes.length > 0) plan = { ...plan, warnings: [...(plan.warnings ?? []), ...notes] };
  return { plan, program: built.program, indices };
}
