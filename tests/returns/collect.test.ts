import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import type { ModelTables } from '../../src/dataset/model-tables.js';
import type { Dataset } from '../../src/dataset/types.js';
import { modelTablesFromDataset } from '../../src/dataset/write-model.js';
import { StoreUseError, collectReturns, decideSubmission, ensureStoreModel, importModelVersion } from '../../src/returns/collect-returns.js';
import { InvalidInputError } from '../../src/errors/problems.js';
import { formatReturnProblem } from '../../src/returns/return-problem.js';
import { buildChangeReport } from '../../src/returns/change-report.js';
import { exportModel } from '../../src/store/export-model.js';
import { modelStateAt } from '../../src/store/model-state.js';
import { ReturnStore } from '../../src/store/store.js';
import { copyAs, fillForm, makeForm } from './return-helpers.js';

let root: string;
let tinyDataset: Dataset;
let tiny: ModelTables;
const stores: ReturnStore[] = [];
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'infraplan-collect-'));
  tinyDataset = await loadModel('tests/fixtures/tiny');
  tiny = modelTablesFromDataset(tinyDataset);
});
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A clock that moves one hour on every reading, from 2026-02-01. */
function hourlyClock(): () => Date {
  let moment = Date.parse('2026-02-01T00:00:00Z');
  return () => {
    moment += 3_600_000;
    return new Date(moment);
  };
}

let caseCount = 0;
/** A folder and a new store holding the tiny model as version 1 (recorded 2026-01-01). */
async function newCase(): Promise<{ folder: string; store: ReturnStore; now: () => Date }> {
  caseCount += 1;
  const folder = path.join(root, `case-${caseCount}`);
  await mkdir(folder);
  const store = ReturnStore.open(path.join(folder, 'returns.sqlite'), { create: true });
  stores.push(store);
  ensureStoreModel(store, { model: tiny, source: 'tests/fixtures/tiny' }, { now: () => new Date('2026-01-01T00:00:00Z') });
  return { folder, store, now: hourlyClock() };
}

/** Every file of an exported model folder, by name. */
async function exportedFiles(store: ReturnStore, folder: string, asOf?: string): Promise<Record<string, string>> {
  const out = path.join(folder, `export-${Math.random().toString(36).slice(2)}`);
  await exportModel(store, { outDir: out, ...(asOf !== undefined ? { asOf } : {}) });
  const files: Record<string, string> = {};
  for (const name of await readdir(out)) files[name] = await readFile(path.join(out, name), 'utf8');
  return files;
}

/** The Dataset of the store's model as it stands, through a real export and load. */
async function exportedDataset(store: ReturnStore, folder: string): Promise<Dataset> {
  const out = path.join(folder, `export-${Math.random().toString(36).slice(2)}`);
  await exportModel(store, { outDir: out });
  return loadModel(out);
}

