/**
 * Analysis output for a plan that has none (a time limit, an infeasible budget level): no figures,
 * since zeros would read as a plan that funds nothing, and advice that fits the status.
 */
import { describe, expect, it } from 'vitest';
import { compareScenarios } from '../../src/analysis/comparison.js';
import { buildFrontier } from '../../src/analysis/frontier.js';
import { buildSweepWorkbook, FRONTIER_SHEET } from '../../src/analysis/reports/sweep-workbook.js';
import { formatComparison } from '../../src/cli/compare.js';
import { formatSweep } from '../../src/cli/sweep.js';
import { handMadePlan, plannedProject } from './helpers.js';
import { makeSampleDataset } from '../scenario/sample-dataset.js';

/** A plan funding one project with the given benefit, at a budget factor. */
function solvedPoint(budgetFactor: number, benefit: number) {
  const plan = handMadePlan({
    objectiveBenefitPoints: benefit,
    benefit: { total: benefit, needLed: benefit, growthLed: 0 },
    projects: [plannedProject({ id: 'P-1', funded: true, startYear: 2026, householdsServed: 100, deferralReason: null, deferralDetail: null })],
  });
  return { budgetFactor, totalBudgetRand: budgetFactor * 100_000_000, plan };
}

describe('a sweep point without a plan', () => {
  const frontier = buildFrontier([
    solvedPoint(0.5, 10),
    { budgetFactor: 1, totalBudgetRand: 100_000_000, plan: handMadePlan({ status: 'time_limit', objectiveBenefitPoints: null, gap: null }) },
    solvedPoint(1.5, 30),
  ], makeSampleDataset());

  it('prints n/a in the terminal table, not zeros', () => {
    const text = formatSweep({ modelName: 'm', scenarioName: 's', requestedRelativeGap: null, frontier, folder: null });
    const row = text.split('\n').find((line) => line.includes('time_limit'));
    expect(row).toBeDefined();
    expect(row).toMatch(/time_limit\s+unknown\s+n\/a\s+n\/a\s+n\/a\s+-/);
    expect(text).toContain('budget factor 1: status time_limit, no plan at this budget');
    // A point with a plan says what its status means, as compare and run do, never a bare "optimal".
    const solvedRows = text.split('\n').filter((line) => /^\s*(0\.5|1\.5)\s/.test(line));
    expect(solvedRows).toHaveLength(2);
    for (const solved of solvedRows) expect(solved).toMatch(/proven (the best possible|within [\d.]+% of the best possible)/);
    expect(text).not.toMatch(/\boptimal\b/);
    expect(text).toContain('budget (capital + operating)');
  });

  it('writes "no plan" in the workbook row instead of figures', () => {
    const sheet = buildSweepWorkbook(frontier, 'Sweep', []).getWorksheet(FRONTIER_SHEET)!;
    // Title, note, header, then the points from row 4: the second point is row 5.
    expect(sheet.getCell('C5').value).toBe('time_limit');
    for (const column of ['E', 'F', 'G', 'H']) expect(sheet.getCell(`${column}5`).value).toBe('no plan');
    expect(sheet.getCell('E4').value).toBe(10);
  });
});

describe('a compared scenario without a plan', () => {
  it('gets advice that fits its status', () => {
    const text = formatComparison({
      comparison: compareScenarios([handMadePlan({ scenarioName: 'slow', status: 'time_limit' }), handMadePlan({ scenarioName: 'broke', status: 'infeasible' })], [makeSampleDataset(), makeSampleDataset()]),
      plans: [],
      folder: null,
    });
    expect(text).toContain('note: slow has no plan (time_limit); infraplan solve --scenario <its file> says why and which settings would give one');
    expect(text).toContain('note: broke has no plan (infeasible); infraplan solve --scenario <its file> names the rules that conflict');
    expect(text).toMatch(/slow\s+no plan: the time limit came before any plan was found\s+n\/a/);
    expect(text).toContain('No scenario has a plan, so no funded projects are compared.');
  });
});
