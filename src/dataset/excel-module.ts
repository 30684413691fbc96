/**
 * exceljs, loaded on first use. It takes about half a second to load, so commands that never read
 * or write a workbook (validate and solve on CSV models, --help) should not pay for it at start-up.
 * exceljs is CommonJS, so a synchronous require keeps the callers synchronous.
 */
import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';

const requireFromHere = createRequire(import.meta.url);
let excelJs: typeof ExcelJS | undefined;

/** The exceljs module (its default export). */
export function loadExcelJs(): typeof ExcelJS {
  excelJs ??= requireFromHere('exceljs') as typeof ExcelJS;
  return excelJs;
}
