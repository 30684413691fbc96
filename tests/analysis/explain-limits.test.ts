/**
 * Explain's limits in CPU seconds (task x1): the engine its solves run on counts each time limit in
 * CPU seconds with a wall-clock guard, and the search budget of a project is a ledger charged solve
 * by solve with the smaller of its box and its wall time.
 */
import { describe, expect, it } from 'vitest';
import { budgetSecondsLeft, chargeSolve, createSolveBudget, EXPLAIN_WALL_FACTOR, explainBoxesInCpuSeconds, explainEngine, limitUnitWords } from '../../src/analysis/explain-limits.js';
import type { SolveOptions } from '../../src/solve/engine.js';
import { getEngine } from '../../src/solve/engines.js';

describe('explain limits in CPU seconds', () => {
  it('HiGHS counts CPU seconds, with the wall clock at EXPLAIN_WALL_FACTOR × the limit; jslp keeps the wall clock', async () => {
    expect(explainBoxesInCpuSeconds('highs')).toBe(true);
    expect(explainBoxesInCpuSeconds(undefined)).toBe(true);
    expect(explainBoxesInCpuSeconds('jslp')).toBe(false);
    expect(limitUnitWords('highs')).toBe('CPU s');
    expect(limitUnitWords('jslp')).toBe('s');
    expect(explainEngine('jslp')).toBe(getEngine('jslp'));
    // The options the boxed engine hands HiGHS: the program is a one-variable LP, solved at once.
    const seen: SolveOptions[] = [];
    const highs = getEngine('highs');
    const spy = { ...highs, solve: (program: Parameters<typeof highs.solve>[0], options?: SolveOptions) => { seen.push(options ?? {}); return highs.solve(program, options); } };
    const { cpuBoxedEngine } = await import('../../src/analysis/plan-shortcut.js');
    const boxed = cpuBoxedEngine(spy);
    await boxed.solve({ name: 'one', sense: 'maximize', variables: [{ name: 'x', kind: 'continuous', lower: 0, upper: 1 }], constraints: [], objective: [{ variable: 0, coefficient: 1 }], objectiveConstant: 0 } as never, { timeLimitSeconds: 15 });
    expect(seen[0]).toMatchObject({ cpuTimeLimitSeconds: 15, timeLimitSeconds: 15 * EXPLAIN_WALL_FACTOR });
  });

  it('the search budget: each solve charged the smaller of its box and its wall seconds; spent at the limit or at the wall-clock guard', () => {
    let now = 0;
    const clock = (): number => now;
    const budget = createSolveBudget(60, EXPLAIN_WALL_FACTOR, clock);
    // A solve of a 15 s box that took 40 s of wall time on a busy machine used at most 15 CPU s.
    chargeSolve(budget, 15, 40);
    now = 40_000;
    expect(budgetSecondsLeft(budget, clock)).toBe(45);
    // A solve that ended after 3 s is charged 3.
    chargeSolve(budget, 15, 3);
    expect(budgetSecondsLeft(budget, clock)).toBe(42);
    // Without a box, the wall time.
    chargeSolve(budget, undefined, 50);
    expect(budgetSecondsLeft(budget, clock)).toBe(0);
    const guarded = createSolveBudget(60, EXPLAIN_WALL_FACTOR, clock);
    now += 60 * EXPLAIN_WALL_FACTOR * 1000 + 1;
    expect(budgetSecondsLeft(guarded, clock)).toBe(0);
  });
});
