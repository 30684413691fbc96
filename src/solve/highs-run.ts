/**
 * One HiGHS run on structured input, as the HiGHS worker thread performs it: the WebAssembly
 * runtime, the run itself, and what is read back afterwards. With a deadline, HiGHS's callbacks
 * stop the solve at that instant (its own `time_limit` does not cover every phase) and every
 * improving MIP solution is handed to `report`, so a caller that has to stop the thread from
 * outside still holds the best plan found so far.
 */
import highsPackage from 'highs';
import type { Highs, HighsCallbackMap, Model, ModelData, ModelStatusCode } from 'highs';
import { enableCallbackSolutions } from './highs-user-solution.js';
import { threadCpuSeconds } from './thread-cpu.js';
import type { StagnationStop } from './engine.js';

/**
 * The package's types describe a CommonJS module (loader under `.default`), while Node's ESM
 * build exports the loader itself as the default; accept either shape.
 */
const loadHighs = (
  typeof highsPackage === 'function' ? highsPackage : (highsPackage as unknown as { default: () => Promise<Highs> }).default
) as () => Promise<Highs>;

let runtime: Promise<Highs> | undefined;

/**
 * The HiGHS WebAssembly runtime of this thread, loaded on first use and shared afterwards, with
 * the fix that lets plans handed back in the mipUserSolution callback reach HiGHS (highs-user-solution.ts).
 */
export function loadHighsRuntime(): Promise<Highs> {
  runtime ??= loadHighs().then((highs) => {
    enableCallbackSolutions(highs);
    return highs;
  });
  return runtime;
}

/**
 * A program as flat typed arrays: what HiGHS's structured input needs, built on the main thread
 * and moved (not copied) to the worker, which adds HiGHS's own codes for sense and integrality.
 */
export interface HighsModelArrays {
  /** Objective sense. */
  readonly sense: 'maximize' | 'minimize';
  /** Objective constant. */
  readonly offset: number;
  /** Cost per column. */
  readonly colCost: Float64Array;
  /** Lower bound per column (-Infinity for none). */
  readonly colLower: Float64Array;
  /** Upper bound per column (Infinity for none). */
  readonly colUpper: Float64Array;
  /** Lower bound per row (-Infinity for none). */
  readonly rowLower: Float64Array;
  /** Upper bound per row (Infinity for none). */
  readonly rowUpper: Float64Array;
  /** CSR row starts, one per row plus one. */
  readonly starts: Int32Array;
  /** CSR column indices. */
  readonly indices: Int32Array;
  /** CSR coefficients. */
  readonly values: Float64Array;
  /** 1 for an integer (or binary) column, 0 for a continuous one. */
  readonly integer: Uint8Array;
}

/** HiGHS structured input for the arrays. */
export function toModelData(highs: Highs, arrays: HighsModelArrays): ModelData {
  const { continuous, integer } = highs.constants.variableType;
  const numCols = arrays.colCost.length;
  const numRows = arrays.rowLower.length;
  return {
    numCols,
    numRows,
    sense: arrays.sense === 'maximize' ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize,
    offset: arrays.offset,
    colCost: arrays.colCost,
    colLower: arrays.colLower,
    colUpper: arrays.colUpper,
    rowLower: arrays.rowLower,
    rowUpper: arrays.rowUpper,
    matrix: { format: 'csr', numRows, numCols, starts: arrays.starts, indices: arrays.indices, values: arrays.values },
    integrality: Int32Array.from(arrays.integer, (flag) => (flag === 1 ? integer : continuous)),
  };
}

