/**
 * The change report: one workbook per collect run for the official who reviews the returns before
 * they are relied on. Sheet Returns has one line per return (what became of it and why), sheet
 * Changes one line per changed cell, added row or removed row, by municipality, with the row's
 * owner (sphere and department or municipality), sheet Problems every located problem of the
 * returns that were refused, and sheet Warnings what an official should look at before relying on
 * an accepted or pending return: likely duplicates of another owner's project.
 */
import type ExcelJS from 'exceljs';
import { loadExcelJs } from '../dataset/excel-module.js';
import { describeTable, type CellRow, type ModelTables } from '../dataset/model-tables.js';
import type { TableName } from '../dataset/schemas.js';
import { writeFileAtomic } from '../files/atomic-file.js';
import { countChanges, type RowChange } from './changes.js';
import type { CollectedReturn } from './collect-returns.js';
import type { ReturnProblem } from './return-problem.js';

/**
 * The font named on every styled cell: a font with only `bold` set has no name, and LibreOffice
 * prints it in its serif default, wider than the Calibri the columns were sized for.
 */
const REPORT_FONT = { name: 'Calibri', size: 11 } as const;

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };

/** What a change report is made from. */
export interface ChangeReportInput {
  /** The returns of the run, in the order collected. */
  readonly returns: readonly CollectedReturn[];
  /** The model before the run, for municipality names. */
  readonly model: ModelTables;
  /** The database file. */
  readonly databaseFile: string;
  /** When the run happened. */
  readonly collectedAt: Date;
}

/** Words for what became of a return. */
const STATUS_WORDS = { accepted: 'accepted', refused: 'refused', 'pending-decision': 'pending a decision' } as const;

/** A row's cells as `column = value; ...`, leaving out empty ones, for an added or removed row. */
function rowSummary(row: CellRow | null): string {
  if (row === null) return '';
  return Object.entries(row)
    .filter(([, value]) => value !== '')
    .map(([column, value]) => `${column} = ${value}`)
    .join('; ');
}

/** `provincial: Human Settlements` for a row of a table with owners (an empty sphere is municipal), else ''. */
function ownerWords(table: TableName, row: CellRow | null): string {
  const columns = describeTable(table).ownerColumns ?? null;
  if (columns === null || row === null) return '';
  return `${row[columns.sphere] || 'municipal'}: ${row[columns.name] ?? ''}`;
}

/** Where a problem is: `F7 (capex_rand)`, `row 7`, or null for the whole file. */
function cellWords(problem: ReturnProblem): string | null {
  if (problem.cell !== null) return problem.column ? `${problem.cell} (${problem.column})` : problem.cell;
  return problem.row === null ? null : `row ${problem.row}`;
}

/** A sheet with a bold, filtered, frozen header and columns of the given widths, set up to print landscape on A4. */
function addTableSheet(workbook: ExcelJS.Workbook, name: string, columns: readonly { header: string; width: number }[]): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9, printTitlesRow: '1:1' },
  });
  // A bold header is about a tenth wider than its characters: `submission` in 11 wrapped as `submissi/on` (review u5, finding 4).
  sheet.columns = columns.map((column) => ({ header: column.header, width: Math.max(column.width, Math.ceil(column.header.length * 1.1) + 2), style: { alignment: { wrapText: true, vertical: 'top' } } }));
  const header = sheet.getRow(1);
  header.font = { ...REPORT_FONT, bold: true };
  header.eachCell((cell) => {
    cell.fill = HEADER_FILL;
  });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return sheet;
}

/**
 * Give every data row the height its wrapped text needs. Excel and LibreOffice do not grow rows a
 * program wrote, and a long old or new value would otherwise print over the next row.
 */
function fitRowHeights(sheet: ExcelJS.Worksheet, firstRow = 2): void {
  const widths = (sheet.columns ?? []).map((column) => column.width ?? 10);
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber < firstRow) return;
    let lines = 1;
    row.eachCell((cell, columnNumber) => {
      const text = cell.text ?? '';
      const perLine = Math.max(1, Math.floor((widths[columnNumber - 1] ?? 10) * 1.1));
      lines = Math.max(lines, text.split('\n').reduce((sum, part) => sum + Math.max(1, Math.ceil(part.length / perLine)), 0));
    });
    row.height = Math.min(400, 15 * lines);
  });
}

