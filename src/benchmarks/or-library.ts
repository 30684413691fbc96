/**
 * OR-Library capital-budgeting benchmarks (multidimensional 0-1 knapsack problems) as infraplan
 * planning models, so the portfolio formulation and its engines can be checked against published
 * optima. Read by `npm run bench`, the `orlib-to-model` script and the tests; the model folder is
 * written by the one model writer (src/dataset/write-model.ts).
 *
 * The mapping (documented in docs/benchmarks.md):
 * - constraint i (1-based) is financial year base + i - 1; its right-hand side is that year's
 *   envelope of one funding source `BUDGET` without carry-over;
 * - item j is project ITEM-<j> with a fixed start in the base year and cash flow equal to its
 *   coefficients, one entry per constraint, and its profit as `benefit_override`;
 * - one OR-Library unit of money is R1 million. The programs count money in R million (see
 *   src/program/money-unit.ts), so the solver sees the original integers and its absolute
 *   feasibility tolerances stay far below one unit; in plain rand a one-unit overspend would be
 *   within the tolerances and could pass as feasible.
 * - an item whose coefficients are all 0 would have capex 0, which the data format forbids. Such an
 *   item gets one extra build year (a padding year after the last constraint year) in which it
 *   spends one unit, and the padding year's envelope equals the number of such items, so all of
 *   them always fit together and the benchmark keeps exactly its optimum.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import { formatFinancialYear } from '../dataset/financial-year.js';
import { MODEL_CONFIG_FILE } from '../dataset/load-model.js';
import { parseModelConfig } from '../dataset/model-config.js';
import { modelConfigToYaml } from '../dataset/model-yaml.js';
import { InvalidInputError, type DataProblem } from '../errors/problems.js';
import { DEFAULT_SERVICES, NO_FACILITY_FIELDS, type Dataset, type FundingSource, type Project } from '../dataset/types.js';
import { modelFiles, modelTablesFromDataset, writeModelFiles } from '../dataset/write-model.js';

/** Rand per OR-Library unit of money (coefficients and right-hand sides): R1 million. */
export const RAND_PER_ORLIB_UNIT = 1_000_000;

/** First financial year of every converted model (2026 = 2026/27). */
export const BENCHMARK_BASE_YEAR = 2026;

/** Id of the single funding source. */
export const BENCHMARK_SOURCE_ID = 'BUDGET';

/** Code of the single placeholder municipality. */
export const BENCHMARK_MUNICIPALITY_CODE = 'OR001';

/** File in the model folder holding the known optimum and where the benchmark came from. */
export const KNOWN_OPTIMUM_FILE = 'known-optimum.json';

/**
 * Best known values of mknapcb1 (problems 5.100-00 … 5.100-29), which the data file itself does not
 * carry: OR-Library's mkcbres.txt (Chu and Beasley 1998), read from its mirror in the GitHub
 * repository nicolaslazartekaqui/knapsack, commit ef6d13a633db747dedc4703ea499803b20205e17. The file
 * calls them the best feasible values found by Chu and Beasley's genetic algorithm; HiGHS reaches
 * each of them and proves it optimal at a relative gap of 1e-6 (bench/results.md).
 */
export const MKNAPCB1_BEST_KNOWN: readonly number[] = [
  24381, 24274, 23551, 23534, 23991, 24613, 25591, 23410, 24216, 24411,
  42757, 42545, 41968, 45090, 42218, 42927, 42009, 45020, 43441, 44554,
  59822, 62081, 59802, 60479, 61091, 58959, 61538, 61520, 59453, 59965,
];

/** One multidimensional 0-1 knapsack problem as OR-Library writes it. */
export interface OrLibProblem {
  /** Number of items (projects). */
  readonly itemCount: number;
  /** Number of constraints (financial years). */
  readonly constraintCount: number;
  /** Optimum stated in the file, or null when the file says 0 (unknown). */
  readonly knownOptimum: number | null;
  /** Profit per item, in benefit points. */
  readonly profits: readonly number[];
  /** Coefficients per constraint, then per item, in OR-Library money units. */
  readonly coefficients: readonly (readonly number[])[];
  /** Right-hand side per constraint, in OR-Library money units. */
  readonly rightHandSides: readonly number[];
}

/** A number of the file with the line it stands on, so problems can be located. */
interface Token {
  readonly text: string;
  readonly line: number;
  readonly positionOnLine: number;
}

