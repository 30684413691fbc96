import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors/problems.js';
import { compareFromArguments, formatComparison } from '../../src/cli/compare.js';
import { stressFromArguments } from '../../src/cli/stress.js';
import { sweepFromArguments } from '../../src/cli/sweep.js';
import { handMadePlan, plannedProject, TINY_MODEL } from './helpers.js';
import { compareScenarios } from '../../src/analysis/comparison.js';
import type { PortfolioPlan } from '../../src/plan/types.js';
import { makeSampleDataset } from '../scenario/sample-dataset.js';

/** Compare hand-made plans of the sample model (WC011 water backlog 1,200 households). */
function compared(plans: readonly PortfolioPlan[]): ReturnType<typeof compareScenarios> {
  return compareScenarios(plans, plans.map(() => makeSampleDataset()));
}

async function problemColumns(action: () => Promise<unknown>): Promise<(string | null)[]> {
  const error = await action().catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(InvalidInputError);
  return (error as InvalidInputError).problems.map((problem) => problem.column);
}

describe('analysis command arguments', () => {
  it('names the option of a bad value before any solving starts', async () => {
    expect(await problemColumns(() => sweepFromArguments({ model: TINY_MODEL, budgetScale: '1:0.5:3' }))).toEqual(['--budget-scale']);
    expect(await problemColumns(() => sweepFromArguments({ model: TINY_MODEL, budgetScale: '0.5:1:3', workers: 0 }))).toEqual(['--workers']);
    expect(await problemColumns(() => stressFromArguments({ model: TINY_MODEL, draws: 2.5, seed: 1, overrunMedian: 1.1, overrunSigma: 0.2 }))).toEqual(['--draws']);
    expect(await problemColumns(() => stressFromArguments({ model: TINY_MODEL, draws: 2, seed: 1, overrunMedian: 0, overrunSigma: 0.2 }))).toEqual(['--overrun-median']);
    expect(await problemColumns(() => compareFromArguments({ model: TINY_MODEL, scenarios: ['no-such-scenario.yaml'] }))).toHaveLength(1);
  });
});

describe('formatComparison', () => {
  it('lists each differing project with every scenario\'s outcome', () => {
    const plan = (scenarioName: string, funded: boolean) =>
      handMadePlan({
        scenarioName,
        projects: [plannedProject({ id: 'P-1', funded, startYear: funded ? 2027 : null, deferralReason: funded ? null : 'prerequisite', deferralDetail: funded ? null : 'P-0 is not funded.' })],
      });
    const text = formatComparison({ comparison: compared([plan('a', true), plan('b', false)]), plans: [], folder: null });
    // The reason in the words of the summary (new-user review u2, 5), no "(s)".
    expect(text.split('\n')).toEqual(expect.arrayContaining(['1 project funded in one scenario and not another:', '  P-1: a funded, starts 2027/28; b not funded because a prerequisite is not funded or not finished in time']));
    expect(text).not.toContain('(s)');
  });

  it('counts projects whose funding differs apart from those whose start year only moves', () => {
    const plan = (scenarioName: string, fundedB: boolean, startA: number) =>
      handMadePlan({
        scenarioName,
        projects: [
          plannedProject({ id: 'P-A', funded: true, startYear: startA, deferralReason: null, deferralDetail: null }),
          plannedProject({ id: 'P-B', funded: fundedB, startYear: fundedB ? 2027 : null, deferralReason: fundedB ? null : 'budget', deferralDetail: fundedB ? null : 'no money' }),
        ],
      });
    const text = formatComparison({ comparison: compared([plan('a', true, 2026), plan('b', false, 2028)]), plans: [], folder: null });
    // Two lists, each under its own heading (new-user review u2, 5).
    const lines = text.split('\n');
    const fundingHeading = lines.indexOf('1 project funded in one scenario and not another:');
    const movedHeading = lines.indexOf('1 project funded in every scenario, with a start year that moves:');
    expect(fundingHeading).toBeGreaterThanOrEqual(0);
    expect(lines[fundingHeading + 1]).toBe('  P-B: a funded, starts 2027/28; b not funded because the money runs out');
    expect(movedHeading).toBeGreaterThan(fundingHeading);
    expect(lines[movedHeading + 1]).toBe('  P-A: a funded, starts 2026/27; b funded, starts 2028/29');
    const onlyMoved = formatComparison({ comparison: compared([plan('a', true, 2026), plan('b', true, 2028)]), plans: [], folder: null });
    expect(onlyMoved).toContain('1 project funded in every scenario, with a start year that moves:');
    expect(onlyMoved).not.toContain('and not another');
  });

  it('warns when a plan is not proven optimal or has none', () => {
    const text = formatComparison({
      comparison: compared([handMadePlan({ scenarioName: 'slow', status: 'feasible', gap: 0.0123 }), handMadePlan({ scenarioName: 'broke', status: 'infeasible' })]),
      plans: [],
      folder: null,
    });
    expect(text).toContain('note: slow stopped before the gap asked (proven gap 1.23%)');
    expect(text).toMatch(/slow\s+stopped early: proven only within 1\.23% of the best possible, not the gap asked\s+1\.23%/);
    expect(text).toContain('note: broke has no plan (infeasible)');
  });
});
