/**
 * Seeded fast-check generators of tiny portfolios (3–6 projects, 2–3 years, one or two sources)
 * with prerequisites, exclusive groups, committed and excluded projects, carry-over and the
 * policy rules the brute force implements.
 */
import fc from 'fast-check';
import type { Dataset, Project } from '../../src/dataset/types.js';
import { MILLION, tinyDataset, tinyProject, tinySource } from '../plan/tiny-models.js';

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
