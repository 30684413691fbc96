/**
 * Which start years a project may use. Shared by the portfolio formulation, the interpretation and
 * the independent checker, so the rule is written once.
 *
 * Rule: a start year s is allowed when it lies in the project's window [earliest, latest], inside
 * the horizon, and the whole cash flow s .. s + L - 1 (L build years) also lies inside the horizon.
 * Projects that would still be spending after the horizon are left out because their later
 * spending would be unfunded and their households would not be served within the plan.
 */
import { horizonOf } from './horizon.js';
import type { Dataset, Project } from './types.js';

/** Number of build years of a project (length of its cash flow). */
export function buildYears(project: Project): number {
  return project.cashFlowRandByBuildYear.length;
}

/** Allowed start years of a project in ascending order (empty for excluded projects or when none fits). */
export function allowedStartYears(project: Project, dataset: Dataset): number[] {
  if (project.status === 'excluded') return [];
  const { firstYear, lastYear } = horizonOf(dataset.config);
  const from = Math.max(project.earliestStartYear, firstYear);
  const to = Math.min(project.latestStartYear, lastYear - buildYears(project) + 1);
  const years: number[] = [];
  for (let year = from; year <= to; year += 1) years.push(year);
  return years;
}

/** Completion (last build) year for a start year. */
export function completionYear(project: Project, startYear: number): number {
  return startYear + buildYears(project) - 1;
}

/** Rand a project started in `startYear` spends in `financialYear` (0 outside its build years). */
export function cashFlowRandInYear(project: Project, startYear: number, financialYear: number): number {
  const offset = financialYear - startYear;
  return offset >= 0 && offset < project.cashFlowRandByBuildYear.length ? project.cashFlowRandByBuildYear[offset] : 0;
}

/**
 * The capital funding sources of the dataset a project's cash flow may draw on (unknown ids are
 * ignored), in dataset order. Operating sources pay running costs only (facilities.ts), so capital
 * and operating money never mix.
 */
export function eligibleSourceIds(project: Project, dataset: Dataset): string[] {
  const wanted = new Set(project.fundingSourceIds);
  return dataset.fundingSources.filter((source) => source.purpose !== 'operating' && wanted.has(source.id)).map((source) => source.id);
}

/** Envelope of a source in a year, rand (0 when the source has no money that year). */
export function envelopeRand(dataset: Dataset, sourceId: string, financialYear: number): number {
  const source = dataset.fundingSources.find((candidate) => candidate.id === sourceId);
  return source?.envelopeRandByYear[financialYear] ?? 0;
}
