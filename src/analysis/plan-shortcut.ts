/**
 * The acceptance shortcut of an analysis re-solve (issue 14): a stress draw, a sweep point or an
 * explanation's check changes a program a little, and a plan of the neighbouring program is known.
 * Before any MILP:
 *
 *  1. the known plan's decisions are made a feasible plan of the changed program: exactly (one LP
 *     with the starts fixed finds the spending split) or, when they no longer fit, repaired (a small
 *     MILP in which each project may only keep its start or be dropped, keeping the most benefit;
 *     completeBaseline of src/plan/baseline-stability.ts, the same repair as warm starts use). A
 *     "fill" step (kept projects fixed, a small MILP spending what is left) was tried and dropped:
 *     on the default model it found nothing, as the gains of a re-plan come from moved start years;
 *  2. the LP relaxation of the changed program gives an upper bound on every plan's benefit (one
 *     LP: 2.3 s on the default model, where it lies 10.8% above the plan and so is skipped, see
 *     tryLpBound), tightened by a bound already proven for it (a run whose inputs match);
 *  3. when the feasible plan is within the requested gap of that bound it is accepted without a
 *     MILP: it is then proven within the gap of the best plan, as a MILP stopped at that gap would
 *     be. Otherwise the MILP runs with that plan as its MIP start, under the time box asked for.
 *
 * Either way the plan goes through interpretation and the independent checker like every plan.
 */
import { DEFAULT_ENGINE, type EngineName } from '../dataset/engine-catalogue.js';
import { computeIndices } from '../indicators/indices.js';
import { plannedDataset, planRun, type PlanningRun, type PlanRunOptions } from '../pipeline/plan-run.js';
import { completeBaseline, STABILITY_TIME_SHARE, stayCloseToBaseline, type BaselineStart, type Decisions } from '../plan/baseline-stability.js';
import type { BaselineDecisions, CostFactors, Dataset } from '../dataset/types.js';
import { applyCostFactors, withCostFactors } from '../dataset/cost-factors.js';
import { checkPlan, PlanCheckError } from '../plan/check-plan.js';
import { interpretPortfolio } from '../plan/interpret.js';
import { baselineChangesOf, unfundedYearsWarning } from '../plan/plan-model.js';
import type { PortfolioPlan } from '../plan/types.js';
import { buildFormulation } from '../program/formulation.js';
import type { LinearProgram } from '../program/linear-program.js';
import type { PortfolioLayout } from '../program/portfolio.js';
import { hasSolution, type Engine, type SolveOptions, type SolveResult, type StagnationStop } from '../solve/engine.js';
import { threadCpuSeconds } from '../solve/thread-cpu.js';
import { getEngine } from '../solve/engines.js';
import { solveProgram } from '../solve/solve-program.js';
import { GUIDED_START_CPU_SECONDS, guidedStart, referenceOfStarts } from '../solve/guided-start.js';

/** What plannedDataset returns: the register as planned, the master plan stage's record and its notes. */
type StagedDataset = ReturnType<typeof plannedDataset>;

/** Where a draw's dataset came from (drawDataset): the shared dataset and the factors recorded on it. */
const drawOrigins = new WeakMap<Dataset, { readonly base: Dataset; readonly costFactors: CostFactors }>();

/** The master plan stage of each shared dataset, computed once (stagedDataset). */
const stagedBases = new WeakMap<Dataset, StagedDataset>();

/**
 * A draw's dataset: `base` with `costFactors` recorded (withCostFactors), remembered as such so that
 * stagedDataset runs the master plan stage once for every draw of `base` rather than once per draw
 * (task st: the stage re-checks the generated rows, 0.01–0.04 CPU s a draw, the same for every draw).
 */
export function drawDataset(base: Dataset, costFactors: CostFactors): Dataset {
  const dataset = withCostFactors(base, costFactors);
  drawOrigins.set(dataset, { base, costFactors });
  return dataset;
}

/**
 * plannedDataset(dataset), with the master plan stage of a draw's shared dataset (drawDataset)
 * computed once: the stage passes cost factors through untouched and they are applied after it
 * (src/dataset/cost-factors.ts), so the draw's planned register is the shared one's with the
 * draw's factors applied. tests/analysis/stress-draw-dataset.test.ts checks that it equals
 * plannedDataset on the tiny and the default model. A dataset not made by drawDataset, or whose
 * shared dataset carries factors of its own, goes through plannedDataset as before.
 */
export function stagedDataset(dataset: Dataset): StagedDataset {
  const origin = drawOrigins.get(dataset);
  if (origin === undefined || origin.base.costFactors !== undefined) return plannedDataset(dataset);
  let staged = stagedBases.get(origin.base);
  if (staged === undefined) {
    staged = plannedDataset(origin.base);
    stagedBases.set(origin.base, staged);
  }
  if (staged.dataset.costFactors !== undefined) return plannedDataset(dataset);
  // The stage's record holds the register it returned, cost factors not yet applied (passed through).
  const record = staged.masterPlan as (NonNullable<StagedDataset['masterPlan']> & { readonly dataset?: Dataset }) | null;
  const masterPlan = record === null || record.dataset === undefined ? record : { ...record, dataset: withCostFactors(record.dataset, origin.costFactors) };
  return { ...staged, masterPlan, dataset: applyCostFactors(withCostFactors(staged.dataset, origin.costFactors)) };
}

/** How an analysis plan was obtained, carried with the plan to the reports. */
export interface HowSolved {
  /**
   * `accepted_shortcut`: the known plan (repaired when needed) was within the gap of the LP bound,
   * no MILP; `milp_warm`: the MILP ran from the known plan as MIP start; `milp`: a MILP without a
   * start; `taken_from_run`: the plan of a run folder whose inputs match, completed by one LP.
   */
  readonly method: 'accepted_shortcut' | 'milp_warm' | 'milp' | 'taken_from_run';
  /** One sentence for the console and workbooks, e.g. `accepted without a MILP: the neighbouring plan fits, within 0.42% of the LP bound`. */
  readonly words: string;
  /** Seconds spent on this plan (completion, LP bound and any MILP). */
  readonly seconds: number;
  /** Full MILP solves of the program spent on it: 0 when the plan was accepted without one (a repair MILP is not counted: it only keeps or drops the neighbour's projects). */
  readonly milpSolves: number;
  /** True when the MILP was stopped short of the gap because its gap had stalled (ShortcutRequest.stagnationStop); absent otherwise. */
  readonly stoppedByStagnation?: boolean;
}

