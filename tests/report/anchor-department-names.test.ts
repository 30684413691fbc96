/**
 * Anchor departments are model data (new-user review u1, 13): a facility service declares the
 * departments that may anchor its centres, with their names, under `anchor_departments:` in
 * model.yaml. The roll-out sheet prints the declared names (read back from the workbook of a copy
 * of the Thusong fixture whose departments are renamed); a code the service does not declare is
 * refused at loading with the file, row and column; model.yaml itself is checked; the shipped
 * Western Cape model declares the names the sheet printed before, and a model that declares none
 * still loads (tests/report/names-and-figures.test.ts reads its sheet).
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import { parseModelConfig } from '../../src/dataset/model-config.js';
import { modelConfigToYaml } from '../../src/dataset/model-yaml.js';
import { InvalidInputError } from '../../src/errors/problems.js';
import { planModel } from '../../src/plan/plan-model.js';
import { writeRunFolder } from '../../src/report/write-run.js';
import { columnStartingWith, FIXED_START, readRunWorkbook, rowStartingWith, sheetNamed, temporaryFolder } from './helpers.js';

const FIXTURE = 'tests/fixtures/thusong';
const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** The Thusong fixture's model.yaml with `declaration` (YAML lines at the service's indent) added under the thusong service. */
function withDeclaration(declaration: string): string {
  const original = readFileSync(path.join(FIXTURE, 'model.yaml'), 'utf8');
  const anchor = '        label: Education and skills development\n        weight: 0.25\n';
  expect(original).toContain(anchor);
  return original.replace(anchor, `${anchor}${declaration}`);
}

/** A copy of the Thusong fixture with model.yaml replaced (and projects.csv edited by `editProjects`). */
function fixtureCopy(modelYaml: string, editProjects: (text: string) => string = (text) => text): string {
  const folder = temporaryFolder('infraplan-anchor-');
  folders.push(folder);
  const model = path.join(folder, 'thusong');
  cpSync(FIXTURE, model, { recursive: true });
  writeFileSync(path.join(model, 'model.yaml'), modelYaml);
  const projects = path.join(model, 'projects.csv');
  writeFileSync(projects, editProjects(readFileSync(projects, 'utf8')));
  return model;
}

/** The problems loadModel reports for a model folder (fails the test when it loads). */
async function loadProblems(folder: string): Promise<InvalidInputError['problems']> {
  const error = await loadModel(folder).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(InvalidInputError);
  return (error as InvalidInputError).problems;
}

const RENAMED = [
  '    anchor_departments:',
  '      - id: home_affairs',
  '        name: Department of Home Affairs',
  '      - id: sassa',
  '        name: South African Social Security Agency',
  '',
].join('\n');

describe('the roll-out sheet names the anchor departments the model declares', () => {
  it('prints the declared names, read back from the workbook', async () => {
    const model = fixtureCopy(withDeclaration(RENAMED));
    const dataset = await loadModel(model);
    expect(dataset.config.services.find((service) => service.id === 'thusong')?.anchorDepartments).toEqual([
      { id: 'home_affairs', name: 'Department of Home Affairs' },
      { id: 'sassa', name: 'South African Social Security Agency' },
    ]);
    const { plan } = await planModel(dataset, { marginalValues: false });
    const out = temporaryFolder('infraplan-anchor-run-');
    folders.push(out);
    const runFolder = await writeRunFolder({ plan, dataset, modelPath: model, scenarioPath: null, startedAt: FIXED_START }, { outDir: out });
    const workbook: ExcelJS.Workbook = await readRunWorkbook(runFolder);
    const sheet = sheetNamed(workbook, 'Thusong roll-out');
    const header = rowStartingWith(sheet, 'Project');
    const anchorColumn = columnStartingWith(sheet, header.number, 'Anchor departments');
    // projects.csv: WC012-T-01 and WC013-T-01 home_affairs;sassa, WC011-T-02 sassa, WC011-T-01 none.
    expect(rowStartingWith(sheet, 'WC012-T-01').getCell(anchorColumn).value).toBe('Department of Home Affairs; South African Social Security Agency');
    expect(rowStartingWith(sheet, 'WC013-T-01').getCell(anchorColumn).value).toBe('Department of Home Affairs; South African Social Security Agency');
    expect(rowStartingWith(sheet, 'WC011-T-02').getCell(anchorColumn).value).toBe('South African Social Security Agency');
    expect(rowStartingWith(sheet, 'WC011-T-01').getCell(anchorColumn).value).toBe('none committed');
  });
});

