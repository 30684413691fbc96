import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel, resolveModelPath } from '../../src/dataset/load-model.js';
import { findPackageRoot } from '../../src/dataset/package-root.js';
import { InvalidInputError } from '../../src/errors/problems.js';
import type { Dataset } from '../../src/dataset/types.js';
import { TABLES, writeWorkbookFromCsv } from './workbook-from-csv.js';

const tinyFolder = path.join('tests', 'fixtures', 'tiny');
const tinyWorkbookFolder = path.join('tests', 'fixtures', 'tiny-xlsx');

/** The dataset without file paths and hashes, which differ between CSV and XLSX by design. */
function contentOf(dataset: Dataset): Omit<Dataset, 'sourceFiles' | 'loadNotes'> {
  const { sourceFiles: _sourceFiles, loadNotes: _loadNotes, ...content } = dataset;
  return content;
}

let temporaryRoot: string;
beforeAll(async () => {
  temporaryRoot = await mkdtemp(path.join(tmpdir(), 'infraplan-load-'));
});
afterAll(async () => {
  await rm(temporaryRoot, { recursive: true, force: true });
});

/** A fresh copy of the tiny model in a temporary folder. */
async function copyTiny(name: string): Promise<string> {
  const folder = path.join(temporaryRoot, name);
  await mkdir(folder, { recursive: true });
  for (const file of ['model.yaml', ...TABLES.map((table) => `${table}.csv`)]) await copyFile(path.join(tinyFolder, file), path.join(folder, file));
  return folder;
}

describe('loadModel on the tiny CSV model', () => {
  let dataset: Dataset;
  beforeAll(async () => {
    dataset = await loadModel(tinyFolder);
  });

  it('reads model.yaml into the config with financial years as start years', () => {
    expect(dataset.config.name).toBe('tiny');
    expect(dataset.config.baseFinancialYear).toBe(2026);
    expect(dataset.config.horizonYears).toBe(4);
    expect(dataset.config.indicators.map((indicator) => [indicator.id, indicator.theme, indicator.weight])).toEqual([
      ['water_backlog_share', 'need', 1],
      ['sanitation_backlog_share', 'need', 1],
      ['household_growth_percent_per_year', 'growth', 2],
      ['unemployment_rate_percent', 'growth', 1],
    ]);
    expect(dataset.config.policy.minServiceShare.sanitation).toBe(0.3);
    expect(dataset.config.policy.basicPackageFloorShare).toBe(0);
  });

  it('reads every table row in file order', () => {
    expect(dataset.municipalities.map((municipality) => `${municipality.code}/${municipality.districtCode}`)).toEqual(['WC011/DC1', 'WC012/DC1', 'WC022/DC2']);
    expect(dataset.needs).toHaveLength(6);
    expect(dataset.needs[3]).toEqual({ municipalityCode: 'WC012', service: 'sanitation', backlogHouseholds: 950, treatmentCapacityMlPerDay: null, demandMlPerDay: 5.1, illustrative: true, sourceRow: 5 });
    expect(dataset.indicators[2].values).toEqual({
      water_backlog_share: 0.06,
      sanitation_backlog_share: 0.065,
      household_growth_percent_per_year: 2.13,
      unemployment_rate_percent: 12.1,
    });
    expect(dataset.projects.map((project) => project.id)).toEqual([
      'WC011-W-01', 'WC011-W-02', 'WC011-S-01', 'WC012-W-01', 'WC012-W-02', 'WC012-S-01', 'WC022-S-01', 'WC022-W-01', 'WC022-W-02',
    ]);
  });

  it('turns cash flow percentages into rand per build year that add up to capex', () => {
    const byId = new Map(dataset.projects.map((project) => [project.id, project]));
    // 40% and 60% of R40m.
    expect(byId.get('WC011-W-01')!.cashFlowRandByBuildYear).toEqual([16_000_000, 24_000_000]);
    // 30/40/30 of R60m.
    expect(byId.get('WC011-W-02')!.cashFlowRandByBuildYear).toEqual([18_000_000, 24_000_000, 18_000_000]);
    // Given in rand, kept as is.
    expect(byId.get('WC011-S-01')!.cashFlowRandByBuildYear).toEqual([10_000_000, 15_000_000]);
    expect(byId.get('WC022-S-01')!.cashFlowRandByBuildYear).toEqual([35_000_000]);
    for (const project of dataset.projects) {
      expect(project.cashFlowRandByBuildYear.reduce((sum, amount) => sum + amount, 0)).toBe(project.capexRand);
    }
  });

  it('reads lists, optional cells, statuses and start windows', () => {
    const byId = new Map(dataset.projects.map((project) => [project.id, project]));
    expect(byId.get('WC011-W-02')).toMatchObject({ prerequisiteIds: ['WC011-W-01'], earliestStartYear: 2027, latestStartYear: 2029, householdsServed: 0 });
    expect(byId.get('WC012-W-01')).toMatchObject({ exclusiveGroup: 'CED-RES', fundingSourceIds: ['RBIG', 'MIG'], description: 'Clanwilliam reservoir, 5 Ml' });
    expect(byId.get('WC011-S-01')!.status).toBe('committed');
    expect(byId.get('WC022-W-01')!.status).toBe('excluded');
    expect(byId.get('WC022-W-02')!.benefitOverride).toBe(5000);
    expect(byId.get('WC011-W-01')!.benefitOverride).toBeNull();
    expect(byId.get('WC011-W-01')!.exclusiveGroup).toBeNull();
  });

  it('groups funding rows into sources in order of first appearance', () => {
    expect(dataset.fundingSources).toEqual([
      {
        id: 'RBIG',
        name: 'Regional Bulk Infrastructure Grant',
        carryOver: false,
        purpose: 'capital',
        envelopeRandByYear: { 2026: 30_000_000, 2027: 30_000_000, 2028: 35_000_000, 2029: 35_000_000 },
        illustrative: true,
      },
      {
        id: 'MIG',
        name: 'Municipal Infrastructure Grant',
        carryOver: true,
        purpose: 'capital',
        envelopeRandByYear: { 2026: 25_000_000, 2027: 25_000_000, 2028: 25_000_000, 2029: 25_000_000 },
        illustrative: true,
      },
    ]);
  });

  it('records the SHA-256 of every file read', async () => {
    const expected = await Promise.all(
      ['model.yaml', ...TABLES.map((table) => `${table}.csv`)].map(async (file) => ({
        path: path.join(tinyFolder, file),
        sha256: createHash('sha256').update(await readFile(path.join(tinyFolder, file))).digest('hex'),
      })),
    );
    expect(dataset.sourceFiles).toEqual(expected);
    expect(dataset.loadNotes).toBeUndefined();
  });
});