/**
 * A portfolio plan with how it was obtained (absent for a plain planRun). With `keepStart`, when
 * the MILP found a better plan than the (fitting) neighbour it started from, `startPlan` is that
 * neighbour as a checked plan, with the MILP's bound: an explanation's verification asks whether
 * the plan that funds its project is still within the gap of the best.
 */
export type AnalysisPlan = PortfolioPlan & { readonly howSolved?: HowSolved; readonly startPlan?: PortfolioPlan };

/** What the shortcut needs besides the run. */
export interface ShortcutRequest {
  /** The neighbouring plan's decisions: start year per project id, null for unfunded. */
  readonly startFrom: Decisions;
  /** Relative gap within which a plan is accepted (and to which the MILP is solved). */
  readonly relativeGap: number;
  /** An upper bound on the benefit already proven for this very program (a run with matching inputs), or null. */
  readonly knownBoundBenefitPoints?: number | null;
  /**
   * Solve the LP relaxation for a bound (default true). The analysis commands switch it off when
   * the LP bound of the unchanged model is already further from its plan than the gap: then it
   * cannot accept a neighbour either, and the LP would only cost time (2.3 s on the default model).
   */
  readonly tryLpBound?: boolean;
  /** `--baseline`: when a MILP is needed, it keeps the plan close to these decisions (planModel's baseline) instead of only starting from the neighbour. */
  readonly stayCloseTo?: BaselineDecisions;
  /** Words for the known bound's source, e.g. `the proven bound of run reports/x`; default `the known bound`. */
  readonly knownBoundWords?: string;
  /** Return the neighbour as `startPlan` (interpreted and checked) when the MILP replaced it with a better plan; default false (it would double what a worker sends back). */
  readonly keepStart?: boolean;
  /**
   * When the neighbour no longer fits, let its projects start up to this many years later (the
   * shift repair, see ShiftRepair) instead of only keeping or dropping them. Stress draws use it:
   * the better start saves more MILP time than the restricted MILP costs. Default: keep or drop.
   */
  readonly shiftYears?: number;
  /**
   * What to do when the neighbour's decisions no longer fit as they are (the completion LP finds
   * no split): `repair` (default) repairs them (keep-or-drop, then the shift repair with
   * `shiftYears`) and starts the MILP from the repaired plan; `cold` starts the MILP without a
   * start, and only when its time box stops it is the keep-or-drop repair run (the better plan
   * stands), so a boxed re-solve is never worse than keep-or-drop and still has a plan. Stress draws use `cold`: measured on the default model
   * (docs/analysis.md, "Stress: what cuts the CPU time per draw"), the 1% MILP from the
   * keep-or-drop start costs what it costs cold, and the repair's 1.7 CPU s (the shift's 3–9 s
   * more) were spent for nothing. A neighbour that fits is always the MIP start.
   */
  readonly whenBroken?: 'repair' | 'cold';
  /**
   * Count the time box in CPU seconds rather than on the wall clock (stress draws, since task x2):
   * the MILP stops once HiGHS's thread has used the box's share of CPU seconds
   * (SolveOptions.cpuTimeLimitSeconds), so what a boxed draw reaches does not depend on how many
   * other processes share the cores; the wall clock stops it only at CPU_BOX_WALL_FACTOR × the
   * box. What this thread spent before the MILP (building the program, the completion LP's
   * hand-over) is taken off the box in its own CPU seconds. Default false: the wall clock.
   */
  readonly boxInCpuSeconds?: boolean;
  /** False: the MILP runs without HiGHS's feasibility jump (SolveOptions.feasibilityJump; stress draws, where it never finds a plan). Default: on. */
  readonly feasibilityJump?: boolean;
  /**
   * With `whenBroken: 'cold'`: start the MILP from the guided start (src/solve/guided-start.ts: the
   * neighbour's starts fixed where the LP relaxation agrees with them, the small MILP over the rest
   * within GUIDED_START_CPU_SECONDS of the box) instead of no start; no start when it finds none.
   * Stress draws (task p1). Default false.
   */
  readonly guidedStart?: boolean;
  /**
   * Stop the MILP once its gap has stalled (SolveOptions.stagnationStop, counted in CPU seconds of
   * the solver's thread like the CPU box): the plan then stands with the gap it has, as at the box.
   * Stress draws (task s1). Default: none.
   */
  readonly stagnationStop?: StagnationStop;
}

/**
 * With ShortcutRequest.boxInCpuSeconds, the wall-clock limit of the MILP as a multiple of its CPU
 * box: on a machine where the draw gets a quarter of a core or less the wall clock ends it after
 * all (at load 8 on 2 cores a thread gets about a quarter of one), so a run still ends.
 */
export const CPU_BOX_WALL_FACTOR = 4;

/** Engines that apply SolveOptions.cpuTimeLimitSeconds (jslp runs on the caller's thread and has the wall clock only). */
const ENGINES_WITH_CPU_LIMIT: ReadonlySet<EngineName> = new Set<EngineName>(['highs']);

/** True when the engine applies a CPU-seconds box (the others count the wall clock). */
export function engineBoxesInCpuSeconds(engineName: EngineName): boolean {
  return ENGINES_WITH_CPU_LIMIT.has(engineName);
}

/** True when the request's box counts CPU seconds with this engine. */
function boxesInCpuSeconds(request: ShortcutRequest, engine: Engine): boolean {
  return request.boxInCpuSeconds === true && engineBoxesInCpuSeconds(engine.name);
}

