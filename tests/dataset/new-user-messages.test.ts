/**
 * Messages a new user meets when editing a model's CSV files in Excel on Windows (task m2, from a
 * new-user review): each case breaks one thing in a copy of a small fixture and asserts the whole
 * list of problems loadModel reports, so a second, wrong error would fail the test too.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import { InvalidInputError, type DataProblem } from '../../src/errors/problems.js';

const fixtures = path.join('tests', 'fixtures');

let scratch = '';
beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'infraplan-new-user-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

let copies = 0;
/** A fresh copy of a fixture, with `edit` applied to it. */
async function copyOf(fixture: string, edit: (folder: string) => Promise<void>): Promise<string> {
  copies += 1;
  const folder = path.join(scratch, `${fixture}-${copies}`);
  await cp(path.join(fixtures, fixture), folder, { recursive: true });
  await edit(folder);
  return folder;
}

/** Replace text in one file of a folder (the text must be there). */
async function replaceIn(folder: string, file: string, from: string | RegExp, to: string): Promise<void> {
  const filePath = path.join(folder, file);
  const text = await readFile(filePath, 'utf8');
  const changed = text.replace(from, to);
  expect(changed, `${file} should contain ${String(from)}`).not.toBe(text);
  await writeFile(filePath, changed);
}

/** The problems loadModel reports, as `file (relative), row, column: message` lines. */
async function problemLines(folder: string): Promise<string[]> {
  const error = await loadModel(folder).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error, `${folder} should be rejected`).toBeInstanceOf(InvalidInputError);
  return (error as InvalidInputError).problems.map((problem: DataProblem) => `${path.relative(folder, problem.file)}, ${problem.row}, ${problem.column}: ${problem.message}`);
}

describe('a model.yaml problem is reported alone', () => {
  it('the thusong model (backlog_people) with a bad horizon_years: no unknown-column error for needs.csv, one line saying it was not checked', async () => {
    const folder = await copyOf('thusong', (copy) => replaceIn(copy, 'model.yaml', /^horizon_years: .*$/m, 'horizon_years: ten'));
    const lines = await problemLines(folder);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^model\.yaml, \d+, horizon_years: expected a number, found "ten"$/);
    expect(lines[1]).toBe('needs.csv, null, null: not checked: model.yaml declares its services and backlog columns and has problems (listed above); fix model.yaml first, then validate again');
  });

  it('a model whose tables suit the default services gets the model.yaml problem only', async () => {
    const folder = await copyOf('tiny', (copy) => replaceIn(copy, 'model.yaml', /^horizon_years: .*$/m, 'horizon_years: ten'));
    expect(await problemLines(folder)).toEqual(['model.yaml, 6, horizon_years: expected a number, found "ten"']);
  });
});

describe('empty columns right of a table', () => {
  it('are left out silently: needs.csv with ",,," after every line (header included) loads as the tiny model does', async () => {
    const folder = await copyOf('tiny', (copy) => replaceIn(copy, 'needs.csv', /\r?\n/g, ',,,\n'));
    const dataset = await loadModel(folder);
    const original = await loadModel(path.join(fixtures, 'tiny'));
    expect(dataset.needs.map((need) => [need.municipalityCode, need.service, need.backlogHouseholds])).toEqual(original.needs.map((need) => [need.municipalityCode, need.service, need.backlogHouseholds]));
  });

  it('a value under an empty header name is an error naming the row and column', async () => {
    const folder = await copyOf('tiny', async (copy) => {
      await replaceIn(copy, 'needs.csv', /\r?\n/g, ',,\n');
      await replaceIn(copy, 'needs.csv', 'WC011,sanitation,1100,8,7.2,yes,,', 'WC011,sanitation,1100,8,7.2,yes,,note');
    });
    expect(await problemLines(folder)).toEqual(['needs.csv, 3, #8: column 8 holds "note", but its column has no name in the header (row 1); give the column a name, or delete the value']);
  });

  it('the same in a workbook is an error naming the row and the columns (a sheet stores no empty header cell)', async () => {
    const csv = await copyOf('tiny', async (copy) => {
      await replaceIn(copy, 'needs.csv', /\r?\n/g, ',,\n');
      await replaceIn(copy, 'needs.csv', 'WC011,sanitation,1100,8,7.2,yes,,', 'WC011,sanitation,1100,8,7.2,yes,,note');
    });
    const { writeWorkbookFromCsv } = await import('./workbook-from-csv.js');
    const workbook = await writeWorkbookFromCsv(csv, await mkdtemp(path.join(scratch, 'xlsx-')));
    const error = await loadModel(workbook).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).problems.map((problem) => `${problem.row}, ${problem.column}: ${problem.message}`)).toEqual([
      '3, null: row has values right of the last header column F (as far as column H)',
    ]);
  });
});

