import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import { modelConfigSchema } from '../../src/dataset/model-config.js';
import { TABLE_DESCRIPTIONS, cashFlowPercentOf, describeTable } from '../../src/dataset/model-tables.js';
import { planModel } from '../../src/plan/plan-model.js';
import { assetRowSchemaFor, facilityRowSchemaFor, fundingRowSchema, municipalityRowSchema, needRowSchema, projectRowSchema, projectionRowSchema } from '../../src/dataset/schemas.js';
import type { Dataset, Project } from '../../src/dataset/types.js';
import { ModelFolderExistsError, ModelFolderHoldsOtherFilesError, modelTablesFromDataset, writeModel } from '../../src/dataset/write-model.js';
import { RunCounter } from '../property-runs.js';
import { POLICY_SETTINGS } from '../../src/rules/registry.js';

/** The dataset without file paths and hashes, which differ between any two folders by design. */
function contentOf(dataset: Dataset): Omit<Dataset, 'sourceFiles' | 'loadNotes'> {
  const { sourceFiles: _sourceFiles, loadNotes: _loadNotes, ...content } = dataset;
  return content;
}

let temporaryRoot: string;
beforeAll(async () => {
  temporaryRoot = await mkdtemp(path.join(tmpdir(), 'infraplan-write-model-'));
});
afterAll(async () => {
  await rm(temporaryRoot, { recursive: true, force: true });
});

describe.each([
  ['the tiny fixture', 'tests/fixtures/tiny'],
  ['the tiny workbook fixture', 'tests/fixtures/tiny-xlsx'],
  ['models/western-cape', 'models/western-cape'],
  ['the thusong fixture', 'tests/fixtures/thusong'],
])('writeModel on %s', (_label, modelPath) => {
  let original: Dataset;
  beforeAll(async () => {
    original = await loadModel(modelPath);
  });

  it.each(['csv', 'xlsx'] as const)('load -> write %s -> load gives the same Dataset', async (format) => {
    const folder = path.join(temporaryRoot, `${path.basename(modelPath)}-${format}`);
    await writeModel(original, folder, { format });
    const files = (await readdir(folder)).sort();
    // Optional tables are written only when the model has rows for them: assets (both shipped models), facilities (a model with Thusong centres).
    const tables = ['funding.csv', 'indicators.csv', 'model.yaml', 'municipalities.csv', 'needs.csv', 'projects.csv'];
    const optional = [...((original.assets ?? []).length > 0 ? ['assets.csv'] : []), ...(original.facilities.length > 0 ? ['facilities.csv'] : [])];
    expect(files).toEqual(format === 'csv' ? [...optional, ...tables].sort() : ['model.xlsx', 'model.yaml']);
    const reloaded = await loadModel(folder);
    expect(contentOf(reloaded)).toEqual(contentOf(original));
    // Written again, the text is the same: the writer is deterministic and idempotent.
    expect(modelTablesFromDataset(reloaded)).toEqual(modelTablesFromDataset(original));
  });
});

