/**
 * Issue 9: hostile and broken model input, one describe per class. Every input here goes through
 * the real loader (loadModel) and must give a located InvalidInputError, never another error. The
 * small broken inputs are fixtures under tests/fixtures/broken/ (single-problem ones are asserted in
 * broken-fixtures.test.ts); the huge ones are generated here into a temporary folder.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, symlink, truncate, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PROBLEMS_SHOWN, MAX_TABLE_ROWS } from '../../src/dataset/limits.js';
import { loadModel } from '../../src/dataset/load-model.js';
import { InvalidInputError, ProblemList, formatProblem, type DataProblem } from '../../src/errors/problems.js';
import { planModel } from '../../src/plan/plan-model.js';
import { writeWorkbookFromCsv } from './workbook-from-csv.js';

const tiny = path.join('tests', 'fixtures', 'tiny');
const tinyXlsx = path.join('tests', 'fixtures', 'tiny-xlsx');
const broken = path.join('tests', 'fixtures', 'broken');

let scratch = '';
beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'infraplan-hostile-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** The InvalidInputError loadModel throws for a path (failing the test if it throws anything else or nothing). */
async function rejectionOf(modelPath: string): Promise<InvalidInputError> {
  const error = await loadModel(modelPath).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error, `${modelPath} should be rejected as invalid input`).toBeInstanceOf(InvalidInputError);
  return error as InvalidInputError;
}

/** A copy of the tiny model in the scratch folder, with `edit` applied to its files (name → new text). */
async function tinyCopy(name: string, edit: (files: Record<string, string>) => void | Promise<void> = () => {}): Promise<string> {
  const folder = path.join(scratch, name);
  await cp(tiny, folder, { recursive: true });
  const files: Record<string, string> = {};
  for (const file of ['model.yaml', 'municipalities.csv', 'needs.csv', 'indicators.csv', 'projects.csv', 'funding.csv']) {
    files[file] = await readFile(path.join(folder, file), 'utf8');
  }
  const before = { ...files };
  await edit(files);
  for (const [file, text] of Object.entries(files)) if (text !== before[file]) await writeFile(path.join(folder, file), text);
  return folder;
}

/** Change the cells of a CSV text: `change(record, header)` for every data record, as parsed. */
function editRecords(csv: string, change: (record: string[], header: readonly string[], row: number) => void): string {
  const [header, ...records] = parse(csv) as string[][];
  records.forEach((record, index) => change(record, header, index + 2));
  return stringify([header, ...records]);
}

/** Replace one cell of a CSV text (row as a spreadsheet numbers it, column by header name). */
function setCell(csv: string, row: number, column: string, value: string): string {
  return editRecords(csv, (record, header, recordRow) => {
    if (recordRow === row) record[header.indexOf(column)] = value;
  });
}

