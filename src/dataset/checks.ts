/**
 * Cross-table checks: rules that need more than one row or more than one table. Each is a named
 * function returning every problem it finds, so loadModel can report them all at once and tests
 * can exercise one rule at a time.
 */
import path from 'node:path';
import { suggestId } from './suggest.js';
import type { z } from 'zod';
import { formatFinancialYear } from './financial-year.js';
import { MAX_ID_CHARACTERS } from './limits.js';
import { followingFrom, type DataProblem } from '../errors/problems.js';
import type { RawTable } from './read-table.js';
import type { Located, NeedRow, TableName, assetRowSchemaFor, facilityRowSchemaFor, fundingRowSchema, indicatorRowSchema, municipalityRowSchema, projectRowSchema, projectionRowSchema } from './schemas.js';
import { horizonOf, inHorizon } from './horizon.js';
import { DEFAULT_SERVICES, type FundingPurpose, type ModelConfig } from './types.js';

/** A municipalities.csv row after shape validation. */
export type MunicipalityRow = z.output<typeof municipalityRowSchema>;
/** A needs.csv row after shape validation. */
export type { NeedRow };
/** An indicators.csv row after shape validation. */
export type IndicatorTableRow = z.output<typeof indicatorRowSchema>;
/** A projects.csv row after shape validation. */
export type ProjectRow = z.output<typeof projectRowSchema>;
/** A funding.csv row after shape validation. */
export type FundingRow = z.output<typeof fundingRowSchema>;
/** A facilities.csv row after shape validation. */
export type FacilityRow = z.output<ReturnType<typeof facilityRowSchemaFor>>;
/** An assets.csv row after shape validation. */
export type AssetTableRow = z.output<ReturnType<typeof assetRowSchemaFor>>;
/** A projections.csv row after shape validation. */
export type ProjectionTableRow = z.output<typeof projectionRowSchema>;

/** Everything the cross-table checks look at. A table that could not be read is null; rows that failed shape validation are absent. */
export interface ParsedModel {
  /** model.yaml, or null when it is invalid. */
  readonly config: ModelConfig | null;
  /** The tables as read, for header checks and for ids in rows that failed shape validation. */
  readonly rawTables: Readonly<Partial<Record<'municipalities' | 'needs' | 'indicators' | 'projects' | 'funding' | 'facilities' | 'assets' | 'projections', RawTable>>>;
  /** Valid municipality rows. */
  readonly municipalities: readonly Located<MunicipalityRow>[];
  /** Valid needs rows. */
  readonly needs: readonly Located<NeedRow>[];
  /** Valid indicator rows. */
  readonly indicators: readonly Located<IndicatorTableRow>[];
  /** Valid project rows. */
  readonly projects: readonly Located<ProjectRow>[];
  /** Valid funding rows. */
  readonly funding: readonly Located<FundingRow>[];
  /** Valid facilities rows (none when the model has no facilities.csv). */
  readonly facilities: readonly Located<FacilityRow>[];
  /** Valid asset rows (none when the model has no assets table). */
  readonly assets?: readonly Located<AssetTableRow>[];
  /** Valid projection rows (none when the model has no projections table). */
  readonly projections?: readonly Located<ProjectionTableRow>[];
}

/** Differences below this are rounding, not mistakes (percent points and rand alike). */
export const CASH_FLOW_TOLERANCE = 0.01;

/**
 * Ids present in a raw table column, including rows that failed shape validation, so that one bad
 * cell in a municipality row does not also make every reference to that municipality an error.
 */
function rawIds(table: RawTable | undefined, column: string): Set<string> | null {
  // An empty or headless table is already reported; judging references against it would only add noise.
  if (!table || table.rows.length === 0 || !table.headers.includes(column)) return null;
  const ids = new Set<string>();
  for (const row of table.rows) {
    const id = row.cells[column];
    // A row whose id is missing or unusable (reported on that row) may be the very one referred
    // to, so no reference can be called unknown until it is fixed.
    if (id === '' || id.length > MAX_ID_CHARACTERS) return null;
    ids.add(id);
  }
  return ids;
}

/**
 * How a message names the table a reference must be found in, so the reader knows which file to
 * open: `municipalities.csv (models/x/municipalities.csv)`, or for a workbook
 * `the municipalities sheet (models/x/model.xlsx)`.
 */
export function tableWords(table: RawTable | undefined, name: string): string {
  if (table === undefined) return `${name}.csv`;
  const sheet = /^(.*) \[([^\]]+)\]$/.exec(table.file);
  if (sheet !== null) return `the ${sheet[2]} sheet (${sheet[1]})`;
  return `${path.basename(table.file)} (${table.file})`;
}

/** The message for a municipality code that municipalities does not hold: which file to add it to, or to correct the code. */
export function unknownMunicipalityMessage(model: ParsedModel, code: string, known: ReadonlySet<string>): string {
  return `municipality ${code} is not in ${tableWords(model.rawTables.municipalities, 'municipalities')}: add a row for it there, or correct the code${suggestId(code, known)}`;
}

/** needs, indicators and projects must name municipalities that exist in municipalities.csv. */
export function checkUnknownMunicipality(model: ParsedModel): DataProblem[] {
  const known = rawIds(model.rawTables.municipalities, 'municipality_code');
  if (known === null) return [];
  const problems: DataProblem[] = [];
  for (const located of [...model.needs, ...model.indicators, ...model.projects]) {
    const code = located.value.municipality_code;
    if (!known.has(code)) {
      problems.push({ file: located.file, row: located.row, column: 'municipality_code', message: unknownMunicipalityMessage(model, code, known) });
    }
  }
  return problems;
}

/** The rows of `rows` whose key an earlier row already used (each reported by `duplicates`). */
function duplicateRows<Row>(rows: readonly Located<Row>[], key: (row: Row) => string): Located<Row>[] {
  const seen = new Set<string>();
  return rows.filter((located) => {
    const value = key(located.value);
    if (seen.has(value)) return true;
    seen.add(value);
    return false;
  });
}

