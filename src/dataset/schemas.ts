/**
 * zod strict schemas for the shape of each table row (see docs/data-format.md), and the function
 * that applies one to every row of a RawTable, turning zod issues into located DataProblems.
 */
import { z } from 'zod';
import {
  MISSING_COLUMN,
  illustrativeFlag,
  optionalId,
  optionalIdList,
  optionalNumber,
  optionalChoice,
  optionalNumberList,
  optionalText,
  parseNumberText,
  requiredChoice,
  requiredFinancialYear,
  requiredFlag,
  requiredId,
  requiredIdList,
  requiredNumber,
  requiredText,
} from './cells.js';
import { quoteValue, type DataProblem } from '../errors/problems.js';
import type { RawTable } from './read-table.js';
import type { NumberKindName } from './limits.js';
import { BULK_ASSET_TYPES, DEFAULT_SERVICES, FACILITY_TYPES, FUNDING_PURPOSES, MIIF_CATEGORIES, OWNER_SPHERES, type NeedUnit, type ServiceDeclaration } from './types.js';

/** The tables of a model, in the order they are read and reported: five every model has, then the optional ones. */
export const TABLE_NAMES = ['municipalities', 'needs', 'indicators', 'projects', 'funding', 'facilities', 'assets', 'projections'] as const;
/** One of the model's tables. */
export type TableName = (typeof TABLE_NAMES)[number];
/**
 * Tables a model may leave out (then they have no rows): facilities (only a model with a facility
 * service needs them), bulk assets (without them the master plan takes the treatment capacity of
 * needs.csv as one works per service) and an explicit projection. A writer leaves an empty optional
 * table out, so models without one keep their files.
 */
export const OPTIONAL_TABLE_NAMES: ReadonlySet<TableName> = new Set<TableName>(['facilities', 'assets', 'projections']);
/** True for a table a model may leave out. */
export function isOptionalTable(name: TableName): boolean {
  return OPTIONAL_TABLE_NAMES.has(name);
}
/** The tables every model must have. */
export const REQUIRED_TABLE_NAMES: readonly TableName[] = TABLE_NAMES.filter((name) => !isOptionalTable(name));

/** Project register statuses. */
export const PROJECT_STATUSES = ['candidate', 'committed', 'excluded'] as const;

/** A row of municipalities.csv. */
export const municipalityRowSchema = z.strictObject({
  municipality_code: requiredId,
  municipality_name: requiredText,
  district_code: requiredId,
  district_name: requiredText,
  province: requiredId,
  miif_category: requiredChoice(MIIF_CATEGORIES),
  population_2011: requiredNumber('personCount'),
  population_2022: requiredNumber('personCount'),
  households_2011: requiredNumber('householdCount'),
  households_2022: requiredNumber('householdCount'),
  growth_rate_percent_per_year: requiredNumber('growthPercentPerYear'),
  illustrative: illustrativeFlag,
});

/** The number kind (src/dataset/limits.ts) of a backlog in each need unit. */
const BACKLOG_NUMBER_KIND: Readonly<Record<NeedUnit, NumberKindName>> = { households: 'households', people: 'persons', ml_per_day: 'mlPerDay' };

/** The `service` cell: one of the model's declared services, or any id when model.yaml could not be read. */
function serviceCell(services: readonly ServiceDeclaration[] | null): z.ZodType<string, string> {
  return services === null ? requiredId : requiredChoice(services.map((service) => service.id));
}

/** A column that must be in the header but whose cell may be empty (null), as a number of a kind. */
function presentColumnOptionalNumber(kind: NumberKindName) {
  return z.string({ error: MISSING_COLUMN }).transform((text, context): number | null => {
    if (text === '') return null;
    const parsed = parseNumberText(text, kind);
    if (typeof parsed === 'string') {
      context.issues.push({ code: 'custom', message: parsed, input: text });
      return z.NEVER;
    }
    return parsed;
  });
}

/** A row of needs.csv: the fixed columns plus each backlog column the services name (by name, a number or null). */
export interface NeedRow {
  readonly municipality_code: string;
  readonly service: string;
  readonly treatment_capacity_ml_per_day: number | null;
  readonly demand_ml_per_day: number | null;
  readonly illustrative: boolean;
  readonly [backlogColumn: string]: string | number | boolean | null;
}

/**
 * The row schema of needs.csv for a model's services (null when model.yaml could not be read: the
 * default backlog column and any service id). With one backlog column for every service (the
 * usual case, `backlog_households`), its cell is required; with several, each column must be in
 * the header and checkServiceBacklogs requires the cell of each row's own service.
 */