describe('class 5: huge finite numbers are refused with file, row and column', () => {
  it('CSV amounts, counts and benefits of 1e300 or 1e308 and a policy value of 1e308', async () => {
    const folder = path.join(broken, 'huge-numbers');
    const { problems } = await rejectionOf(folder);
    expect(problems.map((problem) => [path.basename(problem.file), problem.row, problem.column, problem.message])).toEqual([
      ['model.yaml', 38, 'policy.benefit_per_household', 'expected a value at or below 1000000 (1 million points), found 1e+308'],
      ['projects.csv', 2, 'capex_rand', 'expected a number <= 10000000000000 (R10 trillion), found 1e300'],
      ['projects.csv', 3, 'households_served', 'expected a number <= 100000000 (100 million households), found 1e300'],
      ['projects.csv', 4, 'benefit_override', 'expected a number <= 1000000000000 (1e12 points), found 1e308'],
      ['funding.csv', 2, 'envelope_rand', 'expected a number <= 10000000000000 (R10 trillion), found 1e308'],
    ]);
  });

  it('the same numbers in a workbook, named by sheet and row', async () => {
    const folder = path.join(scratch, 'huge-xlsx');
    await cp(path.join(broken, 'huge-numbers'), folder, { recursive: true });
    await writeWorkbookFromCsv(path.join(broken, 'huge-numbers'), folder);
    for (const table of ['municipalities', 'needs', 'indicators', 'projects', 'funding']) await unlink(path.join(folder, `${table}.csv`));
    const { problems } = await rejectionOf(folder);
    expect(problems.map((problem) => [path.basename(problem.file), problem.row, problem.column])).toEqual([
      ['model.yaml', 38, 'policy.benefit_per_household'],
      ['model.xlsx [projects]', 2, 'capex_rand'],
      ['model.xlsx [projects]', 3, 'households_served'],
      ['model.xlsx [projects]', 4, 'benefit_override'],
      ['model.xlsx [funding]', 2, 'envelope_rand'],
    ]);
  });

  it('a model at the top of every range still plans: the ranges keep the program within what a solver can hold', async () => {
    const folder = await tinyCopy('at-the-limits', (files) => {
      files['projects.csv'] = editRecords(files['projects.csv'], (record, header) => {
        record[header.indexOf('capex_rand')] = '10000000000000';
        if (record[header.indexOf('cashflow_rand')] !== '') record[header.indexOf('cashflow_rand')] = '4000000000000;6000000000000';
        record[header.indexOf('households_served')] = '100000000';
        record[header.indexOf('capacity_added_ml_per_day')] = '1000000';
      });
      // A project serves at most its municipality's backlog (checkServedWithinBacklog), so the backlogs go to the top too.
      files['needs.csv'] = editRecords(files['needs.csv'], (record, header) => {
        record[header.indexOf('backlog_households')] = '100000000';
      });
      files['funding.csv'] = editRecords(files['funding.csv'], (record, header) => {
        record[header.indexOf('envelope_rand')] = '10000000000000';
      });
      files['model.yaml'] = files['model.yaml'].replace('benefit_per_household: 1\n', 'benefit_per_household: 1000000\n').replace('benefit_per_ml_per_day: 500', 'benefit_per_ml_per_day: 1000000');
    });
    const dataset = await loadModel(folder);
    expect(Math.max(...dataset.projects.map((project) => project.capexRand))).toBe(1e13);
    const { plan } = await planModel(dataset, { marginalValues: false });
    expect(plan.status).toBe('optimal');
  });
});

describe('class 7: texts too long for an Excel cell, and ids too long to be ids', () => {
  it('a 40 000-character description and a 200-character project id, each located, each quoted short', async () => {
    const folder = await tinyCopy('long-texts', (files) => {
      files['projects.csv'] = setCell(setCell(files['projects.csv'], 2, 'description', 'd'.repeat(40_000)), 3, 'project_id', 'P'.repeat(200));
    });
    const { problems } = await rejectionOf(folder);
    expect(problems).toEqual([
      { file: path.join(folder, 'projects.csv'), row: 2, column: 'description', message: expect.stringContaining('the cell holds 40,000 characters, more than the 32,767 an Excel cell can hold') },
      { file: path.join(folder, 'projects.csv'), row: 3, column: 'project_id', message: expect.stringContaining('expected an id of at most 100 characters') },
    ]);
    for (const problem of problems) expect(formatProblem(problem).length).toBeLessThan(300);
  });
});

