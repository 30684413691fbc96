/**
 * compare, sweep and stress count households served as `run` does: per municipality at most its
 * backlog. In a copy of the tiny model both WC011 water projects are committed and together claim
 * 1,200 + 600 = 1,800 households of a 1,500 backlog (a pipeline and its works serving the same
 * households); every analysis figure counts 1,500 there, as the run's Summary does.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFrontier } from '../../src/analysis/frontier.js';
import { runCompare, type CompareResult } from '../../src/analysis/run-compare.js';
import { summariseStress } from '../../src/analysis/stress-summary.js';
import { loadModel } from '../../src/dataset/load-model.js';
import type { Dataset } from '../../src/dataset/types.js';
import { runModel, type RunModelResult } from '../../src/pipeline/run-model.js';
import { temporaryFolder, TINY_MODEL, writeScenarios } from './helpers.js';

/** The tiny model with both WC011 water projects committed, the works serving 600 households and no longer waiting for the pipeline. */
async function overlappingModel(): Promise<string> {
  const folder = path.join(await temporaryFolder(), 'overlap');
  await cp(TINY_MODEL, folder, { recursive: true });
  const file = path.join(folder, 'projects.csv');
  const lines = (await readFile(file, 'utf8')).split('\n').map((line) => {
    if (line.startsWith('WC011-W-01,')) return line.replace(',candidate,', ',committed,');
    if (line.startsWith('WC011-W-02,')) return line.replace(',0,5,2027/28,2029/30,WC011-W-01,', ',600,5,2027/28,2029/30,,').replace(',candidate,', ',committed,');
    return line;
  });
  await writeFile(file, lines.join('\n'), 'utf8');
  return folder;
}

describe('analysis households are capped at the backlog, as run counts them', () => {
  let compared: CompareResult;
  let run: RunModelResult;
  let dataset: Dataset;

  beforeAll(async () => {
    const model = await overlappingModel();
    dataset = await loadModel(model);
    const out = await temporaryFolder();
    const scenarios = await writeScenarios({ first: 'name: first\n', second: 'name: second\n' });
    compared = await runCompare({ modelPath: model, scenarioPaths: [scenarios.first, scenarios.second] }, { workers: 1, skipFiles: true });
    run = await runModel({ model, outDir: out });
  });

  it('the fixture really overlaps: both WC011 water projects funded, 1,800 households claimed of 1,500', () => {
    const wc011Water = compared.plans[0].projects.filter((project) => project.funded && project.municipalityCode === 'WC011' && project.service === 'water');
    expect(wc011Water.map((project) => project.id).sort()).toEqual(['WC011-W-01', 'WC011-W-02']);
    expect(wc011Water.reduce((sum, project) => sum + project.householdsServed, 0)).toBe(1800);
    expect(dataset.needs.find((need) => need.municipalityCode === 'WC011' && need.service === 'water')?.backlogHouseholds).toBe(1500);
  });

  it("compare's households equal run's, 300 fewer than the funded projects claim", () => {
    const [figures] = compared.comparison.scenarios;
    const runWater = run.figures.householdsServedByService.water;
    const runTotal = runWater + run.figures.householdsServedByService.sanitation;
    expect(figures.householdsServedByService.water).toBe(runWater);
    expect(figures.householdsServed).toBe(runTotal);
    const claimed = compared.plans[0].projects.filter((project) => project.funded).reduce((sum, project) => sum + project.householdsServed, 0);
    expect(claimed - figures.householdsServed).toBe(300);
  });

  it('sweep and stress count the same plan the same way', () => {
    const plan = compared.plans[0];
    const expected = compared.comparison.scenarios[0].householdsServed;
    const frontier = buildFrontier([{ budgetFactor: 1, totalBudgetRand: 230_000_000, plan }], dataset);
    expect(frontier.points[0].householdsServed).toBe(expected);
    const stress = summariseStress(dataset, plan, [plan], 1);
    expect(stress.householdsWithoutOverrun).toBe(expected);
    expect(stress.householdsByDraw).toEqual([expected]);
    // Dropping the works (600 claimed) loses only 300: the pipeline still reaches 1,200 of the 1,500.
    const withoutWorks = { ...plan, projects: plan.projects.map((project) => (project.id === 'WC011-W-02' ? { ...project, funded: false } : project)) };
    expect(summariseStress(dataset, plan, [withoutWorks], 1).atRiskByDraw[0]?.households).toBe(300);
  });
});
