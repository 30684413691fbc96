/**
 * Counting what a property test really checked. A seeded property run can be vacuous (an
 * infeasible case where "a committed project is funded" has nothing to say), so every property
 * test counts the runs that checked something and asserts that most did: a generator drifting
 * into trivial cases then fails the test instead of passing it silently.
 */
import { expect } from 'vitest';

/** The share of runs that must check something unless a test says why it accepts less. */
export const NON_TRIVIAL_SHARE = 0.8;

/** Counts a property's runs and the non-trivial ones among them. */
export class RunCounter {
  /** Runs the property was called for. */
  runs = 0;
  /** Runs that checked something. */
  checked = 0;

  /** Record one run; pass whether it checked something. Returns `nonTrivial`, so a run can `if (!counter.count(...)) return`. */
  count(nonTrivial: boolean): boolean {
    this.runs += 1;
    if (nonTrivial) this.checked += 1;
    return nonTrivial;
  }

  /** Assert the property ran `expectedRuns` times and at least `share` of them checked something. */
  expectMostChecked(expectedRuns: number, share: number = NON_TRIVIAL_SHARE): void {
    expect(this.runs, 'property runs').toBe(expectedRuns);
    expect(this.checked, `non-trivial runs of ${this.runs} (at least ${Math.ceil(share * expectedRuns)} expected)`).toBeGreaterThanOrEqual(Math.ceil(share * expectedRuns));
  }
}
