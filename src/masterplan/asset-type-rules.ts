/**
 * One record per asset type: which flow it carries, the unit of its capacity, and the design
 * demand its capacity is compared with. The formulas follow DWAF (2004) as DOMAIN.md quotes it;
 * docs/masterplan.md gives each in mathematics and words. Reports, checks and documentation read
 * these records, so a formula is stated once.
 */
import type { AssetType, CapacityUnit, ConsumptionSettings, DemandBasis, ReturnFlowSettings, ServiceDemand, ServiceSettings } from './types.js';

/** The average and gross demand of one year, Ml/day. */
export interface DayDemand {
  /** AADD (consumption) or average inflow (return flow), Ml/day. */
  readonly averageMlPerDay: number;
  /** Gross demand (system input), Ml/day; the average for a return flow. */
  readonly grossMlPerDay: number;
}

/** An asset type on a consumption service (water supply). */
interface SupplyRule {
  /** The flow it carries. */
  readonly basis: 'consumption';
  /** Design demand of one year, in the capacity unit. */
  readonly designDemand: (day: DayDemand, settings: ConsumptionSettings, storageHours: number) => number;
}

/** An asset type on a return-flow service (wastewater). */
interface WastewaterRule {
  /** The flow it carries. */
  readonly basis: 'return_flow';
  /** Design demand of one year, in the capacity unit. */
  readonly designDemand: (day: DayDemand, settings: ReturnFlowSettings) => number;
}

/** What infraplan knows about an asset type. */
export type AssetTypeRule = (SupplyRule | WastewaterRule) & {
  /** The asset type. */
  readonly assetType: AssetType;
  /** Human label, e.g. `water treatment works`. */
  readonly label: string;
  /** Short code used in generated ids, e.g. `WTW`. */
  readonly idCode: string;
  /** Unit of capacity and design demand. */
  readonly capacityUnit: CapacityUnit;
  /** The design demand in words, for reports. */
  readonly formula: string;
};

/** Works and pumps run `pumpingHoursPerDay`, so they must deliver a day's water in that many hours. */
function pumpingFactor(settings: ConsumptionSettings): number {
  return 24 / settings.pumpingHoursPerDay;
}

/** The rules, one per asset type. */
export const ASSET_TYPE_RULES: Readonly<Record<AssetType, AssetTypeRule>> = {
  raw_water_source: {
    assetType: 'raw_water_source',
    label: 'raw-water source',
    idCode: 'SRC',
    capacityUnit: 'Ml/day',
    basis: 'consumption',
    // A yield is an annual average quantity; peaks are met from storage, so the source carries the
    // works' average intake (DOMAIN.md gives no peak rule for sources).
    formula: 'gross demand × (1 + treatment losses)',
    designDemand: (day, settings) => day.grossMlPerDay * (1 + settings.treatmentLossShare),
  },
  water_treatment_works: {
    assetType: 'water_treatment_works',
    label: 'water treatment works',
    idCode: 'WTW',
    capacityUnit: 'Ml/day',
    basis: 'consumption',
    formula: 'summer peak × gross demand × (1 + treatment losses) × 24 / pumping hours',
    designDemand: (day, settings) =>
      settings.summerPeakFactor * day.grossMlPerDay * (1 + settings.treatmentLossShare) * pumpingFactor(settings),
  },
  bulk_water_pipeline: {
    assetType: 'bulk_water_pipeline',
    label: 'bulk water pipeline',
    idCode: 'PIPE',
    capacityUnit: 'Ml/day',
    basis: 'consumption',
    formula: 'summer peak × gross demand',
    designDemand: (day, settings) => settings.summerPeakFactor * day.grossMlPerDay,
  },
  reservoir_storage: {
    assetType: 'reservoir_storage',
    label: 'reservoir storage',
    idCode: 'RES',
    capacityUnit: 'Ml',
    basis: 'consumption',
    formula: 'storage hours / 24 × AADD',
    designDemand: (day, _settings, storageHours) => (storageHours / 24) * day.averageMlPerDay,
  },
  wastewater_treatment_works: {
    assetType: 'wastewater_treatment_works',
    label: 'wastewater treatment works',
    idCode: 'WWTW',
    capacityUnit: 'Ml/day',
    basis: 'return_flow',
    formula: 'average inflow (return share × AADD of the source service)',
    designDemand: (day) => day.averageMlPerDay,
  },
  bulk_sewer: {
    assetType: 'bulk_sewer',
    label: 'bulk sewer',
    idCode: 'SEWER',
    capacityUnit: 'Ml/day',
    basis: 'return_flow',
    formula: 'sewer peak factor × average inflow',
    designDemand: (day, settings) => settings.sewerPeakFactor * day.averageMlPerDay,
  },
};

/** The flow a service's demand settings describe. */
export function serviceBasis(settings: ServiceSettings): DemandBasis {
  return settings.demand.basis;
}

/**
 * Design demand of an asset type per year from a service's demand. The caller has checked that
 * the service's basis is the one the asset type carries (checkMasterPlanInput); a mismatch here is
 * a bug, not bad input.
 */
export function designDemandByYear(assetType: AssetType, demand: ServiceDemand, settings: ServiceSettings, storageHours: number): number[] {
  const rule = ASSET_TYPE_RULES[assetType];
  const demandSettings = settings.demand;
  return demand.averageMlPerDayByYear.map((averageMlPerDay, index) => {
    const day: DayDemand = { averageMlPerDay, grossMlPerDay: demand.grossMlPerDayByYear[index] };
    if (rule.basis === 'consumption' && demandSettings.basis === 'consumption') return rule.designDemand(day, demandSettings, storageHours);
    if (rule.basis === 'return_flow' && demandSettings.basis === 'return_flow') return rule.designDemand(day, demandSettings);
    throw new Error(`${assetType} carries ${rule.basis} but service ${settings.service} is ${demandSettings.basis}`);
  });
}
