/**
 * The engine interface: one status vocabulary and one result shape for every solver adapter.
 */
import type { EngineCapabilities, EngineName } from '../dataset/engine-catalogue.js';
import type { StartForm } from '../program/cumulative-starts.js';
import type { LinearProgram } from '../program/linear-program.js';

/** Engine names and capabilities come from the catalogue; re-exported for the engine's users. */
export type { EngineCapabilities, EngineName };

/**
 * Outcome of a solve, read conservatively:
 * - `optimal`: proven optimal within the requested gap;
 * - `feasible`: a solution that satisfies every constraint but is not proven optimal (for example
 *   stopped by a time limit with an incumbent); `gap` says how far from proven;
 * - `infeasible`, `unbounded`: proven so;
 * - `time_limit`: stopped by the time limit with no feasible solution;
 * - `error`: anything else, with the engine's raw text kept in `rawStatus`.
 */
export type SolveStatus = 'optimal' | 'feasible' | 'infeasible' | 'unbounded' | 'time_limit' | 'error';

/** The statuses that come with a solution: its values may be read. */
export type StatusWithSolution = 'optimal' | 'feasible';

/** True when a status comes with a solution (optimal or feasible). */
export function statusHasSolution(status: SolveStatus): status is StatusWithSolution {
  return status === 'optimal' || status === 'feasible';
}


/** Options every engine understands (as far as its capabilities allow). */
export interface SolveOptions {
  /** Wall-clock limit in seconds; undefined for none. */
  readonly timeLimitSeconds?: number;
  /**
   * A limit in CPU seconds of the solver's own thread (src/solve/thread-cpu.ts), so that what a
   * boxed solve reaches does not depend on how many other processes share the cores; the
   * wall-clock `timeLimitSeconds` still applies as the outer limit. HiGHS applies it where the
   * platform has a per-thread clock (Linux) and says in its status words when it could not;
   * engines without one (jslp) apply the wall-clock limit only.
   */
  readonly cpuTimeLimitSeconds?: number;
  /** Relative MIP gap at which to stop, e.g. 0.005 for 0.5%; undefined for the engine default (HiGHS 1e-4). */
  readonly relativeGap?: number;
  /**
   * A MIP start: a value per variable (program indexing) of a plan known or hoped to be feasible,
   * e.g. the baseline plan repaired to feasibility. Engines that cannot take one ignore it; HiGHS
   * checks it (setSolution) and uses it as its first incumbent when it is feasible.
   */
  readonly startValues?: readonly number[];
  /**
   * With startValues: once the usual stop is reached (a plan within the gap), keep searching for
   * at most `extraTimeShare` × the time that took, until the start's objective is proven within
   * the gap as well; the result is still optimal within the gap. The baseline of `--baseline` is
   * such a start: a plan proven within the gap can be kept exactly. Engines that cannot ignore it.
   */
  readonly proveStart?: { readonly extraTimeShare: number };
  /**
   * How a MILP's start decisions are written for the engine (src/program/cumulative-starts.ts):
   * `single` as built, `cumulative` over "started by year t"; default the program's own
   * `startForm` (model.yaml `engine.start_variables`), else defaultStartForm(relativeGap),
   * cumulative below a 1% gap. Only
   * solveProgram reads it (it rewrites the program and maps the answer back); engines ignore it.
   */
  readonly startForm?: StartForm;
  /**
   * False: no sub-MIP heuristics (HiGHS's RINS, RENS and root reduced-cost). For a proof from a
   * start already within the gap (an explanation's verification, issue 14) they only take time:
   * measured on the default model, 0.1% proven in about 7 CPU s with them off. Default: on.
   * Engines without them ignore it.
   */
  readonly subMipHeuristics?: boolean;
  /**
   * Search only for plans strictly better than this objective value (HiGHS's `objective_bound`, a
   * cutoff; a MILP only): every branch that cannot beat it is pruned at once, so proving "no plan
   * is better than X" takes less than solving to a gap. None better: status `infeasible` (so read
   * it as "nothing beats the cutoff", never as a model without plans). Stopped by its time limit
   * without one: `time_limit` with the bound it proved in `bestBound` (valid for the plans it did
   * not prune; the pruned ones are within the cutoff). A plan that does not beat it is never
   * returned (HiGHS may call one it found by a heuristic optimal). Start values are not passed on.
   * Used by an explanation's proof (issue 14, task e2). Engines without one ignore it.
   */
  readonly objectiveCutoff?: number;
  /**
   * Stop as soon as a plan at least this good is found (HiGHS's `objective_target`, in the
   * program's own sense, constant included; a MILP only): the run then ends `feasible` with the gap
   * it had. For a search whose plan only has to be good enough for the solve after it (the guided
   * start of a stress draw, src/solve/guided-start.ts). Engines without one ignore it.
   */
  readonly objectiveTarget?: number;
  /**
   * False: HiGHS's feasibility jump off (the first primal heuristic, run once before the root LP).
   * Measured on stress draws of the default model at the 1% gap (docs/analysis.md, task x2): it
   * never found a plan there, the search and the plans were the same without it, and it cost
   * 0.2–0.5 CPU s per solve. Default: on (HiGHS's default). Engines without it ignore it.
   */
  readonly feasibilityJump?: boolean;
  /**
   * HiGHS's `random_seed` (a whole number from 0 to 2 147 483 647; model.yaml `engine.random_seed`):
   * another seed is another search, often to a different plan equally good within the gap.
   * Default 0, HiGHS's own. Engines without one ignore it.
   */
  readonly randomSeed?: number;
  /**
   * HiGHS's `mip_heuristic_effort` (0 to 1); default HIGHS_MIP_HEURISTIC_EFFORT (0.3). Only the
   * race's research variants (bench/research/race-seeds.ts) change it. Engines without one ignore it.
   */
  readonly mipHeuristicEffort?: number;
  /**
   * True: a MILP is solved by two HiGHS runs on two worker threads, seeds `randomSeed` and
   * `randomSeed + 1`, the first to prove the gap winning (src/solve/highs-race.ts; model.yaml
   * `engine.race`). Only solveProgram reads it; default false. Engines other than HiGHS ignore it.
   */
  readonly race?: boolean;
  /** Stop the solve now when this aborts; the engine returns what it had (a race's loser). HiGHS only. */
  readonly signal?: AbortSignal;
  /** Called with each improving solution (objective only) and bound the engine reports while running. HiGHS only. */
  readonly progress?: (update: SolveProgress) => void;
  /**
   * Stop a MIP whose gap has stopped moving (stress draws, issue 14 task s1): counted in CPU
   * seconds of the solver's own thread, like cpuTimeLimitSeconds. The run then ends `feasible`
   * with the gap it had, as at a time limit. HiGHS only, and only where it has a per-thread CPU
   * clock; other engines ignore it.
   */
  readonly stagnationStop?: StagnationStop;
}

