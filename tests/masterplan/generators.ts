/**
 * Seeded fast-check generators of small master plan inputs: one or two municipalities with every
 * asset type, capacities drawn per person so some assets fall short at once, some later and some
 * never, and growth from a slight decline to fast growth.
 */
import fc from 'fast-check';
import type { BulkAsset, MasterPlanInput, MasterPlanMunicipality, MasterPlanNeed } from '../../src/masterplan/types.js';

/** Fixed seed: the same cases on every run. */
export const SEED = 20_260_611;

/** Capacity per person for an asset type, litres (Ml/day per million persons, or Ml for storage). */
const litresPerPerson = fc.integer({ min: 40, max: 800 });

/** One municipality with its needs and assets. */
const municipalityArbitrary = fc.record({
  population2022: fc.integer({ min: 5_000, max: 400_000 }),
  growthRatio: fc.double({ min: 0.9, max: 1.8, noNaN: true }),
  householdSize: fc.double({ min: 2.5, max: 4.5, noNaN: true }),
  waterBacklogShare: fc.double({ min: 0, max: 0.3, noNaN: true }),
  sanitationBacklogShare: fc.double({ min: 0, max: 0.3, noNaN: true }),
  metro: fc.boolean(),
  works: litresPerPerson,
  source: fc.option(litresPerPerson, { nil: undefined }),
  pipeline: fc.option(litresPerPerson, { nil: undefined }),
  pipelineKm: fc.integer({ min: 1, max: 40 }),
  reservoir: fc.option(fc.integer({ min: 20, max: 300 }), { nil: undefined }),
  arrangement: fc.constantFrom(null, 'single_pumped_source', 'multiple_sources', 'gravity_source'),
  wastewaterWorks: fc.integer({ min: 30, max: 400 }),
  sewer: fc.option(fc.integer({ min: 30, max: 400 }), { nil: undefined }),
  sewerKm: fc.integer({ min: 1, max: 20 }),
  // Most works have no known remaining life; one in five does.
  remainingLife: fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: fc.integer({ min: 0, max: 30 }), weight: 1 }),
});

/** The figures drawn for one municipality. */
type MunicipalityDraw = typeof municipalityArbitrary extends fc.Arbitrary<infer T> ? T : never;

/** Everything of one generated municipality, as the stage reads it. */
export interface GeneratedMunicipality {
  readonly municipality: MasterPlanMunicipality;
  readonly needs: readonly MasterPlanNeed[];
  readonly assets: readonly BulkAsset[];
}

/** Build a municipality record from the drawn figures. */
function toMunicipality(code: string, draw: MunicipalityDraw): GeneratedMunicipality {
  const households2022 = Math.round(draw.population2022 / draw.householdSize);
  const municipality: MasterPlanMunicipality = {
    code,
    name: `Town ${code}`,
    miifCategory: draw.metro ? 'A' : 'B3',
    population2011: Math.round(draw.population2022 / draw.growthRatio),
    population2022: draw.population2022,
    households2011: Math.round(households2022 / draw.growthRatio),
    households2022,
    illustrative: false,
  };
  const perPerson = (litres: number): number => Math.round((draw.population2022 * litres) / 10_000) / 100;
  const base = { municipalityCode: code, yearBuilt: null, remainingLifeYears: null, lengthKm: null, sourceArrangement: null, illustrative: true };
  const assets: BulkAsset[] = [
    { ...base, id: `${code}-WTW`, service: 'water', assetType: 'water_treatment_works', capacity: perPerson(draw.works), capacityUnit: 'Ml/day', remainingLifeYears: draw.remainingLife ?? null },
    { ...base, id: `${code}-WWTW`, service: 'sanitation', assetType: 'wastewater_treatment_works', capacity: perPerson(draw.wastewaterWorks), capacityUnit: 'Ml/day' },
  ];
  if (draw.source !== undefined) assets.push({ ...base, id: `${code}-SRC`, service: 'water', assetType: 'raw_water_source', capacity: perPerson(draw.source), capacityUnit: 'Ml/day' });
  if (draw.pipeline !== undefined) {
    assets.push({ ...base, id: `${code}-PIPE`, service: 'water', assetType: 'bulk_water_pipeline', capacity: perPerson(draw.pipeline), capacityUnit: 'Ml/day', lengthKm: draw.pipelineKm });
  }
  if (draw.reservoir !== undefined) {
    assets.push({ ...base, id: `${code}-RES`, service: 'water', assetType: 'reservoir_storage', capacity: perPerson(draw.reservoir), capacityUnit: 'Ml', sourceArrangement: draw.arrangement });
  }
  if (draw.sewer !== undefined) assets.push({ ...base, id: `${code}-SEWER`, service: 'sanitation', assetType: 'bulk_sewer', capacity: perPerson(draw.sewer), capacityUnit: 'Ml/day', lengthKm: draw.sewerKm });
  const needs: MasterPlanNeed[] = [
    { municipalityCode: code, service: 'water', backlogHouseholds: Math.round(draw.waterBacklogShare * households2022), illustrative: true },
    { municipalityCode: code, service: 'sanitation', backlogHouseholds: Math.round(draw.sanitationBacklogShare * households2022), illustrative: true },
  ];
  return { municipality, needs, assets };
}

/** A small master plan input (one or two municipalities, empty register), 2026/27 for ten years. */
export const masterPlanInputArbitrary: fc.Arbitrary<MasterPlanInput> = fc.array(municipalityArbitrary, { minLength: 1, maxLength: 2 }).map((draws) => {
  const municipalities = draws.map((draw, position) => toMunicipality(`GM00${position + 1}`, draw));
  return {
    baseFinancialYear: 2026,
    horizonYears: 10,
    municipalities: municipalities.map((entry) => entry.municipality),
    needs: municipalities.flatMap((entry) => entry.needs),
    assets: municipalities.flatMap((entry) => entry.assets),
    register: [],
  };
});
