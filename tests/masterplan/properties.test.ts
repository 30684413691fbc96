/**
 * Properties of the master plan over seeded random inputs (fast-check, fixed seed). Each property
 * counts the runs that exercised it and asserts that enough did, so a generator that drifted into
 * trivial cases would fail rather than pass quietly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildMasterPlan } from '../../src/masterplan/build-master-plan.js';
import { DEFAULT_DEMAND_ASSUMPTIONS } from '../../src/masterplan/default-assumptions.js';
import { mergeKeyText } from '../../src/masterplan/register-targets.js';
import type { AssetBalance, BulkAsset, DemandAssumptions, GeneratedProject, MasterPlan, MasterPlanInput, RegisterProject } from '../../src/masterplan/types.js';
import { registerProject } from './fixtures.js';
import { SEED, masterPlanInputArbitrary } from './generators.js';

const runs = { seed: SEED, numRuns: 120 };

/** The plan's balance of a municipality and asset type, if any. */
function balanceOf(plan: MasterPlan, municipalityCode: string, assetType: AssetBalance['assetType']): AssetBalance | undefined {
  return plan.balances.find((balance) => balance.municipalityCode === municipalityCode && balance.assetType === assetType);
}

/** A shortfall year as a number, never-within-the-projection as +∞. */
function yearOrInfinity(year: number | null): number {
  return year ?? Number.POSITIVE_INFINITY;
}

/** The input with one asset's capacity replaced. */
function withCapacity(input: MasterPlanInput, assetId: string, capacity: number): MasterPlanInput {
  return { ...input, assets: input.assets.map((asset): BulkAsset => (asset.id === assetId ? { ...asset, capacity } : asset)) };
}

/** Compound growth factor per year of a municipality's population, as the default projection uses it. */
function growthFactor(input: MasterPlanInput, municipalityCode: string): number {
  const municipality = input.municipalities.find((candidate) => candidate.code === municipalityCode);
  if (municipality === undefined) throw new Error(municipalityCode);
  return (municipality.population2022 / municipality.population2011) ** (1 / 10.33);
}

/**
 * The first year ≥ base at which design `designBase × g^t` exceeds `capacity`, by the closed form
 * t = ⌊ln(capacity / designBase) / ln g⌋ + 1 (0 when already short); null when the logarithm's
 * fraction is too close to a whole number for the comparison to be decided safely.
 */
function closedFormShortfallYear(base: number, designBase: number, capacity: number, factor: number): number | null {
  if (designBase > capacity) return base;
  const years = Math.log(capacity / designBase) / Math.log(factor);
  if (Math.abs(years - Math.round(years)) < 1e-6) return null;
  return base + Math.floor(years) + 1;
}

