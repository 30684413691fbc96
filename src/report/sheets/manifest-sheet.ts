/**
 * Run manifest sheet: manifest.json in rows, so a printed workbook still says what produced it.
 */
import type ExcelJS from 'exceljs';
import { applyPrintSetup, cellAddress, plainText } from '../format.js';
import { SHEET_NAMES, type ReportContext } from './report-context.js';

/** Add the Run manifest sheet. */
export function addManifestSheet(workbook: ExcelJS.Workbook, context: ReportContext): void {
  const { manifest } = context;
  const sheet = workbook.addWorksheet(SHEET_NAMES.manifest);
  sheet.getColumn(1).width = 26;
  sheet.getColumn(2).width = 70;
  sheet.getColumn(3).width = 68;
  sheet.getCell('A1').value = 'Run manifest';
  sheet.getCell('A1').font = { name: 'Calibri', bold: true, size: 14 };
  const rows: [string, string | number][] = [
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
    ['Objective', manifest.objective ?? ''],
    ['Best bound', manifest.bound ?? ''],
    ['Relative gap', manifest.gap ?? ''],
    ['Solver seconds', manifest.seconds],
  ];
  let rowNumber = 3;
  for (const [label, value] of rows) {
    sheet.getCell(cellAddress(rowNumber, 1)).value = label;
    sheet.getCell(cellAddress(rowNumber, 1)).font = { name: 'Calibri', bold: true };
    sheet.getCell(cellAddress(rowNumber, 2)).value = value;
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
