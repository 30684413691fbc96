/**
 * Return forms: one Excel workbook per municipality (or per department over several
 * municipalities), pre-filled with what the model holds for it. The white cells are for input and
 * carry drop-down lists and number ranges as Excel data validation; every other cell is locked by
 * sheet protection; the first sheet says in plain words what to do; a very hidden stamp records
 * the model and the layout the form was made from, for collect to check the return against.
 *
 * Sheet protection has no password: a password in open-source code protects nothing, and collect
 * compares every locked cell against the stamp anyway, so a return whose fixed cells were changed
 * after unprotecting is refused with the cell named.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { loadExcelJs } from '../dataset/excel-module.js';
import { formatFinancialYear } from '../dataset/financial-year.js';
import { horizonOf } from '../dataset/horizon.js';
import { modelTablesSha256, type CellKind, type ColumnDescription, type ModelTables } from '../dataset/model-tables.js';
import type { ModelConfig } from '../dataset/types.js';
import { configOf, isExactNumberText } from '../dataset/write-model.js';
import { writeFilesAtomic } from '../files/atomic-file.js';
import { prepareOutputFolder } from '../files/output-folder.js';
import {
  HEADER_ROW,
  INSTRUCTIONS_SHEET,
  LISTS_SHEET,
  STAMP_FORMAT,
  TEMPLATE_VERSION,
  columnLetter,
  coveredRowsSha256,
  formScope,
  planFormSheets,
  type FormRequest,
  type FormStamp,
  type PlannedSheet,
} from './form-layout.js';
import { addStampSheet } from './stamp.js';

const LOCKED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
const INPUT_BORDER: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  bottom: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  left: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  right: { style: 'thin', color: { argb: 'FFBFBFBF' } },
};
/**
 * The font named on every cell a form styles: a font with only `bold` set has no name, and
 * LibreOffice then prints it in its serif default, wider than the Calibri the columns were sized
 * for, so headers were cut (review u5, finding 3).
 */
const FORM_FONT = { name: 'Calibri', size: 11 } as const;

/** Printable width of A4 landscape inside the forms' margins (0.7 inch each side), points. */
const A4_LANDSCAPE_PRINTABLE_POINTS = (11.69 - 2 * 0.7) * 72;

/**
 * Smallest print scale a data sheet may take to fit one page wide. The Projects sheet has 27
 * columns: on one page it printed at about a quarter size, 3-point text nobody can read (review u5,
 * finding 2); below this scale it prints over several pages with the id column repeated on each.
 */
const MIN_PRINT_SCALE = 0.55;

/** Width in points of a column `widthChars` wide (Excel: 7 pixels a character plus 5 of padding, at 96 pixels an inch). */
function columnWidthPoints(widthChars: number): number {
  return (widthChars * 7 + 5) * 0.75;
}

/** Pages across that a sheet of these column widths needs to print at MIN_PRINT_SCALE or larger. */
export function pagesWideFor(widthsChars: readonly number[]): number {
  const totalPoints = widthsChars.reduce((sum, width) => sum + columnWidthPoints(width), 0);
  return Math.max(1, Math.ceil((totalPoints * MIN_PRINT_SCALE) / A4_LANDSCAPE_PRINTABLE_POINTS));
}

/** What a protected sheet still lets a person do: select, widen columns and rows. Inserting or deleting rows is not allowed. */
const PROTECTION: Partial<ExcelJS.WorksheetProtection> = { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true };

/** A finished form. */
export interface ReturnForm {
  /** File name, e.g. `WC044-return.xlsx`. */
  readonly fileName: string;
  /** Workbook bytes. */
  readonly bytes: Buffer;
  /** Its stamp. */
  readonly stamp: FormStamp;
}

/** File name of a form: `WC044-return.xlsx`, or `department-<name>-return.xlsx`. */
export function formFileName(request: FormRequest): string {
  if (request.submitterKind === 'municipality') return `${request.submitterId}-return.xlsx`;
  const slug = request.submitterId.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'department';
  // A department's name often starts with the word (`Department of Water and Sanitation`): said once, not `department-department-of-...` (review u5, finding 24).
  return `${/^department(-|$)/.test(slug) ? slug : `department-${slug}`}-return.xlsx`;
}

/** The drop-down lists of a form, each a column of the hidden Lists sheet. */
class DropDownLists {
  private readonly ranges = new Map<string, string>();
  private nextColumn = 1;
  constructor(private readonly sheet: ExcelJS.Worksheet) {}

