import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNumberText, splitList } from '../../src/dataset/cells.js';
import { parseFinancialYear } from '../../src/dataset/financial-year.js';
import ExcelJS from 'exceljs';
import { decodeUtf8, parseCsvTable } from '../../src/dataset/read-table.js';
import { readWorkbookTables } from '../../src/dataset/read-workbook.js';

let temporaryFolder = '';
beforeAll(async () => {
  temporaryFolder = await mkdtemp(path.join(os.tmpdir(), 'infraplan-read-table-'));
});
afterAll(async () => {
  await rm(temporaryFolder, { recursive: true, force: true });
});

/** Save a one-sheet workbook built by `fill` and read that sheet back through the real reader. */
async function readBack(name: string, fill: (sheet: ExcelJS.Worksheet) => void) {
  const workbook = new ExcelJS.Workbook();
  fill(workbook.addWorksheet('projects'));
  const file = path.join(temporaryFolder, `${name}.xlsx`);
  await workbook.xlsx.writeFile(file);
  const result = await readWorkbookTables(file, 'model.xlsx', ['projects']);
  return { table: result.tables.get('projects') ?? null, problems: result.problems };
}

describe('parseCsvTable', () => {
  it('numbers rows as a spreadsheet does: blank lines count, line breaks inside quotes do not', () => {
    const text = 'id,name\r\nA,"first\r\nline"\r\n\r\nB,second\r\n';
    const { table, problems } = parseCsvTable(text, 'x.csv');
    expect(problems).toEqual([]);
    expect(table!.rows).toEqual([
      { row: 2, cells: { id: 'A', name: 'first\r\nline' } },
      { row: 4, cells: { id: 'B', name: 'second' } },
    ]);
  });

  it('trims cells and headers and keeps quoted commas', () => {
    const { table } = parseCsvTable(' id , name \n A ,"Clanwilliam, 5 Ml"\n', 'x.csv');
    expect(table!.headers).toEqual(['id', 'name']);
    expect(table!.rows[0].cells).toEqual({ id: 'A', name: 'Clanwilliam, 5 Ml' });
  });

  it('reports a repeated column and an empty header cell between named ones, and then nothing about the rows a broken header cannot place', () => {
    // An empty name at the right end is an empty column Excel left there, not a problem (new-user-messages.test.ts).
    const { table, problems } = parseCsvTable('id,id,,name\nA,B,C,D\n', 'x.csv');
    expect(table).toBeNull();
    expect(problems).toEqual([
      { file: 'x.csv', row: 1, column: 'id', message: 'column appears twice in the header' },
      { file: 'x.csv', row: 1, column: '#3', message: 'header cell 3 is empty; every column needs a name' },
    ]);
  });

  it('reports a row with more cells than the header once, and keeps the row only for its ids', () => {
    const { table, problems } = parseCsvTable('id,name\nA,first,extra\nB,second\n', 'x.csv');
    expect(problems).toEqual([{ file: 'x.csv', row: 2, column: null, message: 'row has 3 cells, the header has 2: delete the cells right of the table, or put a cell that holds a comma in quotes' }]);
    expect(table!.rows).toEqual([
      { row: 2, cells: { id: 'A', name: 'first' }, rejected: true },
      { row: 3, cells: { id: 'B', name: 'second' } },
    ]);
  });

  it('accepts empty cells right of the table (a trailing comma): they hold nothing to misplace', () => {
    const { table, problems } = parseCsvTable('id,name\nA,first,,\n', 'x.csv');
    expect(problems).toEqual([]);
    expect(table!.rows).toEqual([{ row: 2, cells: { id: 'A', name: 'first' } }]);
  });

  it('reports a row with fewer cells than the header once, naming the columns without a cell, and keeps it only for its ids', () => {
    const { table, problems } = parseCsvTable('id,name,size\nA,first\nB,second,3\nC\n', 'x.csv');
    expect(problems).toEqual([
      { file: 'x.csv', row: 2, column: null, message: 'row has 2 cells, the header has 3 (no cell under size): a cell or a comma is missing; give every column a cell, an empty one where there is no value' },
      { file: 'x.csv', row: 4, column: null, message: 'row has 1 cell, the header has 3 (no cell under name, size): a cell or a comma is missing; give every column a cell, an empty one where there is no value' },
    ]);
    expect(table!.rows).toEqual([
      { row: 2, cells: { id: 'A', name: 'first', size: '' }, rejected: true },
      { row: 3, cells: { id: 'B', name: 'second', size: '3' } },
      { row: 4, cells: { id: 'C', name: '', size: '' }, rejected: true },
    ]);
  });

  it('reports no row when every row is short alike: the header has names right of the data, not a row a lost cell', () => {
    const { table, problems } = parseCsvTable('id,name,note\nA,first\nB,second\n', 'x.csv');
    expect(problems).toEqual([]);
    expect(table!.rows).toEqual([
      { row: 2, cells: { id: 'A', name: 'first', note: '' } },
      { row: 3, cells: { id: 'B', name: 'second', note: '' } },
    ]);
  });

  it('names at most three of the columns a short row has no cell under', () => {
    const { problems } = parseCsvTable('a,b,c,d,e,f\n1,2\n1,2,3,4,5,6\n', 'x.csv');
    expect(problems[0].message).toBe('row has 2 cells, the header has 6 (no cell under c, d, e and 1 more): a cell or a comma is missing; give every column a cell, an empty one where there is no value');
  });

  it('reports an unterminated quote as unreadable CSV', () => {
    const { table, problems } = parseCsvTable('id,name\nA,"open\n', 'x.csv');
    expect(table).toBeNull();
    expect(problems[0].message).toMatch(/^not readable as CSV/);
  });

  it('reports a header-only table and a blank one', () => {
    expect(parseCsvTable('id,name\n', 'x.csv').problems).toEqual([{ file: 'x.csv', row: null, column: null, message: 'no data rows under the header' }]);
    expect(parseCsvTable('\n\n', 'x.csv').problems[0].message).toContain('file is empty');
  });
});

