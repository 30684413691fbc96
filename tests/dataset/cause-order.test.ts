/**
 * validate lists a problem's cause before what follows from it: problems in file load order, then
 * by row, and a follow-on either dropped (when the cause's own line already says it all) or marked
 * "(follows from the problem above)" and placed right after its cause, whatever its own row.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import { FOLLOWS_FROM_ABOVE, InvalidInputError, type DataProblem } from '../../src/errors/problems.js';
import { validateRun } from '../../src/pipeline/validate-run.js';

const tinyFolder = path.join('tests', 'fixtures', 'tiny');

let scratch: string;
let copies = 0;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'infraplan-cause-order-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** A copy of the tiny model with text replacements (each must be found) applied per file. */
async function brokenCopy(edits: Record<string, [string | RegExp, string][]>): Promise<string> {
  copies += 1;
  const folder = path.join(scratch, `tiny-${copies}`);
  await cp(tinyFolder, folder, { recursive: true });
  for (const [file, replacements] of Object.entries(edits)) {
    let text = await readFile(path.join(folder, file), 'utf8');
    for (const [from, to] of replacements) {
      const before = text;
      text = text.replace(from, to);
      expect(text, `${file}: ${String(from)} should be found`).not.toBe(before);
    }
    await writeFile(path.join(folder, file), text);
  }
  return folder;
}

/** The problems loadModel lists for a folder, as `file, row, column: message` with the file's base name. */
async function problemLines(folder: string): Promise<string[]> {
  const error = await loadModel(folder).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error, `${folder} should be rejected`).toBeInstanceOf(InvalidInputError);
  return (error as InvalidInputError).problems.map((problem: DataProblem) => {
    const rows = problem.repeated ? `rows ${problem.repeated.rows}` : String(problem.row);
    return `${path.basename(problem.file)}, ${rows}, ${problem.column}: ${problem.message}`;
  });
}

describe('a rejected needs row is not reported again as a missing one', () => {
  it('a misspelt service: the row is reported, not "no water row" for its municipality', async () => {
    const folder = await brokenCopy({ 'needs.csv': [['WC012,water,700', 'WC012,watr,700']] });
    expect(await problemLines(folder)).toEqual(['needs.csv, 4, service: expected one of water, sanitation; found "watr"']);
  });

  it('a misspelt municipality code: the unknown code first, then the missing row marked as following from it', async () => {
    const folder = await brokenCopy({ 'needs.csv': [['WC012,water,700', 'WC0l2,water,700']] });
    const lines = await problemLines(folder);
    expect(lines).toEqual([
      expect.stringMatching(/^needs\.csv, 4, municipality_code: municipality WC0l2 is not in municipalities\.csv \(.*municipalities\.csv\): add a row for it there, or correct the code \(did you mean WC012\?\)$/),
      `needs.csv, null, service: no water row for municipality WC012; give one row per municipality and service ${FOLLOWS_FROM_ABOVE}`,
    ]);
  });

  it('a missing row with no rejected row that could be it is reported plainly, before the row problems', async () => {
    const folder = await brokenCopy({ 'needs.csv': [['WC012,water,700,9,8.8,yes\n', ''], ['WC022,water,2400', 'WC022,water,lots']] });
    expect(await problemLines(folder)).toEqual([
      'needs.csv, null, service: no water row for municipality WC012; give one row per municipality and service',
      'needs.csv, 5, backlog_households: expected a number >= 0, found "lots"',
    ]);
  });

  it('a misspelt indicator row code: the unknown code, then "no indicator row" marked', async () => {
    const folder = await brokenCopy({ 'indicators.csv': [['WC022,0.06', 'WC02Z,0.06']] });
    const lines = await problemLines(folder);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^indicators\.csv, 4, municipality_code: municipality WC02Z is not in municipalities\.csv/);
    expect(lines[1]).toBe(`indicators.csv, null, municipality_code: no indicator row for municipality WC022 ${FOLLOWS_FROM_ABOVE}`);
  });
});

describe('a project that fails, and a committed project that needs it', () => {
  // WC011-S-01 (row 4, committed in 2026/27 only) is given WC022-W-02 (row 10) as a prerequisite.
  const needsLaterProject: [string, string] = ['2026/27,2026/27,,,MIG,committed', '2026/27,2026/27,WC022-W-02,,MIG,committed'];

  it('the prerequisite with a start outside the horizon comes first, the committed project after it, marked', async () => {
    const folder = await brokenCopy({ 'projects.csv': [needsLaterProject, ['300,1,2027/28,2029/30', '300,1,2099/00,2029/30']] });
    expect(await problemLines(folder)).toEqual([
      'projects.csv, 10, earliest_start_year: 2099/00 is outside the planning horizon 2026/27–2029/30',
      `projects.csv, 10, latest_start_year: latest start 2029/30 is before earliest start 2099/00 ${FOLLOWS_FROM_ABOVE}`,
      `projects.csv, 4, prerequisites: committed project WC011-S-01 can never be funded: its prerequisites (WC022-W-02) cannot all be finished before a start in its window 2026/27–2026/27 that also lets it finish by 2029/30 ${FOLLOWS_FROM_ABOVE}`,
    ]);
  });

  it('with a sound prerequisite, the committed project is the cause and is not marked', async () => {
    const folder = await brokenCopy({ 'projects.csv': [needsLaterProject] });
    const lines = await problemLines(folder);
    expect(lines).toEqual([expect.stringContaining('projects.csv, 4, prerequisites: committed project WC011-S-01 can never be funded')]);
    expect(lines[0]).not.toContain(FOLLOWS_FROM_ABOVE);
  });

  it('a prerequisite whose municipality is not in municipalities.csv: that one line, with the file to add it to', async () => {
    const folder = await brokenCopy({ 'projects.csv': [['WC011-W-01,WC011,water', 'WC011-W-01,WC099,water']] });
    const lines = await problemLines(folder);
    expect(lines).toEqual([`projects.csv, 2, municipality_code: municipality WC099 is not in municipalities.csv (${path.join(folder, 'municipalities.csv')}): add a row for it there, or correct the code`]);
  });
});

