/**
 * The households-growth frontier on the tiny model: every point's plan passes the independent
 * checker with its households floor, capacity never rises with the level, and every point equals
 * the brute-force optimum over the register's feasible selections.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { frontierFromArguments } from '../../src/cli/frontier.js';
import { loadModel } from '../../src/dataset/load-model.js';
import { totalEnvelopeRand } from '../../src/analysis/budget-range.js';
import type { Dataset } from '../../src/dataset/types.js';
import { frontierLevels, frontierPointDataset, tradeOffFigures, withFrontierPolicy } from '../../src/analysis/households-growth-frontier.js';
import { FRONTIER_WORKBOOK, runFrontier, type FrontierOutcome } from '../../src/analysis/run-frontier.js';
import { buildFrontierWorkbook, CURRENT_PLAN_LABEL, HOUSEHOLDS_GROWTH_SHEET, NO_PLAN_TEXT } from '../../src/analysis/reports/frontier-workbook.js';
import { datasetRun, planRun } from '../../src/pipeline/plan-run.js';
import { checkPlan } from '../../src/plan/check-plan.js';
import { OBJECTIVE_MEASURES } from '../../src/rules/objective-settings.js';
import { hasSolution } from '../../src/solve/engine.js';
import { handMadePlan, temporaryFolder, TINY_MODEL } from './helpers.js';
import { ARITHMETIC, expectAtLeast, expectAtMost, expectClose, SOLVER } from '../tolerance.js';

/** A selection of the register that has a plan, with what it serves and adds. */
interface FeasibleSelection {
  readonly ids: readonly string[];
  readonly households: number;
  readonly capacityMlPerDay: number;
}

/**
 * Every selection of candidate projects that can be paid for, by brute force: each subset is
 * forced (its projects committed, the others excluded) and solved for feasibility alone. The
 * committed project is in every subset; one project at most per exclusive group.
 */
async function feasibleSelections(model: Dataset): Promise<FeasibleSelection[]> {
  const candidates = model.projects.filter((project) => project.status === 'candidate');
  const committed = model.projects.filter((project) => project.status === 'committed');
  const envelopeRand = totalEnvelopeRand(model);
  const selections: FeasibleSelection[] = [];
  for (let mask = 0; mask < 1 << candidates.length; mask += 1) {
    const chosen = [...committed, ...candidates.filter((_project, bit) => (mask & (1 << bit)) !== 0)];
    const groups = chosen.map((project) => project.exclusiveGroup).filter((group) => group !== null);
    if (new Set(groups).size !== groups.length) continue;
    // A funded project spends its whole capex inside the horizon: a selection costing more than every envelope together cannot be paid for.
    if (chosen.reduce((sum, project) => sum + project.capexRand, 0) > envelopeRand) continue;
    const ids = new Set(chosen.map((project) => project.id));
    const forced: Dataset = { ...model, projects: model.projects.map((project) => ({ ...project, status: ids.has(project.id) ? 'committed' : 'excluded' })) };
    const { plan } = await planRun(datasetRun(forced), { relativeGap: 0, marginalValues: false, diagnoseInfeasibility: false, formulation: 'portfolio' });
    if (!hasSolution(plan)) continue;
    selections.push({
      ids: [...ids],
      households: chosen.reduce((sum, project) => sum + project.householdsServed, 0),
      capacityMlPerDay: chosen.reduce((sum, project) => sum + project.capacityAddedMlPerDay, 0),
    });
  }
  return selections;
}

