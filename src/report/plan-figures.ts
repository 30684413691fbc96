/**
 * The numbers a report shows, computed once from the Plan (and, for names and envelopes the Plan
 * does not repeat, the Dataset). Sheets and charts read these rather than re-deriving totals, so
 * the workbook's cached formula results and the charts always agree with each other.
 */
import { centreCounts } from '../dataset/facilities.js';
import type { Dataset, Service } from '../dataset/types.js';
import { allocationsOf, projectsOf, type Plan } from '../plan/types.js';
import type { SolveStatus } from '../solve/engine.js';

/** One amount of planned spending with every attribute a report groups by. */
export interface SpendingRecord {
  /** The funded project the money pays for, or null for an allocation line (the allocation funds no projects). */
  readonly projectId: string | null;
  /** Demarcation code. */
  readonly municipalityCode: string;
  /** District code. */
  readonly districtCode: string;
  /** Service. */
  readonly service: Service;
  /** Funding source id. */
  readonly sourceId: string;
  /** Financial year (2026 = 2026/27). */
  readonly financialYear: number;
  /** Rand. */
  readonly amountRand: number;
}

/**
 * Which money a spending record is: capital (what projects cost to build, or what the allocation
 * divides) or operating (running costs of funded centres, paid from operating sources).
 */
export type SpendingPurpose = 'capital' | 'operating';

/** Rand per row key and financial year, rows in a fixed order. */
export interface SpendingTable {
  /** Row keys in display order. */
  readonly rowKeys: readonly string[];
  /** Human label per row key. */
  readonly rowLabels: Readonly<Record<string, string>>;
  /** Rand per row key, per financial year. */
  readonly randByRowAndYear: ReadonlyMap<string, ReadonlyMap<number, number>>;
}

/** The headline figures of the Summary sheet. */
export interface KeyFigures {
  /** Sum of every capital envelope over the horizon, rand (operating envelopes are apart: `operatingEnvelopeRand`). */
  readonly envelopeTotalRand: number;
  /** Planned capital spending over the horizon (what the funded projects cost to build), rand. */
  readonly plannedSpendingRand: number;
  /** Sum of every operating envelope over the horizon, rand (0 when the model has no operating source). */
  readonly operatingEnvelopeRand: number;
  /** Running costs of funded centres paid from operating sources over the horizon, rand. */
  readonly runningCostsRand: number;
  /** Planned capital spending / capital envelope total (0 when there is no envelope). */
  readonly shareOfEnvelopeUsed: number;
  /** Funded projects (portfolio) or 0 for the allocation formulation. */
  readonly fundedProjectCount: number;
  /** Projects of the register not funded. */
  readonly deferredProjectCount: number;
  /** Backlog served over the horizon per service id (in the service's need unit), every declared service present. */
  readonly householdsServedByService: Readonly<Record<Service, number>>;
}

/**
 * Every spending amount of the plan for one purpose. Capital: the funded projects' build spending
 * (portfolio) or the allocation lines (allocation). Operating: the running costs of the funded
 * projects, by operating source and year (the allocation funds no projects, so nothing runs).
 * Capital and running costs are never mixed in one list: a total that mixed them would match
 * neither the capital envelopes nor the operating ones.
 */
export function spendingRecords(plan: Plan, dataset: Dataset, purpose: SpendingPurpose = 'capital'): SpendingRecord[] {
  const records: SpendingRecord[] = [];
  for (const project of projectsOf(plan)) {
    if (!project.funded) continue;
    for (const line of purpose === 'capital' ? project.spending : project.operatingSpending) {
      records.push({
        projectId: project.id,
        municipalityCode: project.municipalityCode,
        districtCode: project.districtCode,
        service: project.service,
        sourceId: line.sourceId,
        financialYear: line.financialYear,
        amountRand: line.amountRand,
      });
    }
  }
  if (purpose === 'operating') return records;
  const districtByMunicipality = new Map(dataset.municipalities.map((municipality) => [municipality.code, municipality.districtCode]));
  for (const allocation of allocationsOf(plan)) {
    records.push({
      projectId: null,
      municipalityCode: allocation.municipalityCode,
      districtCode: districtByMunicipality.get(allocation.municipalityCode) ?? '',
      service: allocation.service,
      sourceId: allocation.sourceId,
      financialYear: allocation.financialYear,
      amountRand: allocation.amountRand,
    });
  }
  return records;
}

