/**
 * Generated candidate projects of one service in one municipality: capacity upgrades for every
 * upgrade need of its balances (phased, costed with the curves, with earliest start = shortfall
 * year − lead time and the prerequisites of their asset type) and the backlog eradication
 * programmes. Every project carries `origin = masterplan`.
 */
import { formatFinancialYear } from '../dataset/financial-year.js';
import { ASSET_TYPE_RULES } from './asset-type-rules.js';
import { roundCapex, costUpgrade, splitCashFlow } from './cost-upgrade.js';
import {
  ASSET_TYPES,
  type AssetBalance,
  type AssetType,
  type BulkAsset,
  type DemandAssumptions,
  type FundingRule,
  type GeneratedProject,
  type MasterPlanMunicipality,
  type MasterPlanNeed,
  type ServiceSettings,
  type UpgradeOption,
} from './types.js';

/** What one municipality's service contributes to the generation. */
export interface GenerationContext {
  /** The municipality. */
  readonly municipality: MasterPlanMunicipality;
  /** The service's settings. */
  readonly serviceSettings: ServiceSettings;
  /** The service's balances in the municipality. */
  readonly balances: readonly AssetBalance[];
  /** The service's assets in the municipality (for pipeline and sewer lengths). */
  readonly assets: readonly BulkAsset[];
  /** The service's backlog in the municipality, if any. */
  readonly need: MasterPlanNeed | undefined;
  /** First year of the horizon. */
  readonly baseFinancialYear: number;
  /** Last year of the horizon. */
  readonly lastHorizonYear: number;
}

/** Generated projects and the remarks made while generating them. */
export interface Generation {
  /** The projects, in plan order. */
  readonly projects: readonly GeneratedProject[];
  /** Remarks for the planner. */
  readonly notes: readonly string[];
}

/** Asset types with every prerequisite type before its dependants (ASSET_TYPES order otherwise). */
export function assetTypeOrder(assumptions: DemandAssumptions): AssetType[] {
  const order: AssetType[] = [];
  const visiting = new Set<AssetType>();
  const visit = (assetType: AssetType): void => {
    if (order.includes(assetType) || visiting.has(assetType)) return;
    visiting.add(assetType);
    for (const prerequisite of assumptions.assetTypes[assetType].prerequisiteAssetTypes) visit(prerequisite);
    order.push(assetType);
  };
  ASSET_TYPES.forEach(visit);
  return order;
}

/** Funding sources of a rule for the municipality's MIIF category. */
function fundingFor(rule: FundingRule, municipality: MasterPlanMunicipality): readonly string[] {
  return rule.sourceIdsByMiifCategory[municipality.miifCategory] ?? rule.sourceIds;
}

/** A size for a description: `32`, `2.5`, `0.25`. */
function describeSize(size: number): string {
  return String(Number(size.toFixed(2)));
}

/** The length a pipeline or sewer upgrade is costed over: the longest asset of the type (a new main runs the whole way). */
function upgradeLengthKm(assets: readonly BulkAsset[], assetType: AssetType): number | null {
  const lengths = assets.filter((asset) => asset.assetType === assetType && asset.lengthKm !== null).map((asset) => asset.lengthKm as number);
  return lengths.length === 0 ? null : Math.max(...lengths);
}

/** The start window of a generated project. */
interface Window {
  /** Earliest start, financial year. */
  readonly earliestStartYear: number;
  /** Latest start, financial year. */
  readonly latestStartYear: number;
}

/**
 * Earliest start = max(notBefore, completion of the prerequisites); latest = earliest + window,
 * but never so late that the project cannot finish within the horizon. Null when even the
 * earliest start cannot finish in time.
 */
function startWindow(notBefore: number, after: readonly GeneratedProject[], buildYearCount: number, windowYears: number, lastHorizonYear: number): Window | null {
  const earliestStartYear = Math.max(notBefore, ...after.map((project) => project.earliestStartYear + project.cashFlowRandByBuildYear.length));
  const lastStartYear = lastHorizonYear - buildYearCount + 1;
  if (earliestStartYear > lastStartYear) return null;
  return { earliestStartYear, latestStartYear: Math.min(earliestStartYear + windowYears, lastStartYear) };
}

/**
 * The projects an upgrade in service from `shortfallYear` must wait for: for each prerequisite
 * asset type, the generated phase that carries that type through `shortfallYear` (the last one
 * needed by then), or nothing when the type's existing and committed capacity still covers its
 * own design demand that year (the works the upgrade feeds has room: waiting for its next phase
 * would only delay the upgrade, often past the horizon). A phase built as alternatives is skipped,
 * because "after any one of them" cannot be a prerequisite, and so is a phase that was not
 * generated: a prerequisite always names a project of the register.
 */