describe('a duplicated id', () => {
  it('a committed project entered twice in an exclusive group is one duplicate, not also "both committed"', async () => {
    // WC012-W-02 (row 6, group CED-RES) becomes a second committed WC012-W-01 in the same group.
    const folder = await brokenCopy({
      'projects.csv': [
        ['2026/27,2029/30,,CED-RES,RBIG;MIG,candidate,,municipal,Cederberg,yes\nWC012-W-02,', '2026/27,2029/30,,CED-RES,RBIG;MIG,committed,,municipal,Cederberg,yes\nWC012-W-01,'],
        ['3,2026/27,2029/30,,CED-RES,RBIG;MIG,candidate', '3,2026/27,2029/30,,CED-RES,RBIG;MIG,committed'],
      ],
    });
    expect(await problemLines(folder)).toEqual(['projects.csv, 6, project_id: project WC012-W-01 already appears in row 5; ids must be unique']);
  });

  it('two different committed projects in one group are still reported', async () => {
    const folder = await brokenCopy({
      'projects.csv': [
        ['2026/27,2029/30,,CED-RES,RBIG;MIG,candidate,,municipal,Cederberg,yes\nWC012-W-02,', '2026/27,2029/30,,CED-RES,RBIG;MIG,committed,,municipal,Cederberg,yes\nWC012-W-02,'],
        ['3,2026/27,2029/30,,CED-RES,RBIG;MIG,candidate', '3,2026/27,2029/30,,CED-RES,RBIG;MIG,committed'],
      ],
    });
    expect(await problemLines(folder)).toEqual([expect.stringContaining('projects.csv, 6, status: WC012-W-02 and WC012-W-01 (row 5) are both committed in exclusive group CED-RES')]);
  });
});

describe('a funding source whose rows disagree on purpose', () => {
  it('the funding row comes first; the projects it leaves without capital follow it, marked', async () => {
    const folder = await brokenCopy({
      'funding.csv': [
        ['carry_over,illustrative', 'carry_over,purpose,illustrative'],
        [/,(yes|no),yes$/gm, ',$1,capital,yes'],
        ['2027/28,25000000,yes,capital', '2027/28,25000000,yes,operating'],
      ],
    });
    expect(await problemLines(folder)).toEqual([
      'funding.csv, 7, purpose: purpose is operating here but capital in row 6 for MIG; a source pays for capital or for operating, in every row',
      `projects.csv, rows 4, 7-8, funding_sources: every source named (MIG) is an operating source; name at least one capital source to pay for building it ${FOLLOWS_FROM_ABOVE}`,
    ]);
  });
});

describe('the order of problems across files', () => {
  it('is model load order (municipalities, needs, indicators, projects, funding), then row', async () => {
    const folder = await brokenCopy({
      'funding.csv': [['2029/30,25000000', '2029/30,lots']],
      'projects.csv': [['WC022-S-01,WC022', 'WC022-S-01,WC098'], ['WC011-W-01,WC011,water,bulk_pipeline,Olifants River bulk pipeline to Vredendal,40000000', 'WC011-W-01,WC011,water,bulk_pipeline,Olifants River bulk pipeline to Vredendal,-5']],
      'indicators.csv': [['WC012,0.043', 'WC012,much']],
      'municipalities.csv': [['WC022,Witzenberg,DC2,Cape Winelands,WC,B2,115946', 'WC022,Witzenberg,DC2,Cape Winelands,WC,B2,many']],
      'needs.csv': [['WC011,sanitation,1100', 'WC011,sanitation,-1']],
    });
    const lines = await problemLines(folder);
    expect(lines.map((line) => line.split(':')[0])).toEqual([
      'municipalities.csv, 4, population_2011',
      'needs.csv, 3, backlog_households',
      'indicators.csv, 3, water_backlog_share',
      'projects.csv, 2, capex_rand',
      'projects.csv, 8, municipality_code',
      'funding.csv, 9, envelope_rand',
    ]);
  });

  it('validate --json keeps the cause of a follow-on as `follows`', async () => {
    const folder = await brokenCopy({ 'needs.csv': [['WC012,water,700', 'WC0l2,water,700']] });
    const report = await validateRun(folder);
    expect(report.valid).toBe(false);
    const followOn = report.problems.find((problem) => problem.message.endsWith(FOLLOWS_FROM_ABOVE));
    expect(followOn?.follows).toEqual({ file: path.join(folder, 'needs.csv'), row: 4 });
    expect(report.problems.indexOf(followOn!)).toBe(1);
  });
});
