import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import { InvalidInputError, type DataProblem } from '../../src/errors/problems.js';
import { validateRun as validateModel } from '../../src/pipeline/validate-run.js';

const brokenRoot = path.join('tests', 'fixtures', 'broken');

/** What one broken fixture must report: the file (relative to the fixture), row, column and words of the message. */
interface Expected {
  readonly file: string;
  readonly row: number | null;
  readonly column: string | null;
  readonly messageIncludes: string;
}

/** Every broken fixture and the single problem it must produce (tests/fixtures/broken/README.md says what was broken). */
const singleProblemFixtures: Record<string, Expected> = {
  'missing-column': { file: 'projects.csv', row: 1, column: 'status', messageIncludes: 'missing required column' },
  'unknown-column': { file: 'municipalities.csv', row: 1, column: 'ilustrative', messageIncludes: 'did you mean illustrative?' },
  'non-numeric-amount': { file: 'projects.csv', row: 3, column: 'capex_rand', messageIncludes: 'expected a number > 0, found "R60m"' },
  'negative-amount': { file: 'funding.csv', row: 4, column: 'envelope_rand', messageIncludes: 'expected a number >= 0, found -35000000' },
  'bad-enum': { file: 'projects.csv', row: 5, column: 'service', messageIncludes: 'expected one of water, sanitation' },
  'bad-financial-year': { file: 'projects.csv', row: 2, column: 'earliest_start_year', messageIncludes: 'expected a financial year like 2026/27; found "2026/28"' },
  'unknown-municipality': { file: 'projects.csv', row: 10, column: 'municipality_code', messageIncludes: 'municipality WC023 is not in municipalities.csv (' },
  'duplicate-ids': { file: 'projects.csv', row: 6, column: 'project_id', messageIncludes: 'project WC012-W-01 already appears in row 5' },
  'prerequisite-cycles': { file: 'projects.csv', row: 2, column: 'prerequisites', messageIncludes: 'cycle WC011-W-01 → WC011-W-02 → WC011-W-01' },
  'prerequisite-exists': { file: 'projects.csv', row: 3, column: 'prerequisites', messageIncludes: 'prerequisite WC011-W-09 is not a project' },
  'cash-flow-totals': { file: 'projects.csv', row: 2, column: 'cashflow_percent', messageIncludes: 'add up to 90%, expected 100%' },
  'cash-flow-rand': { file: 'projects.csv', row: 4, column: 'cashflow_rand', messageIncludes: 'adds up to R 24000000, expected capex_rand R 25000000' },
  'start-window': { file: 'projects.csv', row: 7, column: 'latest_start_year', messageIncludes: 'latest start 2027/28 is before earliest start 2029/30' },
  'start-window-outside-horizon': { file: 'projects.csv', row: 8, column: 'latest_start_year', messageIncludes: '2031/32 is outside the planning horizon 2026/27–2029/30' },
  'funding-eligibility': { file: 'projects.csv', row: 7, column: 'funding_sources', messageIncludes: 'funding source WSIG is not in funding.csv (' },
  'funding-no-envelope': { file: 'projects.csv', row: 10, column: 'funding_sources', messageIncludes: 'none of its sources (PROV) has any money' },
  'carry-over-consistent': { file: 'funding.csv', row: 7, column: 'carry_over', messageIncludes: 'carry_over is no here but yes in row 6 for MIG' },
  'needs-complete': { file: 'needs.csv', row: 8, column: 'service', messageIncludes: 'WC022 × sanitation need already appears in row 7' },
  // Issue 9 review, finding 2: the root problem alone, none of the "no water row for ..." it would cause.
  'needs-no-service-column': { file: 'needs.csv', row: 1, column: 'service', messageIncludes: 'missing required column' },
  // Issue 9 review, finding 10: the row where the stray quote opens, not where the parser gave up.
  'unclosed-quote': { file: 'projects.csv', row: 3, column: null, messageIncludes: 'a quote (") opens a cell on this row and is not closed on it; the cell runs on to a quote on row 5' },
  'broken-sheet-link-xlsx': { file: 'model.xlsx', row: null, column: null, messageIncludes: 'the sheet "funding" is listed in the workbook, but its contents are missing from the file' },
  'needs-header-only': { file: 'needs.csv', row: null, column: null, messageIncludes: 'no data rows under the header' },
  'needs-utf16-no-bom': { file: 'needs.csv', row: null, column: null, messageIncludes: 'file is UTF-16 little-endian (no byte-order mark) text, not UTF-8' },
  'exclusive-group-committed': { file: 'projects.csv', row: 6, column: 'status', messageIncludes: 'both committed in exclusive group CED-RES' },
  'empty-file': { file: 'funding.csv', row: null, column: null, messageIncludes: 'file is empty' },
  'no-data-rows': { file: 'municipalities.csv', row: null, column: null, messageIncludes: 'no data rows under the header' },
  'not-utf8': { file: 'municipalities.csv', row: 3, column: null, messageIncludes: 'not UTF-8' },
  'missing-file': { file: 'projects.csv', row: null, column: null, messageIncludes: 'file not found' },
  'corrupt-xlsx': { file: 'model.xlsx', row: null, column: null, messageIncludes: 'not a readable .xlsx workbook' },
  // Issue 9: hostile and broken input. Each gives its root problem and nothing that follows from it.
  'long-name': { file: 'model.yaml', row: 3, column: 'name', messageIncludes: 'expected at most 100 characters, found 300' },
  'no-growth-indicator': { file: 'model.yaml', row: 10, column: 'indicators', messageIncludes: 'no indicator has theme growth' },
  'zero-weights': { file: 'model.yaml', row: 14, column: 'indicators', messageIncludes: 'every need indicator has weight 0 (water_backlog_share, sanitation_backlog_share)' },
  'committed-cannot-start': { file: 'projects.csv', row: 4, column: 'status', messageIncludes: 'committed project WC011-S-01 can never be funded' },
  'yaml-aliases': { file: 'model.yaml', row: null, column: null, messageIncludes: 'aliases (*name) expand to too much data' },
  'yaml-deep': { file: 'model.yaml', row: 46, column: null, messageIncludes: 'nested too deeply to read (at most 20 levels' },
  'utf16-model-yaml': { file: 'model.yaml', row: null, column: null, messageIncludes: 'file is UTF-16 text, not UTF-8; save it as UTF-8 (in Notepad' },
  'extra-cells': { file: 'municipalities.csv', row: 2, column: null, messageIncludes: 'row has 13 cells, the header has 12: delete the cells right of the table' },
  'missing-cells': { file: 'projects.csv', row: 3, column: null, messageIncludes: 'row has 19 cells, the header has 20 (no cell under illustrative): a cell or a comma is missing' },
  'duplicated-header': { file: 'municipalities.csv', row: 1, column: 'municipality_code', messageIncludes: 'column appears twice in the header' },
  'merged-header-xlsx': { file: 'model.xlsx [funding]', row: 1, column: null, messageIncludes: 'header cells A1:B1 are merged' },
  'stray-header-cell-xlsx': { file: 'model.xlsx [projects]', row: 1, column: null, messageIncludes: 'reaches column XFD (16,384 columns), more than the 500 a table may have: delete the stray cell XFD1 ("x")' },
};