export function needRowSchemaFor(services: readonly ServiceDeclaration[] | null): z.ZodType<NeedRow, Record<string, string>> {
  const kinds = new Map<string, NumberKindName>();
  for (const service of services ?? DEFAULT_SERVICES) if (!kinds.has(service.backlogColumn)) kinds.set(service.backlogColumn, BACKLOG_NUMBER_KIND[service.needUnit]);
  const backlog = Object.fromEntries([...kinds].map(([column, kind]) => [column, kinds.size === 1 ? requiredNumber(kind) : presentColumnOptionalNumber(kind)]));
  return z.strictObject({
    municipality_code: requiredId,
    service: serviceCell(services),
      ...backlog,
      treatment_capacity_ml_per_day: optionalNumber(null, 'mlPerDay'),
      demand_ml_per_day: optionalNumber(null, 'mlPerDay'),
      illustrative: illustrativeFlag,
    }) as unknown as z.ZodType<NeedRow, Record<string, string>>;
  }

  /** The needs.csv row schema of a model with the default services (water and sanitation). */
  export const needRowSchema = needRowSchemaFor(DEFAULT_SERVICES) as unknown as z.ZodObject;

  /**
   * A row of indicators.csv. Indicator columns depend on model.yaml, so they are accepted here as
   * any extra numeric column and matched against the declarations by checkIndicatorColumns.
   */
  export const indicatorRowSchema = z
    .object({
      municipality_code: requiredId,
      illustrative: illustrativeFlag,
    })
    .catchall(requiredNumber('indicatorValue'));

  /** The row schema of projects.csv for a model's services (null when model.yaml could not be read: any service id). */
  export function projectRowSchemaFor(services: readonly ServiceDeclaration[] | null) {
    return z.strictObject({
      project_id: requiredId,
      municipality_code: requiredId,
      service: serviceCell(services),
    project_type: requiredText,
    description: requiredText,
    capex_rand: requiredNumber('positiveRand'),
    cashflow_percent: optionalNumberList('percentOfTotal'),
    cashflow_rand: optionalNumberList('rand'),
    households_served: optionalNumber(0, 'households'),
    capacity_added_ml_per_day: optionalNumber(0, 'mlPerDay'),
    earliest_start_year: requiredFinancialYear,
    latest_start_year: requiredFinancialYear,
    prerequisites: optionalIdList,
    exclusive_group: optionalId,
    funding_sources: requiredIdList,
    status: requiredChoice(PROJECT_STATUSES),
    benefit_override: optionalNumber(null, 'benefitPoints'),
    owner_sphere: optionalChoice(OWNER_SPHERES, null),
    owner_name: optionalText,
    operating_cost_rand_per_year: optionalNumber(0, 'randPerYear'),
    facility_type: optionalChoice(FACILITY_TYPES, null),
    blocks_offered: optionalIdList,
    anchor_departments: optionalIdList,
    population_within_reach: optionalNumber(0, 'persons'),
    illustrative: illustrativeFlag,
    // Optional: where the row came from (empty: the file does not say, i.e. the planner's).
    origin: z.string().optional().transform((text, context): 'planner' | 'masterplan' | null => {
      if (text === undefined || text === '') return null;
      if (text === 'planner' || text === 'masterplan') return text;
      context.issues.push({ code: 'custom', message: `expected planner or masterplan, found ${quoteValue(text)}`, input: text });
      return z.NEVER;
    }),
    // Optional: the digest the master plan wrote with a generated row (src/dataset/generated-fingerprint.ts); empty for the planner's rows.
    generated_fingerprint: optionalText,
  });
}

/** The row schema of assets.csv for a model's services (null when model.yaml could not be read). */
export function assetRowSchemaFor(services: readonly ServiceDeclaration[] | null) {
  return z.strictObject({
    asset_id: requiredId,
    municipality_code: requiredId,
    service: serviceCell(services),
    asset_type: requiredChoice(BULK_ASSET_TYPES),
    asset_name: optionalText,
    capacity_ml_per_day: optionalNumber(null, 'mlPerDay'),
    storage_ml: optionalNumber(null, 'storageMl'),
    year_built: optionalNumber(null, 'calendarYear'),
    remaining_life_years: optionalNumber(null, 'planningYears'),
    length_km: optionalNumber(null, 'lengthKm'),
    source_arrangement: optionalId,
    illustrative: illustrativeFlag,
  });
}

/** A row of projections.csv: one municipality's projected persons and households at the end of a financial year. */
export const projectionRowSchema = z.strictObject({
  municipality_code: requiredId,
  financial_year: requiredFinancialYear,
  population: requiredNumber('persons'),
  households: requiredNumber('households'),
});

/** The projects.csv row schema of a model with the default services. */
export const projectRowSchema = projectRowSchemaFor(DEFAULT_SERVICES);

/** A row of funding.csv: one source's envelope in one financial year. */
export const fundingRowSchema = z.strictObject({
  source_id: requiredId,
  source_name: requiredText,
  financial_year: requiredFinancialYear,
  envelope_rand: requiredNumber('rand'),
  carry_over: requiredFlag,
  purpose: optionalChoice(FUNDING_PURPOSES, 'capital'),
  illustrative: illustrativeFlag,
});