/** The ids of the model's operating sources (they pay running costs, never capital). */
export function operatingSourceIds(dataset: Dataset): ReadonlySet<string> {
  return new Set(dataset.fundingSources.filter((source) => source.purpose === 'operating').map((source) => source.id));
}

/** Group spending records into a table of rand per row key and year. */
export function tabulateSpending<Row extends SpendingRecord>(
  records: readonly Row[],
  rowKeyOf: (record: Row) => string,
  rowKeys: readonly string[],
  rowLabels: Readonly<Record<string, string>>,
): SpendingTable {
  const randByRowAndYear = new Map<string, Map<number, number>>(rowKeys.map((key) => [key, new Map<number, number>()]));
  for (const record of records) {
    const key = rowKeyOf(record);
    let byYear = randByRowAndYear.get(key);
    if (!byYear) {
      // A key the caller did not list still has to be shown, or the totals would not add up.
      byYear = new Map<number, number>();
      randByRowAndYear.set(key, byYear);
    }
    byYear.set(record.financialYear, (byYear.get(record.financialYear) ?? 0) + record.amountRand);
  }
  const allKeys = [...randByRowAndYear.keys()];
  const labels: Record<string, string> = { ...rowLabels };
  for (const key of allKeys) labels[key] ??= key;
  return { rowKeys: allKeys, rowLabels: labels, randByRowAndYear };
}

/** Rand in one cell of a spending table (0 when nothing was spent). */
export function tableRand(table: SpendingTable, rowKey: string, financialYear: number): number {
  return table.randByRowAndYear.get(rowKey)?.get(financialYear) ?? 0;
}

/** Spending by municipality × year, municipalities in dataset order. */
export function spendingByMunicipality(plan: Plan, dataset: Dataset): SpendingTable {
  const labels = Object.fromEntries(dataset.municipalities.map((municipality) => [municipality.code, `${municipality.code} ${municipality.name}`]));
  return tabulateSpending(spendingRecords(plan, dataset), (record) => record.municipalityCode, dataset.municipalities.map((municipality) => municipality.code), labels);
}

/** Spending by district × year, districts in order of first appearance. */
export function spendingByDistrict(plan: Plan, dataset: Dataset): SpendingTable {
  const labels: Record<string, string> = {};
  for (const municipality of dataset.municipalities) labels[municipality.districtCode] ??= `${municipality.districtCode} ${municipality.districtName}`;
  return tabulateSpending(spendingRecords(plan, dataset), (record) => record.districtCode, Object.keys(labels), labels);
}

/** Spending by service × year, the model's services in declared order. */
export function spendingByService(plan: Plan, dataset: Dataset): SpendingTable {
  const labels = Object.fromEntries(plan.services.map((service) => [service.id, service.label]));
  return tabulateSpending(spendingRecords(plan, dataset), (record) => record.service, plan.services.map((service) => service.id), labels);
}

/**
 * Capital spending by funding source × year, capital sources in dataset order. Rows are labelled
 * by source id only: the names (up to 70 characters) are listed once in a legend, see sourceLegend.
 */
export function spendingBySource(plan: Plan, dataset: Dataset): SpendingTable {
  const operating = operatingSourceIds(dataset);
  const ids = dataset.fundingSources.map((source) => source.id).filter((id) => !operating.has(id));
  return tabulateSpending(spendingRecords(plan, dataset), (record) => record.sourceId, ids, Object.fromEntries(ids.map((id) => [id, id])));
}

