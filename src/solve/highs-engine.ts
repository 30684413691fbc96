/**
 * The HiGHS engine (default): HiGHS compiled to WebAssembly, driven through its persistent Model
 * API with structured sparse input, so no text is parsed on the way in. Each solve runs on a worker
 * thread (highs-thread.ts) so that a time limit is a promise: HiGHS's callbacks interrupt it at the
 * limit, and if it still has not returned a short grace later the thread is stopped and the best
 * solution it reported is kept. Statuses are read conservatively and every claimed solution is
 * verified against the program.
 */
import type { LinearProgram } from '../program/linear-program.js';
import { describeEngine } from '../dataset/engine-catalogue.js';
import type { Engine, SolveOptions, SolveProgress, SolveResult, SolveStatus } from './engine.js';
import { highsStatusName, loadHighsRuntime, type HighsModelArrays, type HighsRun, type HighsRunRequest, type HighsStatusName } from './highs-run.js';
import { runHighsOnThread, type HighsThreadOptions, type HighsThreadOutcome } from './highs-thread.js';
import { assertValidProgram } from '../program/validate-program.js';
import { verifyResult } from './verify-solution.js';
import { checkSolveOptions, formatSeconds, hardStopGraceSeconds } from './solve-options.js';

export { loadHighsRuntime } from './highs-run.js';

/** HiGHS's own default relative MIP gap, used when the caller asks for none. */
export const HIGHS_DEFAULT_RELATIVE_GAP = 1e-4;

/**
 * HiGHS's primal-heuristic effort (its default is 0.05). Measured on the Western Cape portfolio
 * (bench/results.md): at 0.05 the incumbent stalled 0.4% below the bound for minutes, at 0.3 the
 * solve closed to the 1e-4 gap in about 28 s; at 0.8 the heuristics crowd out the search again.
 */
export const HIGHS_MIP_HEURISTIC_EFFORT = 0.3;

/** `HiGHS model status timeLimit (13)`. */
function statusText(run: HighsRun): string {
  return `HiGHS model status ${run.codeName} (${run.code})`;
}

/** True when the program has an integer or binary variable. */
export function hasIntegerVariables(program: LinearProgram): boolean {
  return program.variables.some((variable) => variable.kind !== 'continuous');
}

/**
 * The program as flat arrays for HiGHS's structured input: CSR rows, column costs, integrality.
 * Engines see indices only, never labels. Repeated variables in a row are summed (HiGHS rejects
 * duplicates) and zeros dropped. With `zeroObjective`, the costs are all zero: used to ask only
 * "is there any feasible point?".
 */
export function toHighsArrays(program: LinearProgram, zeroObjective = false): HighsModelArrays {
  const columnCount = program.variables.length;
  const rowCount = program.constraints.length;
  let termCount = 0;
  for (const constraint of program.constraints) termCount += constraint.terms.length;
  const starts = new Int32Array(rowCount + 1);
  const indices = new Int32Array(termCount);
  const values = new Float64Array(termCount);
  let filled = 0;
  program.constraints.forEach((constraint, row) => {
    const coefficientByVariable = new Map<number, number>();
    for (const term of constraint.terms) {
      coefficientByVariable.set(term.variable, (coefficientByVariable.get(term.variable) ?? 0) + term.coefficient);
    }
    for (const [variable, coefficient] of [...coefficientByVariable].sort((left, right) => left[0] - right[0])) {
      if (coefficient === 0) continue;
      indices[filled] = variable;
      values[filled] = coefficient;
      filled += 1;
    }
    starts[row + 1] = filled;
  });
  const colCost = new Float64Array(columnCount);
  if (!zeroObjective) for (const term of program.objective) colCost[term.variable] += term.coefficient;
  const colLower = new Float64Array(columnCount);
  const colUpper = new Float64Array(columnCount);
  const integer = new Uint8Array(columnCount);
  program.variables.forEach((variable, index) => {
    const isBinary = variable.kind === 'binary';
    colLower[index] = isBinary ? Math.max(variable.lower, 0) : variable.lower;
    colUpper[index] = isBinary ? Math.min(variable.upper, 1) : variable.upper;
    integer[index] = variable.kind === 'continuous' ? 0 : 1;
  });
  return {
    sense: program.sense,
    offset: zeroObjective ? 0 : program.objectiveConstant,
    colCost,
    colLower,
    colUpper,
    rowLower: Float64Array.from(program.constraints, (constraint) => constraint.lower),
    rowUpper: Float64Array.from(program.constraints, (constraint) => constraint.upper),
    starts,
    indices: filled === termCount ? indices : indices.slice(0, filled),
    values: filled === termCount ? values : values.slice(0, filled),
    integer,
  };
}

