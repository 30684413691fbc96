import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseModelConfig } from '../../src/dataset/model-config.js';
import { resolveScenario } from '../../src/scenario/resolve-scenario.js';
import { deepFreeze, makeSampleDataset } from './sample-dataset.js';
import { writeScenarioFiles } from './helpers.js';

/** The sample dataset with engine settings in its model.yaml, as the default model has. */
function datasetWithModelEngine() {
  const dataset = makeSampleDataset();
  return deepFreeze({ ...dataset, config: { ...dataset.config, engine: { relativeGap: 0.001, timeLimitSeconds: 300 } } });
}

describe('the model layer of engine settings (model.yaml engine:)', () => {
  it('applies when neither a scenario nor the command line sets them', async () => {
    const resolved = await resolveScenario(datasetWithModelEngine(), undefined);
    expect(resolved.engineOptions).toEqual({ relativeGap: 0.001, timeLimitSeconds: 300 });
  });

  it('loses to a scenario file, which loses to the command line, key by key', async () => {
    const folder = await writeScenarioFiles({ 'tight.yaml': 'name: tight\nengine:\n  relative_gap: 0.0001\n' });
    const scenarioPath = path.join(folder, 'tight.yaml');
    const fromFile = await resolveScenario(datasetWithModelEngine(), scenarioPath);
    expect(fromFile.engineOptions).toEqual({ relativeGap: 0.0001, timeLimitSeconds: 300 });
    const fromCommandLine = await resolveScenario(datasetWithModelEngine(), scenarioPath, { relativeGap: 0.01, timeLimitSeconds: 20 });
    expect(fromCommandLine.engineOptions).toEqual({ relativeGap: 0.01, timeLimitSeconds: 20 });
  });

  it('is read from model.yaml and rejects an unknown key naming it', () => {
    const yaml = (engineBlock: string) =>
      `name: m\ntitle: M\nbase_financial_year: 2026/27\nhorizon_years: 3\nindicators:\n` +
      `  - {id: a, label: A, theme: need, direction: higher_is_worse, weight: 1}\n` +
      `  - {id: b, label: B, theme: growth, direction: higher_is_better, weight: 1}\n${engineBlock}`;
    const good = parseModelConfig(yaml('engine:\n  solver: highs\n  relative_gap: 0.001\n'), 'model.yaml');
    expect(good.problems).toEqual([]);
    expect(good.config?.engine).toEqual({ engine: 'highs', relativeGap: 0.001 });
    const bad = parseModelConfig(yaml('engine:\n  relative_gapp: 0.001\n'), 'model.yaml');
    expect(bad.config).toBeNull();
    expect(bad.problems.some((problem) => problem.file === 'model.yaml' && problem.column?.includes('engine'))).toBe(true);
  });
});