/** Running costs paid by operating source × year, operating sources in dataset order (no rows when the model has none). */
export function runningCostsBySource(plan: Plan, dataset: Dataset): SpendingTable {
  const ids = [...operatingSourceIds(dataset)];
  return tabulateSpending(spendingRecords(plan, dataset, 'operating'), (record) => record.sourceId, ids, Object.fromEntries(ids.map((id) => [id, id])));
}

/** Source id and name (operating sources marked), one pair per funding source, for a legend under a table. */
export function sourceLegend(dataset: Dataset): readonly (readonly [string, string])[] {
  return dataset.fundingSources.map((source) => [source.id, `${source.name}${source.purpose === 'operating' ? ' (operating: running costs only)' : ''}`] as const);
}

/** Households served per service: funded projects for the portfolio, backlog reduction for the allocation. */
export function householdsServedByService(plan: Plan, dataset: Dataset): Record<Service, number> {
  const served: Record<Service, number> = Object.fromEntries(plan.services.map((service) => [service.id, 0]));
  if (plan.kind === 'portfolio') {
    // A counting centre of a facility service serves the people within its reach (src/dataset/facilities.ts).
    const registerById = new Map(dataset.projects.map((project) => [project.id, project]));
    const reachOf = (id: string): number => {
      const project = registerById.get(id);
      return project !== undefined && project.facilityType !== null && centreCounts(project.anchorDepartments, dataset.config.policy) ? project.populationWithinReach : 0;
    };
    // Counted per municipality and at most its backlog, as the plan's remaining backlog is: projects
    // that overlap (phases, a scheme and its works) must not serve more households than there are.
    const backlogOf = new Map(dataset.needs.map((need) => [`${need.municipalityCode}|${need.service}`, need.backlogHouseholds]));
    const servedByKey = new Map<string, number>();
    for (const project of plan.projects) {
      if (!project.funded) continue;
      const key = `${project.municipalityCode}|${project.service}`;
      servedByKey.set(key, (servedByKey.get(key) ?? 0) + project.householdsServed + reachOf(project.id));
    }
    for (const [key, count] of servedByKey) {
      const service = key.slice(key.indexOf('|') + 1);
      served[service] = (served[service] ?? 0) + Math.min(count, backlogOf.get(key) ?? 0);
    }
    return served;
  }
  const lastYear = plan.financialYears[plan.financialYears.length - 1];
  for (const { id: service } of plan.services) {
    const initial = dataset.needs.filter((need) => need.service === service).reduce((sum, need) => sum + need.backlogHouseholds, 0);
    const remaining = plan.backlog.find((point) => point.service === service && point.financialYear === lastYear)?.remainingHouseholds ?? initial;
    served[service] = Math.max(0, initial - remaining);
  }
  return served;
}

/**
 * The people a project of the register reaches when it is a centre of a facility service
 * (Thusong): its population within reach, 0 for a centre that does not count (no anchor
 * department); null for a project that is not a centre, whose reach is in households.
 */
export function peopleWithinReachOf(projectId: string, dataset: Dataset, registerById?: ReadonlyMap<string, Dataset['projects'][number]>): number | null {
  const project = registerById?.get(projectId) ?? dataset.projects.find((candidate) => candidate.id === projectId);
  if (project === undefined || project.facilityType === null) return null;
  return centreCounts(project.anchorDepartments, dataset.config.policy) ? project.populationWithinReach : 0;
}

