/**
 * households_served against the municipality's backlog (review finding: 999999 typed for 1200 was
 * valid, and every report counted households that do not exist). One project above its backlog is
 * a problem on its cell; projects that could be funded together above it are a warning.
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import { InvalidInputError } from '../../src/errors/problems.js';

const tinyFolder = path.join('tests', 'fixtures', 'tiny');
const files = ['model.yaml', 'municipalities.csv', 'needs.csv', 'indicators.csv', 'projects.csv', 'funding.csv'];
const W01 = 'WC011-W-01,WC011,water,bulk_pipeline,Olifants River bulk pipeline to Vredendal,40000000,40;60,,1200,';
const W02 = 'WC011-W-02,WC011,water,water_treatment_upgrade,Vredendal water treatment works upgrade,60000000,30;40;30,,0,';

let temporaryRoot: string;
beforeAll(async () => {
  temporaryRoot = await mkdtemp(path.join(tmpdir(), 'infraplan-served-'));
});
afterAll(async () => {
  await rm(temporaryRoot, { recursive: true, force: true });
});

/** A copy of the tiny model with projects.csv edited; returns its folder. */
async function tinyWith(replacements: [string, string][]): Promise<string> {
  const folder = await mkdtemp(path.join(temporaryRoot, 'model-'));
  for (const file of files) await copyFile(path.join(tinyFolder, file), path.join(folder, file));
  let text = await readFile(path.join(folder, 'projects.csv'), 'utf8');
  for (const [from, to] of replacements) {
    expect(text).toContain(from);
    text = text.replace(from, to);
  }
  await writeFile(path.join(folder, 'projects.csv'), text);
  return folder;
}

describe('checkServedWithinBacklog', () => {
  it('names the file, row and column of a project serving more than its backlog, with the backlog and its needs row', async () => {
    const folder = await tinyWith([[W01, W01.replace(',1200,', ',999999,')]]);
    const error = await loadModel(folder).then(() => null, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).problems).toEqual([
      {
        file: path.join(folder, 'projects.csv'),
        row: 2,
        column: 'households_served',
        message: `project WC011-W-01 serves 999,999 households, more than the 1,500 of WC011's water backlog (${path.join(folder, 'needs.csv')} row 2); households_served counts backlog households the project brings to the basic level`,
      },
    ]);
  });

  it('accepts a project serving exactly its backlog, with no warning', async () => {
    const dataset = await loadModel(await tinyWith([[W01, W01.replace(',1200,', ',1500,')]]));
    expect(dataset.projects.find((project) => project.id === 'WC011-W-01')?.householdsServed).toBe(1500);
    expect(dataset.loadWarnings ?? []).toEqual([]);
  });
});

describe('servedBeyondBacklogWarnings', () => {
  it('warns when projects that could be funded together serve more than the backlog, on the last one’s row', async () => {
    const folder = await tinyWith([[W02, W02.replace(',0,', ',600,')]]);
    const dataset = await loadModel(folder);
    expect(dataset.loadWarnings).toEqual([
      {
        file: path.join(folder, 'projects.csv'),
        row: 3,
        column: 'households_served',
        message:
          "projects WC011-W-01, WC011-W-02 could be funded together and serve 1,800 households, more than the 1,500 of WC011's water backlog; " +
          'if they serve the same households, give each only those it adds (reports count at most the backlog as served)',
      },
    ]);
  });

  it('counts only the largest of an exclusive group: the tiny model’s two Clanwilliam reservoirs (600 each, backlog 700) pass', async () => {
    const dataset = await loadModel(tinyFolder);
    expect(dataset.loadWarnings ?? []).toEqual([]);
  });

  it('leaves out excluded projects', async () => {
    const folder = await tinyWith([[W02, W02.replace(',0,', ',600,')]]);
    const text = (await readFile(path.join(folder, 'projects.csv'), 'utf8')).replace(/(WC011-W-02,.*?,)candidate,/, '$1excluded,');
    await writeFile(path.join(folder, 'projects.csv'), text);
    const dataset = await loadModel(folder);
    expect(dataset.projects.find((project) => project.id === 'WC011-W-02')?.status).toBe('excluded');
    expect(dataset.loadWarnings ?? []).toEqual([]);
  });
});
