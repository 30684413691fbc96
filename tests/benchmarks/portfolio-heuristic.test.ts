/**
 * The portfolio heuristic: every plan it returns is feasible for the program (checked by the
 * independent verifier), never better than the optimum (brute force on random tiny portfolios,
 * HiGHS on the fixture models), and it declines rather than guess on an infeasible model.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { buildPortfolioProgram } from '../../src/program/portfolio.js';
import type { LinearProgram } from '../../src/program/linear-program.js';
import { highsEngine } from '../../src/solve/highs-engine.js';
import { assessPlan, findPortfolioStart } from '../../bench/research/portfolio-heuristic.js';
import { solveProgram } from '../../src/solve/solve-program.js';
import { computeObjective, verifySolution } from '../../src/solve/verify-solution.js';
import { resolveRun } from '../../src/pipeline/resolve-run.js';
import { buildRunProgram } from '../../src/pipeline/plan-run.js';
import { bruteForcePortfolio, budgetFeasible } from '../program/brute-force.js';
import { mixedPortfolioArbitrary, SEED } from '../program/generators.js';
import { MILLION, TINY_INDICES, tinyDataset, tinyProject, tinySource } from '../plan/tiny-models.js';
import { RunCounter } from '../property-runs.js';
import { expectAtMost, expectClose } from '../tolerance.js';

/** The program's LP relaxation: values and row duals, the heuristic's guide. */
async function relaxation(program: LinearProgram): Promise<{ values: readonly number[]; duals: readonly number[] } | null> {
  const relaxed: LinearProgram = { ...program, variables: program.variables.map((variable) => (variable.kind === 'continuous' ? variable : { ...variable, kind: 'continuous', lower: Math.max(0, variable.lower), upper: Math.min(1, variable.upper) })) };
  const result = await solveProgram(highsEngine, relaxed);
  return result.values !== null && result.duals !== null ? { values: result.values, duals: result.duals } : null;
}

describe('portfolio heuristic against brute force', () => {
  it('returns only feasible plans no better than the optimum on 60 random tiny portfolios, and none when there is no plan', async () => {
    const numRuns = 60;
    const withStart = new RunCounter();
    let declinedInfeasible = 0;
    await fc.assert(
      fc.asyncProperty(mixedPortfolioArbitrary, async (dataset) => {
        const reference = bruteForcePortfolio(dataset, TINY_INDICES);
        const { program, layout } = buildPortfolioProgram(dataset, TINY_INDICES);
        // A model known infeasible before solving (a committed project with no start) is never solved, nor started.
        if (layout.infeasibleReasons.length > 0) {
          withStart.count(false);
          return;
        }
        const guide = await relaxation(program);
        const plain = findPortfolioStart(program, layout);
        const guided = guide === null ? plain : findPortfolioStart(program, layout, { guide: guide.values, rowPrices: guide.duals });
        for (const start of [plain, guided]) {
          if (!start.found) continue;
          // A start is a feasible plan of the program, whatever the optimum is.
          expect(verifySolution(program, start.values, start.objective).violations).toEqual([]);
          expectClose(start.objective, computeObjective(program, start.values));
          expect(reference.objective, 'a start on a model brute force calls infeasible').not.toBeNull();
          expectAtMost(start.objective, reference.objective as number);
        }
        if (reference.objective === null) {
          declinedInfeasible += 1;
          expect(plain.found || guided.found).toBe(false);
        }
        withStart.count(plain.found && guided.found);
      }),
      { seed: SEED, numRuns },
    );
    // Most tiny portfolios have a plan and the heuristic finds one; the infeasible ones are exercised too.
    withStart.expectMostChecked(numRuns, 0.6);
    expect(declinedInfeasible, 'infeasible runs').toBeGreaterThan(0);
  }, 120_000);
});

