/**
 * One description of the model's tables, read by everything that writes or exchanges them: the
 * model writer (CSV and xlsx), the return forms, collect and the central database. Each table is a
 * named list of columns with the kind of cell each holds, and a function that turns the Dataset's
 * records back into rows of the loader's own column names. A new table (assets, facilities) is one
 * more entry here, not new writer, form or database code.
 *
 * The loader's zod schemas (schemas.ts) stay the only judge of what a cell may hold; the kinds here
 * say how to write a value so that the loader reads back exactly that value, and what a form may
 * offer in a drop-down. tests/dataset/write-model.test.ts checks that the columns here are the
 * schemas' columns.
 */
import { createHash } from 'node:crypto';
import { formatFinancialYear } from './financial-year.js';
import { PROJECT_STATUSES, TABLE_NAMES, isOptionalTable, type TableName } from './schemas.js';
import { ownerOf } from './owners.js';
import { BULK_ASSET_TYPES, DEFAULT_BACKLOG_COLUMN, FACILITY_TYPES, FUNDING_PURPOSES, MIIF_CATEGORIES, OWNER_SPHERES, type Dataset, type ModelConfig, type Project, type ServiceDeclaration } from './types.js';

/** What a cell holds, which decides how a value is written and what a form offers. */
export type CellKind =
  /** Free text; `suggestExisting` offers the values the model already uses in a form's drop-down (others allowed). */
  | { readonly type: 'text'; readonly suggestExisting?: boolean }
  /** One word of a fixed list. */
  | { readonly type: 'choice'; readonly choices: readonly string[] }
  /** A number with limits (the loader's `requiredNumber` / `optionalNumber` rules). */
  | { readonly type: 'number'; readonly minimum?: number; readonly exclusiveMinimum?: boolean; readonly integer?: boolean }
  /**
   * A financial year, written `2026/27`; a form offers the years of the planning horizon, or with
   * `pastUpToBase` the years up to the plan's first year (a year something already opened).
   */
  | { readonly type: 'financial-year'; readonly pastUpToBase?: boolean }
  /** `yes` or `no`. */
  | { readonly type: 'flag' }
  /** A `;` separated list of ids, naming rows of `references` when given. */
  | { readonly type: 'id-list'; readonly references?: { readonly table: TableName; readonly column: string } }
  /** A `;` separated list of numbers, each at least `minimum`. */
  | { readonly type: 'number-list'; readonly minimum?: number };

/** One column of a table. */
export interface ColumnDescription {
  /** Header name, as in docs/data-format.md. */
  readonly name: string;
  /** What the cell holds. */
  readonly cell: CellKind;
  /** True when an empty cell is an error. */
  readonly required: boolean;
  /** The column's meaning in plain words, for a form's instructions and prompts. */
  readonly meaning: string;
  /** When true, the column is written only when some row fills it (a column added later, so older models keep their files). */
  readonly omitWhenEmpty?: boolean;
}

/** A value of a row before it is written: what the loader's row schema gives back for the cell. */
export type TypedValue = string | number | boolean | null | readonly string[] | readonly number[];
/** A row as typed values by column name. */
export type TypedRow = Readonly<Record<string, TypedValue>>;
/** A row as the text the loader reads, by column name (every column present; '' for empty). */
export type CellRow = Readonly<Record<string, string>>;

/** How a table appears in a municipality's return form; absent for tables the province keeps alone. */
export interface ReturnFormTable {
  /** Sheet name in the form, e.g. `Projects`. */
  readonly sheetName: string;
  /** Empty input rows offered per municipality for new rows; 0 when the rows are a fixed set. */
  readonly blankRowsPerMunicipality: number;
  /** What the sheet asks for, in plain words, for the instructions sheet. */
  readonly purpose: string;
}

