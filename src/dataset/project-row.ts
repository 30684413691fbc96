/**
 * A projects.csv row (as the loader's row schema gives it back) as the Project of the Dataset: the
 * cash flow in rand, the owner with its default. The loader builds every project here, and so does
 * whatever must know the Project a written row will load as (the generated rows' fingerprint,
 * src/dataset/generated-fingerprint.ts), so the two never differ.
 */
import type { ProjectRow } from './checks.js';
import { defaultOwner } from './owners.js';
import type { Project } from './types.js';

/** Rand per build year for a project row whose cash flow has passed checkCashFlowTotals. */
export function cashFlowRand(row: ProjectRow): number[] {
  if (row.cashflow_rand !== null) return [...row.cashflow_rand];
  const shares = row.cashflow_percent ?? [100];
  const amounts = shares.map((percent) => (row.capex_rand * percent) / 100);
  // Put the rounding remainder in the last year so the years add up to capex exactly.
  const allButLast = amounts.slice(0, -1).reduce((sum, amount) => sum + amount, 0);
  amounts[amounts.length - 1] = row.capex_rand - allButLast;
  return amounts;
}

/**
 * The Project of a parsed projects.csv row. `municipalityName` names the default owner (a municipal
 * row without owner_name); `sourceRow` is the row's spreadsheet row (null: not read from a file),
 * kept so the master plan stage can name the row in its warnings.
 */
export function projectFromRow(value: ProjectRow, municipalityName: string | undefined, sourceRow: number | null): Project {
  return {
    id: value.project_id,
    municipalityCode: value.municipality_code,
    service: value.service,
    type: value.project_type,
    description: value.description,
    capexRand: value.capex_rand,
    cashFlowRandByBuildYear: cashFlowRand(value),
    householdsServed: value.households_served,
    capacityAddedMlPerDay: value.capacity_added_ml_per_day,
    earliestStartYear: value.earliest_start_year,
    latestStartYear: value.latest_start_year,
    prerequisiteIds: value.prerequisites,
    exclusiveGroup: value.exclusive_group,
    fundingSourceIds: value.funding_sources,
    status: value.status,
    benefitOverride: value.benefit_override,
    operatingCostRandPerYear: value.operating_cost_rand_per_year,
    facilityType: value.facility_type,
    blocksOffered: value.blocks_offered,
    anchorDepartments: value.anchor_departments,
    populationWithinReach: value.population_within_reach,
    illustrative: value.illustrative,
    owner:
      value.owner_sphere === null || value.owner_sphere === 'municipal'
        ? { sphere: 'municipal' as const, name: value.owner_name ?? defaultOwner(value.municipality_code, municipalityName).name }
        : // checkProjectOwners requires a name for a department's project.
          { sphere: value.owner_sphere, name: value.owner_name ?? '' },
    ...(value.origin !== null ? { origin: value.origin } : {}),
    ...(value.generated_fingerprint !== null ? { generatedFingerprint: value.generated_fingerprint } : {}),
    ...(sourceRow !== null ? { sourceRow } : {}),
  };
}