/** When a solve must end: HiGHS's own limit and the two instants infraplan enforces it by. */
interface SolveDeadline {
  /** Seconds allowed. */
  readonly limitSeconds: number;
  /** The instant (Date.now()) at which HiGHS's callbacks interrupt it. */
  readonly interruptAtEpochMilliseconds: number;
  /** performance.now() at which the worker thread is stopped if HiGHS has not returned. */
  readonly stopAtMilliseconds: number;
}

/** The deadline of a solve with `limitSeconds` starting now. */
function startDeadline(limitSeconds: number): SolveDeadline {
  return {
    limitSeconds,
    interruptAtEpochMilliseconds: Date.now() + limitSeconds * 1000,
    stopAtMilliseconds: performance.now() + (limitSeconds + hardStopGraceSeconds(limitSeconds)) * 1000,
  };
}

/** What a caller watching a run passes through to its thread: a stop signal and listeners. */
interface RunWatch {
  readonly signal?: AbortSignal;
  readonly progress?: (update: SolveProgress) => void;
}

/** The thread options that carry a watch: the signal, and the listeners translated to SolveProgress. */
function watchOptions(watch: RunWatch): Pick<HighsThreadOptions, 'signal' | 'onIncumbent' | 'onProgress'> {
  const { signal, progress } = watch;
  return {
    ...(signal !== undefined ? { signal } : {}),
    ...(progress !== undefined
      ? {
          onIncumbent: (incumbent) => progress({ kind: 'incumbent', objective: incumbent.objective }),
          onProgress: (report) => {
            if (report.bestBound !== null) progress({ kind: 'bound', bestBound: report.bestBound });
          },
        }
      : {}),
  };
}

/** Run HiGHS on its worker thread under a deadline (or none). */
function runUnder(
  model: HighsModelArrays,
  options: Readonly<Record<string, number | boolean>>,
  deadline: SolveDeadline | null,
  startValues: Float64Array | null = null,
  proveStart: HighsRunRequest['proveStart'] = null,
  cpuLimitSeconds: number | null = null,
  watch: RunWatch = {},
  stagnation: HighsRunRequest['stagnation'] = null,
): Promise<HighsThreadOutcome> {
  const watched = watchOptions(watch);
  const reportProgress = watch.progress !== undefined;
  if (deadline === null) return runHighsOnThread({ model, options, interruptAtEpochMilliseconds: null, startValues, proveStart, cpuLimitSeconds, reportProgress, stagnation }, watched);
  // HiGHS counts its own limit from the start of its run; what is left is what it may use.
  const secondsLeft = Math.max(1e-3, (deadline.interruptAtEpochMilliseconds - Date.now()) / 1000);
  return runHighsOnThread(
    { model, options: { ...options, time_limit: secondsLeft }, interruptAtEpochMilliseconds: deadline.interruptAtEpochMilliseconds, startValues, proveStart, cpuLimitSeconds, reportProgress, stagnation },
    { stopAfterMilliseconds: deadline.stopAtMilliseconds - performance.now(), ...watched },
  );
}

/** Relative gap as the SolveResult contract defines it: |bound - objective| / max(1, |objective|). */
function contractGap(bound: number, objective: number): number {
  return Math.abs(bound - objective) / Math.max(1, Math.abs(objective));
}