export function prerequisitesInServiceBy(
  shortfallYear: number,
  prerequisiteAssetTypes: readonly AssetType[],
  balances: readonly AssetBalance[],
  upgradesByType: ReadonlyMap<AssetType, readonly GeneratedProject[]>,
  baseFinancialYear: number,
): GeneratedProject[] {
  return prerequisiteAssetTypes.flatMap((assetType) => {
    const balance = balances.find((candidate) => candidate.assetType === assetType);
    if (balance === undefined) return [];
    // The balances' series start in the base year (MasterPlan.years); a year past their end is covered by nothing.
    const index = shortfallYear - baseFinancialYear;
    const coveredWithoutUpgrade = index >= 0 && index < balance.shortfallByYear.length ? balance.shortfallByYear[index] <= 0 : false;
    if (coveredWithoutUpgrade) return [];
    const upgrades = upgradesByType.get(assetType) ?? [];
    const needed = upgrades.filter((project) => project.shortfallYear !== null && project.shortfallYear <= shortfallYear);
    if (needed.length === 0) return [];
    const lastPhase = Math.max(...needed.map((project) => project.phase));
    const options = needed.filter((project) => project.phase === lastPhase);
    return options.length === 1 ? options : [];
  });
}

/** Capacity upgrades of one balance; `upgradesByType` holds the upgrades generated so far per type (for prerequisites). */
function generateUpgrades(
  context: GenerationContext,
  balance: AssetBalance,
  upgradesByType: ReadonlyMap<AssetType, readonly GeneratedProject[]>,
  assumptions: DemandAssumptions,
  notes: string[],
): GeneratedProject[] {
  const { municipality, serviceSettings, baseFinancialYear, lastHorizonYear } = context;
  const settings = assumptions.assetTypes[balance.assetType];
  const rule = ASSET_TYPE_RULES[balance.assetType];
  const lengthKm = upgradeLengthKm(context.assets, balance.assetType);
  const phases = balance.upgrades.flatMap((upgrade) => upgrade.phases);
  if (phases.length > 0 && lengthKm === null && settings.options.some((option) => option.costCurve.perKm)) {
    // Only a committed project, no asset with a length, stands for this type here.
    notes.push(`${municipality.code} ${serviceSettings.service}: the ${rule.label} needs an upgrade but no asset gives its length; not generated`);
    return [];
  }
  const phased = phases.length > 1;
  const idBase = `${municipality.code}-${serviceSettings.idPrefix}-${rule.idCode}`;
  // The first phase waits for the upstream capacity it needs in its shortfall year; later phases chain after it.
  const typePrerequisites = phases.length === 0 ? [] : prerequisitesInServiceBy(phases[0].shortfallYear, settings.prerequisiteAssetTypes, context.balances, upgradesByType, baseFinancialYear);
  const projects: GeneratedProject[] = [];
  let previous: readonly GeneratedProject[] = typePrerequisites;
  for (const [position, phase] of phases.entries()) {
    const number = position + 1;
    const alternatives = settings.options.length > 1;
    const exclusiveGroup = alternatives ? `${idBase}-${number}` : null;
    const lateByYears = Math.max(0, baseFinancialYear - (phase.shortfallYear - settings.leadTimeYears));
    const notBefore = Math.max(baseFinancialYear, phase.shortfallYear - settings.leadTimeYears);
    // Alternatives cannot all be prerequisites of the next phase, so only a single option chains.
    const after = previous.length === 1 || position === 0 ? previous : [];
    const generated = settings.options.flatMap((option: UpgradeOption): GeneratedProject[] => {
      const buildYearCount = option.cashFlowPercent.length;
      // A phase needed too late for any start within the plan is the next plan's business, not a remark.
      if (phase.shortfallYear - settings.leadTimeYears > lastHorizonYear - buildYearCount + 1) return [];
      const window = startWindow(notBefore, after, buildYearCount, settings.startWindowYears, lastHorizonYear);
      const id = alternatives ? `${idBase}-${number}-${option.code}` : `${idBase}-${number}`;
      if (window === null) {
        notes.push(
          `${id}: the ${rule.label} upgrade needed from ${formatFinancialYear(phase.shortfallYear)} cannot start after its prerequisites and finish by ${formatFinancialYear(lastHorizonYear)}; not generated`,
        );
        return [];
      }
      const cost = costUpgrade(phase.size, option, lengthKm, assumptions.capexRoundingRand);
      const sizeWords = rule.capacityUnit === 'Ml' ? `+${describeSize(phase.size)} Ml storage` : `+${describeSize(phase.size)} Ml/day`;
      const lengthWords = option.costCurve.perKm && lengthKm !== null ? `${describeSize(lengthKm)} km, ` : '';
      return [
        {
          id,
          origin: 'masterplan',
          kind: 'capacity_upgrade',
          municipalityCode: municipality.code,
          service: serviceSettings.service,
          type: option.projectType,
          description: `${municipality.name}: ${option.description}${phased ? ` phase ${number}` : ''} (${lengthWords}${sizeWords}), needed from ${formatFinancialYear(phase.shortfallYear)}`,
          capexRand: cost.capexRand,
          cashFlowRandByBuildYear: cost.cashFlowRandByBuildYear,
          cashFlowPercent: option.cashFlowPercent,
          householdsServed: 0,
          assetType: balance.assetType,
          capacityAdded: phase.size,
          capacityUnit: rule.capacityUnit,
          // The register counts a reservoir by the daily flow its storage balances (Ml × 24 / hours).
          capacityAddedMlPerDay: balance.storageHours === null ? phase.size : (phase.size * 24) / balance.storageHours,
          earliestStartYear: window.earliestStartYear,
          latestStartYear: window.latestStartYear,
          prerequisiteIds: after.map((project) => project.id),
          exclusiveGroup,
          fundingSourceIds: fundingFor(settings.funding, municipality),
          status: 'candidate',
          benefitOverride: null,
          illustrative: assumptions.illustrative || balance.illustrative,
          phase: number,
          shortfallYear: phase.shortfallYear,
          lateByYears,
        },
      ];
    });
    // A phase that cannot be generated leaves its successors without their prerequisite.
    if (generated.length === 0) break;
    projects.push(...generated);
    previous = generated;
  }
  return projects;
}