/** The MILP's limits for `secondsLeft` of the box (wall-clock seconds, or CPU seconds with a wider wall-clock limit) and its heuristic setting. */
function boxLimits(request: ShortcutRequest, engine: Engine, secondsLeft: number | undefined): Pick<SolveOptions, 'timeLimitSeconds' | 'cpuTimeLimitSeconds' | 'feasibilityJump'> {
  const tuning = request.feasibilityJump === false ? { feasibilityJump: false } : {};
  if (secondsLeft === undefined) return tuning;
  return boxesInCpuSeconds(request, engine) ? { ...tuning, cpuTimeLimitSeconds: secondsLeft, timeLimitSeconds: secondsLeft * CPU_BOX_WALL_FACTOR } : { ...tuning, timeLimitSeconds: secondsLeft };
}

/** The MILP's stagnation stop of the request, as SolveOptions (none without one, or without a CPU clock for the engine). */
function stagnationOptions(request: ShortcutRequest, engine: Engine): Pick<SolveOptions, 'stagnationStop'> {
  return request.stagnationStop !== undefined && engineBoxesInCpuSeconds(engine.name) ? { stagnationStop: request.stagnationStop } : {};
}

/** How a MILP that stopped with a plan short of its gap was stopped, in words. */
function stoppedWords(solved: SolveResult): string {
  if (solved.status !== 'feasible') return '';
  return solved.stoppedByStagnation === true ? ', stopped as its gap had stalled' : ', stopped by the time box';
}

/** The program with every integer and binary variable made continuous: its optimum bounds every plan's benefit. */
export function linearRelaxation(program: LinearProgram): LinearProgram {
  return { ...program, name: `${program.name}-lp-relaxation`, variables: program.variables.map((variable) => (variable.kind === 'continuous' ? variable : { ...variable, kind: 'continuous' })) };
}

/** Relative gap as plans state it: |bound − objective| / max(1, |objective|). */
export function relativeGapOf(boundBenefitPoints: number, benefitPoints: number): number {
  return Math.max(0, boundBenefitPoints - benefitPoints) / Math.max(1, Math.abs(benefitPoints));
}

/** A gap as a percentage with two decimals, `0.42%`. */
export function percentWords(gap: number): string {
  return `${(gap * 100).toFixed(2)}%`;
}

/** Objective of values in a program. */
function objectiveOf(program: LinearProgram, values: readonly number[]): number {
  let total = program.objectiveConstant;
  for (const term of program.objective) total += term.coefficient * values[term.variable];
  return total;
}

/** Most seconds the completion of the neighbour (one LP) may take. */
const COMPLETION_SECONDS = 10;

/**
 * The program with every start fixed (the decisions' starts 1, all others 0) and the objective
 * kept: "can these decisions be paid for, and with which split?" (one LP; the objective stays so
 * that benefit carried by continuous variables, such as a master plan shortfall closed, counts).
 */
export function withStartsFixed(program: LinearProgram, layout: PortfolioLayout, decisions: Decisions): LinearProgram {
  const bounds = new Map<number, number>();
  for (const [id, entries] of layout.startVariables) {
    const startYear = decisions[id] ?? null;
    for (const entry of entries) bounds.set(entry.variable, entry.financialYear === startYear ? 1 : 0);
  }
  return {
    ...program,
    name: `${program.name}-starts-fixed`,
    variables: program.variables.map((variable, index) => {
      const fixed = bounds.get(index);
      return fixed === undefined ? variable : { ...variable, kind: 'continuous', lower: fixed, upper: fixed };
    }),
  };
}

/** Start variables rounded to exact 0/1 (an LP's values carry solver noise). */
function roundedStarts(layout: PortfolioLayout, values: readonly number[]): number[] {
  const starts = new Set([...layout.startVariables.values()].flatMap((entries) => entries.map((entry) => entry.variable)));
  return values.map((value, index) => (starts.has(index) ? Math.round(value) : value));
}

/** A feasible plan of the changed program made from the neighbour, with how it was made. */
export interface NeighbourPlan {
  /** A value per variable of the program. */
  readonly values: readonly number[];
  /** Benefit of these values, benefit points. */
  readonly benefitPoints: number;
  /** True when the neighbour's decisions fit as they are. */
  readonly exact: boolean;
  /** How it was made, in words. */
  readonly words: string;
}

/**
 * The wider repair of a neighbour that no longer fits (stress draws): each project the neighbour
 * funds may keep its start, start up to `laterYears` years later, or be dropped; projects it does
 * not fund stay out. Overruns only raise costs, so what a re-plan mostly does is delay or drop
 * projects: on the default model this restricted MILP's plan lies within about 0.2–0.9% of the
 * draw's best (keep-or-drop alone: 2–5.5% below), and the MILP from it proves the gap sooner.
 */
export interface ShiftRepair {
  /** Most years a kept project may start later than in the neighbour. */
  readonly laterYears: number;
  /** Relative gap of the restricted MILP. */
  readonly relativeGap: number;
  /** Wall-clock seconds the whole repair (keep-or-drop, then the shift) may take; at the limit the shift's best plan so far is used, and with less than MIN_SHIFT_SECONDS left the shift is skipped. */
  readonly timeLimitSeconds: number;
}

/** The shift repair's program: start variables other than the neighbour's start and up to `laterYears` later are fixed at 0. */
export function shiftRepairProgram(program: LinearProgram, layout: PortfolioLayout, decisions: Decisions, laterYears: number): LinearProgram {
  const closed = new Set<number>();
  for (const [id, entries] of layout.startVariables) {
    const startYear = decisions[id] ?? null;
    for (const entry of entries) {
      if (startYear === null || entry.financialYear < startYear || entry.financialYear > startYear + laterYears) closed.add(entry.variable);
    }
  }
  return { ...program, name: `${program.name}-shift-repair`, variables: program.variables.map((variable, index) => (closed.has(index) ? { ...variable, upper: Math.min(variable.upper, 0) } : variable)) };
}

