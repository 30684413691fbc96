import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/analysis/analysis-run.js';
import { drawOverrunFactors } from '../../src/analysis/cost-overruns.js';
import { drawDataset, stagedDataset } from '../../src/analysis/plan-shortcut.js';
import { jobOfRequest, type WorkerRequest } from '../../src/analysis/solve-pool.js';
import { withCostFactors } from '../../src/dataset/cost-factors.js';
import type { Dataset } from '../../src/dataset/types.js';
import { computeIndices } from '../../src/indicators/indices.js';
import { plannedDataset } from '../../src/pipeline/plan-run.js';
import { buildFormulation } from '../../src/program/formulation.js';
import { TINY_MODEL } from './helpers.js';

/** The register stress plans (the master plan stage applied, as runStress has it) and the factors of `draws` draws of seed 1. */
async function stressRegister(modelPath: string, draws: number): Promise<{ readonly dataset: Dataset; readonly factors: readonly Record<string, number>[] }> {
  const { resolved } = await loadScenario(modelPath, undefined, undefined);
  const dataset = plannedDataset(resolved.dataset).dataset;
  const factors = drawOverrunFactors(dataset.projects.length, draws, 1).map((row) => Object.fromEntries(dataset.projects.map((project, index) => [project.id, row[index]])));
  return { dataset, factors };
}

describe('a stress draw staged from its shared dataset (task st)', () => {
  for (const [name, modelPath, draws] of [['the tiny model', TINY_MODEL, 4], ['the default model', 'models/western-cape', 3]] as const) {
    it(`equals the master plan stage run on the draw itself, on ${name}`, async () => {
      const { dataset, factors } = await stressRegister(modelPath, draws);
      for (const factorByProjectId of factors) {
        const fromScratch = plannedDataset(withCostFactors(dataset, { factorByProjectId }));
        const shared = stagedDataset(drawDataset(dataset, { factorByProjectId }));
        expect(shared.dataset).toEqual(fromScratch.dataset);
        expect(shared.notes).toEqual(fromScratch.notes);
        expect(shared.masterPlan).toEqual(fromScratch.masterPlan);
        // The draw really changes costs, and the program built from it is the one built from scratch.
        expect(shared.dataset.projects.map((project) => project.capexRand)).not.toEqual(dataset.projects.map((project) => project.capexRand));
        const built = buildFormulation(shared.dataset, computeIndices(shared.dataset), 'portfolio');
        const builtFromScratch = buildFormulation(fromScratch.dataset, computeIndices(fromScratch.dataset), 'portfolio');
        expect(built.program).toEqual(builtFromScratch.program);
      }
    }, 60_000);
  }

  it('leaves a dataset not made by drawDataset to plannedDataset', async () => {
    const { dataset, factors } = await stressRegister(TINY_MODEL, 1);
    const drawn = withCostFactors(dataset, { factorByProjectId: factors[0] });
    expect(stagedDataset(drawn)).toEqual(plannedDataset(drawn));
  });
});

describe('a worker holding a shared dataset (task st)', () => {
  it('puts the held dataset back in its place, and says so when it holds none', async () => {
    const { dataset } = await stressRegister(TINY_MODEL, 1);
    const held = new Map<number, Dataset>();
    const first: WorkerRequest = { jobIndex: 0, job: { kind: 'dataset', label: 'overrun draw 1', dataset, costFactors: { factorByProjectId: { a: 1.2 } } }, keepDatasetAs: 0 };
    expect(jobOfRequest(first, held)).toBe(first.job);
    const second: WorkerRequest = { jobIndex: 1, job: { kind: 'held-dataset', label: 'overrun draw 2', datasetId: 0, costFactors: { factorByProjectId: { a: 1.3 } } } };
    expect(jobOfRequest(second, held)).toEqual({ kind: 'dataset', label: 'overrun draw 2', dataset, costFactors: { factorByProjectId: { a: 1.3 } } });
    expect((jobOfRequest(second, held) as { dataset: Dataset }).dataset).toBe(dataset);
    expect(() => jobOfRequest({ jobIndex: 2, job: { kind: 'held-dataset', label: 'overrun draw 3', datasetId: 7 } }, held)).toThrow(/holds no dataset 7 for overrun draw 3/);
  });
});
