/**
 * projects.csv rows of the generated register. The register itself comes from the master plan
 * stage (master-plan.ts): the committed treatment works phases, then the stage's generated
 * capacity upgrades and backlog eradication programmes, each marked with its origin.
 */
import { formatFinancialYear } from '../../src/dataset/financial-year.js';
import type { RegisterProject } from '../../src/masterplan/types.js';
import { formatDecimal, type CsvRow } from './tables.js';

/** A register row as the generator writes it: the stage's project with its cash flow in percent and origin. */
export interface GeneratedProject extends RegisterProject {
  /** Cash flow shares per build year, percent, summing to 100. */
  readonly cashFlowPercent: readonly number[];
  /** `planner` for the committed rows (the planner's own), `masterplan` for the stage's. */
  readonly origin: 'planner' | 'masterplan';
}

/** projects.csv rows; every row is illustrative and the benefit is left to be derived. */
export function buildProjectRows(projects: readonly GeneratedProject[]): CsvRow[] {
  return projects.map((project) => ({
    project_id: project.id,
    municipality_code: project.municipalityCode,
    service: project.service,
    project_type: project.type,
    description: project.description,
    capex_rand: String(project.capexRand),
    cashflow_percent: project.cashFlowPercent.join(';'),
    households_served: String(project.householdsServed),
    capacity_added_ml_per_day: formatDecimal(project.capacityAddedMlPerDay, 2),
    earliest_start_year: formatFinancialYear(project.earliestStartYear),
    latest_start_year: formatFinancialYear(project.latestStartYear),
    prerequisites: project.prerequisiteIds.join(';'),
    exclusive_group: project.exclusiveGroup ?? '',
    funding_sources: project.fundingSourceIds.join(';'),
    status: project.status,
    benefit_override: '',
    illustrative: 'yes',
    origin: project.origin,
  }));
}
