/**
 * Every generated (illustrative) figure of the models comes from one of these constants and the
 * real Census figures. docs/data-sources.md explains the basis of each; change them here only
 * together with that document.
 */

/** Fixed seed of the pure-rand generator; the release date of Census 2022 results (10 Oct 2023). */
export const GENERATOR_SEED = 20231010;

/** First financial year of both models (2026 = 2026/27). */
export const BASE_FINANCIAL_YEAR = 2026;
/** Number of financial years planned. */
export const HORIZON_YEARS = 10;
/** Calendar year of the Census whose population the current demand is based on. */
export const CENSUS_YEAR = 2022;
/** Years between the Census nights of October 2011 and February 2022, as Stats SA uses for growth rates. */
export const CENSUS_INTERVAL_YEARS = 10.33;

/** Gross water demand per person, litres per day (South African planning guideline range 180–235). */
export const WATER_DEMAND_LITRES_PER_PERSON_PER_DAY = 210;
/** Wastewater inflow as a share of water demand (guideline range 0.70–0.80). */
export const SANITATION_INFLOW_SHARE_OF_WATER_DEMAND = 0.75;
/** Headroom of existing water treatment capacity over demand: `INTERCEPT − SLOPE × growth %/yr`, clamped. */
export const HEADROOM_INTERCEPT = 1.25;
/** Headroom lost per percent per year of population growth (fast-growing towns outgrow their works). */
export const HEADROOM_SLOPE_PER_GROWTH_PERCENT = 0.08;
/** Lowest headroom factor (existing capacity 85% of demand). */
export const HEADROOM_MINIMUM = 0.85;
/** Highest headroom factor (existing capacity 130% of demand). */
export const HEADROOM_MAXIMUM = 1.3;
/** Wastewater works are assumed to lag water works by this much headroom. */
export const SANITATION_HEADROOM_LAG = 0.05;
/** Smallest treatment extension, as a share of existing capacity (renewal and redundancy even without growth). */
export const MINIMUM_UPGRADE_SHARE_OF_CAPACITY = 0.2;
/** Share of a treatment extension built in phase 1. */
export const PHASE_ONE_SHARE = 0.6;
/** Yield of a new raw-water source as a share of the water treatment extension. */
export const NEW_SOURCE_SHARE_OF_UPGRADE = 0.5;
/** Share of a backlog served by a backlog programme's phase 1 (phase 2 serves the rest). */
export const BACKLOG_PHASE_ONE_SHARE = 0.4;
/** Backlogs below this many households get a single-phase programme. */
export const SINGLE_PHASE_BACKLOG_HOUSEHOLDS = 500;

/** Water treatment works extension, rand per Ml/day (a recent Western Cape WTW extension, about R26 million per Ml/day). */
export const WATER_TREATMENT_RAND_PER_ML_PER_DAY = 26_000_000;
/** Wastewater treatment works extension, rand per Ml/day (published range R50–100 million; mid-range). */
export const WASTEWATER_TREATMENT_RAND_PER_ML_PER_DAY = 70_000_000;
/** Groundwater wellfield with treatment, rand per Ml/day of yield (assumption). */
export const GROUNDWATER_RAND_PER_ML_PER_DAY = 10_000_000;
/** Desalination plant (seawater or brackish groundwater), rand per Ml/day (assumption). */
export const DESALINATION_RAND_PER_ML_PER_DAY = 35_000_000;
/** Dam raising or off-channel storage, rand per Ml/day of firm yield (assumption). */
export const DAM_RAISING_RAND_PER_ML_PER_DAY = 15_000_000;
/** Bulk water pipeline, fixed part in rand per km (about a 300 mm steel or uPVC main, assumption). */
export const BULK_PIPELINE_RAND_PER_KM = 6_000_000;
/** Bulk water pipeline, extra rand per km per Ml/day of design flow (larger diameters). */
export const BULK_PIPELINE_RAND_PER_KM_PER_ML_PER_DAY = 250_000;
/** Bulk (outfall) sewer, fixed part in rand per km (assumption). */
export const BULK_SEWER_RAND_PER_KM = 5_000_000;
/** Bulk sewer, extra rand per km per Ml/day of design flow. */
export const BULK_SEWER_RAND_PER_KM_PER_ML_PER_DAY = 250_000;
/** Reinforced-concrete reservoir, rand per Ml of storage (assumption). */
export const RESERVOIR_RAND_PER_ML = 4_500_000;
/** Reservoir storage in hours of the new supply's average daily demand (Red Book guideline: 48 hours). */
export const RESERVOIR_STORAGE_HOURS = 48;
/** Water backlog eradication: rand per household (yard connection and share of reticulation; assumption based on MIG unit-cost norms). */
export const WATER_BACKLOG_RAND_PER_HOUSEHOLD = 22_000;
/** Sanitation backlog eradication: rand per household (waterborne connection and toilet; assumption based on MIG unit-cost norms). */
export const SANITATION_BACKLOG_RAND_PER_HOUSEHOLD = 38_000;
/** Capital costs are rounded to this many rand. */
export const CAPEX_ROUNDING_RAND = 100_000;

/** Envelopes are sized so that this share of the register's capex (candidate and committed) can be funded. */
export const FUNDABLE_SHARE_OF_REGISTER = 0.5;
/** Nominal growth of the funding envelopes, percent per year (about the midpoint of the 3–6% inflation target plus a little real growth). */
export const ENVELOPE_GROWTH_PERCENT_PER_YEAR = 5;
/** Envelopes are rounded to this many rand. */
export const ENVELOPE_ROUNDING_RAND = 100_000;