/**
 * Resolve HiGHS's "infeasible or unbounded" by solving again with a zero objective: no feasible
 * point means infeasible; a feasible point means the original was unbounded (true for rational
 * data even with integers). Anything else stays an error (or a time limit, when time ran out).
 */
async function settleInfeasibleOrUnbounded(
  program: LinearProgram,
  options: Readonly<Record<string, number | boolean>>,
  deadline: SolveDeadline | null,
  signal: AbortSignal | undefined,
): Promise<{ status: SolveStatus; note: string }> {
  const outcome = await runUnder(toHighsArrays(program, true), options, deadline, null, null, null, signal === undefined ? {} : { signal });
  if (outcome.kind === 'failed') return { status: 'error', note: `the zero-objective re-solve failed: ${outcome.message}` };
  if (outcome.kind === 'stopped') return { status: 'time_limit', note: `the zero-objective re-solve was stopped ${signal?.aborted === true ? 'by its caller' : 'at the time limit'}` };
  const feasibility = outcome.run;
  if (feasibility.codeName === 'infeasible') return { status: 'infeasible', note: 'a zero-objective re-solve proved it infeasible' };
  if (feasibility.codeName === 'optimal' && feasibility.hasPrimal) return { status: 'unbounded', note: 'a zero-objective re-solve found a feasible point, so it is unbounded' };
  if (feasibility.codeName === 'timeLimit' || feasibility.interruptedAtDeadline) return { status: 'time_limit', note: `the zero-objective re-solve ended with ${statusText(feasibility)}` };
  return { status: 'error', note: `the zero-objective re-solve ended with ${statusText(feasibility)}` };
}

/** Statuses with which HiGHS stops early, possibly holding a feasible solution. */
const STOPPED_EARLY: ReadonlySet<HighsStatusName> = new Set<HighsStatusName>(['timeLimit', 'iterationLimit', 'solutionLimit', 'interrupted', 'objectiveBound', 'objectiveTarget']);