describe('a return filled as a municipality would', () => {
  it('is accepted, recorded in the database with its rows, and its changes are in the exported model', async () => {
    const { folder, store, now } = await newCase();
    const form = await makeForm(tiny, folder, 'WC011');
    const filled = await fillForm(form, path.join(folder, 'WC011-return.xlsx'), ({ needs, projects }) => {
      projects.set('description', projects.rowOf('project_id', 'WC011-W-01'), 'Olifants River bulk pipeline to Vredendal and Klawer');
      projects.set('capex_rand', projects.rowOf('project_id', 'WC011-W-02'), 65000000);
      // Take WC011-S-01 out: clear its white cells.
      projects.clearRow(projects.rowOf('project_id', 'WC011-S-01'));
      // A new project in the first empty row.
      const row = projects.firstEmptyRow();
      const values: Record<string, ExcelJS.CellValue> = {
        project_id: 'WC011-W-03', service: 'water', project_type: 'reservoir', description: 'Klawer reservoir, 3 Ml', capex_rand: 12000000,
        cashflow_percent: '50;50', households_served: 150, capacity_added_ml_per_day: 1, earliest_start_year: '2027/28', latest_start_year: '2029/30',
        funding_sources: 'MIG', status: 'candidate', illustrative: 'no',
      };
      for (const [column, value] of Object.entries(values)) projects.set(column, row, value);
      const water = needs.rowOf('service', 'water');
      needs.set('backlog_households', water, 1450);
      needs.set('illustrative', water, 'no');
    });

    const outcome = await collectReturns([filled], store, { now });
    const [collected] = outcome.returns;
    expect(collected.problems).toEqual([]);
    expect(collected.submission).toMatchObject({ id: 1, status: 'accepted', submitterKind: 'municipality', submitterId: 'WC011', covers: ['WC011'], fileName: 'WC011-return.xlsx', templateVersion: 1 });

    // The database holds the submission, the file's hash and the rows it brought.
    const [recorded] = store.submissions();
    expect(recorded.fileSha256).toBe(createHash('sha256').update(await readFile(filled)).digest('hex'));
    expect(recorded.receivedAt).toBe('2026-02-01T01:00:00.000Z');
    const rows = store.submissionRows(1);
    expect(rows.projects?.map((row) => row.project_id)).toEqual(['WC011-W-01', 'WC011-W-02', 'WC011-W-03']);
    expect(rows.needs?.map((row) => [row.service, row.backlog_households, row.illustrative])).toEqual([['water', '1450', 'no'], ['sanitation', '1100', 'yes']]);

    // The change, as the official reviews it.
    const changes = collected.changes[0].changes.map((change) => [change.table, change.key, change.kind, change.cells.map((cell) => `${cell.column}: ${cell.before} -> ${cell.after}`)]);
    expect(changes).toEqual([
      ['needs', 'WC011|water', 'changed', ['backlog_households: 1500 -> 1450', 'illustrative: yes -> no']],
      ['projects', 'WC011-W-01', 'changed', ['description: Olifants River bulk pipeline to Vredendal -> Olifants River bulk pipeline to Vredendal and Klawer']],
      ['projects', 'WC011-W-02', 'changed', ['capex_rand: 60000000 -> 65000000']],
      ['projects', 'WC011-W-03', 'added', []],
      ['projects', 'WC011-S-01', 'removed', []],
    ]);

    // The change in the model, read back through a real export and the loader.
    const exported = await exportedDataset(store, folder);
    const project = (id: string) => exported.projects.find((candidate) => candidate.id === id);
    expect(project('WC011-W-01')?.description).toBe('Olifants River bulk pipeline to Vredendal and Klawer');
    expect(project('WC011-W-02')?.capexRand).toBe(65_000_000);
    expect(project('WC011-W-02')?.cashFlowRandByBuildYear).toEqual([19_500_000, 26_000_000, 19_500_000]);
    expect(project('WC011-W-03')).toMatchObject({ municipalityCode: 'WC011', capexRand: 12_000_000, cashFlowRandByBuildYear: [6_000_000, 6_000_000], earliestStartYear: 2027, illustrative: false });
    expect(project('WC011-S-01')).toBeUndefined();
    expect(exported.needs.find((need) => need.municipalityCode === 'WC011' && need.service === 'water')).toMatchObject({ backlogHouseholds: 1450, illustrative: false });
    // Nothing else moved.
    const others = (dataset: Dataset) => ({
      projects: dataset.projects.filter((candidate) => candidate.municipalityCode !== 'WC011'),
      needs: dataset.needs.filter((need) => need.municipalityCode !== 'WC011'),
      funding: dataset.fundingSources,
      municipalities: dataset.municipalities,
      config: dataset.config,
    });
    expect(others(exported)).toEqual(others(tinyDataset));
  });
});