describe('the households-growth frontier on the tiny model', () => {
  let model: Dataset;
  let outcome: FrontierOutcome;
  let selections: FeasibleSelection[];
  let outDir: string;

  beforeAll(async () => {
    model = await loadModel(TINY_MODEL);
    outDir = await temporaryFolder();
    outcome = await runFrontier({ modelPath: TINY_MODEL, commandLine: { relativeGap: 0 }, points: 5 }, { workers: 1, outDir, now: () => new Date('2026-12-01T12:00:00Z') });
    selections = await feasibleSelections(model);
  }, 60_000);

  it('finds the feasible selections by brute force (a non-trivial register)', () => {
    // Several selections, with different households and capacity: the trade-off exists.
    expect(selections.length).toBeGreaterThan(5);
    expect(new Set(selections.map((selection) => selection.households)).size).toBeGreaterThan(2);
  });

  it('has end points equal to the single-objective optima', () => {
    const mostCapacity = Math.max(...selections.map((selection) => selection.capacityMlPerDay));
    const mostHouseholds = Math.max(...selections.map((selection) => selection.households));
    expectClose(outcome.frontier.growthOnly.capacityAddedMlPerDay, mostCapacity, SOLVER);
    expectClose(outcome.frontier.householdsOnly.householdsServed, mostHouseholds, SOLVER);
    const points = outcome.frontier.points;
    expectClose(points[0].capacityAddedMlPerDay, mostCapacity, SOLVER);
    expectClose(points[0].householdsLevel, outcome.frontier.growthOnly.householdsServed ?? Number.NaN, ARITHMETIC);
    expectClose(points[points.length - 1].householdsServed, mostHouseholds, SOLVER);
    // The households-only end: the most capacity among the selections serving the most households.
    const atMostHouseholds = selections.filter((selection) => selection.households === mostHouseholds);
    expectClose(points[points.length - 1].capacityAddedMlPerDay, Math.max(...atMostHouseholds.map((selection) => selection.capacityMlPerDay)), SOLVER);
  });

  it('gives at every level the brute-force most capacity among selections serving at least that many households', () => {
    for (const point of outcome.frontier.points) {
      expect(point.status).toBe('optimal');
      const eligible = selections.filter((selection) => selection.households >= point.householdsLevel - 1e-9);
      expectClose(point.capacityAddedMlPerDay, Math.max(...eligible.map((selection) => selection.capacityMlPerDay)), SOLVER, `level ${point.householdsLevel}`);
    }
  });

  it('never gains capacity as the households level rises, and the levels rise evenly between the end points', () => {
    const points = outcome.frontier.points;
    expect(points).toHaveLength(5);
    expect(outcome.frontier.warnings).toEqual([]);
    for (let index = 1; index < points.length; index += 1) {
      expect(points[index].householdsLevel).toBeGreaterThan(points[index - 1].householdsLevel);
      expectAtMost(points[index].capacityAddedMlPerDay, points[index - 1].capacityAddedMlPerDay ?? Number.NaN, SOLVER);
    }
    // The current plan cannot beat the frontier: at its households, no more capacity than the frontier's best at that level.
    const current = outcome.frontier.currentPlan;
    const atCurrent = selections.filter((selection) => selection.households >= (current.householdsServed ?? Infinity));
    expectAtMost(current.capacityAddedMlPerDay, Math.max(...atCurrent.map((selection) => selection.capacityMlPerDay)), SOLVER);
  });

  it('serves each level in plans the independent checker passes, and the checker catches a plan below its level', async () => {
    for (const point of outcome.frontier.points) {
      const dataset = frontierPointDataset(model, point.householdsLevel);
      const { plan } = await planRun(datasetRun(dataset), { relativeGap: 0, marginalValues: false, formulation: 'portfolio' });
      expect(checkPlan(plan, dataset).violations).toEqual([]);
      expectAtLeast(tradeOffFigures(plan, model).householdsServed, point.householdsLevel, SOLVER);
    }
    // The growth-only plan held against the households-only level: the checker's own check fails it.
    const growthOnly = await planRun(datasetRun(withFrontierPolicy(model, OBJECTIVE_MEASURES.capacityAddedMlPerDay)), { relativeGap: 0, marginalValues: false, formulation: 'portfolio' });
    const highest = outcome.frontier.points[outcome.frontier.points.length - 1].householdsLevel;
    expect(outcome.frontier.growthOnly.householdsServed).toBeLessThan(highest);
    const violations = checkPlan(growthOnly.plan, frontierPointDataset(model, highest)).violations;
    expect(violations.some((violation) => violation.includes(`below the minimum of ${highest}`))).toBe(true);
  });

  it('writes a Frontier sheet that reads back with the figures, live formulas and the current plan marked, printed A4 landscape', async () => {
    expect(outcome.folder).not.toBeNull();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(outcome.folder!, FRONTIER_WORKBOOK));
    const sheet = workbook.getWorksheet(HOUSEHOLDS_GROWTH_SHEET)!;
    expect(sheet.pageSetup.orientation).toBe('landscape');
    expect(sheet.pageSetup.paperSize).toBe(9);
    expect(sheet.pageSetup.printTitlesRow).toMatch(/^1:\d+$/);
    const headerRow = Number(/^1:(\d+)$/.exec(sheet.pageSetup.printTitlesRow ?? '')![1]);
    expect(sheet.getRow(headerRow).getCell(7).value).toBe('Capacity added for growth (Ml/day)');
    const points = outcome.frontier.points;
    points.forEach((point, index) => {
      const row = sheet.getRow(headerRow + 1 + index);
      expect(row.getCell(2).value).toBe(point.householdsLevel);
      expect(row.getCell(3).value).toBe('optimal');
      expect(row.getCell(5).value).toBe(point.householdsServed);
      expect(row.getCell(7).value).toBe(point.capacityAddedMlPerDay);
      const above = row.getCell(6).value as ExcelJS.CellFormulaValue;
      expect(above.formula).toBe(`E${headerRow + 1 + index}-B${headerRow + 1 + index}`);
      // exceljs writes no cached value for a result of 0 and reads none back (tests/report/one-plan-sheet.test.ts).
      expectClose(above.result ?? 0, (point.householdsServed ?? 0) - point.householdsLevel, ARITHMETIC);
      const givenUp = row.getCell(8).value as ExcelJS.CellFormulaValue;
      expect(givenUp.formula).toBe(`G${headerRow + 1}-G${headerRow + 1 + index}`);
      expectClose(givenUp.result ?? 0, (points[0].capacityAddedMlPerDay ?? 0) - (point.capacityAddedMlPerDay ?? 0), ARITHMETIC);
    });
    const currentRow = sheet.getRow(headerRow + 1 + points.length);
    expect(currentRow.getCell(1).value).toBe(CURRENT_PLAN_LABEL);
    expect(currentRow.getCell(1).font?.bold).toBe(true);
    expect(currentRow.getCell(5).value).toBe(outcome.frontier.currentPlan.householdsServed);
    expect(workbook.worksheets.map((worksheet) => worksheet.name)).toContain('Charts');
  });
});

