import { describe, expect, it } from 'vitest';
import { parseNumberText, splitList } from '../../src/dataset/cells.js';
import { parseFinancialYear } from '../../src/dataset/financial-year.js';
import ExcelJS from 'exceljs';
import { cellValueToText, decodeUtf8, parseCsvTable, worksheetToTable } from '../../src/dataset/read-table.js';

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

  it('reports a row with more cells than the header, a repeated column and an empty header cell', () => {
    const { problems } = parseCsvTable('id,id,\nA,B,C,D\n', 'x.csv');
    expect(problems).toEqual([
      { file: 'x.csv', row: 1, column: 'id', message: 'column appears twice in the header' },
      { file: 'x.csv', row: 1, column: '#3', message: 'header cell 3 is empty; every column needs a name' },
      { file: 'x.csv', row: 2, column: null, message: 'row has 4 cells but the header has 3 columns' },
    ]);
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
    for (const [separator, words] of [[';', 'semicolons (;)'], ['\t', 'tabs']] as const) {
      const text = ['municipality_code', 'municipality_name', 'district_code'].join(separator) + '\n' + ['WC011', 'Matzikama', 'DC1'].join(separator) + '\n';
      const result = parseCsvTable(text, 'municipalities.csv');
      expect(result.table).toBeNull();
      expect(result.problems).toEqual([
        { file: 'municipalities.csv', row: 1, column: null, message: `the columns are separated by ${words}, not commas; save the file from Excel as "CSV UTF-8 (Comma delimited)"` },
      ]);
    }
  });

  it('is found before parsing, when quoted ; lists in the rows would make the comma parser fail first', () => {
    const text = 'project_id;cashflow_percent;funding_sources\nP1;"40;60";"RBIG;MIG"\n';
    expect(parseCsvTable(text, 'projects.csv').problems.map((problem) => problem.message)).toEqual([
      'the columns are separated by semicolons (;), not commas; save the file from Excel as "CSV UTF-8 (Comma delimited)"',
    ]);
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

describe('cellValueToText', () => {
  it('uses cached formula results, joins rich text and writes numbers plainly', () => {
    expect(cellValueToText({ formula: 'A1*2', result: 40_000_000 })).toBe('40000000');
    expect(cellValueToText({ richText: [{ text: 'Clan' }, { text: 'william ' }] })).toBe('Clanwilliam');
    expect(cellValueToText(0.067)).toBe('0.067');
    expect(cellValueToText(null)).toBe('');
    expect(cellValueToText(true)).toBe('yes');
    expect(cellValueToText({ text: 'link', hyperlink: 'https://example.org' })).toBe('link');
  });
});

describe('worksheetToTable', () => {
  it('names a formula saved without its value by cell address, instead of calling the cell empty', () => {
    const sheet = new ExcelJS.Workbook().addWorksheet('projects');
    sheet.addRow(['project_id', 'capex_rand']);
    sheet.addRow(['P1', { formula: '30000000*2', result: 60_000_000 }]);
    sheet.addRow(['P2', { formula: '30000000*3' }]);
    const { table, problems } = worksheetToTable(sheet, 'model.xlsx [projects]');
    expect(problems).toEqual([
      {
        file: 'model.xlsx [projects]',
        row: 3,
        column: 'capex_rand',
        message: 'cell B3 holds the formula =30000000*3 but no calculated value; open the workbook in Excel or LibreOffice and save it, so the values are stored',
      },
    ]);
    expect(table?.rows.map((row) => row.cells.capex_rand)).toEqual(['60000000']);
  });

  it('quotes a shared formula as the cell itself holds it, not its master cell', () => {
    const sheet = new ExcelJS.Workbook().addWorksheet('projects');
    sheet.addRow(['project_id', 'households_served', 'capex_rand']);
    sheet.addRow(['P1', 100, { formula: 'B2*25000' }]);
    sheet.addRow(['P2', 200, { sharedFormula: 'C2' }]);
    const { problems } = worksheetToTable(sheet, 'model.xlsx [projects]');
    expect(problems.map((problem) => problem.message)).toEqual([
      expect.stringContaining('cell C2 holds the formula =B2*25000 but'),
      expect.stringContaining('cell C3 holds the formula =B3*25000 but'),
    ]);
  });
});

describe('cell parsing', () => {
  it('accepts spreadsheet numbers and explains what else was expected', () => {
    expect(parseNumberText('1.5e6', { minimum: 0 })).toBe(1_500_000);
    expect(parseNumberText('-3', {})).toBe(-3);
    expect(parseNumberText('1 000', { minimum: 0 })).toBe('expected a number >= 0, found "1 000" (write plain digits, without thousands separators)');
    expect(parseNumberText('R60m', { minimum: 0 })).toBe('expected a number >= 0, found "R60m"');
    expect(parseNumberText('0', { minimum: 0, exclusiveMinimum: true })).toBe('expected a number > 0, found 0');
    expect(parseNumberText('2.5', { minimum: 0, integer: true })).toBe('expected a whole number >= 0, found 2.5');
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