/**
 * The neighbour's decisions exactly, as a feasible point of `program` (one LP with the starts fixed
 * finds the spending split); `broken` when they no longer fit (the LP is infeasible); null when the
 * LP ended without an answer (its time limit on a loaded machine).
 */
export async function fittingNeighbour(engine: Engine, program: LinearProgram, layout: PortfolioLayout, startFrom: Decisions): Promise<NeighbourPlan | 'broken' | null> {
  const fixed = await solveProgram(engine, withStartsFixed(program, layout, startFrom), { timeLimitSeconds: COMPLETION_SECONDS });
  if (hasSolution(fixed)) {
    const values = roundedStarts(layout, fixed.values);
    return { values, benefitPoints: objectiveOf(program, values), exact: true, words: 'the neighbouring plan fits' };
  }
  return fixed.status === 'infeasible' ? 'broken' : null;
}

/**
 * The neighbour's decisions as a feasible point of `program`: exactly when they fit (one LP), else
 * repaired: each project keeps its start or is dropped, the most benefit kept (the small MILP of
 * completeBaseline); with `shift`, then the shift repair (ShiftRepair) from that plan, kept when it
 * is better. Null when no repair finds a plan in the time allowed.
 */
export async function neighbourPlan(engine: Engine, program: LinearProgram, layout: PortfolioLayout, startFrom: Decisions, shift: ShiftRepair | null = null): Promise<NeighbourPlan | null> {
  const started = performance.now();
  const fitting = await fittingNeighbour(engine, program, layout, startFrom);
  if (fitting !== 'broken') return fitting;
  const repaired = await completeBaseline(engine, program, layout, startFrom, null);
  if (repaired === null) return null;
  const keptOrDropped: NeighbourPlan = { values: repaired.values, benefitPoints: repaired.benefitPoints, exact: false, words: 'the neighbouring plan repaired (the projects that no longer fit dropped, the most benefit kept)' };
  // The whole repair stays within the shift's time: on a loaded machine keep-or-drop may have used it all, and the MILP needs the rest of the box to state a gap.
  const shiftSeconds = shift === null ? 0 : shift.timeLimitSeconds - (performance.now() - started) / 1000;
  if (shift === null || shiftSeconds < MIN_SHIFT_SECONDS) return keptOrDropped;
  // Started from the keep-or-drop plan (a plan of the restricted program too), so a shift repair stopped by its time is never worse than it.
  const shifted = await solveProgram(engine, shiftRepairProgram(program, layout, startFrom, shift.laterYears), { relativeGap: shift.relativeGap, timeLimitSeconds: shiftSeconds, startValues: keptOrDropped.values });
  // Every plan of the restricted program is a plan of the program itself (only upper bounds were lowered).
  if (!hasSolution(shifted) || objectiveOf(program, shifted.values) <= keptOrDropped.benefitPoints) return keptOrDropped;
  return {
    values: shifted.values,
    benefitPoints: objectiveOf(program, shifted.values),
    exact: false,
    words: `the neighbouring plan repaired (each project kept its start, started up to ${shift.laterYears} years later or was dropped, the most benefit kept${shifted.status === 'optimal' ? '' : ', stopped by its time'})`,
  };
}

/** The shift repair solves to this share of the request's gap: its plan must leave the full MILP room to prove it within the gap. */
const SHIFT_GAP_SHARE = 0.5;

/** Share of the time box the shift repair may take (the rest is the full MILP's). */
const SHIFT_TIME_SHARE = 0.4;

/** Seconds the shift repair may take when the solve has no time box. */
const SHIFT_SECONDS_WITHOUT_BOX = 30;

/** Fewest seconds worth starting the shift repair with (else the keep-or-drop plan stands). */
const MIN_SHIFT_SECONDS = 0.5;

/** A MILP that took at least this share of its wall-clock limit is taken to have been stopped by that limit (HiGHS stops within a few hundredths of it). */
const WALL_LIMIT_REACHED_SHARE = 0.95;

/** Share of the time box kept back for interpretation and the checker after the MILP. */
const RESERVE_SHARE = 0.1;

/**
 * Plan `run` starting from a neighbouring plan: accept the (repaired) neighbour when the LP bound
 * proves it within the gap, else solve the MILP with it as MIP start (its values are handed to the
 * engine directly, so a loaded machine cannot lose the start to a timed-out completion LP). A MILP
 * stopped by the time box keeps the better of its incumbent and the neighbour, with its gap.
 * `options` are planRun's (engine, time limit); the gap is the request's. Throws PlanCheckError for
 * a checker violation.
 */
