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
  /** The shortfall year a capacity upgrade answers; null for backlog programmes and the committed rows. Sizes the envelopes (funding.ts). */
  readonly neededFromYear: number | null;
}

/**
 * The illustrative owner of a generated project, for the One Plan: it follows the project's first
 * funding source. RBIG is a national grant of the Department of Water and Sanitation, so an RBIG
 * project is shown as the department's; a WSIG project as a provincial department's; every other
 * project (MIG, USDG, own funds) as its municipality's. This is an illustration of a register with
 * owners in every sphere, not a statement of who implements which project.
 */
export function illustrativeOwner(project: GeneratedProject, municipalityName: string): { readonly sphere: 'national' | 'provincial' | 'municipal'; readonly name: string } {
  switch (project.fundingSourceIds[0]) {
    case 'RBIG':
      return { sphere: 'national', name: 'Department of Water and Sanitation' };
    case 'WSIG':
      return { sphere: 'provincial', name: 'Department of Local Government' };
    default:
      return { sphere: 'municipal', name: municipalityName };
  }
}

/** projects.csv rows; every row is illustrative (owners included) and the benefit is left to be derived. */
export function buildProjectRows(projects: readonly GeneratedProject[], municipalityNames: ReadonlyMap<string, string> = new Map()): CsvRow[] {
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
    owner_sphere: illustrativeOwner(project, municipalityNames.get(project.municipalityCode) ?? project.municipalityCode).sphere,
    owner_name: illustrativeOwner(project, municipalityNames.get(project.municipalityCode) ?? project.municipalityCode).name,
    // Bulk projects carry no running cost in this register and are not centres.
    operating_cost_rand_per_year: '',
    facility_type: '',
    blocks_offered: '',
    anchor_departments: '',
    population_within_reach: '',
    illustrative: 'yes',
    origin: project.origin,
  }));
}