/** What to run. Everything in it survives a structured clone to a worker thread. */
export interface HighsRunRequest {
  /** The model. */
  readonly model: HighsModelArrays;
  /** HiGHS options (`output_flag` is always turned off). */
  readonly options: Readonly<Record<string, number | boolean>>;
  /** Instant (milliseconds since the epoch, as Date.now()) at which the callbacks interrupt the run; null for none. */
  readonly interruptAtEpochMilliseconds: number | null;
  /** A MIP start, one value per column, handed to HiGHS (setSolution) before the run; null for none. */
  readonly startValues?: Float64Array | null;
  /**
   * CPU seconds of this thread (thread-cpu.ts) after which the callbacks interrupt the run, counted
   * from its start; null or absent for none. Checked at most every CPU_CHECK_INTERVAL_MILLISECONDS;
   * where the platform has no per-thread clock it is not applied and the run reports that
   * (`cpuLimitApplied` false), so the wall-clock deadline is then the only limit.
   */
  readonly cpuLimitSeconds?: number | null;
  /**
   * Keep going past the usual stop (incumbent within `relativeGap` of the bound) until the start's
   * objective is proven within the gap too, for at most `extraTimeShare` × the time the usual stop
   * took; the callbacks then stop the run. HiGHS's own mip_rel_gap must be set below the gap.
   */
  readonly proveStart?: { readonly objective: number; readonly relativeGap: number; readonly extraTimeShare: number } | null;
  /**
   * Report improving solutions and the bound while running even without a deadline or CPU limit
   * (a race watches both runs to stop them once their best plan and best bound meet the gap).
   */
  readonly reportProgress?: boolean;
  /** Stop a MIP whose gap has stalled (SolveOptions.stagnationStop), counted on this thread's CPU clock; null or absent for none. */
  readonly stagnation?: StagnationStop | null;
}

/** A feasible MIP solution seen during a run. */
export interface HighsIncumbent {
  /** Objective, including the model's offset. */
  readonly objective: number;
  /** Value per column, in the original model's indexing. */
  readonly values: Float64Array;
}

/** The best bound and node count seen during a MIP run. */
export interface HighsProgress {
  /** Best proven bound on the objective, or null when HiGHS has none yet. */
  readonly bestBound: number | null;
  /** Branch-and-bound nodes so far, or null. */
  readonly nodes: number | null;
}

/** Receivers of what a run finds before it ends (only called when the request has a deadline). */
export interface HighsRunReport {
  /** A new best MIP solution. */
  incumbent(incumbent: HighsIncumbent): void;
  /** A newer bound; called at most about every PROGRESS_INTERVAL_MILLISECONDS. */
  progress(progress: HighsProgress): void;
}

/** HiGHS's name of a model status, e.g. `timeLimit`. */
export type HighsStatusName = keyof Highs['constants']['modelStatus'] | 'unrecognised';

/** What one HiGHS run produced, before status mapping. Survives a structured clone. */
export interface HighsRun {
  /** HiGHS model status code. */
  readonly code: ModelStatusCode;
  /** HiGHS's name for the code: the engine maps statuses by name, so it needs no runtime of its own. */
  readonly codeName: HighsStatusName;
  /** True when the callbacks interrupted the run at its deadline. */
  readonly interruptedAtDeadline: boolean;
  /** True when the callbacks interrupted the run at its CPU limit (cpuLimitSeconds). */
  readonly interruptedAtCpuLimit?: boolean;
  /** With cpuLimitSeconds: whether it could be applied (false without a per-thread clock), and the CPU seconds the run used. */
  readonly cpu?: { readonly limitApplied: boolean; readonly seconds: number | null };
  /** A feasible primal solution exists. */
  readonly hasPrimal: boolean;
  /** A feasible dual solution exists. */
  readonly hasDual: boolean;
  /** Objective of the primal solution, including the offset. */
  readonly objective: number;
  /** Column values. */
  readonly values: Float64Array;
  /** Row duals. */
  readonly rowDuals: Float64Array;
  /** HiGHS's relative MIP gap, or null. */
  readonly mipGap: number | null;
  /** HiGHS's MIP dual bound, or null. */
  readonly mipDualBound: number | null;
  /** Branch-and-bound nodes, or null. */
  readonly nodes: number | null;
  /** With proveStart: how the run ended (`start_proven`, `gap_reached` after the extra time, or null when HiGHS stopped itself), and seconds to the usual stop. */
  readonly proof?: { readonly ended: 'start_proven' | 'gap_reached' | null; readonly gapReachedAtSeconds: number | null };
  /** With a polish: what it did. */
  readonly polish?: Readonly<HighsPolishRecord>;
  /** With a stagnation stop that ended the run: when, and the gap it had then and a window earlier. */
  readonly stagnation?: StagnationRecord;
}

/** What a stagnation stop saw when it ended a run. */
export interface StagnationRecord {
  /** CPU seconds of the run at the stop. */
  readonly cpuSeconds: number;
  /** The gap then, |bound − incumbent| / max(1, |incumbent|). */
  readonly gap: number;
  /** The gap one window (StagnationStop.windowCpuSeconds) earlier. */
  readonly gapWindowEarlier: number;
}

