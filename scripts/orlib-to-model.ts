/**
 * OR-Library capital-budgeting benchmarks (multidimensional 0-1 knapsack problems) as infraplan
 * planning models, so the portfolio formulation and its engines can be checked against published
 * optima. Usage:
 *
 *   npx tsx scripts/orlib-to-model.ts <file> <problem-number> <out-dir> [--force] [--known-optimum <value>]
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
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { stringify as stringifyYaml } from 'yaml';
import { formatFinancialYear } from '../src/dataset/financial-year.js';
import { formatProblem, InvalidInputError, type DataProblem } from '../src/errors/problems.js';

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
 * each of them and finds nothing better within its default 1e-4 relative gap (bench/results.md).
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
  /** Overwrite the model files of an existing non-empty folder; default false. */
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
  /** Ids of projects whose coefficients were all 0 and that got a padding year (see the script header). */
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

/** CSV text of a header and rows. */
function csv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return stringifyCsv([header as string[], ...(rows as (string | number)[][])]);
}

/** The files of the model folder for one problem, by file name. */
export function orLibModelFiles(problem: OrLibProblem, description: BenchmarkDescription): Record<string, string> {
  const years = Array.from({ length: problem.constraintCount }, (_, offset) => BENCHMARK_BASE_YEAR + offset);
  const baseLabel = formatFinancialYear(BENCHMARK_BASE_YEAR);
  const zeroItems = problem.profits
    .map((_, item) => item)
    .filter((item) => problem.coefficients.every((row) => row[item] === 0));
  const zeroItemSet = new Set(zeroItems);
  const paddingYear = zeroItems.length > 0 ? BENCHMARK_BASE_YEAR + problem.constraintCount : null;
  const horizonYears = problem.constraintCount + (paddingYear === null ? 0 : 1);

  const optimumText = description.knownOptimum === null ? 'unknown' : `${description.knownOptimum} (${description.knownOptimumSource})`;
  const config = {
    name: description.name,
    title: `OR-Library benchmark ${description.sourceFile} problem ${description.problemNumber} (${problem.itemCount} items, ${problem.constraintCount} constraints)`,
    base_financial_year: baseLabel,
    horizon_years: horizonYears,
    currency: 'ZAR',
    illustrative_note:
      `Benchmark, not a plan: OR-Library multidimensional knapsack ${description.sourceFile} problem ${description.problemNumber} converted by ` +
      `scripts/orlib-to-model.ts. Each constraint is a financial year, each item a project with a fixed start, one money unit is ` +
      'R1 million; benefits are the item profits. Known optimum: ' + optimumText + '.',
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
      min_sanitation_share: 0,
      district_share_min: 0,
      district_share_max: 1,
      max_concurrent_projects_per_municipality: 0,
    },
  };
  const header = `# Generated by scripts/orlib-to-model.ts from OR-Library ${description.sourceFile}, problem ${description.problemNumber}.\n# Known optimum: ${optimumText}; see ${KNOWN_OPTIMUM_FILE}.\n`;

  const municipalities = csv(
    ['municipality_code', 'municipality_name', 'district_code', 'district_name', 'province', 'miif_category', 'population_2011', 'population_2022', 'households_2011', 'households_2022', 'growth_rate_percent_per_year', 'illustrative'],
    [[BENCHMARK_MUNICIPALITY_CODE, 'OR-Library benchmark', 'OR', 'OR-Library benchmark', 'ZA', 'B4', 0, 0, 0, 0, 0, 'yes']],
  );
  const needs = csv(
    ['municipality_code', 'service', 'backlog_households', 'treatment_capacity_ml_per_day', 'demand_ml_per_day', 'illustrative'],
    [[BENCHMARK_MUNICIPALITY_CODE, 'water', 0, '', '', 'yes'], [BENCHMARK_MUNICIPALITY_CODE, 'sanitation', 0, '', '', 'yes']],
  );
  const indicators = csv(['municipality_code', 'benchmark_need_score', 'benchmark_growth_score', 'illustrative'], [[BENCHMARK_MUNICIPALITY_CODE, 0, 0, 'yes']]);

  const projectRows = problem.profits.map((profit, item) => {
    const padded = zeroItemSet.has(item);
    const cashFlowRand = problem.coefficients.map((row) => toRandAmount(row[item]));
    if (padded) cashFlowRand.push(RAND_PER_ORLIB_UNIT);
    const capexRand = Math.round(cashFlowRand.reduce((sum, amount) => sum + amount, 0) * 100) / 100;
    const note = padded ? ' (all coefficients 0: spends one unit in the padding year instead)' : '';
    return [
      orLibProjectId(item + 1, problem.itemCount),
      BENCHMARK_MUNICIPALITY_CODE,
      'water',
      'benchmark_item',
      `OR-Library ${description.sourceFile} problem ${description.problemNumber}, item ${item + 1}${note}`,
      capexRand,
      '',
      cashFlowRand.join(';'),
      0,
      0,
      baseLabel,
      baseLabel,
      '',
      '',
      BENCHMARK_SOURCE_ID,
      'candidate',
      profit,
      'yes',
    ];
  });
  const projects = csv(
    ['project_id', 'municipality_code', 'service', 'project_type', 'description', 'capex_rand', 'cashflow_percent', 'cashflow_rand', 'households_served', 'capacity_added_ml_per_day', 'earliest_start_year', 'latest_start_year', 'prerequisites', 'exclusive_group', 'funding_sources', 'status', 'benefit_override', 'illustrative'],
    projectRows,
  );

  const fundingRows = years.map((year, constraint) => [BENCHMARK_SOURCE_ID, 'Benchmark budget (OR-Library right-hand sides)', formatFinancialYear(year), toRandAmount(problem.rightHandSides[constraint]), 'no', 'yes']);
  if (paddingYear !== null) fundingRows.push([BENCHMARK_SOURCE_ID, 'Benchmark budget (OR-Library right-hand sides)', formatFinancialYear(paddingYear), zeroItems.length * RAND_PER_ORLIB_UNIT, 'no', 'yes']);
  const funding = csv(['source_id', 'source_name', 'financial_year', 'envelope_rand', 'carry_over', 'illustrative'], fundingRows);

  const knownOptimum: KnownOptimumFile = {
    ...description,
    itemCount: problem.itemCount,
    constraintCount: problem.constraintCount,
    randPerOrLibUnit: RAND_PER_ORLIB_UNIT,
    paddedProjectIds: zeroItems.map((item) => orLibProjectId(item + 1, problem.itemCount)),
  };
  return {
    'model.yaml': header + stringifyYaml(config, { lineWidth: 0 }),
    'municipalities.csv': municipalities,
    'needs.csv': needs,
    'indicators.csv': indicators,
    'projects.csv': projects,
    'funding.csv': funding,
    [KNOWN_OPTIMUM_FILE]: `${JSON.stringify(knownOptimum, null, 2)}\n`,
  };
}

