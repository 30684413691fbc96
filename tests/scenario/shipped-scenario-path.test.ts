import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPackageRoot } from '../../src/dataset/package-root.js';
import { readScenarioChain, resolveScenarioPath, shippedScenarioNames } from '../../src/scenario/scenario-layer.js';
import { resolveScenario } from '../../src/scenario/resolve-scenario.js';
import { makeSampleDataset } from './sample-dataset.js';
import { problemsOf, writeScenarioFiles } from './helpers.js';

const shipped = (fileName: string): string => path.join(findPackageRoot(), 'scenarios', fileName);

describe('shipped scenarios by name, from any folder', () => {
  it('finds a shipped scenario by bare name, with or without .yaml', () => {
    expect(resolveScenarioPath('budget-cut-20')).toBe(shipped('budget-cut-20.yaml'));
    expect(resolveScenarioPath('growth-led.yaml')).toBe(shipped('growth-led.yaml'));
  });

  it('finds scenarios/<name>.yaml of the package when the current folder has none', () => {
    // A path that does not exist under the current folder but names a shipped scenario.
    const missingHere = path.join('.', 'scenarios', 'delayed-grant.yaml');
    const result = resolveScenarioPath(missingHere);
    expect(path.resolve(result)).toBe(shipped('delayed-grant.yaml'));
  });

  it('leaves a path that names no file and no shipped scenario as the user wrote it', () => {
    expect(resolveScenarioPath('budget-cut-2O')).toBe('budget-cut-2O');
    expect(resolveScenarioPath('other/budget-cut-20.yaml')).toBe('other/budget-cut-20.yaml');
    expect(resolveScenarioPath('scenarios/no-such-scenario.yaml')).toBe('scenarios/no-such-scenario.yaml');
  });

  it('reads a shipped scenario named bare, with the file it extends', async () => {
    const chain = await readScenarioChain('delayed-grant');
    expect(chain.map((layer) => path.basename(layer.label))).toEqual(['baseline.yaml', 'delayed-grant.yaml']);
    expect(path.dirname(chain[0].label)).toBe(path.join(findPackageRoot(), 'scenarios'));
  });

  it('says which file is missing for an unknown name', async () => {
    await expect(readScenarioChain('budget-cut-2O')).rejects.toThrow(/budget-cut-2O: cannot read the scenario file: no such file/);
  });

  it('lists the shipped scenarios when --scenario names none (new-user review u1, 16)', async () => {
    expect(shippedScenarioNames()).toEqual(['baseline', 'basic-needs-first', 'budget-cut-20', 'delayed-grant', 'growth-led']);
    await expect(readScenarioChain('budget-cut-30')).rejects.toThrow(
      'budget-cut-30: cannot read the scenario file: no such file; the scenarios shipped with infraplan, usable by name from any folder: baseline, basic-needs-first, budget-cut-20, delayed-grant, growth-led',
    );
  });

  it('extends a shipped scenario by name from a folder that has no such file, and the overrides say which file was used', async () => {
    const folder = await writeScenarioFiles({ 'mine.yaml': 'name: mine\nextends: delayed-grant.yaml\nbudget_scale: 0.9\n' });
    const chain = await readScenarioChain(path.join(folder, 'mine.yaml'));
    expect(chain.map((layer) => layer.label)).toEqual([shipped('baseline.yaml'), 'the shipped scenario scenarios/delayed-grant.yaml', path.join(folder, 'mine.yaml')]);
    const dataset = makeSampleDataset();
    const resolved = await resolveScenario(dataset, path.join(folder, 'mine.yaml'));
    expect(resolved.overridesApplied.some((line) => line.startsWith('delays[0]') && line.endsWith('(the shipped scenario scenarios/delayed-grant.yaml)'))).toBe(true);
  });

  it('prefers a file of that name next to the extending file', async () => {
    const folder = await writeScenarioFiles({ 'mine.yaml': 'extends: delayed-grant.yaml\n', 'delayed-grant.yaml': 'name: local\nbudget_scale: 0.5\n' });
    const chain = await readScenarioChain(path.join(folder, 'mine.yaml'));
    expect(chain.map((layer) => layer.label)).toEqual([path.join(folder, 'delayed-grant.yaml'), path.join(folder, 'mine.yaml')]);
  });

  it('lists the shipped scenarios when an extended scenario is found nowhere', async () => {
    const folder = await writeScenarioFiles({ 'mine.yaml': 'extends: budget-cut-30.yaml\n' });
    const problems = await problemsOf(() => readScenarioChain(path.join(folder, 'mine.yaml')));
    expect(problems[0]).toMatchObject({ file: path.join(folder, 'mine.yaml'), row: 1, column: 'extends' });
    expect(problems[0].message).toBe(
      `cannot read the extended scenario ${path.join(folder, 'budget-cut-30.yaml')}: no such file, and no shipped scenario has that name; the scenarios shipped with infraplan, usable by name from any folder: baseline, basic-needs-first, budget-cut-20, delayed-grant, growth-led`,
    );
  });

  it('shows a delay entry as the example when delays is not a list', async () => {
    const folder = await writeScenarioFiles({ 'bad.yaml': 'delays: {RBIG: one}\n' });
    const problems = await problemsOf(() => readScenarioChain(path.join(folder, 'bad.yaml')));
    expect(problems).toEqual([{ file: path.join(folder, 'bad.yaml'), row: 1, column: 'delays', message: expect.stringMatching(/^expected a list, e\.g\. \[\{source: RBIG, delay_years: 1\}\], found /) }]);
  });
});
