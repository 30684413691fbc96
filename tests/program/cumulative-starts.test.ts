/**
 * Cumulative start variables (src/program/cumulative-starts.ts): every start form is the same
 * program in other variables, so it has the same optimum and the same LP relaxation, and a plan
 * mapped back is a plan of the program as built that the independent checker accepts.
 */
import fc from 'fast-check';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import { parseModelConfig } from '../../src/dataset/model-config.js';
import { modelConfigToYamlObject } from '../../src/dataset/model-yaml.js';
import { computeIndices } from '../../src/indicators/indices.js';
import { buildRunProgram, datasetRun, plannedDataset } from '../../src/pipeline/plan-run.js';
import { checkPlan } from '../../src/plan/check-plan.js';
import { interpretPortfolio } from '../../src/plan/interpret.js';
import { defaultStartForm, START_FORMS, STARTED_BY_ORDER_GROUP, startChains, toStartForm, type StartForm } from '../../src/program/cumulative-starts.js';
import type { LinearProgram } from '../../src/program/linear-program.js';
import { buildPortfolioProgram } from '../../src/program/portfolio.js';
import { hasSolution, type Engine } from '../../src/solve/engine.js';
import { highsEngine, solveLpTextWithHighs } from '../../src/solve/highs-engine.js';
import { writeLpText } from '../../src/solve/lp-format.js';
import { solveProgram } from '../../src/solve/solve-program.js';
import { verifySolution } from '../../src/solve/verify-solution.js';
import { TINY_INDICES } from '../plan/tiny-models.js';
import { RunCounter } from '../property-runs.js';
import { expectClose } from '../tolerance.js';
import { bruteForcePortfolio } from './brute-force.js';
import { mixedPortfolioArbitrary, SEED } from './generators.js';

const REWRITTEN_FORMS = START_FORMS.filter((form) => form !== 'single');

/** The LP relaxation: every variable continuous. */
function relaxed(program: LinearProgram): LinearProgram {
  return { ...program, variables: program.variables.map((variable) => ({ ...variable, kind: 'continuous' as const })) };
}

describe('the start forms on random tiny portfolios', () => {
  it('every form has the x-form optimum (brute force), its plan maps back to one the checker accepts, and the same LP relaxation', async () => {
    const numRuns = 40;
    const withPlan = new RunCounter();
    await fc.assert(
      fc.asyncProperty(mixedPortfolioArbitrary, async (dataset) => {
        const { program, layout } = buildPortfolioProgram(dataset, TINY_INDICES);
        const reference = bruteForcePortfolio(dataset, TINY_INDICES);
        if (!withPlan.count(layout.infeasibleReasons.length === 0 && reference.objective !== null)) return;
        const lpSingle = await solveProgram(highsEngine, relaxed(program), {});
        for (const form of REWRITTEN_FORMS) {
          const rewritten = toStartForm(program, form);
          // Straight to the engine: the rewritten program's own optimum.
          const direct = await highsEngine.solve(rewritten.program, { relativeGap: 0 });
          expect(direct.status, form).toBe('optimal');
          expectClose(direct.objective as number, reference.objective as number);
          const back = rewritten.toOriginalValues(direct.values as number[]);
          expect(verifySolution(program, back, direct.objective).violations, form).toEqual([]);
          // Round trip of values: x → rewritten → x.
          expect(rewritten.toOriginalValues(rewritten.fromOriginalValues(back))).toEqual(back);
          const lp = await highsEngine.solve(relaxed(rewritten.program), {});
          expectClose(lp.objective as number, lpSingle.objective as number);
          // Through solveProgram, as the pipeline solves: a plan of the program as built.
          const result = await solveProgram(highsEngine, program, { relativeGap: 0, startForm: form });
          expect(result.status).toBe('optimal');
          expect(result.values).toHaveLength(program.variables.length);
          const plan = interpretPortfolio({ dataset, indices: TINY_INDICES, result, scenarioName: 'test', overridesApplied: [], warnings: [] }, layout);
          expect(checkPlan(plan, dataset).violations).toEqual([]);
          expectClose(plan.benefit.total, reference.objective as number);
        }
      }),
      { seed: SEED + 14, numRuns },
    );
    withPlan.expectMostChecked(numRuns);
  }, 120_000);
});