describe('master plan properties (fast-check, fixed seed)', () => {
  it('a higher growth rate never moves a shortfall later', () => {
    let compared = 0;
    fc.assert(
      fc.property(masterPlanInputArbitrary, fc.double({ min: 0.1, max: 3, noNaN: true }), (input, extraPercent) => {
        const slower = buildMasterPlan(input);
        const faster: DemandAssumptions = {
          ...DEFAULT_DEMAND_ASSUMPTIONS,
          growth: { method: 'census_compound', additionalGrowthPercentPerYear: extraPercent, censusIntervalYears: 10.33, censusFinancialYear: 2021 },
        };
        const quicker = buildMasterPlan(input, faster);
        for (const balance of slower.balances) {
          const again = balanceOf(quicker, balance.municipalityCode, balance.assetType) as AssetBalance;
          expect(yearOrInfinity(again.shortfallYear)).toBeLessThanOrEqual(yearOrInfinity(balance.shortfallYear));
          if (balance.shortfallYear !== null && balance.shortfallYear > slower.baseFinancialYear) compared += 1;
        }
      }),
      runs,
    );
    expect(compared).toBeGreaterThan(150);
  });

  it('a committed upgrade moves the works shortfall later by exactly the years its capacity lasts', () => {
    let moved = 0;
    fc.assert(
      fc.property(
        masterPlanInputArbitrary,
        fc.double({ min: 0.05, max: 0.6, noNaN: true }),
        fc.integer({ min: 1, max: 3 }),
        fc.double({ min: 1.01, max: 1.6, noNaN: true }),
        (generatedInput, shareOfCapacity, buildYearCount, headroom) => {
          const code = generatedInput.municipalities[0].code;
          const factor = growthFactor(generatedInput, code);
          const works = generatedInput.assets.find((asset) => asset.municipalityCode === code && asset.assetType === 'water_treatment_works') as BulkAsset;
          // Only growing towns whose works last (no remaining life) and fall short after the committed project could be in service.
          if (factor <= 1 || works.remainingLifeYears !== null) return;
          const designBase = (balanceOf(buildMasterPlan(generatedInput), code, 'water_treatment_works') as AssetBalance).designDemandByYear[0];
          const input = withCapacity(generatedInput, works.id, headroom * designBase);
          const before = balanceOf(buildMasterPlan(input), code, 'water_treatment_works') as AssetBalance;
          const capacity = before.capacityByYear[0];
          if (before.shortfallYear === null || before.shortfallYear < 2026 + buildYearCount) return;
          const addedMlPerDay = Math.round(shareOfCapacity * capacity * 100) / 100;
          const committed = registerProject({
            id: `${code}-COMMITTED`,
            municipalityCode: code,
            status: 'committed',
            capacityAddedMlPerDay: addedMlPerDay,
            cashFlowRandByBuildYear: Array.from({ length: buildYearCount }, () => 1_000_000),
          });
          const after = balanceOf(buildMasterPlan({ ...input, register: [committed] }), code, 'water_treatment_works') as AssetBalance;
          const expectedBefore = closedFormShortfallYear(2026, designBase, capacity, factor);
          const expectedAfter = closedFormShortfallYear(2026, designBase, capacity + addedMlPerDay, factor);
          if (expectedBefore === null || expectedAfter === null) return;
          const lastYear = before.designDemandByYear.length - 1 + 2026;
          expect(before.shortfallYear).toBe(expectedBefore);
          expect(after.shortfallYear).toBe(expectedAfter > lastYear ? null : expectedAfter);
          expect(after.committedAdditions).toEqual([{ projectId: committed.id, inServiceYear: 2026 + buildYearCount, capacity: addedMlPerDay }]);
          if (expectedAfter <= lastYear && expectedAfter > expectedBefore) moved += 1;
        },
      ),
      runs,
    );
    expect(moved).toBeGreaterThan(25);
  });

  it('halving an asset creates a shortfall in the first year and an upgrade at least as large as the gap', () => {
    let halved = 0;
    fc.assert(
      fc.property(masterPlanInputArbitrary, fc.double({ min: 1.05, max: 1.95, noNaN: true }), fc.constantFrom('water_treatment_works' as const, 'wastewater_treatment_works' as const), (input, headroom, assetType) => {
        const target = input.assets.find((asset) => asset.assetType === assetType && asset.municipalityCode === input.municipalities[0].code) as BulkAsset;
        if (target.remainingLifeYears !== null) return;
        const designBase = (balanceOf(buildMasterPlan(input), target.municipalityCode, assetType) as AssetBalance).designDemandByYear[0];
        const capacity = headroom * designBase;
        const whole = balanceOf(buildMasterPlan(withCapacity(input, target.id, capacity)), target.municipalityCode, assetType) as AssetBalance;
        const halfPlan = buildMasterPlan(withCapacity(input, target.id, capacity / 2));
        const half = balanceOf(halfPlan, target.municipalityCode, assetType) as AssetBalance;
        expect(whole.shortfallYear === null || whole.shortfallYear > 2026).toBe(true);
        expect(half.shortfallYear).toBe(2026);
        const gap = designBase - capacity / 2;
        const firstUpgrade = half.upgrades[0].phases.reduce((sum, phase) => sum + phase.size, 0);
        expect(firstUpgrade).toBeGreaterThanOrEqual(gap - 1e-9);
        const generated = halfPlan.candidateProjects.filter((project) => project.municipalityCode === target.municipalityCode && project.assetType === assetType);
        expect(generated[0].earliestStartYear).toBe(2026);
        expect(generated[0].lateByYears).toBeGreaterThan(0);
        expect(generated.reduce((sum, project) => sum + project.capacityAdded, 0)).toBeGreaterThanOrEqual(gap - 1e-9);
        halved += 1;
      }),
      runs,
    );
    expect(halved).toBeGreaterThan(80);
  });

  it("a planner's row replaces the generated projects of its municipality, service and asset type", () => {
    let replaced = 0;
    fc.assert(
      fc.property(masterPlanInputArbitrary, fc.nat(), fc.constantFrom('candidate' as const, 'excluded' as const), (input, pick, status) => {
        const generated = buildMasterPlan(input).candidateProjects;
        if (generated.length === 0) return;
        const chosen = generated[pick % generated.length];
        const settings = chosen.assetType === null ? null : DEFAULT_DEMAND_ASSUMPTIONS.assetTypes[chosen.assetType];
        const plannerType = settings === null ? 'backlog_eradication' : settings.registerProjectTypes[pick % settings.registerProjectTypes.length];
        const planner: RegisterProject = registerProject({ id: 'PLANNER-1', municipalityCode: chosen.municipalityCode, service: chosen.service, type: plannerType, status });
        const plan = buildMasterPlan({ ...input, register: [planner] });
        const key = mergeKeyText({ municipalityCode: chosen.municipalityCode, service: chosen.service, target: chosen.assetType ?? 'backlog' });
        const sameKey = (project: GeneratedProject): boolean =>
          mergeKeyText({ municipalityCode: project.municipalityCode, service: project.service, target: project.assetType ?? 'backlog' }) === key;
        const keptGenerated = plan.merge.rows.flatMap((row) => (row.origin === 'masterplan' ? [row.project] : []));
        expect(keptGenerated.some(sameKey)).toBe(false);
        expect(plan.merge.rows[0]).toEqual({ origin: 'planner', project: planner });
        expect(plan.merge.replacements).toEqual([
          { key: { municipalityCode: chosen.municipalityCode, service: chosen.service, target: chosen.assetType ?? 'backlog' }, plannerProjectIds: ['PLANNER-1'], generatedProjectIds: generated.filter(sameKey).map((project) => project.id) },
        ]);
        expect(keptGenerated).toHaveLength(generated.length - generated.filter(sameKey).length);
        // Nothing kept may wait for a dropped project.
        const ids = new Set(plan.merge.rows.map((row) => row.project.id));
        for (const project of keptGenerated) for (const prerequisite of project.prerequisiteIds) expect(ids.has(prerequisite)).toBe(true);
        replaced += 1;
      }),
      runs,
    );
    expect(replaced).toBeGreaterThan(100);
  });

  it('the generated register is deterministic', () => {
    fc.assert(
      fc.property(masterPlanInputArbitrary, (input) => {
        const first = buildMasterPlan(input);
        const second = buildMasterPlan(structuredClone(input));
        expect(second).toEqual(first);
      }),
      { ...runs, numRuns: 40 },
    );
  });

  it('never generates capacity beyond the design-horizon need (except rounding up to one module)', () => {
    let sized = 0;
    fc.assert(
      fc.property(masterPlanInputArbitrary, (input) => {
        const plan = buildMasterPlan(input);
        for (const balance of plan.balances) {
          const moduleSize = DEFAULT_DEMAND_ASSUMPTIONS.assetTypes[balance.assetType].moduleSize;
          const designHorizon = DEFAULT_DEMAND_ASSUMPTIONS.assetTypes[balance.assetType].designHorizonYears;
          const capacity = [...balance.capacityByYear];
          for (const upgrade of balance.upgrades) {
            const from = plan.years.indexOf(upgrade.shortfallYear);
            const to = Math.min(plan.years.length - 1, from + designHorizon - 1);
            // The need, recomputed here: the largest gap over the design window given earlier upgrades.
            let need = 0;
            for (let index = from; index <= to; index += 1) need = Math.max(need, balance.designDemandByYear[index] - capacity[index]);
            expect(upgrade.capacityNeeded).toBeCloseTo(need, 9);
            const total = upgrade.phases.reduce((sum, phase) => sum + phase.size, 0);
            expect(total).toBeGreaterThanOrEqual(need - 1e-9);
            expect(total - need).toBeLessThan(moduleSize + 1e-9);
            for (let index = from; index < capacity.length; index += 1) capacity[index] += total;
            sized += 1;
          }
          const generated = plan.candidateProjects.filter((project) => project.municipalityCode === balance.municipalityCode && project.assetType === balance.assetType);
          const options = DEFAULT_DEMAND_ASSUMPTIONS.assetTypes[balance.assetType].options.length;
          const generatedCapacity = generated.reduce((sum, project) => sum + project.capacityAdded, 0) / options;
          const neededCapacity = balance.upgrades.reduce((sum, upgrade) => sum + upgrade.phases.reduce((total, phase) => total + phase.size, 0), 0);
          expect(generatedCapacity).toBeLessThanOrEqual(neededCapacity + 1e-9);
        }
      }),
      runs,
    );
    expect(sized).toBeGreaterThan(400);
  });
});
