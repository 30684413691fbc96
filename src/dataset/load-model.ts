/**
 * Loading a planning model from disk: find the files, read them (CSV or one workbook), validate
 * shape with the zod schemas and meaning with the cross-table checks, and only then build the
 * readonly Dataset. Every problem is collected before one InvalidInputError is thrown.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { CROSS_TABLE_CHECKS, TABLES_READ_BY_CHECK, servedBeyondBacklogWarnings, type ParsedModel } from './checks.js';
import { MISSING_COLUMN } from './cells.js';
import { parseModelConfig } from './model-config.js';
import { findPackageRoot } from './package-root.js';
import { readInputText } from './input-file.js';
import { InvalidInputError, ProblemList, causeOrder, type DataProblem } from '../errors/problems.js';
import { readCsvTable, tableSavedUnderAnotherName, type RawTable } from './read-table.js';
import { readWorkbookTables } from './read-workbook.js';
import {
  OPTIONAL_TABLE_NAMES,
  REQUIRED_TABLE_NAMES,
  TABLE_NAMES,
  assetRowSchemaFor,
  facilityRowSchemaFor,
  isOptionalTable,
  projectionRowSchema,
  fundingRowSchema,
  indicatorRowSchema,
  municipalityRowSchema,
  needRowSchemaFor,
  parseTableRows,
  projectRowSchemaFor,
  type TableName,
} from './schemas.js';
import { projectFromRow } from './project-row.js';
import { likelyDuplicateWarnings } from './likely-duplicates.js';
import { suggestId } from './suggest.js';
import { DEFAULT_BACKLOG_COLUMN, type Asset, type Dataset, type FundingPurpose, type FundingSource, type ModelConfig, type Project, type SourceFile } from './types.js';

/** The model used when the CLI is given no model argument. */
export const DEFAULT_MODEL_NAME = 'western-cape';
/** File name of a model's settings. */
export const MODEL_CONFIG_FILE = 'model.yaml';
/** File name of a model's tables as one workbook. */
export const MODEL_WORKBOOK_FILE = 'model.xlsx';

/** The model folder for a CLI argument: undefined → the embedded default models/western-cape (resolved from the package root, not the cwd); a bare name like `south-africa` → models/<name> when no such path exists. */
export function resolveModelPath(argument: string | undefined): string {
  if (argument === undefined || argument.trim() === '') return path.join(findPackageRoot(), 'models', DEFAULT_MODEL_NAME);
  if (existsSync(argument)) return argument;
  const isBareName = !argument.includes('/') && !argument.includes('\\');
  if (isBareName) {
    const embedded = path.join(findPackageRoot(), 'models', argument);
    if (existsSync(embedded)) return embedded;
  }
  return argument;
}

