/**
 * The roll-out of a facility service (Thusong centres) in a portfolio plan, year by year: centres
 * open, municipalities with a counting hub, people within reach, capital and running costs of the
 * new centres, and the running costs committed past the horizon; and which municipalities still
 * lack a hub at the end and why. Read by the Thusong sheet, its chart and the Summary, from the
 * Plan and the Dataset only.
 */
import { formatFinancialYear } from '../dataset/financial-year.js';
import { formatRandMillion } from '../dataset/money-text.js';
import { centreCounts, countingExistingHubs, facilityServicesOf, rolloutExemptionOf } from '../dataset/facilities.js';
import type { Dataset, ServiceDeclaration } from '../dataset/types.js';
import type { Plan, PlannedProject } from './types.js';

/** One financial year of a roll-out. */
export interface RollOutYear {
  /** Financial year (2026 = 2026/27). */
  readonly financialYear: number;
  /** Counting centres open by the end of the year: existing ones and new ones completed by then. */
  readonly centresOpen: number;
  /** New centres of the plan opening (completed) in the year. */
  readonly centresOpened: number;
  /** Municipalities with a counting hub open by the end of the year. */
  readonly municipalitiesCovered: number;
  /** People within reach of a counting centre open by the end of the year (sum over centres; overlaps are not removed). */
  readonly populationWithinReach: number;
  /** Capital spent on the service's new centres in the year, rand. */
  readonly capitalRand: number;
  /** Running costs of the new centres charged in the year, rand. */
  readonly operatingRand: number;
}

/** A municipality still without a counting hub at the end of the horizon, and why. */
export interface MunicipalityWithoutHub {
  /** Demarcation code. */
  readonly municipalityCode: string;
  /** Name. */
  readonly municipalityName: string;
  /** One sentence: the exemption's reason, the deferral of its candidate hub, or that the register has none. */
  readonly reason: string;
}

/** The roll-out of one facility service. */
export interface FacilityRollOut {
  /** The service. */
  readonly service: ServiceDeclaration;
  /** Year by year over the horizon. */
  readonly years: readonly RollOutYear[];
  /** Counting existing centres at the start. */
  readonly existingCentres: number;
  /** People within reach of the counting existing centres at the start (sum over centres): the people the backlog already leaves out. */
  readonly existingPopulationWithinReach: number;
  /** Counting new centres of the plan open by the end of the horizon. */
  readonly newCentres: number;
  /** People within reach of those new centres (sum over centres; overlaps are not removed). */
  readonly newPopulationWithinReach: number;
  /**
   * People of the backlog (not within reach of a counting centre at the start) that the new
   * centres bring within reach by the end: per municipality at most its backlog, so the key
   * figures' people served and the backlog left add up to the backlog.
   */
  readonly backlogPeopleServed: number;
  /** People of the backlog at the start (the service's backlog column of needs.csv). */
  readonly backlogAtStart: number;
  /** Running costs a year the new centres still commit after the horizon's last year, rand. */
  readonly operatingCommitmentRandPerYear: number;
  /** Municipalities without a counting hub at the end, in municipality order. */
  readonly withoutHub: readonly MunicipalityWithoutHub[];
  /** Municipalities in the model. */
  readonly municipalityCount: number;
}

/** The roll-out of every facility service of a portfolio plan (none for an allocation plan or a model without facility services). */
export function facilityRollOuts(plan: Plan, dataset: Dataset): FacilityRollOut[] {
  if (plan.kind !== 'portfolio') return [];
  const projectById = new Map(dataset.projects.map((project) => [project.id, project]));
  const policy = dataset.config.policy;
  return facilityServicesOf(dataset.config.services).map((service) => {
    const existing = dataset.facilities.filter((facility) => facility.service === service.id && centreCounts(facility.anchorDepartments, policy));
    const lines = plan.projects.filter((line) => line.service === service.id && projectById.get(line.id)?.facilityType != null);
    const funded = lines.filter((line): line is PlannedProject & { completionYear: number } => line.funded && line.completionYear !== null);
    const counting = funded.filter((line) => centreCounts(projectById.get(line.id)?.anchorDepartments ?? [], policy));
    const hubOpenBy = (municipalityCode: string, year: number): boolean =>
      countingExistingHubs(dataset, service.id, municipalityCode).length > 0 ||
      counting.some((line) => line.municipalityCode === municipalityCode && projectById.get(line.id)?.facilityType === 'hub' && line.completionYear <= year);
    const years = plan.financialYears.map((financialYear): RollOutYear => {
      const openNew = counting.filter((line) => line.completionYear <= financialYear);
      return {
        financialYear,
        centresOpen: existing.length + openNew.length,
        centresOpened: counting.filter((line) => line.completionYear === financialYear).length,
        municipalitiesCovered: dataset.municipalities.filter((municipality) => hubOpenBy(municipality.code, financialYear)).length,
        populationWithinReach:
          existing.reduce((sum, facility) => sum + facility.populationWithinReach, 0) + openNew.reduce((sum, line) => sum + (projectById.get(line.id)?.populationWithinReach ?? 0), 0),
        capitalRand: funded.reduce((sum, line) => sum + line.spending.filter((spending) => spending.financialYear === financialYear).reduce((inner, spending) => inner + spending.amountRand, 0), 0),
        operatingRand: funded.reduce((sum, line) => sum + line.operatingSpending.filter((spending) => spending.financialYear === financialYear).reduce((inner, spending) => inner + spending.amountRand, 0), 0),
      };
    });
    const lastYear = plan.financialYears[plan.financialYears.length - 1] ?? dataset.config.baseFinancialYear;
    const backlogAtStart = dataset.needs.filter((need) => need.service === service.id).reduce((sum, need) => sum + need.backlogHouseholds, 0);
    const remainingAtEnd = plan.backlog.find((point) => point.service === service.id && point.financialYear === lastYear)?.remainingHouseholds ?? backlogAtStart;
    const openAtEnd = counting.filter((line) => line.completionYear <= lastYear);
    const withoutHub = dataset.municipalities
      .filter((municipality) => !hubOpenBy(municipality.code, lastYear))
      .map((municipality): MunicipalityWithoutHub => ({ municipalityCode: municipality.code, municipalityName: municipality.name, reason: reasonWithoutHub(dataset, service, municipality.code, lines) }));
    return {
      service,
      years,
      existingCentres: existing.length,
      existingPopulationWithinReach: existing.reduce((sum, facility) => sum + facility.populationWithinReach, 0),
      newCentres: openAtEnd.length,
      newPopulationWithinReach: openAtEnd.reduce((sum, line) => sum + (projectById.get(line.id)?.populationWithinReach ?? 0), 0),
      backlogPeopleServed: Math.max(0, backlogAtStart - remainingAtEnd),
      backlogAtStart,
      operatingCommitmentRandPerYear: funded.reduce((sum, line) => sum + (projectById.get(line.id)?.operatingCostRandPerYear ?? 0), 0),
      withoutHub,
      municipalityCount: dataset.municipalities.length,
    };
  });
}