describe('CSV dialects', () => {
  it('reads CRLF line ends, a byte-order mark and quoted cells with commas and line breaks the same way', async () => {
    const folder = await copyTiny('crlf-bom');
    for (const table of TABLES) {
      const file = path.join(folder, `${table}.csv`);
      const text = await readFile(file, 'utf8');
      await writeFile(file, `\uFEFF${text.replace(/\n/g, '\r\n')}`);
    }
    const original = await loadModel(tinyFolder);
    const dialect = await loadModel(folder);
    expect(contentOf(dialect)).toEqual(contentOf(original));
  });

  it('keeps row numbers as a spreadsheet shows them after a quoted cell with a line break', async () => {
    const folder = await copyTiny('multiline');
    const file = path.join(folder, 'projects.csv');
    const text = await readFile(file, 'utf8');
    await writeFile(
      file,
      text
        .replace('Olifants River bulk pipeline to Vredendal', '"Olifants River bulk pipeline\nto Vredendal"')
        .replace('Vredendal water treatment works upgrade,60000000', 'Vredendal water treatment works upgrade,sixty million'),
    );
    const error = await loadModel(folder).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidInputError);
    // The second data record starts on line 4 of the file, but a spreadsheet shows it as row 3.
    expect((error as InvalidInputError).problems).toEqual([
      { file, row: 3, column: 'capex_rand', message: 'expected a number > 0, found "sixty million"' },
    ]);
  });
});

