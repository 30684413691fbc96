/**
 * The race of HiGHS runs (src/solve/highs-race.ts): it finds known optima, stops the run that
 * lost and leaves no thread behind, keeps one run's answer when the other fails, and combines the
 * best plan with the best bound of either run honestly. Also the settings that turn it on.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { OrLibProblem } from '../../src/benchmarks/or-library.js';
import { loadModel } from '../../src/dataset/load-model.js';
import { parseModelConfig } from '../../src/dataset/model-config.js';
import { modelConfigToYamlObject } from '../../src/dataset/model-yaml.js';
import { planModel } from '../../src/plan/plan-model.js';
import type { LinearProgram } from '../../src/program/linear-program.js';
import { ProgramBuilder } from '../../src/program/program-builder.js';
import { planDocument } from '../../src/report/json-output.js';
import { resolveScenario } from '../../src/scenario/resolve-scenario.js';
import type { SolveResult } from '../../src/solve/engine.js';
import { highsEngine } from '../../src/solve/highs-engine.js';
import { combineRace, raceSolves, solveByRace, type RaceSolve } from '../../src/solve/highs-race.js';
import { highsWorkerThreads } from '../../src/solve/highs-thread.js';
import { solveProgram } from '../../src/solve/solve-program.js';
import { verifySolution } from '../../src/solve/verify-solution.js';
import { MKNAP1_PATH, readOrLib } from '../benchmarks/orlib-helpers.js';
import { makeSampleDataset } from '../scenario/sample-dataset.js';
import { expectAtLeast, expectAtMost, expectClose } from '../tolerance.js';
import { randomKnapsack, terms } from './helpers.js';
import { stringify } from 'yaml';

/** An OR-Library knapsack as a program: take each item or not, each constraint a capacity row. */
function knapsackProgram(problem: OrLibProblem, name: string): LinearProgram {
  const builder = new ProgramBuilder(name);
  const items = problem.profits.map((_, item) => builder.addVariable(`take[item ${item}]`, 'binary', 0, 1));
  problem.coefficients.forEach((row, constraint) => builder.addConstraint(`capacity[${constraint}]`, 'capacity', terms(row, items), -Infinity, problem.rightHandSides[constraint]));
  builder.setObjective('maximize', terms(problem.profits, items), 0);
  return builder.build();
}

/** The mknap1 problems with a stated optimum, largest first (Petersen's; 6 to 50 items; the 50-item one takes seconds at gap 0, so tests start at the next). */
const MKNAP1 = readOrLib(MKNAP1_PATH)
  .map((problem, index) => ({ problem, index }))
  .filter(({ problem }) => problem.knownOptimum !== null)
  .sort((left, right) => right.problem.itemCount - left.problem.itemCount);

/** Wait until no HiGHS thread is busy and at most the one kept for reuse is alive (terminate is asynchronous). */
async function threadsSettled(): Promise<ReturnType<typeof highsWorkerThreads>> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const threads = highsWorkerThreads();
    if (threads.busy === 0 && threads.live <= threads.idle) return threads;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return highsWorkerThreads();
}

/** A result with a plan, as a run would return it (only the numbers combineRace reads). */
function result(status: SolveResult['status'], objective: number | null, bestBound: number | null, rawStatus = status): SolveResult {
  return { engine: 'highs', status, rawStatus, objective, bestBound, gap: null, nodes: 3, seconds: 1, values: objective === null ? null : [objective], duals: null };
}

const ending = (count: number, decidedBy: 'all_ended' | 'combined_bound' = 'all_ended') => ({
  sense: 'maximize' as const,
  requestedGap: 0.005,
  decidedBy,
  ended: Array.from({ length: count }, () => 'finished' as const),
  secondsOf: Array.from({ length: count }, () => 1),
  seconds: 1,
});