/** One table of a model. */
export interface TableDescription {
  /** Table name: the CSV file name without `.csv`, and the sheet name in model.xlsx. */
  readonly name: TableName;
  /** The columns in the order they are written. */
  readonly columns: (config: ModelConfig) => readonly ColumnDescription[];
  /** The Dataset's records as rows, in the order they are written. */
  readonly typedRows: (dataset: Dataset) => readonly TypedRow[];
  /** Columns whose values together identify a row (unique in a valid model). */
  readonly keyColumns: readonly string[];
  /** The column naming the municipality a row belongs to, or null when rows belong to none. */
  readonly municipalityColumn: string | null;
  /** How the table appears in a return form, or null when it is not asked for. */
  readonly returnForm: ReturnFormTable | null;
  /**
   * The columns naming a row's owner (sphere, and department or municipality), or null when rows
   * have none. A municipality's return form holds the municipal rows of a table with owners; a
   * department's form holds the department's rows (see rowScope).
   */
  readonly ownerColumns?: { readonly sphere: string; readonly name: string } | null;
}

const illustrativeColumn: ColumnDescription = {
  name: 'illustrative',
  cell: { type: 'flag' },
  required: false,
  meaning: 'yes when the figures in the row were estimated or generated rather than published or measured',
};

const municipalityCodeColumn: ColumnDescription = {
  name: 'municipality_code',
  cell: { type: 'text' },
  required: true,
  meaning: 'demarcation code of the municipality, e.g. WC044',
};

const municipalities: TableDescription = {
  name: 'municipalities',
  columns: () => [
    municipalityCodeColumn,
    { name: 'municipality_name', cell: { type: 'text' }, required: true, meaning: 'name of the municipality' },
    { name: 'district_code', cell: { type: 'text' }, required: true, meaning: 'district municipality code, e.g. DC4' },
    { name: 'district_name', cell: { type: 'text' }, required: true, meaning: 'district municipality name' },
    { name: 'province', cell: { type: 'text' }, required: true, meaning: 'province code, e.g. WC' },
    { name: 'miif_category', cell: { type: 'choice', choices: MIIF_CATEGORIES }, required: true, meaning: 'MIIF municipal category' },
    { name: 'population_2011', cell: { type: 'number', minimum: 0, integer: true }, required: true, meaning: 'persons, Census 2011' },
    { name: 'population_2022', cell: { type: 'number', minimum: 0, integer: true }, required: true, meaning: 'persons, Census 2022' },
    { name: 'households_2011', cell: { type: 'number', minimum: 0, integer: true }, required: true, meaning: 'households, Census 2011' },
    { name: 'households_2022', cell: { type: 'number', minimum: 0, integer: true }, required: true, meaning: 'households, Census 2022' },
    { name: 'growth_rate_percent_per_year', cell: { type: 'number' }, required: true, meaning: 'population growth 2011-2022, percent per year' },
    illustrativeColumn,
  ],
  typedRows: (dataset) =>
    dataset.municipalities.map((municipality) => ({
      municipality_code: municipality.code,
      municipality_name: municipality.name,
      district_code: municipality.districtCode,
      district_name: municipality.districtName,
      province: municipality.province,
      miif_category: municipality.miifCategory,
      population_2011: municipality.population2011,
      population_2022: municipality.population2022,
      households_2011: municipality.households2011,
      households_2022: municipality.households2022,
      growth_rate_percent_per_year: municipality.growthRatePercentPerYear,
      illustrative: municipality.illustrative,
    })),
  keyColumns: ['municipality_code'],
  municipalityColumn: 'municipality_code',
  returnForm: null,
};

/** The declared services' ids, for a `service` column's choices. */
const serviceIds = (config: ModelConfig): string[] => config.services.map((service) => service.id);

/** The needs.csv backlog columns the services name, in order of first use, with the services of each. */
function backlogColumns(config: ModelConfig): Map<string, ServiceDeclaration[]> {
  const columns = new Map<string, ServiceDeclaration[]>();
  for (const service of config.services) columns.set(service.backlogColumn, [...(columns.get(service.backlogColumn) ?? []), service]);
  return columns;
}

