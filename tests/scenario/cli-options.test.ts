import yargs from 'yargs';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors/problems.js';
import { commandLineOverridesFromArgv, scenarioOptions } from '../../src/scenario/cli-options.js';
import { resolveScenario } from '../../src/scenario/resolve-scenario.js';
import { makeSampleDataset } from './sample-dataset.js';

/** Parse arguments the way a command does. */
function parse(argv: string[]) {
  return yargs(argv).options(scenarioOptions).strict().exitProcess(false).fail((message) => {
    throw new Error(message);
  }).parseSync();
}

describe('scenarioOptions and commandLineOverridesFromArgv', () => {
  it('turn a full command line into overrides, keeping repeated --set in order', () => {
    const argv = parse([
      '--scenario', 'scenarios/budget-cut-20.yaml',
      '--set', 'policy.min_sanitation_share=0.4',
      '--set', 'committed=[WC011-W-01]',
      '--solver', 'jslp',
      '--time-limit', '60',
      '--gap', '0.005',
      '--budget-scale', '0.9',
    ]);
    expect(argv.scenario).toBe('scenarios/budget-cut-20.yaml');
    expect(commandLineOverridesFromArgv(argv)).toEqual({
      engine: 'jslp',
      timeLimitSeconds: 60,
      relativeGap: 0.005,
      budgetScale: 0.9,
      set: ['policy.min_sanitation_share=0.4', 'committed=[WC011-W-01]'],
    });
  });

  it('give no overrides when no option is used', () => {
    expect(commandLineOverridesFromArgv(parse([]))).toEqual({});
  });

  it('refuse a solver yargs does not know', () => {
    expect(() => parse(['--solver', 'cplex'])).toThrow(/Invalid values/);
  });

  it('name the option when a number is not a number or out of range', () => {
    try {
      commandLineOverridesFromArgv(parse(['--gap', 'abc', '--time-limit', '0']));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).problems.map((problem) => problem.column)).toEqual(['--time-limit', '--gap']);
    }
  });

  it('produce overrides that resolveScenario applies', async () => {
    const overrides = commandLineOverridesFromArgv(parse(['--set', 'horizon_years=5', '--budget-scale', '2']));
    const resolved = await resolveScenario(makeSampleDataset(), undefined, overrides);
    expect(resolved.dataset.config.horizonYears).toBe(5);
    expect(resolved.dataset.fundingSources[0].envelopeRandByYear[2026]).toBe(200_000_000);
    expect(resolved.overridesApplied).toEqual(['horizon_years = 5 (command line)', 'budget_scale = 2 (command line)']);
  });

  it('--set accepts whole lists as YAML flow values', async () => {
    const resolved = await resolveScenario(makeSampleDataset(), undefined, {
      set: ['delays=[{source: RBIG, delay_years: 1}]', 'envelopes=[{source: OWN, years: 2026/27, amount_rand: 5}]'],
    });
    expect(resolved.dataset.fundingSources[0].envelopeRandByYear[2027]).toBe(100_000_000);
    expect(resolved.dataset.fundingSources[4].envelopeRandByYear[2026]).toBe(5);
    expect(resolved.overridesApplied).toEqual([
      'envelopes[0] = OWN, 2026/27, set to 5 rand (command line)',
      'delays[0] = RBIG 1 year later (command line)',
    ]);
  });
});