/** The headline figures of a plan. */
export function keyFigures(plan: Plan, dataset: Dataset): KeyFigures {
  // Capital and operating money apart: operating envelopes pay running costs, which capital spending does not include.
  const operating = operatingSourceIds(dataset);
  const envelopeTotalRand = plan.envelopeUse.filter((use) => !operating.has(use.sourceId)).reduce((sum, use) => sum + use.envelopeRand, 0);
  const operatingEnvelopeRand = plan.envelopeUse.filter((use) => operating.has(use.sourceId)).reduce((sum, use) => sum + use.envelopeRand, 0);
  const plannedSpendingRand = spendingRecords(plan, dataset).reduce((sum, record) => sum + record.amountRand, 0);
  const runningCostsRand = spendingRecords(plan, dataset, 'operating').reduce((sum, record) => sum + record.amountRand, 0);
  return {
    envelopeTotalRand,
    plannedSpendingRand,
    operatingEnvelopeRand,
    runningCostsRand,
    shareOfEnvelopeUsed: envelopeTotalRand > 0 ? plannedSpendingRand / envelopeTotalRand : 0,
    fundedProjectCount: projectsOf(plan).filter((project) => project.funded).length,
    deferredProjectCount: projectsOf(plan).filter((project) => !project.funded).length,
    householdsServedByService: householdsServedByService(plan, dataset),
  };
}

/** Words for a quadrant, as an official would say it. */
export function quadrantInWords(quadrant: string): string {
  switch (quadrant) {
    case 'high_growth_high_need':
      return 'High growth potential, high need';
    case 'high_growth_low_need':
      return 'High growth potential, low need';
    case 'low_growth_high_need':
      return 'Low growth potential, high need';
    case 'low_growth_low_need':
      return 'Low growth potential, low need';
    default:
      return quadrant;
  }
}

/**
 * Words for a deferral reason, the same for every project with it (the Summary counts projects by
 * these words); the detail names the year, project or rule.
 */
export function deferralReasonInWords(reason: string | null): string {
  switch (reason) {
    case 'excluded':
      return 'Excluded in the register or scenario';
    case 'start_window':
      return 'Cannot start and finish inside the horizon';
    case 'prerequisite':
      return 'A prerequisite is not funded or not finished in time';
    case 'exclusive_alternative':
      return 'An alternative in its exclusive group is funded';
    case 'no_benefit':
      return 'Would add no benefit within the horizon';
    case 'policy':
      return 'A policy rule keeps it out';
    case 'operating_budget':
      return 'Operating money (running costs) runs out';
    case 'budget':
      return 'The envelopes were better spent elsewhere';
    default:
      return reason ?? '';
  }
}

/** A share as a percentage with two decimals, as the plan's gap is printed everywhere: `0.76%`. */
function gapPercent(gap: number): string {
  return `${(gap * 100).toFixed(2)}%`;
}

/** What a status without a plan means, in words. */
const NO_PLAN_WORDS: Readonly<Record<Exclude<SolveStatus, 'optimal' | 'feasible'>, string>> = {
  time_limit: 'no plan: the time limit came before any plan was found',
  infeasible: 'no plan: no plan meets every rule',
  unbounded: 'no plan: the program is unbounded, which a correct model cannot be',
  error: 'no plan: the solver failed',
};

/**
 * A plan's status with its proven gap, in words an analyst can quote: `proven the best possible`,
 * `proven within 0.75% of the best possible` (the solver stopped at the gap asked: no plan has
 * more than 0.75% more benefit), `stopped early: proven only within 3.20% of the best possible`
 * (a time limit, before the gap asked), or why there is no plan.
 */
export function statusInWords(status: SolveStatus, gap: number | null): string {
  if (status === 'optimal') return gap === null || gap <= 0 ? 'proven the best possible' : `proven within ${gapPercent(gap)} of the best possible`;
  if (status === 'feasible') return gap === null ? 'stopped early: not proven close to the best possible (gap unknown)' : `stopped early: proven only within ${gapPercent(gap)} of the best possible, not the gap asked`;
  return NO_PLAN_WORDS[status];
}

/** The proven gap as a cell or column shows it: `0.76%`, `0` for a plan proven the best, `unknown`, or `n/a` without a plan. */
export function gapInWords(status: SolveStatus, gap: number | null): string {
  if (status !== 'optimal' && status !== 'feasible') return 'n/a';
  if (gap === null) return 'unknown';
  return gap <= 0 ? '0%' : gapPercent(gap);
}