  /** The range formula of a list, adding it on first use. */
  range(name: string, values: readonly string[]): string {
    // Keyed by the values too: columns of one name may offer different lists (a facility's service is one of the facility services only).
    const key = JSON.stringify([name, values]);
    const existing = this.ranges.get(key);
    if (existing !== undefined) return existing;
    const column = this.nextColumn;
    this.nextColumn += 1;
    this.sheet.getCell(1, column).value = name;
    values.forEach((value, index) => {
      this.sheet.getCell(index + 2, column).value = value;
    });
    const letter = columnLetter(column);
    const formula = `${LISTS_SHEET}!$${letter}$2:$${letter}$${Math.max(2, values.length + 1)}`;
    this.ranges.set(key, formula);
    return formula;
  }
}

/** Shorten text to Excel's limit for a validation prompt or title. */
function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

/** Words for a number cell's limits: `a number > 0`. */
function numberWords(cell: Extract<CellKind, { type: 'number' }>): string {
  const what = cell.integer ? 'a whole number' : 'a number';
  if (cell.minimum === undefined) return what;
  return `${what} ${cell.exclusiveMinimum ? '>' : '>='} ${cell.minimum}`;
}

/** How many financial years back a form offers for a year something opened. */
const PAST_YEARS_OFFERED = 60;

/** The financial years up to the plan's first year, latest first: what a form offers for a year a facility opened. */
function pastYears(config: ModelConfig): number[] {
  return Array.from({ length: PAST_YEARS_OFFERED }, (_, index) => config.baseFinancialYear - index);
}

/** Excel data validation for an input cell of a column, or null when the column has none. */
function validationFor(column: ColumnDescription, model: ModelTables, config: ModelConfig, lists: DropDownLists, table: PlannedSheet, covers: readonly string[]): ExcelJS.DataValidation | null {
  const cell = column.cell;
  const prompt = { showInputMessage: true, promptTitle: clip(column.name, 32), prompt: clip(column.meaning, 250) };
  const list = (name: string, values: readonly string[], errorStyle: 'stop' | 'information'): ExcelJS.DataValidation => ({
    type: 'list',
    allowBlank: true,
    formulae: [lists.range(name, values)],
    showErrorMessage: true,
    errorStyle,
    errorTitle: clip(column.name, 32),
    error: clip(errorStyle === 'stop' ? `Choose one of the listed values for ${column.name}.` : `${column.name}: not one of the values the model uses yet; keep it only if it is a new kind.`, 250),
    ...prompt,
  });
  if (column.name === table.description.municipalityColumn) return list('municipality_code', covers, 'stop');
  switch (cell.type) {
    case 'choice':
      return list(column.name, cell.choices, 'stop');
    case 'flag':
      return list('yes_no', ['yes', 'no'], 'stop');
    case 'financial-year':
      if (cell.pastUpToBase) return list('financial_year_opened', pastYears(config).map(formatFinancialYear), 'stop');
      return list('financial_year', horizonOf(config).years.map(formatFinancialYear), 'stop');
    case 'text': {
      if (!cell.suggestExisting) return prompt.prompt === '' ? null : { type: 'custom', allowBlank: true, formulae: ['TRUE'], ...prompt };
      const values = [...new Set(model.tables[table.description.name].rows.map((row) => row[column.name] ?? '').filter((value) => value !== ''))].sort();
      return list(column.name, values, 'information');
    }
    case 'number': {
      const whole = cell.integer === true;
      const base = { type: whole ? ('whole' as const) : ('decimal' as const), allowBlank: true, showErrorMessage: true, errorStyle: 'stop', errorTitle: clip(column.name, 32), error: clip(`Expected ${numberWords(cell)}, in plain digits.`, 250), ...prompt };
      if (cell.minimum === undefined) return { ...base, operator: 'between', formulae: [-1e15, 1e15] };
      return { ...base, operator: cell.exclusiveMinimum ? 'greaterThan' : 'greaterThanOrEqual', formulae: [cell.minimum] };
    }
    case 'id-list': {
      const references = cell.references;
      const known = references === undefined ? [] : [...new Set(model.tables[references.table].rows.map((row) => row[references.column] ?? ''))].filter((value) => value !== '');
      const listed = known.length > 0 && known.length <= 12 ? ` One or more of: ${known.join(', ')}.` : '';
      return { type: 'custom', allowBlank: true, formulae: ['TRUE'], ...prompt, prompt: clip(`${column.meaning}.${listed}`, 250) };
    }
    case 'number-list':
      return { type: 'custom', allowBlank: true, formulae: ['TRUE'], ...prompt };
  }
}

/** Number format of a column: thousands separators for rand and households, text for everything that is not a number. */
function numberFormat(column: ColumnDescription): string {
  if (column.cell.type !== 'number') return '@';
  return /_rand$|households|population|people/.test(column.name) ? '#,##0' : 'General';
}

