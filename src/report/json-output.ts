/**
 * JSON as infraplan writes it for people and other programs: indented, and with every money field
 * (a key with `Rand` as one of its words) rounded to the cent. Solver arithmetic leaves noise such as
 * 755100000.0000002 against an envelope of 755100000, which reads as an overspend to anyone who
 * checks; the plan itself keeps full precision (the checker's tolerances cover the noise).
 *
 * The Plan has one JSON form, planDocument, printed by `solve --json` and stored as `plan` in a
 * run folder's plan.json, so a script reads both the same way.
 */
import { formatFinancialYear } from '../dataset/financial-year.js';
import type { Dataset } from '../dataset/types.js';
import type { MunicipalIndex } from '../indicators/types.js';
import { allocationsOf, bestBoundOf, objectiveOf, projectsOf, type AllocationLine, type Plan, type PlannedProject, type PortfolioPlan } from '../plan/types.js';
import type { PriceBasis } from './summary-figures.js';

/**
 * A money key: `Rand` as a word of a camelCase name (`spentRand`, `envelopeRandByYear`), not
 * `Random`, and not a rate per rand (`objectivePerRand` is benefit per rand, about 1e-5).
 */
const MONEY_KEY = /Rand(?![a-z])/;
const RATE_KEY = /Per(Rand|Million|\d)/;
const isMoneyKey = (key: string): boolean => MONEY_KEY.test(key) && !RATE_KEY.test(key);

const toCents = (value: number): number => Math.round(value * 100) / 100;

/** Round a number, or the numbers of an array or record, to cents. */
function roundMoney(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? toCents(value) : value;
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'number' && Number.isFinite(item) ? toCents(item) : item));
  if (value !== null && typeof value === 'object' && Object.values(value).every((item) => typeof item === 'number')) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toCents(item as number)]));
  }
  return value;
}

/** `value` as indented JSON with money fields in whole cents, ending in a newline. */
export function toJsonText(value: unknown): string {
  return `${JSON.stringify(value, (key, item: unknown) => (isMoneyKey(key) ? roundMoney(item) : item), 2)}\n`;
}

/** A planned project as JSON: the project plus its start and completion financial years as labels (`2027/28`), null when not funded. */
export type PlannedProjectDocument = PlannedProject & {
  readonly startFinancialYear: string | null;
  readonly completionFinancialYear: string | null;
};

/** The Plan as JSON documents it: the Plan with labelled financial years on each project. */
export interface PlanDocument {
  readonly kind: Plan['kind'];
  readonly modelName: string;
  readonly scenarioName: string;
  readonly financialYears: readonly number[];
  readonly services: Plan['services'];
  readonly status: Plan['status'];
  /** The objective in the plan's own unit: benefit points (portfolio) or weighted R million of unmet need (allocation). */
  readonly objective: number | null;
  /** The best bound, in the objective's unit. */
  readonly bestBound: number | null;
  readonly gap: number | null;
  readonly solver: Plan['solver'];
  readonly seconds: number;
  /** CPU seconds of the solve (Plan `cpuSeconds`); absent where the plan has none. */
  readonly cpuSeconds?: number;
  readonly nodes: number | null;
  /** With `engine.race`: which run won, each run's seed, gap and seconds (src/solve/highs-race.ts). */
  readonly solverRun?: Plan['solverRun'];
  readonly illustrativeNote: string;
  readonly overridesApplied: readonly string[];
  readonly warnings?: readonly string[];
  /** Every project of the register (portfolio); empty for the allocation. */
  readonly projects: readonly PlannedProjectDocument[];
  /** Allocation lines (allocation); empty for the portfolio. */
  readonly allocations: readonly AllocationLine[];
  readonly envelopeUse: Plan['envelopeUse'];
  readonly municipalities: Plan['municipalities'];
  readonly backlog: Plan['backlog'];
  readonly marginalValues: Plan['marginalValues'];
  readonly benefit: Plan['benefit'];
  readonly infeasibility?: Plan['infeasibility'];
  /** With `--baseline`: what changed against the baseline plan, and why (portfolio only). */
  readonly baselineChanges?: PortfolioPlan['baselineChanges'];
  /** Master plan balances per horizon year (shortfall, closed, unmet design demand, Ml/day); only when the run used the master plan. */
  readonly capacityBalances?: PortfolioPlan['capacityBalances'];
}

/**
 * The one JSON form of a Plan, used by `solve --json` and plan.json alike. It keeps one shape for
 * both formulations (a published format): `objective` and `bestBound` in the plan's own unit, and
 * both `projects` and `allocations`, one of them empty.
 */