describe('a bad return', () => {
  /** The form for WC011, filled with one mistake. */
  async function badReturn(folder: string, name: string, fill: Parameters<typeof fillForm>[2]): Promise<string> {
    const form = await makeForm(tiny, path.join(folder, 'forms'), 'WC011');
    return fillForm(form, path.join(folder, name), fill);
  }

  it.each([
    [
      'a text in a number cell',
      'WC011-return.xlsx',
      ((sheets) => sheets.projects.set('capex_rand', 2, 'R60m')) as Parameters<typeof fillForm>[2],
      ['WC011-return.xlsx, sheet Projects, cell F2 (capex_rand): expected a number > 0, found "R60m"; write the amount in rand as plain digits, without the currency, separators or words (R2.5 million is 2500000)'],
    ],
    [
      'a locked cell changed',
      'WC011-return.xlsx',
      ((sheets) => sheets.projects.set('project_id', 2, 'WC011-W-09')) as Parameters<typeof fillForm>[2],
      ['WC011-return.xlsx, sheet Projects, cell A2 (project_id): a locked cell was changed: it held "WC011-W-01", now "WC011-W-09"'],
    ],
    [
      'a locked header changed',
      'WC011-return.xlsx',
      ((sheets) => sheets.needs.set('backlog_households', 1, 'backlog')) as Parameters<typeof fillForm>[2],
      ['WC011-return.xlsx, sheet Needs, cell C1: a locked header cell was changed: it held "backlog_households", now "backlog"'],
    ],
    [
      'a return for another municipality than its stamp',
      'WC011-return.xlsx',
      ((sheets) => {
        sheets.projects.set('municipality_code', 2, 'WC012');
        sheets.needs.set('municipality_code', 2, 'WC012');
      }) as Parameters<typeof fillForm>[2],
      [
        'WC011-return.xlsx, sheet Needs, cell A2 (municipality_code): this form was made for WC011 (its stamp), but the cell now says "WC012"; a municipality returns only its own form',
        'WC011-return.xlsx, sheet Projects, cell B2 (municipality_code): this form was made for WC011 (its stamp), but the cell now says "WC012"; a municipality returns only its own form',
      ],
    ],
    [
      "another municipality's file name on the form",
      'WC012-return.xlsx',
      (() => undefined) as Parameters<typeof fillForm>[2],
      ['WC012-return.xlsx: the file is named for WC012, but the form inside was made for WC011 (its stamp); each municipality returns its own form'],
    ],
    [
      'something written below the form',
      'WC011-return.xlsx',
      ((sheets) => {
        sheets.projects.sheet.getCell('E80').value = 'an extra project';
      }) as Parameters<typeof fillForm>[2],
      ["WC011-return.xlsx, sheet Projects, cell E80: a locked cell outside the form's rows holds \"an extra project\"; the form has nothing there (were rows or columns inserted or moved?)"],
    ],
    [
      'an unknown funding source and a duplicate of another municipality project id',
      'WC011-return.xlsx',
      ((sheets) => {
        sheets.projects.set('funding_sources', 2, 'RBIG;XYZ');
        const row = sheets.projects.firstEmptyRow();
        const values: Record<string, ExcelJS.CellValue> = {
          project_id: 'WC012-W-01', service: 'water', project_type: 'reservoir', description: 'copied row', capex_rand: 1000000, cashflow_percent: '100',
          earliest_start_year: '2026/27', latest_start_year: '2026/27', funding_sources: 'MIG', status: 'candidate',
        };
        for (const [column, value] of Object.entries(values)) sheets.projects.set(column, row, value);
      }) as Parameters<typeof fillForm>[2],
      [
        'WC011-return.xlsx, sheet Projects, cell A5 (project_id): project WC012-W-01 already appears in row 5 of the model\'s projects.csv; ids must be unique',
        "WC011-return.xlsx, sheet Projects, cell O2 (funding_sources): funding source XYZ is not in the model's funding.csv: add its rows there (one per financial year), or correct the id",
      ],
    ],
  ])('(%s) is refused with located errors and leaves the database and the model unchanged', async (_label, fileName, fill, expected) => {
    const { folder, store, now } = await newCase();
    const before = await exportedFiles(store, folder);
    const file = await badReturn(folder, fileName, fill);
    const outcome = await collectReturns([file], store, { now });
    const [collected] = outcome.returns;
    expect(collected.submission.status).toBe('refused');
    expect(collected.problems.map(formatReturnProblem).sort()).toEqual([...expected].sort());
    expect(collected.submission.reason).toContain(expected[0]);
    // Recorded, with no rows; the accepted state and the exported model are exactly as before.
    expect(store.submissions()).toHaveLength(1);
    expect(store.submissionRows(collected.submission.id)).toEqual({});
    expect(modelStateAt(store)!.applied).toEqual([]);
    expect(await exportedFiles(store, folder)).toEqual(before);
  });

  it('that is not a form, or not a workbook at all, is refused and recorded', async () => {
    const { folder, store, now } = await newCase();
    const plain = new ExcelJS.Workbook();
    plain.addWorksheet('Projects').addRow(['project_id']);
    await plain.xlsx.writeFile(path.join(folder, 'WC011-plain.xlsx'));
    await writeFile(path.join(folder, 'WC011-broken.xlsx'), 'this is not a zip file');
    const outcome = await collectReturns([path.join(folder, 'WC011-plain.xlsx'), path.join(folder, 'WC011-broken.xlsx')], store, { now });
    expect(outcome.returns.map((collected) => [collected.submission.status, collected.submission.submitterKind, formatReturnProblem(collected.problems[0])])).toEqual([
      ['refused', null, 'WC011-plain.xlsx: not an infraplan return form: it has no stamp (make the forms with infraplan template and send those)'],
      ['refused', null, 'WC011-broken.xlsx: not a readable .xlsx workbook (corrupt, or saved in another format such as .xls or .ods)'],
    ]);
    expect(store.countRows('submissions')).toBe(2);
  });

  it('that cannot be read at all (a mistyped path, a folder) is an input error naming the path, and nothing of the batch is recorded', async () => {
    const { folder, store, now } = await newCase();
    const form = await makeForm(tiny, path.join(folder, 'forms'), 'WC011');
    const missing = path.join(folder, 'WC011-retrun.xlsx');
    const error = await collectReturns([form, missing, folder], store, { now }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).problems.map((problem) => [problem.file, problem.message])).toEqual([
      [missing, 'file not found; nothing was recorded (check the path)'],
      [folder, expect.stringContaining('nothing was recorded')],
    ]);
    expect(store.countRows('submissions')).toBe(0);
  });
});