describe('an anchor department code the service does not declare', () => {
  it('is refused with the file, row and column of every cell that holds it, and the model.yaml key that declares the list', async () => {
    const onlyHomeAffairs = ['    anchor_departments:', '      - id: home_affairs', '        name: Home Affairs', ''].join('\n');
    const problems = await loadProblems(fixtureCopy(withDeclaration(onlyHomeAffairs)));
    // facilities.csv row 2 (WC011-T-E1, home_affairs;sassa); projects.csv rows 3 (WC012-T-01), 5 (WC011-T-02) and 6 (WC013-T-01), folded into one line.
    const located = problems.map((problem) => `${path.basename(problem.file)}:${problem.row}:${problem.column}:${problem.repeated?.rows ?? ''}`);
    expect(located.sort()).toEqual(['facilities.csv:2:anchor_departments:', 'projects.csv:3:anchor_departments:3, 5-6']);
    for (const problem of problems) {
      expect(problem.message).toBe('unknown anchor department sassa; thusong declares home_affairs (Home Affairs) (model.yaml services.1.anchor_departments: add it there, or correct the code)');
    }
  });

  it('suggests the declared code a typo is closest to', async () => {
    const model = fixtureCopy(withDeclaration(RENAMED), (text) => text.replace(/^(WC011-T-02,.*),sassa,/m, '$1,sasa,'));
    const problems = await loadProblems(model);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ row: 5, column: 'anchor_departments' });
    expect(path.basename(problems[0].file)).toBe('projects.csv');
    expect(problems[0].message).toMatch(/^unknown anchor department sasa \(did you mean sassa\?\); thusong declares home_affairs \(Department of Home Affairs\), sassa \(South African Social Security Agency\)/);
  });
});

describe('anchor_departments in model.yaml', () => {
  it('is refused on a service without blocks, and a code declared twice, each with its key', () => {
    const onWater = readFileSync(path.join(FIXTURE, 'model.yaml'), 'utf8').replace(
      '    backlog_column: backlog_households\n',
      '    backlog_column: backlog_households\n    anchor_departments:\n      - id: sassa\n        name: SASSA\n',
    );
    const water = parseModelConfig(onWater, 'model.yaml');
    expect(water.config).toBeNull();
    expect(water.problems).toMatchObject([
      { file: 'model.yaml', column: 'services.0.anchor_departments', message: "water is not a facility service (a service with blocks:); only a facility service's centres have anchor departments" },
    ]);
    const twice = parseModelConfig(withDeclaration(`${RENAMED}      - id: sassa\n        name: SASSA\n`), 'model.yaml');
    expect(twice.config).toBeNull();
    expect(twice.problems).toMatchObject([{ file: 'model.yaml', column: 'services.1.anchor_departments.2.id', message: 'anchor department sassa is declared twice' }]);
    const badId = parseModelConfig(withDeclaration('    anchor_departments:\n      - id: Home Affairs\n        name: Home Affairs\n'), 'model.yaml');
    expect(badId.config).toBeNull();
    expect(badId.problems[0]).toMatchObject({ file: 'model.yaml', column: 'services.1.anchor_departments.0.id' });
  });

  it('is written back by model export and convert (modelConfigToYaml) as it was declared', () => {
    const { config } = parseModelConfig(withDeclaration(RENAMED), 'model.yaml');
    expect(config).not.toBeNull();
    const again = parseModelConfig(modelConfigToYaml(config!), 'model.yaml').config;
    expect(again?.services).toEqual(config!.services);
    // A model that declares none writes none, so it reads back as declaring none.
    const undeclared = parseModelConfig(readFileSync(path.join(FIXTURE, 'model.yaml'), 'utf8'), 'model.yaml').config!;
    expect(modelConfigToYaml(undeclared)).not.toContain('anchor_departments');
  });

  it('declares Home Affairs and SASSA in the shipped Western Cape model', () => {
    const { config, problems } = parseModelConfig(readFileSync('models/western-cape/model.yaml', 'utf8'), 'model.yaml');
    expect(problems).toEqual([]);
    expect(config?.services.find((service) => service.id === 'thusong')?.anchorDepartments).toEqual([
      { id: 'home_affairs', name: 'Home Affairs' },
      { id: 'sassa', name: 'SASSA' },
    ]);
  });
});
