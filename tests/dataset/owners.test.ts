/**
 * Project owners in the model files: a model from before the owner columns loads with every project
 * its municipality's own and a note; a provincial project without a department is a located error;
 * the writer gives owners back exactly.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import { modelTablesFromDataset, writeModelTables } from '../../src/dataset/write-model.js';
import { InvalidInputError, formatProblem } from '../../src/errors/problems.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'infraplan-owners-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A copy of the tiny model whose projects.csv text is changed by `edit`. */
async function tinyWithProjects(name: string, edit: (lines: string[]) => string[]): Promise<string> {
  const folder = path.join(root, name);
  await cp('tests/fixtures/tiny', folder, { recursive: true });
  const file = path.join(folder, 'projects.csv');
  const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
  await writeFile(file, `${edit(lines).join('\n')}\n`);
  return folder;
}

describe('project owners', () => {
  it('default to the municipality, with a note, in a model without the owner columns', async () => {
    // Drop the two owner columns, just before illustrative, from every line.
    const folder = await tinyWithProjects('old', (lines) => lines.map((line) => line.replace(',owner_sphere,owner_name,', ',').replace(/,municipal,[^,]*,(yes|no)$/, ',$1')));
    const dataset = await loadModel(folder);
    expect(dataset.loadNotes).toEqual([
      "projects.csv has no owner_sphere or owner_name column; every project without one is taken to be its municipality's own (owner_sphere municipal, owner_name the municipality's name)",
    ]);
    const names = new Map(dataset.municipalities.map((municipality) => [municipality.code, municipality.name]));
    for (const project of dataset.projects) expect(project.owner).toEqual({ sphere: 'municipal', name: names.get(project.municipalityCode) });
    // The same Dataset as the tiny model, which names those owners in its columns.
    expect(dataset.projects).toEqual((await loadModel('tests/fixtures/tiny')).projects);
  });

  it('of a provincial or national project name the department, else the row is refused with its cell', async () => {
    const folder = await tinyWithProjects('nameless', (lines) => lines.map((line, index) => (index === 3 ? line.replace('municipal,Matzikama', 'provincial,') : line)));
    const error = await loadModel(folder).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).problems.map(formatProblem)).toEqual([`${path.join(folder, 'projects.csv')}, row 4, column owner_name: project WC011-S-01 is provincial; name the department that owns it`]);
  });

  it('are written back exactly by the model writer, and an unknown sphere is refused', async () => {
    const folder = await tinyWithProjects('mixed', (lines) => lines.map((line, index) => (index === 2 ? line.replace('municipal,Matzikama', 'national,Department of Water and Sanitation') : line)));
    const dataset = await loadModel(folder);
    expect(dataset.projects[1].owner).toEqual({ sphere: 'national', name: 'Department of Water and Sanitation' });
    const written = await writeModelTables(modelTablesFromDataset(dataset), path.join(root, 'mixed-written'), { format: 'csv' });
    expect((await loadModel(written)).projects).toEqual(dataset.projects);
    const bad = await tinyWithProjects('bad-sphere', (lines) => lines.map((line, index) => (index === 2 ? line.replace('municipal,Matzikama', 'district,Matzikama') : line)));
    const error = (await loadModel(bad).catch((caught: unknown) => caught)) as InvalidInputError;
    expect(error.problems.map(formatProblem)).toEqual([`${path.join(bad, 'projects.csv')}, row 3, column owner_sphere: expected one of national, provincial, municipal (or empty); found "district"`]);
  });
});
