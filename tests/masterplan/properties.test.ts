/**
 * Properties of the master plan over seeded random inputs (fast-check, fixed seed). Each property
 * draws from a generator narrowed to the cases it speaks about, counts the runs that checked
 * something (tests/property-runs.ts) and asserts that most did, so a generator that drifted into
 * trivial cases would fail rather than pass quietly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildMasterPlan } from '../../src/masterplan/build-master-plan.js';
import { DEFAULT_DEMAND_ASSUMPTIONS } from '../../src/masterplan/default-assumptions.js';
import { mergeKeyText } from '../../src/masterplan/register-targets.js';
import type { AssetBalance, BulkAsset, DemandAssumptions, GeneratedProject, MasterPlan, MasterPlanInput, RegisterProject } from '../../src/masterplan/types.js';
import { RunCounter } from '../property-runs.js';
import { ARITHMETIC, expectAtLeast, expectAtMost, expectClose } from '../tolerance.js';
import { registerProject } from './fixtures.js';
import { SEED, masterPlanInputArbitrary } from './generators.js';

const numRuns = 120;
const runs = { seed: SEED, numRuns };

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
    // Non-trivial: at least one asset falls short after the first year, so the shortfall could move;
    // the generator keeps only such inputs.
    const laterShortfallArbitrary = masterPlanInputArbitrary.filter((input) =>
      buildMasterPlan(input).balances.some((balance) => balance.shortfallYear !== null && balance.shortfallYear > input.baseFinancialYear),
    );
    const counter = new RunCounter();
    let compared = 0;
    fc.assert(
      fc.property(laterShortfallArbitrary, fc.double({ min: 0.1, max: 3, noNaN: true }), (input, extraPercent) => {
        const slower = buildMasterPlan(input);
        const faster: DemandAssumptions = {
          ...DEFAULT_DEMAND_ASSUMPTIONS,
          growth: { method: 'census_compound', additionalGrowthPercentPerYear: extraPercent, censusIntervalYears: 10.33, censusFinancialYear: 2021 },
        };
        const quicker = buildMasterPlan(input, faster);
        let comparedHere = 0;
        for (const balance of slower.balances) {
          const again = balanceOf(quicker, balance.municipalityCode, balance.assetType) as AssetBalance;
          expect(yearOrInfinity(again.shortfallYear)).toBeLessThanOrEqual(yearOrInfinity(balance.shortfallYear));
          if (balance.shortfallYear !== null && balance.shortfallYear > slower.baseFinancialYear) comparedHere += 1;
        }
        compared += comparedHere;
        counter.count(comparedHere > 0);
      }),
      runs,
    );
    counter.expectMostChecked(numRuns);
    expect(compared).toBeGreaterThan(150);
  });

  it('a committed upgrade moves the works shortfall later by exactly the years its capacity lasts', () => {
    // Growing towns whose works last (no remaining life); the works' capacity and the upgrade are
    // sized from drawn shortfall years, so the shortfall falls after the upgrade is in service and
    // the upgrade moves it later within the projection.
    const growingArbitrary = masterPlanInputArbitrary.filter((input) => {
      const code = input.municipalities[0].code;
      const works = input.assets.find((asset) => asset.municipalityCode === code && asset.assetType === 'water_treatment_works');
      return growthFactor(input, code) > 1.005 && works !== undefined && works.remainingLifeYears === null;
    });
    const counter = new RunCounter();
    fc.assert(
      fc.property(
        growingArbitrary,
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        fc.double({ min: 0.2, max: 0.8, noNaN: true }),
        fc.double({ min: 0.2, max: 0.8, noNaN: true }),
        (generatedInput, buildYearCount, extraYearsBefore, yearsMoved, fractionBefore, fractionAfter) => {
          const code = generatedInput.municipalities[0].code;
          const factor = growthFactor(generatedInput, code);
          const works = generatedInput.assets.find((asset) => asset.municipalityCode === code && asset.assetType === 'water_treatment_works') as BulkAsset;
          const designBase = (balanceOf(buildMasterPlan(generatedInput), code, 'water_treatment_works') as AssetBalance).designDemandByYear[0];
          // Capacity lasting yearsBefore − 1 + fraction years: the shortfall comes in year yearsBefore (at or after service).
          const yearsBefore = buildYearCount + extraYearsBefore;
          const input = withCapacity(generatedInput, works.id, designBase * factor ** (yearsBefore - 1 + fractionBefore));
          const before = balanceOf(buildMasterPlan(input), code, 'water_treatment_works') as AssetBalance;
          const capacity = before.capacityByYear[0];
          const addedMlPerDay = Math.round((designBase * factor ** (yearsBefore + yearsMoved - 1 + fractionAfter) - capacity) * 100) / 100;
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
          if (expectedBefore === null || expectedAfter === null) {
            counter.count(false);
            return;
          }
          const lastYear = before.designDemandByYear.length - 1 + 2026;
          expect(before.shortfallYear).toBe(expectedBefore);
          expect(after.shortfallYear).toBe(expectedAfter > lastYear ? null : expectedAfter);
          expect(after.committedAdditions).toEqual([{ projectId: committed.id, inServiceYear: 2026 + buildYearCount, capacity: addedMlPerDay }]);
          // Non-trivial: the shortfall moved to a later year inside the projection.
          counter.count(expectedBefore >= 2026 + buildYearCount && expectedAfter <= lastYear && expectedAfter > expectedBefore);
        },
      ),
      runs,
    );
    counter.expectMostChecked(numRuns);
  });

  it('halving an asset creates a shortfall in the first year and an upgrade at least as large as the gap', () => {
    // Works with a remaining life end by age, not by demand, so the generator leaves them out.
    const targetOf = (input: MasterPlanInput, assetType: BulkAsset['assetType']): BulkAsset =>
      input.assets.find((asset) => asset.assetType === assetType && asset.municipalityCode === input.municipalities[0].code) as BulkAsset;
    const casesArbitrary = fc
      .tuple(masterPlanInputArbitrary, fc.double({ min: 1.05, max: 1.95, noNaN: true }), fc.constantFrom('water_treatment_works' as const, 'wastewater_treatment_works' as const))
      .filter(([input, , assetType]) => targetOf(input, assetType).remainingLifeYears === null);
    const counter = new RunCounter();
    fc.assert(
      fc.property(casesArbitrary, ([input, headroom, assetType]) => {
        const target = targetOf(input, assetType);
        const designBase = (balanceOf(buildMasterPlan(input), target.municipalityCode, assetType) as AssetBalance).designDemandByYear[0];
        const capacity = headroom * designBase;
        const whole = balanceOf(buildMasterPlan(withCapacity(input, target.id, capacity)), target.municipalityCode, assetType) as AssetBalance;
        const halfPlan = buildMasterPlan(withCapacity(input, target.id, capacity / 2));
        const half = balanceOf(halfPlan, target.municipalityCode, assetType) as AssetBalance;
        expect(whole.shortfallYear === null || whole.shortfallYear > 2026).toBe(true);
        expect(half.shortfallYear).toBe(2026);
        const gap = designBase - capacity / 2;
        const firstUpgrade = half.upgrades[0].phases.reduce((sum, phase) => sum + phase.size, 0);
        expectAtLeast(firstUpgrade, gap, ARITHMETIC);
        const generated = halfPlan.candidateProjects.filter((project) => project.municipalityCode === target.municipalityCode && project.assetType === assetType);
        expect(generated[0].earliestStartYear).toBe(2026);
        expect(generated[0].lateByYears).toBeGreaterThan(0);
        expectAtLeast(generated.reduce((sum, project) => sum + project.capacityAdded, 0), gap, ARITHMETIC);
        counter.count(true);
      }),
      runs,
    );
    counter.expectMostChecked(numRuns);
  });

  it("a planner's row replaces the generated projects of its municipality, service and asset type", () => {
    // Non-trivial: the plan generates projects, one of which the planner's row replaces.
    const counter = new RunCounter();
    fc.assert(
      fc.property(masterPlanInputArbitrary.filter((input) => buildMasterPlan(input).candidateProjects.length > 0), fc.nat(), fc.constantFrom('candidate' as const, 'excluded' as const), (input, pick, status) => {
        const generated = buildMasterPlan(input).candidateProjects;
        if (!counter.count(generated.length > 0)) return;
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
      }),
      runs,
    );
    counter.expectMostChecked(numRuns);
  });

  it("a planner's candidate or excluded copy of one generated alternative replaces only that alternative", () => {
    // Non-trivial: the plan generates alternatives (a raw-water source short within the plan), one of which the planner copies.
    const counter = new RunCounter();
    const withAlternatives = masterPlanInputArbitrary.filter((input) => buildMasterPlan(input).candidateProjects.some((project) => project.exclusiveGroup !== null));
    fc.assert(
      fc.property(withAlternatives, fc.nat(), fc.constantFrom('candidate' as const, 'excluded' as const), fc.boolean(), (input, pick, status, ownId) => {
        const generated = buildMasterPlan(input).candidateProjects;
        const alternatives = generated.filter((project) => project.exclusiveGroup !== null);
        if (!counter.count(alternatives.length > 0)) return;
        const chosen = alternatives[pick % alternatives.length];
        // The copy under the generated id, or under the planner's own id (then found by its group and type).
        const copy: RegisterProject = registerProject({
          id: ownId ? 'PLANNER-COPY' : chosen.id,
          municipalityCode: chosen.municipalityCode,
          service: chosen.service,
          type: chosen.type,
          exclusiveGroup: chosen.exclusiveGroup,
          status,
        });
        const plan = buildMasterPlan({ ...input, register: [copy] });
        const keptGenerated = plan.merge.rows.flatMap((row) => (row.origin === 'masterplan' ? [row.project] : []));
        const replaced = generated.filter((project) => project.exclusiveGroup === chosen.exclusiveGroup && project.type === chosen.type && (ownId || project.id === chosen.id));
        expect(keptGenerated.map((project) => project.id)).toEqual(generated.filter((project) => !replaced.includes(project)).map((project) => project.id));
        expect(plan.merge.replacements).toEqual([
          { key: { municipalityCode: chosen.municipalityCode, service: chosen.service, target: chosen.assetType ?? 'backlog' }, plannerProjectIds: [copy.id], generatedProjectIds: replaced.map((project) => project.id), exclusiveGroup: chosen.exclusiveGroup },
        ]);
        // The group keeps its name, so the copy and the remaining alternatives are one group; nothing is renamed.
        for (const project of keptGenerated) expect(project.exclusiveGroup).toBe(generated.find((original) => original.id === project.id)!.exclusiveGroup);
        expect(plan.merge.renamedIds).toEqual({});
        const ids = new Set(plan.merge.rows.map((row) => row.project.id));
        expect(ids.size).toBe(plan.merge.rows.length);
        for (const project of keptGenerated) for (const prerequisite of project.prerequisiteIds) expect(ids.has(prerequisite)).toBe(true);
      }),
      runs,
    );
    counter.expectMostChecked(numRuns);
  });

  it('the generated register is deterministic', () => {
    // Non-trivial: the plan generates projects, so there is a register to compare.
    const counter = new RunCounter();
    fc.assert(
      fc.property(masterPlanInputArbitrary, (input) => {
        const first = buildMasterPlan(input);
        const second = buildMasterPlan(structuredClone(input));
        expect(second).toEqual(first);
        counter.count(first.candidateProjects.length > 0);
      }),
      { ...runs, numRuns: 40 },
    );
    counter.expectMostChecked(40);
  });

  it('never generates capacity beyond the design-horizon need (except rounding up to one module)', () => {
    // Non-trivial: the plan sizes at least one upgrade.
    const counter = new RunCounter();
    let sized = 0;
    fc.assert(
      fc.property(masterPlanInputArbitrary, (input) => {
        const plan = buildMasterPlan(input);
        counter.count(plan.balances.some((balance) => balance.upgrades.length > 0));
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
            expectClose(upgrade.capacityNeeded, need, ARITHMETIC);
            const total = upgrade.phases.reduce((sum, phase) => sum + phase.size, 0);
            expectAtLeast(total, need, ARITHMETIC);
            // Rounding up to whole modules adds less than one module.
            expect(total - need).toBeLessThan(moduleSize);
            for (let index = from; index < capacity.length; index += 1) capacity[index] += total;
            sized += 1;
          }
          const generated = plan.candidateProjects.filter((project) => project.municipalityCode === balance.municipalityCode && project.assetType === balance.assetType);
          const options = DEFAULT_DEMAND_ASSUMPTIONS.assetTypes[balance.assetType].options.length;
          const generatedCapacity = generated.reduce((sum, project) => sum + project.capacityAdded, 0) / options;
          const neededCapacity = balance.upgrades.reduce((sum, upgrade) => sum + upgrade.phases.reduce((total, phase) => total + phase.size, 0), 0);
          expectAtMost(generatedCapacity, neededCapacity, ARITHMETIC);
        }
      }),
      runs,
    );
    counter.expectMostChecked(numRuns);
    expect(sized).toBeGreaterThan(400);
  });
});