describe('the table descriptions', () => {
  it('name exactly the columns of the loader row schemas', async () => {
    const dataset = await loadModel('tests/fixtures/tiny');
    const schemaColumns: Record<string, string[]> = {
      municipalities: Object.keys(municipalityRowSchema.shape),
      needs: Object.keys(needRowSchema.shape),
      indicators: ['municipality_code', ...dataset.config.indicators.map((indicator) => indicator.id), 'illustrative'],
      projects: Object.keys(projectRowSchema.shape),
      funding: Object.keys(fundingRowSchema.shape),
      facilities: Object.keys(facilityRowSchemaFor(dataset.config.services).shape),
      assets: Object.keys(assetRowSchemaFor(null).shape),
      projections: Object.keys(projectionRowSchema.shape),
    };
    for (const description of TABLE_DESCRIPTIONS) {
      expect(description.columns(dataset.config).map((column) => column.name).sort(), description.name).toEqual([...schemaColumns[description.name]].sort());
    }
  });

  it('write every model.yaml key the schema knows, so a new key cannot be dropped silently', async () => {
    const loaded = await loadModel('models/western-cape');
    // engine.start_variables, race and random_seed are optional (the default model sets only start_variables, docs/engines.md); set here so the writer is seen to write all three.
    const dataset = { ...loaded, config: { ...loaded.config, engine: { ...loaded.config.engine, startVariables: 'cumulative' as const, race: true, randomSeed: 2 } } };
    const written = parseYaml(modelTablesFromDataset(dataset).configYaml) as Record<string, Record<string, unknown>>;
    const unwrap = (schema: unknown): { shape: Record<string, unknown> } => {
      const inner = schema as { unwrap?: () => unknown; shape?: Record<string, unknown> };
      return inner.shape ? (inner as { shape: Record<string, unknown> }) : unwrap(inner.unwrap!());
    };
    // `masterplan:` is written as given, and only when the model has one (the default model has one).
    expect(Object.keys(written).sort()).toEqual(Object.keys(modelConfigSchema.shape).sort());
    expect(written.masterplan).toEqual((parseYaml(await readFile('models/western-cape/model.yaml', 'utf8')) as { masterplan: unknown }).masterplan);
    for (const block of ['index', 'engine']) {
      expect(Object.keys(written[block]).sort(), block).toEqual(Object.keys(unwrap(modelConfigSchema.shape[block as 'index']).shape).sort());
    }
    // The policy block holds every setting of the rule registry; the schema also accepts former key names.
    const formerKeys = POLICY_SETTINGS.flatMap((setting) => (setting.formerKeys ?? []).map((former) => former.key));
    expect(Object.keys(written.policy).sort()).toEqual(POLICY_SETTINGS.map((setting) => setting.key).sort());
    expect(Object.keys(unwrap(modelConfigSchema.shape.policy).shape).sort()).toEqual([...Object.keys(written.policy), ...formerKeys].sort());
    const indicatorKeys = Object.keys((modelConfigSchema.shape.indicators as unknown as { element: { shape: object } }).element.shape).sort();
    for (const indicator of written.indicators as unknown as Record<string, unknown>[]) expect(Object.keys(indicator).sort()).toEqual(indicatorKeys);
  });
});

describe('cash flows', () => {
  const project = (capexRand: number, cashFlowRandByBuildYear: number[]): Project => ({
    id: 'P', municipalityCode: 'WC011', service: 'water', type: 't', description: 'd', capexRand, cashFlowRandByBuildYear,
    householdsServed: 0, capacityAddedMlPerDay: 0, earliestStartYear: 2026, latestStartYear: 2026, prerequisiteIds: [],
    exclusiveGroup: null, fundingSourceIds: ['MIG'], status: 'candidate', benefitOverride: null, operatingCostRandPerYear: 0, facilityType: null, blocksOffered: [], anchorDepartments: [], populationWithinReach: 0,  illustrative: false,
  });

  /** The loader's rule (docs/data-format.md): each year its share of capex, the last year the remainder. */
  const loaderRand = (capexRand: number, percent: readonly number[]): number[] => {
    const amounts = percent.map((share) => (capexRand * share) / 100);
    amounts[amounts.length - 1] = capexRand - amounts.slice(0, -1).reduce((sum, amount) => sum + amount, 0);
    return amounts;
  };

  it('are written as the percent a person typed (to two decimals) when that gives back the same rand', () => {
    expect(cashFlowPercentOf(project(60_000_000, [18_000_000, 30_000_000, 12_000_000]))).toEqual([30, 50, 20]);
    // Non-trivial: every drawn share is at least 0.01%, so the shares are ones a person could type.
    const counter = new RunCounter();
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2_000_000_000 }),
        fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 2, maxLength: 6 }),
        (capexRand, weights) => {
          // Shares in hundredths of a percent that add up to exactly 100.00.
          const total = weights.reduce((sum, weight) => sum + weight, 0);
          const hundredths = weights.map((weight) => Math.floor((weight * 10000) / total));
          hundredths[hundredths.length - 1] += 10000 - hundredths.reduce((sum, share) => sum + share, 0);
          if (!counter.count(hundredths.every((share) => share > 0))) return;
          const typed = hundredths.map((share) => share / 100);
          expect(cashFlowPercentOf(project(capexRand, loaderRand(capexRand, typed)))).toEqual(typed);
        },
      ),
      { seed: 20261201, numRuns: 200 },
    );
    counter.expectMostChecked(200);
  });

  it('fall back to rand when no percent gives back exactly the same amounts', () => {
    let percentRuns = 0;
    let randRuns = 0;
    const projectRows = describeTable('projects');
    fc.assert(
      fc.property(
        // Whole rand amounts, and round millions as registers usually hold.
        fc.oneof(
          fc.array(fc.integer({ min: 1, max: 90_000_000 }), { minLength: 2, maxLength: 5 }),
          fc.array(fc.integer({ min: 1, max: 90 }).map((millions) => millions * 1_000_000), { minLength: 2, maxLength: 5 }),
        ),
        (amounts) => {
        const capexRand = amounts.reduce((sum, amount) => sum + amount, 0);
        const percent = cashFlowPercentOf(project(capexRand, amounts));
        const [row] = projectRows.typedRows({ projects: [project(capexRand, amounts)] } as unknown as Dataset);
        if (percent === null) {
          // The fallback: the row carries the rand amounts themselves and no percent.
          randRuns += 1;
          expect([row.cashflow_percent, row.cashflow_rand]).toEqual([null, amounts]);
          return;
        }
        percentRuns += 1;
        expect([row.cashflow_percent, row.cashflow_rand]).toEqual([percent, null]);
        expect(loaderRand(capexRand, percent)).toEqual(amounts);
        },
      ),
      { seed: 20261202, numRuns: 200 },
    );
    // Every run checks the row of its branch, and both branches are exercised (the percent one
    // rarely here: the shares of random millions seldom have a short decimal form; the property
    // above covers typed percents).
    expect(percentRuns + randRuns).toBe(200);
    expect(percentRuns).toBeGreaterThan(0);
    expect(randRuns).toBeGreaterThan(0);
    expect(cashFlowPercentOf(project(1e15, [1e15 - 0.5, 0.5]))).toBeNull();
  });
});

