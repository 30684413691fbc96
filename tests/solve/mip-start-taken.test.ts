/**
 * HiGHS really takes the MIP start (SolveOptions.startValues, handed over with setSolution): every
 * warm start of issue 14 (baseline, neighbouring sweep level, stress draw, compare's first
 * scenario) relies on it. With a gap so loose that HiGHS stops at its first incumbent, a solve
 * given an optimal start returns at least the start's objective; the same solve without the start
 * stops at a worse plan (the control, which shows the test would fail if the start were dropped).
 * A start that breaks a row is checked by HiGHS and ignored, never returned.
 */
import { describe, expect, it } from 'vitest';
import { highsEngine } from '../../src/solve/highs-engine.js';
import { hasSolution } from '../../src/solve/engine.js';
import { computeObjective, verifySolution } from '../../src/solve/verify-solution.js';
import { randomKnapsack } from './helpers.js';

/** Stop at the first incumbent: any plan within 99% of the bound is accepted. */
const FIRST_INCUMBENT_GAP = 0.99;

describe('HiGHS takes the MIP start', () => {
  const program = randomKnapsack(41, 35, 4, 0.3);

  it('returns at least the start\'s objective when stopped at the first incumbent, and a worse plan without it', async () => {
    const exact = await highsEngine.solve(program, { relativeGap: 0 });
    expect(exact.status).toBe('optimal');
    if (!hasSolution(exact)) throw new Error('no optimum');
    expect(verifySolution(program, exact.values, null).ok).toBe(true);
    const startObjective = computeObjective(program, exact.values);

    const withoutStart = await highsEngine.solve(program, { relativeGap: FIRST_INCUMBENT_GAP });
    if (!hasSolution(withoutStart)) throw new Error('no plan without the start');
    // The control: without the start the first incumbent is worse, so the assertion below can fail.
    expect(withoutStart.objective).toBeLessThan(startObjective - 0.5);

    const withStart = await highsEngine.solve(program, { relativeGap: FIRST_INCUMBENT_GAP, startValues: exact.values });
    if (!hasSolution(withStart)) throw new Error('no plan with the start');
    expect(verifySolution(program, withStart.values, null).ok).toBe(true);
    expect(withStart.objective).toBeGreaterThanOrEqual(startObjective - 1e-6);
  });

  it('ignores a start that breaks a row', async () => {
    const everything = program.variables.map(() => 1);
    expect(verifySolution(program, everything, null).ok).toBe(false);
    const solved = await highsEngine.solve(program, { relativeGap: FIRST_INCUMBENT_GAP, startValues: everything });
    if (!hasSolution(solved)) throw new Error('no plan');
    expect(verifySolution(program, solved.values, null).ok).toBe(true);
  });
});