/** The problems loadModel throws for a fixture. */
async function problemsOf(fixture: string): Promise<readonly DataProblem[]> {
  const error = await loadModel(path.join(brokenRoot, fixture)).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error, `${fixture} should be rejected`).toBeInstanceOf(InvalidInputError);
  return (error as InvalidInputError).problems;
}

describe('each broken fixture reports its one problem with file, row and column', () => {
  for (const [fixture, expected] of Object.entries(singleProblemFixtures)) {
    it(fixture, async () => {
      const problems = await problemsOf(fixture);
      expect(problems).toHaveLength(1);
      const [problem] = problems;
      expect(problem.file).toBe(path.join(brokenRoot, fixture, expected.file));
      expect(problem.row).toBe(expected.row);
      expect(problem.column).toBe(expected.column);
      expect(problem.message).toContain(expected.messageIncludes);
    });
  }
});

describe('fixtures with more than one problem', () => {
  it('needs-no-municipality-column reports the missing column and the unknown one, and nothing that follows from them', async () => {
    const file = path.join(brokenRoot, 'needs-no-municipality-column', 'needs.csv');
    expect((await problemsOf('needs-no-municipality-column')).map(({ file: problemFile, row, column }) => ({ file: problemFile, row, column }))).toEqual([
      { file, row: 1, column: 'municipality_code' },
      { file, row: 1, column: 'muni' },
    ]);
  });

  it('indicator-columns reports both the missing declared column and the undeclared one, on the header row', async () => {
    const file = path.join(brokenRoot, 'indicator-columns', 'indicators.csv');
    expect((await problemsOf('indicator-columns')).map(({ file: problemFile, row, column }) => ({ file: problemFile, row, column }))).toEqual([
      { file, row: 1, column: 'unemployment_rate_percent' },
      { file, row: 1, column: 'unemployment_percent' },
    ]);
  });

  it('model-yaml reports every bad key with its line', async () => {
    const file = path.join(brokenRoot, 'model-yaml', 'model.yaml');
    expect(await problemsOf('model-yaml')).toEqual([
      { file, row: 6, column: 'horizon_years', message: 'expected a number, found "four"' },
      { file, row: 36, column: 'policy.need_weight', message: 'expected a value at or below 1, found 1.5' },
      { file, row: 42, column: 'policy.min_sanitaton_share', message: 'unknown key (did you mean min_sanitation_share?)' },
    ]);
  });

  it('several-problems reports all five, shape and cross-table alike, in file and row order', async () => {
    const folder = path.join(brokenRoot, 'several-problems');
    const located = (await problemsOf('several-problems')).map(({ file, row, column }) => [path.relative(folder, file), row, column]);
    expect(located).toEqual([
      ['needs.csv', 4, 'backlog_households'],
      ['projects.csv', 2, 'prerequisites'],
      ['projects.csv', 3, 'capex_rand'],
      ['projects.csv', 10, 'municipality_code'],
      ['funding.csv', 7, 'carry_over'],
    ]);
  });
});