describe('writing a folder', () => {
  it('refuses an existing folder with files unless asked to replace it, and leaves no temporary folder', async () => {
    const dataset = await loadModel('tests/fixtures/tiny');
    const parent = path.join(temporaryRoot, 'replace');
    const folder = path.join(parent, 'model');
    await mkdir(folder, { recursive: true });
    // An older model in the other format: replaced whole, so the old workbook does not linger beside the CSV files.
    await writeFile(path.join(folder, 'model.xlsx'), 'old');
    await writeFile(path.join(folder, 'projects.csv'), 'old');
    await expect(writeModel(dataset, folder, { format: 'csv' })).rejects.toBeInstanceOf(ModelFolderExistsError);
    expect(await readFile(path.join(folder, 'projects.csv'), 'utf8')).toBe('old');
    await writeModel(dataset, folder, { format: 'csv', replace: true });
    expect((await readdir(folder)).includes('model.xlsx')).toBe(false);
    expect(await readdir(parent)).toEqual(['model']);
    expect(contentOf(await loadModel(folder))).toEqual(contentOf(dataset));
  });

  it('with replace, refuses a folder that holds files no model writes, names them and loses none (review u5, finding 1)', async () => {
    const dataset = await loadModel('tests/fixtures/tiny');
    const parent = path.join(temporaryRoot, 'replace-others');
    const folder = path.join(parent, 'model');
    await mkdir(path.join(folder, '.git'), { recursive: true });
    await writeFile(path.join(folder, '.git', 'HEAD'), 'ref: refs/heads/main');
    await writeFile(path.join(folder, 'NOTES.txt'), 'mine');
    await writeFile(path.join(folder, 'projects.csv'), 'old');
    const refused = writeModel(dataset, folder, { format: 'csv', replace: true });
    await expect(refused).rejects.toBeInstanceOf(ModelFolderHoldsOtherFilesError);
    await expect(refused).rejects.toThrow(`${folder} holds files that are not part of a model (.git, NOTES.txt); --force replaces only a model folder`);
    expect((await readdir(folder)).sort()).toEqual(['.git', 'NOTES.txt', 'projects.csv']);
    expect(await readFile(path.join(folder, 'NOTES.txt'), 'utf8')).toBe('mine');
    expect(await readFile(path.join(folder, 'projects.csv'), 'utf8')).toBe('old');
    expect(await readdir(parent)).toEqual(['model']);
  });
});

describe('a model converted to one workbook', () => {
  it('validates and plans identically to the CSV model it came from', async () => {
    const csv = await loadModel('tests/fixtures/tiny');
    const folder = path.join(temporaryRoot, 'plans-identically');
    await writeModel(csv, folder, { format: 'xlsx' });
    const xlsx = await loadModel(path.join(folder, 'model.xlsx'));
    const [fromCsv, fromXlsx] = [await planModel(csv), await planModel(xlsx)];
    expect(fromXlsx.plan.status).toBe('optimal');
    expect(fromXlsx.plan.objectiveBenefitPoints).toBe(fromCsv.plan.objectiveBenefitPoints);
    const funded = (outcome: typeof fromCsv): string[] => outcome.plan.projects.filter((project) => project.funded).map((project) => `${project.id}@${project.startYear}`);
    expect(funded(fromXlsx)).toEqual(funded(fromCsv));
    expect(funded(fromCsv).length).toBeGreaterThan(0);
  });
});