/** Write one data sheet. */
async function addDataSheet(workbook: ExcelJS.Workbook, planned: PlannedSheet, model: ModelTables, config: ModelConfig, lists: DropDownLists, covers: readonly string[]): Promise<void> {
  const { layout } = planned;
  const columns = planned.description.columns(config);
  const byName = new Map(columns.map((column) => [column.name, column]));
  const sheet = workbook.addWorksheet(layout.sheetName, {
    views: [{ state: 'frozen', ySplit: HEADER_ROW }],
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9, printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}` },
  });
  const widths = layout.columns.map((name, index) => {
    const column = byName.get(name)!;
    const header = sheet.getCell(HEADER_ROW, index + 1);
    header.value = name;
    header.font = { ...FORM_FONT, bold: true };
    header.fill = HEADER_FILL;
    header.note = `${column.meaning}${column.required ? ' (required)' : ''}`;
    // A bold header is about a tenth wider than the same characters in the rows.
    const longest = Math.max(Math.ceil(name.length * 1.1), ...planned.rows.map((row) => (row[name] ?? '').length));
    const width = Math.min(50, Math.max(10, longest + 2));
    sheet.getColumn(index + 1).width = width;
    return width;
  });
  const pagesWide = pagesWideFor(widths);
  sheet.pageSetup.fitToWidth = pagesWide;
  // Over several pages, each page repeats the key column so that a printed row can be told.
  if (pagesWide > 1) sheet.pageSetup.printTitlesColumn = 'A:A';
  planned.rows.forEach((row, index) => {
    const rowNumber = layout.firstRow + index;
    const locked = planned.lockedColumns[index];
    layout.columns.forEach((name, columnIndex) => {
      const column = byName.get(name)!;
      const cell = sheet.getCell(rowNumber, columnIndex + 1);
      const text = row[name] ?? '';
      cell.value = text === '' ? null : column.cell.type === 'number' && isExactNumberText(text) ? Number(text) : text;
      cell.numFmt = numberFormat(column);
      if (locked.has(name)) {
        cell.fill = LOCKED_FILL;
        cell.protection = { locked: true };
        return;
      }
      cell.protection = { locked: false };
      cell.border = INPUT_BORDER;
      const validation = validationFor(column, model, config, lists, planned, covers);
      if (validation !== null) cell.dataValidation = validation;
    });
  });
  await sheet.protect('', PROTECTION);
}

/** Write the instructions sheet in plain words. */
async function addInstructionsSheet(workbook: ExcelJS.Workbook, stamp: FormStamp, planned: readonly PlannedSheet[], config: ModelConfig, municipalityNames: ReadonlyMap<string, string>): Promise<void> {
  const sheet = workbook.addWorksheet(INSTRUCTIONS_SHEET, { pageSetup: { orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 } });
  sheet.getColumn(1).width = 30;
  sheet.getColumn(2).width = 11;
  sheet.getColumn(3).width = 95;
  const named = (code: string): string => `${municipalityNames.get(code) ?? code} (${code})`;
  const who = stamp.submitterKind === 'municipality' ? named(stamp.submitterId) : `${stamp.submitterId}, for ${stamp.covers.map(named).join(', ')}`;
  let rowNumber = 1;
  const line = (label: string, text = '', options: { bold?: boolean; size?: number; required?: string } = {}): void => {
    const row = sheet.getRow(rowNumber);
    row.getCell(1).value = label;
    if (options.required !== undefined) row.getCell(2).value = options.required;
    row.getCell(3).value = text;
    row.getCell(3).alignment = { wrapText: true, vertical: 'top' };
    row.getCell(2).alignment = { vertical: 'top' };
    // The title runs across the empty cells beside it; any other label wraps in its column.
    row.getCell(1).alignment = { vertical: 'top', wrapText: text !== '' };
    const size = options.size ?? FORM_FONT.size;
    row.font = { ...FORM_FONT, size, bold: options.bold === true };
    // Excel does not grow a row for wrapped text written by a program; size it for print.
    const lineHeight = Math.max(15, size * 1.35);
    row.height = Math.max(lineHeight, 15 * Math.ceil(Math.max(text.length / 95, text === '' ? 0 : label.length / 30)));
    rowNumber += 1;
  };
  line(`Return form: ${who}`, '', { bold: true, size: 14 });
  line('Plan', config.title);
  line('Made', `${stamp.madeAt.slice(0, 10)} from the model ${stamp.modelName} (content ${stamp.modelSha256.slice(0, 12)}); form version ${stamp.templateVersion}.`);
  if (config.illustrativeNote !== '') line('Note', config.illustrativeNote);
  rowNumber += 1;
  line('What to do', '', { bold: true });
  const sheetNames = planned.map((sheet) => sheet.layout.sheetName).join(' and ');
  const steps = [
    `The sheets ${sheetNames} hold what the provincial plan knows today. Check every row, correct what is wrong, add what is missing, and send this file back.`,
    'Type only in the white cells. Grey cells are fixed; when the form is collected every grey cell is checked, and a form with a changed grey cell is sent back.',
    'Select a cell to see what it expects. Cells with a list offer the allowed values; numbers are checked as you type.',
    'Write amounts in rand as plain digits: 60000000, not R60m or 60 000 000. Financial years are written 2026/27.',
    'To add a project, use an empty white row on the Projects sheet and give it a new id, such as the municipality code, W or S, and a number (WC044-W-04).',
    'To take a project out of the plan, clear all its white cells (select them and press Delete). Its id stays in the grey cell for the record.',
    ...(planned.some((sheet) => sheet.layout.table === 'assets' || sheet.layout.table === 'facilities')
      ? [
          `The sheets ${planned.filter((sheet) => sheet.layout.table === 'assets' || sheet.layout.table === 'facilities').map((sheet) => sheet.layout.sheetName).join(' and ')} work the same way: correct a capacity or a figure in place, add a new one in an empty white row with a new id, and take one out by clearing its white cells.`,
        ]
      : []),
    'Set illustrative to no in every row that now holds your own figures.',
    ...(stamp.submitterKind === 'department'
      ? [`This form holds ${stamp.submitterId}'s own projects. For a new project choose provincial or national in owner_sphere; owner_name stays ${stamp.submitterId}. The municipalities' own projects come in their own returns.`]
      : ["This form holds the municipality's own projects (owner_sphere municipal). Projects of provincial and national departments come in the departments' returns."]),
    'Do not add, delete, rename or move sheets, rows or columns, and keep the file as .xlsx.',
  ];
  steps.forEach((step, index) => line(`Step ${index + 1}`, step));
  for (const { layout, description } of planned) {
    rowNumber += 1;
    line(`Sheet ${layout.sheetName}`, description.returnForm?.purpose ?? '', { bold: true });
    line('column', 'what to write', { bold: true, required: 'required' });
    for (const column of description.columns(config)) line(column.name, column.meaning, { required: column.required ? 'yes' : 'no' });
  }
  await sheet.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true });
}

/** Build one return form for a request from a model held as text. */
export async function buildReturnForm(model: ModelTables, request: FormRequest, madeAt: Date): Promise<ReturnForm> {
  const config = configOf(model);
  const municipalityNames = new Map(model.tables.municipalities.rows.map((row) => [row.municipality_code ?? '', row.municipality_name ?? '']));
  const unknown = request.covers.filter((code) => !municipalityNames.has(code));
  if (unknown.length > 0) throw new Error(`unknown municipality ${unknown.join(', ')}`);
  const planned = planFormSheets(model, request);
  const stamp: FormStamp = {
    format: STAMP_FORMAT,
    templateVersion: TEMPLATE_VERSION,
    modelName: config.name,
    modelSha256: modelTablesSha256(model),
    coveredRowsSha256: coveredRowsSha256(model, formScope(request), planned.map((sheet) => sheet.layout.table)),
    madeAt: madeAt.toISOString(),
    submitterKind: request.submitterKind,
    submitterId: request.submitterId,
    covers: request.covers,
    sheets: planned.map((sheet) => sheet.layout),
  };
  const workbook = new (loadExcelJs().Workbook)();
  workbook.creator = 'infraplan';
  workbook.created = madeAt;
  workbook.modified = madeAt;
  await addInstructionsSheet(workbook, stamp, planned, config, municipalityNames);
  const listsSheet = workbook.addWorksheet(LISTS_SHEET, { state: 'veryHidden' });
  const lists = new DropDownLists(listsSheet);
  for (const sheet of planned) await addDataSheet(workbook, sheet, model, config, lists, request.covers);
  addStampSheet(workbook, stamp);
  // Open on the instructions.
  workbook.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: 'visible' }];
  return { fileName: formFileName(request), bytes: Buffer.from(await workbook.xlsx.writeBuffer()), stamp };
}

/** Thrown when a form file exists and replacing was not asked for. Nothing is written. */
export class FormExistsError extends Error {
  constructor(readonly filePath: string) {
    super(`${filePath} already exists; pass --force to replace it`);
    this.name = 'FormExistsError';
  }
}

/**
 * Write forms into a folder (created when missing). Every file is written under a temporary name
 * first and all are renamed only when all are written, so a failure leaves no half-written form.
 */
export async function writeReturnForms(forms: readonly ReturnForm[], outDir: string, options: { readonly replace?: boolean } = {}): Promise<string[]> {
  // Created one level at a time and checked for writing, with the --out words (a recursive mkdir under /proc never returns).
  const folder = await prepareOutputFolder(outDir, { option: '--out' });
  const targets = forms.map((form) => path.join(folder, form.fileName));
  if (!options.replace) {
    for (const target of targets) if ((await stat(target).catch(() => null)) !== null) throw new FormExistsError(target);
  }
  return writeFilesAtomic(folder, forms.map((form) => ({ name: form.fileName, content: form.bytes })));
}
