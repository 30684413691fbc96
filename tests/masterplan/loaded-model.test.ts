/**
 * The master plan wired in, end to end through the loader: tests/fixtures/masterplan (the tiny
 * model with assets.csv and a `masterplan:` block), scenario keys, old models without assets, bad
 * asset rows, and George (WC044) — the reproducer of issue 11 — on a small part of the Western Cape.
 */
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/dataset/load-model.js';
import type { Dataset } from '../../src/dataset/types.js';
import { buildDatasetMasterPlan } from '../../src/masterplan/apply-master-plan.js';
import { datasetRun, planRun } from '../../src/pipeline/plan-run.js';
import { resolveRun } from '../../src/pipeline/resolve-run.js';
import { ARITHMETIC, expectClose } from '../tolerance.js';
import { problemsOf, writeScenarioFiles } from '../scenario/helpers.js';

const FIXTURE = 'tests/fixtures/masterplan';

describe('the master plan of a loaded model', () => {
  it('projects, forms demand and finds the shortfall year of Matzikama (WC011) as worked by hand', async () => {
    const { masterPlan } = buildDatasetMasterPlan(await loadModel(FIXTURE));
    const at = (year: number): number => masterPlan.years.indexOf(year);
    // Census 67 147 -> 74 000 persons over 10.33 years; 2026/27 is 5 years after the Census year 2021/22.
    const rate = Math.pow(74_000 / 67_147, 1 / 10.33) - 1;
    const population2028 = 74_000 * Math.pow(1 + rate, 2028 - 2021);
    const projection = masterPlan.projections.find((entry) => entry.municipalityCode === 'WC011')!;
    expectClose(projection.populationByYear[at(2028)], population2028, ARITHMETIC);
    // 1 500 of 22 500 households at the standpipe's 25 l, the rest at a house connection's 130 l.
    const litres = (1_500 * 25 + 21_000 * 130) / 22_500;
    const water = masterPlan.demands.find((demand) => demand.municipalityCode === 'WC011' && demand.service === 'water')!;
    expectClose(water.unitDemandLitresPerPersonPerDay, 123, ARITHMETIC);
    // Works design = AADD / (1 - 0.346) x 1.35 peak x 1.1 losses x 24/20 pumping hours.
    const design = (year: number): number => ((74_000 * Math.pow(1 + rate, year - 2021) * litres) / 1e6 / (1 - 0.346)) * 1.35 * 1.1 * (24 / 20);
    const works = masterPlan.balances.find((balance) => balance.municipalityCode === 'WC011' && balance.assetType === 'water_treatment_works')!;
    expectClose(works.designDemandByYear[at(2028)], design(2028), ARITHMETIC);
    // 26.24 Ml/day in 2027/28 fits the 26.4 Ml/day works; 26.49 in 2028/29 does not.
    expect(design(2027)).toBeLessThan(26.4);
    expect(design(2028)).toBeGreaterThan(26.4);
    expect(works.shortfallYear).toBe(2028);
    expectClose(works.shortfallByYear[at(2028)], design(2028) - 26.4, ARITHMETIC);
    // The wastewater inflow is 75% of the water use.
    const inflow = masterPlan.demands.find((demand) => demand.municipalityCode === 'WC011' && demand.service === 'sanitation')!;
    expectClose(inflow.averageMlPerDayByYear[at(2028)], 0.75 * water.averageMlPerDayByYear[at(2028)], ARITHMETIC);
  });

  it("plans the generated register with the planner's rows winning, reports the merge, and counts the shortfall the works close", async () => {
    const dataset = await loadModel(FIXTURE);
    const outcome = await planRun(datasetRun(dataset), { marginalValues: false });
    const ids = outcome.plan.projects.map((project) => project.id);
    // WC011-W-02 (the planner's works upgrade) replaces the generated WC011-W-WTW-1; its backlog programme has no planner row and stays.
    expect(ids).toContain('WC011-W-02');
    expect(ids.some((id) => id.startsWith('WC011-W-WTW-'))).toBe(false);
    expect(ids).toContain('WC011-W-BL-1');
    expect(outcome.dataset!.projects.find((project) => project.id === 'WC011-W-BL-1')!.origin).toBe('masterplan');
    expect(outcome.plan.warnings).toContain("master plan: the planner's WC011-W-02 replaces the generated WC011-W-WTW-1 (WC011 water water_treatment_works)");
    const works = outcome.plan.capacityBalances!.find((balance) => balance.municipalityCode === 'WC011' && balance.assetType === 'water_treatment_works')!;
    expect(works.shortfallMlPerDay[0]).toBe(0);
    expect(works.shortfallMlPerDay[2]).toBeGreaterThan(0);
  });

  it('plans projects.csv as given with use_generated_register: false, and a scenario can change any masterplan key (recorded)', async () => {
    const folder = await writeScenarioFiles({
      'given.yaml': 'masterplan:\n  use_generated_register: false\n',
      'fast.yaml': 'masterplan:\n  growth:\n    additional_growth_percent_per_year: 3\n  services:\n    water:\n      summer_peak_factor: 1.5\n',
    });
    const given = await resolveRun({ model: FIXTURE, scenarioPath: path.join(folder, 'given.yaml') });
    const plannedGiven = await planRun(given, { marginalValues: false });
    expect(plannedGiven.plan.projects.map((project) => project.id)).toEqual(given.dataset.projects.map((project) => project.id));
    expect(given.overridesApplied.some((line) => line.startsWith('masterplan.use_generated_register = false'))).toBe(true);

    const fast = await resolveRun({ model: FIXTURE, scenarioPath: path.join(folder, 'fast.yaml') });
    expect(fast.overridesApplied.some((line) => line.startsWith('masterplan.growth.additional_growth_percent_per_year = 3'))).toBe(true);
    expect(fast.overridesApplied.some((line) => line.startsWith('masterplan.services.water.summer_peak_factor = 1.5'))).toBe(true);
    // The model's own key stays; the scenario adds its own beside it.
    expect(fast.dataset.config.masterplan?.use_generated_register).toBe(true);
    const base = buildDatasetMasterPlan(given.model).masterPlan.balances.find((balance) => balance.municipalityCode === 'WC011' && balance.assetType === 'water_treatment_works')!;
    const faster = buildDatasetMasterPlan(fast.dataset).masterPlan.balances.find((balance) => balance.municipalityCode === 'WC011' && balance.assetType === 'water_treatment_works')!;
    expect(faster.shortfallYear!).toBeLessThan(base.shortfallYear!);
  });

  it('reads an old model without assets by taking each needs.csv treatment capacity as one works, with a note', async () => {
    const result = buildDatasetMasterPlan(await loadModel('tests/fixtures/tiny'));
    expect(result.assetsFromNeeds).toBe(true);
    expect(result.notes[0]).toContain('no assets table');
    const works = result.masterPlan.balances.find((balance) => balance.municipalityCode === 'WC011' && balance.assetType === 'water_treatment_works')!;
    expect(works.assets.map((asset) => asset.assetId)).toEqual(['WC011-water-treatment']);
    expect(works.capacityByYear[0]).toBe(12);
  });

  it('names the file, row and column of a bad asset row', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'infraplan-assets-'));
    await cp(FIXTURE, folder, { recursive: true });
    await writeFile(
      path.join(folder, 'assets.csv'),
      'asset_id,municipality_code,service,asset_type,capacity_ml_per_day,storage_ml,length_km\n' +
        'A1,WC011,water,reservoir_storage,12,,\n' +
        'A2,WC099,water,bulk_water_pipeline,10,,\n' +
        'A1,WC011,water,water_treatment_works,-3,,\n',
    );
    const problems = await problemsOf(() => loadModel(folder));
    const located = problems.map((problem) => `${path.basename(problem.file)}:${problem.row}:${problem.column}`);
    expect(located).toEqual(expect.arrayContaining(['assets.csv:2:storage_ml', 'assets.csv:2:capacity_ml_per_day', 'assets.csv:3:municipality_code', 'assets.csv:3:length_km', 'assets.csv:4:capacity_ml_per_day']));
  });
});

