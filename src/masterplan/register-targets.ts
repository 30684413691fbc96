/**
 * Which asset type (or backlog) a register row is about, from its project type and service. The
 * merge and the committed capacity both use this one mapping, read from the assumptions.
 */
import { ASSET_TYPE_RULES } from './asset-type-rules.js';
import { ASSET_TYPES, type DemandAssumptions, type MergeKey, type RegisterProject, type ServiceSettings } from './types.js';

/** The settings of a service id, or undefined when the model declares none. */
export function serviceSettingsOf(assumptions: DemandAssumptions, service: string): ServiceSettings | undefined {
  return assumptions.services.find((settings) => settings.service === service);
}

/**
 * The target of a register row: `backlog` when its type is the service's backlog programme type,
 * the asset type whose `registerProjectTypes` list its type (and whose flow is the service's),
 * or null when it is about neither (it then takes no part in the master plan).
 */
export function registerTarget(project: Pick<RegisterProject, 'service' | 'type'>, assumptions: DemandAssumptions): MergeKey['target'] | null {
  const settings = serviceSettingsOf(assumptions, project.service);
  if (settings === undefined) return null;
  if (settings.backlog !== null && settings.backlog.projectType === project.type) return 'backlog';
  const assetType = ASSET_TYPES.find(
    (candidate) =>
      ASSET_TYPE_RULES[candidate].basis === settings.demand.basis && assumptions.assetTypes[candidate].registerProjectTypes.includes(project.type),
  );
  return assetType ?? null;
}

/** The merge key of a register row, or null when it has no target. */
export function registerKey(project: Pick<RegisterProject, 'municipalityCode' | 'service' | 'type'>, assumptions: DemandAssumptions): MergeKey | null {
  const target = registerTarget(project, assumptions);
  return target === null ? null : { municipalityCode: project.municipalityCode, service: project.service, target };
}

/** A merge key as one string, for maps. */
export function mergeKeyText(key: MergeKey): string {
  return `${key.municipalityCode}|${key.service}|${key.target}`;
}