describe('model export --as-of', () => {
  it('reproduces an earlier model exactly, byte for byte', async () => {
    const { folder, store, now } = await newCase();
    const atStart = await exportedFiles(store, folder);
    const first = await fillForm(await makeForm(tiny, path.join(folder, 'forms'), 'WC022'), path.join(folder, 'WC022-return.xlsx'), ({ projects }) => {
      projects.set('status', projects.rowOf('project_id', 'WC022-W-01'), 'candidate');
    });
    const [accepted] = (await collectReturns([first], store, { now })).returns;
    expect(accepted.submission.status).toBe('accepted');
    const afterFirst = await exportedFiles(store, folder);
    expect(afterFirst).not.toEqual(atStart);
    // A second return, made from the model as it then stood.
    const secondForm = await makeForm(modelStateAt(store)!.model, path.join(folder, 'forms-2'), 'WC022', new Date('2026-02-02T00:00:00Z'));
    const second = await fillForm(secondForm, path.join(folder, 'WC022-second.xlsx'), ({ projects }) => {
      projects.set('capex_rand', projects.rowOf('project_id', 'WC022-S-01'), 36000000);
    });
    const [later] = (await collectReturns([second], store, { now })).returns;
    expect(later.submission.status).toBe('accepted');
    const latest = await exportedFiles(store, folder);
    expect(latest['projects.csv']).toContain('36000000');

    expect(await exportedFiles(store, folder, accepted.submission.receivedAt)).toEqual(afterFirst);
    expect(await exportedFiles(store, folder, '2026-01-31T00:00:00Z'.replace('Z', '.000Z'))).toEqual(atStart);
    expect(await exportedFiles(store, folder, later.submission.receivedAt)).toEqual(latest);
    // The base alone is the model it was recorded from.
    const baseFolder = path.join(folder, 'base');
    await exportModel(store, { outDir: baseFolder, asOf: '2026-01-15T00:00:00.000Z' });
    const { sourceFiles: _files, ...base } = await loadModel(baseFolder);
    const { sourceFiles: _tinyFiles, ...original } = tinyDataset;
    expect(base).toEqual(original);
  });
});