/**
 * George (WC044) and Knysna (WC045) of the Western Cape model with their treatment works projects,
 * envelopes cut to 30% (two municipalities of 24), no floors or shares, and a `masterplan:` block
 * that keeps the register as given, so the capacity balances alone decide what changes.
 */
async function georgeAndNeighbours(): Promise<Dataset> {
  const full = await loadModel('models/western-cape');
  const codes = new Set(['WC044', 'WC045']);
  return {
    ...full,
    config: {
      ...full.config,
      masterplan: { use_generated_register: false },
      policy: { ...full.config.policy, basicPackageFloorShare: 0, basicPackageMinSpendRand: 0, districtShareMin: 0, districtShareMax: 1, minServiceShare: {} },
    },
    municipalities: full.municipalities.filter((municipality) => codes.has(municipality.code)),
    needs: full.needs.filter((need) => codes.has(need.municipalityCode)),
    assets: (full.assets ?? []).filter((asset) => codes.has(asset.municipalityCode)),
    indicators: full.indicators.filter((row) => codes.has(row.municipalityCode)),
    projects: full.projects.filter((project) => codes.has(project.municipalityCode) && ['water_treatment_upgrade', 'wastewater_treatment_upgrade'].includes(project.type)),
    fundingSources: full.fundingSources.map((source) => ({
      ...source,
      envelopeRandByYear: Object.fromEntries(Object.entries(source.envelopeRandByYear).map(([year, amount]) => [year, Math.round(amount * 0.3)])),
    })),
  };
}