/** Least time between two progress reports: often enough to be current, rare enough to cost nothing. */
export const PROGRESS_INTERVAL_MILLISECONDS = 250;

/** Least wall-clock time between two readings of the thread's CPU clock (one small /proc read, about 20 µs). */
export const CPU_CHECK_INTERVAL_MILLISECONDS = 50;

/** A run's CPU limit: the thread's CPU seconds at its start and the seconds it may use. */
interface CpuLimit {
  readonly startedCpuSeconds: number;
  readonly limitSeconds: number;
}

/** A check of a CPU limit for the callbacks: true once the run has used its CPU seconds (read at most every CPU_CHECK_INTERVAL_MILLISECONDS). */
function cpuLimitCheck(limit: CpuLimit, cpuClock: () => number | null): () => boolean {
  let lastCheck = 0;
  let over = false;
  return () => {
    if (over) return true;
    const now = Date.now();
    if (now - lastCheck < CPU_CHECK_INTERVAL_MILLISECONDS) return false;
    lastCheck = now;
    const used = (cpuClock() ?? limit.startedCpuSeconds) - limit.startedCpuSeconds;
    over = used >= limit.limitSeconds;
    return over;
  };
}

/** A numeric info item, or null when HiGHS does not have it. */
function readInfo(model: Model, name: string): number | null {
  try {
    const value = model.info.get(name);
    return typeof value === 'bigint' ? Number(value) : value;
  } catch {
    return null;
  }
}

/** A finite number, or null. */
function finiteOrNull(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}

/** HiGHS's name for a model status code, e.g. `timeLimit`. */
export function highsStatusName(highs: Highs, code: ModelStatusCode): HighsStatusName {
  const entry = Object.entries(highs.constants.modelStatus).find(([, value]) => value === code);
  return entry ? (entry[0] as HighsStatusName) : 'unrecognised';
}

/**
 * The callbacks of a run with a deadline (or a CPU limit): the three interrupt channels (MIP,
 * simplex, interior point) each stop the run once the deadline has passed or the CPU limit is
 * used up, the MIP one also reports the bound, and each improving MIP solution is reported with
 * its values.
 */
function deadlineCallbacks(highs: Highs, deadline: number | null, report: HighsRunReport | undefined, onInterrupt: (why: 'deadline' | 'cpu') => void, cpuOver: (() => boolean) | null = null): HighsCallbackMap {
  const channels = highs.constants.callbackType;
  let lastProgress = 0;
  const stopIfLate = (event: { interrupt(): void }): void => {
    if (deadline !== null && Date.now() >= deadline) onInterrupt('deadline');
    else if (cpuOver !== null && cpuOver()) onInterrupt('cpu');
    else return;
    event.interrupt();
  };
  return {
    [channels.mipInterrupt](event) {
      const now = Date.now();
      if (report && now - lastProgress >= PROGRESS_INTERVAL_MILLISECONDS) {
        lastProgress = now;
        const nodes = event.data.mip_node_count;
        report.progress({ bestBound: finiteOrNull(event.data.mip_dual_bound), nodes: nodes === undefined ? null : Number(nodes) });
      }
      stopIfLate(event);
      return undefined;
    },
    [channels.simplexInterrupt](event) {
      stopIfLate(event);
      return undefined;
    },
    [channels.ipmInterrupt](event) {
      stopIfLate(event);
      return undefined;
    },
    [channels.mipImprovingSolution](event) {
      const values = event.data.mip_solution;
      const objective = event.data.objective_function_value;
      if (report && values !== undefined && objective !== undefined && Number.isFinite(objective)) report.incumbent({ objective, values });
      return undefined;
    },
  };
}

/**
 * Improve an incumbent of the run (values in the run's own column indexing, objective with the
 * offset): a better feasible plan in the same indexing, or null. Called synchronously on HiGHS's
 * thread, so its work is the run's; it must check what it returns (HiGHS checks again).
 */
export type HighsPolish = (incumbent: HighsIncumbent) => Float64Array | null;

/** What the polish did during a run. */
export interface HighsPolishRecord {
  /** Incumbents polished. */
  polished: number;
  /** Better plans handed back to HiGHS. */
  handedBack: number;
  /** Objective of the best plan handed back, or null. */
  bestHandedObjective: number | null;
}