describe('a CSV saved with another separator', () => {
  it('is one clear problem naming the separator, for semicolons and for tabs', () => {
    for (const [separator, words] of [
      [';', `the fields are separated by ';', not ',' (Excel writes this where the decimal mark is a comma); in Excel use File > Options > Advanced, untick "Use system separators", set the decimal separator to "." and save again as "CSV UTF-8 (Comma delimited)", or save it from LibreOffice Calc as "Text CSV" with field delimiter ","; ';' files are not read, since ';' also separates the items of a cell (MIG;WSIG)`],
      ['\t', `the fields are separated by tabs, not commas (Excel's "Text (Tab delimited)" or "Unicode Text"); save the file from Excel as "CSV UTF-8 (Comma delimited)"`],
    ] as const) {
      const text = ['municipality_code', 'municipality_name', 'district_code'].join(separator) + '\n' + ['WC011', 'Matzikama', 'DC1'].join(separator) + '\n';
      const result = parseCsvTable(text, 'municipalities.csv');
      expect(result.table).toBeNull();
      expect(result.problems).toEqual([
        { file: 'municipalities.csv', row: 1, column: null, message: words },
      ]);
    }
  });

  it('is found before parsing, when quoted ; lists in the rows would make the comma parser fail first', () => {
    const text = 'project_id;cashflow_percent;funding_sources\nP1;"40;60";"RBIG;MIG"\n';
    expect(parseCsvTable(text, 'projects.csv').problems.map((problem) => problem.message)).toEqual([expect.stringMatching(/^the fields are separated by ';', not ',' \(Excel writes this where the decimal mark is a comma\)/)]);
  });

  it('leaves a genuine one-column table with a semicolon list alone', () => {
    const result = parseCsvTable('prerequisites\nA;B\n', 'list.csv');
    expect(result.problems).toEqual([]);
  });
});

describe('decodeUtf8', () => {
  it('drops the byte-order mark Excel writes', () => {
    expect(decodeUtf8(Buffer.from('\uFEFFid\n', 'utf8'), 'x.csv').text).toBe('id\n');
  });

  it('names the row of the first byte that is not UTF-8', () => {
    const latin1 = Buffer.concat([Buffer.from('id,name\nA,ok\nB,'), Buffer.from([0xe9]), Buffer.from('\n')]);
    expect(decodeUtf8(latin1, 'x.csv').problems[0]).toMatchObject({ file: 'x.csv', row: 3 });
  });

  it('refuses UTF-16', () => {
    expect(decodeUtf8(Buffer.from([0xff, 0xfe, 0x69, 0x00]), 'x.csv').problems[0].message).toContain('UTF-16');
  });
});