/** The dataset with George's water treatment works (assets.csv) at `capacity` Ml/day. */
function withGeorgeWorks(dataset: Dataset, capacity: number): Dataset {
  return {
    ...dataset,
    assets: (dataset.assets ?? []).map((asset) => (asset.municipalityCode === 'WC044' && asset.assetType === 'water_treatment_works' ? { ...asset, capacity } : asset)),
  };
}

describe("issue 11's reproducer: George's capacity and demand change the plan", () => {
  it('with 30 Ml/day of water treatment capacity George gets its water works upgrade earlier (or funded where it was not)', async () => {
    const base = await georgeAndNeighbours();
    // Works sized for design demand until about 2031/32 (as a real master plan would have them) against 30 Ml/day.
    const ample = (await planRun(datasetRun(withGeorgeWorks(base, 160)), { marginalValues: false })).plan;
    const cut = (await planRun(datasetRun(withGeorgeWorks(base, 30)), { marginalValues: false })).plan;
    expect(ample.status).toBe('optimal');
    expect(cut.status).toBe('optimal');
    const startOf = (plan: typeof ample, id: string): number => plan.projects.find((project) => project.id === id)!.startYear ?? Infinity;
    // Phase 1 moves earlier, and phase 2, unfunded with ample works, is funded.
    expect(startOf(cut, 'WC044-W-WTW-1')).toBeLessThan(startOf(ample, 'WC044-W-WTW-1'));
    expect(startOf(ample, 'WC044-W-WTW-2')).toBe(Infinity);
    expect(startOf(cut, 'WC044-W-WTW-2')).toBeLessThan(Infinity);
    // The deeper shortfall is reported as unmet design demand.
    const unmet = (plan: typeof ample): number =>
      plan.capacityBalances!.find((balance) => balance.municipalityCode === 'WC044' && balance.assetType === 'water_treatment_works')!.unmetMlPerDay[0];
    expect(unmet(cut)).toBeGreaterThan(unmet(ample));
  });

  it('raising its wastewater inflow changes the plan', async () => {
    const base = await georgeAndNeighbours();
    const before = (await planRun(datasetRun(base), { marginalValues: false })).plan;
    // 95% of the water used returns as wastewater instead of 75%: a larger inflow at every works.
    const raised: Dataset = { ...base, config: { ...base.config, masterplan: { ...base.config.masterplan, services: { sanitation: { return_share: 0.95 } } } } };
    const after = (await planRun(datasetRun(raised), { marginalValues: false })).plan;
    const inflowShortfall = (plan: typeof before): number =>
      plan.capacityBalances!.find((balance) => balance.municipalityCode === 'WC044' && balance.assetType === 'wastewater_treatment_works')!.shortfallMlPerDay.reduce((sum, value) => sum + value, 0);
    expect(inflowShortfall(after)).toBeGreaterThan(inflowShortfall(before));
    expect(after.objectiveBenefitPoints).not.toBeCloseTo(before.objectiveBenefitPoints!, 3);
  });
});