/** Thrown when the output folder exists with files in it and `force` was not given. */
export class FolderExistsError extends Error {
  constructor(folder: string) {
    super(`${folder} already exists and is not empty; choose another folder or pass --force to overwrite its model files`);
    this.name = 'FolderExistsError';
  }
}

/** Write the model folder of one problem; returns the folder. Never overwrites a non-empty folder unless `force`. */
export function writeOrLibModel(problem: OrLibProblem, folder: string, description: BenchmarkDescription, options: WriteOrLibModelOptions = {}): string {
  if (existsSync(folder) && readdirSync(folder).length > 0 && options.force !== true) throw new FolderExistsError(folder);
  mkdirSync(folder, { recursive: true });
  for (const [fileName, text] of Object.entries(orLibModelFiles(problem, description))) writeFileSync(path.join(folder, fileName), text, 'utf8');
  return folder;
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

/** Read a file and convert one 1-based problem of it into a model folder; returns the description written. */
export function convertOrLibProblem(sourcePath: string, problemNumber: number, folder: string, options: WriteOrLibModelOptions & { knownOptimum?: number } = {}): BenchmarkDescription {
  const problems = parseOrLibFile(readFileSync(sourcePath, 'utf8'), sourcePath);
  const problem = problems[problemNumber - 1];
  if (!Number.isInteger(problemNumber) || problem === undefined) {
    throw new InvalidInputError([{ file: sourcePath, row: null, column: null, message: `no problem ${problemNumber}; the file holds problems 1 to ${problems.length}` }]);
  }
  const sourceFile = path.basename(sourcePath);
  const known = options.knownOptimum !== undefined ? { value: options.knownOptimum, source: 'given with --known-optimum' } : knownOptimumOf(problem, sourceFile, problemNumber);
  const description: BenchmarkDescription = {
    name: orLibModelName(sourceFile, problemNumber),
    sourceFile,
    problemNumber,
    knownOptimum: known.value,
    knownOptimumSource: known.source,
  };
  writeOrLibModel(problem, folder, description, options);
  return description;
}

const USAGE = 'usage: npx tsx scripts/orlib-to-model.ts <file> <problem-number> <out-dir> [--force] [--known-optimum <value>]';

/** Command-line entry: returns the exit code (0 ok, 1 bad input, 2 crash). */
export function main(argv: readonly string[]): number {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { force: { type: 'boolean', default: false }, 'known-optimum': { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
    });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (positionals.length !== 3) {
      process.stderr.write(`error: expected 3 arguments, found ${positionals.length}\n${USAGE}\n`);
      return 1;
    }
    const [sourcePath, problemText, folder] = positionals;
    const problemNumber = Number(problemText);
    if (!/^\d+$/.test(problemText) || problemNumber < 1) {
      process.stderr.write(`error: problem number must be a whole number >= 1 (1 = the first problem of the file), found ${JSON.stringify(problemText)}\n`);
      return 1;
    }
    const knownText = values['known-optimum'];
    const knownOptimum = knownText === undefined ? undefined : Number(knownText);
    if (knownOptimum !== undefined && !(Number.isFinite(knownOptimum) && knownOptimum > 0)) {
      process.stderr.write(`error: --known-optimum must be a number > 0, found ${JSON.stringify(knownText)}\n`);
      return 1;
    }
    if (!existsSync(sourcePath)) {
      process.stderr.write(`error: ${sourcePath}: file not found\n`);
      return 1;
    }
    const description = convertOrLibProblem(sourcePath, problemNumber, folder, { force: values.force, ...(knownOptimum !== undefined ? { knownOptimum } : {}) });
    const optimum = description.knownOptimum === null ? 'unknown' : String(description.knownOptimum);
    process.stdout.write(`wrote ${folder} (model ${description.name}, known optimum ${optimum})\n`);
    return 0;
  } catch (error) {
    if (error instanceof InvalidInputError) {
      process.stderr.write(`error: ${error.problems.map(formatProblem).join('\n  ')}\n`);
      return 1;
    }
    if (error instanceof FolderExistsError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`error: ${error.message}\n${USAGE}\n`);
      return 1;
    }
    process.stderr.write(`orlib-to-model crashed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}

/** Absolute path of this script, for tests that run it as a process. */
export const ORLIB_TO_MODEL_SCRIPT = fileURLToPath(import.meta.url);