describe('conflicts', () => {
  it('a return from a form made before the municipality rows changed waits for a decision; accepting it later makes it take effect', async () => {
    const { folder, store, now } = await newCase();
    const form = await makeForm(tiny, path.join(folder, 'forms'), 'WC011');
    const first = await fillForm(form, path.join(folder, 'WC011-a.xlsx'), ({ projects }) => projects.set('description', 2, 'first official'));
    const second = await fillForm(form, path.join(folder, 'WC011-b.xlsx'), ({ projects }) => projects.set('capex_rand', 3, 61000000));
    const otherForm = await makeForm(tiny, path.join(folder, 'forms'), 'WC022');
    const other = await fillForm(otherForm, path.join(folder, 'WC022-return.xlsx'), ({ projects }) => projects.set('description', 2, 'Ceres sanitation'));

    expect((await collectReturns([first], store, { now })).returns[0].submission.status).toBe('accepted');
    const afterFirst = await exportedFiles(store, folder);
    const [pending, otherMunicipality] = (await collectReturns([second, other], store, { now })).returns;
    expect(pending.submission.status).toBe('pending-decision');
    expect(pending.submission.reason).toMatch(/^the form was made on 2026-01-10, and the rows of WC011 have changed since \(by submission 1 of 2026-02-01\)/);
    // The other municipality's form is as old, but its rows had not changed: accepted, with a note.
    expect(otherMunicipality.submission.status).toBe('accepted');
    expect(otherMunicipality.notes).toEqual(['the model changed since the form was made on 2026-01-10, but not in the rows of WC022']);
    const withOther = await exportedFiles(store, folder);
    expect(withOther['projects.csv']).toContain('Ceres sanitation');
    expect(withOther['projects.csv']).toContain('first official');

    // The register is read by whoever audits it: a decision is never recorded without why and by whom.
    await expect(decideSubmission(store, pending.submission.id, 'accepted', { decidedBy: 'the reviewer', reason: ' ', now })).rejects.toThrow(/say why the submission \d+ is accepted/);
    await expect(decideSubmission(store, pending.submission.id, 'accepted', { decidedBy: '', reason: 'checked', now })).rejects.toThrow(/say who decides/);
    expect(store.countRows('decisions')).toBe(0);
    const decided = await decideSubmission(store, pending.submission.id, 'accepted', { decidedBy: 'the reviewer', reason: 'the capex is the newer figure', now });
    expect(decided.submission.decision).toMatchObject({ decision: 'accepted', decidedBy: 'the reviewer' });
    const wc011 = modelStateAt(store)!.model.tables.projects.rows.filter((row) => row.municipality_code === 'WC011');
    // The pending return was made before the first: accepting it brings back the old description, which is why it waited.
    expect(wc011.map((row) => [row.project_id, row.description, row.capex_rand])).toEqual([
      ['WC011-W-01', 'Olifants River bulk pipeline to Vredendal', '40000000'],
      ['WC011-W-02', 'Vredendal water treatment works upgrade', '61000000'],
      ['WC011-S-01', 'Vredendal North sanitation backlog', '25000000'],
    ]);
    expect(decided.changes[0].changes.map((change) => change.cells.map((cell) => cell.column))).toEqual([['description'], ['capex_rand']]);
    await expect(decideSubmission(store, pending.submission.id, 'refused', { decidedBy: 'x', reason: '' })).rejects.toThrow(/already accepted/);
    await expect(decideSubmission(store, 1, 'accepted', { decidedBy: 'x', reason: '' })).rejects.toThrow(StoreUseError);
    expect(afterFirst).not.toEqual(await exportedFiles(store, folder));
  });

  it('a conflict names the submissions that changed the rows, not a byte-for-byte copy of one collected again (review u5, finding 8)', async () => {
    const { folder, store, now } = await newCase();
    const form = await makeForm(tiny, path.join(folder, 'forms'), 'WC011');
    const first = await fillForm(form, path.join(folder, 'WC011-a.xlsx'), ({ projects }) => projects.set('description', 2, 'first official'));
    const second = await fillForm(form, path.join(folder, 'WC011-b.xlsx'), ({ projects }) => projects.set('capex_rand', 3, 61000000));
    expect((await collectReturns([first], store, { now })).returns[0].submission.status).toBe('accepted');
    const [again] = (await collectReturns([first], store, { now })).returns;
    expect(again.submission.status).toBe('accepted');
    expect(again.notes).toContain('no changes: the return holds what the model already holds');
    const [pending] = (await collectReturns([second], store, { now })).returns;
    expect(pending.submission.status).toBe('pending-decision');
    expect(pending.submission.reason).toContain('have changed since (by submission 1 of ');
    expect(pending.submission.reason).not.toContain(`${again.submission.id} of `);
  });

  it('two different returns for one municipality in a batch both wait; identical copies do not conflict with each other', async () => {
    const { folder, store, now } = await newCase();
    const form = await makeForm(tiny, path.join(folder, 'forms'), 'WC012');
    const one = await fillForm(form, path.join(folder, 'WC012-one.xlsx'), ({ needs }) => needs.set('backlog_households', 2, 650));
    const two = await fillForm(form, path.join(folder, 'WC012-two.xlsx'), ({ needs }) => needs.set('backlog_households', 2, 720));
    const before = await exportedFiles(store, folder);
    const outcome = await collectReturns([one, two], store, { now });
    expect(outcome.returns.map((collected) => collected.submission.status)).toEqual(['pending-decision', 'pending-decision']);
    expect(outcome.returns[0].submission.reason).toBe(`other returns in this batch say otherwise: file 2 of 2, ${two} (also for WC012); decide which to accept`);
    expect(outcome.returns[1].submission.reason).toBe(`other returns in this batch say otherwise: file 1 of 2, ${one} (also for WC012); decide which to accept`);
    expect(await exportedFiles(store, folder)).toEqual(before);
    // Refusing one and accepting the other settles it.
    await decideSubmission(store, 1, 'refused', { decidedBy: 'reviewer', reason: 'draft' });
    await decideSubmission(store, 2, 'accepted', { decidedBy: 'reviewer', reason: 'signed' });
    expect(modelStateAt(store)!.model.tables.needs.rows.find((row) => row.municipality_code === 'WC012' && row.service === 'water')?.backlog_households).toBe('720');

    const copy = await copyAs(one, folder, 'WC012-copy.xlsx');
    const same = await collectReturns([one, copy], store, { now });
    // Identical returns do not conflict with each other; against the model they are an ordinary change (650 after 720).
    expect(same.returns.map((collected) => collected.submission.status)).toEqual(['pending-decision', 'pending-decision']);
    expect(same.returns[0].submission.reason).toMatch(/have changed since/);
  });

  it('a pending return whose rows no longer fit cannot be accepted', async () => {
    const { folder, store, now } = await newCase();
    const form = await makeForm(tiny, path.join(folder, 'forms'), 'WC012');
    // Two returns for WC012 in one batch: one adds a project with a new id, the other differs.
    const adds = await fillForm(form, path.join(folder, 'WC012-adds.xlsx'), ({ projects }) => {
      const row = projects.firstEmptyRow();
      const values: Record<string, ExcelJS.CellValue> = {
        project_id: 'WC-NEW-1', service: 'water', project_type: 'reservoir', description: 'new', capex_rand: 1000000, cashflow_percent: '100',
        earliest_start_year: '2026/27', latest_start_year: '2026/27', funding_sources: 'MIG', status: 'candidate',
      };
      for (const [column, value] of Object.entries(values)) projects.set(column, row, value);
    });
    const other = await fillForm(form, path.join(folder, 'WC012-other.xlsx'), ({ needs }) => needs.set('backlog_households', 2, 1));
    const [pending] = (await collectReturns([adds, other], store, { now })).returns;
    expect(pending.submission.status).toBe('pending-decision');
    // Meanwhile WC022 takes the same new id.
    const taken = await fillForm(await makeForm(tiny, path.join(folder, 'forms'), 'WC022'), path.join(folder, 'WC022-return.xlsx'), ({ projects }) => {
      const row = projects.firstEmptyRow();
      const values: Record<string, ExcelJS.CellValue> = {
        project_id: 'WC-NEW-1', service: 'sanitation', project_type: 'backlog_eradication', description: 'also new', capex_rand: 2000000, cashflow_percent: '100',
        earliest_start_year: '2026/27', latest_start_year: '2026/27', funding_sources: 'MIG', status: 'candidate',
      };
      for (const [column, value] of Object.entries(values)) projects.set(column, row, value);
    });
    expect((await collectReturns([taken], store, { now })).returns[0].submission.status).toBe('accepted');
    await expect(decideSubmission(store, pending.submission.id, 'accepted', { decidedBy: 'reviewer', reason: 'checked' })).rejects.toThrow(/no longer fits.*project WC-NEW-1 already appears/s);
    expect(store.submission(pending.submission.id)?.decision).toBeNull();
  });
});