describe('race of HiGHS runs', () => {
  it('finds the known optimum of the OR-Library mknap1 problems, and the plan fits', async () => {
    for (const { problem, index } of MKNAP1.slice(2, 5)) {
      const program = knapsackProgram(problem, `mknap1-${index}`);
      const raced = await solveProgram(highsEngine, program, { race: true, relativeGap: 0 });
      expect(raced.status, `mknap1 problem ${index}`).toBe('optimal');
      expectClose(raced.objective, problem.knownOptimum as number);
      expect(verifySolution(program, raced.values as number[], raced.objective).ok).toBe(true);
      expect(raced.solverRun?.workers.map((worker) => worker.randomSeed)).toEqual([0, 1]);
      expect(raced.solverRun?.winner).not.toBeNull();
    }
    expect((await threadsSettled()).busy).toBe(0);
  });

  it('stops the run that lost and leaves no thread behind', async () => {
    const { problem } = MKNAP1[3];
    const easy = knapsackProgram(problem, 'easy');
    // A 250-item, 12-row knapsack at gap 0 takes far longer than a 20-item one: that run must lose.
    const hard = randomKnapsack(11, 250, 12);
    const solve: RaceSolve = (entrant, control) =>
      entrant.randomSeed === 0
        ? highsEngine.solve(easy, { relativeGap: 0, signal: control.signal, progress: control.progress })
        : highsEngine.solve(hard, { relativeGap: 0, timeLimitSeconds: 300, signal: control.signal });
    const raced = await raceSolves([{ randomSeed: 0 }, { randomSeed: 1 }], solve, { sense: 'maximize', requestedGap: 0 });
    expect(raced.status).toBe('optimal');
    expectClose(raced.objective, problem.knownOptimum as number);
    expect(raced.solverRun?.decidedBy).toBe('first_to_gap');
    expect(raced.solverRun?.winner).toBe('seed 0');
    expect(raced.solverRun?.workers.map((worker) => worker.ended)).toEqual(['finished', 'stopped']);
    expect(raced.solverRun?.workers[1].rawStatus).toMatch(/stopped by its caller/);
    const threads = await threadsSettled();
    expect(threads.busy).toBe(0);
    expect(threads.live).toBeLessThanOrEqual(1);
  });

  it("stops every run when the caller's signal aborts, and leaves no thread behind", async () => {
    const hard = randomKnapsack(12, 250, 12);
    const controller = new AbortController();
    let reported = 0;
    const raced = solveByRace(highsEngine, hard, {
      relativeGap: 0,
      timeLimitSeconds: 300,
      signal: controller.signal,
      progress: (update) => {
        reported += 1;
        if (update.kind === 'incumbent') controller.abort();
      },
    });
    const answer = await raced;
    expect(reported).toBeGreaterThan(0);
    expect(['feasible', 'time_limit']).toContain(answer.status);
    expect(answer.status === 'feasible' ? verifySolution(hard, answer.values as number[], answer.objective).ok : true).toBe(true);
    const threads = await threadsSettled();
    expect(threads.busy).toBe(0);
    expect(threads.live).toBeLessThanOrEqual(1);
  });

  it("keeps the other run's answer when one run fails", async () => {
    const { problem } = MKNAP1[3];
    const program = knapsackProgram(problem, 'one-fails');
    // A heuristic effort of 5 is refused by the engine (RangeError): that run fails, the race goes on.
    const raced = await solveByRace(highsEngine, program, { relativeGap: 0 }, [{ randomSeed: 0 }, { randomSeed: 1, mipHeuristicEffort: 5 }]);
    expect(raced.status).toBe('optimal');
    expectClose(raced.objective, problem.knownOptimum as number);
    expect(raced.solverRun?.winner).toBe('seed 0');
    expect(raced.solverRun?.workers[1]).toMatchObject({ ended: 'failed', status: 'error' });
    expect(raced.solverRun?.workers[1].rawStatus).toMatch(/heuristic effort must be a number from 0 to 1/);
    expect((await threadsSettled()).busy).toBe(0);
  });

  it('computes the gap from the best plan of one run and the best bound of the other', () => {
    // Run 0: plan 100, bound 110; run 1: plan 95, bound 101. Best plan 100, best bound 101: gap 1 / 100.
    const combined = combineRace([{ randomSeed: 0 }, { randomSeed: 1 }], [result('feasible', 100, 110), result('feasible', 95, 101)], ending(2));
    expect(combined.status).toBe('feasible');
    expect(combined.objective).toBe(100);
    expect(combined.bestBound).toBe(101);
    expectClose(combined.gap, 0.01);
    expect(combined.solverRun).toMatchObject({ winner: 'seed 0', boundFrom: 'seed 1', decidedBy: 'all_ended' });
    // At a 2% gap the same numbers are a proof: run 0's plan within the gap of run 1's bound.
    const proven = combineRace([{ randomSeed: 0 }, { randomSeed: 1 }], [result('feasible', 100, 110), result('feasible', 95, 101)], { ...ending(2), requestedGap: 0.02 });
    expect(proven.status).toBe('optimal');
    expect(proven.rawStatus).toMatch(/seed 0's plan proven within the gap by seed 1's bound/);
  });

  it("never reads a plan or a bound from a run in error, and takes a plan-less run's bound", () => {
    // Run 1 failed verification with a "bound" of 50 below the plan: it must not count.
    const withError = combineRace([{ randomSeed: 0 }, { randomSeed: 1 }], [result('feasible', 100, 104), result('error', 120, 50)], ending(2));
    expect(withError.objective).toBe(100);
    expect(withError.bestBound).toBe(104);
    expectClose(withError.gap, 0.04);
    // Run 1 was stopped before it had a plan, with a bound of 100.2: that bound proves run 0's plan within 0.5%.
    const planless = combineRace([{ randomSeed: 0 }, { randomSeed: 1 }], [result('feasible', 100, 104), result('time_limit', null, 100.2)], ending(2));
    expect(planless.status).toBe('optimal');
    expectClose(planless.gap, 0.002);
    expect(planless.solverRun?.boundFrom).toBe('seed 1');
    // No plan anywhere: time_limit, not a plan.
    const none = combineRace([{ randomSeed: 0 }, { randomSeed: 1 }], [result('error', null, null), result('time_limit', null, null)], ending(2));
    expect(none.status).toBe('time_limit');
    expect(none.solverRun?.winner).toBeNull();
    // A proof of infeasibility from one run settles it.
    const infeasible = combineRace([{ randomSeed: 0 }, { randomSeed: 1 }], [result('time_limit', null, null), result('infeasible', null, null)], ending(2));
    expect(infeasible.status).toBe('infeasible');
    expect(infeasible.solverRun?.winner).toBe('seed 1');
  });

  it("reports plans and bounds in the result's own terms, the objective's constant included (the combined stop compares them)", async () => {
    const program = { ...randomKnapsack(5, 60, 5), objectiveConstant: 1e6 };
    const plans: number[] = [];
    const bounds: number[] = [];
    const solved = await highsEngine.solve(program, { relativeGap: 0, progress: (update) => (update.kind === 'incumbent' ? plans.push(update.objective) : bounds.push(update.bestBound)) });
    expect(solved.status).toBe('optimal');
    expect(plans.length).toBeGreaterThan(0);
    expect(bounds.length).toBeGreaterThan(0);
    // Every bound reported is a bound on the optimum, every plan reported at most the optimum, and both carry the constant.
    for (const bound of bounds) expectAtLeast(bound, solved.objective as number);
    for (const plan of plans) expectAtMost(plan, solved.objective as number);
    expect(Math.min(...plans)).toBeGreaterThanOrEqual(1e6);
  });

  it('stops both runs once one run reports a plan and the other a bound within the gap', async () => {
    const solve: RaceSolve = (entrant, control) =>
      new Promise((resolve) => {
        control.signal.addEventListener('abort', () => resolve(entrant.randomSeed === 0 ? result('feasible', 100, 130) : result('time_limit', null, 100.3)));
        if (entrant.randomSeed === 0) setTimeout(() => control.progress({ kind: 'incumbent', objective: 100 }), 5);
        else setTimeout(() => control.progress({ kind: 'bound', bestBound: 100.3 }), 10);
      });
    const raced = await raceSolves([{ randomSeed: 0 }, { randomSeed: 1 }], solve, { sense: 'maximize', requestedGap: 0.005 });
    expect(raced.solverRun?.decidedBy).toBe('combined_bound');
    expect(raced.solverRun?.workers.map((worker) => worker.ended)).toEqual(['stopped', 'stopped']);
    expect(raced.status).toBe('optimal');
    expectClose(raced.gap, 0.003);
  });
});

