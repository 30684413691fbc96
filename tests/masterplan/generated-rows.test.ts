/**
 * Rows the master plan wrote into projects.csv (origin masterplan, with generated_fingerprint): a
 * row still as written is regenerated, a planner's edit to one is planned as written and named in
 * a warning, a row the stage no longer generates is kept, and an old file without the column keeps
 * the old behaviour with one warning. The model is tests/fixtures/masterplan with its merged
 * register written back as projects.csv, as the generator writes the shipped models.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { generatedFingerprintOf } from '../../src/dataset/generated-fingerprint.js';
import { loadModel } from '../../src/dataset/load-model.js';
import type { Dataset } from '../../src/dataset/types.js';
import { writeModel } from '../../src/dataset/write-model.js';
import { applyMasterPlan, buildDatasetMasterPlan } from '../../src/masterplan/apply-master-plan.js';
import { datasetRun, planRun } from '../../src/pipeline/plan-run.js';
import { resolveRun } from '../../src/pipeline/resolve-run.js';
import { validateRun } from '../../src/pipeline/validate-run.js';
import { writeScenarioFiles } from '../scenario/helpers.js';

const FIXTURE = 'tests/fixtures/masterplan';

/** The fixture with its merged register written as projects.csv (planner rows, then the generated rows with their fingerprints). */
async function generatedRegisterModel(): Promise<string> {
  const { capacityBalances: _balances, ...planned } = applyMasterPlan(await loadModel(FIXTURE)).dataset;
  const folder = await mkdtemp(path.join(os.tmpdir(), 'infraplan-generated-rows-'));
  return writeModel(planned, path.join(folder, 'model'), { format: 'csv' });
}

/** Rows of a CSV file as records (header names), and a writer that puts them back. */
async function editCsv(file: string, edit: (rows: Record<string, string>[]) => Record<string, string>[]): Promise<void> {
  const rows = parse(await readFile(file, 'utf8'), { columns: true }) as Record<string, string>[];
  const edited = edit(rows);
  await writeFile(file, stringify(edited, { header: true, columns: Object.keys(edited[0]), record_delimiter: 'unix' }), 'utf8');
}

