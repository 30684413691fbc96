/**
 * The limits of every input, in one place: the plausible range of each kind of number, the longest
 * text and id, the largest file and table, and how many problems are listed. Every schema reads its
 * ranges from here (CSV and workbook cells, model.yaml, scenario files and `--set`), so one kind of
 * number is held to one range wherever it is written, and docs/validation.md lists them all.
 *
 * Why ranges at all: a value such as 1e308 is a finite number, so a plain "number >= 0" accepts it,
 * and it then overflows to infinity the moment a scenario scales it or the program adds two of them.
 * The ranges below are generous for provincial and national planning (the largest envelope of the
 * national model is about R13 billion) and small enough that every sum and product the program
 * builds stays far below the 1e15 that solvers confuse with infinity (src/program/validate-program.ts):
 * money is held in R million there, so R10 trillion is 1e7.
 */

/** The plausible range of one kind of number. */
export interface NumberKind {
  /** Smallest allowed value (inclusive unless `exclusiveMinimum`). */
  readonly minimum: number;
  /** When true, the value must be strictly above `minimum`. */
  readonly exclusiveMinimum?: boolean;
  /** Largest allowed value (inclusive unless `exclusiveMaximum`). */
  readonly maximum: number;
  /** When true, the value must be strictly below `maximum`. */
  readonly exclusiveMaximum?: boolean;
  /** When true, the value must be a whole number. */
  readonly integer?: boolean;
  /** The maximum in words, added to messages where the digits alone are hard to read, e.g. `R10 trillion`. */
  readonly maximumWords?: string;
}

/** Largest plausible rand amount (an envelope, a capex, a cash flow year, a unit cost): R10 trillion, about 1.5 times South Africa's GDP. */
export const LARGEST_RAND = 1e13;
/** Largest plausible count of households: 100 million, about five times South Africa's 2022 count. */
export const LARGEST_HOUSEHOLDS = 1e8;

