/**
 * Totals derived from a plan's lines: envelope use with carry-over recomputed year by year,
 * per-municipality summaries and remaining backlog. Interpretation builds them with these helpers;
 * the checker recomputes them its own way and compares.
 */
import type { Dataset, Service } from '../dataset/types.js';
import type { MunicipalIndex } from '../indicators/types.js';
import type { EnvelopeUse } from './types.js';

/** Rand spent per source and year, keyed `source|year`. */
export type SpendingBySourceYear = ReadonlyMap<string, number>;

/** Key of a source and year in a SpendingBySourceYear map. */
export function sourceYearKey(sourceId: string, financialYear: number): string {
  return `${sourceId}|${financialYear}`;
}

/**
 * Envelope use for every source and year of the horizon. Money not spent in a carry-over source
 * moves to the next year; otherwise it lapses.
 */
export function envelopeUseFromSpending(dataset: Dataset, financialYears: readonly number[], spent: SpendingBySourceYear): EnvelopeUse[] {
  const uses: EnvelopeUse[] = [];
  for (const source of dataset.fundingSources) {
    let carriedInRand = 0;
    for (const financialYear of financialYears) {
      const envelopeRand = source.envelopeRandByYear[financialYear] ?? 0;
      const spentRand = spent.get(sourceYearKey(source.id, financialYear)) ?? 0;
      // Tiny negative remainders are solver noise of well under a rand; never carry a debt.
      const carriedOutRand = source.carryOver ? Math.max(0, envelopeRand + carriedInRand - spentRand) : 0;
      uses.push({ sourceId: source.id, financialYear, envelopeRand, carriedInRand, spentRand, carriedOutRand });
      carriedInRand = carriedOutRand;
    }
  }
  return uses;
}

/** Backlog households per municipality and service, keyed `municipality|service`. */
export function backlogByMunicipalityService(dataset: Dataset): Map<string, number> {
  const map = new Map<string, number>();
  for (const need of dataset.needs) {
    const key = `${need.municipalityCode}|${need.service}`;
    map.set(key, (map.get(key) ?? 0) + need.backlogHouseholds);
  }
  return map;
}

/** Index record per municipality code. */
export function indexMap(indices: readonly MunicipalIndex[]): Map<string, MunicipalIndex> {
  return new Map(indices.map((index) => [index.municipalityCode, index]));
}

/** Households served by a municipality and service by the end of a year (callers supply it). */
export type ServedByYear = (municipalityCode: string, service: Service, financialYear: number) => number;