describe('class 10: more problems than a call stack can spread', () => {
  it('132 000 problems: no crash, at most 200 lines, repeated ones folded, the rest counted', async () => {
    const folder = await tinyCopy('many-problems', (files) => {
      const header = files['projects.csv'].split('\n')[0];
      const width = header.split(',').length;
      const rows = Array.from({ length: 12_000 }, (_, index) => {
        const cells = new Array<string>(width).fill('x');
        // One cell differs on every row, so those problems cannot be folded and the cap must act.
        cells[header.split(',').indexOf('capex_rand')] = `R${index}`;
        return cells.join(',');
      });
      files['projects.csv'] = `${header}\n${rows.join('\n')}\n`;
    });
    const error = await rejectionOf(folder);
    expect(error.problemCount).toBeGreaterThan(125_000);
    expect(error.problems).toHaveLength(MAX_PROBLEMS_SHOWN);
    expect(error.notShownCount).toBe(error.problemCount - error.problems.reduce((sum, problem) => sum + (problem.repeated?.rowCount ?? 1), 0));
    // The same "x" in a column on every row is one line naming the rows.
    const folded = error.problems.find((problem) => problem.column === 'service');
    expect(folded?.repeated).toEqual({ rowCount: 12_000, rows: '2-12001' });
    expect(error.message).toMatch(/… and [\d,]+ more problems not listed; fix these and run again$/);
  });

  it('the collector folds, caps and counts a million problems without spreading them', () => {
    const list = new ProblemList();
    for (let row = 2; row < 1_000_002; row += 1) list.add({ file: 'x.csv', row, column: 'capex_rand', message: row % 2 === 0 ? 'even' : `odd ${row}` });
    const { problems, notShown } = list.list();
    expect(problems).toHaveLength(MAX_PROBLEMS_SHOWN);
    expect(problems[0]).toEqual({ file: 'x.csv', row: 2, column: 'capex_rand', message: 'even', repeated: { rowCount: 500_000, rows: '2, 4, 6, 8, 10, 12, 14, 16, …' } });
    expect(notShown).toBe(1_000_000 - 500_000 - (MAX_PROBLEMS_SHOWN - 1));
  });
});

describe('class 11: floods are shortened, folded and capped', () => {
  it('a 10 MB municipality code is one short line, and no reference to it cascades', async () => {
    const folder = await tinyCopy('ten-megabyte-code', (files) => {
      files['municipalities.csv'] = setCell(files['municipalities.csv'], 2, 'municipality_code', 'W'.repeat(10 * 1024 * 1024));
    });
    const error = await rejectionOf(folder);
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ row: 2, column: 'municipality_code' });
    expect(error.message.length).toBeLessThan(400);
  });

  it('10 000 extra header columns are one problem; 300 unknown ones are one line listing the first', async () => {
    const wide = await tinyCopy('ten-thousand-columns', (files) => {
      const [header, ...rest] = files['funding.csv'].split('\n');
      files['funding.csv'] = [header + Array.from({ length: 10_000 }, (_, index) => `,extra_${index}`).join(''), ...rest].join('\n');
    });
    const wideError = await rejectionOf(wide);
    expect(wideError.problems).toEqual([expect.objectContaining({ row: 1, message: expect.stringContaining('the header row has 10,006 columns, more than the 500 a table may have') })]);
    const unknown = await tinyCopy('three-hundred-columns', (files) => {
      const [header, ...rest] = files['funding.csv'].split('\n');
      files['funding.csv'] = [header + Array.from({ length: 300 }, (_, index) => `,extra_${index}`).join(''), ...rest].join('\n');
    });
    const unknownError = await rejectionOf(unknown);
    expect(unknownError.problems).toEqual([expect.objectContaining({ row: 1, message: expect.stringMatching(/^300 unknown columns \("extra_0", "extra_1", "extra_2", "extra_3", "extra_4", …\); expected only source_id/) })]);
  });

  it('one bad value repeated down a column is one line with the rows counted', async () => {
    const folder = await tinyCopy('repeated-problem', (files) => {
      let text = files['funding.csv'];
      for (const row of [2, 3, 4, 5, 7]) text = setCell(text, row, 'carry_over', 'maybe');
      files['funding.csv'] = text;
    });
    const { problems } = await rejectionOf(folder);
    expect(problems.map(formatProblem)).toEqual([`${path.join(folder, 'funding.csv')}, rows 2-5, 7 (5 rows), column carry_over: expected yes or no; found "maybe"`]);
  });
});

