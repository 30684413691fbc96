/**
 * Plans handed back in HiGHS's mipUserSolution callback (src/solve/highs-user-solution.ts): on a
 * tiny knapsack whose optimum brute force gives, the plan handed at the first checkpoint becomes
 * HiGHS's incumbent (its log marks it `X`, user solution) and a run stopped at the next checkpoint
 * returns it. Without the patch (a fresh runtime straight from the package) the same hand-back
 * returns status 0 and is dropped (no `X` line): that half documents the upstream fault, and fails once HiGHS
 * or the wrapper fixes it (then the patch can go).
 */
import highsPackage from 'highs';
import type { Highs, ModelData } from 'highs';
import { describe, expect, it } from 'vitest';
import { loadHighsRuntime, runHighs, type HighsModelArrays } from '../../src/solve/highs-run.js';
import { enableCallbackSolutions } from '../../src/solve/highs-user-solution.js';

const loadUnpatched = (typeof highsPackage === 'function' ? highsPackage : (highsPackage as unknown as { default: () => Promise<Highs> }).default) as () => Promise<Highs>;

/** A 0-1 knapsack of 16 items and its optimum by brute force. */
function knapsack(): { weights: number[]; profits: number[]; capacity: number; optimum: number; optimal: Float64Array } {
  let seed = 7;
  const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const weights = Array.from({ length: 16 }, () => 20 + Math.floor(random() * 60));
  const profits = weights.map((weight) => weight + Math.floor(random() * 20));
  const capacity = Math.floor(weights.reduce((sum, weight) => sum + weight, 0) / 2) + 0.5;
  let optimum = -1;
  let best = 0;
  for (let mask = 0; mask < 1 << weights.length; mask += 1) {
    let weight = 0;
    let profit = 0;
    for (let item = 0; item < weights.length; item += 1) {
      if ((mask >> item) & 1) {
        weight += weights[item];
        profit += profits[item];
      }
    }
    if (weight <= capacity && profit > optimum) {
      optimum = profit;
      best = mask;
    }
  }
  return { weights, profits, capacity, optimum, optimal: Float64Array.from(weights, (_, item) => (best >> item) & 1) };
}

function modelData(highs: Highs, problem: ReturnType<typeof knapsack>): ModelData {
  const count = problem.weights.length;
  return {
    numCols: count,
    numRows: 1,
    sense: highs.constants.objectiveSense.maximize,
    offset: 0,
    colCost: Float64Array.from(problem.profits),
    colLower: new Float64Array(count),
    colUpper: new Float64Array(count).fill(1),
    rowLower: Float64Array.of(-Infinity),
    rowUpper: Float64Array.of(problem.capacity),
    matrix: { format: 'csr', numRows: 1, numCols: count, starts: Int32Array.of(0, count), indices: Int32Array.from({ length: count }, (_, item) => item), values: Float64Array.from(problem.weights) },
    integrality: new Int32Array(count).fill(highs.constants.variableType.integer),
  };
}

/** The knapsack as the minimisation of its negated profit. */
function negated(data: ModelData, highs: Highs): ModelData {
  return { ...data, sense: highs.constants.objectiveSense.minimize, colCost: Float64Array.from(data.colCost, (cost) => -cost) };
}

/**
 * Hand the optimum at the first user-solution checkpoint (with `afterIncumbent`, the first one
 * after HiGHS has an incumbent of its own that is below the optimum), and stop at the first MIP
 * interrupt checkpoint after it.
 */
