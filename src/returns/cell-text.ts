/**
 * The text of an exceljs cell value as a person sees it in the cell. Returns are small workbooks
 * read whole with exceljs (the model loader streams its sheets with its own reader instead).
 */
import type ExcelJS from 'exceljs';

/** A cell value as text: numbers as written, booleans as yes/no, dates as YYYY-MM-DD, a formula by its cached result. */
export function cellValueToText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((part) => part.text).join('').trim();
    if ('result' in value) return cellValueToText((value.result ?? null) as ExcelJS.CellValue);
    if ('formula' in value || 'sharedFormula' in value) return '';
    if ('text' in value && typeof value.text === 'string') return value.text.trim();
    if ('error' in value) return String(value.error);
  }
  return String(value);
}
