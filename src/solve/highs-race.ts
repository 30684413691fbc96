/**
 * A race of HiGHS solves (issue 14: "use both cores where one solve cannot"). HiGHS is
 * single-threaded, and on the default model its time to a 0.1% gap varies by a factor of about
 * three from one `random_seed` to another (docs/benchmarks.md), so two differently seeded runs on
 * two worker threads finish with the faster of the two, when the machine has the second core free.
 *
 * The race ends as soon as one run proves the gap alone (`first_to_gap`), or proves the program
 * infeasible or unbounded (`proof`), or as soon as the best plan reported by any run and the best
 * bound reported by any run are within the gap together (`combined_bound`); the runs still going
 * are stopped and their threads terminated. Otherwise every run ends by itself (`all_ended`: the
 * time limit, or an error). Then the result is combined honestly: the best verified plan of any
 * run, the best bound of any run, and the gap computed from those two; a run that failed costs
 * nothing but its own thread. The plan is verified by the engine like any other, and mapped back
 * and verified again by solveProgram.
 */
import type { LinearProgram } from '../program/linear-program.js';
import { hasSolution, type Engine, type SolveOptions, type SolveProgress, type SolveResult, type SolverRunRecord, type SolverRunWorker } from './engine.js';
import { HIGHS_DEFAULT_RELATIVE_GAP, HIGHS_MIP_HEURISTIC_EFFORT } from './highs-engine.js';
import { MAX_RANDOM_SEED } from './solve-options.js';

/** One run of a race: its seed, and optionally another heuristic effort. */
export interface RaceEntrant {
  /** HiGHS `random_seed`. */
  readonly randomSeed: number;
  /** HiGHS `mip_heuristic_effort`; default the engine's (HIGHS_MIP_HEURISTIC_EFFORT). */
  readonly mipHeuristicEffort?: number;
}

/** The two runs of `engine.race: true`: the seed asked for (default 0) and the next one, at the engine's settings. */
export function defaultRaceEntrants(randomSeed = 0): readonly RaceEntrant[] {
  // The seed and the next; at the largest seed, the one before, so both stay valid HiGHS seeds.
  return [{ randomSeed }, { randomSeed: randomSeed < MAX_RANDOM_SEED ? randomSeed + 1 : randomSeed - 1 }];
}

/** `seed 1`, or `seed 1, effort 0.6` for a run at another heuristic effort. */
export function entrantLabel(entrant: RaceEntrant): string {
  return entrant.mipHeuristicEffort === undefined ? `seed ${entrant.randomSeed}` : `seed ${entrant.randomSeed}, effort ${entrant.mipHeuristicEffort}`;
}

/** What a run of the race is given besides its entrant: the race's stop signal and its reports. */
export interface RaceControl {
  /** Aborted when the race is decided; the run must then return what it has. */
  readonly signal: AbortSignal;
  /** Where the run reports improving plans (objective only) and bounds. */
  readonly progress: (update: SolveProgress) => void;
}

/** One solve of a race: the engine on the program with the entrant's settings. Tests pass their own. */
export type RaceSolve = (entrant: RaceEntrant, control: RaceControl) => Promise<SolveResult>;

/** Settings of a race. */
export interface RaceSettings {
  /** `maximize` or `minimize`: which plan and which bound are better. */
  readonly sense: LinearProgram['sense'];
  /** The gap to prove, as the engine reads it (HiGHS's default 1e-4 when the caller gives none). */
  readonly requestedGap: number;
  /**
   * Whether the race may stop every run once the best plan and the best bound of different runs
   * meet the gap; default true. Off when a run must decide its own stop (a MIP start to prove).
   */
  readonly stopOnCombinedGap?: boolean;
  /** Milliseconds clock; default performance.now. */
  readonly clock?: () => number;
}

/** True when `left` is a better objective than `right` in `sense`. */
function isBetter(sense: LinearProgram['sense'], left: number, right: number): boolean {
  return sense === 'maximize' ? left > right : left < right;
}

/** True when `left` is a tighter bound than `right` (lower for a maximisation). */
function isTighter(sense: LinearProgram['sense'], left: number, right: number): boolean {
  return sense === 'maximize' ? left < right : left > right;
}

/**
 * The gap between a plan and a bound as the SolveResult contract defines it, |bound − objective| /
 * max(1, |objective|), signed: negative when the bound is on the wrong side of the plan (which
 * only rounding may cause; more would mean a bound that is not one).
 */
export function signedGap(sense: LinearProgram['sense'], bestBound: number, objective: number): number {
  return (sense === 'maximize' ? bestBound - objective : objective - bestBound) / Math.max(1, Math.abs(objective));
}