/** The HiGHS engine. */
export const highsEngine: Engine = {
  name: 'highs',
  capabilities: describeEngine('highs').capabilities,

  async solve(program: LinearProgram, options: SolveOptions = {}): Promise<SolveResult> {
    checkSolveOptions(options);
    // The clock starts before any work: checking and translating a national model take seconds.
    const started = performance.now();
    const seconds = (): number => (performance.now() - started) / 1000;
    const deadline = options.timeLimitSeconds === undefined ? null : startDeadline(options.timeLimitSeconds);
    assertValidProgram(program);
    const isMip = hasIntegerVariables(program);
    const requestedGap = options.relativeGap ?? HIGHS_DEFAULT_RELATIVE_GAP;
    const highsOptions: Record<string, number | boolean> = isMip ? { mip_heuristic_effort: options.mipHeuristicEffort ?? HIGHS_MIP_HEURISTIC_EFFORT } : {};
    if (options.randomSeed !== undefined) highsOptions.random_seed = options.randomSeed;
    if (options.relativeGap !== undefined) highsOptions.mip_rel_gap = options.relativeGap;
    if (isMip && options.subMipHeuristics === false) {
      highsOptions.mip_heuristic_run_rins = false;
      highsOptions.mip_heuristic_run_rens = false;
      highsOptions.mip_heuristic_run_root_reduced_cost = false;
    }
    if (isMip && options.feasibilityJump === false) highsOptions.mip_heuristic_run_feasibility_jump = false;
    // Unlike objective_bound, HiGHS reads objective_target in the model's own sense (measured on 1.15.3: a maximisation with target 250 000 stopped at its first plan above it, status objectiveTarget).
    if (isMip && options.objectiveTarget !== undefined && Number.isFinite(options.objectiveTarget)) highsOptions.objective_target = options.objectiveTarget;
    // HiGHS applies objective_bound to its internal (minimising) objective: a maximisation's cutoff is negated (measured on HiGHS 1.15.3).
    const cutoff = isMip && options.objectiveCutoff !== undefined && Number.isFinite(options.objectiveCutoff) ? options.objectiveCutoff : null;
    if (cutoff !== null) highsOptions.objective_bound = program.sense === 'maximize' ? -cutoff : cutoff;
    const empty = { bestBound: null, gap: null, nodes: null, values: null, duals: null, objective: null };
    const startValues = isMip && cutoff === null && options.startValues !== undefined && options.startValues.length === program.variables.length ? Float64Array.from(options.startValues) : null;
    let proveStart: HighsRunRequest['proveStart'] = null;
    if (startValues !== null && options.proveStart !== undefined) {
      let objective = program.objectiveConstant;
      for (const term of program.objective) objective += term.coefficient * startValues[term.variable];
      proveStart = { objective, relativeGap: requestedGap, extraTimeShare: options.proveStart.extraTimeShare };
      // HiGHS must not stop by itself at the gap: the callbacks decide when the start is proven (or time is up).
      highsOptions.mip_rel_gap = requestedGap / 10;
    }
    const watch: RunWatch = { ...(options.signal !== undefined ? { signal: options.signal } : {}), ...(options.progress !== undefined ? { progress: options.progress } : {}) };
    const outcome = await runUnder(toHighsArrays(program), highsOptions, deadline, startValues, proveStart, options.cpuTimeLimitSeconds ?? null, watch, isMip && cutoff === null ? (options.stagnationStop ?? null) : null);
    if (outcome.kind === 'failed') return { engine: 'highs', status: 'error', rawStatus: `HiGHS failed: ${outcome.message}`, seconds: seconds(), ...empty };
    // Stopped by the caller's signal (a race's other run won) or, failing that, at the hard deadline.
    if (outcome.kind === 'stopped') return resultOfStoppedSolve(program, outcome, options.signal?.aborted === true || deadline === null ? null : deadline.limitSeconds, seconds());

    const run = outcome.run;
    if (run.codeName === 'unboundedOrInfeasible' || (run.codeName === 'unbounded' && isMip)) {
      const settled = await settleInfeasibleOrUnbounded(program, highsOptions, deadline, options.signal);
      return { ...empty, engine: 'highs', status: settled.status, rawStatus: `${describeRun(run, deadline?.limitSeconds)}; ${settled.note}`, seconds: seconds() };
    }
    const result = resultOfRun(program, run, { requestedGap, limitSeconds: deadline?.limitSeconds, cpuLimitSeconds: options.cpuTimeLimitSeconds, seconds: seconds() });
    return cutoff === null ? result : withCutoff(result, run, cutoff, program.sense === 'maximize');
  },
};

/**
 * A run with SolveOptions.objectiveCutoff in the contract's words: a plan only when it beats the
 * cutoff; `infeasible` when the search ended without one; `time_limit` with the bound HiGHS proved
 * when its time ran out first. HiGHS prunes every branch that cannot beat the cutoff, but a plan its
 * heuristics find below the cutoff still becomes its incumbent, and once the tree is pruned it calls
 * that plan optimal (measured on 1.15.3: a knapsack with optimum 514 and cutoff 514.5 came back
 * "optimal" at 480): such a plan is dropped here, so it is never read as the best.
 */
function withCutoff(result: SolveResult, run: HighsRun, cutoff: number, maximize: boolean): SolveResult {
  const beats = result.values !== null && result.objective !== null && (maximize ? result.objective > cutoff : result.objective < cutoff);
  if (beats) return result;
  const noPlan = { objective: null, values: null, duals: null, gap: null };
  if (result.status === 'optimal' || result.status === 'infeasible' || run.codeName === 'objectiveBound') {
    return { ...result, ...noPlan, status: 'infeasible', bestBound: null, rawStatus: `${result.rawStatus}; no plan beats the cutoff ${cutoff}` };
  }
  const bound = result.bestBound ?? (run.mipDualBound !== null && Number.isFinite(run.mipDualBound) ? run.mipDualBound : null);
  if (result.status === 'feasible' || result.status === 'time_limit') return { ...result, ...noPlan, status: 'time_limit', bestBound: bound, rawStatus: `${result.rawStatus}; no plan beating the cutoff ${cutoff} found before the limit` };
  return result;
}