/**
 * Add to the callbacks the polish of HiGHS's incumbents: each improving solution is kept, and at
 * HiGHS's next user-solution checkpoint (after setup, between root cut rounds, before each dive)
 * it is polished once and a better plan handed back with setSolution. HiGHS does not report a
 * user solution as an improving one, so a handed plan is never polished again.
 */
function withPolish(
  highs: Highs,
  callbacks: HighsCallbackMap | undefined,
  polish: HighsPolish,
  model: HighsModelArrays,
  report: HighsRunReport | undefined,
  record: HighsPolishRecord,
): HighsCallbackMap {
  const sense = model.sense;
  const channels = highs.constants.callbackType;
  const inner = callbacks?.[channels.mipImprovingSolution];
  let pending: HighsIncumbent | null = null;
  const better = (left: number, right: number): boolean => (sense === 'maximize' ? left > right : left < right);
  return {
    ...callbacks,
    [channels.mipImprovingSolution](event) {
      inner?.(event);
      const values = event.data.mip_solution;
      const objective = event.data.objective_function_value;
      if (values !== undefined && objective !== undefined && Number.isFinite(objective)) pending = { objective, values };
      return undefined;
    },
    [channels.mipUserSolution](event) {
      if (pending === null) return undefined;
      const incumbent = pending;
      pending = null;
      record.polished += 1;
      const plan = polish(incumbent);
      if (plan === null || plan.length !== incumbent.values.length) return undefined;
      let objective = model.offset;
      for (let column = 0; column < plan.length; column += 1) objective += model.colCost[column] * plan[column];
      if (!better(objective, incumbent.objective)) return undefined;
      if (event.setSolution(plan).status !== 0) return undefined;
      record.handedBack += 1;
      // HiGHS reports no improving solution for a user solution: a caller that must stop the run
      // from outside would otherwise not hold the handed plan.
      report?.incumbent({ objective, values: Float64Array.from(plan) });
      if (record.bestHandedObjective === null || better(objective, record.bestHandedObjective)) record.bestHandedObjective = objective;
      return undefined;
    },
  } as HighsCallbackMap;
}

/**
 * Run HiGHS once and read everything the engine needs afterwards. Throws when HiGHS fails.
 * `cpuClock` reads this thread's CPU seconds for cpuLimitSeconds (tests pass one they move by hand).
 */