export async function planFromNeighbour(run: PlanningRun, options: PlanRunOptions, request: ShortcutRequest, clock: () => number = () => performance.now()): Promise<AnalysisPlan> {
  const started = clock();
  const seconds = (): number => (clock() - started) / 1000;
  // What the box has spent before a MILP: wall-clock seconds, or with boxInCpuSeconds this thread's CPU seconds (the wall clock where there is no thread clock).
  const engineName = options.engine ?? run.engineOptions.engine ?? DEFAULT_ENGINE;
  const engine = getEngine(engineName);
  const cpuAtStart = boxesInCpuSeconds(request, engine) ? threadCpuSeconds() : null;
  const boxSpent = (): number => {
    const cpuNow = cpuAtStart === null ? null : threadCpuSeconds();
    return cpuAtStart === null || cpuNow === null ? seconds() : cpuNow - cpuAtStart;
  };
  const timeLimitSeconds = options.timeLimitSeconds ?? run.engineOptions.timeLimitSeconds;
  const plainSolve = async (why: string): Promise<AnalysisPlan> => {
    const start = request.stayCloseTo !== undefined ? { baseline: request.stayCloseTo } : {};
    const { plan } = await planRun(run, { ...options, formulation: 'portfolio', relativeGap: request.relativeGap, ...start });
    const proven = plan.gap === null ? '' : `, gap ${percentWords(plan.gap)}`;
    const closeWords = request.stayCloseTo !== undefined ? ' from the baseline, kept close to it' : '';
    return { ...plan, howSolved: { method: request.stayCloseTo !== undefined ? 'milp_warm' : 'milp', words: `${why}; MILP${closeWords} (${plan.status}${proven})`, seconds: seconds(), milpSolves: 1 } };
  };
  if (!engine.capabilities.integers) return plainSolve(`${engineName} takes no MIP start`);
  const staged = stagedDataset(run.dataset);
  const dataset = staged.dataset;
  const indices = computeIndices(dataset);
  const built = buildFormulation(dataset, indices, 'portfolio');
  if (built.kind !== 'portfolio' || built.infeasibleReasons.length > 0) return plainSolve('the program has no plan to start from');
  /** The result as a plan, through interpretation and the independent checker. */
  const checkedPlan = (solveResult: SolveResult): PortfolioPlan => {
    const interpreted = interpretPortfolio(
      { dataset, indices, result: solveResult, scenarioName: run.scenarioName, overridesApplied: run.overridesApplied, warnings: [...unfundedYearsWarning(dataset), ...built.warnings] },
      built.layout,
    );
    const { violations } = checkPlan(interpreted, dataset);
    if (violations.length > 0) throw new PlanCheckError(violations);
    return staged.notes.length > 0 ? { ...interpreted, warnings: [...(interpreted.warnings ?? []), ...staged.notes] } : interpreted;
  };
  /** With --baseline: the MILP from the better of the neighbour and the baseline, under the same box, then the closest plan to the baseline (boxedCloseSolve). */
  const closeSolve = async (why: string, neighbourStart: NeighbourPlan | null): Promise<AnalysisPlan> => {
    const baseline = request.stayCloseTo as BaselineDecisions;
    const secondsLeft = timeLimitSeconds === undefined ? undefined : Math.max(0.05, timeLimitSeconds * (1 - RESERVE_SHARE) - boxSpent());
    const outcome = await boxedCloseSolve(dataset, engine, built.program, built.layout, baseline, neighbourStart, request, secondsLeft, timeLimitSeconds, why);
    const plan = checkedPlan(outcome.result);
    const withChanges = outcome.changes === null || !hasSolution(outcome.result) ? plan : { ...plan, baselineChanges: baselineChangesOf(dataset, built.program, built.layout, baseline, plan.projects, outcome.result, outcome.changes) };
    const { violations } = checkPlan(withChanges, dataset);
    if (violations.length > 0) throw new PlanCheckError(violations);
    return { ...withChanges, howSolved: { method: 'milp_warm', words: outcome.result.rawStatus, seconds: seconds(), milpSolves: 1 } };
  };
  const shift = request.shiftYears === undefined ? null : { laterYears: request.shiftYears, relativeGap: request.relativeGap * SHIFT_GAP_SHARE, timeLimitSeconds: timeLimitSeconds === undefined ? SHIFT_SECONDS_WITHOUT_BOX : Math.max(0.5, timeLimitSeconds * SHIFT_TIME_SHARE) };
  const fitting = request.whenBroken === 'cold' ? await fittingNeighbour(engine, built.program, built.layout, request.startFrom) : null;
  if (fitting === 'broken') {
    const why = 'the neighbouring plan no longer fits (a repair would cost more than it saves here)';
    if (request.stayCloseTo !== undefined) return closeSolve(why, null);
    // Where the LP bound is tight enough to try (tryLpBound, decided on the unchanged model), the keep-or-drop repair is a plan
    // that one LP may prove within the gap: then no MILP runs (task t1). Elsewhere (the default model) nothing changes.
    if (request.tryLpBound !== false) {
      const repaired = await neighbourPlan(engine, built.program, built.layout, request.startFrom, null);
      const relaxed = repaired === null ? null : await solveProgram(engine, linearRelaxation(built.program), {});
      const repairedGap = repaired === null || relaxed === null || !hasSolution(relaxed) ? null : relativeGapOf(relaxed.objective, repaired.benefitPoints);
      if (repaired !== null && relaxed !== null && repairedGap !== null && repairedGap <= request.relativeGap) {
        const words = `accepted without a MILP: the neighbouring plan no longer fits; ${repaired.words.replace(/^the neighbouring plan /, '')}, it is within ${percentWords(repairedGap)} of the LP bound`;
        const accepted: SolveResult = { engine: engineName, status: 'optimal', rawStatus: words, objective: repaired.benefitPoints, bestBound: relaxed.objective ?? null, gap: repairedGap, nodes: 0, seconds: seconds(), values: repaired.values, duals: null };
        return { ...checkedPlan(accepted), howSolved: { method: 'accepted_shortcut', words, seconds: seconds(), milpSolves: 0 } };
      }
    }
    const cold = await coldSolve(engine, built.program, built.layout, request, timeLimitSeconds, seconds, boxSpent, why);
    return { ...checkedPlan(cold), howSolved: { method: 'milp', words: cold.rawStatus, seconds: seconds(), milpSolves: 1, ...(cold.stoppedByStagnation === true ? { stoppedByStagnation: true } : {}) } };
  }
  // With --baseline, the baseline's decisions are completed with its own spending split first (u2
  // review, finding 10): any split of the same decisions is the same plan to the program, but the
  // money left in each source and year (the deferral sentences, the lapsing money) depends on it, so
  // explain's "why" line said R0.0 million left where the run's workbook said R0.4 million.
  const split = fitting === null && request.stayCloseTo?.spendingByProjectId !== undefined && sameDecisions(request.startFrom, request.stayCloseTo.startYearByProjectId)
    ? await completeBaseline(engine, built.program, built.layout, request.startFrom, null, request.stayCloseTo.spendingByProjectId)
    : null;
  const heldSplit: NeighbourPlan | null = split !== null && split.exact && split.splitKept === true ? { values: split.values, benefitPoints: split.benefitPoints, exact: true, words: "the baseline's decisions with its own spending split, completed by one LP" } : null;
  const neighbour = fitting ?? heldSplit ?? (await neighbourPlan(engine, built.program, built.layout, request.startFrom, shift));
  if (neighbour === null) {
    const why = 'the neighbouring plan could not be repaired to a plan of this program';
    return request.stayCloseTo !== undefined ? closeSolve(why, null) : plainSolve(why);
  }
  const known = request.knownBoundBenefitPoints ?? null;
  let lpBound: number | null = null;
  if (request.tryLpBound !== false) {
    const relaxed = await solveProgram(engine, linearRelaxation(built.program), {});
    lpBound = hasSolution(relaxed) ? relaxed.objective : null;
  }
  const bound = lpBound === null ? known : known === null ? lpBound : Math.min(lpBound, known);
  const boundWords = known !== null && bound === known ? (request.knownBoundWords ?? 'the known bound') : 'the LP bound';
  const gap = bound === null ? null : relativeGapOf(bound, neighbour.benefitPoints);
  let result: SolveResult;
  let startResult: SolveResult | null = null;
  let method: HowSolved['method'];
  if (bound !== null && gap !== null && gap <= request.relativeGap) {
    method = known !== null && bound === known ? 'taken_from_run' : 'accepted_shortcut';
    result = { engine: engineName, status: 'optimal', rawStatus: `accepted without a MILP: ${neighbour.words}, within ${percentWords(gap)} of ${boundWords}`, objective: neighbour.benefitPoints, bestBound: bound, gap, nodes: 0, seconds: seconds(), values: neighbour.values, duals: null };
  } else {
    method = 'milp_warm';
    const why = gap === null
      ? `${neighbour.words}; ${request.tryLpBound === false ? 'the LP bound is too weak for this model to accept it (see the LP gap of the unchanged model)' : 'no LP bound'}`
      : `${neighbour.words}: ${percentWords(gap)} below ${boundWords}, more than the ${percentWords(request.relativeGap)} gap`;
    // With --baseline a plan that is not accepted must also stay close to it: planModel's stability step does that.
    if (request.stayCloseTo !== undefined) return closeSolve(why, neighbour);
    const secondsLeft = timeLimitSeconds === undefined ? undefined : timeLimitSeconds * (1 - RESERVE_SHARE) - boxSpent();
    const solved = secondsLeft !== undefined && secondsLeft < 0.05
      ? null
      : await solveProgram(engine, built.program, { relativeGap: request.relativeGap, startValues: neighbour.values, ...boxLimits(request, engine, secondsLeft), ...stagnationOptions(request, engine) });
    const tolerance = 1e-9 * Math.max(1, Math.abs(neighbour.benefitPoints));
    if (solved !== null && hasSolution(solved) && solved.objective >= neighbour.benefitPoints - tolerance) {
      result = solved;
      if (request.keepStart === true && neighbour.exact) {
        const startBound = solved.bestBound ?? bound;
        const startGap = startBound === null ? null : relativeGapOf(startBound, neighbour.benefitPoints);
        startResult = { engine: engineName, status: 'feasible', rawStatus: `${neighbour.words}; the MILP from it found a better plan`, objective: neighbour.benefitPoints, bestBound: startBound, gap: startGap, nodes: 0, seconds: seconds(), values: neighbour.values, duals: null };
      }
      const proven = solved.gap === null ? '' : `, gap ${percentWords(solved.gap)}`;
      result = { ...solved, rawStatus: `${why}; MILP from it as MIP start (${solved.status}${proven}${stoppedWords(solved)})` };
    } else {
      // The engine ended without a plan as good as the neighbour (no time left, or it did not take the start): the neighbour stands, with the bound it has.
      const milpBound = solved?.bestBound ?? null;
      const bestBound = milpBound === null ? bound : bound === null ? milpBound : Math.min(milpBound, bound);
      const neighbourGap = bestBound === null ? null : relativeGapOf(bestBound, neighbour.benefitPoints);
      const proven = neighbourGap !== null && neighbourGap <= request.relativeGap;
      result = {
        engine: engineName,
        status: proven ? 'optimal' : 'feasible',
        rawStatus: `${why}; the MILP ${solved === null ? 'had no time left' : `ended ${solved.status} without a better plan`}, so the neighbouring plan stands${neighbourGap === null ? ' (gap unknown)' : ` (gap ${percentWords(neighbourGap)})`}`,
        objective: neighbour.benefitPoints,
        bestBound,
        gap: neighbourGap,
        nodes: solved?.nodes ?? 0,
        seconds: seconds(),
        values: neighbour.values,
        duals: null,
      };
    }
  }
  const plan = checkedPlan(result);
  const startPlan = startResult === null ? {} : { startPlan: checkedPlan(startResult) };
  return { ...plan, howSolved: { method, words: result.rawStatus, seconds: seconds(), milpSolves: method === 'milp_warm' ? 1 : 0, ...(result.stoppedByStagnation === true ? { stoppedByStagnation: true } : {}) }, ...startPlan };
}