/** Split text into whitespace-separated tokens with their 1-based line and position on the line. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  text.split(/\r?\n/).forEach((lineText, lineIndex) => {
    lineText
      .trim()
      .split(/\s+/)
      .filter((part) => part !== '')
      .forEach((part, position) => tokens.push({ text: part, line: lineIndex + 1, positionOnLine: position + 1 }));
  });
  return tokens;
}

/**
 * Parse an OR-Library mknap file: the number of problems, then per problem n (items), m
 * (constraints), the optimum (0 = unknown), n profits, m rows of n coefficients and m right-hand
 * sides. Throws InvalidInputError naming the file, line and value for the first malformed value
 * (later values cannot be located once one is missing).
 */
export function parseOrLibFile(text: string, fileName: string): OrLibProblem[] {
  const tokens = tokenize(text);
  let next = 0;
  const fail = (token: Token | undefined, what: string, found: string): never => {
    const problem: DataProblem = token
      ? { file: fileName, row: token.line, column: `value ${token.positionOnLine}`, message: `expected ${what}, found ${found}` }
      : { file: fileName, row: null, column: null, message: `file ends early: expected ${what}` };
    throw new InvalidInputError([problem]);
  };
  const read = (what: string, rule: 'count' | 'non-negative'): number => {
    const token = tokens[next];
    if (token === undefined) return fail(undefined, what, 'the end of the file');
    next += 1;
    const value = Number(token.text);
    if (!Number.isFinite(value) || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(token.text)) return fail(token, what, JSON.stringify(token.text));
    if (rule === 'count' && !(Number.isInteger(value) && value >= 1)) return fail(token, `${what} (a whole number >= 1)`, token.text);
    if (value < 0) return fail(token, `${what} (>= 0)`, token.text);
    return value;
  };
  const problemCount = read('the number of problems', 'count');
  const problems: OrLibProblem[] = [];
  for (let problemNumber = 1; problemNumber <= problemCount; problemNumber += 1) {
    const label = `problem ${problemNumber}`;
    const itemCount = read(`the number of items of ${label}`, 'count');
    const constraintCount = read(`the number of constraints of ${label}`, 'count');
    const optimum = read(`the optimum of ${label} (0 when unknown)`, 'non-negative');
    const profits = Array.from({ length: itemCount }, (_, item) => read(`the profit of item ${item + 1} of ${label}`, 'non-negative'));
    const coefficients = Array.from({ length: constraintCount }, (_, constraint) =>
      Array.from({ length: itemCount }, (_, item) => read(`coefficient ${item + 1} of constraint ${constraint + 1} of ${label}`, 'non-negative')),
    );
    const rightHandSides = Array.from({ length: constraintCount }, (_, constraint) => read(`the right-hand side of constraint ${constraint + 1} of ${label}`, 'non-negative'));
    problems.push({ itemCount, constraintCount, knownOptimum: optimum === 0 ? null : optimum, profits, coefficients, rightHandSides });
  }
  if (next < tokens.length) fail(tokens[next], `nothing after the ${problemCount} problems the file announces`, JSON.stringify(tokens[next].text));
  return problems;
}

/** Read and parse an OR-Library file; errors name the path as given. */
export function readOrLibFile(filePath: string): OrLibProblem[] {
  return parseOrLibFile(readFileSync(filePath, 'utf8'), filePath);
}

/** Where a benchmark's known optimum came from, written beside the model. */
export interface BenchmarkDescription {
  /** Model name written to model.yaml, e.g. `orlib-mknapcb1-01`. */
  readonly name: string;
  /** The OR-Library file name, e.g. `mknapcb1.txt`. */
  readonly sourceFile: string;
  /** 1-based problem number inside the file. */
  readonly problemNumber: number;
  /** Known optimum (benefit points), or null when unknown. */
  readonly knownOptimum: number | null;
  /** Where the known optimum comes from, e.g. `stated in mknap1.txt`. */
  readonly knownOptimumSource: string | null;
}

/** Options of writeOrLibModel. */
export interface WriteOrLibModelOptions {
  /** Replace an existing non-empty folder (the model writer's `replace`); default false. */
  readonly force?: boolean;
}

/** Contents of known-optimum.json. */
export interface KnownOptimumFile extends BenchmarkDescription {
  /** Number of items (projects). */
  readonly itemCount: number;
  /** Number of constraints (financial years with an envelope). */
  readonly constraintCount: number;
  /** Rand per OR-Library money unit used for cash flows and envelopes. */
  readonly randPerOrLibUnit: number;
  /** Ids of projects whose coefficients were all 0 and that got a padding year (see the module header). */
  readonly paddedProjectIds: readonly string[];
}

