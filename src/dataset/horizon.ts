/**
 * The planning horizon: its first and last financial year and the years in order, computed once
 * from model.yaml's `base_financial_year` and `horizon_years` (after a scenario's `horizon_years`).
 * Every stage reads it from here rather than adding the length to the base year itself.
 */
import type { ModelConfig } from './types.js';

/** The financial years planned (2026 = 2026/27). */
export interface Horizon {
  /** First financial year (model.yaml `base_financial_year`). */
  readonly firstYear: number;
  /** Last financial year: firstYear + horizon_years - 1. */
  readonly lastYear: number;
  /** Every financial year from firstYear to lastYear, ascending. */
  readonly years: readonly number[];
}

/** The horizon of `horizonLength` years starting in `baseFinancialYear`. */
export function horizonFrom(baseFinancialYear: number, horizonLength: number): Horizon {
  const years = Object.freeze(Array.from({ length: Math.max(0, horizonLength) }, (_, offset) => baseFinancialYear + offset));
  return Object.freeze({ firstYear: baseFinancialYear, lastYear: baseFinancialYear + horizonLength - 1, years });
}

/** Horizons already computed, per (frozen, never edited) model configuration. */
const computed = new WeakMap<object, Horizon>();

/** The horizon of a model (or of a dataset's `config`), computed once per configuration. */
export function horizonOf(config: Pick<ModelConfig, 'baseFinancialYear' | 'horizonYears'>): Horizon {
  let horizon = computed.get(config);
  if (horizon === undefined || horizon.firstYear !== config.baseFinancialYear || horizon.years.length !== config.horizonYears) {
    horizon = horizonFrom(config.baseFinancialYear, config.horizonYears);
    computed.set(config, horizon);
  }
  return horizon;
}

/** True when `financialYear` lies inside the horizon. */
export function inHorizon(horizon: Horizon, financialYear: number): boolean {
  return financialYear >= horizon.firstYear && financialYear <= horizon.lastYear;
}
