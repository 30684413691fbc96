/**
 * zod strict schemas for the shape of each table row (see docs/data-format.md), and the function
 * that applies one to every row of a RawTable, turning zod issues into located DataProblems.
 */
import { z } from 'zod';
import {
  MISSING_COLUMN,
  illustrativeFlag,
  optionalIdList,
  optionalNumber,
  optionalNumberList,
  optionalText,
  requiredChoice,
  requiredFinancialYear,
  requiredFlag,
  requiredIdList,
  requiredNumber,
  requiredText,
} from './cells.js';
import type { DataProblem } from './problems.js';
import type { RawTable } from './read-table.js';
import { MIIF_CATEGORIES, SERVICES } from './types.js';

/** The five tables of a model, in the order they are read and reported. */
export const TABLE_NAMES = ['municipalities', 'needs', 'indicators', 'projects', 'funding'] as const;
/** One of the model's tables. */
export type TableName = (typeof TABLE_NAMES)[number];

/** Project register statuses. */
export const PROJECT_STATUSES = ['candidate', 'committed', 'excluded'] as const;

/** A row of municipalities.csv. */
export const municipalityRowSchema = z.strictObject({
  municipality_code: requiredText,
  municipality_name: requiredText,
  district_code: requiredText,
  district_name: requiredText,
  province: requiredText,
  miif_category: requiredChoice(MIIF_CATEGORIES),
  population_2011: requiredNumber({ minimum: 0, integer: true }),
  population_2022: requiredNumber({ minimum: 0, integer: true }),
  households_2011: requiredNumber({ minimum: 0, integer: true }),
  households_2022: requiredNumber({ minimum: 0, integer: true }),
  growth_rate_percent_per_year: requiredNumber(),
  illustrative: illustrativeFlag,
});

/** A row of needs.csv. */
export const needRowSchema = z.strictObject({
  municipality_code: requiredText,
  service: requiredChoice(SERVICES),
  backlog_households: requiredNumber({ minimum: 0 }),
  treatment_capacity_ml_per_day: optionalNumber(null, { minimum: 0 }),
  demand_ml_per_day: optionalNumber(null, { minimum: 0 }),
  illustrative: illustrativeFlag,
});

/**
 * A row of indicators.csv. Indicator columns depend on model.yaml, so they are accepted here as
 * any extra numeric column and matched against the declarations by checkIndicatorColumns.
 */
export const indicatorRowSchema = z
  .object({
    municipality_code: requiredText,
    illustrative: illustrativeFlag,
  })
  .catchall(requiredNumber());

/** A row of projects.csv. */
export const projectRowSchema = z.strictObject({
  project_id: requiredText,
  municipality_code: requiredText,
  service: requiredChoice(SERVICES),
  project_type: requiredText,
  description: requiredText,
  capex_rand: requiredNumber({ minimum: 0, exclusiveMinimum: true }),
  cashflow_percent: optionalNumberList({ minimum: 0 }),
  cashflow_rand: optionalNumberList({ minimum: 0 }),
  households_served: optionalNumber(0, { minimum: 0 }),
  capacity_added_ml_per_day: optionalNumber(0, { minimum: 0 }),
  earliest_start_year: requiredFinancialYear,
  latest_start_year: requiredFinancialYear,
  prerequisites: optionalIdList,
  exclusive_group: optionalText,
  funding_sources: requiredIdList,
  status: requiredChoice(PROJECT_STATUSES),
  benefit_override: optionalNumber(null, { minimum: 0 }),
  illustrative: illustrativeFlag,
});

/** A row of funding.csv: one source's envelope in one financial year. */
export const fundingRowSchema = z.strictObject({
  source_id: requiredText,
  source_name: requiredText,
  financial_year: requiredFinancialYear,
  envelope_rand: requiredNumber({ minimum: 0 }),
  carry_over: requiredFlag,
  illustrative: illustrativeFlag,
});

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

/**
 * Validate every row of a table with a row schema. Problems about the header (missing or unknown
 * columns) are reported once, on the header row, rather than once per data row.
 */
export function parseTableRows<Schema extends z.ZodType<unknown, Record<string, string>>>(
  table: RawTable,
  schema: Schema,
  columnsForSuggestions: readonly string[] = schema instanceof z.ZodObject ? knownColumns(schema) : [],
): { rows: Located<z.output<Schema>>[]; problems: DataProblem[] } {
  const rows: Located<z.output<Schema>>[] = [];
  const problems: DataProblem[] = [];
  const headerProblemKeys = new Set<string>();
  const addHeaderProblem = (column: string, message: string): void => {
    if (headerProblemKeys.has(column)) return;
    headerProblemKeys.add(column);
    problems.push({ file: table.file, row: table.headerRow, column, message });
  };
  for (const rawRow of table.rows) {
    const result = schema.safeParse(rawRow.cells);
    if (result.success) {
      rows.push({ file: table.file, row: rawRow.row, value: result.data });
      continue;
    }
    for (const issue of result.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          const suggestion = suggestColumn(key, columnsForSuggestions);
          addHeaderProblem(key, suggestion !== '' ? `unknown column${suggestion}` : `unknown column; expected only ${columnsForSuggestions.join(', ')}`);
        }
        continue;
      }
      const column = issue.path.length > 0 ? String(issue.path[0]) : null;
      if (column !== null && issue.message === MISSING_COLUMN) {
        addHeaderProblem(column, `${MISSING_COLUMN}; add it to the header row`);
        continue;
      }
      problems.push({ file: table.file, row: rawRow.row, column, message: issue.message });
    }
  }
  return { rows, problems };
}