/**
 * An engine whose wall-clock limits count CPU seconds of HiGHS's thread instead (the wall clock
 * stops a solve only at CPU_BOX_WALL_FACTOR × the limit): the baseline steps of a CPU-boxed
 * re-solve (completion, repair, closest plan) are then boxed like its MILP, so the machine's load
 * does not change what they reach.
 */
export function cpuBoxedEngine(engine: Engine): Engine {
  return {
    ...engine,
    solve: (program, options = {}) => engine.solve(program, options.timeLimitSeconds === undefined || options.cpuTimeLimitSeconds !== undefined ? options : { ...options, cpuTimeLimitSeconds: options.timeLimitSeconds, timeLimitSeconds: options.timeLimitSeconds * CPU_BOX_WALL_FACTOR }),
  };
}

/** Share of the time a MILP took to reach its gap that it may search on to prove a baseline that fits (planModel's BASELINE_PROOF_TIME_SHARE). */
const BASELINE_PROOF_SHARE = 0.2;

/** What the stability step of boxedCloseSolve decided, for baselineChanges. */
interface CloseOutcome {
  /** The result to interpret. */
  readonly result: SolveResult;
  /** The stability step's outcome, or null when there was no plan to keep close. */
  readonly changes: Awaited<ReturnType<typeof stayCloseToBaseline>> | null;
}