describe('a totals row at the bottom of a table', () => {
  it('is named as a totals row to remove, with nothing else about it (no unknown municipality Total, no empty required cells)', async () => {
    const folder = await copyOf('tiny', async (copy) => {
      await replaceIn(copy, 'needs.csv', /\n?$/, '\nTotal,,3150,,,\n');
      await replaceIn(copy, 'funding.csv', /\n?$/, '\nTotaal,,,230000000,,\n');
      // The label under a later column, the id cell left empty.
      await replaceIn(copy, 'projects.csv', /\n?$/, '\n,,,,Grand total:,305000000,,,,,,,,,,,,,,\n');
    });
    expect(await problemLines(folder)).toEqual([
      'needs.csv, 8, municipality_code: this looks like a totals row (its first filled cell is "Total"): remove it; every row of a table is one entry, and infraplan adds the rows up itself',
      'projects.csv, 11, description: this looks like a totals row (its first filled cell is "Grand total:"): remove it; every row of a table is one entry, and infraplan adds the rows up itself',
      'funding.csv, 10, source_id: this looks like a totals row (its first filled cell is "Totaal"): remove it; every row of a table is one entry, and infraplan adds the rows up itself',
    ]);
  });
});

describe('a table saved under another name', () => {
  it('needs.xlsx in a CSV model folder: the file is named, with how to save it as CSV', async () => {
    const folder = await copyOf('tiny', async (copy) => {
      await rm(path.join(copy, 'needs.csv'));
      await writeFile(path.join(copy, 'needs.xlsx'), 'not read');
    });
    expect(await problemLines(folder)).toEqual([
      'needs.csv, null, null: file not found, but needs.xlsx is there: the tables of a model are read from CSV files (or from one model.xlsx with a sheet per table); open it in Excel and use File > Save As, "CSV UTF-8 (Comma delimited) (*.csv)"',
    ]);
  });

  it('needs.ods and Needs.csv get the advice that fits them', async () => {
    const ods = await copyOf('tiny', async (copy) => {
      await rm(path.join(copy, 'needs.csv'));
      await writeFile(path.join(copy, 'needs.ods'), 'not read');
    });
    expect((await problemLines(ods))[0]).toContain('but needs.ods is there: the tables of a model are read from CSV files (or from one model.xlsx with a sheet per table); open it in LibreOffice Calc and use File > Save As, "Text CSV (.csv)"');
    const cased = await copyOf('tiny', async (copy) => {
      await rm(path.join(copy, 'needs.csv'));
      await writeFile(path.join(copy, 'Needs.csv'), 'not read');
    });
    expect((await problemLines(cased))[0]).toContain('but Needs.csv is there: the tables of a model are read from CSV files (or from one model.xlsx with a sheet per table); rename it to needs.csv: file names are matched exactly, in lower case');
  });

  it('every table saved as .ods: the folder problem names them', async () => {
    const folder = path.join(scratch, 'all-ods');
    await cp(path.join(fixtures, 'tiny', 'model.yaml'), path.join(folder, 'model.yaml'), { recursive: true });
    for (const table of ['municipalities', 'needs', 'indicators', 'projects', 'funding']) await writeFile(path.join(folder, `${table}.ods`), 'not read');
    expect(await problemLines(folder)).toEqual([
      ', null, null: no tables found; expected municipalities.csv, needs.csv, indicators.csv, projects.csv, funding.csv or model.xlsx; found municipalities.ods, needs.ods, indicators.ods, projects.ods, funding.ods instead: open each in LibreOffice Calc and use File > Save As, "Text CSV (.csv)", character set UTF-8, field delimiter ","',
    ]);
  });
});