export function runHighs(highs: Highs, request: HighsRunRequest, report?: HighsRunReport, polish?: HighsPolish, cpuClock: () => number | null = threadCpuSeconds): HighsRun {
  // With a polish, a maximisation is handed to HiGHS as the minimisation of the negated objective
  // (the same search: HiGHS minimises internally), because HiGHS 1.15.1 pre-screens a user
  // solution by comparing its objective in the original sense against its internal (minimising)
  // incumbent bound, so in a maximisation every plan handed back after the first incumbent is
  // dropped unseen (highs-user-solution.ts). Objectives, bounds and duals are negated back.
  const negate = polish !== undefined && request.model.sense === 'maximize';
  const runModel = negate ? negatedObjective(request.model) : request.model;
  const sign = negate ? -1 : 1;
  const runReport: HighsRunReport | undefined =
    negate && report
      ? {
          incumbent: (incumbent) => report.incumbent({ objective: -incumbent.objective, values: incumbent.values }),
          progress: (progress) => report.progress({ bestBound: progress.bestBound === null ? null : -progress.bestBound, nodes: progress.nodes }),
        }
      : report;
  const runPolish: HighsPolish | undefined = negate && polish ? (incumbent) => polish({ objective: -incumbent.objective, values: incumbent.values }) : polish;
  return highs.withModel(toModelData(highs, runModel), (model) => {
    // The target is in the model's sense, so it turns with the objective.
    const target = request.options.objective_target;
    model.options.set({ ...request.options, ...(negate && typeof target === 'number' ? { objective_target: -target } : {}), output_flag: false });
    // HiGHS checks a start itself and ignores one that is infeasible, so a stale start costs a check, never a wrong plan.
    if (request.startValues && request.startValues.length === request.model.colCost.length) model.setSolution({ colValue: request.startValues });
    let interruptedAtDeadline = false;
    let interruptedAtCpuLimit = false;
    const deadline = request.interruptAtEpochMilliseconds;
    const cpuAtStart = request.cpuLimitSeconds === undefined || request.cpuLimitSeconds === null ? null : cpuClock();
    const cpuLimit: CpuLimit | null = cpuAtStart === null || request.cpuLimitSeconds === undefined || request.cpuLimitSeconds === null ? null : { startedCpuSeconds: cpuAtStart, limitSeconds: request.cpuLimitSeconds };
    const onInterrupt = (why: 'deadline' | 'cpu'): void => {
      if (why === 'deadline') interruptedAtDeadline = true;
      else interruptedAtCpuLimit = true;
    };
    let callbacks = deadline === null && cpuLimit === null && request.reportProgress !== true ? undefined : deadlineCallbacks(highs, deadline, runReport, onInterrupt, cpuLimit === null ? null : cpuLimitCheck(cpuLimit, cpuClock));
    const stagnation: { record: StagnationRecord | null } = { record: null };
    const stagnationStart = request.stagnation === undefined || request.stagnation === null ? null : cpuClock();
    if (request.stagnation && stagnationStart !== null) callbacks = withStagnationStop(highs, callbacks, request.stagnation, () => (cpuClock() ?? stagnationStart) - stagnationStart, stagnation);
    const proof: { ended: 'start_proven' | 'gap_reached' | null; gapReachedAtSeconds: number | null } = { ended: null, gapReachedAtSeconds: null };
    if (request.proveStart) callbacks = withStartProof(highs, callbacks, { ...request.proveStart, objective: sign * request.proveStart.objective }, runModel.sense, proof);
    const polishRecord: HighsPolishRecord = { polished: 0, handedBack: 0, bestHandedObjective: null };
    if (runPolish) callbacks = withPolish(highs, callbacks, runPolish, runModel, runReport, polishRecord);
    model.run(callbacks);
    const code = model.getModelStatus();
    const solution = model.getSolution();
    const bound = readInfo(model, 'mip_dual_bound');
    return {
      code,
      codeName: highsStatusName(highs, code),
      interruptedAtDeadline: interruptedAtDeadline && code === highs.constants.modelStatus.interrupted,
      ...(request.cpuLimitSeconds !== undefined && request.cpuLimitSeconds !== null
        ? {
            interruptedAtCpuLimit: interruptedAtCpuLimit && code === highs.constants.modelStatus.interrupted,
            cpu: { limitApplied: cpuLimit !== null, seconds: cpuAtStart === null ? null : (cpuClock() ?? cpuAtStart) - cpuAtStart },
          }
        : {}),
      hasPrimal: readInfo(model, 'primal_solution_status') === highs.constants.solutionStatus.feasible,
      hasDual: readInfo(model, 'dual_solution_status') === highs.constants.solutionStatus.feasible,
      objective: sign * (readInfo(model, 'objective_function_value') ?? model.getObjectiveValue()),
      values: Float64Array.from(solution.colValue),
      rowDuals: Float64Array.from(solution.rowDual, (dual) => sign * dual),
      mipGap: readInfo(model, 'mip_gap'),
      mipDualBound: bound === null ? null : sign * bound,
      nodes: readInfo(model, 'mip_node_count'),
      ...(request.proveStart ? { proof } : {}),
      ...(polish ? { polish: { ...polishRecord, bestHandedObjective: polishRecord.bestHandedObjective === null ? null : sign * polishRecord.bestHandedObjective } } : {}),
      ...(stagnation.record !== null && code === highs.constants.modelStatus.interrupted ? { stagnation: stagnation.record } : {}),
    };
  });
}

/** The same model as the minimisation of the negated objective (constant included). */
function negatedObjective(model: HighsModelArrays): HighsModelArrays {
  return { ...model, sense: model.sense === 'maximize' ? 'minimize' : 'maximize', offset: -model.offset, colCost: model.colCost.map((cost) => -cost) };
}

/**
 * Add to the callbacks the stop of proveStart: once HiGHS's incumbent is within the gap (its usual
 * stop) keep going until the start is proven within the gap of the bound as well, or until the
 * extra time is up; then interrupt. Gaps are HiGHS's: |bound − objective| / max(1, |objective|).
 */
