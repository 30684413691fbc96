/**
 * Need in rand: every municipality's backlog and capacity shortfall priced with the policy's unit
 * costs (`allocation_cost_per_*`). A definition rather than a rule, so the allocation formulation,
 * its interpretation and the independent checker all read it from here.
 */
import type { Dataset, PolicySettings, Service } from './types.js';

/** The policy's bulk cost of bringing one backlog household (unit) of a service to the basic level, rand. */
export function costRandPerBacklogHousehold(policy: PolicySettings, service: Service): number {
  const cost = policy.allocationCostPerHouseholdRand[service];
  // Loading requires a cost for every declared service, so a missing one is a bug upstream.
  if (cost === undefined) throw new Error(`no allocation cost per household for service ${service}`);
  return cost;
}

/** Need of one municipality and service in rand, with its parts. */
export interface ServiceNeedRand {
  /** Demarcation code. */
  readonly municipalityCode: string;
  /** Service. */
  readonly service: Service;
  /** Backlog households (from needs.csv). */
  readonly backlogHouseholds: number;
  /** Backlog households × cost per household, rand. */
  readonly backlogRand: number;
  /** max(0, demand − capacity) × cost per Ml/day, rand (0 when either is unknown). */
  readonly capacityShortfallRand: number;
  /** backlogRand + capacityShortfallRand. */
  readonly totalRand: number;
}

/** Need in rand for every municipality and service of the needs table, in table order. */
export function serviceNeedsRand(dataset: Dataset): ServiceNeedRand[] {
  const policy = dataset.config.policy;
  return dataset.needs.map((need) => {
    const backlogRand = need.backlogHouseholds * costRandPerBacklogHousehold(policy, need.service);
    const shortfallMlPerDay =
      need.demandMlPerDay !== null && need.treatmentCapacityMlPerDay !== null ? Math.max(0, need.demandMlPerDay - need.treatmentCapacityMlPerDay) : 0;
    const capacityShortfallRand = shortfallMlPerDay * policy.allocationCostPerMlPerDayRand;
    return {
      municipalityCode: need.municipalityCode,
      service: need.service,
      backlogHouseholds: need.backlogHouseholds,
      backlogRand,
      capacityShortfallRand,
      totalRand: backlogRand + capacityShortfallRand,
    };
  });
}
