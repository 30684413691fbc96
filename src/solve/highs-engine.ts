/**
 * The HiGHS engine (default): HiGHS compiled to WebAssembly, driven through its persistent Model
 * API with structured sparse input, so no text is parsed on the way in. The WebAssembly runtime
 * is loaded once per process and reused; solver output is silenced. Statuses are read
 * conservatively and every claimed solution is verified against the program.
 */
import highsPackage from 'highs';
import type { Highs, Model, ModelData, ModelStatusCode } from 'highs';
import type { LinearProgram } from '../program/linear-program.js';
import type { Engine, EngineCapabilities, SolveOptions, SolveResult, SolveStatus } from './engine.js';
import { constraintName, variableName } from './lp-names.js';
import { assertValidProgram } from './validate-program.js';
import { verifyResult } from './verify-solution.js';
import { checkSolveOptions } from './solve-options.js';

/** HiGHS's own default relative MIP gap, used when the caller asks for none. */
export const HIGHS_DEFAULT_RELATIVE_GAP = 1e-4;

/**
 * HiGHS's primal-heuristic effort (its default is 0.05). Measured on the Western Cape portfolio
 * (bench/results.md): at 0.05 the incumbent stalled 0.4% below the bound for minutes, at 0.3 the
 * solve closed to the 1e-4 gap in about 28 s; at 0.8 the heuristics crowd out the search again.
 */
export const HIGHS_MIP_HEURISTIC_EFFORT = 0.3;

/**
 * The package's types describe a CommonJS module (loader under `.default`), while Node's ESM
 * build exports the loader itself as the default; accept either shape.
 */
const loadHighs = (
  typeof highsPackage === 'function' ? highsPackage : (highsPackage as unknown as { default: () => Promise<Highs> }).default
) as () => Promise<Highs>;

let runtime: Promise<Highs> | undefined;

/** The HiGHS WebAssembly runtime, loaded on first use and shared afterwards. */
export function loadHighsRuntime(): Promise<Highs> {
  runtime ??= loadHighs();
  return runtime;
}

/** Forget a runtime that aborted, so the next solve loads a fresh one. */
function discardRuntime(): void {
  runtime = undefined;
}

/** HiGHS's name for a model status code, e.g. `timeLimit (13)`. */
function statusName(highs: Highs, code: ModelStatusCode): string {
  const entry = Object.entries(highs.constants.modelStatus).find(([, value]) => value === code);
  return `HiGHS model status ${entry ? entry[0] : 'unrecognised'} (${code})`;
}

/** True when the program has an integer or binary variable. */
export function hasIntegerVariables(program: LinearProgram): boolean {
  return program.variables.some((variable) => variable.kind !== 'continuous');
}

/**
 * The program as HiGHS structured input: CSR rows, column costs, integrality, safe names.
 * Repeated variables in a row are summed (HiGHS rejects duplicates) and zeros dropped.
 * With `zeroObjective`, the costs are all zero: used to ask only "is there any feasible point?".
 */