function withStartProof(
  highs: Highs,
  callbacks: HighsCallbackMap | undefined,
  prove: NonNullable<HighsRunRequest['proveStart']>,
  sense: HighsModelArrays['sense'],
  proof: { ended: 'start_proven' | 'gap_reached' | null; gapReachedAtSeconds: number | null },
): HighsCallbackMap {
  const channel = highs.constants.callbackType.mipInterrupt;
  const inner = callbacks?.[channel];
  const started = performance.now();
  const gapOf = (bound: number, objective: number): number => (sense === 'maximize' ? bound - objective : objective - bound) / Math.max(1, Math.abs(objective));
  return {
    ...callbacks,
    [channel](event) {
      inner?.(event);
      const bound = event.data.mip_dual_bound;
      const incumbent = event.data.mip_primal_bound;
      if (bound === undefined || !Number.isFinite(bound)) return undefined;
      if (gapOf(bound, prove.objective) <= prove.relativeGap) {
        proof.ended = 'start_proven';
        event.interrupt();
        return undefined;
      }
      if (incumbent === undefined || !Number.isFinite(incumbent) || gapOf(bound, incumbent) > prove.relativeGap) return undefined;
      const seconds = (performance.now() - started) / 1000;
      proof.gapReachedAtSeconds ??= seconds;
      if (seconds >= proof.gapReachedAtSeconds * (1 + prove.extraTimeShare)) {
        proof.ended = 'gap_reached';
        event.interrupt();
      }
      return undefined;
    },
  } as HighsCallbackMap;
}

/** The gap of a bound and an incumbent as the stagnation stop reads it: |bound − incumbent| / max(1, |incumbent|), whatever the sense. */
function stallGap(bound: number, incumbent: number): number {
  return Math.abs(bound - incumbent) / Math.max(1, Math.abs(incumbent));
}

/**
 * Add to the callbacks the stagnation stop (SolveOptions.stagnationStop): in the MIP interrupt
 * callback, at most every CPU_CHECK_INTERVAL_MILLISECONDS of wall clock, the run's gap is sampled
 * against `usedCpuSeconds` (this thread's CPU clock since the start); once the run has used
 * `afterCpuSeconds` and the gap is above `aboveGap` (and at most `atMostGap`) yet has fallen by less than `minGapDrop` over
 * the last `windowCpuSeconds`, the run is interrupted and `state.record` says so. A run without
 * an incumbent has no gap and is never stopped by it (its other limits apply).
 */
export function withStagnationStop(
  highs: Highs,
  callbacks: HighsCallbackMap | undefined,
  rule: StagnationStop,
  usedCpuSeconds: () => number,
  state: { record: StagnationRecord | null },
): HighsCallbackMap {
  const channel = highs.constants.callbackType.mipInterrupt;
  const inner = callbacks?.[channel];
  const check = stagnationCheck(rule);
  let lastCheck = 0;
  return {
    ...callbacks,
    [channel](event) {
      inner?.(event);
      const now = Date.now();
      if (now - lastCheck < CPU_CHECK_INTERVAL_MILLISECONDS) return undefined;
      lastCheck = now;
      const bound = event.data.mip_dual_bound;
      const incumbent = event.data.mip_primal_bound;
      if (bound === undefined || incumbent === undefined || !Number.isFinite(bound) || !Number.isFinite(incumbent)) return undefined;
      const record = check(usedCpuSeconds(), stallGap(bound, incumbent));
      if (record === null) return undefined;
      state.record = record;
      event.interrupt();
      return undefined;
    },
  } as HighsCallbackMap;
}

/**
 * The stagnation rule on a series of samples (CPU seconds, gap) in time order: returns the record
 * of the stop at the first sample where the rule stops the run, else null. Pure, so the rule is
 * tested on injected series and bench/research/stress-stagnation-rules.ts replays measured ones.
 */
export function stagnationCheck(rule: StagnationStop): (cpuSeconds: number, gap: number) => StagnationRecord | null {
  const samples: { readonly cpuSeconds: number; readonly gap: number }[] = [];
  return (cpuSeconds, gap) => {
    samples.push({ cpuSeconds, gap });
    if (cpuSeconds < rule.afterCpuSeconds || gap <= rule.aboveGap || (rule.atMostGap !== undefined && gap > rule.atMostGap)) return null;
    const windowStart = cpuSeconds - rule.windowCpuSeconds;
    // The latest sample at or before the window's start; older ones are no longer needed.
    let earlier = -1;
    for (let index = 0; index < samples.length && samples[index].cpuSeconds <= windowStart; index += 1) earlier = index;
    if (earlier < 0) return null;
    if (earlier > 0) samples.splice(0, earlier);
    const gapWindowEarlier = samples[0].gap;
    return gapWindowEarlier - gap < rule.minGapDrop ? { cpuSeconds, gap, gapWindowEarlier } : null;
  };
}
