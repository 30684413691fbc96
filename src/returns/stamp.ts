/**
 * The stamp: a very hidden sheet in every return form (Excel offers no way to show it, only code
 * can) recording what the form was made from and how its sheets are laid out. One fact per row:
 * a name in column A and its value in B (and C, D, E for the rows that need more).
 */
import type ExcelJS from 'exceljs';
import { cellValueToText } from './cell-text.js';
import { TABLE_NAMES, type TableName } from '../dataset/schemas.js';
import { STAMP_FORMAT, STAMP_SHEET, type FormSheetLayout, type FormStamp, type LockedCell } from './form-layout.js';

/** Write the stamp sheet into a workbook (last, very hidden). */
export function addStampSheet(workbook: ExcelJS.Workbook, stamp: FormStamp): void {
  const sheet = workbook.addWorksheet(STAMP_SHEET, { state: 'veryHidden' });
  const rows: (string | number)[][] = [
    ['format', stamp.format],
    ['template_version', stamp.templateVersion],
    ['model_name', stamp.modelName],
    ['model_sha256', stamp.modelSha256],
    ['covered_rows_sha256', stamp.coveredRowsSha256],
    ['made_at', stamp.madeAt],
    ['submitter_kind', stamp.submitterKind],
    ['submitter_id', stamp.submitterId],
    ['covers', stamp.covers.join(';')],
  ];
  for (const layout of stamp.sheets) {
    rows.push(['sheet', JSON.stringify({ sheetName: layout.sheetName, table: layout.table, columns: layout.columns, firstRow: layout.firstRow, lastRow: layout.lastRow })]);
    for (const prefilled of layout.prefilled) rows.push(['prefilled', layout.sheetName, prefilled.row, prefilled.key]);
    for (const locked of layout.lockedCells) rows.push(['locked', layout.sheetName, locked.row, locked.column, locked.value]);
  }
  // Text cells throughout, so a value such as an id of digits reads back exactly as written.
  for (const values of rows) sheet.addRow(values.map((value) => (typeof value === 'number' ? value : String(value))));
}

/** Why a workbook's stamp cannot be used. */
export class StampError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StampError';
  }
}

/** Read and check the stamp of a return; throws StampError saying what is wrong with it. */
export function readStamp(workbook: ExcelJS.Workbook): FormStamp {
  const sheet = workbook.getWorksheet(STAMP_SHEET);
  if (sheet === undefined) throw new StampError('not an infraplan return form: it has no stamp (make the forms with infraplan template and send those)');
  const fields = new Map<string, string>();
  const sheets: { sheetName: string; table: TableName; columns: string[]; firstRow: number; lastRow: number; prefilled: { row: number; key: string }[]; lockedCells: LockedCell[] }[] = [];
  const sheetNamed = (name: string): (typeof sheets)[number] => {
    const found = sheets.find((layout) => layout.sheetName === name);
    if (found === undefined) throw new StampError(`the form's stamp is damaged: it names sheet ${name} before describing it`);
    return found;
  };
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells = (row.values as ExcelJS.CellValue[]).slice(1).map((value) => cellValueToText(value ?? null));
    const [name, ...values] = cells;
    if (name === 'sheet') {
      let parsed: { sheetName?: unknown; table?: unknown; columns?: unknown; firstRow?: unknown; lastRow?: unknown };
      try {
        parsed = JSON.parse(values[0] ?? '') as typeof parsed;
      } catch {
        throw new StampError("the form's stamp is damaged: a sheet description is not readable");
      }
      if (
        typeof parsed.sheetName !== 'string' ||
        !TABLE_NAMES.includes(parsed.table as TableName) ||
        !Array.isArray(parsed.columns) ||
        !parsed.columns.every((column) => typeof column === 'string') ||
        !Number.isInteger(parsed.firstRow) ||
        !Number.isInteger(parsed.lastRow)
      ) {
        throw new StampError("the form's stamp is damaged: a sheet description lacks its name, table, columns or rows");
      }
      sheets.push({ sheetName: parsed.sheetName, table: parsed.table as TableName, columns: parsed.columns as string[], firstRow: parsed.firstRow as number, lastRow: parsed.lastRow as number, prefilled: [], lockedCells: [] });
    } else if (name === 'prefilled') {
      sheetNamed(values[0] ?? '').prefilled.push({ row: Number(values[1]), key: values[2] ?? '' });
    } else if (name === 'locked') {
      sheetNamed(values[0] ?? '').lockedCells.push({ row: Number(values[1]), column: values[2] ?? '', value: values[3] ?? '' });
    } else if (name !== undefined && name !== '') {
      fields.set(name, values[0] ?? '');
    }
  });
  if (fields.get('format') !== STAMP_FORMAT) throw new StampError('not an infraplan return form: its stamp is not one infraplan writes');
  const required = ['template_version', 'model_name', 'model_sha256', 'covered_rows_sha256', 'made_at', 'submitter_kind', 'submitter_id', 'covers'];
  const missing = required.filter((field) => (fields.get(field) ?? '') === '');
  if (missing.length > 0) throw new StampError(`the form's stamp is damaged: it lacks ${missing.join(', ')}`);
  const templateVersion = Number(fields.get('template_version'));
  const submitterKind = fields.get('submitter_kind');
  if (!Number.isInteger(templateVersion)) throw new StampError("the form's stamp is damaged: template_version is not a whole number");
  if (submitterKind !== 'municipality' && submitterKind !== 'department') throw new StampError("the form's stamp is damaged: submitter_kind is neither municipality nor department");
  return {
    format: STAMP_FORMAT,
    templateVersion,
    modelName: fields.get('model_name')!,
    modelSha256: fields.get('model_sha256')!,
    coveredRowsSha256: fields.get('covered_rows_sha256')!,
    madeAt: fields.get('made_at')!,
    submitterKind,
    submitterId: fields.get('submitter_id')!,
    covers: fields.get('covers')!.split(';').filter((code) => code !== ''),
    sheets: sheets as FormSheetLayout[],
  };
}