export function planDocument(plan: Plan): PlanDocument {
  return {
    kind: plan.kind,
    modelName: plan.modelName,
    scenarioName: plan.scenarioName,
    financialYears: plan.financialYears,
    services: plan.services,
    status: plan.status,
    objective: objectiveOf(plan),
    bestBound: bestBoundOf(plan),
    gap: plan.gap,
    solver: plan.solver,
    seconds: plan.seconds,
    ...(plan.cpuSeconds !== undefined ? { cpuSeconds: plan.cpuSeconds } : {}),
    nodes: plan.nodes,
    ...(plan.solverRun !== undefined ? { solverRun: plan.solverRun } : {}),
    illustrativeNote: plan.illustrativeNote,
    overridesApplied: plan.overridesApplied,
    ...(plan.warnings !== undefined ? { warnings: plan.warnings } : {}),
    projects: projectsOf(plan).map((project) => ({
      ...project,
      startFinancialYear: project.startYear === null ? null : formatFinancialYear(project.startYear),
      completionFinancialYear: project.completionYear === null ? null : formatFinancialYear(project.completionYear),
    })),
    allocations: allocationsOf(plan),
    envelopeUse: plan.envelopeUse,
    municipalities: plan.municipalities,
    backlog: plan.backlog,
    marginalValues: plan.marginalValues,
    benefit: plan.benefit,
    ...(plan.infeasibility !== undefined ? { infeasibility: plan.infeasibility } : {}),
    ...(plan.kind === 'portfolio' && plan.baselineChanges !== undefined ? { baselineChanges: plan.baselineChanges } : {}),
    // Design demand against capacity per master plan balance and year (Ml/day), when the run used the master plan.
    ...(plan.kind === 'portfolio' && plan.capacityBalances !== undefined ? { capacityBalances: plan.capacityBalances } : {}),
  };
}

/** The plan as JSON text (planDocument, money to the cent), without the final newline: what `solve --json` prints. */
export function planToJson(plan: Plan): string {
  return toJsonText(planDocument(plan)).trimEnd();
}

/** Contents of a run folder's plan.json: the plan document, the price basis of its money and the municipal indices beside it. */
export interface PlanFileDocument {
  /** The same document `solve --json` prints. */
  readonly plan: PlanDocument;
  /**
   * What the money of `plan` is in: the model's base-year prices, never escalated year by year
   * (`{ baseFinancialYear: "2026/27", yearByYearEscalation: false, words }`). Absent only where a
   * caller wrote plan.json without the model (tests of the baseline reader).
   */
  readonly priceBasis?: PriceBasis;
  /** Municipal indices, or null when they were not given. */
  readonly indices: readonly MunicipalIndex[] | null;
  /**
   * The needs and the sources' settings the plan was made from (after the scenario), so that a
   * later run with `--baseline` this folder lists the needs and sources edited since (the
   * envelopes are in `plan.envelopeUse`). Absent where a caller wrote plan.json without the model.
   */
  readonly inputs?: PlanInputsRecord;
}

/** What plan.json records of the inputs beside the plan (PlanFileDocument `inputs`). */
export interface PlanInputsRecord {
  /** Every need row: municipality, service, backlog in the service's need unit, capacity and demand in Ml/day (null when not known). */
  readonly needs: readonly { readonly municipalityCode: string; readonly service: string; readonly backlogHouseholds: number; readonly treatmentCapacityMlPerDay: number | null; readonly demandMlPerDay: number | null }[];
  /** Every funding source's carry-over and purpose. */
  readonly fundingSources: readonly { readonly id: string; readonly carryOver: boolean; readonly purpose: string }[];
}

/** The inputs record of a dataset (PlanFileDocument `inputs`). */
export function planInputsRecord(dataset: Pick<Dataset, 'needs' | 'fundingSources'>): PlanInputsRecord {
  return {
    needs: dataset.needs.map((need) => ({ municipalityCode: need.municipalityCode, service: need.service, backlogHouseholds: need.backlogHouseholds, treatmentCapacityMlPerDay: need.treatmentCapacityMlPerDay, demandMlPerDay: need.demandMlPerDay })),
    fundingSources: dataset.fundingSources.map((source) => ({ id: source.id, carryOver: source.carryOver, purpose: source.purpose })),
  };
}

/** What plan.json holds for a plan, the price basis of its model (priceBasis of summary-figures) and its indices. */
export function planFileDocument(plan: Plan, indices: readonly MunicipalIndex[] | null, basis?: PriceBasis, dataset?: Pick<Dataset, 'needs' | 'fundingSources'>): PlanFileDocument {
  return { plan: planDocument(plan), ...(basis !== undefined ? { priceBasis: basis } : {}), indices, ...(dataset !== undefined ? { inputs: planInputsRecord(dataset) } : {}) };
}