/** The change report workbook's bytes. */
export async function buildChangeReport(input: ChangeReportInput): Promise<Buffer> {
  const workbook = new (loadExcelJs().Workbook)();
  workbook.creator = 'infraplan';
  workbook.created = input.collectedAt;
  const names = new Map(input.model.tables.municipalities.rows.map((row) => [row.municipality_code ?? '', row.municipality_name ?? '']));
  const named = (code: string): string => (names.has(code) ? `${code} ${names.get(code)}` : code);

  const returns = addTableSheet(workbook, 'Returns', [
    { header: 'submission', width: 11 },
    { header: 'file', width: 28 },
    { header: 'from', width: 24 },
    { header: 'covers', width: 24 },
    { header: 'status', width: 18 },
    { header: 'added', width: 8 },
    { header: 'removed', width: 9 },
    { header: 'changed', width: 9 },
    { header: 'why', width: 80 },
  ]);
  for (const collected of input.returns) {
    const { submission } = collected;
    const counts = countChanges(collected.changes);
    const why = [submission.reason, ...collected.notes].filter((text) => text !== '').join('\n');
    returns.addRow([
      submission.id,
      submission.fileName,
      submission.submitterKind === null ? '(not a readable form)' : submission.submitterKind === 'municipality' ? named(submission.submitterId ?? '') : `${submission.submitterId} (department)`,
      submission.covers.map(named).join(', '),
      STATUS_WORDS[submission.status],
      submission.status === 'refused' ? null : counts.added,
      submission.status === 'refused' ? null : counts.removed,
      submission.status === 'refused' ? null : counts.changed,
      submission.status === 'refused' ? `${collected.problems.length} problem${collected.problems.length === 1 ? '' : 's'}; see sheet Problems` : why,
    ]);
  }

  const changes = addTableSheet(workbook, 'Changes', [
    { header: 'municipality', width: 22 },
    { header: 'submission', width: 11 },
    { header: 'status', width: 18 },
    { header: 'table', width: 10 },
    { header: 'row', width: 20 },
    { header: 'owner', width: 24 },
    { header: 'change', width: 9 },
    { header: 'column', width: 26 },
    { header: 'old', width: 40 },
    { header: 'new', width: 40 },
  ]);
  const changeLines = (change: RowChange): (string | null)[][] => {
    const owner = ownerWords(change.table, change.after ?? change.before);
    if (change.kind === 'added') return [[change.table, change.key, owner, 'added', null, null, rowSummary(change.after)]];
    if (change.kind === 'removed') return [[change.table, change.key, owner, 'removed', null, rowSummary(change.before), null]];
    return change.cells.map((cell) => [change.table, change.key, owner, 'changed', cell.column, cell.before, cell.after]);
  };
  for (const collected of input.returns) {
    for (const municipality of collected.changes) {
      for (const change of municipality.changes) {
        for (const line of changeLines(change)) changes.addRow([named(municipality.municipalityCode), collected.submission.id, STATUS_WORDS[collected.submission.status], ...line]);
      }
    }
  }
  if (changes.rowCount === 1) changes.addRow(['No return in this run changes the model.']);

  const problems = addTableSheet(workbook, 'Problems', [
    { header: 'submission', width: 11 },
    { header: 'file', width: 28 },
    { header: 'sheet', width: 12 },
    { header: 'cell', width: 24 },
    { header: 'problem', width: 90 },
  ]);
  for (const collected of input.returns) {
    for (const problem of collected.problems) {
      problems.addRow([collected.submission.id, problem.file, problem.sheet, cellWords(problem), problem.message]);
    }
  }
  if (problems.rowCount === 1) problems.addRow([null, 'No return in this run was refused.']);

  const warnings = addTableSheet(workbook, 'Warnings', [
    { header: 'submission', width: 11 },
    { header: 'file', width: 28 },
    { header: 'sheet', width: 12 },
    { header: 'cell', width: 24 },
    { header: 'warning', width: 90 },
  ]);
  for (const collected of input.returns) {
    for (const warning of collected.warnings) {
      warnings.addRow([collected.submission.id, warning.file, warning.sheet, cellWords(warning), warning.message]);
    }
  }
  if (warnings.rowCount === 1) warnings.addRow([null, 'No likely duplicate of another owner\'s project in this run.']);

  for (const sheet of [returns, changes, problems, warnings]) fitRowHeights(sheet);

  // Printed like the other sheets: without a page setup and row heights the words printed on a
  // second page and over each other (review u5, finding 4).
  const about = workbook.addWorksheet('About', { pageSetup: { orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 } });
  about.getColumn(1).width = 18;
  about.getColumn(2).width = 80;
  const aboutRows: readonly (readonly [string, string])[] = [
    ['Change report', `Returns collected on ${input.collectedAt.toISOString().slice(0, 19).replace('T', ' ')} UTC into ${input.databaseFile}.`],
    ['Accepted', 'The return is valid and was made from the model as it stands: its rows are now the model\'s rows for its municipalities.'],
    ['Pending', 'The return is valid but in conflict (made from an older state of the model, or another return in the run says otherwise). Nothing changed; decide with infraplan collect --accept N or --refuse N.'],
    ['Refused', 'The return breaks a rule or was altered where it must not be. Nothing changed; sheet Problems names each file, sheet and cell.'],
    ['Warnings', 'A returned project is likely the same works as another owner\'s project in the same municipality (same service and type with overlapping build years, or near-identical descriptions). The return stands; check that the works are not counted twice.'],
  ];
  for (const [label, text] of aboutRows) {
    const row = about.addRow([label, text]);
    row.getCell(1).font = { ...REPORT_FONT, bold: true };
    row.getCell(1).alignment = { vertical: 'top' };
    row.getCell(2).font = REPORT_FONT;
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  }
  fitRowHeights(about, 1);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Write the change report to a file through a temporary name beside it; returns its absolute path. */
export async function writeChangeReport(input: ChangeReportInput, filePath: string): Promise<string> {
  return writeFileAtomic(filePath, await buildChangeReport(input), { overwrite: true, createFolder: true });
}
