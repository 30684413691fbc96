/**
 * A planner's candidate copy of one generated alternative, merged with the generated register.
 * Handtown (HC001) gets a raw-water source of 20 Ml/day, short from the base year: the stage
 * generates two needs of the same municipality, service and asset type, each as two alternatives
 * (here the source has two options, groundwater and dam raising) in its own exclusive group,
 * HC001-W-SRC-1 (needed from 2026/27) and HC001-W-SRC-2 (from 2036/37). The planner copies the
 * phase-1 dam raising as a candidate row of their own (a better cost estimate). The copy must
 * replace only the generated dam raising of phase 1: the generated groundwater scheme of phase 1
 * stays an alternative in the same group (the plan funds at most one of the group), and phase 2
 * is untouched. A planner row that is not a copy, and a committed copy, keep the documented
 * behaviour (docs/masterplan.md, Merging with the planner's register).
 */
import { appendFile, cp, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import type { Dataset, Project } from '../../src/dataset/types.js';
import { applyMasterPlan, buildDatasetMasterPlan } from '../../src/masterplan/apply-master-plan.js';
import { buildMasterPlan } from '../../src/masterplan/build-master-plan.js';
import { DEFAULT_DEMAND_ASSUMPTIONS } from '../../src/masterplan/default-assumptions.js';
import type { DemandAssumptions, MasterPlan, RegisterProject } from '../../src/masterplan/types.js';
import { datasetRun, planRun } from '../../src/pipeline/plan-run.js';
import { checkPlan } from '../../src/plan/check-plan.js';
import { HANDTOWN_ASSETS, asset, handtownInput, registerProject } from './fixtures.js';

const SOURCE = DEFAULT_DEMAND_ASSUMPTIONS.assetTypes.raw_water_source;

/** The defaults with two source options, groundwater and dam raising (the desalination option left out). */
const TWO_OPTIONS: DemandAssumptions = {
  ...DEFAULT_DEMAND_ASSUMPTIONS,
  assetTypes: { ...DEFAULT_DEMAND_ASSUMPTIONS.assetTypes, raw_water_source: { ...SOURCE, options: SOURCE.options.filter((option) => option.code !== 'desalination') } },
};

const SOURCE_KEY = { municipalityCode: 'HC001', service: 'water', target: 'raw_water_source' } as const;

/** Handtown with a 20 Ml/day source, merged with `register`. */
function planWith(register: readonly RegisterProject[]): MasterPlan {
  return buildMasterPlan(handtownInput({ assets: [...HANDTOWN_ASSETS, asset({ id: 'HC001-SRC', assetType: 'raw_water_source', capacity: 20 })], register }), TWO_OPTIONS);
}

/** The merged rows as `id (origin) group`, for the source only. */
function sourceRows(plan: MasterPlan): string[] {
  return plan.merge.rows
    .filter((row) => (row.origin === 'masterplan' ? row.project.assetType === 'raw_water_source' : row.project.service === 'water' && SOURCE.registerProjectTypes.includes(row.project.type)))
    .map((row) => `${row.project.id} (${row.origin}) ${row.project.exclusiveGroup ?? '-'}`);
}

const withoutRegister = planWith([]);
/** The generated phase-1 dam raising the planner copies. */
const generatedDam = withoutRegister.candidateProjects.find((project) => project.id === 'HC001-W-SRC-1-dam')!;

/** The planner's copy of the generated dam raising: its fields, a new cost and cash flow, origin planner. */
function damCopy(overrides: Partial<RegisterProject> = {}): RegisterProject {
  return registerProject({
    id: generatedDam.id,
    type: generatedDam.type,
    description: 'Handtown dam raising (planner estimate)',
    cashFlowRandByBuildYear: [20_000_000, 40_000_000, 50_000_000, 30_000_000],
    capacityAddedMlPerDay: generatedDam.capacityAddedMlPerDay,
    earliestStartYear: generatedDam.earliestStartYear,
    latestStartYear: generatedDam.latestStartYear,
    exclusiveGroup: generatedDam.exclusiveGroup,
    fundingSourceIds: generatedDam.fundingSourceIds,
    ...overrides,
  });
}

describe('the fixture', () => {
  it('generates two needs of the source, each as two alternatives in its own group', () => {
    expect(sourceRows(withoutRegister)).toEqual([
      'HC001-W-SRC-1-groundwater (masterplan) HC001-W-SRC-1',
      'HC001-W-SRC-1-dam (masterplan) HC001-W-SRC-1',
      'HC001-W-SRC-2-groundwater (masterplan) HC001-W-SRC-2',
      'HC001-W-SRC-2-dam (masterplan) HC001-W-SRC-2',
    ]);
    expect(withoutRegister.candidateProjects.filter((project) => project.assetType === 'raw_water_source').map((project) => project.shortfallYear)).toEqual([2026, 2026, 2036, 2036]);
  });
});

describe("a planner's candidate copy of one generated alternative", () => {
  it('replaces the alternative it was copied from; the other alternative stays in the group and the second need is untouched', () => {
    const plan = planWith([damCopy()]);
    expect(sourceRows(plan)).toEqual([
      'HC001-W-SRC-1-dam (planner) HC001-W-SRC-1',
      'HC001-W-SRC-1-groundwater (masterplan) HC001-W-SRC-1',
      'HC001-W-SRC-2-groundwater (masterplan) HC001-W-SRC-2',
      'HC001-W-SRC-2-dam (masterplan) HC001-W-SRC-2',
    ]);
    expect(plan.merge.replacements).toEqual([{ key: SOURCE_KEY, plannerProjectIds: ['HC001-W-SRC-1-dam'], generatedProjectIds: ['HC001-W-SRC-1-dam'], exclusiveGroup: 'HC001-W-SRC-1' }]);
    expect(plan.merge.renamedIds).toEqual({});
    // Every other generated project (works, pipeline, reservoir, sanitation, backlog) is kept as generated.
    const keptIds = plan.merge.rows.flatMap((row) => (row.origin === 'masterplan' ? [row.project.id] : []));
    expect(keptIds).toEqual(withoutRegister.candidateProjects.map((project) => project.id).filter((id) => id !== 'HC001-W-SRC-1-dam'));
  });

  it('is recognised under the planner\'s own id by its group and its type (the alternative\'s kind)', () => {
    const plan = planWith([damCopy({ id: 'HC001-W-DAM-01' })]);
    expect(sourceRows(plan)).toEqual([
      'HC001-W-DAM-01 (planner) HC001-W-SRC-1',
      'HC001-W-SRC-1-groundwater (masterplan) HC001-W-SRC-1',
      'HC001-W-SRC-2-groundwater (masterplan) HC001-W-SRC-2',
      'HC001-W-SRC-2-dam (masterplan) HC001-W-SRC-2',
    ]);
    expect(plan.merge.replacements).toEqual([{ key: SOURCE_KEY, plannerProjectIds: ['HC001-W-DAM-01'], generatedProjectIds: ['HC001-W-SRC-1-dam'], exclusiveGroup: 'HC001-W-SRC-1' }]);
  });

  it('an excluded copy rules out that alternative only', () => {
    const plan = planWith([damCopy({ status: 'excluded' })]);
    expect(sourceRows(plan)).toEqual([
      'HC001-W-SRC-1-dam (planner) HC001-W-SRC-1',
      'HC001-W-SRC-1-groundwater (masterplan) HC001-W-SRC-1',
      'HC001-W-SRC-2-groundwater (masterplan) HC001-W-SRC-2',
      'HC001-W-SRC-2-dam (masterplan) HC001-W-SRC-2',
    ]);
    expect(plan.merge.replacements).toEqual([{ key: SOURCE_KEY, plannerProjectIds: ['HC001-W-SRC-1-dam'], generatedProjectIds: ['HC001-W-SRC-1-dam'], exclusiveGroup: 'HC001-W-SRC-1' }]);
  });

  it('copies of both alternatives of one need replace both, and leave the second need untouched', () => {
    const groundwater = withoutRegister.candidateProjects.find((project) => project.id === 'HC001-W-SRC-1-groundwater')!;
    const plan = planWith([damCopy(), damCopy({ id: groundwater.id, type: groundwater.type, cashFlowRandByBuildYear: [50_000_000, 70_000_000] })]);
    expect(sourceRows(plan)).toEqual([
      'HC001-W-SRC-1-dam (planner) HC001-W-SRC-1',
      'HC001-W-SRC-1-groundwater (planner) HC001-W-SRC-1',
      'HC001-W-SRC-2-groundwater (masterplan) HC001-W-SRC-2',
      'HC001-W-SRC-2-dam (masterplan) HC001-W-SRC-2',
    ]);
    expect(plan.merge.replacements).toEqual([
      { key: SOURCE_KEY, plannerProjectIds: ['HC001-W-SRC-1-dam', 'HC001-W-SRC-1-groundwater'], generatedProjectIds: ['HC001-W-SRC-1-groundwater', 'HC001-W-SRC-1-dam'], exclusiveGroup: 'HC001-W-SRC-1' },
    ]);
  });
});

describe('rows that are not candidate copies keep the documented behaviour', () => {
  it('a candidate source row outside the generated groups replaces every generated source project', () => {
    const plan = planWith([damCopy({ id: 'HC001-W-DAM-01', exclusiveGroup: null })]);
    expect(sourceRows(plan)).toEqual(['HC001-W-DAM-01 (planner) -']);
    expect(plan.merge.replacements).toEqual([
      { key: SOURCE_KEY, plannerProjectIds: ['HC001-W-DAM-01'], generatedProjectIds: ['HC001-W-SRC-1-groundwater', 'HC001-W-SRC-1-dam', 'HC001-W-SRC-2-groundwater', 'HC001-W-SRC-2-dam'] },
    ]);
  });

  it('a candidate row in a generated group of a type none of its alternatives has replaces every generated source project', () => {
    const plan = planWith([damCopy({ id: 'HC001-W-SRC-OWN', type: 'raw_water_source_upgrade' })]);
    expect(sourceRows(plan)).toEqual(['HC001-W-SRC-OWN (planner) HC001-W-SRC-1']);
    expect(plan.merge.replacements.map((replacement) => replacement.generatedProjectIds)).toEqual([['HC001-W-SRC-1-groundwater', 'HC001-W-SRC-1-dam', 'HC001-W-SRC-2-groundwater', 'HC001-W-SRC-2-dam']]);
  });

  it('a copy beside a row that is not one: the key is replaced whole, both rows listed', () => {
    const plan = planWith([damCopy(), damCopy({ id: 'HC001-W-WELL-01', type: 'groundwater_scheme', exclusiveGroup: null })]);
    expect(sourceRows(plan)).toEqual(['HC001-W-SRC-1-dam (planner) HC001-W-SRC-1', 'HC001-W-WELL-01 (planner) -']);
    expect(plan.merge.replacements).toEqual([
      { key: SOURCE_KEY, plannerProjectIds: ['HC001-W-SRC-1-dam', 'HC001-W-WELL-01'], generatedProjectIds: ['HC001-W-SRC-1-groundwater', 'HC001-W-SRC-1-dam', 'HC001-W-SRC-2-groundwater', 'HC001-W-SRC-2-dam'] },
    ]);
  });

  it('a committed copy replaces nothing and keeps the group name (the generated dam is renamed, its group is not)', () => {
    const plan = planWith([damCopy({ status: 'committed' })]);
    expect(plan.merge.replacements).toEqual([]);
    expect(sourceRows(plan)).toEqual([
      'HC001-W-SRC-1-dam (planner) HC001-W-SRC-1',
      'HC001-W-SRC-1-groundwater (masterplan) HC001-W-SRC-1',
      'HC001-W-SRC-1-dam-MP (masterplan) HC001-W-SRC-1',
    ]);
    // Committed, the copy counts as capacity from its latest completion, so no second need arises within the plan.
  });
});

describe('end to end on tests/fixtures/masterplan with a raw-water source and a copy of its dam raising', () => {
  /**
   * The fixture with a 15 Ml/day source for Matzikama (WC011), short from 2026/27, so the stage
   * generates WC011-W-SRC-1 as three alternatives; the planner adds a cheaper candidate copy of the
   * dam raising (`group` its exclusive group: the generated one, or empty for a row outside it;
   * null: no copy).
   */
  async function fixtureWithCopy(group: string | null): Promise<Dataset> {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'infraplan-alternative-copy-'));
    await cp('tests/fixtures/masterplan', folder, { recursive: true });
    await appendFile(path.join(folder, 'assets.csv'), 'WC011-SRC-01,WC011,water,raw_water_source,Olifants River abstraction,15,,,,,,yes\n');
    if (group === null) return loadModel(folder);
    await appendFile(
      path.join(folder, 'projects.csv'),
      `WC011-W-SRC-1-dam,WC011,water,dam_raising,Olifants River dam raising (planner estimate),20000000,25;25;25;25,,0,2.5,2026/27,2026/27,,${group},RBIG,candidate,,yes\n`,
    );
    return loadModel(folder);
  }

  it('plans the copy and the other generated alternatives as one group, funds at most one of them, and the checker passes', async () => {
    const dataset = await fixtureWithCopy('WC011-W-SRC-1');
    const outcome = await planRun(datasetRun(dataset), { marginalValues: false });
    const planned = outcome.dataset!.projects.filter((project) => project.exclusiveGroup === 'WC011-W-SRC-1');
    expect(planned.map((project) => `${project.id} (${project.origin ?? 'planner'})`)).toEqual([
      'WC011-W-SRC-1-dam (planner)',
      'WC011-W-SRC-1-groundwater (masterplan)',
      'WC011-W-SRC-1-desalination (masterplan)',
    ]);
    expect(outcome.plan.warnings).toContain(
      "master plan: the planner's WC011-W-SRC-1-dam replaces the generated WC011-W-SRC-1-dam (WC011 water raw_water_source), copied from exclusive group WC011-W-SRC-1, whose other alternatives stay (at most one of the group is funded)",
    );
    expect(checkPlan(outcome.plan, outcome.dataset!).violations).toEqual([]);
    const funded = outcome.plan.projects.filter((entry) => entry.funded && planned.some((project) => project.id === entry.id));
    expect(funded.length).toBeLessThanOrEqual(1);

    // The register the merge used to plan (the copy replacing every generated source project) is this
    // one without the two generated alternatives; a row outside the group plans exactly that. Keeping
    // the alternatives only adds choices, and here the groundwater scheme is worth more than nothing.
    const before = await planRun(datasetRun(await fixtureWithCopy('')), { marginalValues: false });
    expect(before.dataset!.projects.some((project) => project.id.startsWith('WC011-W-SRC-1-') && project.origin === 'masterplan')).toBe(false);
    expect(checkPlan(before.plan, before.dataset!).violations).toEqual([]);
    expect(outcome.plan.objectiveBenefitPoints!).toBeGreaterThan(before.plan.objectiveBenefitPoints! + 1);
    expect(funded.map((entry) => entry.id)).toEqual(['WC011-W-SRC-1-groundwater']);
  });

  it('a generated row a planner edited in projects.csv gives way to the planner\'s copy of it, with a warning that says so', async () => {
    // The register as the generator writes it (generated rows with origin masterplan and their fingerprints).
    const { capacityBalances: _balances, ...written } = applyMasterPlan(await fixtureWithCopy(null)).dataset;
    const planner = written.projects.find((project) => project.id === 'WC011-W-SRC-1-dam')!;
    const copy: Project = { ...planner, id: 'WC011-W-DAM-01', origin: 'planner', generatedFingerprint: undefined, capexRand: 20_000_000, cashFlowRandByBuildYear: [5_000_000, 5_000_000, 5_000_000, 5_000_000] };
    const edited: Dataset = {
      ...written,
      projects: [...written.projects.map((project) => (project.id === 'WC011-W-SRC-1-dam' ? { ...project, description: 'edited in the file' } : project)), copy],
    };
    expect(buildDatasetMasterPlan(edited).warnings.map((warning) => warning.message)).toContain(
      "WC011-W-SRC-1-dam was edited after the master plan wrote it, but the planner's WC011-W-DAM-01 in its exclusive group WC011-W-SRC-1 is a copy of it and replaces it, so it is not planned",
    );
    const group = applyMasterPlan(edited).dataset.projects.filter((project) => project.exclusiveGroup === 'WC011-W-SRC-1');
    expect(group.map((project) => `${project.id} (${project.origin ?? 'planner'})`)).toEqual(['WC011-W-DAM-01 (planner)', 'WC011-W-SRC-1-groundwater (masterplan)', 'WC011-W-SRC-1-desalination (masterplan)']);
  });
});

describe('a committed copy under the planner\'s own id', () => {
  it('replaces nothing and, as before, leaves the generated alternatives in a group renamed -MP', () => {
    const plan = planWith([damCopy({ id: 'HC001-W-DAM-01', status: 'committed' })]);
    expect(plan.merge.replacements).toEqual([]);
    expect(sourceRows(plan)).toEqual(['HC001-W-DAM-01 (planner) HC001-W-SRC-1', 'HC001-W-SRC-1-groundwater (masterplan) HC001-W-SRC-1-MP', 'HC001-W-SRC-1-dam (masterplan) HC001-W-SRC-1-MP']);
  });
});