function handBack(highs: Highs, problem: ReturnType<typeof knapsack>, options: { afterIncumbent?: boolean; minimise?: boolean } = {}): { status: number; objective: number; userLines: number } {
  const channels = highs.constants.callbackType;
  let handed = false;
  let status = Number.NaN;
  let userLines = 0;
  let incumbentBelowOptimum = false;
  const data = options.minimise ? negated(modelData(highs, problem), highs) : modelData(highs, problem);
  const objective = highs.withModel(data, (model) => {
    // No heuristics and no presolve: HiGHS has no plan of its own this early.
    model.options.set({ output_flag: true, log_to_console: false, presolve: 'off', mip_heuristic_effort: 0 });
    model.run({
      [channels.mipImprovingSolution](event) {
        if (Math.abs(event.data.objective_function_value ?? 0) < problem.optimum - 0.5) incumbentBelowOptimum = true;
        return undefined;
      },
      [channels.mipUserSolution](event) {
        if (!handed && (!options.afterIncumbent || incumbentBelowOptimum)) {
          handed = true;
          status = event.setSolution(problem.optimal).status;
        }
        return undefined;
      },
      [channels.mipInterrupt](event) {
        if (handed) event.interrupt();
        return undefined;
      },
      [channels.logging](event) {
        // HiGHS's MIP log line for a new incumbent starts with its source; X is a user solution.
        if (/^\s*X\s/.test(event.message)) userLines += 1;
        return undefined;
      },
    });
    return model.getSolution().colValue.reduce((sum, value, item) => sum + value * problem.profits[item], 0);
  });
  return { status, objective, userLines };
}

describe('plans handed back in the mipUserSolution callback', () => {
  const problem = knapsack();

  it('become the incumbent with the patch', async () => {
    const highs = await loadHighsRuntime();
    expect(enableCallbackSolutions(highs)).toBe(true);
    const result = handBack(highs, problem);
    expect(result.status).toBe(0);
    expect(result.userLines).toBe(1);
    expect(result.objective).toBeCloseTo(problem.optimum, 9);
  });

  it('are taken after HiGHS has an incumbent only when the model is a minimisation (HiGHS pre-screens in the wrong sense)', async () => {
    const highs = await loadHighsRuntime();
    const asMaximisation = handBack(highs, problem, { afterIncumbent: true });
    expect(asMaximisation.status).toBe(0);
    expect(asMaximisation.userLines).toBe(0);
    const asMinimisation = handBack(highs, problem, { afterIncumbent: true, minimise: true });
    expect(asMinimisation.userLines).toBe(1);
    expect(asMinimisation.objective).toBeCloseTo(problem.optimum, 9);
  });

  it('are dropped by the package as shipped (the upstream fault the patch works around)', async () => {
    const highs = await loadUnpatched();
    const result = handBack(highs, problem);
    expect(result.status).toBe(0);
    expect(result.userLines).toBe(0);
  });

  it('reach HiGHS through runHighs with a polish: a maximisation ends at least at the plan handed back', async () => {
    const highs = await loadHighsRuntime();
    const data = modelData(highs, problem);
    const model: HighsModelArrays = {
      sense: 'maximize',
      offset: 0,
      colCost: Float64Array.from(data.colCost),
      colLower: Float64Array.from(data.colLower),
      colUpper: Float64Array.from(data.colUpper),
      rowLower: Float64Array.from(data.rowLower),
      rowUpper: Float64Array.from(data.rowUpper),
      starts: Int32Array.of(0, problem.weights.length),
      indices: Int32Array.from(problem.weights, (_, item) => item),
      values: Float64Array.from(problem.weights),
      integer: new Uint8Array(problem.weights.length).fill(1),
    };
    const seen: number[] = [];
    const run = runHighs(highs, { model, options: { presolve: 'off', mip_heuristic_effort: 0 } as unknown as Record<string, number>, interruptAtEpochMilliseconds: null }, undefined, (incumbent) => {
      // The polish sees objectives in the caller's sense (benefit, not its negation).
      seen.push(incumbent.objective);
      return Float64Array.from(problem.optimal);
    });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((objective) => objective >= 0 && objective <= problem.optimum + 1e-9)).toBe(true);
    // HiGHS's first incumbent (heuristics and presolve off) is below the optimum, so exactly one plan goes back.
    expect(run.polish?.handedBack).toBe(1);
    expect(run.objective).toBeCloseTo(problem.optimum, 9);
    expect(run.mipDualBound).toBeGreaterThanOrEqual(problem.optimum - 1e-9);
    expect(Array.from(run.values).reduce((sum, value, item) => sum + value * problem.profits[item], 0)).toBeCloseTo(problem.optimum, 9);
  });
});