describe('race settings', () => {
  it('plans the tiny model by a race: the plan passes the checker and records both runs', async () => {
    const dataset = await loadModel('tests/fixtures/tiny');
    const single = await planModel(dataset, { marginalValues: false });
    // planModel throws when the independent checker finds a violation.
    const raced = await planModel(dataset, { marginalValues: false, race: true, randomSeed: 4 });
    expect(raced.plan.status).toBe('optimal');
    expectClose(raced.plan.kind === 'portfolio' ? raced.plan.objectiveBenefitPoints : null, single.plan.kind === 'portfolio' ? (single.plan.objectiveBenefitPoints as number) : NaN, { relative: 1e-4, absolute: 1e-6 });
    const document = planDocument(raced.plan);
    expect(document.solverRun?.workers.map((worker) => worker.randomSeed)).toEqual([4, 5]);
    expect(document.solverRun?.workers.every((worker) => worker.seconds >= 0 && worker.status !== undefined)).toBe(true);
    expect(planDocument(single.plan).solverRun).toBeUndefined();
  });

  it('reads engine.race and engine.random_seed from the command line, with clear messages for bad values', async () => {
    const resolved = await resolveScenario(makeSampleDataset(), undefined, { set: ['engine.race=true', 'engine.random_seed=7'] });
    expect(resolved.engineOptions).toMatchObject({ race: true, randomSeed: 7 });
    expect(resolved.overridesApplied).toContain('engine.race = true (command line)');
    await expect(resolveScenario(makeSampleDataset(), undefined, { set: ['engine.race=maybe'] })).rejects.toThrow(/engine\.race: expected true or false/);
    await expect(resolveScenario(makeSampleDataset(), undefined, { set: ['engine.random_seed=1.5'] })).rejects.toThrow(/engine\.random_seed: expected a whole number/);
  });

  it('reads them from model.yaml and writes them back', () => {
    const text = readFileSync('tests/fixtures/tiny/model.yaml', 'utf8');
    const withEngine = `${text.replace(/^engine:[\s\S]*?(?=^\S)/m, '')}\nengine:\n  race: true\n  random_seed: 3\n`;
    const parsed = parseModelConfig(withEngine, 'model.yaml');
    expect(parsed.problems).toEqual([]);
    expect(parsed.config?.engine).toMatchObject({ race: true, randomSeed: 3 });
    const written = stringify(modelConfigToYamlObject(parsed.config!));
    expect(parseModelConfig(written, 'model.yaml').config?.engine).toMatchObject({ race: true, randomSeed: 3 });
    const bad = parseModelConfig(`${text.replace(/^engine:[\s\S]*?(?=^\S)/m, '')}\nengine:\n  race: yes please\n`, 'model.yaml');
    expect(bad.problems.map((problem) => `${problem.column}: ${problem.message}`).join('\n')).toMatch(/race.*expected true or false/);
  });
});