/** True when `text` is within a typo of `id` (the test of suggestId, for one id): WC01l or WC012 for WC011. */
function withinATypo(text: string, id: string): boolean {
  return text !== id && suggestId(text, [id]) !== '';
}

/** Report every row whose key was already used by an earlier row. */
function duplicates<Row>(rows: readonly Located<Row>[], key: (row: Row) => string, column: string, describe: (key: string) => string): DataProblem[] {
  const firstRow = new Map<string, number>();
  const problems: DataProblem[] = [];
  for (const located of rows) {
    const value = key(located.value);
    const earlier = firstRow.get(value);
    if (earlier === undefined) firstRow.set(value, located.row);
    else problems.push({ file: located.file, row: located.row, column, message: `${describe(value)} already appears in row ${earlier}; ids must be unique` });
  }
  return problems;
}

/** Municipality codes, project ids, indicator rows per municipality and funding source×year rows must each be unique. */
export function checkDuplicateIds(model: ParsedModel): DataProblem[] {
  return [
    ...duplicates(model.municipalities, (row) => row.municipality_code, 'municipality_code', (code) => `municipality ${code}`),
    ...duplicates(model.indicators, (row) => row.municipality_code, 'municipality_code', (code) => `indicator row for ${code}`),
    ...duplicates(model.projects, (row) => row.project_id, 'project_id', (id) => `project ${id}`),
    ...duplicates(
      model.funding,
      (row) => `${row.source_id} ${formatFinancialYear(row.financial_year)}`,
      'financial_year',
      (key) => `envelope for ${key}`,
    ),
  ];
}

/** Every prerequisite id must be a project in the register. */
export function checkPrerequisiteExists(model: ParsedModel): DataProblem[] {
  const known = rawIds(model.rawTables.projects, 'project_id');
  if (known === null) return [];
  const problems: DataProblem[] = [];
  for (const located of model.projects) {
    for (const prerequisite of located.value.prerequisites) {
      if (!known.has(prerequisite)) {
        problems.push({
          file: located.file,
          row: located.row,
          column: 'prerequisites',
          message: `prerequisite ${prerequisite} is not a project in ${tableWords(model.rawTables.projects, 'projects')}: add a row for it there, or correct the id${suggestId(prerequisite, known)}`,
        });
      }
    }
  }
  return problems;
}