/** True when `gap` is within the requested gap (with the same allowance for rounding as the engine's status check). */
function withinGap(gap: number, requestedGap: number): boolean {
  return gap <= requestedGap * (1 + 1e-9) + 1e-12;
}

/** A run that threw, as a result: an error that keeps its words. */
function failedResult(error: unknown, seconds: number): SolveResult {
  return {
    engine: 'highs',
    status: 'error',
    rawStatus: `the run failed: ${error instanceof Error ? error.message : String(error)}`,
    objective: null,
    bestBound: null,
    gap: null,
    nodes: null,
    seconds,
    values: null,
    duals: null,
  };
}

/**
 * Race `entrants` (at least one) with `solve`, and combine their results: the best verified plan,
 * the best bound of any run, the gap from the two, and `solverRun` saying how each run went.
 */
export async function raceSolves(entrants: readonly RaceEntrant[], solve: RaceSolve, settings: RaceSettings): Promise<SolveResult> {
  if (entrants.length === 0) throw new RangeError('a race needs at least one run');
  const { sense, requestedGap } = settings;
  const clock = settings.clock ?? (() => performance.now());
  const started = clock();
  const controllers = entrants.map(() => new AbortController());
  const stoppedByRace = entrants.map(() => false);
  let decidedBy: SolverRunRecord['decidedBy'] | null = null;
  // What the runs have reported so far: plans (unverified) and bounds, for the combined stop only.
  let reportedBest: number | null = null;
  let reportedBound: number | null = null;

  const decide = (why: NonNullable<typeof decidedBy>): void => {
    if (decidedBy !== null) return;
    decidedBy = why;
    controllers.forEach((controller, index) => {
      if (!controller.signal.aborted) {
        stoppedByRace[index] = true;
        controller.abort();
      }
    });
  };
  const onProgress = (update: SolveProgress): void => {
    if (update.kind === 'incumbent' && Number.isFinite(update.objective) && (reportedBest === null || isBetter(sense, update.objective, reportedBest))) reportedBest = update.objective;
    if (update.kind === 'bound' && Number.isFinite(update.bestBound) && (reportedBound === null || isTighter(sense, update.bestBound, reportedBound))) reportedBound = update.bestBound;
    if (settings.stopOnCombinedGap !== false && reportedBest !== null && reportedBound !== null && withinGap(signedGap(sense, reportedBound, reportedBest), requestedGap)) decide('combined_bound');
  };

  const finishedAt: number[] = entrants.map(() => 0);
  const threw: boolean[] = entrants.map(() => false);
  const results = await Promise.all(
    entrants.map(async (entrant, index) => {
      let result: SolveResult;
      try {
        result = await solve(entrant, { signal: controllers[index].signal, progress: onProgress });
      } catch (error) {
        threw[index] = true;
        result = failedResult(error, (clock() - started) / 1000);
      }
      finishedAt[index] = clock();
      // Mark this run as ended by itself before deciding, so it is not counted as stopped.
      if (!controllers[index].signal.aborted) {
        controllers[index].abort();
        if (result.status === 'optimal') decide('first_to_gap');
        else if (result.status === 'infeasible' || result.status === 'unbounded') decide('proof');
      }
      return result;
    }),
  );
  return combineRace(entrants, results, {
    sense,
    requestedGap,
    decidedBy: decidedBy ?? 'all_ended',
    ended: entrants.map((_, index) => (threw[index] ? 'failed' : stoppedByRace[index] ? 'stopped' : 'finished')),
    secondsOf: finishedAt.map((at) => (at - started) / 1000),
    seconds: (clock() - started) / 1000,
  });
}

/** How the runs ended, for combineRace. */
interface RaceEnding {
  readonly sense: LinearProgram['sense'];
  readonly requestedGap: number;
  readonly decidedBy: SolverRunRecord['decidedBy'];
  readonly ended: readonly SolverRunWorker['ended'][];
  readonly secondsOf: readonly number[];
  readonly seconds: number;
}

/**
 * The race's result from its runs' results. Never trusts a status unchecked: a plan comes only from
 * a result that passed the engine's verification (`hasSolution`), a bound only from a result with
 * such a plan or one stopped before it had a plan (an error's numbers are not used), and `optimal` only when
 * the kept plan is within the gap of the best bound.
 */