/** `HiGHS model status interrupted (17) at the 60 s time limit` (or `at the 13.5 CPU s limit`). */
function describeRun(run: HighsRun, limitSeconds: number | undefined, cpuLimitSeconds?: number): string {
  const limitWords = run.interruptedAtDeadline && limitSeconds !== undefined
    ? ` at the ${formatSeconds(limitSeconds)} s time limit`
    : run.interruptedAtCpuLimit === true && cpuLimitSeconds !== undefined
      ? ` at the ${formatSeconds(cpuLimitSeconds)} CPU s limit`
      : '';
  const stallWords = run.stagnation === undefined ? '' : ` after ${formatSeconds(run.stagnation.cpuSeconds)} CPU s: its gap had stalled (${(run.stagnation.gapWindowEarlier * 100).toFixed(2)}% then ${(run.stagnation.gap * 100).toFixed(2)}%)`;
  // Said only when it matters: a CPU limit asked for on a platform without a per-thread clock is the wall-clock limit alone.
  const noClock = run.cpu !== undefined && !run.cpu.limitApplied ? ' (no per-thread CPU clock here, so only the wall-clock limit applied)' : '';
  return statusText(run) + limitWords + stallWords + noClock;
}

/**
 * A finished HiGHS run in the common status vocabulary (everything but "infeasible or
 * unbounded", which needs a second run). A claimed solution is verified against the program.
 */
export function resultOfRun(
  program: LinearProgram,
  run: HighsRun,
  context: { readonly requestedGap: number; readonly limitSeconds: number | undefined; readonly cpuLimitSeconds?: number | undefined; readonly seconds: number },
): SolveResult {
  const isMip = hasIntegerVariables(program);
  const proofWords = run.proof?.ended === 'start_proven' ? '; searched on until the start was proven within the gap' : run.proof?.ended === 'gap_reached' ? '; searched on for a proof of the start within the gap, without one' : '';
  const rawStatus = describeRun(run, context.limitSeconds, context.cpuLimitSeconds) + proofWords;
  const atALimit = run.interruptedAtDeadline || run.interruptedAtCpuLimit === true;
  const base = { engine: 'highs' as const, rawStatus, seconds: context.seconds, bestBound: null, gap: null, nodes: null, values: null, duals: null, objective: null };
  if (run.codeName === 'infeasible') return { ...base, status: 'infeasible' };
  if (run.codeName === 'unbounded') return { ...base, status: 'unbounded' };
  // A run the start-proof callbacks stopped (not the deadline) stopped at a gap they checked; the gap check below still applies.
  const stoppedByProof = run.codeName === 'interrupted' && !atALimit && (run.proof?.ended ?? null) !== null;
  const isProvenOptimal = run.codeName === 'optimal' || (run.codeName === 'empty' && program.variables.length === 0) || stoppedByProof;
  if (!isProvenOptimal && !STOPPED_EARLY.has(run.codeName)) return { ...base, status: 'error' };
  if (!run.hasPrimal) {
    const status: SolveStatus = run.codeName === 'timeLimit' || atALimit ? 'time_limit' : 'error';
    return { ...base, status, rawStatus: `${rawStatus}; no feasible solution found` };
  }

  let bestBound: number | null;
  let gap: number | null;
  let nodes: number | null = null;
  if (isMip) {
    bestBound = run.mipDualBound !== null && Number.isFinite(run.mipDualBound) ? run.mipDualBound : null;
    gap = run.mipGap !== null && Number.isFinite(run.mipGap) ? run.mipGap : null;
    nodes = run.nodes !== null && run.nodes >= 0 ? run.nodes : null;
  } else {
    bestBound = isProvenOptimal ? run.objective : null;
    gap = isProvenOptimal ? 0 : null;
  }
  let status: SolveStatus = isProvenOptimal ? 'optimal' : 'feasible';
  let note = '';
  // HiGHS calls a MIP optimal once its gap is within mip_rel_gap; a gap it cannot state, or one
  // wider than asked, is not a proof, so the answer is only feasible.
  if (status === 'optimal' && isMip && (gap === null || gap > context.requestedGap * (1 + 1e-9) + 1e-12)) {
    status = 'feasible';
    note = `; reported optimal but the gap ${gap ?? 'is unknown'} exceeds the requested ${context.requestedGap}`;
  }
  const duals = !isMip && status === 'optimal' && run.hasDual ? Array.from(run.rowDuals, (dual) => (dual === 0 ? 0 : dual)) : null;
  return verifyResult(program, {
    engine: 'highs',
    status,
    ...(run.stagnation !== undefined ? { stoppedByStagnation: true } : {}),
    rawStatus: rawStatus + note,
    objective: run.objective,
    bestBound,
    gap,
    nodes,
    seconds: context.seconds,
    values: Array.from(run.values),
    duals,
  });
}