/**
 * A re-solve with `--baseline` under the request's box: the MILP starts from the better of the
 * neighbouring plan and the baseline (each completed or repaired to a plan of this program), and
 * a plan it finds is then kept close to the baseline (stayCloseToBaseline). With the box in CPU
 * seconds (ShortcutRequest.boxInCpuSeconds, stress draws) the MILP has the box as without a
 * baseline and the closest-plan step a CPU box of its own, STABILITY_TIME_SHARE × the box; without
 * a time limit the closest-plan step has STABILITY_TIME_SHARE of the MILP's time, as in planModel.
 */
async function boxedCloseSolve(
  dataset: Dataset,
  engine: Engine,
  program: LinearProgram,
  layout: PortfolioLayout,
  baseline: BaselineDecisions,
  neighbourStart: NeighbourPlan | null,
  request: ShortcutRequest,
  secondsLeft: number | undefined,
  timeLimitSeconds: number | undefined,
  why: string,
): Promise<CloseOutcome> {
  const cpuBox = boxesInCpuSeconds(request, engine) && secondsLeft !== undefined;
  const stepEngine = cpuBox ? cpuBoxedEngine(engine) : engine;
  // When the neighbour is the baseline itself (explain from its run folder), its completion is the baseline's: one LP, not two.
  const sameDecisions = neighbourStart !== null && sameStarts(request.startFrom, baseline.startYearByProjectId);
  const completed: BaselineStart | null = sameDecisions && neighbourStart !== null
    ? { values: neighbourStart.values, benefitPoints: neighbourStart.benefitPoints, exact: neighbourStart.exact }
    : await completeBaseline(stepEngine, program, layout, baseline.startYearByProjectId, null);
  const tolerance = 1e-9 * Math.max(1, Math.abs(neighbourStart?.benefitPoints ?? 0));
  const fromNeighbour = neighbourStart !== null && (completed === null || neighbourStart.benefitPoints > completed.benefitPoints + tolerance);
  const start: { readonly values: readonly number[]; readonly benefitPoints: number } | null = fromNeighbour ? neighbourStart : completed;
  const startWords = start === null ? 'no start (neither the neighbouring plan nor the baseline could be made a plan of it)' : fromNeighbour ? 'the neighbouring plan as MIP start' : `the baseline${completed?.exact === true ? '' : ' repaired'} as MIP start`;
  const proveStart = completed?.exact === true && !fromNeighbour ? { proveStart: { extraTimeShare: BASELINE_PROOF_SHARE } } : {};
  const solved = await solveProgram(engine, program, { relativeGap: request.relativeGap, ...(start !== null ? { startValues: start.values } : {}), ...proveStart, ...boxLimits(request, engine, secondsLeft) });
  const proven = solved.gap === null ? '' : `, gap ${percentWords(solved.gap)}`;
  const milpWords = `${why}; MILP with ${startWords}, kept close to the baseline (${solved.status}${proven}${solved.status === 'feasible' ? ', stopped by the time box' : ''})`;
  let first: SolveResult = { ...solved, rawStatus: milpWords };
  if (start !== null && (!hasSolution(solved) || solved.objective < start.benefitPoints - tolerance)) {
    // The engine ended without a plan as good as its start: the start stands, with the bound the MILP proved.
    const bestBound = solved.bestBound;
    const gap = bestBound === null ? null : relativeGapOf(bestBound, start.benefitPoints);
    first = {
      ...solved,
      status: gap !== null && gap <= request.relativeGap ? 'optimal' : 'feasible',
      rawStatus: `${milpWords}; it ended without a better plan, so its start stands${gap === null ? ' (gap unknown)' : ` (gap ${percentWords(gap)})`}`,
      objective: start.benefitPoints,
      gap,
      values: start.values,
      duals: null,
    };
  }
  if (!hasSolution(first)) return { result: first, changes: null };
  const maxSeconds = cpuBox && timeLimitSeconds !== undefined ? Math.max(1, STABILITY_TIME_SHARE * timeLimitSeconds) : Math.max(1, STABILITY_TIME_SHARE * first.seconds);
  // The dataset lets a change the clean-up cannot put back name its prerequisite or alternative, as in a run.
  const changes = await stayCloseToBaseline(stepEngine, program, layout, baseline.startYearByProjectId, first, completed, { relativeGap: request.relativeGap, maxSeconds, dataset });
  const boxWords = cpuBox ? `, its closest-plan step boxed to ${maxSeconds.toFixed(1)} CPU s` : '';
  return { result: { ...changes.result, rawStatus: `${milpWords}${boxWords}; ${changes.why}` }, changes };
}

/** True when two sets of decisions start the same projects in the same years (a missing id is unfunded). */
function sameStarts(one: Decisions, other: Decisions): boolean {
  const ids = new Set([...Object.keys(one), ...Object.keys(other)]);
  for (const id of ids) if ((one[id] ?? null) !== (other[id] ?? null)) return false;
  return true;
}

/**
 * The MILP without a start (ShortcutRequest.whenBroken `cold`), under what is left of the time box.
 * When the wall-clock box stops it (a loaded machine) the keep-or-drop repair of the neighbour is
 * run after all and the better of the two plans kept, with the MILP's bound when it reported one:
 * as with a repaired start, a boxed re-solve is never worse than keep-or-drop, and one that found
 * no plan still has one. That repair may run a few seconds past the box. With the box in CPU
 * seconds (boxInCpuSeconds) a MILP stopped by it with a plan keeps that plan without the repair.
 */