const needs: TableDescription = {
  name: 'needs',
  columns: (config) => [
    municipalityCodeColumn,
    { name: 'service', cell: { type: 'choice', choices: serviceIds(config) }, required: true, meaning: 'the bulk service the row is about' },
    ...[...backlogColumns(config)].map(([column, services]): ColumnDescription => ({
      name: column,
      cell: { type: 'number', minimum: 0 },
      // With one backlog column for every service each row fills it; with several, only its service's.
      required: backlogColumns(config).size === 1,
      meaning:
        column === DEFAULT_BACKLOG_COLUMN && services.every((service) => service.needUnit === 'households')
          ? 'households below the basic service level'
          : `${services.map((service) => service.id).join(', ')} backlog below the basic service level, in ${services[0].needUnit.replace(/_/g, ' ')}`,
    })),
    { name: 'treatment_capacity_ml_per_day', cell: { type: 'number', minimum: 0 }, required: false, meaning: 'existing bulk treatment capacity in Ml/day; empty when not known' },
    { name: 'demand_ml_per_day', cell: { type: 'number', minimum: 0 }, required: false, meaning: 'current average demand (water) or inflow (sanitation) in Ml/day; empty when not known' },
    illustrativeColumn,
  ],
  typedRows: (dataset) =>
    dataset.needs.map((need) => ({
      municipality_code: need.municipalityCode,
      service: need.service,
      ...Object.fromEntries([...backlogColumns(dataset.config).keys()].map((column) => [column, column === backlogColumnOf(dataset.config, need.service) ? need.backlogHouseholds : null])),
      treatment_capacity_ml_per_day: need.treatmentCapacityMlPerDay,
      demand_ml_per_day: need.demandMlPerDay,
      illustrative: need.illustrative,
    })),
  keyColumns: ['municipality_code', 'service'],
  municipalityColumn: 'municipality_code',
  returnForm: {
    sheetName: 'Needs',
    blankRowsPerMunicipality: 0,
    purpose: 'one row per service: the households still below the basic level, and the bulk treatment capacity and demand today',
  },
};

const indicators: TableDescription = {
  name: 'indicators',
  columns: (config) => [
    municipalityCodeColumn,
    ...config.indicators.map((indicator): ColumnDescription => ({ name: indicator.id, cell: { type: 'number' }, required: true, meaning: indicator.label })),
    illustrativeColumn,
  ],
  typedRows: (dataset) =>
    dataset.indicators.map((row) => ({
      municipality_code: row.municipalityCode,
      ...Object.fromEntries(dataset.config.indicators.map((indicator) => [indicator.id, row.values[indicator.id]])),
      illustrative: row.illustrative,
    })),
  keyColumns: ['municipality_code'],
  municipalityColumn: 'municipality_code',
  returnForm: null,
};

/**
 * The shortest cash flow in percent that the loader turns back into exactly the project's rand per
 * year, or null when none does (then the rand amounts are written). Percent is what people write
 * (`30;50;20`), so it is preferred; rounding recovers the shares a person typed.
 */
export function cashFlowPercentOf(project: Project): number[] | null {
  const rand = project.cashFlowRandByBuildYear;
  for (let decimals = 0; decimals <= 12; decimals += 1) {
    const percent = rand.map((amount) => Number(((amount / project.capexRand) * 100).toFixed(decimals)));
    // The loader's rule (load-model.ts cashFlowRand): shares of capex, the last year takes the remainder.
    const amounts = percent.map((share) => (project.capexRand * share) / 100);
    const allButLast = amounts.slice(0, -1).reduce((sum, amount) => sum + amount, 0);
    amounts[amounts.length - 1] = project.capexRand - allButLast;
    const total = percent.reduce((sum, share) => sum + share, 0);
    if (Math.abs(total - 100) <= 0.01 && amounts.every((amount, index) => amount === rand[index])) return percent;
  }
  return null;
}

/** The needs.csv column holding a service's backlog. */
function backlogColumnOf(config: ModelConfig, service: string): string {
  return config.services.find((declared) => declared.id === service)?.backlogColumn ?? DEFAULT_BACKLOG_COLUMN;
}