/** The row schema of facilities.csv (existing centres of a facility service) for a model's services. */
export function facilityRowSchemaFor(services: readonly ServiceDeclaration[] | null) {
  return z.strictObject({
    facility_id: requiredId,
    municipality_code: requiredId,
    service: serviceCell(services),
    facility_name: requiredText,
    facility_type: requiredChoice(FACILITY_TYPES),
    year_opened: requiredFinancialYear,
    blocks_offered: optionalIdList,
    anchor_departments: optionalIdList,
    population_within_reach: requiredNumber('persons'),
    illustrative: illustrativeFlag,
  });
}

/** A parsed row with where it came from, so cross-table checks can point at it. */
export interface Located<Row> {
  /** File label of the table. */
  readonly file: string;
  /** Spreadsheet row number. */
  readonly row: number;
  /** The parsed row. */
  readonly value: Row;
}

/** Column names a schema knows, for suggesting a fix when a header has a typo. */
function knownColumns(schema: z.ZodObject): string[] {
  return Object.keys(schema.shape);
}

/** Edit distance between two short strings, used only to suggest a likely intended column name. */
function editDistance(first: string, second: string): number {
  let previous = Array.from({ length: second.length + 1 }, (_, index) => index);
  for (let i = 1; i <= first.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= second.length; j += 1) {
      const substitution = previous[j - 1] + (first[i - 1] === second[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[second.length];
}

/** ` (did you mean x?)` when a known column is close to the unknown one, else ''. */
export function suggestColumn(unknown: string, known: readonly string[]): string {
  const lower = unknown.toLowerCase().replace(/[\s-]+/g, '_');
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(lower, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(best.length / 4)) ? ` (did you mean ${best}?)` : '';
}

/** Unknown columns beyond this many are listed as one problem rather than one each. */
const UNKNOWN_COLUMNS_LISTED_ONE_BY_ONE = 5;

/**
 * Problems of the header itself: required columns missing, unknown columns. Judged from the header
 * alone, once, because every row would fail the same way (and a table of 200 000 rows would say so
 * 200 000 times).
 */
function headerColumnProblems(table: RawTable, schema: z.ZodType, columnsForSuggestions: readonly string[]): DataProblem[] {
  if (!(schema instanceof z.ZodObject)) return [];
  const problems: DataProblem[] = [];
  const shape = schema.shape as Record<string, z.ZodType>;
  const present = new Set(table.headers);
  for (const [column, cellSchema] of Object.entries(shape)) {
    // A cell schema that accepts an absent value belongs to an optional column.
    if (!present.has(column) && !cellSchema.safeParse(undefined).success) {
      problems.push({ file: table.file, row: table.headerRow, column, message: `${MISSING_COLUMN}; add it to the header row` });
    }
  }
  // A schema with a catchall (indicators) takes any further column; the declared ones are checked elsewhere.
  if (schema.def.catchall !== undefined && !(schema.def.catchall instanceof z.ZodNever)) return problems;
  const unknown = table.headers.filter((header) => header !== '' && !Object.hasOwn(shape, header));
  if (unknown.length <= UNKNOWN_COLUMNS_LISTED_ONE_BY_ONE) {
    for (const column of unknown) {
      const suggestion = suggestColumn(column, columnsForSuggestions);
      problems.push({
        file: table.file,
        row: table.headerRow,
        column,
        message: suggestion !== '' ? `unknown column${suggestion}` : `unknown column; expected only ${columnsForSuggestions.join(', ')}`,
      });
    }
  } else {
    const listed = unknown.slice(0, UNKNOWN_COLUMNS_LISTED_ONE_BY_ONE).map((column) => quoteValue(column)).join(', ');
    problems.push({
      file: table.file,
      row: table.headerRow,
      column: null,
      message: `${unknown.length.toLocaleString('en-GB')} unknown columns (${listed}, …); expected only ${columnsForSuggestions.join(', ')}`,
    });
  }
  return problems;
}

/**
 * Validate every row of a table with a row schema. Problems about the header (missing or unknown
 * columns) are reported once, on the header row, and then no row is judged, since each would
 * only repeat them. Rows the reader rejected are not judged either (their problem is reported).
 */
export function parseTableRows<Schema extends z.ZodType<unknown, Record<string, string>>>(
  table: RawTable,
  schema: Schema,
  columnsForSuggestions: readonly string[] = schema instanceof z.ZodObject ? knownColumns(schema) : [],
): { rows: Located<z.output<Schema>>[]; problems: DataProblem[] } {
  const rows: Located<z.output<Schema>>[] = [];
  const problems = headerColumnProblems(table, schema, columnsForSuggestions);
  if (problems.length > 0) return { rows, problems };
  for (const rawRow of table.rows) {
    if (rawRow.rejected) continue;
    const result = schema.safeParse(rawRow.cells);
    if (result.success) {
      rows.push({ file: table.file, row: rawRow.row, value: result.data });
      continue;
    }
    for (const issue of result.error.issues) {
      const column = issue.path.length > 0 ? String(issue.path[0]) : null;
      problems.push({ file: table.file, row: rawRow.row, column, message: issue.message });
    }
  }
  return { rows, problems };
}
