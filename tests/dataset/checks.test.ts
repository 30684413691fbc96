import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import { InvalidInputError, type DataProblem } from '../../src/errors/problems.js';

const tinyFolder = path.join('tests', 'fixtures', 'tiny');
const files = ['model.yaml', 'municipalities.csv', 'needs.csv', 'indicators.csv', 'projects.csv', 'funding.csv'];

let temporaryRoot: string;
beforeAll(async () => {
  temporaryRoot = await mkdtemp(path.join(tmpdir(), 'infraplan-checks-'));
});
afterAll(async () => {
  await rm(temporaryRoot, { recursive: true, force: true });
});

/** Load a copy of the tiny model with text replacements applied, and return its problems (row and message). */
async function problemsAfter(name: string, edits: Record<string, [string, string][]>): Promise<Pick<DataProblem, 'row' | 'column' | 'message'>[]> {
  const folder = await mkdtemp(path.join(temporaryRoot, `${name}-`));
  for (const file of files) await copyFile(path.join(tinyFolder, file), path.join(folder, file));
  for (const [file, replacements] of Object.entries(edits)) {
    let text = await readFile(path.join(folder, file), 'utf8');
    for (const [from, to] of replacements) {
      expect(text, `${file} should contain ${from}`).toContain(from);
      text = text.replace(from, to);
    }
    await writeFile(path.join(folder, file), text);
  }
  const error = await loadModel(folder).then(
    () => null,
    (caught: unknown) => caught,
  );
  if (error === null) return [];
  if (!(error instanceof InvalidInputError)) throw error;
  return error.problems.map(({ row, column, message }) => ({ row, column, message }));
}

describe('checkPrerequisiteCycles', () => {
  it('names a three-project cycle once, from the project first in the file', async () => {
    const problems = await problemsAfter('cycle-of-three', {
      'projects.csv': [
        ['2026/27,2028/29,,,RBIG;MIG', '2026/27,2028/29,WC011-S-01,,RBIG;MIG'],
        ['2026/27,2026/27,,,MIG,committed', '2026/27,2026/27,WC011-W-02,,MIG,committed'],
      ],
    });
    expect(problems).toEqual([
      {
        row: 2,
        column: 'prerequisites',
        message: 'prerequisites form a cycle WC011-W-01 → WC011-S-01 → WC011-W-02 → WC011-W-01 (each needs the next), so none of them can start',
      },
    ]);
  });

  it('reports a project that needs itself', async () => {
    const problems = await problemsAfter('self-cycle', { 'projects.csv': [['2029/30,,,MIG,candidate,,municipal,Cederberg,yes\nWC022-S-01', '2029/30,WC012-S-01,,MIG,candidate,,municipal,Cederberg,yes\nWC022-S-01']] });
    expect(problems).toEqual([{ row: 7, column: 'prerequisites', message: 'prerequisites form a cycle WC012-S-01 → WC012-S-01 (each needs the next), so none of them can start' }]);
  });
});

describe('a duplicated project id', () => {
  it('is reported once as a duplicate, not again as a cycle through its own prerequisite', async () => {
    // Row 3 (WC011-W-02, which needs WC011-W-01) renamed to WC011-W-01: a copy-paste slip.
    const problems = await problemsAfter('duplicate-id', { 'projects.csv': [['\nWC011-W-02,', '\nWC011-W-01,']] });
    expect(problems.filter((problem) => problem.column === 'prerequisites')).toEqual([]);
    expect(problems).toEqual([expect.objectContaining({ row: 3, column: 'project_id' })]);
  });
});

describe('completeness of needs and indicators', () => {
  it('reports a municipality without a needs row for a service', async () => {
    const problems = await problemsAfter('needs-missing', { 'needs.csv': [['WC012,water,700,9,8.8,yes\n', '']] });
    expect(problems).toEqual([{ row: null, column: 'service', message: 'no water row for municipality WC012; give one row per municipality and service' }]);
  });

  it('reports a municipality without an indicator row, and a duplicated indicator row', async () => {
    const problems = await problemsAfter('indicators-rows', { 'indicators.csv': [['WC012,', 'WC011,']] });
    // Row 3 (WC012's) was typed WC011: the repeated row is the cause, and the missing WC012 row
    // follows from it (a typo away), so it comes right after it, marked.
    expect(problems).toEqual([
      { row: 3, column: 'municipality_code', message: 'indicator row for WC011 already appears in row 2; ids must be unique' },
      { row: null, column: 'municipality_code', message: 'no indicator row for municipality WC012 (follows from the problem above)' },
    ]);
  });
});