/** Rand for an amount in OR-Library units, rounded to the cent so decimal inputs stay tidy. */
function toRandAmount(units: number): number {
  return Math.round(units * RAND_PER_ORLIB_UNIT * 100) / 100;
}

/** Project id of a 1-based item number, zero-padded so ids sort in item order. */
export function orLibProjectId(itemNumber: number, itemCount: number): string {
  return `ITEM-${String(itemNumber).padStart(Math.max(3, String(itemCount).length), '0')}`;
}

/** 0-based positions of the items whose coefficients are all 0 (they get the padding year). */
function zeroCostItems(problem: OrLibProblem): number[] {
  return problem.profits.map((_, item) => item).filter((item) => problem.coefficients.every((row) => row[item] === 0));
}

/** The known optimum as a sentence part: `4015 (stated in mknap1.txt)` or `unknown`. */
function optimumText(description: BenchmarkDescription): string {
  return description.knownOptimum === null ? 'unknown' : `${description.knownOptimum} (${description.knownOptimumSource})`;
}

/**
 * The model.yaml of a problem in the documented model.yaml words, validated by the loader's own
 * parser so that defaults are filled in exactly as for a model read from disk.
 */
function orLibModelConfig(problem: OrLibProblem, description: BenchmarkDescription, horizonYears: number): Dataset['config'] {
  const yamlObject = {
    name: description.name,
    title: `OR-Library benchmark ${description.sourceFile} problem ${description.problemNumber} (${problem.itemCount} items, ${problem.constraintCount} constraints)`,
    base_financial_year: formatFinancialYear(BENCHMARK_BASE_YEAR),
    horizon_years: horizonYears,
    currency: 'ZAR',
    illustrative_note:
      `Benchmark, not a plan: OR-Library multidimensional knapsack ${description.sourceFile} problem ${description.problemNumber} converted by ` +
      `src/benchmarks/or-library.ts. Each constraint is a financial year, each item a project with a fixed start, one money unit is ` +
      `R1 million; benefits are the item profits. Known optimum: ${optimumText(description)}.`,
    // Declared, so loading the folder gives no note about assumed services; every item is a water project.
    services: DEFAULT_SERVICES.map((service) => ({ id: service.id, label: service.label, need_unit: service.needUnit, backlog_column: service.backlogColumn })),
    indicators: [
      { id: 'benchmark_need_score', label: 'Placeholder need indicator (benchmarks carry no need data)', theme: 'need', direction: 'higher_is_worse', weight: 1 },
      { id: 'benchmark_growth_score', label: 'Placeholder growth indicator (benchmarks carry no growth data)', theme: 'growth', direction: 'higher_is_better', weight: 1 },
    ],
    index: { normalisation: 'min-max', need_threshold: 0.5, growth_threshold: 0.5 },
    // Every rule off, so the program is exactly the knapsack: benefits are the overrides, undiscounted.
    policy: {
      discount_rate_percent: 0,
      need_weight: 0.5,
      growth_weight: 0.5,
      benefit_per_household: 0,
      benefit_per_ml_per_day: 0,
      basic_package_floor_share: 0,
      basic_package_min_spend_rand: 0,
      // A per-service setting keeps the default of a service it does not name, so every service is set to 0.
      min_service_share: Object.fromEntries(DEFAULT_SERVICES.map((service) => [service.id, 0])),
      district_share_min: 0,
      district_share_max: 1,
      max_concurrent_projects_per_municipality: 0,
    },
  };
  const { config, problems } = parseModelConfig(stringifyYaml(yamlObject, { lineWidth: 0 }), MODEL_CONFIG_FILE);
  // The object above is fixed apart from names and counts, so a problem here is a bug, not bad input.
  if (config === null) throw new Error(`the OR-Library model.yaml is invalid: ${problems.map((problem) => problem.message).join('; ')}`);
  return config;
}

