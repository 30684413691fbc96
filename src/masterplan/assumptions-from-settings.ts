/**
 * The demand assumptions of a model: the documented defaults (default-assumptions.ts) with every
 * key of the model's `masterplan:` block (and its scenario's) put in their place. The block is
 * validated in shape by src/dataset/masterplan-settings.ts; what only makes sense against the
 * defaults (a service level that is not declared) is checked by checkDemandAssumptions.
 */
import type { MasterPlanAssetTypeSettings, MasterPlanSettings } from '../dataset/types.js';
import { DEFAULT_DEMAND_ASSUMPTIONS } from './default-assumptions.js';
import { ASSET_TYPES, type AssetTypeSettings, type ConsumptionSettings, type DemandAssumptions, type ReturnFlowSettings, type ServiceSettings } from './types.js';

/** A service's settings with the block's keys for it. */
function serviceWith(settings: ServiceSettings, keys: NonNullable<MasterPlanSettings['services']>[string] | undefined): ServiceSettings {
  if (keys === undefined) return settings;
  const backlog =
    settings.backlog !== null && keys.backlog_unit_cost_rand_per_household !== undefined ? { ...settings.backlog, unitCostRandPerHousehold: keys.backlog_unit_cost_rand_per_household } : settings.backlog;
  if (settings.demand.basis === 'consumption') {
    const demand: ConsumptionSettings = settings.demand;
    const levels = keys.service_levels_litres_per_person_per_day;
    const serviceLevels =
      levels === undefined
        ? demand.serviceLevels
        : [
            ...demand.serviceLevels.map((level) => ({ id: level.id, litresPerPersonPerDay: levels[level.id] ?? level.litresPerPersonPerDay })),
            ...Object.entries(levels)
              .filter(([id]) => !demand.serviceLevels.some((level) => level.id === id))
              .map(([id, litresPerPersonPerDay]) => ({ id, litresPerPersonPerDay })),
          ];
    return {
      ...settings,
      backlog,
      demand: {
        ...demand,
        serviceLevels,
        unitDemandLitresPerPersonPerDayByMunicipality: { ...demand.unitDemandLitresPerPersonPerDayByMunicipality, ...(keys.unit_demand_litres_per_person_per_day ?? {}) },
        nonRevenueWaterShare: keys.non_revenue_water_share ?? demand.nonRevenueWaterShare,
        treatmentLossShare: keys.treatment_loss_share ?? demand.treatmentLossShare,
        summerPeakFactor: keys.summer_peak_factor ?? demand.summerPeakFactor,
        pumpingHoursPerDay: keys.pumping_hours_per_day ?? demand.pumpingHoursPerDay,
      },
    };
  }
  const demand: ReturnFlowSettings = settings.demand;
  return {
    ...settings,
    backlog,
    demand: { ...demand, returnShare: keys.return_share ?? demand.returnShare, sewerPeakFactor: keys.sewer_peak_factor ?? demand.sewerPeakFactor },
  };
}

/** An asset type's settings with the block's keys for it; cost and cash-flow keys apply to every option of the type. */
function assetTypeWith(settings: AssetTypeSettings, keys: MasterPlanAssetTypeSettings | undefined): AssetTypeSettings {
  if (keys === undefined) return settings;
  return {
    ...settings,
    designHorizonYears: keys.design_horizon_years ?? settings.designHorizonYears,
    leadTimeYears: keys.lead_time_years ?? settings.leadTimeYears,
    moduleSize: keys.module_size ?? settings.moduleSize,
    options: settings.options.map((option) => ({
      ...option,
      costCurve: { ...option.costCurve, coefficientRand: keys.cost_a_rand ?? option.costCurve.coefficientRand, exponent: keys.cost_b ?? option.costCurve.exponent },
      cashFlowPercent: keys.cashflow_percent ?? option.cashFlowPercent,
    })),
  };
}

/**
 * The assumptions of a `masterplan:` block (absent: the defaults). Services keep the defaults'
 * order; a declared service the defaults do not know has no master plan settings, so its needs
 * get a note and no generated projects.
 */
export function demandAssumptionsFrom(settings: MasterPlanSettings | undefined): DemandAssumptions {
  const defaults = DEFAULT_DEMAND_ASSUMPTIONS;
  if (settings === undefined) return defaults;
  const growth =
    settings.growth?.method === 'table'
      ? ({ method: 'table' } as const)
      : defaults.growth.method === 'census_compound'
        ? { ...defaults.growth, additionalGrowthPercentPerYear: settings.growth?.additional_growth_percent_per_year ?? defaults.growth.additionalGrowthPercentPerYear }
        : defaults.growth;
  const assetTypes = Object.fromEntries(ASSET_TYPES.map((assetType) => [assetType, assetTypeWith(defaults.assetTypes[assetType], settings.asset_types?.[assetType])])) as unknown as DemandAssumptions['assetTypes'];
  return {
    ...defaults,
    growth,
    services: defaults.services.map((service) => serviceWith(service, settings.services?.[service.service])),
    storageHoursBySourceArrangement: { ...defaults.storageHoursBySourceArrangement, ...(settings.storage_hours ?? {}) },
    assetTypes,
  };
}
