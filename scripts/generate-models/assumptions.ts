/**
 * The generator's own constants: the horizon, the seed and the funding envelopes' sizing. Demand,
 * upgrade sizing, unit costs and phasing are the master plan stage's (src/masterplan/
 * default-assumptions.ts, docs/masterplan.md), not the generator's. docs/data-sources.md explains
 * the basis of each; change them here only together with that document.
 */

/** Fixed seed of the pure-rand generator; the release date of Census 2022 results (10 Oct 2023). */
export const GENERATOR_SEED = 20231010;

/** First financial year of both models (2026 = 2026/27). */
export const BASE_FINANCIAL_YEAR = 2026;
/** Number of financial years planned. */
export const HORIZON_YEARS = 10;
/** Years between the Census nights of October 2011 and February 2022, as Stats SA uses for growth rates. */
export const CENSUS_INTERVAL_YEARS = 10.33;

/**
 * Each capital envelope holds the committed projects' spending and this share of what the
 * candidates the plan can use ask of its source in that year (funding.ts): a little over half of
 * them can be funded. 0.6 rather than 0.5 so that the committed works stay payable under the
 * shipped scenarios (RBIG a year late leaves MIG and own funds to pay their first year;
 * docs/data-sources.md).
 */
export const FUNDABLE_SHARE_OF_REGISTER = 0.6;
/** Envelopes are rounded to this many rand. */
export const ENVELOPE_ROUNDING_RAND = 100_000;

/** Capex of a generated Thusong centre is rounded to this many rand (thusong.ts). */
export const CAPEX_ROUNDING_RAND = 100_000;