async function coldSolve(engine: Engine, program: LinearProgram, layout: PortfolioLayout, request: ShortcutRequest, timeLimitSeconds: number | undefined, seconds: () => number, boxSpent: () => number, why: string): Promise<SolveResult> {
  let secondsLeft = timeLimitSeconds === undefined ? undefined : Math.max(0.05, timeLimitSeconds * (1 - RESERVE_SHARE) - boxSpent());
  // The guided start runs on HiGHS's thread, which boxSpent does not see: the box is charged its wall seconds, at most its CPU cap.
  const guidedCpuSeconds = secondsLeft === undefined ? GUIDED_START_CPU_SECONDS : Math.min(GUIDED_START_CPU_SECONDS, secondsLeft / 2);
  const guidedStarted = performance.now();
  const guided = request.guidedStart === true ? await guidedStart(engine, program, referenceOfStarts(program, layout, request.startFrom), { relativeGap: request.relativeGap }, boxLimits(request, engine, guidedCpuSeconds)) : null;
  if (request.guidedStart === true && secondsLeft !== undefined) secondsLeft = Math.max(0.05, secondsLeft - Math.min(guidedCpuSeconds, (performance.now() - guidedStarted) / 1000));
  const solved = await solveProgram(engine, program, { relativeGap: request.relativeGap, ...boxLimits(request, engine, secondsLeft), ...stagnationOptions(request, engine), ...(guided !== null ? { startValues: guided.values } : {}) });
  const proven = solved.gap === null ? '' : `, gap ${percentWords(solved.gap)}`;
  const startWords = guided !== null ? `MILP from the guided start (${guided.freeVariables} of ${guided.freeVariables + guided.fixedVariables} starts free)` : request.guidedStart === true ? 'MILP without a start (the guided start found none)' : 'MILP without a start';
  const milpWords = `${why}; ${startWords} (${solved.status}${proven}${stoppedWords(solved)})`;
  if (solved.status === 'optimal' || solved.status === 'infeasible' || solved.status === 'unbounded') return { ...solved, rawStatus: milpWords };
  // With the box in CPU seconds, a MILP that stopped with a plan before the wall clock's (wider)
  // limit had all of its CPU seconds: its plan is what the root, its cut rounds and the sub-MIPs
  // found (within about 1.5% of the bound in the boxed draws of the default model, task x2), far
  // above keep-or-drop's (2–5.5% below the best), so that repair would cost 1.7–2.3 CPU s for
  // nothing. It still runs for a MILP without a plan, or one the wall clock stopped (a machine too
  // loaded to give it its CPU seconds).
  const hadItsCpuSeconds = boxesInCpuSeconds(request, engine) && secondsLeft !== undefined && solved.seconds < secondsLeft * CPU_BOX_WALL_FACTOR * WALL_LIMIT_REACHED_SHARE;
  if (hadItsCpuSeconds && hasSolution(solved)) return { ...solved, rawStatus: `${milpWords}; it had its CPU seconds, so the keep-or-drop repair was not run` };
  const repaired = await neighbourPlan(engine, program, layout, request.startFrom, null);
  const tolerance = 1e-9 * Math.max(1, Math.abs(repaired?.benefitPoints ?? 0));
  if (repaired === null || (hasSolution(solved) && solved.objective >= repaired.benefitPoints - tolerance)) {
    const repairWords = repaired === null ? 'the neighbouring plan could not be repaired either' : 'better than the neighbouring plan repaired (keep-or-drop)';
    return { ...solved, rawStatus: `${milpWords}; ${repairWords}` };
  }
  const bound = solved.bestBound;
  const gap = bound === null ? null : relativeGapOf(bound, repaired.benefitPoints);
  return {
    engine: solved.engine,
    status: gap !== null && gap <= request.relativeGap ? 'optimal' : 'feasible',
    rawStatus: `${milpWords}; ${repaired.words} is better, so it stands${gap === null ? ' (gap unknown)' : ` (gap ${percentWords(gap)})`}`,
    objective: repaired.benefitPoints,
    bestBound: bound,
    gap,
    nodes: solved.nodes,
    seconds: seconds(),
    values: repaired.values,
    duals: null,
  };
}

/** The LP relaxation's bound of a run's program against a plan's benefit: how far the LP bound is from plans of this model. */
export interface LpBoundGap {
  /** LP relaxation optimum, benefit points, or null when it has none. */
  readonly lpBoundBenefitPoints: number | null;
  /** Relative gap of the plan's benefit to it, or null. */
  readonly gap: number | null;
}

/**
 * The LP relaxation of `run`'s program against `benefitPoints` (a plan of it): when this gap is
 * already larger than the gap asked for, no neighbour of this model can be accepted by the LP bound
 * (changes of a draw or a budget level move the bound and the plans together), so the analysis
 * commands skip that LP for every re-solve. One LP.
 */
export async function lpBoundGap(run: PlanningRun, benefitPoints: number, engineName: EngineName = run.engineOptions.engine ?? DEFAULT_ENGINE): Promise<LpBoundGap> {
  const engine = getEngine(engineName);
  const staged = plannedDataset(run.dataset);
  const built = buildFormulation(staged.dataset, computeIndices(staged.dataset), 'portfolio');
  const relaxed = await solveProgram(engine, linearRelaxation(built.program), {});
  if (!hasSolution(relaxed)) return { lpBoundBenefitPoints: null, gap: null };
  return { lpBoundBenefitPoints: relaxed.objective, gap: relativeGapOf(relaxed.objective, benefitPoints) };
}

/** A plan's decisions: start year per project id, null for unfunded (empty without a solution). */
export function decisionsOfPlan(plan: PortfolioPlan): Record<string, number | null> {
  if (!hasSolution(plan)) return {};
  return Object.fromEntries(plan.projects.map((project) => [project.id, project.funded ? project.startYear : null]));
}

/** True when two decision records give every project the same start (null for unfunded; a project absent from one counts as unfunded). */
function sameDecisions(left: Decisions, right: Decisions): boolean {
  const ids = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const id of ids) if ((left[id] ?? null) !== (right[id] ?? null)) return false;
  return true;
}