describe('which start rows are rewritten', () => {
  const dataset = fc.sample(mixedPortfolioArbitrary, { seed: SEED, numRuns: 40 }).find((candidate) => {
    const { layout } = buildPortfolioProgram(candidate, TINY_INDICES);
    return [...layout.startVariables.values()].some((starts) => starts.length >= 2) && layout.infeasibleReasons.length === 0;
  });
  if (dataset === undefined) throw new Error('no sample with a project of two start years');
  const { program, layout } = buildPortfolioProgram(dataset, TINY_INDICES);

  it('one chain per project with start variables, in start-year order, with one ordering row per later start year', () => {
    const chains = startChains(program);
    const expected = [...layout.startVariables.values()].filter((starts) => starts.length > 0).map((starts) => starts.map((entry) => entry.variable));
    expect(chains).toEqual(expected);
    const rewritten = toStartForm(program, 'cumulative');
    const orderRows = rewritten.program.constraints.filter((row) => row.group === STARTED_BY_ORDER_GROUP);
    expect(orderRows).toHaveLength(expected.reduce((sum, chain) => sum + chain.length - 1, 0));
    // The original rows keep their places, so duals and diagnoses read the same rows.
    expect(rewritten.program.constraints.slice(0, program.constraints.length).map((row) => row.label)).toEqual(program.constraints.map((row) => row.label));
    expect(rewritten.program.variables.filter((variable) => variable.label.startsWith('started_by[')).length).toBe(expected.flat().length);
  });

  it('a chain with a fixed start, or one no longer a binary, is left as it is (a derived program stays exact)', () => {
    const [first] = startChains(program);
    const fixed: LinearProgram = { ...program, variables: program.variables.map((variable, index) => (index === first[0] ? { ...variable, lower: 1 } : variable)) };
    expect(startChains(fixed).some((chain) => chain.includes(first[0]))).toBe(false);
    const lp = relaxed(program);
    expect(startChains(lp)).toEqual([]);
    expect(toStartForm(lp, 'cumulative').program).toBe(lp);
    expect(toStartForm(program, 'single').program).toBe(program);
  });

  it('a MIP start is handed over in the rewritten form and comes back as the same plan', async () => {
    const best = await solveProgram(highsEngine, program, { relativeGap: 0, startForm: 'single' });
    expect(hasSolution(best)).toBe(true);
    const warm = await solveProgram(highsEngine, program, { relativeGap: 0, startForm: 'cumulative', startValues: best.values as number[] });
    expect(warm.status).toBe('optimal');
    expectClose(warm.objective as number, best.objective as number);
    const rewritten = toStartForm(program, 'cumulative');
    expect(verifySolution(rewritten.program, rewritten.fromOriginalValues(best.values as number[]), best.objective).violations).toEqual([]);
  });
});

describe('the fixture models in each start form', () => {
  const fixtures = ['tiny', 'masterplan', 'thusong', 'three-services'];
  for (const fixture of fixtures) {
    it(`${fixture}: the same optimum in every form, and the checker accepts each plan`, async () => {
      const dataset = await loadModel(path.resolve('tests/fixtures', fixture));
      const built = buildRunProgram(datasetRun(dataset));
      if (built.kind !== 'portfolio') throw new Error('expected a portfolio');
      const planned = plannedDataset(dataset).dataset;
      const indices = computeIndices(planned);
      const objectives = new Map<StartForm, number>();
      for (const form of START_FORMS) {
        const result = await solveProgram(highsEngine, built.program, { relativeGap: 0, startForm: form });
        expect(result.status, form).toBe('optimal');
        objectives.set(form, result.objective as number);
        const plan = interpretPortfolio({ dataset: planned, indices, result, scenarioName: 'test', overridesApplied: [], warnings: [] }, built.layout);
        expect(checkPlan(plan, planned).violations, form).toEqual([]);
      }
      for (const form of REWRITTEN_FORMS) expectClose(objectives.get(form) as number, objectives.get('single') as number);
    }, 60_000);
  }
});