/** The models embedded in the package (folders of models/ holding a model.yaml), by name. */
export function embeddedModelNames(): string[] {
  const modelsFolder = path.join(findPackageRoot(), 'models');
  try {
    return readdirSync(modelsFolder, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(path.join(modelsFolder, entry.name, MODEL_CONFIG_FILE)))
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}

/**
 * Why a model path was not found, and for a bare name the embedded model it is a typo of and the
 * list of the embedded models (`western-cap` → did you mean western-cape?), as unknown commands
 * and keys get (new-user review u2, 17).
 */
function modelNotFoundMessage(modelPath: string): string {
  const base = 'model not found; expected a model folder, a model.xlsx or a model.yaml';
  if (modelPath.includes('/') || modelPath.includes('\\')) return base;
  const names = embeddedModelNames();
  if (names.length === 0) return base;
  return `${base}${suggestId(modelPath, names)}; the embedded models are ${names.join(', ')}`;
}

/**
 * The note when a folder holds both the CSV tables and model.xlsx: which is read and which is not,
 * said by validate and on the console of run and solve (a planner who edited the workbook must not
 * believe the plan came from it).
 */
export const TABLES_FROM_CSV_NOTE = `both CSV files and ${MODEL_WORKBOOK_FILE} are present: the tables were read from the CSV files and ${MODEL_WORKBOOK_FILE} was ignored (move one of them out of the folder, or give the workbook's path to read it)`;

/** The note of a loaded model that says which of its CSV files and model.xlsx was read, or null when the folder holds only one of them. */
export function tableSourceNote(dataset: Dataset): string | null {
  return dataset.loadNotes?.includes(TABLES_FROM_CSV_NOTE) ? TABLES_FROM_CSV_NOTE : null;
}

/** Where a model's files are: its folder, and the workbook when the tables come from one. */
interface ModelLocation {
  /** Folder holding model.yaml. */
  readonly folder: string;
  /** The workbook to read tables from, or null for CSV files. */
  readonly workbookPath: string | null;
  /** Remarks about how the files were chosen, for the user. */
  readonly notes: string[];
}

/** Decide which files make up the model at a path: a folder, a workbook, or model.yaml itself. */
function locateModel(modelPath: string): { location: ModelLocation | null; problems: DataProblem[] } {
  let stats;
  try {
    stats = statSync(modelPath);
  } catch {
    return { location: null, problems: [{ file: modelPath, row: null, column: null, message: modelNotFoundMessage(modelPath) }] };
  }
  if (stats.isFile()) {
    const extension = path.extname(modelPath).toLowerCase();
    if (extension === '.xlsx') return { location: { folder: path.dirname(modelPath), workbookPath: modelPath, notes: [] }, problems: [] };
    if (extension === '.yaml' || extension === '.yml') return locateModel(path.dirname(modelPath));
    return { location: null, problems: [{ file: modelPath, row: null, column: null, message: 'expected a model folder, a .xlsx workbook or model.yaml' }] };
  }
  if (!stats.isDirectory()) {
    // A pipe or a device would block or never end; only folders and regular files are models.
    return { location: null, problems: [{ file: modelPath, row: null, column: null, message: 'is not a folder or a regular file (a pipe or a device?); expected a model folder, a model.xlsx or a model.yaml' }] };
  }
  const csvPresent = REQUIRED_TABLE_NAMES.filter((table) => existsSync(path.join(modelPath, `${table}.csv`)));
  const workbookPath = path.join(modelPath, MODEL_WORKBOOK_FILE);
  const workbookPresent = existsSync(workbookPath);
  if (csvPresent.length === 0 && workbookPresent) return { location: { folder: modelPath, workbookPath, notes: [] }, problems: [] };
  const notes = csvPresent.length > 0 && workbookPresent ? [TABLES_FROM_CSV_NOTE] : [];
  if (csvPresent.length === 0) {
    // Tables saved as needs.xlsx and the like: name what is there and how to save it as CSV.
    const elsewhere = REQUIRED_TABLE_NAMES.map((table) => tableSavedUnderAnotherName(modelPath, `${table}.csv`)).filter((found) => found !== null);
    const found = elsewhere.length === 0 ? '' : `; found ${elsewhere.map((entry) => entry.found).join(', ')} instead: ${elsewhere.length > 1 ? elsewhere[0].advice.replace(/^open it/, 'open each').replace(/^rename it/, 'rename each') : elsewhere[0].advice}`;
    return {
      location: null,
      problems: [{ file: modelPath, row: null, column: null, message: `no tables found; expected ${REQUIRED_TABLE_NAMES.map((table) => `${table}.csv`).join(', ')} or ${MODEL_WORKBOOK_FILE}${found}` }],
    };
  }
  return { location: { folder: modelPath, workbookPath: null, notes }, problems: [] };
}

/** SHA-256 of bytes as hex. */
function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Files read so far and what they held. */
interface ReadFiles {
  readonly configText: string | null;
  readonly tables: Partial<Record<TableName, RawTable>>;
  readonly sourceFiles: SourceFile[];
}

/** Read model.yaml and the tables (the five required, and each optional one present) through the input gate, recording every file's hash and adding every problem to `problems`. */
async function readModelFiles(location: ModelLocation, problems: ProblemList): Promise<ReadFiles> {
  const sourceFiles: SourceFile[] = [];
  const tables: Partial<Record<TableName, RawTable>> = {};
  const configPath = path.join(location.folder, MODEL_CONFIG_FILE);
  const configRead = await readInputText(configPath, configPath, 'yaml', { missingMessage: 'file not found; every model needs this file' });
  problems.addAll(configRead.problems);
  if (configRead.bytes !== null) sourceFiles.push({ path: configPath, sha256: sha256(configRead.bytes) });
  const configText = configRead.text;
  if (location.workbookPath !== null) {
    const workbook = await readWorkbookTables(location.workbookPath, location.workbookPath, TABLE_NAMES, OPTIONAL_TABLE_NAMES);
    if (workbook.bytes !== null) sourceFiles.push({ path: location.workbookPath, sha256: sha256(workbook.bytes) });
    problems.addAll(workbook.problems);
    for (const [name, table] of workbook.tables) tables[name as TableName] = table;
  } else {
    for (const name of TABLE_NAMES) {
      const filePath = path.join(location.folder, `${name}.csv`);
      // A table a model may leave out (facilities, assets, projections) has no rows when its file is absent.
      if (isOptionalTable(name) && !existsSync(filePath)) continue;
      const result = await readCsvTable(filePath, filePath);
      if (result.bytes !== null) sourceFiles.push({ path: filePath, sha256: sha256(result.bytes) });
      problems.addAll(result.problems);
      if (result.table) tables[name] = result.table;
    }
  }
  return { configText, tables, sourceFiles };
}

/**
 * indicators.csv has one column per indicator declared in model.yaml; undeclared columns are
 * reported once by checkIndicatorColumns, so they are left out before rows are checked for numbers.
 */
function declaredIndicatorColumnsOnly(table: RawTable, config: ModelConfig | null): RawTable {
  if (config === null) return table;
  const keep = new Set(['municipality_code', 'illustrative', ...config.indicators.map((indicator) => indicator.id)]);
  return {
    ...table,
    rows: table.rows.map((row) => ({ ...row, cells: Object.fromEntries(Object.entries(row.cells).filter(([column]) => keep.has(column))) })),
  };
}

/** A note when projects.csv has no owner columns (a model from before owners): every project is then its municipality's own. */
function missingOwnerColumnsNote(table: RawTable | undefined): string | null {
  if (table === undefined) return null;
  const missing = ['owner_sphere', 'owner_name'].filter((column) => !table.headers.includes(column));
  if (missing.length === 0) return null;
  return `${path.basename(table.file)} has no ${missing.join(' or ')} column; every project without one is taken to be its municipality's own (owner_sphere municipal, owner_name the municipality's name)`;
}

/** Build the Dataset from a model that passed every check. */
function buildDataset(model: ParsedModel, config: ModelConfig, sourceFiles: readonly SourceFile[], notes: readonly string[]): Dataset {
  const fundingSources = new Map<string, { id: string; name: string; carryOver: boolean; purpose: FundingPurpose; envelopeRandByYear: Record<number, number>; illustrative: boolean }>();
  for (const { value } of model.funding) {
    let source = fundingSources.get(value.source_id);
    if (!source) {
      source = { id: value.source_id, name: value.source_name, carryOver: value.carry_over, purpose: value.purpose, envelopeRandByYear: {}, illustrative: false };
      fundingSources.set(value.source_id, source);
    }
    source.envelopeRandByYear[value.financial_year] = value.envelope_rand;
    source.illustrative ||= value.illustrative;
  }
  const municipalityNames = new Map(model.municipalities.map(({ value }) => [value.municipality_code, value.municipality_name]));
  const projects: Project[] = model.projects.map(({ row, value }) => projectFromRow(value, municipalityNames.get(value.municipality_code), row));
  const assets: Asset[] = (model.assets ?? []).map(({ row, value }) => {
    const storage = value.asset_type === 'reservoir_storage';
    return {
      id: value.asset_id,
      name: value.asset_name,
      municipalityCode: value.municipality_code,
      service: value.service,
      assetType: value.asset_type,
      capacity: (storage ? value.storage_ml : value.capacity_ml_per_day) ?? 0,
      capacityUnit: storage ? 'Ml' : 'Ml/day',
      yearBuilt: value.year_built,
      remainingLifeYears: value.remaining_life_years,
      lengthKm: value.length_km,
      sourceArrangement: value.source_arrangement,
      illustrative: value.illustrative,
      sourceRow: row,
    };
  });
  const projections = (model.projections ?? []).map(({ row, value }) => ({
    municipalityCode: value.municipality_code,
    financialYear: value.financial_year,
    population: value.population,
    households: value.households,
    sourceRow: row,
  }));
  const declared = config.indicators.map((indicator) => indicator.id);
  const backlogColumnOf = new Map(config.services.map((service) => [service.id, service.backlogColumn]));
  const dataset: Dataset = {
    config,
    municipalities: model.municipalities.map(({ row, value }) => ({
      code: value.municipality_code,
      name: value.municipality_name,
      districtCode: value.district_code,
      districtName: value.district_name,
      province: value.province,
      miifCategory: value.miif_category,
      population2011: value.population_2011,
      population2022: value.population_2022,
      households2011: value.households_2011,
      households2022: value.households_2022,
      growthRatePercentPerYear: value.growth_rate_percent_per_year,
      illustrative: value.illustrative,
      sourceRow: row,
    })),
    needs: model.needs.map(({ row, value }) => ({
      municipalityCode: value.municipality_code,
      service: value.service,
      backlogHouseholds: value[backlogColumnOf.get(value.service) ?? DEFAULT_BACKLOG_COLUMN] as number,
      treatmentCapacityMlPerDay: value.treatment_capacity_ml_per_day,
      demandMlPerDay: value.demand_ml_per_day,
      illustrative: value.illustrative,
      sourceRow: row,
    })),
    indicators: model.indicators.map(({ value }) => ({
      municipalityCode: value.municipality_code,
      values: Object.fromEntries(declared.map((id) => [id, value[id] as number])),
      illustrative: value.illustrative,
    })),
    projects,
    fundingSources: [...fundingSources.values()] as FundingSource[],
    facilities: model.facilities.map(({ value }) => ({
      id: value.facility_id,
      municipalityCode: value.municipality_code,
      service: value.service,
      name: value.facility_name,
      facilityType: value.facility_type,
      yearOpened: value.year_opened,
      blocksOffered: value.blocks_offered,
      anchorDepartments: value.anchor_departments,
      populationWithinReach: value.population_within_reach,
      illustrative: value.illustrative,
    })),
    sourceFiles,
    ...(assets.length > 0 ? { assets } : {}),
    ...(projections.length > 0 ? { projections } : {}),
  };
  const warnings = [...likelyDuplicateWarnings(projects, model.projects, dataset.municipalities), ...servedBeyondBacklogWarnings(model)];
  return { ...dataset, ...(notes.length > 0 ? { loadNotes: notes } : {}), ...(warnings.length > 0 ? { loadWarnings: warnings } : {}) };
}

/** Tables whose columns and services model.yaml declares (its services' backlog columns, its indicators). */
const CONFIG_DEPENDENT_TABLES = ['needs', 'indicators'] as const;

/**
 * Without a valid model.yaml, needs.csv and indicators.csv cannot be checked: which backlog columns,
 * services and indicator columns they must have is declared there, and checking them against the
 * defaults gave a second, wrong error ("unknown column backlog_people") for every model.yaml problem.
 * They are marked broken, so no check reads them; a table the defaults would have faulted gets one
 * line saying it was not checked and why, and a table they pass gets none.
 */
function configDependentTableProblems(
  tables: Partial<Record<TableName, RawTable>>,
  broken: Set<TableName>,
  parsers: Readonly<Record<(typeof CONFIG_DEPENDENT_TABLES)[number], (table: RawTable) => { problems: DataProblem[] }>>,
): DataProblem[] {
  const problems: DataProblem[] = [];
  for (const name of CONFIG_DEPENDENT_TABLES) {
    const table = tables[name];
    const wasBroken = broken.has(name);
    broken.add(name);
    if (table === undefined || wasBroken || parsers[name](table).problems.length === 0) continue;
    const declares = name === 'needs' ? 'its services and backlog columns' : 'its indicator columns';
    problems.push({ file: table.file, row: null, column: null, message: `not checked: ${MODEL_CONFIG_FILE} declares ${declares} and has problems (listed above); fix ${MODEL_CONFIG_FILE} first, then validate again` });
  }
  return problems;
}

/** The reading order of problems: model.yaml, then the tables in load order, each by row (a follow-on right after its cause); checks keep their order within a row (the sort is stable). */
function problemOrder(folder: string): (first: DataProblem, second: DataProblem) => number {
  const fileOrder = [MODEL_CONFIG_FILE, ...TABLE_NAMES];
  const ranks = new Map<string, number>();
  const rank = (file: string): number => {
    let known = ranks.get(file);
    if (known === undefined) {
      const relative = path.relative(folder, file.replace(/ \[(\w+)\]$/, (_, sheet: string) => `/${sheet}`));
      const index = fileOrder.findIndex((name) => relative === name || relative === `${name}.csv` || relative.endsWith(`/${name}`));
      known = index < 0 ? fileOrder.length : index;
      ranks.set(file, known);
    }
    return known;
  };
  // A problem that follows from another is placed at its cause, right after it.
  return causeOrder(rank);
}

/** Load and validate a model folder (CSV or model.xlsx) or a workbook path. Throws InvalidInputError listing every problem. */
export async function loadModel(modelPath: string): Promise<Dataset> {
  const { location, problems: locateProblems } = locateModel(modelPath);
  if (location === null) throw new InvalidInputError(locateProblems);
  const problems = new ProblemList();
  const files = await readModelFiles(location, problems);
  let config: ModelConfig | null = null;
  const notes = [...location.notes];
  if (files.configText !== null) {
    const configPath = path.join(location.folder, MODEL_CONFIG_FILE);
    const parsedConfig = parseModelConfig(files.configText, configPath);
    problems.addAll(parsedConfig.problems);
    notes.push(...parsedConfig.notes);
    config = parsedConfig.config;
  }
  // The service columns accept the declared services; without a readable model.yaml, any id.
  const services = config?.services ?? null;
  const { tables } = files;
  // Tables whose root problem (unreadable, no data rows, a required column missing) makes every
  // check that reads them a cascade of that one problem; they take no part in the cross-table checks.
  // A missing or empty required table is broken; an optional table (facilities, assets, projections) may be absent or empty.
  const broken = new Set<TableName>(TABLE_NAMES.filter((name) => !isOptionalTable(name) && (!tables[name] || tables[name]!.rows.length === 0)));
  const parse = <Row>(name: TableName, run: (table: RawTable) => { rows: Row[]; problems: DataProblem[] }): Row[] => {
    const table = tables[name];
    if (!table) return [];
    const result = run(table);
    problems.addAll(result.problems);
    if (result.problems.some((problem) => problem.row === table.headerRow && problem.message.startsWith(MISSING_COLUMN))) broken.add(name);
    return result.rows;
  };
  const parseNeeds = (table: RawTable) => parseTableRows(table, needRowSchemaFor(services));
  const parseIndicators = (table: RawTable) => parseTableRows(declaredIndicatorColumnsOnly(table, config), indicatorRowSchema);
  const model: ParsedModel = {
    config,
    rawTables: tables,
    municipalities: parse('municipalities', (table) => parseTableRows(table, municipalityRowSchema)),
    needs: config === null ? [] : parse('needs', parseNeeds),
    indicators: config === null ? [] : parse('indicators', parseIndicators),
    projects: parse('projects', (table) => parseTableRows(table, projectRowSchemaFor(services))),
    funding: parse('funding', (table) => parseTableRows(table, fundingRowSchema)),
    facilities: parse('facilities', (table) => parseTableRows(table, facilityRowSchemaFor(services))),
    assets: parse('assets', (table) => parseTableRows(table, assetRowSchemaFor(services))),
    projections: parse('projections', (table) => parseTableRows(table, projectionRowSchema)),
  };
  if (config === null) problems.addAll(configDependentTableProblems(tables, broken, { needs: parseNeeds, indicators: parseIndicators }));
  for (const check of CROSS_TABLE_CHECKS) {
    const reads = TABLES_READ_BY_CHECK.get(check) ?? TABLE_NAMES;
    if (reads.some((name) => broken.has(name))) continue;
    problems.addAll(check(model));
  }
  const ownerNote = missingOwnerColumnsNote(tables.projects);
  if (ownerNote !== null) notes.push(ownerNote);
  if (problems.size > 0 || config === null) throw new InvalidInputError(problems, problemOrder(location.folder));
  return buildDataset(model, config, files.sourceFiles, notes);
}
