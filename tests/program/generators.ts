/**
 * Seeded fast-check generators of tiny portfolios (3–6 projects, 2–3 years, one or two sources)
 * with prerequisites, exclusive groups, committed and excluded projects, carry-over and the
 * policy rules the brute force implements.
 *
 * Drawn freely, about 40% of these portfolios have no plan and a third of the rest fund nothing,
 * where most properties have nothing to say. The narrower generators below keep only cases the
 * brute force (an oracle independent of the program) finds a plan for that funds something, so
 * a property's runs check something (tests/property-runs.ts counts them).
 */
import fc from 'fast-check';
import type { Dataset, Project } from '../../src/dataset/types.js';
import { MILLION, TINY_INDICES, tinyDataset, tinyProject, tinySource } from '../plan/tiny-models.js';
import { bruteForcePortfolio } from './brute-force.js';

/** Fixed seed: the same cases on every run. */
export const SEED = 20_260_401;

/** A tiny random portfolio dataset. */
export const tinyPortfolioArbitrary: fc.Arbitrary<Dataset> = fc
  .record({
    horizonYears: fc.integer({ min: 2, max: 3 }),
    sourceCount: fc.integer({ min: 1, max: 2 }),
    envelopes: fc.array(fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 3, maxLength: 3 }), { minLength: 2, maxLength: 2 }),
    carry: fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
    projects: fc.array(
      fc.record({
        cashFlow: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 2 }),
        earliestOffset: fc.integer({ min: 0, max: 2 }),
        windowLength: fc.integer({ min: 0, max: 2 }),
        households: fc.integer({ min: 0, max: 500 }),
        capacity: fc.integer({ min: 0, max: 3 }),
        municipality: fc.constantFrom('AA001', 'BB002'),
        service: fc.constantFrom('water' as const, 'sanitation' as const),
        sources: fc.constantFrom(['S1'], ['S2'], ['S1', 'S2']),
        prerequisite: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
        group: fc.option(fc.constantFrom('g1', 'g2'), { nil: undefined }),
        status: fc.constantFrom('candidate', 'candidate', 'candidate', 'candidate', 'committed', 'excluded') as fc.Arbitrary<Project['status']>,
      }),
      { minLength: 3, maxLength: 6 },
    ),
    discountRatePercent: fc.constantFrom(0, 5),
    concurrency: fc.constantFrom(0, 0, 1, 2),
    minSanitationShare: fc.constantFrom(0, 0, 0.3),
    districtShareMax: fc.constantFrom(1, 1, 0.7),
  })
  .map((draw) => {
    const sourceIds = draw.sourceCount === 1 ? ['S1'] : ['S1', 'S2'];
    const projects = draw.projects.map((entry, position) => {
      // Prerequisites only point to earlier projects, so the register never has a cycle.
      const prerequisiteIds = entry.prerequisite !== undefined && entry.prerequisite < position ? [`P${entry.prerequisite}`] : [];
      const fundingSourceIds = entry.sources.filter((id) => sourceIds.includes(id));
      return tinyProject({
        id: `P${position}`,
        municipalityCode: entry.municipality,
        service: entry.service,
        cashFlowRandByBuildYear: entry.cashFlow.map((amount) => amount * MILLION),
        householdsServed: entry.households,
        capacityAddedMlPerDay: entry.capacity,
        earliestStartYear: 2026 + entry.earliestOffset,
        latestStartYear: 2026 + entry.earliestOffset + entry.windowLength,
        prerequisiteIds,
        exclusiveGroup: entry.group ?? null,
        fundingSourceIds: fundingSourceIds.length > 0 ? fundingSourceIds : ['S1'],
        status: entry.status,
      });
    });
    return tinyDataset({
      horizonYears: draw.horizonYears,
      projects,
      sources: sourceIds.map((id, index) => tinySource(id, draw.envelopes[index].map((amount) => amount * MILLION), draw.carry[index])),
      policy: {
        discountRatePercent: draw.discountRatePercent,
        benefitPerMlPerDay: 50,
        maxConcurrentProjectsPerMunicipality: draw.concurrency,
        allocationCostPerHouseholdRand: { water: 25_000, sanitation: 30_000 },
        allocationCostPerMlPerDayRand: 15_000_000,
        minServiceShare: { sanitation: draw.minSanitationShare },
        districtShareMax: draw.districtShareMax,
      },
    });
  });

/** True when the brute force finds a plan that funds at least one project. */
export function fundsSomething(dataset: Dataset): boolean {
  const { objective, starts } = bruteForcePortfolio(dataset, TINY_INDICES);
  return objective !== null && starts !== null && [...starts.values()].some((start) => start !== null);
}

/** Tiny portfolios that have a plan funding at least one project. */
export const plannablePortfolioArbitrary: fc.Arbitrary<Dataset> = tinyPortfolioArbitrary.filter(fundsSomething);

/** Tiny portfolios with at least one committed project that have a plan funding something. */
export const committedPortfolioArbitrary: fc.Arbitrary<Dataset> = fc
  .tuple(tinyPortfolioArbitrary, fc.nat())
  .map(([dataset, pick]) => {
    // Commit one project the draw left uncommitted, so every case has a commitment to keep.
    const position = pick % dataset.projects.length;
    return { ...dataset, projects: dataset.projects.map((project, index) => (index === position ? { ...project, status: 'committed' as const } : project)) };
  })
  .filter(fundsSomething);

/**
 * Mostly plannable portfolios with some drawn freely (so infeasible ones appear too), for
 * comparing the program with the brute force on both outcomes.
 */
export const mixedPortfolioArbitrary: fc.Arbitrary<Dataset> = fc.oneof({ arbitrary: plannablePortfolioArbitrary, weight: 4 }, { arbitrary: tinyPortfolioArbitrary, weight: 1 });
