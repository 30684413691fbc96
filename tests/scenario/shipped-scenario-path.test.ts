import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPackageRoot } from '../../src/dataset/package-root.js';
import { readScenarioChain, resolveScenarioPath } from '../../src/scenario/scenario-layer.js';

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
});