/** Prerequisites must not loop back: a cycle can never start. Each cycle is named, project by project. */
export function checkPrerequisiteCycles(model: ParsedModel): DataProblem[] {
  // A duplicated id is reported by the duplicate check; which row's prerequisites it has is
  // ambiguous, and guessing produces false cycles (a renamed copy "needing itself"), so it is left out.
  const rowsById = new Map<string, number>();
  for (const located of model.projects) rowsById.set(located.value.project_id, (rowsById.get(located.value.project_id) ?? 0) + 1);
  const byId = new Map(model.projects.filter((located) => rowsById.get(located.value.project_id) === 1).map((located) => [located.value.project_id, located]));
  const state = new Map<string, 'visiting' | 'done'>();
  const problems: DataProblem[] = [];
  const reported = new Set<string>();
  const stack: string[] = [];
  const visit = (id: string): void => {
    state.set(id, 'visiting');
    stack.push(id);
    for (const prerequisite of byId.get(id)?.value.prerequisites ?? []) {
      if (!byId.has(prerequisite)) continue;
      const prerequisiteState = state.get(prerequisite);
      if (prerequisiteState === 'visiting') {
        const cycle = stack.slice(stack.indexOf(prerequisite));
        const key = [...cycle].sort().join(' ');
        if (!reported.has(key)) {
          reported.add(key);
          // Point at the cycle member that comes first in the file, and name the loop from there.
          const first = cycle.reduce((best, member) => (byId.get(member)!.row < byId.get(best)!.row ? member : best));
          const rotated = [...cycle.slice(cycle.indexOf(first)), ...cycle.slice(0, cycle.indexOf(first)), first];
          const located = byId.get(first)!;
          problems.push({
            file: located.file,
            row: located.row,
            column: 'prerequisites',
            message: `prerequisites form a cycle ${rotated.join(' → ')} (each needs the next), so none of them can start`,
          });
        }
      } else if (prerequisiteState === undefined) {
        visit(prerequisite);
      }
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const id of byId.keys()) if (!state.has(id)) visit(id);
  return problems;
}

/** Exactly one of cashflow_percent and cashflow_rand, summing to 100 or to capex_rand. */
export function checkCashFlowTotals(model: ParsedModel): DataProblem[] {
  const problems: DataProblem[] = [];
  for (const { file, row, value } of model.projects) {
    const { cashflow_percent: percent, cashflow_rand: rand } = value;
    if (percent === null && rand === null) {
      problems.push({ file, row, column: 'cashflow_percent', message: 'no cash flow; give cashflow_percent (e.g. 30;50;20) or cashflow_rand' });
    } else if (percent !== null && rand !== null) {
      problems.push({ file, row, column: 'cashflow_rand', message: 'both cashflow_percent and cashflow_rand are given; keep only one' });
    } else if (percent !== null) {
      const total = percent.reduce((sum, share) => sum + share, 0);
      if (Math.abs(total - 100) > CASH_FLOW_TOLERANCE) {
        problems.push({ file, row, column: 'cashflow_percent', message: `cash flow shares add up to ${round(total)}%, expected 100%` });
      }
    } else if (rand !== null) {
      const total = rand.reduce((sum, amount) => sum + amount, 0);
      if (Math.abs(total - value.capex_rand) > CASH_FLOW_TOLERANCE) {
        problems.push({ file, row, column: 'cashflow_rand', message: `cash flow adds up to R ${round(total)}, expected capex_rand R ${value.capex_rand}` });
      }
    }
  }
  return problems;
}

/** Trim floating-point noise from a number shown in a message. */
function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** earliest_start_year <= latest_start_year, and both inside the planning horizon. */
export function checkStartWindow(model: ParsedModel): DataProblem[] {
  const problems: DataProblem[] = [];
  const config = model.config;
  for (const { file, row, value } of model.projects) {
    const earliest = value.earliest_start_year;
    const latest = value.latest_start_year;
    // A year outside the horizon (a typo such as 2099/00) usually also reverses the window; it is
    // the cause, so it comes first and the reversed window is marked as following from it.
    let outside = false;
    if (config !== null) {
      const { firstYear: first, lastYear: last } = horizonOf(config);
      const horizon = `${formatFinancialYear(first)}–${formatFinancialYear(last)}`;
      for (const [column, year] of [
        ['earliest_start_year', earliest],
        ['latest_start_year', latest],
      ] as const) {
        if (year < first || year > last) {
          outside = true;
          problems.push({ file, row, column, message: `${formatFinancialYear(year)} is outside the planning horizon ${horizon}` });
        }
      }
    }
    if (earliest > latest) {
      const reversed: DataProblem = { file, row, column: 'latest_start_year', message: `latest start ${formatFinancialYear(latest)} is before earliest start ${formatFinancialYear(earliest)}` };
      problems.push(outside ? followingFrom(reversed, { file, row }) : reversed);
    }
  }
  return problems;
}

/** Funding source ids must exist in funding, and a fundable project needs a source with some money. */
export function checkFundingEligibility(model: ParsedModel): DataProblem[] {
  const known = rawIds(model.rawTables.funding, 'source_id');
  if (known === null) return [];
  const totalBySource = new Map<string, number>();
  const config = model.config;
  const operating = new Set(model.funding.filter(({ value }) => value.purpose === 'operating').map(({ value }) => value.source_id));
  // A source whose rows disagree on purpose (checkCarryOverConsistent reports the first row that
  // differs) makes what is said here about its purpose or money a consequence of that row.
  const mixedPurposeRow = new Map<string, Located<FundingRow>>();
  const firstPurpose = new Map<string, FundingPurpose>();
  for (const located of model.funding) {
    const purpose = firstPurpose.get(located.value.source_id);
    if (purpose === undefined) firstPurpose.set(located.value.source_id, located.value.purpose);
    else if (purpose !== located.value.purpose && !mixedPurposeRow.has(located.value.source_id)) mixedPurposeRow.set(located.value.source_id, located);
  }
  const fundingFile = tableWords(model.rawTables.funding, 'funding');
  for (const { value } of model.funding) {
    // Only capital money builds a project; an operating source's money never pays a cash flow.
    if (value.purpose === 'operating') continue;
    const inTheHorizon = config === null || inHorizon(horizonOf(config), value.financial_year);
    totalBySource.set(value.source_id, (totalBySource.get(value.source_id) ?? 0) + (inTheHorizon ? value.envelope_rand : 0));
  }
  const problems: DataProblem[] = [];
  for (const { file, row, value } of model.projects) {
    const unknown = value.funding_sources.filter((source) => !known.has(source));
    for (const source of unknown) {
      problems.push({ file, row, column: 'funding_sources', message: `funding source ${source} is not in ${fundingFile}: add its rows there (one per financial year), or correct the id${suggestId(source, known)}` });
    }
    if (unknown.length > 0 || value.status === 'excluded') continue;
    const mixed = value.funding_sources.map((source) => mixedPurposeRow.get(source)).find((located) => located !== undefined);
    const push = (problem: DataProblem): void => {
      problems.push(mixed === undefined ? problem : followingFrom(problem, { file: mixed.file, row: mixed.row }));
    };
    if (value.funding_sources.every((source) => operating.has(source))) {
      push({ file, row, column: 'funding_sources', message: `every source named (${value.funding_sources.join(', ')}) is an operating source; name at least one capital source to pay for building it` });
      continue;
    }
    if (value.operating_cost_rand_per_year > 0 && !value.funding_sources.some((source) => operating.has(source))) {
      push({
        file,
        row,
        column: 'funding_sources',
        message: `operating_cost_rand_per_year is ${value.operating_cost_rand_per_year} but none of its sources is an operating source (purpose operating in funding); name the envelope that pays its running costs`,
      });
    }
    // Only judge money when every source's rows were valid; otherwise the total is incomplete.
    if (value.funding_sources.every((source) => (totalBySource.get(source) ?? 0) <= 0) && model.funding.length === (model.rawTables.funding?.rows.length ?? 0)) {
      push({
        file,
        row,
        column: 'funding_sources',
        message: `none of its sources (${value.funding_sources.join(', ')}) has any money in the horizon, so the project can never be funded`,
      });
    }
  }
  return problems;
}

/** carry_over (and source_name) must be the same on every row of a funding source. */
export function checkCarryOverConsistent(model: ParsedModel): DataProblem[] {
  const first = new Map<string, Located<FundingRow>>();
  const problems: DataProblem[] = [];
  for (const located of model.funding) {
    const earlier = first.get(located.value.source_id);
    if (earlier === undefined) {
      first.set(located.value.source_id, located);
      continue;
    }
    if (earlier.value.carry_over !== located.value.carry_over) {
      const yesNo = (flag: boolean): string => (flag ? 'yes' : 'no');
      problems.push({
        file: located.file,
        row: located.row,
        column: 'carry_over',
        message: `carry_over is ${yesNo(located.value.carry_over)} here but ${yesNo(earlier.value.carry_over)} in row ${earlier.row} for ${located.value.source_id}; it must be the same in every row of a source`,
      });
    }
    if (earlier.value.purpose !== located.value.purpose) {
      problems.push({
        file: located.file,
        row: located.row,
        column: 'purpose',
        message: `purpose is ${located.value.purpose} here but ${earlier.value.purpose} in row ${earlier.row} for ${located.value.source_id}; a source pays for capital or for operating, in every row`,
      });
    }
    if (earlier.value.source_name !== located.value.source_name) {
      problems.push({
        file: located.file,
        row: located.row,
        column: 'source_name',
        message: `source_name differs from row ${earlier.row} (${JSON.stringify(earlier.value.source_name)}) for ${located.value.source_id}; use one name per source`,
      });
    }
  }
  return problems;
}

/** indicators.csv must have exactly the indicator columns declared in model.yaml. */
export function checkIndicatorColumns(model: ParsedModel): DataProblem[] {
  const table = model.rawTables.indicators;
  if (!table || model.config === null) return [];
  const declared = model.config.indicators.map((indicator) => indicator.id);
  const present = table.headers.filter((header) => header !== 'municipality_code' && header !== 'illustrative' && header !== '');
  const problems: DataProblem[] = [];
  for (const id of declared) {
    if (!present.includes(id)) {
      problems.push({ file: table.file, row: table.headerRow, column: id, message: 'indicator declared in model.yaml has no column; add it to the header row' });
    }
  }
  for (const header of present) {
    if (!declared.includes(header)) {
      problems.push({
        file: table.file,
        row: table.headerRow,
        column: header,
        message: `column is not an indicator declared in model.yaml (declared: ${declared.join(', ')})`,
      });
    }
  }
  return problems;
}

/** Every municipality needs one indicator row, since the indices rank every municipality. */
export function checkIndicatorRowsComplete(model: ParsedModel): DataProblem[] {
  const table = model.rawTables.indicators;
  const present = rawIds(table, 'municipality_code');
  if (!table || present === null) return [];
  // An indicator row already reported for its code (a municipality not in municipalities, or a
  // code used twice) whose code is a typo of the missing one is most likely that row.
  const known = rawIds(model.rawTables.municipalities, 'municipality_code');
  const suspects = [
    ...(known === null ? [] : model.indicators.filter(({ value }) => !known.has(value.municipality_code))),
    ...duplicateRows(model.indicators, (row) => row.municipality_code),
  ].sort((first, second) => first.row - second.row);
  return model.municipalities
    .filter(({ value }) => !present.has(value.municipality_code))
    .map(({ value }) => {
      const problem: DataProblem = { file: table.file, row: null, column: 'municipality_code', message: `no indicator row for municipality ${value.municipality_code}` };
      const cause = suspects.find((located) => withinATypo(located.value.municipality_code, value.municipality_code));
      return cause === undefined ? problem : followingFrom(problem, { file: cause.file, row: cause.row });
    });
}

/** needs has exactly one row per municipality and service. */
export function checkNeedsComplete(model: ParsedModel): DataProblem[] {
  const table = model.rawTables.needs;
  if (!table) return [];
  const problems = duplicates(model.needs, (row) => `${row.municipality_code} ${row.service}`, 'service', (key) => `${key.replace(' ', ' × ')} need`).map((problem) => ({
    ...problem,
    message: problem.message.replace('ids must be unique', 'give one row per municipality and service'),
  }));
  // Missing rows are judged from raw cells so a row with a bad number is not also reported missing.
  const cellsOf = (row: RawTable['rows'][number]): { code: string; service: string } => ({ code: row.cells.municipality_code ?? '', service: (row.cells.service ?? '').toLowerCase() });
  const present = new Set(table.rows.map((row) => `${cellsOf(row).code} ${cellsOf(row).service}`));
  const services = model.config?.services ?? DEFAULT_SERVICES;
  const serviceIds = new Set(services.map((service) => service.id));
  // Rows already reported that may be the missing row: a row rejected for a bad cell, a row
  // naming a municipality not in municipalities, a repeated municipality × service. (When no row
  // passed, the header is at fault and no row was judged, so none is a suspect for being invalid.)
  const validRows = new Set(model.needs.map((located) => located.row));
  const known = rawIds(model.rawTables.municipalities, 'municipality_code');
  const repeated = new Set(duplicateRows(model.needs, (row) => `${row.municipality_code} ${row.service}`).map((located) => located.row));
  // A rejected row with a known municipality and a declared service fills its own municipality ×
  // service (it counts as present), so it cannot be another's missing row.
  const fillsItsOwn = (row: RawTable['rows'][number]): boolean => known !== null && known.has(cellsOf(row).code) && serviceIds.has(cellsOf(row).service);
  const suspects = table.rows.filter(
    (row) =>
      (model.needs.length > 0 && !validRows.has(row.row) && !fillsItsOwn(row)) || (validRows.has(row.row) && known !== null && !known.has(cellsOf(row).code)) || repeated.has(row.row),
  );
  const couldBe = (row: RawTable['rows'][number], code: string, service: string): boolean => {
    const cells = cellsOf(row);
    const codeFits = cells.code === code || cells.code === '' || withinATypo(cells.code, code);
    return codeFits && (cells.service === service || !serviceIds.has(cells.service));
  };
  for (const { value } of model.municipalities) {
    const code = value.municipality_code;
    const missing = services.filter(({ id }) => !present.has(`${code} ${id}`));
    if (missing.length === 0) continue;
    // Rows of this municipality rejected for their service cell: when there are as many as rows
    // missing, every missing row may be one of them, and each is already reported on its row.
    const badService = suspects.filter((row) => cellsOf(row).code === code && !serviceIds.has(cellsOf(row).service));
    if (badService.length >= missing.length) continue;
    for (const { id } of missing) {
      const problem: DataProblem = { file: table.file, row: null, column: 'service', message: `no ${id} row for municipality ${code}; give one row per municipality and service` };
      const cause = suspects.find((row) => couldBe(row, code, id));
      problems.push(cause === undefined ? problem : followingFrom(problem, { file: table.file, row: cause.row }));
    }
  }
  return problems;
}

/**
 * With services counted in different backlog columns (households, people), each needs row holds
 * its backlog in its own service's column: that cell must not be empty. (With one backlog column
 * for every service the row schema already requires it.)
 */
export function checkServiceBacklogs(model: ParsedModel): DataProblem[] {
  const services = model.config?.services;
  if (services === undefined || new Set(services.map((service) => service.backlogColumn)).size <= 1) return [];
  const columnOf = new Map(services.map((service) => [service.id, service]));
  const problems: DataProblem[] = [];
  for (const { file, row, value } of model.needs) {
    const service = columnOf.get(value.service);
    if (service !== undefined && (value[service.backlogColumn] === null || value[service.backlogColumn] === undefined)) {
      problems.push({ file, row, column: service.backlogColumn, message: `required for a ${service.id} row; the cell is empty (the ${service.id} backlog, in ${service.needUnit.replace(/_/g, ' ')})` });
    }
  }
  return problems;
}

/** The backlog of each municipality and service counted in households, keyed `code|service`, with the needs row it was read from. */
function householdBacklogs(model: ParsedModel): Map<string, { readonly households: number; readonly row: number }> {
  const services = model.config?.services ?? DEFAULT_SERVICES;
  const backlogs = new Map<string, { households: number; row: number }>();
  for (const { row, value } of model.needs) {
    const service = services.find((declared) => declared.id === value.service);
    // Only a backlog counted in households can be compared with households_served; a Thusong
    // service counts people (its centres' people within reach), a bulk service Ml/day.
    if (service === undefined || service.needUnit !== 'households') continue;
    const households = value[service.backlogColumn];
    if (typeof households !== 'number') continue;
    backlogs.set(`${value.municipality_code}|${value.service}`, { households, row });
  }
  return backlogs;
}

/**
 * A project cannot bring more households to the basic level than its municipality's backlog for
 * its service holds: 999999 typed for 1200 would otherwise make every report count households that
 * do not exist. Checked for services counted in households only (see householdBacklogs).
 */
export function checkServedWithinBacklog(model: ParsedModel): DataProblem[] {
  const backlogs = householdBacklogs(model);
  const needsFile = model.rawTables.needs?.file ?? 'needs';
  const problems: DataProblem[] = [];
  for (const { file, row, value } of model.projects) {
    const backlog = backlogs.get(`${value.municipality_code}|${value.service}`);
    if (backlog === undefined || value.households_served <= backlog.households) continue;
    problems.push({
      file,
      row,
      column: 'households_served',
      message:
        `project ${value.project_id} serves ${value.households_served.toLocaleString('en-GB')} households, more than the ${backlog.households.toLocaleString('en-GB')} of ${value.municipality_code}'s ${value.service} backlog ` +
        `(${needsFile} row ${backlog.row}); households_served counts backlog households the project brings to the basic level`,
    });
  }
  return problems;
}

/**
 * Warnings, not problems: the projects of one municipality and service that one plan could fund
 * together (every candidate and committed project, but only the largest of an exclusive group)
 * serve more households than its backlog. Phases or alternatives may well overlap, so this is
 * no error; the reports count at most the backlog as served, and the warning says so. The warning
 * sits on the row of the last project counted.
 */
export function servedBeyondBacklogWarnings(model: ParsedModel): DataProblem[] {
  const backlogs = householdBacklogs(model);
  const replaced = rowsTheMasterPlanReplaces(model);
  const byKey = new Map<string, Located<ProjectRow>[]>();
  for (const located of model.projects) {
    if (located.value.status === 'excluded' || located.value.households_served <= 0 || replaced.has(located)) continue;
    const key = `${located.value.municipality_code}|${located.value.service}`;
    if (!backlogs.has(key)) continue;
    const members = byKey.get(key);
    if (members) members.push(located);
    else byKey.set(key, [located]);
  }
  const warnings: DataProblem[] = [];
  for (const [key, members] of byKey) {
    const backlog = backlogs.get(key)!;
    const largestOfGroup = new Map<string, number>();
    let together = 0;
    for (const { value } of members) {
      if (value.exclusive_group === null) together += value.households_served;
      else largestOfGroup.set(value.exclusive_group, Math.max(largestOfGroup.get(value.exclusive_group) ?? 0, value.households_served));
    }
    for (const households of largestOfGroup.values()) together += households;
    if (together <= backlog.households || members.length < 2) continue;
    const [code, service] = key.split('|');
    const last = members[members.length - 1];
    warnings.push({
      file: last.file,
      row: last.row,
      column: 'households_served',
      message:
        `projects ${members.map(({ value }) => value.project_id).join(', ')} could be funded together and serve ${together.toLocaleString('en-GB')} households, more than the ${backlog.households.toLocaleString('en-GB')} of ${code}'s ${service} backlog; ` +
        'if they serve the same households, give each only those it adds (reports count at most the backlog as served)',
    });
  }
  return warnings;
}

/**
 * The rows the master plan wrote (origin masterplan) that a planner's row will replace, so that no
 * one plan funds them together: with the master plan stage on its generated register, a planner
 * row that is not committed replaces every generated project of its municipality, service and
 * asset type (docs/masterplan.md, "Merging with the planner's register"). The same project type
 * means the same asset type, which is all this check needs: it must not warn that the planner's
 * row and the rows it replaces "could be funded together" (the stage names the replacement).
 */
function rowsTheMasterPlanReplaces(model: ParsedModel): ReadonlySet<Located<ProjectRow>> {
  const masterplan = model.config?.masterplan;
  if (masterplan === undefined || masterplan.use_generated_register === false) return new Set();
  const keyOf = (row: ProjectRow): string => `${row.municipality_code}|${row.service}|${row.project_type}`;
  const plannerKeys = new Set(model.projects.filter(({ value }) => value.origin !== 'masterplan' && value.status !== 'committed').map(({ value }) => keyOf(value)));
  return new Set(model.projects.filter(({ value }) => value.origin === 'masterplan' && plannerKeys.has(keyOf(value))));
}

/** At most one project of an exclusive group may be funded, so at most one may be committed. */
export function checkExclusiveGroupCommitted(model: ParsedModel): DataProblem[] {
  const firstCommitted = new Map<string, Located<ProjectRow>>();
  const problems: DataProblem[] = [];
  for (const located of model.projects) {
    const group = located.value.exclusive_group;
    if (group === null || located.value.status !== 'committed') continue;
    const earlier = firstCommitted.get(group);
    if (earlier === undefined) {
      firstCommitted.set(group, located);
      continue;
    }
    // The same id twice is one project entered twice: the duplicate id is the problem, reported as such.
    if (earlier.value.project_id === located.value.project_id) continue;
    problems.push({
      file: located.file,
      row: located.row,
      column: 'status',
      message: `${located.value.project_id} and ${earlier.value.project_id} (row ${earlier.row}) are both committed in exclusive group ${group}; at most one of a group can be funded`,
    });
  }
  return problems;
}

/**
 * A committed project must be fundable: some start year in its window (inside the horizon) must let
 * its whole cash flow finish by the end of the horizon, after its prerequisites have finished.
 * Otherwise every plan is infeasible, which `solve` reports before solving; `validate` says so too.
 * Projects with a problem already reported (window outside the horizon, no or two cash flows, an
 * unknown or cyclic prerequisite) are left to that message.
 */
export function checkCommittedCanStart(model: ParsedModel): DataProblem[] {
  const config = model.config;
  const table = model.rawTables.projects;
  // With a row missing, a prerequisite's window is unknown; the row's own problem comes first.
  if (config === null || !table || model.projects.length !== table.rows.length) return [];
  const { firstYear, lastYear } = horizonOf(config);
  const buildYears = (row: ProjectRow): number | null =>
    row.cashflow_rand !== null && row.cashflow_percent === null ? row.cashflow_rand.length : row.cashflow_percent !== null && row.cashflow_rand === null ? row.cashflow_percent.length : null;
  const byId = new Map<string, Located<ProjectRow>>();
  for (const located of model.projects) if (!byId.has(located.value.project_id)) byId.set(located.value.project_id, located);
  // Allowed starts as [from, to] with no prerequisites considered, then narrowed until nothing changes.
  const windows = new Map<string, { from: number; to: number; years: number } | null>();
  for (const [id, { value }] of byId) {
    const years = buildYears(value);
    if (years === null || value.status === 'excluded') windows.set(id, null);
    else windows.set(id, { from: Math.max(value.earliest_start_year, firstYear), to: Math.min(value.latest_start_year, lastYear - years + 1), years });
  }
  const ownWindow = new Map(windows);
  // A project whose window or cash flow is reported on its row (checkStartWindow,
  // checkCashFlowTotals, or this check for a committed project that cannot finish in time).
  const hasOwnWindowProblem = (row: ProjectRow, own: { from: number; to: number } | null | undefined): boolean =>
    row.earliest_start_year > row.latest_start_year ||
    row.earliest_start_year < firstYear ||
    row.latest_start_year > lastYear ||
    buildYears(row) === null ||
    (row.status === 'committed' && own !== null && own !== undefined && own.from > own.to);
  let changed = true;
  for (let round = 0; changed && round <= byId.size; round += 1) {
    changed = false;
    for (const [id, { value }] of byId) {
      const window = windows.get(id);
      if (!window || window.from > window.to) continue;
      let from = window.from;
      for (const prerequisiteId of value.prerequisites) {
        const prerequisite = windows.get(prerequisiteId);
        // The earliest finish of the prerequisite; the dependant starts the year after.
        from = prerequisite && prerequisite.from <= prerequisite.to ? Math.max(from, prerequisite.from + prerequisite.years) : Infinity;
      }
      if (from !== window.from) {
        windows.set(id, { ...window, from: Math.min(from, window.to + 1) });
        changed = true;
      }
    }
  }
  const problems: DataProblem[] = [];
  const label = formatFinancialYear;
  for (const located of model.projects) {
    const { value } = located;
    if (value.status !== 'committed' || byId.get(value.project_id) !== located) continue;
    const own = ownWindow.get(value.project_id);
    const window = windows.get(value.project_id);
    if (!own || !window) continue;
    const early = value.earliest_start_year;
    const late = value.latest_start_year;
    // A window outside the horizon or reversed is checkStartWindow's message.
    if (early > late || early < firstYear || late > lastYear) continue;
    if (own.from > own.to) {
      problems.push({
        file: located.file,
        row: located.row,
        column: 'status',
        message: `committed project ${value.project_id} can never be funded: started no earlier than ${label(early)}, its ${own.years}-year cash flow cannot finish by the end of the horizon in ${label(lastYear)}; give it an earlier start or a longer horizon`,
      });
    } else if (window.from > window.to) {
      // Only when every prerequisite in the chain is a known project and the chain has no cycle;
      // those are reported as such. Depth-first without recursion, colouring as it goes.
      const colour = new Map<string, 'open' | 'done'>();
      const stack: { id: string; next: number }[] = [{ id: value.project_id, next: 0 }];
      colour.set(value.project_id, 'open');
      let sound = true;
      // The first prerequisite in the chain with a problem of its own reported (its window, its
      // cash flow, or it too a committed project that can never start): this one follows from it.
      let cause: Located<ProjectRow> | undefined;
      while (stack.length > 0 && sound) {
        const top = stack[stack.length - 1];
        const prerequisites = byId.get(top.id)!.value.prerequisites;
        if (top.next >= prerequisites.length) {
          colour.set(top.id, 'done');
          stack.pop();
          continue;
        }
        const id = prerequisites[top.next];
        top.next += 1;
        if (!byId.has(id) || colour.get(id) === 'open') sound = false;
        else if (colour.get(id) === undefined) {
          colour.set(id, 'open');
          stack.push({ id, next: 0 });
          // Only a prerequisite that can itself never start is a cause (a year before the horizon may still leave a start).
          const prerequisiteWindow = windows.get(id);
          const blocked = prerequisiteWindow === null || prerequisiteWindow === undefined || prerequisiteWindow.from > prerequisiteWindow.to;
          if (cause === undefined && blocked && hasOwnWindowProblem(byId.get(id)!.value, ownWindow.get(id))) cause = byId.get(id);
        }
      }
      if (!sound) continue;
      const problem: DataProblem = {
        file: located.file,
        row: located.row,
        column: 'prerequisites',
        message: `committed project ${value.project_id} can never be funded: its prerequisites (${value.prerequisites.join(', ')}) cannot all be finished before a start in its window ${label(early)}–${label(late)} that also lets it finish by ${label(lastYear)}`,
      };
      problems.push(cause === undefined ? problem : followingFrom(problem, { file: cause.file, row: cause.row }));
    }
  }
  return problems;
}

/** A provincial or national project names its department: without it, the One Plan and a department's return form cannot find it. */
export function checkProjectOwners(model: ParsedModel): DataProblem[] {
  return model.projects
    .filter(({ value }) => value.owner_sphere !== null && value.owner_sphere !== 'municipal' && value.owner_name === null)
    .map(({ file, row, value }) => ({ file, row, column: 'owner_name', message: `project ${value.project_id} is ${value.owner_sphere}; name the department that owns it` }));
}

/** The declared facility services (services with blocks) by id, or null when model.yaml could not be read. */
function facilityServices(model: ParsedModel): Map<string, ReadonlySet<string>> | null {
  if (model.config === null) return null;
  return new Map(model.config.services.filter((service) => service.blocks.length > 0).map((service) => [service.id, new Set(service.blocks.map((block) => block.id))]));
}

/**
 * The problems of a row's anchor_departments cell: every code must be one its facility service
 * declares (model.yaml `anchor_departments:`); a service that declares none accepts any code.
 */
function unknownAnchorDepartments(model: ParsedModel, serviceId: string, codes: readonly string[], file: string, row: number): DataProblem[] {
  const position = model.config?.services.findIndex((service) => service.id === serviceId) ?? -1;
  const declared = position < 0 ? undefined : model.config?.services[position].anchorDepartments;
  if (declared === undefined) return [];
  const known = new Set(declared.map((department) => department.id));
  const listed = declared.map((department) => `${department.id} (${department.name})`).join(', ');
  return codes
    .filter((code) => !known.has(code))
    .map((code) => ({
      file,
      row,
      column: 'anchor_departments',
      message: `unknown anchor department ${code}${suggestId(code, known)}; ${serviceId} declares ${listed} (model.yaml services.${position}.anchor_departments: add it there, or correct the code)`,
    }));
}

/**
 * Facilities and centres: facilities.csv rows name known municipalities, unique ids, a facility
 * service and its declared blocks and anchor departments, and opened before the plan starts; a
 * project of a facility service is a centre with a facility_type and declared blocks and anchor
 * departments, and only centres carry centre columns; roll-out exemptions name known municipalities.
 */
export function checkFacilities(model: ParsedModel): DataProblem[] {
  const services = facilityServices(model);
  const problems: DataProblem[] = [];
  const knownMunicipalities = rawIds(model.rawTables.municipalities, 'municipality_code');
  problems.push(...duplicates(model.facilities, (row) => row.facility_id, 'facility_id', (id) => `facility ${id}`));
  for (const { file, row, value } of model.facilities) {
    if (knownMunicipalities !== null && !knownMunicipalities.has(value.municipality_code)) {
      problems.push({ file, row, column: 'municipality_code', message: unknownMunicipalityMessage(model, value.municipality_code, knownMunicipalities) });
    }
    if (services === null || model.config === null) continue;
    const blocks = services.get(value.service);
    if (blocks === undefined) {
      problems.push({ file, row, column: 'service', message: `${value.service} is not a facility service; declare its blocks: under services in model.yaml` });
      continue;
    }
    for (const block of value.blocks_offered.filter((id) => !blocks.has(id))) {
      problems.push({ file, row, column: 'blocks_offered', message: `unknown block ${block}; ${value.service} declares ${[...blocks].join(', ')}` });
    }
    problems.push(...unknownAnchorDepartments(model, value.service, value.anchor_departments, file, row));
    if (value.year_opened > model.config.baseFinancialYear) {
      problems.push({
        file,
        row,
        column: 'year_opened',
        message: `${formatFinancialYear(value.year_opened)} is after the first year of the plan ${formatFinancialYear(model.config.baseFinancialYear)}; facilities.csv lists centres already open (a new centre belongs in projects)`,
      });
    }
  }
  if (services !== null) {
    for (const { file, row, value } of model.projects) {
      const blocks = services.get(value.service);
      if (blocks === undefined) {
        if (value.facility_type !== null) problems.push({ file, row, column: 'facility_type', message: `only a project of a facility service (a service with blocks: in model.yaml) is a centre; ${value.service} is not one, leave it empty` });
        continue;
      }
      if (value.facility_type === null) {
        problems.push({ file, row, column: 'facility_type', message: `required for a ${value.service} project; expected one of hub, satellite, mobile_route` });
      }
      for (const block of value.blocks_offered.filter((id) => !blocks.has(id))) {
        problems.push({ file, row, column: 'blocks_offered', message: `unknown block ${block}; ${value.service} declares ${[...blocks].join(', ')}` });
      }
      problems.push(...unknownAnchorDepartments(model, value.service, value.anchor_departments, file, row));
    }
  }
  if (model.config !== null && knownMunicipalities !== null) {
    model.config.rolloutExemptions.forEach((exemption, position) => {
      if (!knownMunicipalities.has(exemption.municipalityCode)) {
        problems.push({ file: 'model.yaml', row: null, column: `rollout_exemptions.${position}.municipality_code`, message: unknownMunicipalityMessage(model, exemption.municipalityCode, knownMunicipalities) });
      }
    });
  }
  return problems;
}

/** Asset types costed per km of their length by default (docs/masterplan.md). */
const PER_KM_ASSET_TYPES: readonly string[] = ['bulk_water_pipeline', 'bulk_sewer'];

/**
 * assets.csv: ids unique, municipalities known, the capacity column the type needs filled (storage_ml
 * for reservoirs, capacity_ml_per_day for the rest) and the other one empty, a length for pipelines
 * and sewers, and a source arrangement only on reservoirs and naming a storage_hours key. Whether a
 * type suits its service's flow is the master plan stage's check (services are data).
 */
export function checkAssets(model: ParsedModel): DataProblem[] {
  const rows = model.assets ?? [];
  if (rows.length === 0) return [];
  const problems: DataProblem[] = [];
  const known = rawIds(model.rawTables.municipalities, 'municipality_code');
  const arrangements = new Set(['single_pumped_source', 'multiple_sources', 'gravity_source', ...Object.keys(model.config?.masterplan?.storage_hours ?? {})]);
  const seen = new Set<string>();
  for (const { file, row, value } of rows) {
    const at = (column: string, message: string): void => {
      problems.push({ file, row, column, message });
    };
    if (seen.has(value.asset_id)) at('asset_id', `asset ${value.asset_id} appears twice; asset ids must be unique`);
    seen.add(value.asset_id);
    if (known !== null && !known.has(value.municipality_code)) at('municipality_code', unknownMunicipalityMessage(model, value.municipality_code, known));
    const storage = value.asset_type === 'reservoir_storage';
    const needed = storage ? 'storage_ml' : 'capacity_ml_per_day';
    const other = storage ? 'capacity_ml_per_day' : 'storage_ml';
    if ((storage ? value.storage_ml : value.capacity_ml_per_day) === null) at(needed, `a ${value.asset_type} needs its capacity in ${needed}`);
    if ((storage ? value.capacity_ml_per_day : value.storage_ml) !== null) at(other, `a ${value.asset_type} has its capacity in ${needed}; leave ${other} empty`);
    if (PER_KM_ASSET_TYPES.includes(value.asset_type) && value.length_km === null) at('length_km', `a ${value.asset_type} needs its length in km (upgrades are costed per km)`);
    if (value.source_arrangement !== null && !storage) at('source_arrangement', 'only reservoir_storage rows take a source arrangement; leave it empty');
    if (value.source_arrangement !== null && storage && !arrangements.has(value.source_arrangement)) {
      at('source_arrangement', `unknown source arrangement ${value.source_arrangement}; expected ${[...arrangements].join(', ')} (or a key of masterplan.storage_hours)`);
    }
  }
  return problems;
}

/** projections.csv: municipalities known, one row per municipality and year, households at most persons. */
export function checkProjections(model: ParsedModel): DataProblem[] {
  const rows = model.projections ?? [];
  const problems: DataProblem[] = [];
  const known = rawIds(model.rawTables.municipalities, 'municipality_code');
  const seen = new Set<string>();
  for (const { file, row, value } of rows) {
    const key = `${value.municipality_code}|${value.financial_year}`;
    if (seen.has(key)) problems.push({ file, row, column: 'financial_year', message: `${value.municipality_code} has two rows for ${formatFinancialYear(value.financial_year)}` });
    seen.add(key);
    if (known !== null && !known.has(value.municipality_code)) problems.push({ file, row, column: 'municipality_code', message: unknownMunicipalityMessage(model, value.municipality_code, known) });
    if (value.households > value.population) problems.push({ file, row, column: 'households', message: `${value.households} households is more than the ${value.population} persons` });
  }
  if (model.config?.masterplan?.growth?.method === 'table') {
    const covered = new Set(rows.map((located) => located.value.municipality_code));
    for (const located of model.municipalities) {
      if (!covered.has(located.value.municipality_code)) {
        problems.push({ file: located.file, row: located.row, column: 'municipality_code', message: `masterplan.growth.method is table but projections has no row for ${located.value.municipality_code}` });
      }
    }
  }
  return problems;
}

/**
 * The tables each check reads. A table that could not be read, has no data rows or lacks a
 * required column takes no part in the checks (issue 9 review, finding 2: a needs.csv without its
 * `service` column gave 427 "no water row" problems and hid the one that mattered): every check
 * reading it is skipped. A check not listed here reads every table, so it is skipped whenever any
 * table is broken.
 */
export const TABLES_READ_BY_CHECK: ReadonlyMap<(model: ParsedModel) => DataProblem[], readonly TableName[]> = new Map<(model: ParsedModel) => DataProblem[], readonly TableName[]>([
  [checkIndicatorColumns, ['indicators']],
  // Each of these judges the valid rows of a table on their own (a broken table has none), so a
  // broken table elsewhere does not stop them; the completeness checks rely on their problems
  // being there when they mark a missing row as following from a duplicated or unknown one.
  [checkDuplicateIds, []],
  [checkUnknownMunicipality, ['municipalities']],
  [checkNeedsComplete, ['municipalities', 'needs']],
  [checkServiceBacklogs, ['needs']],
  [checkServedWithinBacklog, ['projects', 'needs']],
  [checkIndicatorRowsComplete, ['municipalities', 'indicators']],
  [checkPrerequisiteExists, ['projects']],
  [checkPrerequisiteCycles, ['projects']],
  [checkCashFlowTotals, ['projects']],
  [checkStartWindow, ['projects']],
  [checkFundingEligibility, ['projects', 'funding']],
  [checkCarryOverConsistent, ['funding']],
  [checkExclusiveGroupCommitted, ['projects']],
  [checkCommittedCanStart, ['projects']],
  [checkFacilities, ['municipalities', 'projects', 'facilities']],
  [checkProjectOwners, ['projects']],
  [checkAssets, ['municipalities', 'assets']],
  [checkProjections, ['municipalities', 'projections']],
]);

/** All cross-table checks in reporting order. */
export const CROSS_TABLE_CHECKS: readonly ((model: ParsedModel) => DataProblem[])[] = [
  checkIndicatorColumns,
  checkDuplicateIds,
  checkUnknownMunicipality,
  checkNeedsComplete,
  checkServiceBacklogs,
  checkIndicatorRowsComplete,
  checkPrerequisiteExists,
  checkPrerequisiteCycles,
  checkCashFlowTotals,
  checkStartWindow,
  checkFundingEligibility,
  checkCarryOverConsistent,
  checkServedWithinBacklog,
  checkFacilities,
  checkExclusiveGroupCommitted,
  checkCommittedCanStart,
  checkProjectOwners,
  checkAssets,
  checkProjections,
];
