/**
 * The one mechanism of optional tables (facilities, assets, projections): one list in schemas.ts,
 * one writer rule (an empty optional table is left out), and the cross-table checks of the
 * master plan's tables listed with the tables they read, so a broken assets.csv is reported alone.
 */
import { copyFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CROSS_TABLE_CHECKS, TABLES_READ_BY_CHECK, checkAssets, checkProjections } from '../../src/dataset/checks.js';
import { loadModel } from '../../src/dataset/load-model.js';
import { OPTIONAL_TABLE_NAMES, REQUIRED_TABLE_NAMES, TABLE_NAMES, isOptionalTable } from '../../src/dataset/schemas.js';
import { writeModel } from '../../src/dataset/write-model.js';
import { InvalidInputError } from '../../src/errors/problems.js';

const masterplanFolder = path.join('tests', 'fixtures', 'masterplan');

let temporaryRoot: string;
beforeAll(async () => {
  temporaryRoot = await mkdtemp(path.join(tmpdir(), 'infraplan-optional-tables-'));
});
afterAll(async () => {
  await rm(temporaryRoot, { recursive: true, force: true });
});

describe('optional tables', () => {
  it('are one list: facilities, assets and projections, the rest required', () => {
    expect([...OPTIONAL_TABLE_NAMES].sort()).toEqual(['assets', 'facilities', 'projections']);
    expect(REQUIRED_TABLE_NAMES).toEqual(['municipalities', 'needs', 'indicators', 'projects', 'funding']);
    for (const name of TABLE_NAMES) expect(isOptionalTable(name), name).toBe(!REQUIRED_TABLE_NAMES.includes(name));
  });

  it('list every cross-table check with the tables it reads, the master plan checks with theirs', () => {
    for (const check of CROSS_TABLE_CHECKS) expect(TABLES_READ_BY_CHECK.has(check), check.name).toBe(true);
    expect(TABLES_READ_BY_CHECK.get(checkAssets)).toEqual(['municipalities', 'assets']);
    expect(TABLES_READ_BY_CHECK.get(checkProjections)).toEqual(['municipalities', 'projections']);
  });

  it('are written only when they have rows: the master plan fixture keeps assets.csv and gains no facilities.csv or projections.csv', async () => {
    const original = await loadModel(masterplanFolder);
    expect(original.assets?.length).toBe(8);
    expect(original.facilities).toEqual([]);
    const folder = path.join(temporaryRoot, 'masterplan-csv');
    await writeModel(original, folder, { format: 'csv' });
    expect((await readdir(folder)).sort()).toEqual(['assets.csv', 'funding.csv', 'indicators.csv', 'model.yaml', 'municipalities.csv', 'needs.csv', 'projects.csv']);
    const reloaded = await loadModel(folder);
    expect(reloaded.assets).toEqual(original.assets);
    // No row has an origin, so the column is left out; the owner and centre columns are written.
    const header = (await readFile(path.join(folder, 'projects.csv'), 'utf8')).split(/\r?\n/)[0]!.split(',');
    expect(header).not.toContain('origin');
    expect(header.slice(header.indexOf('benefit_override'))).toEqual([
      'benefit_override',
      'owner_sphere',
      'owner_name',
      'operating_cost_rand_per_year',
      'facility_type',
      'blocks_offered',
      'anchor_departments',
      'population_within_reach',
      'illustrative',
    ]);
  });

  it('an asset check runs beside a broken funding.csv (it reads municipalities and assets only), and a broken assets.csv is its own root problem', async () => {
    const folder = await mkdtemp(path.join(temporaryRoot, 'broken-tables-'));
    for (const file of await readdir(masterplanFolder)) await copyFile(path.join(masterplanFolder, file), path.join(folder, file));
    const funding = await readFile(path.join(folder, 'funding.csv'), 'utf8');
    // funding.csv lacks its source_id column; an asset row names an unknown municipality.
    await writeFile(path.join(folder, 'funding.csv'), funding.replace('source_id', 'source_code'));
    const assets = await readFile(path.join(folder, 'assets.csv'), 'utf8');
    await writeFile(path.join(folder, 'assets.csv'), assets.replace('WC012-WTW-01,WC012', 'WC012-WTW-01,WC999'));
    const problemsOf = async (): Promise<InvalidInputError['problems']> => {
      const error = await loadModel(folder).then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(InvalidInputError);
      return (error as InvalidInputError).problems;
    };
    const first = await problemsOf();
    expect(first.some((problem) => path.basename(problem.file) === 'funding.csv' && problem.column === 'source_id' && problem.message.includes('missing required column'))).toBe(true);
    expect(first.some((problem) => path.basename(problem.file) === 'assets.csv' && problem.column === 'municipality_code' && problem.message.startsWith('municipality WC999 is not in municipalities.csv ('))).toBe(true);
    // Now assets.csv itself lacks asset_type: its root problem is listed, and no asset check runs on it.
    await writeFile(path.join(folder, 'funding.csv'), funding);
    await writeFile(path.join(folder, 'assets.csv'), assets.replace('asset_type', 'asset_kind').replace('WC012-WTW-01,WC012', 'WC012-WTW-01,WC999'));
    const second = await problemsOf();
    const inAssets = second.filter((problem) => path.basename(problem.file) === 'assets.csv');
    expect(inAssets.some((problem) => problem.column === 'asset_type' && problem.message.includes('missing required column'))).toBe(true);
    expect(inAssets.some((problem) => problem.message.includes('WC999'))).toBe(false);
  });
});