const projects: TableDescription = {
  name: 'projects',
  columns: (config) => [
    { name: 'project_id', cell: { type: 'text' }, required: true, meaning: 'unique id of the project, e.g. WC044-W-03' },
    municipalityCodeColumn,
    { name: 'service', cell: { type: 'choice', choices: serviceIds(config) }, required: true, meaning: 'the bulk service the project serves' },
    { name: 'project_type', cell: { type: 'text', suggestExisting: true }, required: true, meaning: 'kind of project, e.g. bulk_pipeline, reservoir, water_treatment_upgrade' },
    { name: 'description', cell: { type: 'text' }, required: true, meaning: 'one line a reader understands' },
    { name: 'capex_rand', cell: { type: 'number', minimum: 0, exclusiveMinimum: true }, required: true, meaning: 'capital cost in rand, plain digits (60000000, not R60m)' },
    { name: 'cashflow_percent', cell: { type: 'number-list', minimum: 0 }, required: false, meaning: 'share of the cost spent in each build year, separated by ; and adding up to 100, e.g. 30;50;20 (or fill cashflow_rand instead)' },
    { name: 'cashflow_rand', cell: { type: 'number-list', minimum: 0 }, required: false, meaning: 'rand spent in each build year, separated by ; and adding up to capex_rand (or fill cashflow_percent instead)' },
    { name: 'households_served', cell: { type: 'number', minimum: 0 }, required: false, meaning: 'backlog households the project brings to the basic level; empty means 0' },
    { name: 'capacity_added_ml_per_day', cell: { type: 'number', minimum: 0 }, required: false, meaning: 'treatment or bulk capacity added, Ml/day; empty means 0' },
    { name: 'earliest_start_year', cell: { type: 'financial-year' }, required: true, meaning: 'first financial year in which building could start, e.g. 2026/27' },
    { name: 'latest_start_year', cell: { type: 'financial-year' }, required: true, meaning: 'last financial year in which building may start' },
    { name: 'prerequisites', cell: { type: 'id-list', references: { table: 'projects', column: 'project_id' } }, required: false, meaning: 'ids of projects that must be finished first, separated by ;' },
    { name: 'exclusive_group', cell: { type: 'text' }, required: false, meaning: 'a name shared by alternative projects of which at most one is built' },
    { name: 'funding_sources', cell: { type: 'id-list', references: { table: 'funding', column: 'source_id' } }, required: true, meaning: 'funding sources the project may draw on, separated by ;' },
    { name: 'status', cell: { type: 'choice', choices: PROJECT_STATUSES }, required: true, meaning: 'candidate (may be funded), committed (must be funded) or excluded (never funded)' },
    { name: 'benefit_override', cell: { type: 'number', minimum: 0 }, required: false, meaning: 'a benefit score that replaces the calculated one; normally empty' },
    { name: 'owner_sphere', cell: { type: 'choice', choices: OWNER_SPHERES }, required: false, meaning: 'who owns the project: municipal, provincial or national; empty means municipal' },
    { name: 'owner_name', cell: { type: 'text', suggestExisting: true }, required: false, meaning: "the department that owns it (provincial or national), or the municipality's name (municipal; empty means the project's municipality)" },
    {
      name: 'operating_cost_rand_per_year',
      cell: { type: 'number', minimum: 0 },
      required: false,
      meaning: 'running cost in rand per year from completion to the end of the horizon, paid from its operating source; empty means 0',
    },
    { name: 'facility_type', cell: { type: 'choice', choices: FACILITY_TYPES }, required: false, meaning: 'for a centre (Thusong): hub, satellite or mobile_route; empty for other projects' },
    { name: 'blocks_offered', cell: { type: 'id-list' }, required: false, meaning: 'for a centre: the service-model blocks it offers, separated by ; (ids from model.yaml)' },
    { name: 'anchor_departments', cell: { type: 'id-list' }, required: false, meaning: 'for a centre: anchor departments committed to serve there, e.g. home_affairs;sassa (a centre without one does not count)' },
    { name: 'population_within_reach', cell: { type: 'number', minimum: 0 }, required: false, meaning: 'for a centre: people living within reach of it; empty means 0' },
    illustrativeColumn,
    {
      name: 'origin',
      cell: { type: 'choice', choices: ['planner', 'masterplan'] },
      required: false,
      meaning: 'planner for your own row, masterplan for a row the bulk master plan generated; empty means planner',
      omitWhenEmpty: true,
    },
    {
      name: 'generated_fingerprint',
      cell: { type: 'text' },
      required: false,
      meaning: 'written by the master plan with each row it generates, so that an edit to the row is seen and kept; leave it as it is',
      omitWhenEmpty: true,
    },
  ],
  typedRows: (dataset) =>
    dataset.projects.map((project) => {
      const percent = cashFlowPercentOf(project);
      return {
        project_id: project.id,
        municipality_code: project.municipalityCode,
        service: project.service,
        project_type: project.type,
        description: project.description,
        capex_rand: project.capexRand,
        cashflow_percent: percent,
        cashflow_rand: percent === null ? project.cashFlowRandByBuildYear : null,
        households_served: project.householdsServed,
        capacity_added_ml_per_day: project.capacityAddedMlPerDay,
        earliest_start_year: project.earliestStartYear,
        latest_start_year: project.latestStartYear,
        prerequisites: project.prerequisiteIds,
        exclusive_group: project.exclusiveGroup,
        funding_sources: project.fundingSourceIds,
        status: project.status,
        benefit_override: project.benefitOverride,
        owner_sphere: ownerOf(project, dataset.municipalities).sphere,
        owner_name: ownerOf(project, dataset.municipalities).name,
        operating_cost_rand_per_year: project.operatingCostRandPerYear,
        facility_type: project.facilityType,
        blocks_offered: project.blocksOffered,
        anchor_departments: project.anchorDepartments,
        population_within_reach: project.populationWithinReach,
        illustrative: project.illustrative,
        origin: project.origin ?? null,
        generated_fingerprint: project.generatedFingerprint ?? null,
      };
    }),
  keyColumns: ['project_id'],
  municipalityColumn: 'municipality_code',
  ownerColumns: { sphere: 'owner_sphere', name: 'owner_name' },
  returnForm: {
    sheetName: 'Projects',
    blankRowsPerMunicipality: 30,
    purpose: 'the bulk water and sanitation projects of the municipality: correct a row, add a new project in an empty row, or take a project out by clearing its cells',
  },
};

