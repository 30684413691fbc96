/**
 * Test helper: write a model's CSV tables into one model.xlsx (one sheet per table) with exceljs,
 * the way a user would keep a model in Excel: numbers as numeric cells, everything else as text.
 */
import { copyFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

/** The five tables, in sheet order. */
export const TABLES = ['municipalities', 'needs', 'indicators', 'projects', 'funding'] as const;

/** Options for writing special cell kinds, so the reader's handling of them is exercised. */
export interface WorkbookOptions {
  /** Write `projects.capex_rand` of the first project as a formula with its cached result. */
  readonly capexAsFormula?: boolean;
  /** Write `projects.description` of the first project as rich text in two runs. */
  readonly descriptionAsRichText?: boolean;
}

/** Write model.xlsx and copy model.yaml from a CSV model folder into another folder. */
export async function writeWorkbookFromCsv(csvFolder: string, outputFolder: string, options: WorkbookOptions = {}): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  for (const table of TABLES) {
    const records = parse(await readFile(path.join(csvFolder, `${table}.csv`), 'utf8'), { bom: true }) as string[][];
    const sheet = workbook.addWorksheet(table);
    const [header] = records;
    records.forEach((record, index) => {
      const values = record.map((text) => (index > 0 && /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text === '' ? null : text));
      const row = sheet.addRow(values);
      if (table === 'projects' && index === 1) {
        const capexColumn = header.indexOf('capex_rand') + 1;
        const descriptionColumn = header.indexOf('description') + 1;
        if (options.capexAsFormula) {
          const capexRand = Number(record[capexColumn - 1]);
          row.getCell(capexColumn).value = { formula: `${capexRand / 2}*2`, result: capexRand };
        }
        if (options.descriptionAsRichText) {
          const text = record[descriptionColumn - 1];
          const middle = Math.floor(text.length / 2);
          row.getCell(descriptionColumn).value = { richText: [{ text: text.slice(0, middle), font: { bold: true } }, { text: text.slice(middle) }] };
        }
      }
    });
  }
  const workbookPath = path.join(outputFolder, 'model.xlsx');
  await workbook.xlsx.writeFile(workbookPath);
  await copyFile(path.join(csvFolder, 'model.yaml'), path.join(outputFolder, 'model.yaml'));
  return workbookPath;
}
