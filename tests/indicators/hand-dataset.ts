/**
 * A hand-made Dataset for the index tests: four municipalities, two need and two growth indicators
 * with both directions and unequal weights. The expected indices in the tests are worked out by
 * hand from the values below.
 *
 *   code  water_backlog_share  piped_access_share  gva_growth_percent  unemployment_percent
 *         need, worse, w 3     need, better, w 1   growth, better, w 2 growth, worse, w 6
 *   AA1   10                   80                  5                   20
 *   BB2   30                   70                  2                   30
 *   CC3   50                   40                  0                   40
 *   DD4   30                   100                 6                   20
 *
 * Weight shares: need 3/4 and 1/4; growth 2/8 = 1/4 and 6/8 = 3/4.
 */
import type { Dataset, IndicatorDeclaration, Municipality } from '../../src/dataset/types.js';
import { DEFAULT_SERVICES } from '../../src/dataset/types.js';

/** Raw indicator values per municipality code, as in the table above. */
export const HAND_VALUES: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  AA1: { water_backlog_share: 10, piped_access_share: 80, gva_growth_percent: 5, unemployment_percent: 20 },
  BB2: { water_backlog_share: 30, piped_access_share: 70, gva_growth_percent: 2, unemployment_percent: 30 },
  CC3: { water_backlog_share: 50, piped_access_share: 40, gva_growth_percent: 0, unemployment_percent: 40 },
  DD4: { water_backlog_share: 30, piped_access_share: 100, gva_growth_percent: 6, unemployment_percent: 20 },
};

/** The four indicator declarations of the hand-made model. */
export const HAND_INDICATORS: readonly IndicatorDeclaration[] = [
  { id: 'water_backlog_share', label: 'Water backlog', theme: 'need', direction: 'higher_is_worse', weight: 3 },
  { id: 'piped_access_share', label: 'Piped water access', theme: 'need', direction: 'higher_is_better', weight: 1 },
  { id: 'gva_growth_percent', label: 'GVA growth', theme: 'growth', direction: 'higher_is_better', weight: 2 },
  { id: 'unemployment_percent', label: 'Unemployment', theme: 'growth', direction: 'higher_is_worse', weight: 6 },
];

/** A municipality with made-up Census figures; only code, name and district matter here. */
function municipality(code: string, name: string): Municipality {
  return {
    code, name, districtCode: 'DC9', districtName: 'Test District', province: 'WC', miifCategory: 'B3',
    population2011: 10_000, population2022: 11_000, households2011: 3_000, households2022: 3_300,
    growthRatePercentPerYear: 0.87, illustrative: true,
  };
}

/** A fresh hand-made Dataset; `indicators` and `values` replace the declarations and values when given. */
export function makeHandDataset(
  options: {
    indicators?: readonly IndicatorDeclaration[];
    values?: Readonly<Record<string, Readonly<Record<string, number>>>>;
    needThreshold?: number;
    growthThreshold?: number;
    codes?: readonly string[];
  } = {},
): Dataset {
  const values = options.values ?? HAND_VALUES;
  const codes = options.codes ?? Object.keys(values);
  return {
    config: {
      name: 'hand',
      title: 'Hand-made index test model',
      baseFinancialYear: 2026,
      horizonYears: 4,
      currency: 'ZAR',
      illustrativeNote: 'All figures are made up.', rolloutExemptions: [],
      services: DEFAULT_SERVICES,
      indicators: options.indicators ?? HAND_INDICATORS,
      index: {
        normalisation: 'min-max',
        needThreshold: options.needThreshold ?? 0.5,
        growthThreshold: options.growthThreshold ?? 0.5,
      },
      policy: {
        discountRatePercent: 5, needWeight: 0.5, growthWeight: 0.5, benefitPerHousehold: 1, benefitPerMlPerDay: 500,
        basicPackageFloorShare: 0, basicPackageMinSpendRand: 0, minServiceShare: { sanitation: 0 }, districtShareMin: 0,
        districtShareMax: 1, maxConcurrentProjectsPerMunicipality: 0, shortfallsMetByYear: 0, allocationCostPerHouseholdRand: { water: 25_000, sanitation: 30_000 }, allocationCostPerMlPerDayRand: 15_000_000, benefitPerPersonWithinReach: 0.1, rolloutTargetYear: {}, facilityAnchorRequired: 1, maxFacilitiesOpenedPerYear: {}, minHouseholdsServed: 0, objectiveMeasure: 0,
      },
    },
    municipalities: codes.map((code) => municipality(code, `Municipality ${code}`)),
    needs: [],
    indicators: codes.map((code) => ({ municipalityCode: code, values: values[code]!, illustrative: true })),
    projects: [],
    facilities: [],
    fundingSources: [],
    sourceFiles: [],
  };
}