describe('checkCashFlowTotals', () => {
  it('requires exactly one of the two cash flow columns', async () => {
    const problems = await problemsAfter('cash-flow-columns', {
      'projects.csv': [
        ['40000000,40;60,,', '40000000,,,'],
        ['25000000,,10000000;15000000', '25000000,40;60,10000000;15000000'],
      ],
    });
    expect(problems).toEqual([
      { row: 2, column: 'cashflow_percent', message: 'no cash flow; give cashflow_percent (e.g. 30;50;20) or cashflow_rand' },
      { row: 4, column: 'cashflow_rand', message: 'both cashflow_percent and cashflow_rand are given; keep only one' },
    ]);
  });

  it('accepts shares within 0.01 of 100 and rejects a difference just above it', async () => {
    expect(await problemsAfter('within-tolerance', { 'projects.csv': [['40000000,40;60,', '40000000,40.005;60,']] })).toEqual([]);
    expect(await problemsAfter('above-tolerance', { 'projects.csv': [['40000000,40;60,', '40000000,40.02;60,']] })).toEqual([
      { row: 2, column: 'cashflow_percent', message: 'cash flow shares add up to 100.02%, expected 100%' },
    ]);
  });
});

describe('a bad row does not cause knock-on problems elsewhere', () => {
  it('a municipality row with a bad number still counts as a known municipality', async () => {
    const problems = await problemsAfter('bad-municipality-row', { 'municipalities.csv': [['WC012,Cederberg,DC1,West Coast,WC,B3', 'WC012,Cederberg,DC1,West Coast,WC,B7']] });
    expect(problems).toEqual([{ row: 3, column: 'miif_category', message: 'expected one of A, B1, B2, B3, B4; found "B7"' }]);
  });

  it('a missing required cell is reported once, at its row and column', async () => {
    const problems = await problemsAfter('empty-cell', { 'projects.csv': [['Olifants River bulk pipeline to Vredendal', '']] });
    expect(problems).toEqual([{ row: 2, column: 'description', message: 'required; the cell is empty' }]);
  });
});

describe('checkStartWindow and checkFundingEligibility edges', () => {
  it('accepts a window that fills the horizon exactly', async () => {
    expect(await problemsAfter('full-window', { 'projects.csv': [['2027/28,2029/30,WC011-W-01', '2026/27,2029/30,WC011-W-01']] })).toEqual([]);
  });

  it('does not require money for an excluded project', async () => {
    const problems = await problemsAfter('excluded-unfunded', {
      'projects.csv': [['2026/27,2029/30,,,RBIG,excluded', '2026/27,2029/30,,,PROV,excluded']],
      'funding.csv': [['MIG,Municipal Infrastructure Grant,2029/30,25000000,yes,yes\n', 'MIG,Municipal Infrastructure Grant,2029/30,25000000,yes,yes\nPROV,Provincial equitable share,2026/27,0,no,yes\n']],
    });
    expect(problems).toEqual([]);
  });
});

describe('messages for common typing mistakes', () => {
  it('quotes the bad item of a cash flow list and hints at thousands separators', async () => {
    const problems = await problemsAfter('typing', {
      'projects.csv': [['40000000,40;60,', '40000000,40;6o,']],
      'needs.csv': [['WC011,water,1500', 'WC011,water,"1,500"']],
    });
    expect(problems).toEqual([
      { row: 2, column: 'backlog_households', message: 'expected a number >= 0, found "1,500"; write 1500 for the thousands, or 1.500 with a decimal point; a number is plain digits with a point for decimals' },
      { row: 2, column: 'cashflow_percent', message: 'expected numbers separated by ; like 30;50;20 (each >= 0), found "6o" in "40;6o"' },
    ]);
  });

  it('reports only the first YAML syntax error, with its line', async () => {
    const problems = await problemsAfter('yaml-syntax', { 'model.yaml': [['horizon_years: 4', 'horizon_years: [4']] });
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(/^not valid YAML: /);
    expect(problems[0].row).toBeGreaterThanOrEqual(6);
  });
});

describe('constant indicators', () => {
  it('are noted by validate (they move no index), and varying ones are not', async () => {
    const { loadModel } = await import('../../src/dataset/load-model.js');
    const { constantIndicatorNotes } = await import('../../src/dataset/validate-model.js');
    const dataset = await loadModel(tinyFolder);
    expect(constantIndicatorNotes(dataset)).toEqual([]);
    const [first] = dataset.config.indicators;
    const flattened = { ...dataset, indicators: dataset.indicators.map((row) => ({ ...row, values: { ...row.values, [first.id]: 1 } })) };
    expect(constantIndicatorNotes(flattened)).toEqual([`indicator ${first.id} has the same value (1) in every municipality, so it changes no index; check indicators.csv`]);
  });
});