/** Why a municipality has no counting hub at the end: exempted, its candidate hubs deferred (first reason), or none in the register. */
function reasonWithoutHub(dataset: Dataset, service: ServiceDeclaration, municipalityCode: string, lines: readonly PlannedProject[]): string {
  const exemption = rolloutExemptionOf(dataset, service.id, municipalityCode);
  if (exemption !== undefined) return `exempted from the roll-out: ${exemption.reason}`;
  const hubs = lines.filter((line) => line.municipalityCode === municipalityCode && dataset.projects.find((project) => project.id === line.id)?.facilityType === 'hub');
  const deferred = hubs.find((line) => !line.funded);
  if (deferred !== undefined) return `its candidate hub ${deferred.id} is not funded: ${deferred.deferralDetail ?? deferred.deferralReason ?? 'no reason recorded'}`;
  const unanchored = dataset.facilities.find((facility) => facility.municipalityCode === municipalityCode && facility.service === service.id && facility.facilityType === 'hub');
  if (unanchored !== undefined) return `its hub ${unanchored.id} has no anchor department, so it does not count, and the register has no candidate hub`;
  return 'the register has no candidate hub for it';
}

/** `12,345` */
function whole(count: number): string {
  return Math.round(count).toLocaleString('en-GB');
}

/**
 * How the people within reach of an open centre reconcile with the people served: the existing
 * centres' reach is already outside the backlog, the new centres' reach is what the plan adds,
 * and of that only people of the backlog count as served (a municipality's new centres cannot
 * serve more people than its backlog); the rest of the backlog is left unserved.
 */
function reachReconciliationWords(rollOut: FacilityRollOut, lastYear: string): string {
  const capped = Math.round(rollOut.newPopulationWithinReach) - Math.round(rollOut.backlogPeopleServed);
  const served =
    capped > 0
      ? `, of whom ${whole(rollOut.backlogPeopleServed)} had no centre within reach before (the people served in the key figures; the other ${whole(capped)} are in municipalities whose new centres reach more people than the backlog, where centres overlap, so they are not counted as served)`
      : ' (the people served in the key figures: they had no centre within reach before)';
  return (
    `Of those people within reach, ${whole(rollOut.existingPopulationWithinReach)} are within reach of the ${rollOut.existingCentres} existing ${rollOut.existingCentres === 1 ? 'centre' : 'centres'}, so they were never in the backlog, ` +
    `and ${whole(rollOut.newPopulationWithinReach)} are brought within reach by the ${rollOut.newCentres} new ${rollOut.newCentres === 1 ? 'centre' : 'centres'}${served}; ` +
    `${whole(Math.max(0, rollOut.backlogAtStart - rollOut.backlogPeopleServed))} of the backlog of ${whole(rollOut.backlogAtStart)} people still have no centre within reach in ${lastYear}.`
  );
}

/**
 * The Summary's sentences on the roll-out of each facility service: coverage at the end, the
 * running costs committed past the horizon, and each municipality still without a hub with why.
 */
export function rollOutSummarySentences(plan: Plan, dataset: Dataset): string[] {
  return facilityRollOuts(plan, dataset).flatMap((rollOut) => {
    const last = rollOut.years[rollOut.years.length - 1];
    if (last === undefined) return [];
    const lastYear = formatFinancialYear(last.financialYear);
    const sentences = [
      `${rollOut.service.label}: by ${lastYear} ${last.municipalitiesCovered} of ${rollOut.municipalityCount} municipalities have a hub with an anchor department; ` +
        `${last.centresOpen} centres are open (${rollOut.existingCentres} existing) with ${whole(last.populationWithinReach)} people within reach (illustrative).`,
      reachReconciliationWords(rollOut, lastYear),
      `The new centres commit running costs of ${formatRandMillion(rollOut.operatingCommitmentRandPerYear)} a year beyond ${lastYear}, paid from operating envelopes, not from capital.`,
    ];
    if (rollOut.withoutHub.length === 0) sentences.push(`Every municipality has a ${rollOut.service.id} hub by ${lastYear}.`);
    for (const municipality of rollOut.withoutHub) sentences.push(`${municipality.municipalityCode} ${municipality.municipalityName} still lacks a hub in ${lastYear}: ${municipality.reason}`);
    return sentences;
  });
}
