/**
 * The master plan's note on a backlog without backlog settings: only for a network service, which
 * a bulk programme could serve (the three-service fixture's stormwater), named by its declared
 * label; never for a facility service such as Thusong, whose need its centres meet (new-user
 * review u2, 7: on the shipped model the note read like a fault the user could not act on).
 */
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import { buildDatasetMasterPlan } from '../../src/masterplan/apply-master-plan.js';

describe('master plan notes', () => {
  it('say nothing of a facility service backlog (Thusong centres meet it)', async () => {
    const dataset = await loadModel('tests/fixtures/thusong');
    expect(dataset.needs.some((need) => need.service === 'thusong' && need.backlogHouseholds > 0)).toBe(true);
    const { notes } = buildDatasetMasterPlan(dataset);
    expect(notes.filter((note) => note.includes('no master plan backlog settings'))).toEqual([]);
  });

  it('name a network service without backlog settings by its declared label', async () => {
    const dataset = await loadModel('tests/fixtures/three-services');
    expect(dataset.needs.some((need) => need.service === 'stormwater' && need.backlogHouseholds > 0)).toBe(true);
    const { notes } = buildDatasetMasterPlan(dataset);
    expect(notes.filter((note) => note.includes('no master plan backlog settings'))).toEqual(['master plan: Stormwater: a backlog, but no master plan backlog settings for service stormwater, so no eradication programme is generated']);
  });
});