/**
 * The stagnation stop of a MIP: once the run has used `afterCpuSeconds`, while its gap
 * (|bound − incumbent| / max(1, |incumbent|)) is above `aboveGap` and at most `atMostGap`, it is
 * stopped when that gap has fallen by less than `minGapDrop` over the last `windowCpuSeconds`.
 */
export interface StagnationStop {
  /** CPU seconds of the run before the rule may stop it. */
  readonly afterCpuSeconds: number;
  /** CPU seconds over which the gap must have fallen by at least minGapDrop. */
  readonly windowCpuSeconds: number;
  /** Least fall of the gap over the window, as a fraction (0.001 = 0.1 percentage points). */
  readonly minGapDrop: number;
  /** Never stop a run whose gap is at or below this fraction (the gap asked for: such a run is about to end by itself). */
  readonly aboveGap: number;
  /**
   * Never stop a run whose gap is above this fraction: it still lacks a good plan, and the next
   * plan a heuristic finds usually closes most of such a gap at once. Absent: no such limit.
   */
  readonly atMostGap?: number;
}

/** What an engine reports while it runs: a new best objective (not yet verified) or a newer bound. */
export type SolveProgress =
  | { readonly kind: 'incumbent'; readonly objective: number }
  | { readonly kind: 'bound'; readonly bestBound: number };

