/**
 * The policy settings that are not rules: they shape the objective (benefit weights, the discount
 * rate) or price need for the allocation LP. Each is one record, read like the rules' settings
 * by the schemas, the model.yaml writer, the scenario layers and the input sheet.
 */
import type { PolicySettingRecord } from './rule-types.js';

/** `discount_rate_percent`: a benefit counts less the later it comes (a project's own benefit at its completion year, shortfall closed in each year it is closed). */
export const DISCOUNT_RATE: PolicySettingRecord<'discountRatePercent'> = {
  key: 'discount_rate_percent',
  field: 'discountRatePercent',
  unit: 'percent per year',
  numberKind: 'discountRatePercent',
  perService: false,
  defaultValue: 5,
  meaning: () => 'Discount rate, percent per year: a project’s benefit is discounted to its completion year (master plan shortfall closed: to each year it is closed)',
};

/** `need_weight`: the benefit's weight on the need index. */
export const NEED_WEIGHT: PolicySettingRecord<'needWeight'> = {
  key: 'need_weight',
  field: 'needWeight',
  unit: 'share, 0 to 1',
  numberKind: 'share',
  perService: false,
  defaultValue: 0.5,
  meaning: () => 'Share of benefit weight on the need index (0–1)',
};

/** `growth_weight`: the benefit's weight on the growth-potential index. */
export const GROWTH_WEIGHT: PolicySettingRecord<'growthWeight'> = {
  key: 'growth_weight',
  field: 'growthWeight',
  unit: 'share, 0 to 1',
  numberKind: 'share',
  perService: false,
  defaultValue: 0.5,
  meaning: () => 'Share of benefit weight on the growth-potential index (0–1)',
};

/** `benefit_per_household`: benefit points per backlog household served. */
export const BENEFIT_PER_HOUSEHOLD: PolicySettingRecord<'benefitPerHousehold'> = {
  key: 'benefit_per_household',
  field: 'benefitPerHousehold',
  unit: 'benefit points per household',
  numberKind: 'benefitPerUnit',
  perService: false,
  defaultValue: 1,
  meaning: () => 'Benefit points per backlog household served',
};

/** `benefit_per_ml_per_day`: benefit points per Ml/day of capacity added; with a master plan, per Ml/day of shortfall closed per year in service (docs/data-format.md). */
export const BENEFIT_PER_ML_PER_DAY: PolicySettingRecord<'benefitPerMlPerDay'> = {
  key: 'benefit_per_ml_per_day',
  field: 'benefitPerMlPerDay',
  unit: 'benefit points per Ml/day',
  numberKind: 'benefitPerUnit',
  perService: false,
  defaultValue: 500,
  meaning: () => 'Benefit points per Ml/day of capacity added; with a master plan, per Ml/day of shortfall closed in each year in service',
};

/**
 * `allocation_cost_per_household_rand`: the allocation LP prices a service's backlog with it, per
 * service. Planning assumptions of the order of published South African bulk-service costs (see
 * docs/formulations.md), so a model can state its own; a declared service must have one.
 */
export const ALLOCATION_COST_PER_HOUSEHOLD: PolicySettingRecord<'allocationCostPerHouseholdRand'> = {
  key: 'allocation_cost_per_household_rand',
  field: 'allocationCostPerHouseholdRand',
  unit: 'rand per backlog household, per service',
  numberKind: 'randPerHousehold',
  perService: true,
  defaultValue: { water: 25_000, sanitation: 30_000 },
  requiredForEveryService: true,
  meaning: (service) => `Allocation only, ${service?.label ?? 'per service'}: rand to bring one backlog ${service?.needUnit === 'people' ? 'person' : service?.needUnit === 'ml_per_day' ? 'Ml/day' : 'household'} to the basic level (planning assumption)`,
  formerKeys: [
    { key: 'allocation_cost_per_water_household_rand', serviceId: 'water' },
    { key: 'allocation_cost_per_sanitation_household_rand', serviceId: 'sanitation' },
  ],
};

/** `allocation_cost_per_ml_per_day_rand`: the allocation LP prices a capacity shortfall with it. */
export const ALLOCATION_COST_PER_ML_PER_DAY: PolicySettingRecord<'allocationCostPerMlPerDayRand'> = {
  key: 'allocation_cost_per_ml_per_day_rand',
  field: 'allocationCostPerMlPerDayRand',
  unit: 'rand per Ml/day',
  numberKind: 'randPerMlPerDay',
  perService: false,
  defaultValue: 15_000_000,
  meaning: () => 'Allocation only: rand per Ml/day of treatment capacity short of demand (planning assumption)',
};

/** `benefit_per_person_within_reach`: benefit points per person within reach of a new centre, times its block factor. */
export const BENEFIT_PER_PERSON_WITHIN_REACH: PolicySettingRecord<'benefitPerPersonWithinReach'> = {
  key: 'benefit_per_person_within_reach',
  field: 'benefitPerPersonWithinReach',
  unit: 'benefit points per person within reach, times the block factor',
  numberKind: 'benefitPerUnit',
  perService: false,
  defaultValue: 0.05,
  meaning: () => 'Benefit points per person within reach of a new centre, times the weights of the blocks it offers',
};

/** The values of `objective_measure`. */
export const OBJECTIVE_MEASURES = { benefitPoints: 0, capacityAddedMlPerDay: 1, householdsServed: 2 } as const;

/**
 * `objective_measure`: what the portfolio objective counts. 0 (the default) is benefit points; 1
 * counts only the capacity a project adds (Ml/day) and 2 only the backlog households it serves
 * (services counted in households), each unweighted by the municipal indices, undiscounted and
 * without benefit overrides, so the objective is that quantity itself. The households-growth
 * frontier uses 1 and 2; the benefit arithmetic (src/indicators/benefit.ts) reads it, so the
 * formulation, the plan and the checker count the same.
 */
export const OBJECTIVE_MEASURE: PolicySettingRecord<'objectiveMeasure'> = {
  key: 'objective_measure',
  field: 'objectiveMeasure',
  unit: '0 benefit points, 1 capacity added (Ml/day), 2 households served',
  numberKind: 'objectiveMeasure',
  perService: false,
  defaultValue: 0,
  meaning: () => 'What the plan maximises: 0 = benefit points, 1 = capacity added (Ml/day) only, 2 = backlog households served only (1 and 2 unweighted, undiscounted)',
};