/** The spreadsheet row (header is row 1) of a project in projects.csv. */
async function rowOf(folder: string, id: string): Promise<number> {
  const rows = parse(await readFile(path.join(folder, 'projects.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
  return rows.findIndex((row) => row.project_id === id) + 2;
}

const projectOf = (dataset: Dataset, id: string) => dataset.projects.find((project) => project.id === id);

describe('rows the master plan wrote into projects.csv', () => {
  it('carry a fingerprint of their values; untouched, they plan exactly as the fixture and bring no warning', async () => {
    const folder = await generatedRegisterModel();
    const dataset = await loadModel(folder);
    const generated = dataset.projects.filter((project) => project.origin === 'masterplan');
    expect(generated.map((project) => project.id)).toEqual(['WC011-W-BL-1', 'WC011-S-BL-1', 'WC012-W-BL-1', 'WC012-S-BL-1', 'WC022-W-BL-1']);
    for (const project of generated) expect(project.generatedFingerprint).toMatch(/^[0-9a-f]{12}$/);
    // Any planning field counts: another status gives another fingerprint.
    expect(generatedFingerprintOf({ ...generated[0], status: 'excluded' })).not.toBe(generated[0].generatedFingerprint);
    expect(buildDatasetMasterPlan(dataset).warnings).toEqual([]);
    const fromFile = await planRun(datasetRun(dataset), { marginalValues: false, relativeGap: 0.01 });
    const fromFixture = await planRun(datasetRun(await loadModel(FIXTURE)), { marginalValues: false, relativeGap: 0.01 });
    expect(fromFile.plan.objectiveBenefitPoints).toBeCloseTo(fromFixture.plan.objectiveBenefitPoints!, 6);
    expect(fromFile.plan.projects.map((project) => project.id).sort()).toEqual(fromFixture.plan.projects.map((project) => project.id).sort());
  });

  it("edited to excluded, the row is planned as written: the project is not funded, and the warning names file, row and id in validate and in the plan", async () => {
    const folder = await generatedRegisterModel();
    const before = await planRun(datasetRun(await loadModel(folder)), { marginalValues: false, relativeGap: 0.01 });
    // A generated project the plan funds.
    const funded = before.plan.projects.find((project) => project.funded && before.dataset!.projects.find((row) => row.id === project.id)?.origin === 'masterplan')!;
    expect(funded).toBeDefined();
    await editCsv(path.join(folder, 'projects.csv'), (rows) => rows.map((row) => (row.project_id === funded.id ? { ...row, status: 'excluded' } : row)));
    const row = await rowOf(folder, funded.id);
    const after = await planRun(datasetRun(await loadModel(folder)), { marginalValues: false, relativeGap: 0.01 });
    expect(after.plan.projects.find((project) => project.id === funded.id)!.funded).toBe(false);
    expect(projectOf(after.dataset!, funded.id)!.status).toBe('excluded');
    const sentence = `${path.join(folder, 'projects.csv')}, row ${row}: ${funded.id} was edited after the master plan wrote it (status candidate → excluded, in the file or by a scenario's committed or excluded list): your values are planned, not regenerated (delete the row to have the master plan generate it again)`;
    expect(after.plan.warnings).toContain(sentence);
    expect(after.plan.warnings).toContain('master plan: 5 generated projects (1 as a planner edited it) planned beside the 9 planner projects of projects.csv (14 in all)');
    const report = await validateRun(folder);
    expect(report.warnings).toContainEqual({ file: path.join(folder, 'projects.csv'), row, column: null, message: expect.stringContaining(`${funded.id} was edited after the master plan wrote it`) });
  });

  it("excluded by a scenario, a generated project is not funded either, and the warning says the status changed", async () => {
    const folder = await generatedRegisterModel();
    const scenarios = await writeScenarioFiles({ 'rule-out.yaml': 'excluded:\n  - WC011-W-BL-1\n' });
    const run = await resolveRun({ model: folder, scenarioPath: path.join(scenarios, 'rule-out.yaml') });
    const applied = applyMasterPlan(run.dataset);
    expect(projectOf(applied.dataset, 'WC011-W-BL-1')!.status).toBe('excluded');
    expect(applied.warnings.map((warning) => warning.message)).toEqual([expect.stringContaining("WC011-W-BL-1 was edited after the master plan wrote it (status candidate → excluded, in the file or by a scenario's committed or excluded list)")]);
  });

  it('edited in capex, owner and window, keeps every edited value and still replaces only the generated project of its id', async () => {
    const folder = await generatedRegisterModel();
    await editCsv(path.join(folder, 'projects.csv'), (rows) =>
      rows.map((row) => (row.project_id === 'WC011-W-BL-1' ? { ...row, capex_rand: '9999000', owner_sphere: 'provincial', owner_name: 'Human Settlements', earliest_start_year: '2027/28' } : row)),
    );
    const planned = applyMasterPlan(await loadModel(folder)).dataset;
    const project = projectOf(planned, 'WC011-W-BL-1')!;
    expect(project).toMatchObject({ capexRand: 9_999_000, earliestStartYear: 2027, owner: { sphere: 'provincial', name: 'Human Settlements' }, origin: 'masterplan' });
    // One row per id, and the other generated projects of WC011 stay.
    expect(planned.projects.filter((candidate) => candidate.id === 'WC011-W-BL-1')).toHaveLength(1);
    expect(projectOf(planned, 'WC011-S-BL-1')).toBeDefined();
  });

  it('untouched, a row follows changed needs: a larger backlog regenerates a larger phase 1', async () => {
    const folder = await generatedRegisterModel();
    expect(projectOf(await loadModel(folder), 'WC011-W-BL-1')!.householdsServed).toBe(600);
    // Phase 1 serves 40% of the backlog (docs/masterplan.md): 1 500 -> 2 000 households makes 600 -> 800.
    await editCsv(path.join(folder, 'needs.csv'), (rows) => rows.map((row) => (row.municipality_code === 'WC011' && row.service === 'water' ? { ...row, backlog_households: '2000' } : row)));
    const dataset = await loadModel(folder);
    expect(projectOf(dataset, 'WC011-W-BL-1')!.householdsServed).toBe(600);
    const applied = applyMasterPlan(dataset);
    expect(projectOf(applied.dataset, 'WC011-W-BL-1')!.householdsServed).toBe(800);
    expect(applied.warnings).toEqual([]);
  });

  it('with an id the master plan no longer generates (an older plan had a third phase), a row is kept as written and named', async () => {
    const folder = await generatedRegisterModel();
    // The row as an older master plan would have written it: its own id, and the fingerprint of exactly these values.
    const phaseOne = projectOf(await loadModel(folder), 'WC012-W-BL-1')!;
    const fingerprint = generatedFingerprintOf({ ...phaseOne, id: 'WC012-W-BL-3' });
    await editCsv(path.join(folder, 'projects.csv'), (rows) => {
      const row = rows.find((candidate) => candidate.project_id === 'WC012-W-BL-1')!;
      return [...rows, { ...row, project_id: 'WC012-W-BL-3', generated_fingerprint: fingerprint }];
    });
    const dataset = await loadModel(folder);
    const applied = applyMasterPlan(dataset);
    expect(applied.masterPlan.candidateProjects.some((project) => project.id === 'WC012-W-BL-3')).toBe(false);
    expect(projectOf(applied.dataset, 'WC012-W-BL-3')).toEqual(projectOf(dataset, 'WC012-W-BL-3'));
    // It is kept beside the generated phase 1, and names only itself.
    expect(projectOf(applied.dataset, 'WC012-W-BL-1')).toBeDefined();
    expect(applied.warnings).toEqual([
      { file: path.join(folder, 'projects.csv'), row: await rowOf(folder, 'WC012-W-BL-3'), column: null, message: expect.stringContaining('WC012-W-BL-3 is no longer generated by the master plan') },
    ]);
    expect(applied.warnings[0].message).not.toContain('edited');
  });

  it('edited, but replaced by a planner row of its key, follows its generated project out, with a warning', async () => {
    const folder = await generatedRegisterModel();
    await editCsv(path.join(folder, 'projects.csv'), (rows) => {
      const generated = rows.find((candidate) => candidate.project_id === 'WC012-S-BL-1')!;
      const planner = { ...generated, project_id: 'WC012-S-09', description: "the planner's own backlog programme", origin: 'planner', generated_fingerprint: '' };
      return [...rows.map((row) => (row === generated ? { ...row, capex_rand: '1234000' } : row)), planner];
    });
    const applied = applyMasterPlan(await loadModel(folder));
    expect(projectOf(applied.dataset, 'WC012-S-BL-1')).toBeUndefined();
    expect(projectOf(applied.dataset, 'WC012-S-09')).toBeDefined();
    expect(applied.warnings.map((warning) => warning.message)).toEqual([
      "WC012-S-BL-1 was edited after the master plan wrote it, but the planner's WC012-S-09 replaces the generated projects of WC012 sanitation backlog, so it is not planned",
    ]);
  });

  it('in an old file without the column, are regenerated as before (an edit is not seen), with one warning saying how to fix it', async () => {
    const folder = await generatedRegisterModel();
    await editCsv(path.join(folder, 'projects.csv'), (rows) =>
      rows.map(({ generated_fingerprint: _fingerprint, ...row }) => (row.project_id === 'WC011-W-BL-1' ? { ...row, status: 'excluded' } : row)),
    );
    expect(await readFile(path.join(folder, 'projects.csv'), 'utf8')).not.toContain('generated_fingerprint');
    const applied = applyMasterPlan(await loadModel(folder));
    expect(projectOf(applied.dataset, 'WC011-W-BL-1')!.status).toBe('candidate');
    expect(applied.warnings).toHaveLength(1);
    expect(applied.warnings[0]).toMatchObject({ file: path.join(folder, 'projects.csv'), row: await rowOf(folder, 'WC011-W-BL-1'), column: 'generated_fingerprint' });
    expect(applied.warnings[0].message).toContain('5 rows with origin masterplan (WC011-W-BL-1, …) have no generated_fingerprint');
    expect(applied.warnings[0].message).toContain('set origin to planner on a row you edited');
  });
});

describe("another owner's planner row replacing generated projects", () => {
  it('is a warning on its row naming the owner; the municipality’s own row is not', async () => {
    const dataset = await loadModel(FIXTURE);
    expect(buildDatasetMasterPlan(dataset).warnings).toEqual([]);
    const departments: Dataset = {
      ...dataset,
      projects: dataset.projects.map((project) => (project.id === 'WC011-W-02' ? { ...project, owner: { sphere: 'national', name: 'Department of Water and Sanitation' } } : project)),
    };
    expect(buildDatasetMasterPlan(departments).warnings).toEqual([
      {
        file: path.join(FIXTURE, 'projects.csv'),
        row: 3,
        column: 'owner_name',
        message: 'WC011-W-02 (national: Department of Water and Sanitation) replaces the generated WC011-W-WTW-1 of WC011 water water_treatment_works: check that it meets the same need, or give it another project_type',
      },
    ]);
  });
});