describe('frontier pieces', () => {
  it('takes point 1 from the growth-only plan (the most capacity at its own households) instead of solving it again', async () => {
    const labels: string[] = [];
    const three = await runFrontier({ modelPath: TINY_MODEL, commandLine: { relativeGap: 0 }, points: 3 }, { workers: 1, skipFiles: true, onJobDone: (event) => labels.push(event.label) });
    expect(labels.sort()).toEqual(['current plan', 'growth only', 'households only', ...three.frontier.points.slice(1).map((point) => `households ≥ ${Math.round(point.householdsLevel)}`)].sort());
    expect(three.frontier.points[0].householdsLevel).toBe(three.frontier.growthOnly.householdsServed);
    const { householdsLevel: _level, ...first } = three.frontier.points[0];
    expect(first).toEqual(three.frontier.growthOnly);
  });

  it('spaces levels evenly between the ends, rounding inner levels up to whole households', () => {
    expect(frontierLevels(3000, 5000, 5)).toEqual([3000, 3500, 4000, 4500, 5000]);
    expect(frontierLevels(3000, 3010, 4)).toEqual([3000, 3004, 3007, 3010]);
    expect(frontierLevels(4000, 4000, 3)).toEqual([4000, 4000, 4000]);
  });

  it('says a point without a plan has none instead of writing zeros', () => {
    const infeasible = tradeOffFigures(handMadePlan({ status: 'infeasible' }), { projects: [] } as unknown as Dataset);
    expect(infeasible.householdsServed).toBeNull();
    expect(infeasible.capacityAddedMlPerDay).toBeNull();
    const solved = { status: 'optimal' as const, gap: 0, householdsServed: 10, capacityAddedMlPerDay: 2, benefit: 5, spendingRand: 1_000_000, projectsFunded: 1 };
    const workbook = buildFrontierWorkbook(
      { points: [{ householdsLevel: 10, ...solved }, { householdsLevel: 20, ...infeasible }], growthOnly: solved, householdsOnly: solved, currentPlan: solved, warnings: ['households level 20: status infeasible, no plan at this level'] },
      'Test frontier',
      [],
    );
    const sheet = workbook.getWorksheet(HOUSEHOLDS_GROWTH_SHEET)!;
    const values = sheet.getSheetValues().flat().filter((value) => value === NO_PLAN_TEXT);
    expect(values).toHaveLength(7);
  });

  it('refuses --points outside 2 to 15, naming the option', async () => {
    await expect(frontierFromArguments({ model: TINY_MODEL, points: 16, workers: 1 } as never)).rejects.toThrow(/--points.*whole number from 2 to 15/);
    await expect(frontierFromArguments({ model: TINY_MODEL, points: 1, workers: 1 } as never)).rejects.toThrow(/--points/);
  });
});
