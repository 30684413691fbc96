/**
 * A wall-clock budget shared by every step of one planning run, so `--time-limit` bounds the whole
 * run (building, solving, the marginal-value LP, diagnosis), not only the solver's own search.
 */

/** A started budget. */
export interface TimeBudget {
  /** The whole budget, seconds. */
  readonly limitSeconds: number;
  /** Seconds since the budget started. */
  elapsedSeconds(): number;
  /** Seconds left; negative once the budget is overspent. */
  remainingSeconds(): number;
}

/**
 * Start a budget of `limitSeconds` now. `clock` gives milliseconds (default performance.now);
 * tests pass a clock they move by hand.
 */
export function startTimeBudget(limitSeconds: number, clock: () => number = () => performance.now()): TimeBudget {
  const startedMilliseconds = clock();
  const elapsedSeconds = (): number => (clock() - startedMilliseconds) / 1000;
  return { limitSeconds, elapsedSeconds, remainingSeconds: () => limitSeconds - elapsedSeconds() };
}