describe('a department form', () => {
  it("covers several municipalities and brings the department's own rows; a row for one it does not cover, or in the municipal sphere, is refused with its cell", async () => {
    const { folder, store, now } = await newCase();
    const form = await makeForm(tiny, path.join(folder, 'forms'), { submitterKind: 'department', submitterId: 'Human Settlements', covers: ['WC011', 'WC012'] });
    expect(path.basename(form)).toBe('department-human-settlements-return.xlsx');
    const add = (projects: Parameters<Parameters<typeof fillForm>[2]>[0]['projects'], municipality: string, id: string, sphere = 'provincial'): number => {
      const row = projects.firstEmptyRow();
      const values: Record<string, ExcelJS.CellValue> = {
        project_id: id, municipality_code: municipality, owner_sphere: sphere, service: 'sanitation', project_type: 'backlog_eradication', description: `${id} from the department`,
        capex_rand: 5000000, cashflow_percent: '100', households_served: 200, earliest_start_year: '2027/28', latest_start_year: '2028/29', funding_sources: 'MIG', status: 'candidate',
      };
      for (const [column, value] of Object.entries(values)) projects.set(column, row, value);
      return row;
    };
    let wrongRow = 0;
    let municipalRow = 0;
    const bad = await fillForm(form, path.join(folder, 'bad.xlsx'), ({ projects }) => {
      add(projects, 'WC012', 'WC012-S-09');
      wrongRow = add(projects, 'WC022', 'WC022-S-09');
      municipalRow = add(projects, 'WC011', 'WC011-S-09', 'municipal');
    });
    const good = await fillForm(form, path.join(folder, 'good.xlsx'), ({ projects }) => {
      add(projects, 'WC012', 'WC012-S-09');
    });
    const [refused] = (await collectReturns([bad], store, { now })).returns;
    expect(refused.problems.map(formatReturnProblem)).toContain(`bad.xlsx, sheet Projects, cell B${wrongRow} (municipality_code): this form covers WC011, WC012 (its stamp), not WC022`);
    expect(refused.problems.map(formatReturnProblem)).toContain(
      `bad.xlsx, sheet Projects, cell R${municipalRow} (owner_sphere): a row of Human Settlements's form is Human Settlements's own project: choose provincial or national in owner_sphere (found "municipal") and keep owner_name "Human Settlements"; a municipality's own projects come in its own return`,
    );
    const [accepted] = (await collectReturns([good], store, { now })).returns;
    expect(accepted.submission).toMatchObject({ status: 'accepted', submitterKind: 'department', submitterId: 'Human Settlements', covers: ['WC011', 'WC012'] });
    expect(accepted.changes.map((municipality) => [municipality.municipalityCode, municipality.changes.map((change) => `${change.kind} ${change.key}`)])).toEqual([
      ['WC011', []],
      ['WC012', ['added WC012-S-09']],
    ]);
    // The department's row is in the model with its owner, beside the municipalities' own rows, which it left as they were.
    const dataset = await exportedDataset(store, folder);
    expect(dataset.projects.find((project) => project.id === 'WC012-S-09')?.owner).toEqual({ sphere: 'provincial', name: 'Human Settlements' });
    expect(dataset.projects.filter((project) => project.id !== 'WC012-S-09').map((project) => project.id)).toEqual(tinyDataset.projects.map((project) => project.id));
  });
});

