/**
 * The master plan stage: population and households per year, demand per service, demand against
 * capacity per asset type, the upgrades needed, the generated candidate projects and their merge
 * with the planner's register. A pure function of its input; it never reads files.
 */
import { horizonFrom } from '../dataset/horizon.js';
import { ASSET_TYPE_RULES } from './asset-type-rules.js';
import { computeBalance } from './asset-balance.js';
import { MasterPlanInputError, checkMasterPlanInput } from './check-input.js';
import { computeDemand } from './compute-demand.js';
import { DEFAULT_DEMAND_ASSUMPTIONS } from './default-assumptions.js';
import { generateCandidateProjects } from './generate-candidate-projects.js';
import { mergeWithRegister } from './merge-with-register.js';
import { projectPopulation, projectionYears } from './project-population.js';
import { registerTarget } from './register-targets.js';
import {
  ASSET_TYPES,
  type AssetBalance,
  type DemandAssumptions,
  type GeneratedProject,
  type MasterPlan,
  type MasterPlanInput,
  type MunicipalityProjection,
  type RegisterProject,
  type ServiceDemand,
  type ServiceSettings,
} from './types.js';

/**
 * The services the plan covers, in the order of `assumptions.services`: those named by a need, an
 * asset or a register row, plus the consumption services their return flows come from.
 */
export function servicesInPlan(input: MasterPlanInput, assumptions: DemandAssumptions): ServiceSettings[] {
  const present = new Set([...input.needs.map((need) => need.service), ...input.assets.map((asset) => asset.service), ...input.register.map((project) => project.service)]);
  const sources = new Set(
    assumptions.services.flatMap((settings) => (present.has(settings.service) && settings.demand.basis === 'return_flow' ? [settings.demand.sourceService] : [])),
  );
  return assumptions.services.filter((settings) => present.has(settings.service) || sources.has(settings.service));
}

/**
 * Build the master plan. Throws MasterPlanInputError listing every problem when the input or the
 * assumptions cannot be planned with.
 */
export function buildMasterPlan<P extends RegisterProject>(input: MasterPlanInput<P>, assumptions: DemandAssumptions = DEFAULT_DEMAND_ASSUMPTIONS): MasterPlan<P> {
  const problems = checkMasterPlanInput(input, assumptions);
  if (problems.length > 0) throw new MasterPlanInputError(problems);

  const { lastYear: lastHorizonYear } = horizonFrom(input.baseFinancialYear, input.horizonYears);
  const years = projectionYears(input.baseFinancialYear, input.horizonYears, assumptions.assetTypes);
  const services = servicesInPlan(input, assumptions);
  const notes: string[] = [];
  // A facility service's backlog (people without a Thusong centre within reach) is met by its
  // centres, never by a bulk programme: a note about it read, on the shipped model, like a
  // configuration fault the user could not act on (review u2, 7).
  const facilityServices = new Set(input.facilityServiceIds ?? []);
  const unplannedServices = new Set(
    input.needs.filter((need) => need.backlogHouseholds > 0 && !facilityServices.has(need.service) && !services.some((settings) => settings.service === need.service && settings.backlog !== null)).map((need) => need.service),
  );
  // The note names the service as the model declares it (an official reads it), and the id under
  // which the settings would go.
  for (const service of unplannedServices) {
    const label = input.serviceLabels?.[service] ?? service;
    notes.push(`${label}: a backlog, but no master plan backlog settings for service ${service}, so no eradication programme is generated`);
  }

  const committed = input.register.filter((project) => project.status === 'committed' && project.capacityAddedMlPerDay > 0);
  const projections: MunicipalityProjection[] = [];
  const demands: ServiceDemand[] = [];
  const balances: AssetBalance[] = [];
  const candidateProjects: GeneratedProject[] = [];
  for (const municipality of input.municipalities) {
    const projection = projectPopulation(municipality, years, assumptions.growth, input.projectionRows);
    projections.push(projection);
    const municipalityDemands = computeDemand(projection, municipality, input.needs, services);
    demands.push(...municipalityDemands);
    for (const serviceSettings of services) {
      const demand = municipalityDemands.find((candidate) => candidate.service === serviceSettings.service) as ServiceDemand;
      const assets = input.assets.filter((asset) => asset.municipalityCode === municipality.code && asset.service === serviceSettings.service);
      const serviceCommitted = committed.filter((project) => project.municipalityCode === municipality.code && project.service === serviceSettings.service);
      const serviceBalances = ASSET_TYPES.filter((assetType) => ASSET_TYPE_RULES[assetType].basis === serviceSettings.demand.basis).flatMap((assetType) => {
        const typeAssets = assets.filter((asset) => asset.assetType === assetType);
        const typeCommitted = serviceCommitted.filter((project) => registerTarget(project, assumptions) === assetType);
        if (typeAssets.length === 0 && typeCommitted.length === 0) return [];
        return [
          computeBalance(
            {
              municipalityCode: municipality.code,
              serviceSettings,
              assetType,
              demand,
              assets: typeAssets,
              committedProjects: typeCommitted,
              years,
              baseFinancialYear: input.baseFinancialYear,
              lastHorizonYear,
            },
            assumptions,
          ),
        ];
      });
      balances.push(...serviceBalances);
      const generation = generateCandidateProjects(
        {
          municipality,
          serviceSettings,
          balances: serviceBalances,
          assets,
          need: input.needs.find((need) => need.municipalityCode === municipality.code && need.service === serviceSettings.service),
          baseFinancialYear: input.baseFinancialYear,
          lastHorizonYear,
        },
        assumptions,
      );
      candidateProjects.push(...generation.projects);
      notes.push(...generation.notes);
    }
  }
  return {
    baseFinancialYear: input.baseFinancialYear,
    lastHorizonYear,
    years,
    projections,
    demands,
    balances,
    candidateProjects,
    merge: mergeWithRegister(candidateProjects, input.register, assumptions),
    notes,
  };
}
