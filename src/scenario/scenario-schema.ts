/**
 * The shape of a scenario file (scenarios/*.yaml). Field names are snake_case like model.yaml and
 * carry their unit; docs/scenarios.md explains each one with its default. Shape is checked here;
 * whether a source, project or indicator id exists is checked against the model when the scenario
 * is applied (apply-scenario.ts), because only then is the model known.
 */
import { z } from 'zod';
import type { PolicySettings } from '../dataset/types.js';

/** A number that is finite (YAML `.inf` and `.nan` are refused). */
const finiteNumber = z.number().finite();
/** A share between 0 and 1. */
const share = finiteNumber.min(0).max(1);
/** A number at or above 0. */
const nonNegative = finiteNumber.min(0);

/**
 * The year selector of an envelope override: `2027/28`, `2027`, a list of those, or a range
 * `2027/28-2029/30`. Kept as written here and parsed by `parseYearSelection`, so that an error can
 * quote what the user wrote.
 */
const yearSelection = z.union([z.string(), z.number().int(), z.array(z.union([z.string(), z.number().int()])).min(1)]);

/** One envelope override: set (`amount_rand`) or change (`change_percent`) a source's envelopes. */
export const envelopeOverrideSchema = z
  .strictObject({
    /** Funding source id, e.g. `RBIG`. */
    source: z.string().min(1),
    /** Years affected; omitted means every year of the horizon. */
    years: yearSelection.optional(),
    /** New envelope in rand for each selected year (>= 0). */
    amount_rand: nonNegative.optional(),
    /** Change in percent of the envelope as it stands, e.g. -20 (>= -100). */
    change_percent: finiteNumber.min(-100).optional(),
  })
  .superRefine((override, context) => {
    const given = [override.amount_rand, override.change_percent].filter((value) => value !== undefined).length;
    if (given !== 1) {
      context.addIssue({
        code: 'custom',
        message:
          given === 0
            ? 'an envelope override needs amount_rand (absolute rand) or change_percent (e.g. -20)'
            : 'give amount_rand or change_percent, not both',
        path: given === 0 ? [] : ['change_percent'],
      });
    }
  });

/** One delayed source: its envelopes move `delay_years` later. */
export const delaySchema = z.strictObject({
  /** Funding source id, e.g. `RBIG`. */
  source: z.string().min(1),
  /** Whole years to move every envelope of the source later (>= 0). */
  delay_years: z.number().int().min(0),
});

/** Policy overrides, snake_case as in model.yaml; each optional. */
export const policyOverrideSchema = z.strictObject({
  discount_rate_percent: finiteNumber.min(0).max(100).optional(),
  need_weight: share.optional(),
  growth_weight: share.optional(),
  benefit_per_household: nonNegative.optional(),
  benefit_per_ml_per_day: nonNegative.optional(),
  basic_package_floor_share: share.optional(),
  basic_package_min_spend_rand: nonNegative.optional(),
  min_sanitation_share: share.optional(),
  district_share_min: share.optional(),
  district_share_max: share.optional(),
  max_concurrent_projects_per_municipality: z.number().int().min(0).optional(),
  allocation_cost_per_water_household_rand: nonNegative.optional(),
  allocation_cost_per_sanitation_household_rand: nonNegative.optional(),
  allocation_cost_per_ml_per_day_rand: nonNegative.optional(),
});

/** snake_case policy key in a scenario -> PolicySettings field. */
export const POLICY_FIELDS: Readonly<Record<keyof z.infer<typeof policyOverrideSchema>, keyof PolicySettings>> = {
  discount_rate_percent: 'discountRatePercent',
  need_weight: 'needWeight',
  growth_weight: 'growthWeight',
  benefit_per_household: 'benefitPerHousehold',
  benefit_per_ml_per_day: 'benefitPerMlPerDay',
  basic_package_floor_share: 'basicPackageFloorShare',
  basic_package_min_spend_rand: 'basicPackageMinSpendRand',
  min_sanitation_share: 'minSanitationShare',
  district_share_min: 'districtShareMin',
  district_share_max: 'districtShareMax',
  max_concurrent_projects_per_municipality: 'maxConcurrentProjectsPerMunicipality',
  allocation_cost_per_water_household_rand: 'allocationCostPerWaterHouseholdRand',
  allocation_cost_per_sanitation_household_rand: 'allocationCostPerSanitationHouseholdRand',
  allocation_cost_per_ml_per_day_rand: 'allocationCostPerMlPerDayRand',
};

/** Engine settings a scenario may fix; the command line still wins. */
export const engineOverrideSchema = z.strictObject({
  /** `highs` (default) or `jslp`. */
  solver: z.enum(['highs', 'jslp']).optional(),
  /** Wall-clock limit for the solve, seconds (> 0). */
  time_limit_seconds: finiteNumber.positive().optional(),
  /** Relative MIP gap at which to stop, e.g. 0.005 (>= 0). */
  relative_gap: nonNegative.lt(1, { error: 'expected a relative gap below 1, e.g. 0.005 for 0.5%' }).optional(),
});

/** A scenario file. Every field is optional; an empty file is the model unchanged. */
export const scenarioFileSchema = z.strictObject({
  /** Scenario name for reports; default the file's basename. */
  name: z.string().min(1).optional(),
  /** One or two sentences for the reader. */
  description: z.string().optional(),
  /** Path of a scenario this one builds on, relative to this file. */
  extends: z.string().min(1).optional(),
  /** Number of financial years planned (whole, >= 1). */
  horizon_years: z.number().int().min(1).max(100).optional(),
  /** Indicator normalisation: `min-max`, `z-score` or `rank`. */
  normalisation: z.enum(['min-max', 'z-score', 'rank']).optional(),
  /** Indicator weight (>= 0) by indicator id. */
  index_weights: z.record(z.string(), nonNegative).optional(),
  /** Policy settings, snake_case as in model.yaml. */
  policy: policyOverrideSchema.optional(),
  /** Envelope overrides, applied in order. */
  envelopes: z.array(envelopeOverrideSchema).optional(),
  /** Sources whose money arrives later. */
  delays: z.array(delaySchema).optional(),
  /** Multiplier on every envelope after the other envelope changes (>= 0; 1 = unchanged). */
  budget_scale: nonNegative.optional(),
  /** Percent added to every project's capex and cash flow, e.g. 10 (> -100). */
  cost_escalation_percent: finiteNumber.gt(-100).optional(),
  /** Project ids that must be funded. */
  committed: z.array(z.string().min(1)).optional(),
  /** Project ids that must not be funded. */
  excluded: z.array(z.string().min(1)).optional(),
  /** Solver settings. */
  engine: engineOverrideSchema.optional(),
});

/** A scenario file as validated (shape only). */
export type ScenarioFile = z.infer<typeof scenarioFileSchema>;
/** One envelope override as validated. */
export type EnvelopeOverride = z.infer<typeof envelopeOverrideSchema>;
/** One delay as validated. */
export type SourceDelay = z.infer<typeof delaySchema>;