describe('validateModel', () => {
  it('returns the problems instead of throwing', async () => {
    const report = await validateModel(path.join(brokenRoot, 'several-problems'));
    expect(report.valid).toBe(false);
    expect(report.summary).toBeNull();
    expect(report.problems).toHaveLength(5);
  });

  it('summarises the tiny model with hand-computed totals', async () => {
    const report = await validateModel(path.join('tests', 'fixtures', 'tiny'));
    expect(report.valid).toBe(true);
    expect(report.summary).toEqual({
      name: 'tiny',
      title: 'Tiny test model (two West Coast and one Cape Winelands municipality)',
      horizonLabel: '2026/27–2029/30',
      horizonYears: 4,
      municipalityCount: 3,
      districtCount: 2,
      projectsByStatus: { candidate: 7, committed: 1, excluded: 1 },
      // 40 + 60 + 25 + 30 + 45 + 50 + 35 + 20 million; the excluded R80m pipeline left out.
      candidateAndCommittedCapexRand: 305_000_000,
      fundingBySource: [
        { sourceId: 'RBIG', sourceName: 'Regional Bulk Infrastructure Grant', purpose: 'capital', totalRand: 130_000_000 },
        { sourceId: 'MIG', sourceName: 'Municipal Infrastructure Grant', purpose: 'capital', totalRand: 100_000_000 },
      ],
      illustrativeTables: [
        { table: 'municipalities', illustrativeRows: 3, totalRows: 3 },
        { table: 'needs', illustrativeRows: 6, totalRows: 6 },
        { table: 'indicators', illustrativeRows: 3, totalRows: 3 },
        { table: 'projects', illustrativeRows: 9, totalRows: 9 },
        { table: 'funding', illustrativeRows: 2, totalRows: 2 },
      ],
      illustrativeNote: 'All figures in this test model are illustrative.',
    });
  });
});