/** The planning model of one problem, as loadModel would read it back from the written folder. */
export function orLibDataset(problem: OrLibProblem, description: BenchmarkDescription): Dataset {
  const zeroItems = new Set(zeroCostItems(problem));
  const paddingYear = zeroItems.size > 0 ? BENCHMARK_BASE_YEAR + problem.constraintCount : null;
  const config = orLibModelConfig(problem, description, problem.constraintCount + (paddingYear === null ? 0 : 1));
  const projects = problem.profits.map((profit, item): Project => {
    const padded = zeroItems.has(item);
    const cashFlowRandByBuildYear = problem.coefficients.map((row) => toRandAmount(row[item]));
    if (padded) cashFlowRandByBuildYear.push(RAND_PER_ORLIB_UNIT);
    return {
      id: orLibProjectId(item + 1, problem.itemCount),
      municipalityCode: BENCHMARK_MUNICIPALITY_CODE,
      service: 'water',
      type: 'benchmark_item',
      description: `OR-Library ${description.sourceFile} problem ${description.problemNumber}, item ${item + 1}${padded ? ' (all coefficients 0: spends one unit in the padding year instead)' : ''}`,
      capexRand: Math.round(cashFlowRandByBuildYear.reduce((sum, amount) => sum + amount, 0) * 100) / 100,
      cashFlowRandByBuildYear,
      householdsServed: 0,
      capacityAddedMlPerDay: 0,
      earliestStartYear: BENCHMARK_BASE_YEAR,
      latestStartYear: BENCHMARK_BASE_YEAR,
      prerequisiteIds: [],
      exclusiveGroup: null,
      fundingSourceIds: [BENCHMARK_SOURCE_ID],
      status: 'candidate',
      benefitOverride: profit,
      ...NO_FACILITY_FIELDS,
      illustrative: true,
      // The loader's default owner, given here so the written model reads back as exactly this Dataset.
      owner: { sphere: 'municipal', name: 'OR-Library benchmark' },
    };
  });
  const envelopeRandByYear: Record<number, number> = Object.fromEntries(problem.rightHandSides.map((units, constraint) => [BENCHMARK_BASE_YEAR + constraint, toRandAmount(units)]));
  if (paddingYear !== null) envelopeRandByYear[paddingYear] = zeroItems.size * RAND_PER_ORLIB_UNIT;
  const budget: FundingSource = { id: BENCHMARK_SOURCE_ID, name: 'Benchmark budget (OR-Library right-hand sides)', carryOver: false, purpose: 'capital', envelopeRandByYear, illustrative: true };
  return {
    config,
    municipalities: [
      {
        code: BENCHMARK_MUNICIPALITY_CODE,
        name: 'OR-Library benchmark',
        districtCode: 'OR',
        districtName: 'OR-Library benchmark',
        province: 'ZA',
        miifCategory: 'B4',
        population2011: 0,
        population2022: 0,
        households2011: 0,
        households2022: 0,
        growthRatePercentPerYear: 0,
        illustrative: true,
      },
    ],
    needs: config.services.map((service) => ({ municipalityCode: BENCHMARK_MUNICIPALITY_CODE, service: service.id, backlogHouseholds: 0, treatmentCapacityMlPerDay: null, demandMlPerDay: null, illustrative: true })),
    indicators: [{ municipalityCode: BENCHMARK_MUNICIPALITY_CODE, values: { benchmark_need_score: 0, benchmark_growth_score: 0 }, illustrative: true }],
    projects,
    fundingSources: [budget],
    facilities: [],
    sourceFiles: [],
  };
}

/** The files of the model folder of one problem by file name: the model writer's files and known-optimum.json. */
export async function orLibModelFiles(problem: OrLibProblem, description: BenchmarkDescription): Promise<Map<string, string | Buffer>> {
  const dataset = orLibDataset(problem, description);
  const header = ` Generated by scripts/orlib-to-model.ts from OR-Library ${description.sourceFile}, problem ${description.problemNumber}.\n Known optimum: ${optimumText(description)}; see ${KNOWN_OPTIMUM_FILE}.`;
  const files = await modelFiles({ configYaml: modelConfigToYaml(dataset.config, header), tables: modelTablesFromDataset(dataset).tables }, 'csv');
  const knownOptimum: KnownOptimumFile = {
    ...description,
    itemCount: problem.itemCount,
    constraintCount: problem.constraintCount,
    randPerOrLibUnit: RAND_PER_ORLIB_UNIT,
    paddedProjectIds: zeroCostItems(problem).map((item) => orLibProjectId(item + 1, problem.itemCount)),
  };
  files.set(KNOWN_OPTIMUM_FILE, `${JSON.stringify(knownOptimum, null, 2)}\n`);
  return files;
}

/**
 * Write the model folder of one problem; returns the folder's absolute path. The folder appears
 * whole or not at all, and a non-empty folder is replaced only with `force` (the model writer's
 * rules, see writeModelFiles); without it the writer's ModelFolderExistsError is thrown.
 */
