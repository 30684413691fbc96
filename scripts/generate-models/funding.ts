/**
 * Illustrative funding envelopes. Each project's capex is shared among its eligible sources in
 * proportion to SOURCE_SIZING_WEIGHTS; a source's ten-year total is FUNDABLE_SHARE_OF_REGISTER of
 * what is shared to it, spread over the years so that it grows at ENVELOPE_GROWTH_PERCENT_PER_YEAR.
 */
import { formatFinancialYear } from '../../src/dataset/financial-year.js';
import {
  BASE_FINANCIAL_YEAR,
  ENVELOPE_GROWTH_PERCENT_PER_YEAR,
  ENVELOPE_ROUNDING_RAND,
  FUNDABLE_SHARE_OF_REGISTER,
  HORIZON_YEARS,
} from './assumptions.js';
import type { GeneratedProject } from './register.js';
import type { CsvRow } from './tables.js';

/** A funding source of the models. */
export interface FundingSourceDefinition {
  /** Source id used in projects.csv. */
  readonly id: string;
  /** Name for reports. */
  readonly name: string;
  /** Whether unspent money may be carried to the next year. */
  readonly carryOver: boolean;
  /** Relative weight when a project's capex is shared among its sources to size the envelopes. */
  readonly sizingWeight: number;
}

/**
 * The sources in the order written. Conditional grants (RBIG, WSIG, MIG, USDG) do not carry over:
 * unspent conditional grants are surrendered to the National Revenue Fund unless National Treasury
 * approves a roll-over. Provincial co-funding and municipal own funds are budgeted by the province
 * and the municipality themselves, so the model lets them carry over.
 */
export const FUNDING_SOURCES: readonly FundingSourceDefinition[] = [
  { id: 'RBIG', name: 'Regional Bulk Infrastructure Grant', carryOver: false, sizingWeight: 3 },
  { id: 'WSIG', name: 'Water Services Infrastructure Grant', carryOver: false, sizingWeight: 2 },
  { id: 'MIG', name: 'Municipal Infrastructure Grant (bulk services and community facilities share)', carryOver: false, sizingWeight: 3 },
  { id: 'USDG', name: 'Urban Settlements Development Grant (bulk water and sanitation share)', carryOver: false, sizingWeight: 3 },
  { id: 'PROV', name: 'Provincial co-funding', carryOver: true, sizingWeight: 1 },
  { id: 'OWN', name: 'Municipal own funds', carryOver: true, sizingWeight: 1 },
];

/** Ten-year total per source id, rand, before rounding (only sources some project can use). */
export function envelopeTotalsRand(projects: readonly Pick<GeneratedProject, 'status' | 'fundingSourceIds' | 'capexRand'>[]): Map<string, number> {
  const weights = new Map(FUNDING_SOURCES.map((source) => [source.id, source.sizingWeight]));
  const totals = new Map<string, number>();
  for (const project of projects) {
    // Excluded projects can never be funded, so they do not ask for money.
    if (project.status === 'excluded') continue;
    const weightSum = project.fundingSourceIds.reduce((sum, id) => sum + (weights.get(id) ?? 0), 0);
    for (const id of project.fundingSourceIds) {
      const share = (weights.get(id) ?? 0) / weightSum;
      totals.set(id, (totals.get(id) ?? 0) + FUNDABLE_SHARE_OF_REGISTER * share * project.capexRand);
    }
  }
  return totals;
}

/** Yearly envelopes of a ten-year total growing geometrically, rounded to ENVELOPE_ROUNDING_RAND. */
export function spreadOverHorizon(totalRand: number): number[] {
  const growth = 1 + ENVELOPE_GROWTH_PERCENT_PER_YEAR / 100;
  const factors = Array.from({ length: HORIZON_YEARS }, (_, offset) => growth ** offset);
  const firstYearRand = totalRand / factors.reduce((sum, factor) => sum + factor, 0);
  return factors.map((factor) => Math.round((firstYearRand * factor) / ENVELOPE_ROUNDING_RAND) * ENVELOPE_ROUNDING_RAND);
}

/** funding.csv rows: one per source and year, every row illustrative. */
export function buildFundingRows(projects: readonly Pick<GeneratedProject, 'status' | 'fundingSourceIds' | 'capexRand'>[]): CsvRow[] {
  const totals = envelopeTotalsRand(projects);
  return FUNDING_SOURCES.filter((source) => totals.has(source.id)).flatMap((source) =>
    spreadOverHorizon(totals.get(source.id) ?? 0).map((envelopeRand, offset) => ({
      source_id: source.id,
      source_name: source.name,
      financial_year: formatFinancialYear(BASE_FINANCIAL_YEAR + offset),
      envelope_rand: String(envelopeRand),
      carry_over: source.carryOver ? 'yes' : 'no',
      purpose: 'capital',
      illustrative: 'yes',
    })),
  );
}
