/**
 * One Plan serialiser (issue 9, item 20): `solve --json` prints exactly the document a run folder's
 * plan.json holds as `plan`, financial-year labels included, for the same plan.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planToJson } from '../../src/cli/solve.js';
import { loadModel } from '../../src/dataset/load-model.js';
import { planModel } from '../../src/plan/plan-model.js';
import { RUN_FILES, writeRunFolder } from '../../src/report/write-run.js';
import { FIXED_START, temporaryFolder } from './helpers.js';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

describe('plan.json and solve --json', () => {
  it('hold the same document for the same plan, with start and completion financial years', async () => {
    const dataset = await loadModel(path.resolve('tests/fixtures/tiny'));
    const { plan, indices } = await planModel(dataset);
    const outDir = temporaryFolder();
    folders.push(outDir);
    const runFolder = await writeRunFolder({ plan, dataset, indices, modelPath: 'tests/fixtures/tiny', scenarioPath: null, startedAt: FIXED_START }, { outDir });

    const printed = JSON.parse(planToJson(plan)) as Record<string, unknown>;
    const saved = JSON.parse(readFileSync(path.join(runFolder, RUN_FILES.plan), 'utf8')) as { plan: Record<string, unknown>; indices: unknown[] };
    expect(saved.plan).toEqual(printed);
    expect(saved.indices).toHaveLength(indices.length);

    const projects = saved.plan.projects as { funded: boolean; startYear: number | null; completionYear: number | null; startFinancialYear: string | null; completionFinancialYear: string | null }[];
    const funded = projects.filter((project) => project.funded);
    expect(funded.length).toBeGreaterThan(0);
    for (const project of projects) {
      const label = (year: number | null): string | null => (year === null ? null : `${year}/${String((year + 1) % 100).padStart(2, '0')}`);
      expect(project.startFinancialYear).toBe(label(project.startYear));
      expect(project.completionFinancialYear).toBe(label(project.completionYear));
    }
    expect(funded.every((project) => project.startFinancialYear !== null && project.completionFinancialYear !== null)).toBe(true);
  });
});
