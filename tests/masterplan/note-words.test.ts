/**
 * The master plan's notes name a service as the model declares it: the Thusong fixture has a
 * backlog of people for its `thusong` service, for which the master plan has no backlog settings,
 * and the note reads "Thusong service centres: ...", not "service thusong has a backlog".
 */
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import { buildDatasetMasterPlan } from '../../src/masterplan/apply-master-plan.js';

describe('master plan notes', () => {
  it('name a service without backlog settings by its declared label', async () => {
    const dataset = await loadModel('tests/fixtures/thusong');
    expect(dataset.needs.some((need) => need.service === 'thusong' && need.backlogHouseholds > 0)).toBe(true);
    const { notes } = buildDatasetMasterPlan(dataset);
    const backlogNotes = notes.filter((note) => note.includes('no master plan backlog settings'));
    expect(backlogNotes).toEqual(['master plan: Thusong service centres: a backlog, but no master plan backlog settings for service thusong, so no eradication programme is generated']);
  });
});