describe('numbers as Excel users type them', () => {
  it('are refused, each message saying what was read and what to type', async () => {
    const folder = await copyOf('tiny', async (copy) => {
      await replaceIn(copy, 'funding.csv', '2026/27,30000000', '2026/27,1 234 567');
      await replaceIn(copy, 'funding.csv', '2027/28,30000000', '2027/28,"1,234,567"');
      await replaceIn(copy, 'funding.csv', '2028/29,35000000', '2028/29,R 26 000 000');
      await replaceIn(copy, 'funding.csv', '2029/30,35000000', '2029/30,"26 000 000,00"');
      await replaceIn(copy, 'needs.csv', 'WC011,water,1500', 'WC011,water,"1,500"');
      await replaceIn(copy, 'municipalities.csv', ',0.89,yes', ',0.89%,yes');
    });
    expect(await problemLines(folder)).toEqual([
      'municipalities.csv, 2, growth_rate_percent_per_year: expected a number >= -100, found "0.89%"; write the number without %: 0.89 in a column in percent (a name ending in _percent), 0.0089 in a share column (0 to 1)',
      'needs.csv, 2, backlog_households: expected a number >= 0, found "1,500"; write 1500 for the thousands, or 1.500 with a decimal point; a number is plain digits with a point for decimals',
      'funding.csv, 2, envelope_rand: expected a number >= 0, found "1 234 567"; read as 1234567 written with spaces between the thousands; write plain digits with a point for decimals: 1234567',
      'funding.csv, 3, envelope_rand: expected a number >= 0, found "1,234,567"; read as 1234567 written with commas between the thousands; write plain digits with a point for decimals: 1234567',
      'funding.csv, 4, envelope_rand: expected a number >= 0, found "R 26 000 000"; read as 26000000 written with the currency R and spaces between the thousands; write plain digits with a point for decimals: 26000000',
      'funding.csv, 5, envelope_rand: expected a number >= 0, found "26 000 000,00"; read as 26000000 written with spaces between the thousands and a decimal comma; write plain digits with a point for decimals: 26000000',
    ]);
  });
});

describe('did you mean, for unknown ids as for columns and keys', () => {
  it('suggests the one close id: a look-alike letter, a swap, a case slip; and nothing when two are as close or none is', async () => {
    const { suggestId } = await import('../../src/dataset/suggest.js');
    const codes = ['WC011', 'WC012', 'WC022'];
    expect(suggestId('WC01l', codes)).toBe(' (did you mean WC011?)');
    expect(suggestId('wc022', codes)).toBe(' (did you mean WC022?)');
    expect(suggestId('WC013', codes)).toBe('');
    expect(suggestId('RBGI', ['RBIG', 'MIG'])).toBe(' (did you mean RBIG?)');
    expect(suggestId('PROV', ['RBIG', 'MIG'])).toBe('');
  });

  it('in the loader: unknown municipality, funding source and prerequisite', async () => {
    const folder = await copyOf('tiny', async (copy) => {
      await replaceIn(copy, 'projects.csv', 'WC011-W-02,WC011,water', 'WC011-W-02,WC01l,water');
      await replaceIn(copy, 'projects.csv', '2027/28,2029/30,WC011-W-01,,RBIG,', '2027/28,2029/30,WC011-W-0l,,RBGI,');
    });
    // Each names the file the id must be in, with its path, and what to do.
    const at = (name: string): string => `${name} (${path.join(folder, name)})`;
    expect(await problemLines(folder)).toEqual([
      `projects.csv, 3, municipality_code: municipality WC01l is not in ${at('municipalities.csv')}: add a row for it there, or correct the code (did you mean WC011?)`,
      `projects.csv, 3, prerequisites: prerequisite WC011-W-0l is not a project in ${at('projects.csv')}: add a row for it there, or correct the id (did you mean WC011-W-01?)`,
      `projects.csv, 3, funding_sources: funding source RBGI is not in ${at('funding.csv')}: add its rows there (one per financial year), or correct the id (did you mean RBIG?)`,
    ]);
  });
});

describe('model.yaml problems name their line (and column)', () => {
  it('a syntax error names line and column', async () => {
    const folder = await copyOf('tiny', (copy) => replaceIn(copy, 'model.yaml', /^policy:\n/m, 'policy:\n  need_weight 0.5\n'));
    const [line] = await problemLines(folder);
    expect(line).toBe('model.yaml, 44, null: not valid YAML: Implicit keys need to be on a single line (column 3)');
  });

  it('a misspelt required key is one problem on its own line, not also "required key is missing" elsewhere', async () => {
    const folder = await copyOf('tiny', (copy) => replaceIn(copy, 'model.yaml', /^horizon_years:/m, 'horizon_yaers:'));
    expect(await problemLines(folder)).toEqual(['model.yaml, 6, horizon_yaers: unknown key (did you mean horizon_years? it is required, and missing)']);
  });

  it('a schema error of a nested key names the line of that key', async () => {
    const folder = await copyOf('tiny', (copy) => replaceIn(copy, 'model.yaml', /^ {2}need_weight: 0\.5$/m, '  need_weight: lots'));
    expect(await problemLines(folder)).toEqual(['model.yaml, 45, policy.need_weight: expected a number, found "lots"']);
  });
});