describe('a duplicate across spheres', () => {
  it("is flagged, not refused: a department's copy of a municipal project is accepted with a warning on its cell, in the change report's Warnings sheet", async () => {
    const { folder, store, now } = await newCase();
    const form = await makeForm(tiny, path.join(folder, 'forms'), { submitterKind: 'department', submitterId: 'Infrastructure', covers: ['WC011'] });
    let copyRow = 0;
    const filled = await fillForm(form, path.join(folder, 'department-infrastructure-return.xlsx'), ({ projects }) => {
      copyRow = projects.firstEmptyRow();
      // WC011-W-01 of the municipality, sent again by the province under its own id (with 300 households, so
      // that the two stay within WC011's 1,500 and only the duplicate is warned of, not also the households).
      const values: Record<string, ExcelJS.CellValue> = {
        project_id: 'WC011-P-01', municipality_code: 'WC011', owner_sphere: 'provincial', service: 'water', project_type: 'bulk_pipeline', description: 'Olifants River bulk pipeline to Vredendal',
        capex_rand: 40000000, cashflow_percent: '40;60', households_served: 300, earliest_start_year: '2027/28', latest_start_year: '2028/29', funding_sources: 'RBIG', status: 'candidate',
      };
      for (const [column, value] of Object.entries(values)) projects.set(column, copyRow, value);
    });
    const outcome = await collectReturns([filled], store, { now });
    const [collected] = outcome.returns;
    expect(collected.submission.status).toBe('accepted');
    const row = tiny.tables.projects.rows.findIndex((project) => project.project_id === 'WC011-W-01') + 2;
    expect(collected.warnings.map(formatReturnProblem)).toEqual([
      `department-infrastructure-return.xlsx, sheet Projects, cell A${copyRow} (project_id): project WC011-P-01 (provincial: Infrastructure) is likely a duplicate of WC011-W-01 in row ${row} of the model's projects.csv (municipal: Matzikama), both in WC011: ` +
        'the same service and type (water, bulk_pipeline) with build years overlapping in 2027/28–2029/30; descriptions 100% alike. If they are the same works, keep one; if not, make the descriptions tell them apart',
    ]);
    const report = new ExcelJS.Workbook();
    await report.xlsx.load((await buildChangeReport({ returns: outcome.returns, model: outcome.before.model, databaseFile: store.file, collectedAt: new Date('2026-02-01T00:00:00Z') })) as unknown as ArrayBuffer);
    const warnings = report.getWorksheet('Warnings')!;
    expect(warnings.getRow(2).values).toEqual([undefined, collected.submission.id, 'department-infrastructure-return.xlsx', 'Projects', `A${copyRow} (project_id)`, collected.warnings[0].message]);
    const changes = report.getWorksheet('Changes')!;
    expect((changes.getRow(2).values as unknown[]).slice(1, 8)).toEqual(['WC011 Matzikama', collected.submission.id, 'accepted', 'projects', 'WC011-P-01', 'provincial: Infrastructure', 'added']);
  });
});