/** Every kind of number the inputs hold, with its plausible range. */
export const NUMBER_KINDS = {
  /** Rand amounts: envelopes, cash flow years, minimum spends. 0 to R10 trillion. */
  rand: { minimum: 0, maximum: LARGEST_RAND, maximumWords: 'R10 trillion' },
  /** A capital cost: above 0, at most R10 trillion. */
  positiveRand: { minimum: 0, exclusiveMinimum: true, maximum: LARGEST_RAND, maximumWords: 'R10 trillion' },
  /** A unit cost per household (allocation), rand: 0 to R10 million; bulk services cost tens of thousands. */
  randPerHousehold: { minimum: 0, maximum: 1e7, maximumWords: 'R10 million per household' },
  /** A unit cost per Ml/day of capacity (allocation), rand: 0 to R10 billion; plants cost tens of millions per Ml/day. */
  randPerMlPerDay: { minimum: 0, maximum: 1e10, maximumWords: 'R10 billion per Ml/day' },
  /** A share, 0 to 1. */
  share: { minimum: 0, maximum: 1 },
  /** A share of capex in percent (one year of `cashflow_percent`), 0 to 100. */
  percentOfTotal: { minimum: 0, maximum: 100 },
  /** A count of households, 0 to 100 million (backlogs may be estimates, so not necessarily whole). */
  households: { minimum: 0, maximum: LARGEST_HOUSEHOLDS, maximumWords: '100 million households' },
  /** A Census count of households: whole, 0 to 100 million. */
  householdCount: { minimum: 0, maximum: LARGEST_HOUSEHOLDS, integer: true, maximumWords: '100 million households' },
  /** A Census count of persons: whole, 0 to 1 billion. */
  personCount: { minimum: 0, maximum: 1e9, integer: true, maximumWords: '1 billion persons' },
  /** A number of people (a backlog counted in people, possibly an estimate): 0 to 1 billion. */
  persons: { minimum: 0, maximum: 1e9, maximumWords: '1 billion persons' },
  /** Treatment capacity or demand, Ml/day: 0 to 1 million (the largest plants treat a few thousand). */
  mlPerDay: { minimum: 0, maximum: 1e6, maximumWords: '1 million Ml/day' },
  /** A growth rate in percent per year, -100 to 100. */
  growthPercentPerYear: { minimum: -100, maximum: 100 },
  /** A raw indicator value, in the indicator's own unit: -1e15 to 1e15. */
  indicatorValue: { minimum: -1e15, maximum: 1e15, maximumWords: '1e15' },
  /** An indicator weight inside its theme: 0 to 1 million. */
  indicatorWeight: { minimum: 0, maximum: 1e6, maximumWords: '1 million' },
  /** Benefit points per household served or per Ml/day added: 0 to 1 million. */
  benefitPerUnit: { minimum: 0, maximum: 1e6, maximumWords: '1 million points' },
  /** An explicit project benefit (`benefit_override`), points: 0 to 1e12. */
  benefitPoints: { minimum: 0, maximum: 1e12, maximumWords: '1e12 points' },
  /** A discount rate, percent per year: 0 to 100. */
  discountRatePercent: { minimum: 0, maximum: 100 },
  /** A change of an envelope in percent: -100 (all of it) to +1000 (eleven times as much). */
  changePercent: { minimum: -100, maximum: 1000 },
  /** Cost escalation in percent: above -100, at most +1000. */
  escalationPercent: { minimum: -100, exclusiveMinimum: true, maximum: 1000 },
  /** A multiplier on every envelope: 0 to 100. */
  budgetScale: { minimum: 0, maximum: 100 },
  /** A solver time limit, seconds: above 0, at most a week. */
  timeLimitSeconds: { minimum: 0, exclusiveMinimum: true, maximum: 604_800, maximumWords: 'a week' },
  /** A relative MIP gap: 0 up to (not including) 1. */
  relativeGap: { minimum: 0, maximum: 1, exclusiveMaximum: true },
  /** Projects under construction at once per municipality: whole, 0 to 10 000. */
  projectsAtOnce: { minimum: 0, maximum: 10_000, integer: true },
  /** Whole years a source's money is delayed: 0 to 50. */
  delayYears: { minimum: 0, maximum: 50, integer: true },
  /** New facilities opened per financial year: whole, 0 to 10 000. */
  facilitiesPerYear: { minimum: 0, maximum: 10_000, integer: true },
  /** A switch: 1 on, 0 off. */
  onOff: { minimum: 0, maximum: 1, integer: true },
  /** What the portfolio objective counts: 0 benefit points, 1 capacity added (Ml/day), 2 backlog households served. */
  objectiveMeasure: { minimum: 0, maximum: 2, integer: true },
  /** An operating cost per year, rand: 0 to R10 trillion. */
  randPerYear: { minimum: 0, maximum: LARGEST_RAND, maximumWords: 'R10 trillion per year' },
  /** Financial years planned: whole, 1 to 100. */
  horizonYears: { minimum: 1, maximum: 100, integer: true },
  /** Worker threads of an analysis command (`--workers`): whole, 1 to 256. */
  workerCount: { minimum: 1, maximum: 256, integer: true },
  /** Random overrun draws of `stress` (`--draws`): whole, 1 to 10 000. */
  drawCount: { minimum: 1, maximum: 10_000, integer: true },
  /** A random seed (`--seed`): whole, 0 to 2^31 - 1. */
  seed: { minimum: 0, maximum: 2 ** 31 - 1, integer: true },
  /** The median cost factor of an overrun (`--overrun-median`, 1.1 = +10%): above 0, at most 10 (ten times the estimate). */
  costFactor: { minimum: 0, exclusiveMinimum: true, maximum: 10 },
  /** The spread of ln(cost factor) (`--overrun-sigma`): 0 to 2. */
  logSpread: { minimum: 0, maximum: 2 },
  /** Points of the households-growth frontier: whole, 2 to 15. */
  frontierPoints: { minimum: 2, maximum: 15, integer: true },
  /** Points of a sweep (the steps of `--budget-scale from:to:steps`): whole, 2 to 200. */
  sweepSteps: { minimum: 2, maximum: 200, integer: true },
  /** How many deferred projects `explain --top` explains: whole, 1 to 100 000. */
  projectCount: { minimum: 1, maximum: 100_000, integer: true },
  /** The precision of a suggested top-up (`explain --precision`), whole rand: 1 to R10 trillion. */
  precisionRand: { minimum: 1, maximum: LARGEST_RAND, integer: true, maximumWords: 'R10 trillion' },
  /** Unit water demand, litres per person per day: 0 to 10 000 (DWAF's levels are 25 to 130). */
  litresPerPersonPerDay: { minimum: 0, maximum: 10_000 },
  /** A peak factor on average demand: 1 to 10 (DWAF's summer peak is 1.2 to 1.5). */
  peakFactor: { minimum: 1, maximum: 10 },
  /** Hours a day works and pumps run: above 0, at most 24. */
  hoursPerDay: { minimum: 0, exclusiveMinimum: true, maximum: 24 },
  /** Storage in hours of average demand: above 0, at most 720 (30 days; DWAF asks 24 to 48). */
  storageHours: { minimum: 0, exclusiveMinimum: true, maximum: 720 },
  /** Whole years of a design horizon or lead time: 0 to 100. */
  planningYears: { minimum: 0, maximum: 100, integer: true },
  /** A module size, Ml/day or Ml: above 0, at most 1 million. */
  moduleSize: { minimum: 0, exclusiveMinimum: true, maximum: 1e6, maximumWords: '1 million' },
  /** A cost curve exponent: above 0, at most 3. */
  costExponent: { minimum: 0, exclusiveMinimum: true, maximum: 3 },
  /** An asset's length, km: above 0, at most 10 000. */
  lengthKm: { minimum: 0, exclusiveMinimum: true, maximum: 10_000, maximumWords: '10 000 km' },
  /** A financial year as the calendar year it starts (2030 = 2030/31), or 0 for off: whole, 0 to 2200. */
  financialYearOrOff: { minimum: 0, maximum: 2200, integer: true },
  /** Reservoir storage, Ml: 0 to 1 million. */
  storageMl: { minimum: 0, maximum: 1e6, maximumWords: '1 million Ml' },
  /** A calendar year an asset was built: 1800 to 2200, whole. */
  calendarYear: { minimum: 1800, maximum: 2200, integer: true },
} as const satisfies Record<string, NumberKind>;

