/**
 * The cumulative start form (src/program/cumulative-starts.ts) against published optima, and the
 * research script that measured it (bench/research/cumulative-starts.ts, docs/benchmarks.md).
 *
 * The OR-Library problems have one start year per item, so their chains have one member and the
 * rewrite changes labels only: these cases check that the solve path (rewrite, solve, map back,
 * verify) reaches the known optimum; the time-indexed cases are in tests/program/.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOrLibSelection, describeOrLibProblem, orLibDataset } from '../../src/benchmarks/or-library.js';
import { computeIndices } from '../../src/indicators/indices.js';
import { buildPortfolioProgram } from '../../src/program/portfolio.js';
import { highsEngine } from '../../src/solve/highs-engine.js';
import { solveProgram } from '../../src/solve/solve-program.js';
import { measureStartForm } from '../../bench/research/cumulative-starts.js';
import { expectClose } from '../tolerance.js';
import { MKNAP1_PATH, readOrLib } from './orlib-helpers.js';

const mknap1 = readOrLib(MKNAP1_PATH);

describe('mknap1 (Petersen 1967) in the cumulative start form', () => {
  it('problems 1 to 5 (6 to 28 items) reach their stated optimum with a selection that fits the file', async () => {
    // Problems 6 and 7 (39 and 50 items) take seconds each at gap 0; the bench runs them.
    for (let number = 1; number <= 5; number += 1) {
      const { problem, description } = describeOrLibProblem(mknap1, MKNAP1_PATH, number);
      const dataset = orLibDataset(problem, description);
      const { program, layout } = buildPortfolioProgram(dataset, computeIndices(dataset));
      const result = await solveProgram(highsEngine, program, { relativeGap: 0, startForm: 'cumulative' });
      expect(result.status, `problem ${number}`).toBe('optimal');
      expectClose(result.objective as number, problem.knownOptimum as number);
      const funded = new Set([...layout.startVariables].filter(([, starts]) => starts.some((entry) => (result.values as number[])[entry.variable] > 0.5)).map(([id]) => id));
      const check = checkOrLibSelection(problem, funded);
      expect(check.exceededConstraints, `problem ${number}`).toEqual([]);
      expectClose(check.profit, problem.knownOptimum as number);
    }
  }, 60_000);
});

describe('bench/research/cumulative-starts.ts', () => {
  const model = path.resolve('tests/fixtures/masterplan');

  it('measures every form of a master plan model: the same LP relaxation and the same optimum, each plan checked in the x-form', async () => {
    const lpSingle = await measureStartForm({ form: 'single', model, lp: true });
    const lpCumulative = await measureStartForm({ form: 'cumulative', model, lp: true });
    expectClose(lpCumulative.objective, lpSingle.objective);
    expect(lpCumulative.chains).toBeGreaterThan(0);
    const single = await measureStartForm({ form: 'single', model, relativeGap: 0 });
    expect(single.checked).toBe('ok');
    for (const form of ['cumulative', 'linked', 'linked-z-integer'] as const) {
      const measured = await measureStartForm({ form, model, relativeGap: 0, seed: 1 });
      expect(measured.status, form).toBe('optimal');
      expect(measured.checked, form).toBe('ok');
      expectClose(measured.objective, single.objective);
      expectClose(measured.checkedObjective, measured.objective);
    }
    // The cumulative form has fewer nonzeros in the rows the rules built (the ordering rows add two each).
    expect(lpCumulative.nonzeros).toBeLessThan(lpSingle.nonzeros + 2 * (lpCumulative.rows - lpSingle.rows));
  }, 60_000);

  it('names the forms when given another', async () => {
    await expect(measureStartForm({ form: 'sos' as never, model })).rejects.toThrow(/single, cumulative/);
  });
});