export function toHighsModelData(highs: Highs, program: LinearProgram, zeroObjective = false): ModelData {
  const columnCount = program.variables.length;
  const starts: number[] = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const constraint of program.constraints) {
    const coefficientByVariable = new Map<number, number>();
    for (const term of constraint.terms) {
      coefficientByVariable.set(term.variable, (coefficientByVariable.get(term.variable) ?? 0) + term.coefficient);
    }
    for (const [variable, coefficient] of [...coefficientByVariable].sort((left, right) => left[0] - right[0])) {
      if (coefficient === 0) continue;
      indices.push(variable);
      values.push(coefficient);
    }
    starts.push(indices.length);
  }
  const cost = new Array<number>(columnCount).fill(0);
  if (!zeroObjective) for (const term of program.objective) cost[term.variable] += term.coefficient;
  const isBinary = (index: number): boolean => program.variables[index].kind === 'binary';
  return {
    numCols: columnCount,
    numRows: program.constraints.length,
    sense: program.sense === 'maximize' ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize,
    offset: zeroObjective ? 0 : program.objectiveConstant,
    colCost: cost,
    colLower: program.variables.map((variable, index) => (isBinary(index) ? Math.max(variable.lower, 0) : variable.lower)),
    colUpper: program.variables.map((variable, index) => (isBinary(index) ? Math.min(variable.upper, 1) : variable.upper)),
    rowLower: program.constraints.map((constraint) => constraint.lower),
    rowUpper: program.constraints.map((constraint) => constraint.upper),
    matrix: { format: 'csr', numRows: program.constraints.length, numCols: columnCount, starts, indices, values },
    integrality: program.variables.map((variable) =>
      variable.kind === 'continuous' ? highs.constants.variableType.continuous : highs.constants.variableType.integer,
    ),
    colNames: program.variables.map((_, index) => variableName(index)),
    rowNames: program.constraints.map((_, index) => constraintName(index)),
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

/** What one HiGHS run produced, before status mapping. */
interface HighsRun {
  readonly code: ModelStatusCode;
  readonly hasPrimal: boolean;
  readonly hasDual: boolean;
  readonly objective: number;
  readonly values: readonly number[];
  readonly rowDuals: readonly number[];
  readonly mipGap: number | null;
  readonly mipDualBound: number | null;
  readonly nodes: number | null;
}

/** Run HiGHS once on structured input and read everything needed afterwards. */
function runHighs(highs: Highs, data: ModelData, options: Record<string, number | boolean>): HighsRun {
  return highs.withModel(data, (model) => {
    model.options.set({ output_flag: false, ...options });
    model.run();
    const code = model.getModelStatus();
    const solution = model.getSolution();
    return {
      code,
      hasPrimal: readInfo(model, 'primal_solution_status') === highs.constants.solutionStatus.feasible,
      hasDual: readInfo(model, 'dual_solution_status') === highs.constants.solutionStatus.feasible,
      objective: readInfo(model, 'objective_function_value') ?? model.getObjectiveValue(),
      values: Array.from(solution.colValue),
      rowDuals: Array.from(solution.rowDual),
      mipGap: readInfo(model, 'mip_gap'),
      mipDualBound: readInfo(model, 'mip_dual_bound'),
      nodes: readInfo(model, 'mip_node_count'),
    };
  });
}

/**
 * Resolve HiGHS's "infeasible or unbounded" by solving again with a zero objective: no feasible
 * point means infeasible; a feasible point means the original was unbounded (true for rational
 * data even with integers). Anything else stays an error.
 */
function settleInfeasibleOrUnbounded(highs: Highs, program: LinearProgram, options: Record<string, number | boolean>): { status: SolveStatus; note: string } {
  const feasibility = runHighs(highs, toHighsModelData(highs, program, true), options);
  const codes = highs.constants.modelStatus;
  if (feasibility.code === codes.infeasible) return { status: 'infeasible', note: 'a zero-objective re-solve proved it infeasible' };
  if (feasibility.code === codes.optimal && feasibility.hasPrimal) return { status: 'unbounded', note: 'a zero-objective re-solve found a feasible point, so it is unbounded' };
  return { status: 'error', note: `the zero-objective re-solve ended with ${statusName(highs, feasibility.code)}` };
}

/** The HiGHS engine. */
export const highsEngine: Engine = {
  name: 'highs',
  capabilities: { integers: true, duals: true, timeLimit: true, relativeGap: true } satisfies EngineCapabilities,

  async solve(program: LinearProgram, options: SolveOptions = {}): Promise<SolveResult> {
    assertValidProgram(program);
    checkSolveOptions(options);
    const started = performance.now();
    const seconds = (): number => (performance.now() - started) / 1000;
    const isMip = hasIntegerVariables(program);
    const requestedGap = options.relativeGap ?? HIGHS_DEFAULT_RELATIVE_GAP;
    const highsOptions: Record<string, number | boolean> = isMip ? { mip_heuristic_effort: HIGHS_MIP_HEURISTIC_EFFORT } : {};
    if (options.timeLimitSeconds !== undefined) highsOptions.time_limit = options.timeLimitSeconds;
    if (options.relativeGap !== undefined) highsOptions.mip_rel_gap = options.relativeGap;
    const empty = { bestBound: null, gap: null, nodes: null, values: null, duals: null, objective: null };

    let highs: Highs;
    let run: HighsRun;
    try {
      highs = await loadHighsRuntime();
      run = runHighs(highs, toHighsModelData(highs, program), highsOptions);
    } catch (error) {
      discardRuntime();
      const message = error instanceof Error ? error.message : String(error);
      return { engine: 'highs', status: 'error', rawStatus: `HiGHS failed: ${message}`, seconds: seconds(), ...empty };
    }

    const codes = highs.constants.modelStatus;
    const rawStatus = statusName(highs, run.code);
    const base = { engine: 'highs' as const, rawStatus, seconds: 0 };

    if (run.code === codes.infeasible) return { ...base, status: 'infeasible', ...empty, seconds: seconds() };
    if (run.code === codes.unboundedOrInfeasible || (run.code === codes.unbounded && isMip)) {
      const settled = settleInfeasibleOrUnbounded(highs, program, highsOptions);
      return { ...base, status: settled.status, rawStatus: `${rawStatus}; ${settled.note}`, ...empty, seconds: seconds() };
    }
    if (run.code === codes.unbounded) return { ...base, status: 'unbounded', ...empty, seconds: seconds() };

    const isProvenOptimal = run.code === codes.optimal || (run.code === codes.empty && program.variables.length === 0);
    const stoppedEarly = [codes.timeLimit, codes.iterationLimit, codes.solutionLimit, codes.interrupted, codes.objectiveBound, codes.objectiveTarget].includes(run.code as never);
    if (!isProvenOptimal && !stoppedEarly) return { ...base, status: 'error', ...empty, seconds: seconds() };
    if (!run.hasPrimal) {
      const status: SolveStatus = run.code === codes.timeLimit ? 'time_limit' : 'error';
      return { ...base, status, rawStatus: `${rawStatus}; no feasible solution found`, ...empty, seconds: seconds() };
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
    if (status === 'optimal' && isMip && (gap === null || gap > requestedGap * (1 + 1e-9) + 1e-12)) {
      status = 'feasible';
      note = `; reported optimal but the gap ${gap ?? 'is unknown'} exceeds the requested ${requestedGap}`;
    }
    const duals = !isMip && status === 'optimal' && run.hasDual ? run.rowDuals.map((dual) => (dual === 0 ? 0 : dual)) : null;
    return verifyResult(program, {
      engine: 'highs',
      status,
      rawStatus: rawStatus + note,
      objective: run.objective,
      bestBound,
      gap,
      nodes,
      seconds: seconds(),
      values: run.values,
      duals,
    });
  },
};

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
    return { rawStatus: statusName(highs, code), optimal, objective: optimal ? model.getObjectiveValue() : null, valuesByName };
  });
}