const funding: TableDescription = {
  name: 'funding',
  columns: () => [
    { name: 'source_id', cell: { type: 'text' }, required: true, meaning: 'short id of the funding source, e.g. RBIG' },
    { name: 'source_name', cell: { type: 'text' }, required: true, meaning: 'name of the funding source' },
    { name: 'financial_year', cell: { type: 'financial-year' }, required: true, meaning: 'the financial year of the envelope' },
    { name: 'envelope_rand', cell: { type: 'number', minimum: 0 }, required: true, meaning: 'money available in that year, rand' },
    { name: 'carry_over', cell: { type: 'flag' }, required: true, meaning: 'yes when unspent money may be carried to the next year' },
    { name: 'purpose', cell: { type: 'choice', choices: FUNDING_PURPOSES }, required: false, meaning: 'capital (pays build cash flows; the default) or operating (pays running costs); the two never mix' },
    illustrativeColumn,
  ],
  // A source's illustrative flag is the OR of its rows, so every row of a source carries it.
  typedRows: (dataset) =>
    dataset.fundingSources.flatMap((source) =>
      Object.entries(source.envelopeRandByYear)
        .map(([year, envelopeRand]) => ({ year: Number(year), envelopeRand }))
        .sort((first, second) => first.year - second.year)
        .map(({ year, envelopeRand }) => ({
          source_id: source.id,
          source_name: source.name,
          financial_year: year,
          envelope_rand: envelopeRand,
          carry_over: source.carryOver,
          purpose: source.purpose,
          illustrative: source.illustrative,
        })),
    ),
  keyColumns: ['source_id', 'financial_year'],
  municipalityColumn: null,
  returnForm: null,
};