/** The name of a kind of number. */
export type NumberKindName = keyof typeof NUMBER_KINDS;

/** Show a limit the way messages do: plain digits for whole numbers up to 1e15, else as JavaScript writes it. */
export function formatLimit(value: number): string {
  return Number.isInteger(value) && Math.abs(value) < 1e16 ? value.toFixed(0) : String(value);
}

/**
 * Why `value` is outside `kind`, as the end of "expected ...": `a value at or below 1`,
 * `a whole number`; null when it is inside. Non-finite values are outside every range.
 */
export function rangeViolation(value: number, kind: NumberKind): string | null {
  if (!Number.isFinite(value)) return 'a finite number';
  if (kind.integer && !Number.isInteger(value)) return 'a whole number';
  const belowMinimum = kind.exclusiveMinimum ? value <= kind.minimum : value < kind.minimum;
  if (belowMinimum) return `a value ${kind.exclusiveMinimum ? 'above' : 'at or above'} ${formatLimit(kind.minimum)}`;
  const aboveMaximum = kind.exclusiveMaximum ? value >= kind.maximum : value > kind.maximum;
  if (aboveMaximum) {
    const words = kind.maximumWords === undefined ? '' : ` (${kind.maximumWords})`;
    return `a value ${kind.exclusiveMaximum ? 'below' : 'at or below'} ${formatLimit(kind.maximum)}${words}`;
  }
  return null;
}

/** Excel's limit on the characters of one cell; longer text cannot be written back into a report. */
export const MAX_TEXT_CHARACTERS = 32_767;
/** Longest id (a municipality code, project id, source id, group, indicator id). */
export const MAX_ID_CHARACTERS = 100;
/** Longest model or scenario `name` (it becomes part of report folder names). */
export const MAX_NAME_CHARACTERS = 100;

/** Largest table file (CSV) or workbook read, bytes: 200 MB. */
export const MAX_TABLE_FILE_BYTES = 200 * 1024 * 1024;
/** Largest JSON document read (a plan.json), bytes: 200 MB. */
export const MAX_JSON_FILE_BYTES = 200 * 1024 * 1024;
/** Largest central database opened, bytes: 10 GB (a province's returns over decades are a few hundred MB). */
export const MAX_DATABASE_FILE_BYTES = 10 * 1024 * 1024 * 1024;
/** Largest model.yaml or scenario file read, bytes: 10 MB. */
export const MAX_YAML_FILE_BYTES = 10 * 1024 * 1024;
/** Most data rows one table may have: 200 000 (the national model's largest has about 3 000). */
export const MAX_TABLE_ROWS = 200_000;
/** Most columns one table may have: 500. */
export const MAX_TABLE_COLUMNS = 500;
/** Largest part of a workbook unpacked (a sheet's XML or its shared strings), bytes: 1 GB; guards against zip bombs. */
export const MAX_WORKBOOK_PART_BYTES = 1024 * 1024 * 1024;

/** Deepest nesting of maps and lists accepted in a YAML file; model.yaml needs 3. */
export const MAX_YAML_DEPTH = 20;
/** Most alias references a YAML file may expand (the yaml package's guard against "billion laughs"). */
export const MAX_YAML_ALIASES = 100;

/** Most problem lines printed, and the longest value quoted in a message: kept with the problem collector. */
export { MAX_PROBLEMS_SHOWN, MAX_QUOTED_CHARACTERS } from '../errors/problems.js';
