/**
 * The master plan's generated rows merged with a planner's edited copy of one of them: the copy
 * (the generated id, in its generated exclusive group, here committed so it replaces nothing) keeps
 * the group's name, and so do the generated alternatives, so they stay one group and the plan
 * funds at most one of them. A planner row that only happens to use the same group name (another
 * id) is a clash, and the generated group is renamed `-MP` as before. On the shipped Western Cape
 * model, whose WC013 raw-water source is generated as three alternatives in WC013-W-SRC-1.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import type { Dataset, Project } from '../../src/dataset/types.js';
import { applyMasterPlan } from '../../src/masterplan/apply-master-plan.js';

const GROUP = 'WC013-W-SRC-1';
const EDITED_ID = 'WC013-W-SRC-1-dam';

/** The planned register's rows of the WC013 raw-water source, phase 1, with their groups. */
function sourceRows(dataset: Dataset): { id: string; group: string | null; origin: string | undefined }[] {
  return applyMasterPlan(dataset)
    .dataset.projects.filter((project) => project.id.startsWith(`${GROUP}-`) || project.exclusiveGroup?.startsWith(GROUP) === true)
    .filter((project) => !project.id.startsWith('WC013-W-SRC-2'))
    .map((project) => ({ id: project.id, group: project.exclusiveGroup, origin: project.origin }));
}

describe('a planner\'s edited copy of a generated alternative', () => {
  let model: Dataset;
  beforeAll(async () => {
    model = await loadModel('models/western-cape');
  });
  const withRow = (id: string, change: Partial<Project>): Dataset => ({ ...model, projects: model.projects.map((project) => (project.id === id ? { ...project, ...change } : project)) });

  it('keeps the generated group name, so the planner\'s row and the generated alternatives are one group', () => {
    expect(model.projects.find((project) => project.id === EDITED_ID)?.exclusiveGroup).toBe(GROUP);
    // The planner takes the generated dam row as their own (origin planner) and commits it with a new cost.
    const rows = sourceRows(withRow(EDITED_ID, { origin: 'planner', status: 'committed', capexRand: 31_000_000, cashFlowRandByBuildYear: [4_650_000, 9_300_000, 10_850_000, 6_200_000] }));
    const planner = rows.filter((row) => row.origin === 'planner');
    const generated = rows.filter((row) => row.origin === 'masterplan');
    expect(planner).toEqual([{ id: EDITED_ID, group: GROUP, origin: 'planner' }]);
    expect(generated.length).toBeGreaterThan(0);
    for (const row of generated) expect(row.group, row.id).toBe(GROUP);
    expect(rows.some((row) => row.group?.endsWith('-MP') === true)).toBe(false);
  });

  it('still renames a generated group whose name a planner row of another id uses', () => {
    const clash: Project = { ...model.projects.find((project) => project.id === EDITED_ID)!, id: 'WC013-W-OWN-1', origin: 'planner', status: 'committed', type: 'community_hall' };
    const rows = sourceRows({ ...model, projects: [...model.projects, clash] });
    expect(rows.find((row) => row.id === 'WC013-W-OWN-1')?.group).toBe(GROUP);
    const generated = rows.filter((row) => row.origin === 'masterplan' && row.id.startsWith(`${GROUP}-`));
    expect(generated.length).toBeGreaterThan(0);
    for (const row of generated) expect(row.group, row.id).toBe(`${GROUP}-MP`);
  });
});
