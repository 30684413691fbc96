/**
 * The issue 9 review's findings on analysis options (finding 1), no-plan analyses (finding 4) and
 * `--set` of keys nothing reads (finding 9). Every case asserts the exit code or error class and
 * the message; the no-plan cases use javascript-lp-solver on the Western Cape model under half a
 * second, which cannot finish on any machine (docs/engines.md), so nothing depends on speed.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOptionNumber } from '../../src/analysis/analysis-options.js';
import { scaleEnvelopes } from '../../src/analysis/budget-range.js';
import { runCompare } from '../../src/analysis/run-compare.js';
import { runStress } from '../../src/analysis/run-stress.js';
import { stressFromArguments, type StressArguments } from '../../src/cli/stress.js';
import { formatComparison } from '../../src/cli/compare.js';
import type { CompareResult } from '../../src/analysis/run-compare.js';
import { EXIT_INVALID, UserFacingError } from '../../src/errors/exit-codes.js';
import { InvalidInputError } from '../../src/errors/problems.js';
import { buildCommandLineLayer } from '../../src/scenario/command-line-layer.js';
import { makeSampleDataset } from '../scenario/sample-dataset.js';
import { TINY_MODEL } from './helpers.js';

const WESTERN_CAPE = path.resolve(__dirname, '../../models/western-cape');
const SCENARIOS = path.resolve(__dirname, '../../scenarios');

/** The message of the InvalidInputError `action` throws. */
function inputError(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as Error).message;
  }
  throw new Error('expected an InvalidInputError');
}

describe('every analysis option through the ranges of limits.ts (finding 1)', () => {
  it.each([
    ['workers', 0, 'workerCount', 'option --workers: expected a whole number from 1 to 256, got 0'],
    ['draws', 1e9, 'drawCount', 'option --draws: expected a whole number from 1 to 10000, got 1000000000'],
    ['seed', 1.5, 'seed', 'option --seed: expected a whole number from 0 to 2147483647, got 1.5'],
    ['overrun-median', 1e308, 'costFactor', 'option --overrun-median: expected a number above 0 and at most 10, got 1e+308'],
    ['overrun-sigma', Number.NaN, 'logSpread', 'option --overrun-sigma: expected a number from 0 to 2, got something that is not a number'],
    ['top', 0, 'projectCount', 'option --top: expected a whole number from 1 to 100000, got 0'],
    ['precision', Infinity, 'precisionRand', 'option --precision: expected a whole number from 1 to 10000000000000 (R10 trillion), got Infinity'],
  ] as const)('--%s %s', (option, value, kind, message) => {
    expect(inputError(() => checkOptionNumber(option, value, kind))).toContain(message);
    // The bounds themselves pass.
    expect(checkOptionNumber(option, 1, kind)).toBe(1);
  });

  it('stress refuses an implausible overrun before it loads the model', async () => {
    const argv = { model: TINY_MODEL, draws: 2, seed: 1, overrunMedian: 1e308, overrunSigma: 0.2 } as StressArguments;
    await expect(stressFromArguments(argv)).rejects.toThrow('option --overrun-median: expected a number above 0 and at most 10, e.g. 1.1, got 1e+308');
  });

  it('a sweep factor that makes an envelope implausible names --budget-scale instead of reaching the solver as Infinity', () => {
    const dataset = makeSampleDataset();
    const message = inputError(() => scaleEnvelopes({ ...dataset, fundingSources: dataset.fundingSources.map((source) => ({ ...source, envelopeRandByYear: { 2026: 2e11 } })) }, 100));
    expect(message).toMatch(/command line, option --budget-scale: the factor 100 makes the \w+ envelope of 2026\/27 R2\.000e\+13, more than the largest plausible amount/);
  });
});

describe('an analysis without any plan says so and writes nothing (finding 4)', () => {
  it('compare: no scenario has a plan -> exit 1 with the statuses and the advice, no comparison sentence', async () => {
    const failure = await runCompare(
      { modelPath: WESTERN_CAPE, scenarioPaths: [path.join(SCENARIOS, 'baseline.yaml'), path.join(SCENARIOS, 'budget-cut-20.yaml')], commandLine: { engine: 'jslp', timeLimitSeconds: 0.5 } },
      { workers: 1, skipFiles: true },
    ).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(UserFacingError);
    expect((failure as UserFacingError).exitCode).toBe(EXIT_INVALID);
    const { message } = failure as UserFacingError;
    expect(message).toContain('No plan to report: no scenario has a plan (baseline: time_limit, budget-cut-20: time_limit); no folder was written.');
    expect(message).toContain('--solver highs');
    expect(message).not.toContain('funds the same projects');
  }, 60_000);

  it('stress: no plan without overruns -> exit 1, nothing to stress', async () => {
    const failure = await runStress(
      { modelPath: WESTERN_CAPE, commandLine: { engine: 'jslp', timeLimitSeconds: 0.5 }, draws: 2, seed: 1, distribution: { medianFactor: 1.1, sigma: 0.2 } },
      { workers: 1, skipFiles: true },
    ).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(UserFacingError);
    expect((failure as Error).message).toContain('No plan to report: the model has no plan without cost overruns, so there is nothing to stress (without overruns: time_limit)');
    expect((failure as Error).message).not.toContain('stays funded');
  }, 60_000);

  it('compare with one plan among several states no comparison over the plans that do not exist', () => {
    const scenario = (scenarioName: string, status: string) => ({ scenarioName, status, statusWords: status, gap: null, benefitTotal: 1, spendingRand: 1, projectsFunded: 1, householdsServed: 1 });
    const result = {
      comparison: { scenarios: [scenario('baseline', 'optimal'), scenario('cut', 'time_limit')], differences: [], overridesByScenario: [[], []], benefitSettingDifferences: [], baselineAdded: false, summaries: [], noiseWarnings: [] },
      plans: [],
      folder: null,
    } as unknown as CompareResult;
    const text = formatComparison(result);
    expect(text).toContain('Only baseline has a plan; the other scenarios have none, so no funded projects are compared.');
    expect(text).not.toContain('Every scenario funds the same projects.');
  });
});

describe('--set of keys nothing reads (finding 9)', () => {
  it.each([
    ['name=x', "command line, key name: 'name' names a scenario file and cannot be set on the command line"],
    ['description=a long text', "command line, key description: 'description' describes a scenario file and cannot be set on the command line"],
  ])('--set %s is refused, naming the key', (assignment, message) => {
    expect(inputError(() => buildCommandLineLayer({ set: [assignment] }))).toContain(message);
  });
});
