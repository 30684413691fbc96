/**
 * Demand against capacity for one asset type of one service in one municipality, and the
 * upgrades it needs: each upgrade carries the asset through one design horizon from its shortfall
 * year, and the next one starts where that runs out.
 */
import { ASSET_TYPE_RULES, designDemandByYear } from './asset-type-rules.js';
import { capacityByYear } from './capacity-by-year.js';
import { findShortfalls, firstShortfallIndex } from './find-shortfalls.js';
import { sizeUpgrade } from './size-upgrade.js';
import type { AssetBalance, AssetType, AssetTypeSettings, BulkAsset, DemandAssumptions, RegisterProject, ServiceDemand, ServiceSettings, UpgradeNeed } from './types.js';

/**
 * Storage hours of a group of reservoirs: the largest of its assets' arrangements (the default
 * arrangement where an asset names none, or when the group has no asset yet), so the group is
 * never under-sized.
 */
export function storageHoursOf(assets: readonly BulkAsset[], assumptions: DemandAssumptions): number {
  const hoursOf = (arrangement: string | null): number => assumptions.storageHoursBySourceArrangement[arrangement ?? assumptions.defaultSourceArrangement];
  if (assets.length === 0) return hoursOf(null);
  return Math.max(...assets.map((asset) => hoursOf(asset.sourceArrangement)));
}

/**
 * The upgrades of a balance. A shortfall is answered while a project could still start within the
 * plan: shortfall year − lead time ≤ last horizon year − shortest build + 1. Each upgrade is
 * assumed in service from its shortfall year when the next shortfall is looked for.
 */
export function planUpgrades(
  designByYear: readonly number[],
  capacity: readonly number[],
  years: readonly number[],
  settings: AssetTypeSettings,
  lastHorizonYear: number,
): UpgradeNeed[] {
  const shortestBuildYears = Math.min(...settings.options.map((option) => option.cashFlowPercent.length));
  const lastStartYear = lastHorizonYear - shortestBuildYears + 1;
  const withUpgrades = [...capacity];
  const upgrades: UpgradeNeed[] = [];
  let fromIndex = 0;
  for (;;) {
    const shortfallIndex = firstShortfallIndex(designByYear, withUpgrades, fromIndex);
    if (shortfallIndex === null || years[shortfallIndex] - settings.leadTimeYears > lastStartYear) break;
    const upgrade = sizeUpgrade(designByYear, withUpgrades, years, shortfallIndex, settings);
    if (upgrade.phases.length === 0) break;
    upgrades.push(upgrade);
    const added = upgrade.phases.reduce((sum, phase) => sum + phase.size, 0);
    for (let index = shortfallIndex; index < withUpgrades.length; index += 1) withUpgrades[index] += added;
    fromIndex = shortfallIndex + 1;
  }
  return upgrades;
}

/** Everything a balance is computed from. */
export interface BalanceInput {
  /** Demarcation code. */
  readonly municipalityCode: string;
  /** The service's settings. */
  readonly serviceSettings: ServiceSettings;
  /** The asset type. */
  readonly assetType: AssetType;
  /** The service's demand in the municipality. */
  readonly demand: ServiceDemand;
  /** The existing assets of this type. */
  readonly assets: readonly BulkAsset[];
  /** The planner's committed projects of this type. */
  readonly committedProjects: readonly RegisterProject[];
  /** The projection's years. */
  readonly years: readonly number[];
  /** First year of the horizon. */
  readonly baseFinancialYear: number;
  /** Last year of the horizon. */
  readonly lastHorizonYear: number;
}

/** Compute one balance: capacity, design demand, shortfalls and the upgrades needed. */
export function computeBalance(input: BalanceInput, assumptions: DemandAssumptions): AssetBalance {
  const rule = ASSET_TYPE_RULES[input.assetType];
  const storageHours = rule.capacityUnit === 'Ml' ? storageHoursOf(input.assets, assumptions) : null;
  const capacity = capacityByYear(input.assets, input.committedProjects, input.years, input.baseFinancialYear, storageHours);
  const design = designDemandByYear(input.assetType, input.demand, input.serviceSettings, storageHours ?? 0);
  const shortfalls = findShortfalls(design, capacity.capacityByYear, input.years);
  return {
    municipalityCode: input.municipalityCode,
    service: input.serviceSettings.service,
    assetType: input.assetType,
    capacityUnit: rule.capacityUnit,
    assets: capacity.assets,
    committedAdditions: capacity.committedAdditions,
    storageHours,
    capacityByYear: capacity.capacityByYear,
    designDemandByYear: design,
    shortfallByYear: shortfalls.shortfallByYear,
    shortfallYear: shortfalls.shortfallYear,
    upgrades: planUpgrades(design, capacity.capacityByYear, input.years, assumptions.assetTypes[input.assetType], input.lastHorizonYear),
    illustrative: input.demand.illustrative || input.assets.some((asset) => asset.illustrative) || input.committedProjects.some((project) => project.illustrative),
  };
}