/** Backlog eradication programmes of one service in one municipality (none without a backlog or settings). */
function generateBacklogProgrammes(context: GenerationContext, assumptions: DemandAssumptions, notes: string[]): GeneratedProject[] {
  const { municipality, serviceSettings, need, baseFinancialYear, lastHorizonYear } = context;
  const settings = serviceSettings.backlog;
  if (settings === null || need === undefined || need.backlogHouseholds <= 0) return [];
  const backlog = need.backlogHouseholds;
  const singlePhase = backlog < settings.singlePhaseBelowHouseholds;
  const phaseOne = singlePhase ? backlog : Math.round(settings.phaseOneShare * backlog);
  const householdsByPhase = [phaseOne, backlog - phaseOne].filter((households) => households > 0);
  const projects: GeneratedProject[] = [];
  for (const [position, households] of householdsByPhase.entries()) {
    const number = position + 1;
    const cashFlowPercent = settings.cashFlowPercentByPhase[Math.min(position, settings.cashFlowPercentByPhase.length - 1)];
    const notBefore = baseFinancialYear + (position === 0 ? 0 : settings.phaseTwoStartOffsetYears);
    const after = projects.slice(-1);
    const window = startWindow(notBefore, after, cashFlowPercent.length, settings.startWindowYears, lastHorizonYear);
    const id = `${municipality.code}-${serviceSettings.idPrefix}-BL-${number}`;
    if (window === null) {
      notes.push(`${id}: backlog programme phase ${number} cannot finish by ${formatFinancialYear(lastHorizonYear)}; not generated`);
      break;
    }
    const capexRand = roundCapex(households * settings.unitCostRandPerHousehold, assumptions.capexRoundingRand);
    projects.push({
      id,
      origin: 'masterplan',
      kind: 'backlog_eradication',
      municipalityCode: municipality.code,
      service: serviceSettings.service,
      type: settings.projectType,
      description: `${municipality.name}: ${settings.description}${householdsByPhase.length > 1 ? ` phase ${number}` : ''} (${households} households)`,
      capexRand,
      cashFlowRandByBuildYear: splitCashFlow(capexRand, cashFlowPercent),
      cashFlowPercent,
      householdsServed: households,
      assetType: null,
      capacityAdded: 0,
      capacityUnit: 'Ml/day',
      capacityAddedMlPerDay: 0,
      earliestStartYear: window.earliestStartYear,
      latestStartYear: window.latestStartYear,
      prerequisiteIds: after.map((project) => project.id),
      exclusiveGroup: null,
      fundingSourceIds: fundingFor(settings.funding, municipality),
      status: 'candidate',
      benefitOverride: null,
      illustrative: assumptions.illustrative || need.illustrative || municipality.illustrative,
      phase: number,
      shortfallYear: null,
      lateByYears: 0,
    });
  }
  return projects;
}

/**
 * The generated projects of one service in one municipality: capacity upgrades in prerequisite
 * order of the asset types (works before the pipelines and reservoirs that follow them), then the
 * backlog programmes.
 */
export function generateCandidateProjects(context: GenerationContext, assumptions: DemandAssumptions): Generation {
  const notes: string[] = [];
  const upgradesByType = new Map<AssetType, GeneratedProject[]>();
  for (const assetType of assetTypeOrder(assumptions)) {
    const balance = context.balances.find((candidate) => candidate.assetType === assetType);
    if (balance === undefined) continue;
    upgradesByType.set(assetType, generateUpgrades(context, balance, upgradesByType, assumptions, notes));
  }
  const capacityProjects = ASSET_TYPES.flatMap((assetType) => upgradesByType.get(assetType) ?? []);
  return { projects: [...capacityProjects, ...generateBacklogProgrammes(context, assumptions, notes)], notes };
}