describe('the heuristic\'s money check', () => {
  // A flow that must be rerouted: whichever of A and B the search routes through S1 first, paying
  // for both needs A on S2 and B on S1 (S3 has no money), found only through a reverse edge.
  for (const order of [['PA', 'PB'], ['PB', 'PA']]) {
    it(`pays for two projects that share a source only by moving one to its other source (${order.join(' before ')})`, () => {
      const projects = {
        PA: tinyProject({ id: 'PA', fundingSourceIds: ['S1', 'S2'], earliestStartYear: 2026, latestStartYear: 2026 }),
        PB: tinyProject({ id: 'PB', fundingSourceIds: ['S1', 'S3'], earliestStartYear: 2026, latestStartYear: 2026 }),
      };
      const dataset = tinyDataset({
        horizonYears: 1,
        projects: order.map((id) => projects[id as 'PA' | 'PB']),
        // S2 before S1, so a search trying the last edge first routes A through S1.
        sources: [tinySource('S2', [1 * MILLION], false), tinySource('S1', [1 * MILLION], false), tinySource('S3', [0], false)],
      });
      const { program, layout } = buildPortfolioProgram(dataset, TINY_INDICES);
      const values = new Array<number>(program.variables.length).fill(0);
      for (const entries of layout.startVariables.values()) values[entries[0].variable] = 1;
      const assessed = assessPlan(program, layout, values);
      if (typeof assessed === 'string') throw new Error(assessed);
      expect(assessed.affordable).toBe(true);
      const start = findPortfolioStart(program, layout);
      expect(start.found && start.values.filter((value, variable) => value === 1 && program.variables[variable].kind === 'binary').length).toBe(2);
    });
  }

  it('agrees with the brute force\'s own maximum flow on 8 selections of each of 100 random tiny portfolios', () => {
    const numRuns = 100;
    const withMoneyToJudge = new RunCounter();
    let unaffordable = 0;
    let affordableWithSplits = 0;
    fc.assert(
      fc.property(mixedPortfolioArbitrary, fc.array(fc.nat(), { minLength: 8, maxLength: 8 }), (dataset, draws) => {
        const { program, layout } = buildPortfolioProgram(dataset, TINY_INDICES);
        const projects = [...layout.startVariables.entries()].filter(([, entries]) => entries.length > 0);
        if (!withMoneyToJudge.count(projects.length > 0)) return;
        // A few selections per portfolio: each draw picks unfunded or one start year per project.
        for (const draw of draws) {
          const starts = new Map<string, number | null>();
          const values = new Array<number>(program.variables.length).fill(0);
          projects.forEach(([id, entries], position) => {
            const pick = Math.floor(draw / (position + 1)) % (entries.length + 1);
            starts.set(id, pick === entries.length ? null : entries[pick].financialYear);
            if (pick < entries.length) values[entries[pick].variable] = 1;
          });
          const assessed = assessPlan(program, layout, values);
          if (typeof assessed === 'string') throw new Error(assessed);
          const expected = budgetFeasible(dataset, starts);
          expect(assessed.affordable).toBe(expected);
          if (!expected) unaffordable += 1;
          else if (layout.spendVariables.size > 0) affordableWithSplits += 1;
        }
      }),
      { seed: SEED, numRuns },
    );
    withMoneyToJudge.expectMostChecked(numRuns);
    expect(unaffordable, 'selections the money cannot pay for').toBeGreaterThan(50);
    expect(affordableWithSplits, 'affordable selections with shared sources').toBeGreaterThan(50);
  });
});

describe('portfolio heuristic on the fixture models', () => {
  for (const fixture of ['tiny', 'thusong', 'masterplan', 'three-services']) {
    it(`finds a feasible plan of ${fixture} within reach of HiGHS's optimum, and reads it as the program does`, async () => {
      const run = await resolveRun({ model: path.join('tests/fixtures', fixture) });
      const built = buildRunProgram(run, 'portfolio');
      if (built.kind !== 'portfolio') throw new Error('expected a portfolio');
      const guide = await relaxation(built.program);
      expect(guide).not.toBeNull();
      const start = findPortfolioStart(built.program, built.layout, { guide: guide?.values, rowPrices: guide?.duals });
      expect(start.found, start.found ? '' : start.reason).toBe(true);
      if (!start.found) return;
      expect(verifySolution(built.program, start.values, start.objective).violations).toEqual([]);
      const optimum = await solveProgram(highsEngine, built.program, { relativeGap: 0 });
      expect(optimum.status).toBe('optimal');
      expectAtMost(start.objective, optimum.objective as number);
      // The heuristic's own reading of the optimal plan (dependent variables at their best) is the optimum.
      const assessed = assessPlan(built.program, built.layout, optimum.values as number[]);
      if (typeof assessed === 'string') throw new Error(assessed);
      expect(assessed.affordable).toBe(true);
      expect(assessed.violatedRows).toEqual([]);
      expectClose(assessed.objective, optimum.objective as number);
      // Started from the optimum, it keeps a plan worth the optimum (it only ever accepts gains).
      const fromOptimum = findPortfolioStart(built.program, built.layout, { initial: optimum.values as number[] });
      expect(fromOptimum.found).toBe(true);
      if (fromOptimum.found) expectClose(fromOptimum.objective, optimum.objective as number);
      // The same inputs give the same start: the work is counted, not timed.
      const again = findPortfolioStart(built.program, built.layout, { guide: guide?.values, rowPrices: guide?.duals });
      expect(again.found && again.values).toEqual(start.values);
    }, 30_000);
  }
});