describe('choosing the start form', () => {
  const yaml = (engineBlock: string): string =>
    `name: m\ntitle: M\nbase_financial_year: 2026/27\nhorizon_years: 3\nindicators:\n` +
    `  - {id: a, label: A, theme: need, direction: higher_is_worse, weight: 1}\n` +
    `  - {id: b, label: B, theme: growth, direction: higher_is_better, weight: 1}\n${engineBlock}`;

  it('model.yaml engine.start_variables is read, written back, and a wrong value is named', () => {
    const good = parseModelConfig(yaml('engine:\n  start_variables: single\n'), 'model.yaml');
    expect(good.problems).toEqual([]);
    expect(good.config?.engine).toEqual({ startVariables: 'single' });
    expect(modelConfigToYamlObject(good.config as NonNullable<typeof good.config>).engine).toEqual({ start_variables: 'single' });
    const bad = parseModelConfig(yaml('engine:\n  start_variables: sos1\n'), 'model.yaml');
    expect(bad.config).toBeNull();
    expect(bad.problems.some((problem) => problem.file === 'model.yaml' && (problem.column ?? '').includes('start_variables'))).toBe(true);
  });

  it('the program carries the model\'s choice, solveProgram honours it, and an explicit option beats it', async () => {
    const dataset = await loadModel(path.resolve('tests/fixtures/tiny'));
    const seen: string[] = [];
    const recording: Engine = { ...highsEngine, solve: (program, options) => (seen.push(program.name), highsEngine.solve(program, options)) };
    for (const startVariables of ['single', 'cumulative'] as const) {
      const withChoice = { ...dataset, config: { ...dataset.config, engine: { ...dataset.config.engine, startVariables } } };
      const { program } = buildPortfolioProgram(withChoice, computeIndices(withChoice));
      expect(program.startForm).toBe(startVariables);
      const result = await solveProgram(recording, program, {});
      expect(result.status).toBe('optimal');
      await solveProgram(recording, program, { startForm: startVariables === 'single' ? 'cumulative' : 'single' });
    }
    expect(seen.map((name) => name.endsWith('-cumulative'))).toEqual([false, true, true, false]);
    // Without a setting: cumulative below a 1% gap (HiGHS's default 1e-4 included), single from 1%.
    seen.length = 0;
    const { program } = buildPortfolioProgram(dataset, computeIndices(dataset));
    expect(program.startForm).toBeUndefined();
    for (const relativeGap of [undefined, 0.001, 0.01, 0.05]) await solveProgram(recording, program, relativeGap === undefined ? {} : { relativeGap });
    expect(seen.map((name) => name.endsWith('-cumulative'))).toEqual([true, true, false, false]);
    expect([0, 0.0099, 0.01].map(defaultStartForm)).toEqual(['cumulative', 'cumulative', 'single']);
  });
});

describe('export-lp beside the cumulative form', () => {
  it('the exported LP (the program as built, over start[...]) has the optimum the cumulative solve reaches', async () => {
    const dataset = await loadModel(path.resolve('tests/fixtures/masterplan'));
    const built = buildRunProgram(datasetRun(dataset));
    const exported = await solveLpTextWithHighs(writeLpText(built.program), { relativeGap: 0 });
    expect(exported.optimal).toBe(true);
    const cumulative = await solveProgram(highsEngine, built.program, { relativeGap: 0, startForm: 'cumulative' });
    expectClose(cumulative.objective as number, exported.objective as number);
  });
});
