/**
 * Run manifest sheet: manifest.json in rows, so a printed workbook still says what produced it.
 */
import type ExcelJS from 'exceljs';
import { applyPrintSetup, cellAddress, plainText } from '../format.js';
import { SHEET_NAMES, type ReportContext } from './report-context.js';

/** The objective and bound in the Run manifest: benefit points with thousands separators and one decimal (the cell keeps the exact value). */
const MANIFEST_OBJECTIVE_FORMAT = '#,##0.0';
/** The relative gap in the Run manifest, as a percentage: 0.000657 shows as 0.066% (the cell keeps the exact fraction). */
const MANIFEST_GAP_FORMAT = '0.000%';
/** Solver seconds in the Run manifest, with one decimal (the cell keeps the exact seconds). */
const MANIFEST_SECONDS_FORMAT = '#,##0.0';

/** Add the Run manifest sheet. */
export function addManifestSheet(workbook: ExcelJS.Workbook, context: ReportContext): void {
  const { manifest } = context;
  const sheet = workbook.addWorksheet(SHEET_NAMES.manifest);
  sheet.getColumn(1).width = 26;
  sheet.getColumn(2).width = 70;
  sheet.getColumn(3).width = 68;
  sheet.getCell('A1').value = 'Run manifest';
  sheet.getCell('A1').font = { name: 'Calibri', bold: true, size: 14 };
  // Figures keep their exact values, as manifest.json has them; the number format makes them readable.
  const rows: [string, string | number, string?][] = [
    ['Tool', `${manifest.tool.name} ${manifest.tool.version}`],
    ['Node.js', manifest.nodeVersion],
    ['Started (UTC)', manifest.startedUtc],
    ['Finished (UTC)', manifest.finishedUtc],
    ['Model', plainText(manifest.model.name)],
    ['Model path', plainText(manifest.model.path ?? '(built in memory)')],
    ['Scenario', plainText(manifest.scenario.name)],
    ['Scenario file', plainText(manifest.scenario.path ?? '(none)')],
    ['Formulation', manifest.formulation],
    ['Solver', manifest.engine],
    ['Status', manifest.status],
    ['Objective', manifest.objective ?? '', MANIFEST_OBJECTIVE_FORMAT],
    ['Best bound', manifest.bound ?? '', MANIFEST_OBJECTIVE_FORMAT],
    ['Relative gap', manifest.gap ?? '', MANIFEST_GAP_FORMAT],
    // Measured by the clock on the wall: on a busy machine longer than the CPU time the solve used.
    ['Solver seconds (wall-clock)', manifest.seconds, MANIFEST_SECONDS_FORMAT],
    // Processor time hardly grows with the load: the figure to compare two runs by.
    ...(manifest.cpuSeconds !== undefined ? [['Solver CPU seconds (processor time)', manifest.cpuSeconds, MANIFEST_SECONDS_FORMAT] as [string, number, string]] : []),
  ];
  let rowNumber = 3;
  for (const [label, value, numberFormat] of rows) {
    sheet.getCell(cellAddress(rowNumber, 1)).value = label;
    sheet.getCell(cellAddress(rowNumber, 1)).font = { name: 'Calibri', bold: true };
    sheet.getCell(cellAddress(rowNumber, 2)).value = value;
    if (numberFormat !== undefined && typeof value === 'number') sheet.getCell(cellAddress(rowNumber, 2)).numFmt = numberFormat;
    sheet.getCell(cellAddress(rowNumber, 2)).alignment = { horizontal: 'left' };
    rowNumber += 1;
  }
  rowNumber += 1;
  sheet.getRow(rowNumber).values = ['Input file', 'Path', 'SHA-256'];
  sheet.getRow(rowNumber).font = { name: 'Calibri', bold: true };
  rowNumber += 1;
  for (const input of manifest.inputs) {
    sheet.getRow(rowNumber).values = ['', plainText(input.path), plainText(input.sha256)];
    rowNumber += 1;
  }
  rowNumber += 1;
  sheet.getCell(cellAddress(rowNumber, 1)).value = 'Overrides applied';
  sheet.getCell(cellAddress(rowNumber, 1)).font = { name: 'Calibri', bold: true };
  const overrides = manifest.scenario.overridesApplied.length > 0 ? manifest.scenario.overridesApplied : ['(none)'];
  for (const override of overrides) {
    sheet.getCell(cellAddress(rowNumber, 2)).value = plainText(override);
    rowNumber += 1;
  }
  applyPrintSetup(sheet);
}