describe('class 12: a root problem, not its cascade', () => {
  it('a workbook whose header has a stray cell far right or merged cells gives one problem (fixtures, see broken-fixtures.test.ts)', async () => {
    for (const fixture of ['merged-header-xlsx', 'stray-header-cell-xlsx']) {
      expect((await rejectionOf(path.join(broken, fixture))).problems, fixture).toHaveLength(1);
    }
  });

  it('a municipality row with stray cells keeps its code, so nothing else calls that municipality unknown', async () => {
    const { problems } = await rejectionOf(path.join(broken, 'extra-cells'));
    expect(problems.map((problem) => problem.message)).toEqual(['row has 13 cells, the header has 12: delete the cells right of the table, or put a cell that holds a comma in quotes']);
  });

  it('a project row that lost a comma is one problem, not a cascade of values read under the wrong columns', async () => {
    const { problems } = await rejectionOf(path.join(broken, 'missing-cells'));
    expect(problems.map(formatProblem)).toEqual([
      `${path.join(broken, 'missing-cells', 'projects.csv')}, row 3: row has 19 cells, the header has 20 (no cell under illustrative): a cell or a comma is missing; give every column a cell, an empty one where there is no value`,
    ]);
  });
});

describe('class 13: what was found, and advice that fits the file', () => {
  it('.nan and .inf in model.yaml are named, not called null; a fraction where a whole number belongs says so', async () => {
    const folder = await tinyCopy('nan-inf-model', (files) => {
      files['model.yaml'] = files['model.yaml']
        .replace('need_weight: 0.5', 'need_weight: .nan')
        .replace('growth_weight: 0.5', 'growth_weight: .inf')
        .replace('horizon_years: 4', 'horizon_years: 4.5');
    });
    const { problems } = await rejectionOf(folder);
    expect(problems.map((problem) => [problem.column, problem.message])).toEqual([
      ['horizon_years', 'expected a whole number, found 4.5'],
      ['policy.need_weight', 'expected a number, found .nan (not a number)'],
      ['policy.growth_weight', 'expected a number, found .inf (infinity)'],
    ]);
  });

  it('a Latin-1 CSV is told to save as CSV UTF-8, a UTF-16 model.yaml as UTF-8 text', async () => {
    expect((await rejectionOf(path.join(broken, 'not-utf8'))).problems[0].message).toContain('"CSV UTF-8 (comma delimited)"');
    const yamlAdvice = (await rejectionOf(path.join(broken, 'utf16-model-yaml'))).problems[0].message;
    expect(yamlAdvice).toContain('save it as UTF-8');
    expect(yamlAdvice).not.toContain('CSV');
  });
});

describe('class 14: only regular files, and not past the size limit', () => {
  const posix = process.platform !== 'win32';

  it.runIf(posix)('a FIFO as a table is refused without waiting for a writer', async () => {
    const folder = await tinyCopy('fifo');
    await unlink(path.join(folder, 'projects.csv'));
    execFileSync('mkfifo', [path.join(folder, 'projects.csv')]);
    const { problems } = await rejectionOf(folder);
    expect(problems).toEqual([{ file: path.join(folder, 'projects.csv'), row: null, column: null, message: 'is a pipe (FIFO), not a regular file; only regular files are read' }]);
  });

  it.runIf(posix)('/dev/zero as model.yaml, and as the model itself, is refused without reading it', async () => {
    const folder = await tinyCopy('dev-zero');
    await unlink(path.join(folder, 'model.yaml'));
    await symlink('/dev/zero', path.join(folder, 'model.yaml'));
    expect((await rejectionOf(folder)).problems).toEqual([
      { file: path.join(folder, 'model.yaml'), row: null, column: null, message: 'is a device, not a regular file; only regular files are read' },
    ]);
    expect((await rejectionOf('/dev/zero')).problems[0].message).toContain('is not a folder or a regular file');
  });

  it('a table of more than 200 MB is refused before it is read', async () => {
    const folder = await tinyCopy('too-large');
    // A sparse file: 201 MB long on paper, nothing written.
    await truncate(path.join(folder, 'needs.csv'), 201 * 1024 * 1024);
    expect((await rejectionOf(folder)).problems).toEqual([
      { file: path.join(folder, 'needs.csv'), row: null, column: null, message: 'file is 201 MB, more than the 200 MB a table file may have (see docs/validation.md)' },
    ]);
  });
});

