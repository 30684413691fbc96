/**
 * The Municipal indices sheet read back: an index just under its threshold keeps its exact value
 * in the cell and its label (classified on the exact value), and is shown with enough digits, with
 * a note, that the figure on screen does not read as the threshold itself.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { addMunicipalIndicesSheet } from '../../src/report/sheets/municipal-indices-sheet.js';
import { SHEET_NAMES, type ReportContext } from '../../src/report/sheets/report-context.js';
import type { PortfolioPlan } from '../../src/plan/types.js';
import { fixtureDataset, fixturePlan } from './fixtures.js';
import { rowStartingWith } from './helpers.js';

/** The fixture with WC011's growth index at 0.4961 (shown as 0.50 with two decimals) and WC012's need index at 0.5 exactly. */
async function readBack(): Promise<ExcelJS.Worksheet> {
  const plan = fixturePlan() as PortfolioPlan;
  const municipalities = plan.municipalities.map((summary) =>
    summary.municipalityCode === 'WC011' ? { ...summary, growthIndex: 0.4961666955035189, quadrant: 'low_growth_high_need' as const } : summary.municipalityCode === 'WC012' ? { ...summary, needIndex: 0.5, quadrant: 'high_growth_high_need' as const } : summary,
  );
  const workbook = new ExcelJS.Workbook();
  addMunicipalIndicesSheet(workbook, { plan: { ...plan, municipalities }, dataset: fixtureDataset() } as Pick<ReportContext, 'plan' | 'dataset'> as ReportContext);
  const read = new ExcelJS.Workbook();
  await read.xlsx.load((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
  return read.getWorksheet(SHEET_NAMES.municipalIndices)!;
}

/** What Excel shows for a number in a `#,##0.00`-style format. */
function shown(cell: ExcelJS.Cell): string {
  const digits = /\.(0+)$/.exec(String(cell.numFmt))?.[1]?.length ?? 0;
  return Number(cell.value).toFixed(digits);
}

describe('Municipal indices', () => {
  it('shows an index just under the threshold with enough digits to read as under it, and the label agrees', async () => {
    const sheet = await readBack();
    const wc011 = rowStartingWith(sheet, 'WC011');
    // The exact value stays in the cell; only the display is rounded.
    expect(wc011.getCell(5).value).toBe(0.4961666955035189);
    expect(shown(wc011.getCell(5))).toBe('0.496');
    expect(String(wc011.getCell(6).value)).toBe('Low growth potential, high need');
    // An index at the threshold exactly shows two decimals: 0.50 is high need, as labelled.
    const wc012 = rowStartingWith(sheet, 'WC012');
    expect(shown(wc012.getCell(4))).toBe('0.50');
    expect(String(wc012.getCell(6).value)).toBe('High growth potential, high need');
    // Indices far from the threshold keep two decimals.
    expect(shown(rowStartingWith(sheet, 'WC022').getCell(5))).toBe('1.00');
    const notes: string[] = [];
    sheet.eachRow((row) => notes.push(String(row.getCell(1).value ?? '')));
    expect(notes.join('\n')).toContain('WC011 growth-potential index 0.496 is below 0.5');
    // The note is merged across the table after the widths are fitted: it widens no column.
    expect(sheet.getColumn(1).width).toBeLessThanOrEqual(12);
  });
});