/** The declared facility services' ids (services with blocks), for the facilities table's `service` choices. */
const facilityServiceIds = (config: ModelConfig): string[] => config.services.filter((service) => service.blocks.length > 0).map((service) => service.id);

const facilities: TableDescription = {
  name: 'facilities',
  columns: (config) => [
    { name: 'facility_id', cell: { type: 'text' }, required: true, meaning: 'unique id of the existing centre, e.g. WC011-T-E1' },
    municipalityCodeColumn,
    { name: 'service', cell: { type: 'choice', choices: facilityServiceIds(config) }, required: true, meaning: 'the facility service (a service with blocks in model.yaml), e.g. thusong' },
    { name: 'facility_name', cell: { type: 'text' }, required: true, meaning: 'name of the centre' },
    { name: 'facility_type', cell: { type: 'choice', choices: FACILITY_TYPES }, required: true, meaning: 'hub, satellite or mobile_route' },
    { name: 'year_opened', cell: { type: 'financial-year', pastUpToBase: true }, required: true, meaning: 'financial year it opened, no later than the first year of the plan' },
    { name: 'blocks_offered', cell: { type: 'id-list' }, required: false, meaning: 'the service-model blocks it offers, separated by ;' },
    { name: 'anchor_departments', cell: { type: 'id-list' }, required: false, meaning: 'anchor departments serving there, e.g. home_affairs;sassa (a centre without one does not count)' },
    { name: 'population_within_reach', cell: { type: 'number', minimum: 0 }, required: true, meaning: 'people living within reach of it' },
    illustrativeColumn,
  ],
  typedRows: (dataset) =>
    dataset.facilities.map((facility) => ({
      facility_id: facility.id,
      municipality_code: facility.municipalityCode,
      service: facility.service,
      facility_name: facility.name,
      facility_type: facility.facilityType,
      year_opened: facility.yearOpened,
      blocks_offered: facility.blocksOffered,
      anchor_departments: facility.anchorDepartments,
      population_within_reach: facility.populationWithinReach,
      illustrative: facility.illustrative,
    })),
  keyColumns: ['facility_id'],
  municipalityColumn: 'municipality_code',
  returnForm: {
    sheetName: 'Facilities',
    blankRowsPerMunicipality: 5,
    purpose: 'the centres already open in the municipality (Thusong and other facility services): correct a row, add a centre in an empty row, or take one out by clearing its cells',
  },
};

