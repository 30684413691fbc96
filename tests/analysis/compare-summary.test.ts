/**
 * What a treasury analyst reads first in `compare`: one scenario is compared with the baseline
 * (the model as given); the summary counts, rand and reasons are those of the project list; a
 * policy reason names its rule and parameter; each plan's status has its proven gap; and two plans
 * whose benefit differs by less than their margins are flagged as possibly solver noise.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMPARISON_SHEETS } from '../../src/analysis/reports/comparison-workbook.js';
import { buildComparisonWorkbook } from '../../src/analysis/reports/comparison-workbook.js';
import { COMPARISON_WORKBOOK, runCompare, type CompareResult } from '../../src/analysis/run-compare.js';
import { compareScenarios } from '../../src/analysis/comparison.js';
import { formatComparison } from '../../src/cli/compare.js';
import { handMadePlan, plannedProject, temporaryFolder, TINY_MODEL, writeScenarios } from './helpers.js';
import { makeSampleDataset } from '../scenario/sample-dataset.js';
import { numberIn } from '../report/money-cell-helpers.js';
import { loadModel } from '../../src/dataset/load-model.js';
import { PORTFOLIO_ROW_RULES } from '../../src/rules/registry.js';

/** Every row of a sheet as cell texts (a formula as its cached result). */
function rowsOf(sheet: ExcelJS.Worksheet): { rowNumber: number; cells: ExcelJS.Cell[]; texts: string[] }[] {
  const rows: { rowNumber: number; cells: ExcelJS.Cell[]; texts: string[] }[] = [];
  sheet.eachRow((row, rowNumber) => {
    const cells = Array.from({ length: sheet.columnCount }, (_, index) => row.getCell(index + 1));
    rows.push({ rowNumber, cells, texts: cells.map((cell) => (numberIn(cell) !== null ? String(numberIn(cell)) : cell.text)) });
  });
  return rows;
}