export function combineRace(entrants: readonly RaceEntrant[], results: readonly SolveResult[], ending: RaceEnding): SolveResult {
  const { sense, requestedGap } = ending;
  const labels = entrants.map(entrantLabel);
  const workers: SolverRunWorker[] = results.map((result, index) => ({
    label: labels[index],
    randomSeed: entrants[index].randomSeed,
    mipHeuristicEffort: entrants[index].mipHeuristicEffort ?? HIGHS_MIP_HEURISTIC_EFFORT,
    ended: ending.ended[index],
    status: result.status,
    rawStatus: result.rawStatus,
    objective: result.objective,
    bestBound: result.bestBound,
    gap: result.gap,
    nodes: result.nodes,
    seconds: ending.secondsOf[index],
  }));
  const record = (winner: number | null, boundFrom: number | null): SolverRunRecord => ({
    mode: 'race',
    decidedBy: ending.decidedBy,
    winner: winner === null ? null : labels[winner],
    boundFrom: boundFrom === null ? null : labels[boundFrom],
    requestedGap,
    workers,
  });
  const words = results.map((result, index) => `${labels[index]} (${ending.ended[index]}): ${result.rawStatus}`).join('; ');
  const nodesOf = (index: number): number | null => results[index].nodes;

  // A proof of infeasibility or unboundedness from one run settles the race.
  const proven = results.findIndex((result) => result.status === 'infeasible' || result.status === 'unbounded');
  if (proven >= 0) {
    return { ...results[proven], seconds: ending.seconds, rawStatus: `race of ${results.length} HiGHS runs, ${labels[proven]} proved it ${results[proven].status}; ${words}`, solverRun: record(proven, null) };
  }

  let best: number | null = null;
  results.forEach((result, index) => {
    if (hasSolution(result) && (best === null || isBetter(sense, result.objective, results[best].objective as number))) best = index;
  });
  if (best === null) {
    // No plan: a time limit if any run ran out of time, else the first error (every run's words are kept).
    const chosen = Math.max(0, results.findIndex((result) => result.status === 'time_limit'));
    return { ...results[chosen], seconds: ending.seconds, rawStatus: `race of ${results.length} HiGHS runs, none found a plan; ${words}`, solverRun: record(null, null) };
  }
  const kept = results[best] as SolveResult & { objective: number };

  let boundFrom: number | null = null;
  results.forEach((result, index) => {
    const bound = result.bestBound;
    // A bound is read from a run with a verified plan, or from one stopped without a plan yet; never from an error.
    if (!(hasSolution(result) || result.status === 'time_limit') || bound === null || !Number.isFinite(bound)) return;
    if (boundFrom === null || isTighter(sense, bound, results[boundFrom].bestBound as number)) boundFrom = index;
  });
  const bestBound = boundFrom === null ? null : (results[boundFrom].bestBound as number);
  const signed = bestBound === null ? null : signedGap(sense, bestBound, kept.objective);
  const gap = signed === null ? null : Math.max(0, signed);
  const crossed = signed !== null && signed < -1e-6 ? `; the bound ${bestBound} is on the wrong side of the plan's ${kept.objective} by more than rounding` : '';
  let status = kept.status;
  let how = `${labels[best]}'s plan`;
  if (status === 'optimal') how += ' proven within the gap';
  else if (gap !== null && crossed === '' && withinGap(gap, requestedGap)) {
    // The plan of one run is within the gap of another run's bound: that is a proof as good as one run's own.
    status = 'optimal';
    how += ` proven within the gap by ${boundFrom === best ? 'its own' : `${labels[boundFrom as unknown as number]}'s`} bound`;
  }
  return {
    ...kept,
    status,
    bestBound,
    gap,
    nodes: nodesOf(best),
    seconds: ending.seconds,
    rawStatus: `race of ${results.length} HiGHS runs (${ending.decidedBy}), ${how}${crossed}; ${words}`,
    solverRun: record(best, boundFrom),
  };
}

/**
 * Solve `program` with `engine` by a race of `entrants` (default: seeds `options.randomSeed` and
 * the next), each run on its own worker thread with the caller's options.
 */
export function solveByRace(engine: Engine, program: LinearProgram, options: SolveOptions, entrants: readonly RaceEntrant[] = defaultRaceEntrants(options.randomSeed)): Promise<SolveResult> {
  const { race: _race, signal: outerSignal, progress: outerProgress, ...rest } = options;
  const solve: RaceSolve = (entrant, control) => {
    // A caller's own signal stops every run too.
    const signal = outerSignal === undefined ? control.signal : AbortSignal.any([outerSignal, control.signal]);
    const progress = (update: SolveProgress): void => {
      control.progress(update);
      outerProgress?.(update);
    };
    return engine.solve(program, {
      ...rest,
      randomSeed: entrant.randomSeed,
      ...(entrant.mipHeuristicEffort !== undefined ? { mipHeuristicEffort: entrant.mipHeuristicEffort } : {}),
      signal,
      progress,
    });
  };
  return raceSolves(entrants, solve, {
    sense: program.sense,
    requestedGap: options.relativeGap ?? HIGHS_DEFAULT_RELATIVE_GAP,
    // A run proving a start decides its own stop (the start's proof), so only a run's own proof ends the race.
    stopOnCombinedGap: options.proveStart === undefined,
  });
}
