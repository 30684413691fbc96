/**
 * A scenario's `committed` or `excluded` list naming a generated project takes effect (it used to
 * be lost when the rows the master plan wrote were regenerated): the planned status is the
 * scenario's, with the warning docs/masterplan.md describes.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import { writeModel } from '../../src/dataset/write-model.js';
import { applyMasterPlan } from '../../src/masterplan/apply-master-plan.js';
import { resolveRun } from '../../src/pipeline/resolve-run.js';
import { writeScenarioFiles } from '../scenario/helpers.js';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';

const FIXTURE = 'tests/fixtures/masterplan';

async function generatedRegisterModel(): Promise<string> {
  const { capacityBalances: _balances, ...planned } = applyMasterPlan(await loadModel(FIXTURE)).dataset;
  return writeModel(planned, path.join(await mkdtemp(path.join(os.tmpdir(), 'infraplan-scenario-generated-')), 'model'), { format: 'csv' });
}

describe("a scenario's committed list naming a generated project", () => {
  it('commits it: the planned row has status committed, and the warning says the status changed', async () => {
    const folder = await generatedRegisterModel();
    expect((await loadModel(folder)).projects.find((project) => project.id === 'WC012-W-BL-1')).toMatchObject({ origin: 'masterplan', status: 'candidate' });
    const scenarios = await writeScenarioFiles({ 'commit.yaml': 'committed:\n  - WC012-W-BL-1\n' });
    const run = await resolveRun({ model: folder, scenarioPath: path.join(scenarios, 'commit.yaml') });
    const applied = applyMasterPlan(run.dataset);
    expect(applied.dataset.projects.filter((project) => project.id === 'WC012-W-BL-1').map((project) => project.status)).toEqual(['committed']);
    expect(applied.warnings.map((warning) => warning.message)).toEqual([expect.stringContaining('WC012-W-BL-1 was edited after the master plan wrote it (status candidate → committed')]);
  });
});