describe('compare with one scenario', () => {
  let result: CompareResult;
  let workbook: ExcelJS.Workbook;

  beforeAll(async () => {
    // A cut budget and a higher sanitation share: projects the baseline funds are deferred, some by the share rule.
    const scenarios = await writeScenarios({ squeeze: 'name: squeeze\nbudget_scale: 0.6\npolicy:\n  min_service_share:\n    sanitation: 0.5\n' });
    result = await runCompare({ modelPath: TINY_MODEL, scenarioPaths: [scenarios.squeeze] }, { workers: 1, outDir: await temporaryFolder() });
    workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(result.folder!, COMPARISON_WORKBOOK));
  });

  it('solves the baseline beside it, first, and says so', () => {
    const { comparison } = result;
    expect(comparison.baselineAdded).toBe(true);
    expect(comparison.scenarios.map((figures) => figures.scenarioName)).toEqual(['baseline', 'squeeze']);
    // The baseline is the model as given: no overrides; the scenario's are its own.
    expect(comparison.overridesByScenario[0]).toEqual([]);
    expect(comparison.overridesByScenario[1].length).toBeGreaterThan(0);
    const text = formatComparison(result);
    expect(text.split('\n')[0]).toBe('squeeze compared with the baseline (the model as given), as only one scenario was given.');
    expect(String(workbook.getWorksheet(COMPARISON_SHEETS.summary)!.getCell('A2').text)).toContain('squeeze compared with the baseline (the model as given)');
    expect(workbook.worksheets[0].name).toBe(COMPARISON_SHEETS.summary);
  });

  it('counts, in rand and by service, exactly the projects of the project list', () => {
    const { comparison } = result;
    const [summary] = comparison.summaries;
    expect(comparison.summaries).toHaveLength(1);
    const deferred = comparison.differences.filter((row) => row.outcomes[0].funded && !row.outcomes[1].funded);
    const funded = comparison.differences.filter((row) => !row.outcomes[0].funded && row.outcomes[1].funded);
    const moved = comparison.differences.filter((row) => row.outcomes[0].funded && row.outcomes[1].funded);
    expect(deferred.length).toBeGreaterThan(0);
    expect(summary.newlyDeferred.projectIds).toEqual(deferred.map((row) => row.projectId));
    expect(summary.newlyFunded.projectIds).toEqual(funded.map((row) => row.projectId));
    expect(summary.startMoved.projectIds).toEqual(moved.map((row) => row.projectId));
    expect(summary.newlyDeferred.capexRand).toBeCloseTo(deferred.reduce((sum, row) => sum + row.capexRand, 0), 2);
    for (const service of comparison.services) expect(summary.newlyDeferred.projectsByService[service.id]).toBe(deferred.filter((row) => row.service === service.id).length);
    // The reasons add up to the newly deferred, each project counted once under the reason its plan gives.
    expect(summary.newlyDeferred.byReason.flatMap((group) => group.projectIds).sort()).toEqual(deferred.map((row) => row.projectId).sort());
    for (const group of summary.newlyDeferred.byReason) for (const id of group.projectIds) expect(deferred.find((row) => row.projectId === id)!.outcomes[1].deferralReason).toBe(group.reason);
    expect(summary.sentence).toMatch(new RegExp(`^squeeze defers ${deferred.length} projects? the baseline funds \\(R[\\d,.]+ million; water \\d+`));
    expect(formatComparison(result)).toContain(summary.sentence);

    // The Summary sheet read back: the same counts as the Project differences rows.
    const differenceRows = rowsOf(workbook.getWorksheet(COMPARISON_SHEETS.differences)!).filter((row) => comparison.differences.some((difference) => difference.projectId === row.texts[0]));
    const listedDeferred = differenceRows.filter((row) => row.texts[4].startsWith('funded') && row.texts[6].startsWith('not funded'));
    const summaryRows = rowsOf(workbook.getWorksheet(COMPARISON_SHEETS.summary)!);
    const deferredRow = summaryRows.find((row) => row.texts[0] === 'Deferred in squeeze, funded in the baseline')!;
    expect(Number(deferredRow.texts[1])).toBe(listedDeferred.length);
    // Projects is a live SUM of the service counts beside it.
    expect(deferredRow.cells[1].formula).toMatch(/^SUM\(D\d+:E\d+\)$/);
    expect(Number(deferredRow.texts[3]) + Number(deferredRow.texts[4])).toBe(listedDeferred.length);
    expect(numberIn(deferredRow.cells[2])).toBeCloseTo(listedDeferred.reduce((sum, row) => sum + numberIn(row.cells[3])!, 0), 2);
    const reasonTotal = summaryRows.find((row) => row.rowNumber > deferredRow.rowNumber && row.texts[0] === 'Total')!;
    expect(reasonTotal.cells[1].formula).toMatch(/^SUM\(B\d+:B\d+\)$/);
    expect(Number(reasonTotal.texts[1])).toBe(listedDeferred.length);
    expect(summaryRows.some((row) => row.texts[0] === summary.sentence)).toBe(true);
  });

  it('names the policy rule that keeps a project out, with its parameter, as the plan\'s own sentence says', async () => {
    const policyOutcomes = result.comparison.differences.flatMap((row) => row.outcomes.filter((outcome) => outcome.deferralReason === 'policy').map((outcome) => ({ row, outcome })));
    expect(policyOutcomes.length).toBeGreaterThan(0);
    const dataset = await loadModel(TINY_MODEL);
    for (const { row, outcome } of policyOutcomes) {
      expect(outcome.policyRule, row.projectId).not.toBeNull();
      expect(outcome.policyRule!.keyPath).toBe('min_service_share.sanitation');
      expect(outcome.policyRule!.value).toBe(0.5);
      expect(outcome.policyRule!.words).toBe('the minimum sanitation share of 50%');
      // The rule named is the one whose own sentence the plan gives.
      const rule = PORTFOLIO_ROW_RULES.find((candidate) => candidate.key === outcome.policyRule!.ruleKey)!;
      expect(rule.words(dataset.config.services.find((service) => service.id === 'sanitation'))).toBe('the minimum sanitation share');
      expect(outcome.deferralDetail).toContain('below the minimum of 50%');
    }
    const { row } = policyOutcomes[0];
    const listed = rowsOf(workbook.getWorksheet(COMPARISON_SHEETS.differences)!).find((sheetRow) => sheetRow.texts[0] === row.projectId)!;
    expect(listed.texts).toContain('not funded: the minimum sanitation share of 50%');
    expect(formatComparison(result)).toContain(`${row.projectId}: baseline funded`);
    expect(formatComparison(result)).toMatch(/because of the minimum sanitation share of 50%/);
    const summaryTexts = rowsOf(workbook.getWorksheet(COMPARISON_SHEETS.summary)!).map((sheetRow) => sheetRow.texts[0]);
    expect(summaryTexts).toContain('The minimum sanitation share of 50%');
  });

  it('shows each plan\'s status in words with its proven gap, in the console and the Key figures', () => {
    const text = formatComparison(result);
    expect(text).toMatch(/scenario\s+status\s+proven gap\s+benefit/);
    expect(text).toMatch(/baseline\s+proven the best possible\s+0%/);
    const keyFigures = rowsOf(workbook.getWorksheet(COMPARISON_SHEETS.keyFigures)!);
    expect(keyFigures.find((row) => row.texts[0] === 'Status')!.texts.slice(2, 4)).toEqual(['proven the best possible', 'proven the best possible']);
    expect(keyFigures.find((row) => row.texts[0].startsWith('Proven gap'))!.texts.slice(2, 4)).toEqual(['0', '0']);
    expect(keyFigures.some((row) => row.texts[0] === 'Relative MIP gap' || row.texts[0] === 'Solve status')).toBe(false);
  });
});

