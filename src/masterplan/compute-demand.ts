/**
 * Demand per service and year: consumers' water use (AADD) and gross demand for a consumption
 * service, average inflow for a return flow. Design demands per asset type are formed from these
 * by asset-type-rules.ts.
 */
import type { ConsumptionSettings, MasterPlanMunicipality, MasterPlanNeed, MunicipalityProjection, ServiceDemand, ServiceSettings } from './types.js';

/** Litres per Ml. */
const LITRES_PER_MEGALITRE = 1_000_000;

/** Litres per person per day of a declared service level; checkMasterPlanInput has made sure the id exists. */
function levelLitres(settings: ConsumptionSettings, levelId: string): number {
  const level = settings.serviceLevels.find((candidate) => candidate.id === levelId);
  if (level === undefined) throw new Error(`service level ${levelId} is not declared`);
  return level.litresPerPersonPerDay;
}

/**
 * A municipality's unit demand, l/person/day: the model's figure for the municipality when it has
 * one; else the levels weighted by the need's households per service level; else the Census split
 * — backlog households at the backlog level (the basic level the plan must at least provide), the
 * other Census 2022 households at the served level. Households are taken to be of equal size.
 */
export function unitDemandLitresPerPersonPerDay(municipality: MasterPlanMunicipality, need: MasterPlanNeed | undefined, settings: ConsumptionSettings): number {
  const explicit = settings.unitDemandLitresPerPersonPerDayByMunicipality[municipality.code];
  if (explicit !== undefined) return explicit;
  const byLevel = need?.householdsByServiceLevel;
  if (byLevel) {
    const entries = Object.entries(byLevel);
    const households = entries.reduce((sum, [, count]) => sum + count, 0);
    if (households > 0) return entries.reduce((sum, [levelId, count]) => sum + count * levelLitres(settings, levelId), 0) / households;
  }
  const served = levelLitres(settings, settings.servedServiceLevelId);
  const total = municipality.households2022;
  if (need === undefined || total <= 0) return served;
  const backlog = Math.min(need.backlogHouseholds, total);
  return (backlog * levelLitres(settings, settings.backlogServiceLevelId) + (total - backlog) * served) / total;
}

/**
 * Demand of every service of `services` for one municipality. A consumption service:
 * AADD = population × unit demand / 10⁶ and gross = AADD / (1 − non-revenue water share). A return
 * flow: inflow = return share × AADD of its source service (consumers' use, not the water lost
 * before it reaches them). `services` must hold the settings of every source service a return
 * flow names; checkMasterPlanInput makes sure it does.
 */
export function computeDemand(
  projection: MunicipalityProjection,
  municipality: MasterPlanMunicipality,
  needs: readonly MasterPlanNeed[],
  services: readonly ServiceSettings[],
): ServiceDemand[] {
  const needOf = (service: string): MasterPlanNeed | undefined =>
    needs.find((need) => need.municipalityCode === municipality.code && need.service === service);
  const consumption = new Map<string, ServiceDemand>();
  const consumptionDemand = (settings: ServiceSettings & { demand: ConsumptionSettings }): ServiceDemand => {
    const known = consumption.get(settings.service);
    if (known) return known;
    const need = needOf(settings.service);
    const litres = unitDemandLitresPerPersonPerDay(municipality, need, settings.demand);
    const average = projection.populationByYear.map((population) => (population * litres) / LITRES_PER_MEGALITRE);
    const demand: ServiceDemand = {
      municipalityCode: municipality.code,
      service: settings.service,
      basis: 'consumption',
      unitDemandLitresPerPersonPerDay: litres,
      averageMlPerDayByYear: average,
      grossMlPerDayByYear: average.map((aadd) => aadd / (1 - settings.demand.nonRevenueWaterShare)),
      illustrative: projection.illustrative || (need?.illustrative ?? false),
    };
    consumption.set(settings.service, demand);
    return demand;
  };
  return services.map((settings) => {
    const demandSettings = settings.demand;
    if (demandSettings.basis === 'consumption') return consumptionDemand({ ...settings, demand: demandSettings });
    const source = services.find((candidate) => candidate.service === demandSettings.sourceService);
    if (source === undefined || source.demand.basis !== 'consumption') {
      throw new Error(`return flow ${settings.service} names ${demandSettings.sourceService}, which is not a consumption service`);
    }
    const sourceDemand = consumptionDemand({ ...source, demand: source.demand });
    const inflow = sourceDemand.averageMlPerDayByYear.map((aadd) => demandSettings.returnShare * aadd);
    return {
      municipalityCode: municipality.code,
      service: settings.service,
      basis: 'return_flow',
      unitDemandLitresPerPersonPerDay: null,
      averageMlPerDayByYear: inflow,
      grossMlPerDayByYear: inflow,
      illustrative: sourceDemand.illustrative,
    };
  });
}