describe('workbook cells, read through the streaming reader', () => {
  it('uses cached formula results, joins rich text, writes numbers plainly and booleans as yes/no', async () => {
    const { table, problems } = await readBack('values', (sheet) => {
      sheet.addRow(['capex_rand', 'description', 'share', 'flag', 'link', 'empty']);
      sheet.addRow([{ formula: 'A1*2', result: 40_000_000 }, { richText: [{ text: 'Clan' }, { text: 'william ' }] }, 0.067, true, { text: 'link', hyperlink: 'https://example.org' }, null]);
    });
    expect(problems).toEqual([]);
    expect(table!.rows).toEqual([{ row: 2, cells: { capex_rand: '40000000', description: 'Clanwilliam', share: '0.067', flag: 'yes', link: 'link', empty: '' } }]);
  });

  it('names a formula saved without its value by cell address, instead of calling the cell empty', async () => {
    const { table, problems } = await readBack('uncalculated', (sheet) => {
      sheet.addRow(['project_id', 'capex_rand']);
      sheet.addRow(['P1', { formula: '30000000*2', result: 60_000_000 }]);
      sheet.addRow(['P2', { formula: '30000000*3' }]);
    });
    expect(problems).toEqual([
      {
        file: 'model.xlsx [projects]',
        row: 3,
        column: 'capex_rand',
        message: 'cell B3 holds the formula =30000000*3 but no calculated value; open the workbook in Excel or LibreOffice and save it, so the values are stored',
      },
    ]);
    // The row is kept for its ids only; its values are not judged again.
    expect(table?.rows.map((row) => [row.cells.capex_rand, row.rejected ?? false])).toEqual([
      ['60000000', false],
      ['', true],
    ]);
  });

  it('names a shared formula by the cell that holds it and the master it was copied from', async () => {
    const { problems } = await readBack('shared', (sheet) => {
      sheet.addRow(['project_id', 'households_served', 'capex_rand']);
      sheet.addRow(['P1', 100, { formula: 'B2*25000' }]);
      sheet.addRow(['P2', 200, { sharedFormula: 'C2' }]);
    });
    expect(problems.map((problem) => problem.message)).toEqual([
      expect.stringContaining('cell C2 holds the formula =B2*25000 but'),
      expect.stringMatching(/cell C3 holds (the formula =B3\*25000|a formula shared from C2 \(=B2\*25000\)) but/),
    ]);
  });

  it('reads a date cell as its ISO day, as Excel shows it', async () => {
    const { table } = await readBack('date', (sheet) => {
      sheet.addRow(['financial_year']);
      sheet.addRow([new Date(Date.UTC(2026, 3, 1))]);
    });
    expect(table!.rows[0].cells.financial_year).toBe('2026-04-01');
  });
});

describe('cell parsing', () => {
  it('accepts spreadsheet numbers and explains what else was expected', () => {
    expect(parseNumberText('1.5e6', { minimum: 0 })).toBe(1_500_000);
    expect(parseNumberText('-3', {})).toBe(-3);
    expect(parseNumberText('1 000', { minimum: 0 })).toBe('expected a number >= 0, found "1 000"; read as 1000 written with spaces between the thousands; write plain digits with a point for decimals: 1000');
    expect(parseNumberText('R60m', { minimum: 0 })).toBe('expected a number >= 0, found "R60m"; write the amount in rand as plain digits, without the currency, separators or words (R2.5 million is 2500000)');
    expect(parseNumberText('0', { minimum: 0, exclusiveMinimum: true })).toBe('expected a number > 0, found 0');
    expect(parseNumberText('2.5', { minimum: 0, integer: true })).toBe('expected a whole number >= 0, found 2.5');
  });

  it('holds each kind of number to its plausible range, naming the limit that was broken (issue 9)', () => {
    expect(parseNumberText('1e308', 'rand')).toBe('expected a number <= 10000000000000 (R10 trillion), found 1e308');
    expect(parseNumberText('1e999', 'rand')).toBe('expected a number <= 10000000000000 (R10 trillion), found 1e999');
    expect(parseNumberText('10000000000000', 'rand')).toBe(1e13);
    expect(parseNumberText('-1', 'rand')).toBe('expected a number >= 0, found -1');
    expect(parseNumberText('1.5', 'share')).toBe('expected a number <= 1, found 1.5');
    // A number written with ten million digits is quoted short.
    expect((parseNumberText(`1${'0'.repeat(10_000_000)}`, 'rand') as string).length).toBeLessThan(150);
  });

  it('splits ; lists and ignores empty items', () => {
    expect(splitList(' MIG ; WSIG;; ')).toEqual(['MIG', 'WSIG']);
  });

  it('reads financial years as their start year', () => {
    expect(parseFinancialYear('2026/27')).toBe(2026);
    expect(parseFinancialYear('2099/00')).toBe(2099);
    expect(parseFinancialYear('2026/28')).toBeNull();
  });
});