/** One solve of a race (src/solve/highs-race.ts) as plan.json records it. */
export interface SolverRunWorker {
  /** Which run: `seed 0`, `seed 1 effort 0.6`. */
  readonly label: string;
  /** HiGHS `random_seed`. */
  readonly randomSeed: number;
  /** HiGHS `mip_heuristic_effort`. */
  readonly mipHeuristicEffort: number;
  /** How it ended: `finished` (HiGHS returned), `stopped` (the race ended it), `failed` (it threw). */
  readonly ended: 'finished' | 'stopped' | 'failed';
  /** Its own status, after verification. */
  readonly status: SolveStatus;
  /** Its own words. */
  readonly rawStatus: string;
  /** Its plan's objective, or null without one. */
  readonly objective: number | null;
  /** Its own best bound, or null. */
  readonly bestBound: number | null;
  /** Its own gap, or null. */
  readonly gap: number | null;
  /** Its branch-and-bound nodes, or null. */
  readonly nodes: number | null;
  /** Wall-clock seconds from the race's start to its end. */
  readonly seconds: number;
}

/** How a solve was run, when it was not one plain solve: a race of two HiGHS runs. */
export interface SolverRunRecord {
  /** `race`: several runs on worker threads, the best plan and the best bound of all combined. */
  readonly mode: 'race';
  /**
   * What decided the race: `first_to_gap` (one run proved the gap alone), `combined_bound` (the
   * best plan of one and the best bound of any met the gap, so both were stopped), `proof` (one
   * run proved the program infeasible or unbounded), `all_ended` (every run ended by itself:
   * at the time limit, or with an error).
   */
  readonly decidedBy: 'first_to_gap' | 'combined_bound' | 'proof' | 'all_ended';
  /** The run whose plan (or proof) is the result, or null when none had one. */
  readonly winner: string | null;
  /** The run whose bound is the result's bound, or null when none had one. */
  readonly boundFrom: string | null;
  /** The gap asked for. */
  readonly requestedGap: number;
  /** Every run. */
  readonly workers: readonly SolverRunWorker[];
}

/** Result of one solve, in the program's own indexing. */
export interface SolveResult {
  /** Engine that produced it. */
  readonly engine: EngineName;
  /** Status in the common vocabulary. */
  readonly status: SolveStatus;
  /** The engine's own status text. */
  readonly rawStatus: string;
  /** Objective of the returned solution (includes the program's constant), or null without one. */
  readonly objective: number | null;
  /** Best proven bound on the objective, or null when the engine does not say. */
  readonly bestBound: number | null;
  /** Relative gap |bound - objective| / max(1, |objective|), or null when unknown. */
  readonly gap: number | null;
  /** Branch-and-bound nodes, or null when unknown. */
  readonly nodes: number | null;
  /** Wall-clock seconds spent in the engine. */
  readonly seconds: number;
  /** Value per variable index, or null without a solution. */
  readonly values: readonly number[] | null;
  /** Dual value per constraint index (LPs only, when the engine reports them), else null. */
  readonly duals: readonly number[] | null;
  /** With a race (SolveOptions.race): how each run went and which one won; absent for one plain solve. */
  readonly solverRun?: SolverRunRecord;
  /** True when SolveOptions.stagnationStop ended the run (its status is then `feasible`, with the gap it had). */
  readonly stoppedByStagnation?: boolean;
}

/** A solve result that carries a solution: its values and objective exist. */
export type SolvedResult = SolveResult & { readonly status: StatusWithSolution; readonly values: readonly number[]; readonly objective: number };

/**
 * The one test for "is there a solution", as linopy's `Status.is_ok`: on a SolveResult it also
 * requires the values (and narrows them to exist); on a Plan or any summary with a status it
 * reads the status. Never read values or plan figures without it.
 */
export function hasSolution(result: SolveResult): result is SolvedResult;
export function hasSolution<Outcome extends { readonly status: SolveStatus }>(outcome: Outcome): outcome is Outcome & { readonly status: StatusWithSolution };
export function hasSolution(outcome: { readonly status: SolveStatus; readonly values?: readonly number[] | null; readonly objective?: number | null }): boolean {
  if (!statusHasSolution(outcome.status)) return false;
  return !('values' in outcome) || (outcome.values !== null && outcome.objective !== null);
}

/** A solver adapter. */
export interface Engine {
  /** Name used on the command line. */
  readonly name: EngineName;
  /** What it can do. */
  readonly capabilities: EngineCapabilities;
  /** Solve a program. Never throws for solver trouble: returns status `error` with the message. */
  solve(program: LinearProgram, options?: SolveOptions): Promise<SolveResult>;
}