/**
 * The result of a solve whose thread was stopped at the hard deadline (`limitSeconds`), or by its
 * caller (`limitSeconds` null: a race whose other run won): the last improving solution HiGHS
 * reported, verified like any other, as `feasible` with the gap to the last bound it reported; or
 * `time_limit` when it had reported none.
 */
export function resultOfStoppedSolve(program: LinearProgram, outcome: Extract<HighsThreadOutcome, { kind: 'stopped' }>, limitSeconds: number | null, seconds: number): SolveResult {
  const what =
    limitSeconds === null
      ? 'HiGHS was stopped by its caller before it finished'
      : `HiGHS had not stopped ${formatSeconds(hardStopGraceSeconds(limitSeconds))} s after its ${formatSeconds(limitSeconds)} s time limit, so infraplan stopped it`;
  const { incumbent, progress } = outcome;
  if (incumbent === null) {
    // Stopped by its caller, the bound it had proved is kept: a race combines it with another run's plan.
    const bestBound = limitSeconds === null ? (progress?.bestBound ?? null) : null;
    return { engine: 'highs', status: 'time_limit', rawStatus: `${what}; no feasible solution had been found`, objective: null, bestBound, gap: null, nodes: progress?.nodes ?? null, seconds, values: null, duals: null };
  }
  const bestBound = progress?.bestBound ?? null;
  return verifyResult(program, {
    engine: 'highs',
    status: 'feasible',
    rawStatus: `${what} and kept the best solution it had found`,
    objective: incumbent.objective,
    bestBound,
    gap: bestBound === null ? null : contractGap(bestBound, incumbent.objective),
    nodes: progress?.nodes ?? null,
    seconds,
    values: Array.from(incumbent.values),
    duals: null,
  });
}

/**
 * Solve CPLEX LP text with HiGHS and return its status name and objective. For checking an
 * exported file (round trips and tests), not for planning: results are keyed by name, not index.
 */
export async function solveLpTextWithHighs(lpText: string, options: SolveOptions = {}): Promise<{
  readonly rawStatus: string;
  readonly optimal: boolean;
  readonly objective: number | null;
  readonly valuesByName: ReadonlyMap<string, number>;
}> {
  checkSolveOptions(options);
  const highs = await loadHighsRuntime();
  return highs.withModel({ format: 'lp', data: lpText }, (model) => {
    model.options.set({ output_flag: false });
    if (options.timeLimitSeconds !== undefined) model.options.set('time_limit', options.timeLimitSeconds);
    if (options.relativeGap !== undefined) model.options.set('mip_rel_gap', options.relativeGap);
    model.run();
    const code = model.getModelStatus();
    const optimal = code === highs.constants.modelStatus.optimal;
    const values = model.getSolution().colValue;
    const valuesByName = new Map<string, number>();
    for (let index = 0; index < values.length; index += 1) valuesByName.set(model.getColName(index), values[index]);
    return { rawStatus: `HiGHS model status ${highsStatusName(highs, code)} (${code})`, optimal, objective: optimal ? model.getObjectiveValue() : null, valuesByName };
  });
}