const assets: TableDescription = {
  name: 'assets',
  columns: (config) => [
    { name: 'asset_id', cell: { type: 'text' }, required: true, meaning: 'unique id of the bulk asset, e.g. WC044-WTW-01' },
    municipalityCodeColumn,
    { name: 'service', cell: { type: 'choice', choices: serviceIds(config) }, required: true, meaning: 'the bulk service the asset carries' },
    {
      name: 'asset_type',
      cell: { type: 'choice', choices: BULK_ASSET_TYPES },
      required: true,
      meaning: 'raw_water_source, water_treatment_works, bulk_water_pipeline, reservoir_storage, wastewater_treatment_works or bulk_sewer',
    },
    { name: 'asset_name', cell: { type: 'text' }, required: false, meaning: 'name of the works, source, main or reservoir, e.g. Outeniqua WTW' },
    { name: 'capacity_ml_per_day', cell: { type: 'number', minimum: 0 }, required: false, meaning: 'capacity in Ml/day (every type but reservoir_storage)' },
    { name: 'storage_ml', cell: { type: 'number', minimum: 0 }, required: false, meaning: 'storage in Ml (reservoir_storage only)' },
    { name: 'year_built', cell: { type: 'number', integer: true }, required: false, meaning: 'calendar year built; empty when not known' },
    { name: 'remaining_life_years', cell: { type: 'number', minimum: 0, integer: true }, required: false, meaning: 'years of useful life left from the base year; empty when not known' },
    { name: 'length_km', cell: { type: 'number', minimum: 0, exclusiveMinimum: true }, required: false, meaning: 'length in km (bulk pipelines and sewers)' },
    { name: 'source_arrangement', cell: { type: 'text' }, required: false, meaning: 'reservoirs: single_pumped_source, multiple_sources or gravity_source; empty = single_pumped_source' },
    illustrativeColumn,
  ],
  typedRows: (dataset) =>
    (dataset.assets ?? []).map((asset) => ({
      asset_id: asset.id,
      municipality_code: asset.municipalityCode,
      service: asset.service,
      asset_type: asset.assetType,
      asset_name: asset.name,
      capacity_ml_per_day: asset.capacityUnit === 'Ml/day' ? asset.capacity : null,
      storage_ml: asset.capacityUnit === 'Ml' ? asset.capacity : null,
      year_built: asset.yearBuilt,
      remaining_life_years: asset.remainingLifeYears,
      length_km: asset.lengthKm,
      source_arrangement: asset.sourceArrangement,
      illustrative: asset.illustrative,
    })),
  keyColumns: ['asset_id'],
  municipalityColumn: 'municipality_code',
  returnForm: {
    sheetName: 'Assets',
    blankRowsPerMunicipality: 10,
    purpose: 'the existing bulk works of the municipality (sources, treatment works, mains, reservoirs, sewers) and their capacities: correct a row, add an asset in an empty row, or take one out by clearing its cells',
  },
};

const projections: TableDescription = {
  name: 'projections',
  columns: () => [
    municipalityCodeColumn,
    { name: 'financial_year', cell: { type: 'financial-year' }, required: true, meaning: 'the financial year the figures are for (at its end)' },
    { name: 'population', cell: { type: 'number', minimum: 0 }, required: true, meaning: 'projected persons, e.g. from the Water Services Development Plan' },
    { name: 'households', cell: { type: 'number', minimum: 0 }, required: true, meaning: 'projected households' },
  ],
  typedRows: (dataset) =>
    (dataset.projections ?? []).map((row) => ({
      municipality_code: row.municipalityCode,
      financial_year: row.financialYear,
      population: row.population,
      households: row.households,
    })),
  keyColumns: ['municipality_code', 'financial_year'],
  municipalityColumn: 'municipality_code',
  returnForm: null,
};

/** Every table of a model, in the loader's order (TABLE_NAMES). */
export const TABLE_DESCRIPTIONS: readonly TableDescription[] = [municipalities, needs, indicators, projects, funding, facilities, assets, projections];

/** The description of a table by name. */
export function describeTable(name: TableName): TableDescription {
  const found = TABLE_DESCRIPTIONS.find((table) => table.name === name);
  if (found === undefined) throw new Error(`no description for table ${name}`);
  return found;
}

/** The tables a return form asks for, in form order (a form leaves out an optional table its model does not hold: see formTables). */
export function returnTables(): readonly (TableDescription & { readonly returnForm: ReturnFormTable })[] {
  return TABLE_DESCRIPTIONS.filter((table): table is TableDescription & { readonly returnForm: ReturnFormTable } => table.returnForm !== null);
}

/** The text the loader reads back as `value` for a cell of this kind. */
export function formatCell(value: TypedValue, cell: CellKind): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((item) => formatNumberOrText(item)).join(';');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (cell.type === 'financial-year' && typeof value === 'number') return formatFinancialYear(value);
  return formatNumberOrText(value as string | number);
}

/** Numbers as the shortest text that reads back as the same number (String never writes -0 or thousands separators). */
function formatNumberOrText(value: string | number): string {
  return typeof value === 'number' ? String(value) : value;
}

/** A table as header and text rows, ready to write or to store. */
export interface TableRows {
  /** Column names in written order. */
  readonly columns: readonly string[];
  /** Rows as text cells by column name. */
  readonly rows: readonly CellRow[];
}