export async function writeOrLibModel(problem: OrLibProblem, folder: string, description: BenchmarkDescription, options: WriteOrLibModelOptions = {}): Promise<string> {
  return writeModelFiles(await orLibModelFiles(problem, description), folder, { replace: options.force === true });
}

/**
 * The known optimum of a problem and its source: the value stated in the file, else the mkcbres
 * value for mknapcb1.txt, else null.
 */
export function knownOptimumOf(problem: OrLibProblem, sourceFile: string, problemNumber: number): { value: number | null; source: string | null } {
  if (problem.knownOptimum !== null) return { value: problem.knownOptimum, source: `stated in ${sourceFile}` };
  if (path.basename(sourceFile) === 'mknapcb1.txt' && MKNAPCB1_BEST_KNOWN[problemNumber - 1] !== undefined) {
    const name = `5.100-${String(problemNumber - 1).padStart(2, '0')}`;
    return { value: MKNAPCB1_BEST_KNOWN[problemNumber - 1], source: `OR-Library mkcbres.txt, problem ${name} (Chu and Beasley 1998)` };
  }
  return { value: null, source: null };
}

/** Model name for a problem of a file: `orlib-<file stem>-<2-digit number>`. */
export function orLibModelName(sourceFile: string, problemNumber: number): string {
  const stem = path.basename(sourceFile).replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_-]/g, '-');
  return `orlib-${stem}-${String(problemNumber).padStart(2, '0')}`;
}

/** The description of one 1-based problem of a file, with its known optimum (`knownOptimum` given overrides the file's). */
export function describeOrLibProblem(problems: readonly OrLibProblem[], sourcePath: string, problemNumber: number, knownOptimum?: number): { problem: OrLibProblem; description: BenchmarkDescription } {
  const problem = problems[problemNumber - 1];
  if (!Number.isInteger(problemNumber) || problem === undefined) {
    throw new InvalidInputError([{ file: sourcePath, row: null, column: null, message: `no problem ${problemNumber}; the file holds problems 1 to ${problems.length}` }]);
  }
  const sourceFile = path.basename(sourcePath);
  const known = knownOptimum !== undefined ? { value: knownOptimum, source: 'given with --known-optimum' } : knownOptimumOf(problem, sourceFile, problemNumber);
  return { problem, description: { name: orLibModelName(sourceFile, problemNumber), sourceFile, problemNumber, knownOptimum: known.value, knownOptimumSource: known.source } };
}

/** Read a file and convert one 1-based problem of it into a model folder; returns the description written. */
export async function convertOrLibProblem(sourcePath: string, problemNumber: number, folder: string, options: WriteOrLibModelOptions & { readonly knownOptimum?: number } = {}): Promise<BenchmarkDescription> {
  const { problem, description } = describeOrLibProblem(readOrLibFile(sourcePath), sourcePath, problemNumber, options.knownOptimum);
  await writeOrLibModel(problem, folder, description, options);
  return description;
}

/** A selection read back from a plan and judged on the OR-Library numbers alone. */
export interface OrLibSelectionCheck {
  /** 0-based items whose project the plan funds. */
  readonly selectedItems: readonly number[];
  /** Total profit of the selected items. */
  readonly profit: number;
  /** Constraints (1-based) whose coefficients over the selected items exceed the right-hand side; empty when the selection fits. */
  readonly exceededConstraints: readonly number[];
}

/**
 * Judge a plan's funded projects as a knapsack selection on the original file's numbers, without
 * the model, the program or the checker: which items are selected, their profit, and which
 * constraints they exceed. The plan's objective must equal the profit and no constraint may be
 * exceeded.
 */
export function checkOrLibSelection(problem: OrLibProblem, fundedProjectIds: ReadonlySet<string>): OrLibSelectionCheck {
  const selectedItems = problem.profits.map((_, item) => item).filter((item) => fundedProjectIds.has(orLibProjectId(item + 1, problem.itemCount)));
  const profit = selectedItems.reduce((sum, item) => sum + problem.profits[item], 0);
  const exceededConstraints = problem.coefficients
    .map((row, constraint) => ({ constraint: constraint + 1, used: selectedItems.reduce((sum, item) => sum + row[item], 0) }))
    .filter(({ constraint, used }) => used > problem.rightHandSides[constraint - 1])
    .map(({ constraint }) => constraint);
  return { selectedItems, profit, exceededConstraints };
}
