/**
 * Notes printed once, under a table's totals row, rather than in the note under its title: the
 * title rows repeat on every printed page, so each line there costs a line of every page (about
 * one page in eleven of the Deferred projects sheet).
 */
import type ExcelJS from 'exceljs';
import { textWidthUnits } from '../format.js';

/**
 * Write `notes` from `firstRow` down in the grey italic of the note under the title, each broken
 * into lines that fit across the table's columns, one line per row in the first column. The cells
 * are not merged or wrapped: a line runs across the empty cells beside it, so the table's own
 * columns (an id, a service) hold nothing but the table's values. Returns the row after the last line.
 */
export function writeNotesUnderTable(sheet: ExcelJS.Worksheet, firstRow: number, columnCount: number, notes: readonly string[]): number {
  let widthUnits = 0;
  for (let column = 1; column <= columnCount; column += 1) widthUnits += sheet.getColumn(column).width ?? 9;
  let rowNumber = firstRow;
  for (const note of notes) {
    for (const line of linesOf(note, widthUnits - 2)) {
      const cell = sheet.getCell(rowNumber, 1);
      cell.value = line;
      cell.font = { name: 'Calibri', italic: true, color: { argb: 'FF595959' } };
      cell.alignment = { wrapText: false, vertical: 'top' };
      rowNumber += 1;
    }
  }
  return rowNumber;
}

/** `text` broken by words into lines of at most `widthUnits` (as it prints in Calibri 11). */
function linesOf(text: string, widthUnits: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((part) => part !== '')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && textWidthUnits(candidate) > widthUnits) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