/** A whole model as text: model.yaml and every table. This is what the database stores and what a model folder holds. */
export interface ModelTables {
  /** model.yaml text. */
  readonly configYaml: string;
  /** Every table by name. */
  readonly tables: Readonly<Record<TableName, TableRows>>;
}

/** The rows of a table of a Dataset as text. */
export function tableRowsOf(description: TableDescription, dataset: Dataset): TableRows {
  const typed = description.typedRows(dataset);
  const columns = description.columns(dataset.config).filter((column) => !column.omitWhenEmpty || typed.some((row) => (row[column.name] ?? null) !== null));
  return {
    columns: columns.map((column) => column.name),
    rows: typed.map((row) => Object.fromEntries(columns.map((column) => [column.name, formatCell(row[column.name] ?? null, column.cell)]))),
  };
}

/** Whose rows a form shows and a return replaces. */
export interface RowScope {
  /** Municipality codes. */
  readonly covers: readonly string[];
  /**
   * In a table with owner columns: a municipality's own rows (the municipal sphere), or a
   * department's (its name, in the provincial or national sphere); null for every row.
   */
  readonly owner: { readonly kind: 'municipality' } | { readonly kind: 'department'; readonly name: string } | null;
}

/** The scope of a return by who sent it: a municipality's own rows, a department's rows, or (kind null) every row of the municipalities. */
export function submitterScope(submitterKind: 'municipality' | 'department' | null, submitterId: string | null, covers: readonly string[]): RowScope {
  if (submitterKind === 'municipality') return { covers, owner: { kind: 'municipality' } };
  if (submitterKind === 'department') return { covers, owner: { kind: 'department', name: submitterId ?? '' } };
  return { covers, owner: null };
}

/** An owner name as compared: lower case, runs of spaces as one. */
function ownerNameKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** True when a row belongs to the owner of a scope (always, in a table without owner columns or a scope without an owner). */
export function ownedInScope(description: TableDescription, row: CellRow, scope: RowScope): boolean {
  const columns = description.ownerColumns ?? null;
  if (columns === null || scope.owner === null) return true;
  // An empty sphere is the municipal sphere, as the loader reads it.
  const municipal = ['', 'municipal'].includes((row[columns.sphere] ?? '').trim().toLowerCase());
  if (scope.owner.kind === 'municipality') return municipal;
  return !municipal && ownerNameKey(row[columns.name] ?? '') === ownerNameKey(scope.owner.name);
}

/** True when a row is in a scope: of a covered municipality, and of the scope's owner. */
export function rowInScope(description: TableDescription, row: CellRow, scope: RowScope): boolean {
  const column = description.municipalityColumn;
  if (column === null) return false;
  return scope.covers.includes(row[column] ?? '') && ownedInScope(description, row, scope);
}

/** True when a table is written: every table a model needs, and an optional one only when it has rows. */
export function isTableWritten(name: TableName, table: TableRows | undefined): table is TableRows {
  return table !== undefined && (!isOptionalTable(name) || table.rows.length > 0);
}

/** The tables a model's files hold, in TABLE_NAMES order: every required table, and an optional one only when it has rows. */
export function writtenTableNames(model: ModelTables): TableName[] {
  return TABLE_NAMES.filter((name) => isTableWritten(name, model.tables[name]));
}

/** The key of a row, e.g. `WC044-W-01` or `WC044|water`. */
export function rowKey(description: TableDescription, row: CellRow): string {
  return description.keyColumns.map((column) => row[column] ?? '').join('|');
}

/** SHA-256 (hex) of a model's content: model.yaml text and every table's columns and rows in order. */
export function modelTablesSha256(model: ModelTables): string {
  const content = {
    configYaml: model.configYaml,
    // An empty optional table is no content, so models without one keep their hash.
    tables: writtenTableNames(model).map((name) => [name, model.tables[name].columns, model.tables[name].rows.map((row) => model.tables[name].columns.map((column) => row[column] ?? ''))]),
  };
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}