/** The tiny workbook with its `projects` sheet replaced and an extra sheet added, written to the scratch folder. */
async function tinyWorkbook(name: string, change: { projectsSheetXml?: string; extraSheetXml?: string }): Promise<string> {
  const folder = path.join(scratch, name);
  await cp(tinyXlsx, folder, { recursive: true });
  const zip = await JSZip.loadAsync(await readFile(path.join(tinyXlsx, 'model.xlsx')));
  if (change.projectsSheetXml !== undefined) zip.file('xl/worksheets/sheet4.xml', change.projectsSheetXml);
  if (change.extraSheetXml !== undefined) {
    zip.file('xl/worksheets/sheet6.xml', change.extraSheetXml);
    const workbookXml = await zip.file('xl/workbook.xml')!.async('string');
    zip.file('xl/workbook.xml', workbookXml.replace('</sheets>', '<sheet sheetId="6" name="notes" state="visible" r:id="rId99"/></sheets>'));
    const relationships = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
    zip.file(
      'xl/_rels/workbook.xml.rels',
      relationships.replace('</Relationships>', '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet6.xml"/></Relationships>'),
    );
  }
  await writeFile(path.join(folder, 'model.xlsx'), await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' }));
  return folder;
}

/** Sheet XML with `rows` rows of one numeric cell, optionally left unterminated. */
function sheetXml(rows: number, options: { unterminated?: boolean } = {}): string {
  const parts = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'];
  for (let row = 1; row <= rows; row += 1) parts.push(`<row r="${row}"><c r="A${row}"><v>${row}</v></c></row>`);
  parts.push(options.unterminated ? '<row r="0"><c' : '</sheetData></worksheet>');
  return parts.join('');
}

describe('class 15: row limits, and sheets the model does not use', () => {
  it('a sheet of 300 000 rows the model does not use is never read: it is past the row limit and not even well-formed', async () => {
    const folder = await tinyWorkbook('unused-long-sheet', { extraSheetXml: sheetXml(300_000, { unterminated: true }) });
    const dataset = await loadModel(folder);
    expect(dataset.projects).toHaveLength(9);
  });

  it('a sheet of the model with more than 200 000 rows is refused, naming the sheet and the limit', async () => {
    const folder = await tinyWorkbook('too-many-rows-xlsx', { projectsSheetXml: sheetXml(MAX_TABLE_ROWS + 2) });
    const { problems } = await rejectionOf(folder);
    expect(problems).toEqual([
      { file: path.join(folder, 'model.xlsx [projects]'), row: null, column: null, message: 'more than 200,000 data rows; a table may have at most 200,000 (see docs/validation.md)' },
    ]);
  });

  it('a CSV table with more than 200 000 data rows is refused the same way', async () => {
    const folder = await tinyCopy('too-many-rows-csv', (files) => {
      const header = files['needs.csv'].split('\n')[0];
      files['needs.csv'] = `${header}\n${'WC011,water,1,1,1,yes\n'.repeat(MAX_TABLE_ROWS + 1)}`;
    });
    const { problems } = await rejectionOf(folder);
    expect(problems.map((problem: DataProblem) => problem.message)).toEqual(['more than 200,000 data rows; a table may have at most 200,000 (see docs/validation.md)']);
  });
});
