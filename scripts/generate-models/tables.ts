/**
 * The Census-based tables of a model (municipalities, needs, indicators); the needs' capacity and
 * demand figures come from the master plan stage (master-plan.ts). Rows are plain records of formatted cells,
 * so the CSV files are byte-for-byte reproducible.
 */
import type { CensusMunicipality } from './census.js';
import { CENSUS_INTERVAL_YEARS } from './assumptions.js';

/** One CSV row: column name to formatted cell. */
export type CsvRow = Readonly<Record<string, string>>;

/** MIIF category as the data format writes it (metros are `A`). */
export type MiifCategory = 'A' | 'B1' | 'B2' | 'B3' | 'B4';

/** A Census municipality with the derived figures the generator needs. */
export interface MunicipalityProfile {
  /** The Census record. */
  readonly census: CensusMunicipality;
  /** MIIF category with `METRO` written as `A`. */
  readonly miifCategory: MiifCategory;
  /** Households without piped scheme water (real). */
  readonly waterBacklogHouseholds: number;
  /** Households without a flush toilet (real). */
  readonly sanitationBacklogHouseholds: number;
}

/** Round half away from zero to a number of decimal places, never producing `-0`. */
export function roundTo(value: number, places: number): number {
  const scale = 10 ** places;
  const rounded = Math.sign(value) * Math.round(Math.abs(value) * scale) / scale;
  return rounded === 0 ? 0 : rounded;
}

/** Fixed-decimal text of a number, e.g. `formatDecimal(2.5, 2)` → `2.50`. */
export function formatDecimal(value: number, places: number): string {
  return roundTo(value, places).toFixed(places);
}

/** Keep a value inside [minimum, maximum]. */
export function clamp(value: number, minimum: number, maximum: number): number {
  return Math.min(maximum, Math.max(minimum, value));
}

/** `METRO` → `A`; B1–B4 unchanged. Throws for anything else so an unexpected category is never guessed. */
function toMiifCategory(municipality: CensusMunicipality): MiifCategory {
  const published = municipality.miifCategoryPublished;
  if (published === 'METRO') return 'A';
  if (published === 'B1' || published === 'B2' || published === 'B3' || published === 'B4') return published;
  throw new Error(`${municipality.code}: unknown MIIF category ${published} in the Census data`);
}

/** Derive the backlog figures of one municipality from its Census record. */
export function profileMunicipality(census: CensusMunicipality): MunicipalityProfile {
  return {
    census,
    miifCategory: toMiifCategory(census),
    waterBacklogHouseholds: census.otherWaterHouseholds,
    sanitationBacklogHouseholds: census.otherToiletHouseholds + census.noToiletHouseholds,
  };
}

/** municipalities.csv rows: real Census figures, not illustrative. */
export function buildMunicipalityRows(profiles: readonly MunicipalityProfile[]): CsvRow[] {
  return profiles.map(({ census, miifCategory }) => ({
    municipality_code: census.code,
    municipality_name: census.name,
    district_code: census.districtCode,
    district_name: census.districtName,
    province: census.provinceCode,
    miif_category: miifCategory,
    population_2011: String(census.population2011),
    population_2022: String(census.population2022),
    households_2011: String(census.households2011),
    households_2022: String(census.households2022),
    growth_rate_percent_per_year: formatDecimal(census.growthRatePercentPerYear, 1),
    illustrative: 'no',
  }));
}

/** The treatment capacity and current average demand of one need, from the master plan (illustrative). */
export interface NeedFigures {
  /** Existing treatment works capacity, Ml/day. */
  readonly treatmentCapacityMlPerDay: number;
  /** Average demand (water) or inflow (sanitation) in the base year, Ml/day. */
  readonly demandMlPerDay: number;
}

/**
 * needs.csv rows: real backlogs with the treatment capacity and base-year demand of the master
 * plan (illustrative), so every row is illustrative.
 */
export function buildNeedRows(profiles: readonly MunicipalityProfile[], figures: (municipalityCode: string, service: string) => NeedFigures): CsvRow[] {
  return profiles.flatMap((profile) =>
    (['water', 'sanitation'] as const).map((service) => {
      const need = figures(profile.census.code, service);
      return {
        municipality_code: profile.census.code,
        service,
        backlog_households: String(service === 'water' ? profile.waterBacklogHouseholds : profile.sanitationBacklogHouseholds),
        treatment_capacity_ml_per_day: formatDecimal(need.treatmentCapacityMlPerDay, 2),
        demand_ml_per_day: formatDecimal(need.demandMlPerDay, 2),
        illustrative: 'yes',
      };
    }),
  );
}

