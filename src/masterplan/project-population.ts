/**
 * Population and households per financial year: from the Census 2011 and 2022 counts at their
 * compound rate (the default), or from an explicit projection table such as a Water Services
 * Development Plan's (DWAF 2004: "growth as projected in the municipality's WSDP").
 */
import type { AssetTypeSettings, CensusCompoundGrowth, GrowthProjection, MasterPlanMunicipality, MunicipalityProjection, ProjectionRow } from './types.js';

/**
 * The financial years the master plan projects: the planning horizon and on until the last
 * project that could start in the horizon's last year has carried its asset through its design
 * horizon (last horizon year + max over asset types of lead time + design horizon − 1).
 */
export function projectionYears(baseFinancialYear: number, horizonYears: number, assetTypes: Readonly<Record<string, AssetTypeSettings>>): number[] {
  const reachYears = Math.max(0, ...Object.values(assetTypes).map((settings) => settings.leadTimeYears + settings.designHorizonYears));
  const lastYear = baseFinancialYear + horizonYears - 1 + Math.max(0, reachYears - 1);
  return Array.from({ length: lastYear - baseFinancialYear + 1 }, (_, offset) => baseFinancialYear + offset);
}

/**
 * The compound growth rate between two counts, percent per year: 100 × ((later / earlier)^(1 / years) − 1).
 * The same projection as Stats SA's exponential rate, written as a yearly compound rate.
 */
export function compoundGrowthPercentPerYear(earlier: number, later: number, years: number): number {
  return 100 * ((later / earlier) ** (1 / years) - 1);
}

/** Project a Census 2022 count: count × (1 + rate)^(year − census year), rate including the scenario's extra growth. */
function projectCount(count2011: number, count2022: number, year: number, growth: CensusCompoundGrowth): number {
  const ratePercent = compoundGrowthPercentPerYear(count2011, count2022, growth.censusIntervalYears) + growth.additionalGrowthPercentPerYear;
  return count2022 * (1 + ratePercent / 100) ** (year - growth.censusFinancialYear);
}

/**
 * A value for `year` from known points (sorted by year, at least one): geometric interpolation
 * between neighbours, the nearest interval's compound rate beyond either end, and a constant when
 * only one point is known. Growth between WSDP milestones is compound, so interpolation is too.
 */
export function interpolateGeometric(points: readonly { readonly year: number; readonly value: number }[], year: number): number {
  if (points.length === 1) return points[0].value;
  let lower = 0;
  while (lower < points.length - 2 && points[lower + 1].year <= year) lower += 1;
  const from = points[lower];
  const to = points[lower + 1];
  const fraction = (year - from.year) / (to.year - from.year);
  if (from.value <= 0 || to.value <= 0) return from.value + (to.value - from.value) * fraction;
  return from.value * (to.value / from.value) ** fraction;
}

/**
 * Project one municipality's population and households over `years`. For the `table` method the
 * rows of other municipalities are ignored; checkMasterPlanInput has made sure the municipality
 * has at least one row.
 */
export function projectPopulation(
  municipality: MasterPlanMunicipality,
  years: readonly number[],
  growth: GrowthProjection,
  projectionRows: readonly ProjectionRow[] = [],
): MunicipalityProjection {
  if (growth.method === 'census_compound') {
    return {
      municipalityCode: municipality.code,
      method: growth.method,
      populationGrowthPercentPerYear:
        compoundGrowthPercentPerYear(municipality.population2011, municipality.population2022, growth.censusIntervalYears) + growth.additionalGrowthPercentPerYear,
      populationByYear: years.map((year) => projectCount(municipality.population2011, municipality.population2022, year, growth)),
      householdsByYear: years.map((year) => projectCount(municipality.households2011, municipality.households2022, year, growth)),
      illustrative: municipality.illustrative,
    };
  }
  const rows = projectionRows.filter((row) => row.municipalityCode === municipality.code).sort((left, right) => left.financialYear - right.financialYear);
  const population = rows.map((row) => ({ year: row.financialYear, value: row.population }));
  const households = rows.map((row) => ({ year: row.financialYear, value: row.households }));
  return {
    municipalityCode: municipality.code,
    method: growth.method,
    populationGrowthPercentPerYear: null,
    populationByYear: years.map((year) => interpolateGeometric(population, year)),
    householdsByYear: years.map((year) => interpolateGeometric(households, year)),
    illustrative: municipality.illustrative,
  };
}