describe('compare with the baseline alone', () => {
  it('adds nothing: a scenario that changes nothing is the baseline', async () => {
    const scenarios = await writeScenarios({ same: 'name: same\n' });
    const result = await runCompare({ modelPath: TINY_MODEL, scenarioPaths: [scenarios.same] }, { workers: 1, skipFiles: true });
    expect(result.comparison.baselineAdded).toBe(false);
    expect(result.comparison.scenarios.map((figures) => figures.scenarioName)).toEqual(['same']);
    expect(formatComparison(result)).toContain('Only same was given, and it is the model as given (the baseline)');
  });
});

describe('benefit differences within the plans\' proven gaps', () => {
  /** A plan stopped at a 1% gap: benefit `points`, bound 1% above. */
  const atGap = (scenarioName: string, points: number, funded: boolean) =>
    handMadePlan({
      scenarioName,
      status: 'optimal',
      gap: 0.01,
      objectiveBenefitPoints: points,
      bestBoundBenefitPoints: points * 1.01,
      benefit: { total: points, needLed: points / 2, growthLed: points / 2 },
      projects: [plannedProject({ id: 'P-1', funded, startYear: funded ? 2026 : null, deferralReason: funded ? null : 'budget', deferralDetail: funded ? null : 'no money' })],
    });

  it('warns when two plans differ by less than their margins together, and not when they differ by more', async () => {
    // 10,000 and 10,150 points, each proven within 1% (100 and 101.5 points): 150 < 201.5.
    const close = compareScenarios([atGap('first', 10_000, true), atGap('second', 10_150, false)], [makeSampleDataset(), makeSampleDataset()]);
    expect(close.noiseWarnings).toHaveLength(1);
    expect(close.noiseWarnings[0].differencePoints).toBeCloseTo(150, 6);
    expect(close.noiseWarnings[0].marginPoints).toBeCloseTo(201.5, 6);
    const text = formatComparison({ comparison: close, plans: [], folder: null });
    expect(text).toContain('warning: first and second differ in benefit by 150 points, less than the 202 points their plans are proven within together (first 1.00%, second 1.00%): the difference may be solver noise, not policy');
    expect(text).toMatch(/first\s+proven within 1\.00% of the best possible\s+1\.00%/);
    // The Summary sheet carries the warning and each plan's gap.
    const read = new ExcelJS.Workbook();
    await read.xlsx.load(await buildComparisonWorkbook(close, []).xlsx.writeBuffer());
    const summary = rowsOf(read.getWorksheet(COMPARISON_SHEETS.summary)!);
    expect(summary.some((row) => row.texts[0].startsWith('Warning: first and second differ in benefit by 150 points'))).toBe(true);
    expect(summary.find((row) => row.texts[0] === 'first')!.texts.slice(1, 4)).toEqual(['1.00%', '10000', 'proven within 1.00% of the best possible']);

    // 10,000 and 10,300: 300 > 201.5+, a difference the gaps cannot explain.
    const apart = compareScenarios([atGap('first', 10_000, true), atGap('second', 10_300, false)], [makeSampleDataset(), makeSampleDataset()]);
    expect(apart.noiseWarnings).toEqual([]);
    expect(formatComparison({ comparison: apart, plans: [], folder: null })).not.toContain('solver noise');
    // Plans proven the best have no margin: any difference is the scenario's.
    const proven = compareScenarios(
      [handMadePlan({ scenarioName: 'a', objectiveBenefitPoints: 100, bestBoundBenefitPoints: 100 }), handMadePlan({ scenarioName: 'b', objectiveBenefitPoints: 100.5, bestBoundBenefitPoints: 100.5 })],
      [makeSampleDataset(), makeSampleDataset()],
    );
    expect(proven.noiseWarnings).toEqual([]);
  });
});