describe('XLSX models', () => {
  it('gives the same dataset from a workbook generated from the CSV files', async () => {
    const folder = path.join(temporaryRoot, 'generated-xlsx');
    await mkdir(folder, { recursive: true });
    await writeWorkbookFromCsv(tinyFolder, folder);
    const fromWorkbook = await loadModel(folder);
    expect(contentOf(fromWorkbook)).toEqual(contentOf(await loadModel(tinyFolder)));
    expect(fromWorkbook.sourceFiles.map((file) => path.basename(file.path))).toEqual(['model.yaml', 'model.xlsx']);
  });

  it('reads the committed tiny-xlsx fixture (formula and rich-text cells included) to the same dataset', async () => {
    const tiny = contentOf(await loadModel(tinyFolder));
    expect(contentOf(await loadModel(tinyWorkbookFolder))).toEqual(tiny);
    expect(contentOf(await loadModel(path.join(tinyWorkbookFolder, 'model.xlsx')))).toEqual(tiny);
  });

  it('uses the CSV files when both are present, and says so', async () => {
    const folder = await copyTiny('both');
    await copyFile(path.join(tinyWorkbookFolder, 'model.xlsx'), path.join(folder, 'model.xlsx'));
    const dataset = await loadModel(folder);
    expect(dataset.loadNotes).toEqual(['both CSV files and model.xlsx are present: the tables were read from the CSV files and model.xlsx was ignored (move one of them out of the folder, or give the workbook\'s path to read it)']);
    expect(dataset.sourceFiles.some((file) => file.path.endsWith('.xlsx'))).toBe(false);
  });

  it('names the sheet and its row for a bad cell in a workbook', async () => {
    const folder = path.join(temporaryRoot, 'bad-xlsx');
    await mkdir(folder, { recursive: true });
    const csvFolder = await copyTiny('bad-xlsx-source');
    const projects = path.join(csvFolder, 'projects.csv');
    await writeFile(projects, (await readFile(projects, 'utf8')).replace('WC012-W-01,WC012,water', 'WC012-W-01,WC012,electricity'));
    const workbookPath = await writeWorkbookFromCsv(csvFolder, folder);
    const error = (await loadModel(workbookPath).catch((caught: unknown) => caught)) as InvalidInputError;
    expect(error.problems).toEqual([
      { file: `${workbookPath} [projects]`, row: 5, column: 'service', message: 'expected one of water, sanitation; found "electricity"' },
    ]);
  });

  it('reports a workbook without one of the sheets', async () => {
    const folder = path.join(temporaryRoot, 'missing-sheet');
    await mkdir(folder, { recursive: true });
    const workbookPath = await writeWorkbookFromCsv(tinyFolder, folder);
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(workbookPath);
    workbook.removeWorksheet(workbook.getWorksheet('funding')!.id);
    await workbook.xlsx.writeFile(workbookPath);
    const error = (await loadModel(folder).catch((caught: unknown) => caught)) as InvalidInputError;
    expect(error.problems).toEqual([
      { file: workbookPath, row: null, column: null, message: 'no sheet named "funding" (sheets found: municipalities, needs, indicators, projects)' },
    ]);
  });
});

describe('model.yaml defaults', () => {
  it('fills index and policy settings, currency and note when model.yaml omits them', async () => {
    const folder = await copyTiny('defaults');
    const yamlPath = path.join(folder, 'model.yaml');
    const text = await readFile(yamlPath, 'utf8');
    await writeFile(yamlPath, text.slice(0, text.indexOf('index:')).replace(/currency: ZAR\n/, '').replace(/illustrative_note:.*\n/, ''));
    const { config } = await loadModel(folder);
    expect(config.currency).toBe('ZAR');
    expect(config.illustrativeNote).toBe('');
    expect(config.index).toEqual({ normalisation: 'min-max', needThreshold: 0.5, growthThreshold: 0.5 });
    expect(config.policy).toEqual({
      discountRatePercent: 5,
      needWeight: 0.5,
      growthWeight: 0.5,
      benefitPerHousehold: 1,
      benefitPerMlPerDay: 500,
      basicPackageFloorShare: 0.2,
      basicPackageMinSpendRand: 0,
      minServiceShare: { sanitation: 0.3 },
      districtShareMin: 0,
      districtShareMax: 1,
      maxConcurrentProjectsPerMunicipality: 3,
      shortfallsMetByYear: 0,
      allocationCostPerHouseholdRand: { water: 25_000, sanitation: 30_000 },
      allocationCostPerMlPerDayRand: 15_000_000,
      benefitPerPersonWithinReach: 0.05,
      rolloutTargetYear: {},
      facilityAnchorRequired: 1,
      maxFacilitiesOpenedPerYear: {},
      minHouseholdsServed: 0,
      objectiveMeasure: 0,
    });
  });

  it('accepts a plain 2026 as the base financial year', async () => {
    const folder = await copyTiny('plain-year');
    const yamlPath = path.join(folder, 'model.yaml');
    await writeFile(yamlPath, (await readFile(yamlPath, 'utf8')).replace('base_financial_year: 2026/27', 'base_financial_year: 2026'));
    expect((await loadModel(folder)).config.baseFinancialYear).toBe(2026);
  });
});

describe('resolveModelPath', () => {
  const packageRoot = findPackageRoot();

  it('finds the package root from the source tree', async () => {
    const packageJson = JSON.parse(await readFile(path.join(packageRoot, 'package.json'), 'utf8')) as { name: string };
    expect(packageJson.name).toBe('infraplan');
  });

  it('gives the embedded western-cape model for no argument, independent of the working directory', () => {
    expect(resolveModelPath(undefined)).toBe(path.join(packageRoot, 'models', 'western-cape'));
  });

  it('keeps an existing path as given', () => {
    expect(resolveModelPath(tinyFolder)).toBe(tinyFolder);
  });

  it('maps a bare name to models/<name> only when no such path exists', () => {
    expect(resolveModelPath('tests')).toBe('tests');
    expect(resolveModelPath('no-such-model')).toBe('no-such-model');
  });
});