describe('the base model', () => {
  it('is recorded once; a different model is refused by collect and by import where it would undo accepted returns', async () => {
    const { folder, store, now } = await newCase();
    expect(() => ensureStoreModel(store, { model: tiny, source: 'again' })).not.toThrow();
    const changed: ModelTables = { ...tiny, tables: { ...tiny.tables, funding: { ...tiny.tables.funding, rows: tiny.tables.funding.rows.map((row) => ({ ...row, envelope_rand: '40000000' })) } } };
    expect(() => ensureStoreModel(store, { model: changed, source: 'edited' })).toThrow(/differs from it/);
    const filled = await fillForm(await makeForm(tiny, path.join(folder, 'forms'), 'WC011'), path.join(folder, 'WC011-return.xlsx'), ({ projects }) => projects.set('description', 2, 'changed'));
    await collectReturns([filled], store, { now });
    // The edit does not touch WC011's rows... but the tiny base does hold WC011's old description.
    expect(() => importModelVersion(store, changed, { source: 'edited', note: 'new envelopes' })).toThrow(/rows of WC011, which accepted returns changed/);
    // Made from the database's own model, the same edit is recorded as version 2 and keeps the return.
    const current = modelStateAt(store)!.model;
    const edited: ModelTables = { ...current, tables: { ...current.tables, funding: changed.tables.funding } };
    const outcome = importModelVersion(store, edited, { source: 'edited', note: 'new envelopes', now });
    expect(outcome).toMatchObject({ recorded: true, version: { id: 2, note: 'new envelopes' } });
    expect(importModelVersion(store, edited, { source: 'edited', note: 'again', now }).recorded).toBe(false);
    const state = modelStateAt(store)!;
    expect(state.applied).toEqual([]);
    expect(state.model.tables.projects.rows[0].description).toBe('changed');
    expect(state.model.tables.funding.rows[0].envelope_rand).toBe('40000000');
  });
});