/** An indicator declaration for model.yaml. */
export interface IndicatorDeclaration {
  /** Column name in indicators.csv. */
  readonly id: string;
  /** Label for reports. */
  readonly label: string;
  /** Index the indicator feeds. */
  readonly theme: 'need' | 'growth';
  /** Direction. */
  readonly direction: 'higher_is_worse' | 'higher_is_better';
  /** Relative weight inside the theme. */
  readonly weight: number;
}

/** The indicator declarations written to model.yaml, in column order. */
export const INDICATOR_DECLARATIONS: readonly IndicatorDeclaration[] = [
  { id: 'water_backlog_share', label: 'Households without piped scheme water (share)', theme: 'need', direction: 'higher_is_worse', weight: 1 },
  { id: 'water_backlog_households', label: 'Households without piped scheme water', theme: 'need', direction: 'higher_is_worse', weight: 0.5 },
  { id: 'sanitation_backlog_share', label: 'Households without a flush toilet (share)', theme: 'need', direction: 'higher_is_worse', weight: 1 },
  { id: 'sanitation_backlog_households', label: 'Households without a flush toilet', theme: 'need', direction: 'higher_is_worse', weight: 0.5 },
  { id: 'informal_dwelling_share', label: 'Households in informal dwellings (share)', theme: 'need', direction: 'higher_is_worse', weight: 0.5 },
  { id: 'population_growth_percent_per_year', label: 'Population growth 2011–2022 (% per year)', theme: 'growth', direction: 'higher_is_better', weight: 1 },
  { id: 'household_growth_percent_per_year', label: 'Household growth 2011–2022 (% per year)', theme: 'growth', direction: 'higher_is_better', weight: 1 },
  { id: 'miif_category_score', label: 'MIIF category score (A=5 … B4=1)', theme: 'growth', direction: 'higher_is_better', weight: 0.5 },
  { id: 'transfer_dependence_percent', label: 'Households mainly dependent on government transfers (%)', theme: 'growth', direction: 'higher_is_worse', weight: 0.5 },
  { id: 'school_attendance_share', label: 'School attendance, ages 5–24 (share, approximate)', theme: 'growth', direction: 'higher_is_better', weight: 0.5 },
];

/** MIIF category score: larger, more diversified economies score higher. */
export const MIIF_CATEGORY_SCORES: Readonly<Record<MiifCategory, number>> = { A: 5, B1: 4, B2: 3, B3: 2, B4: 1 };

/** Household growth 2011–2022 in percent per year, exponential over the Census interval (as Stats SA computes population growth). */
export function householdGrowthPercentPerYear(census: CensusMunicipality): number {
  return (100 * Math.log(census.households2022 / census.households2011)) / CENSUS_INTERVAL_YEARS;
}

/**
 * School attendance share: attendance at ages 5–24 over the population aged 5–24. Stats SA
 * publishes ages 15–34 as one group, so ages 15–24 are taken as half of it (10 of its 20 years).
 */
export function schoolAttendanceShare(census: CensusMunicipality): number {
  return census.schoolAttendanceAges5To24 / (census.populationAges5To14 + census.populationAges15To34 / 2);
}

/** indicators.csv rows: all derived from real Census figures, not illustrative. */
export function buildIndicatorRows(profiles: readonly MunicipalityProfile[]): CsvRow[] {
  return profiles.map((profile) => {
    const { census } = profile;
    return {
      municipality_code: census.code,
      water_backlog_share: formatDecimal(profile.waterBacklogHouseholds / census.households2022, 4),
      water_backlog_households: String(profile.waterBacklogHouseholds),
      sanitation_backlog_share: formatDecimal(profile.sanitationBacklogHouseholds / census.households2022, 4),
      sanitation_backlog_households: String(profile.sanitationBacklogHouseholds),
      informal_dwelling_share: formatDecimal(census.informalDwellingHouseholds / census.households2022, 4),
      population_growth_percent_per_year: formatDecimal(census.growthRatePercentPerYear, 1),
      household_growth_percent_per_year: formatDecimal(householdGrowthPercentPerYear(census), 2),
      miif_category_score: String(MIIF_CATEGORY_SCORES[profile.miifCategory]),
      transfer_dependence_percent: formatDecimal(census.governmentTransfersPercent, 1),
      school_attendance_share: formatDecimal(schoolAttendanceShare(census), 4),
      illustrative: 'no',
    };
  });
}
