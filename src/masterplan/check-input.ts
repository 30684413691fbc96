/**
 * Checks of the master plan's input and assumptions that the stage relies on. The loader will
 * validate shapes with file, row and column; these checks name the asset, municipality or
 * setting, collect every problem, and let buildMasterPlan stop before computing anything.
 */
import { ASSET_TYPE_RULES } from './asset-type-rules.js';
import { assetTypeOrder } from './generate-candidate-projects.js';
import { ASSET_TYPES, type AssetType, type DemandAssumptions, type InputRowSource, type MasterPlanInput, type MasterPlanProblem, type ServiceSettings } from './types.js';

/** Raised when the input or assumptions cannot be planned with; `problems` lists every one. */
export class MasterPlanInputError extends Error {
  readonly problems: readonly MasterPlanProblem[];
  constructor(problems: readonly MasterPlanProblem[]) {
    super(
      `${problems.length} problem${problems.length === 1 ? '' : 's'} in the master plan input:\n` +
        problems.map((problem) => `  - ${problem.subject}${problem.key === null ? '' : `, ${problem.key}`}: ${problem.message}`).join('\n'),
    );
    this.name = 'MasterPlanInputError';
    this.problems = problems;
  }
}

/** Collects problems with one subject. */
type Report = (key: string | null, message: string) => void;

/** True for a finite number at least `minimum`. */
function atLeast(value: number, minimum: number): boolean {
  return Number.isFinite(value) && value >= minimum;
}

/** A cash-flow profile: at least one year, shares >= 0 summing to 100. */
function checkCashFlow(percent: readonly number[], key: string, report: Report): void {
  const total = percent.reduce((sum, share) => sum + share, 0);
  if (percent.length === 0 || percent.some((share) => !atLeast(share, 0)) || Math.abs(total - 100) > 1e-6) {
    report(key, `the cash flow must be one or more non-negative shares summing to 100 (got ${percent.join(';') || 'none'})`);
  }
}

/** Settings of one service. */
function checkServiceSettings(settings: ServiceSettings, all: readonly ServiceSettings[], report: Report): void {
  if (settings.idPrefix.trim() === '') report('id_prefix', 'must not be empty');
  const demand = settings.demand;
  if (demand.basis === 'consumption') {
    const levelIds = demand.serviceLevels.map((level) => level.id);
    if (new Set(levelIds).size !== levelIds.length) report('service_levels', 'a service level id appears twice');
    for (const level of demand.serviceLevels) {
      if (!atLeast(level.litresPerPersonPerDay, 0)) report(`service_levels.${level.id}`, 'litres per person per day must be >= 0');
    }
    if (!levelIds.includes(demand.servedServiceLevelId)) report('served_service_level', `${demand.servedServiceLevelId} is not a declared service level`);
    if (!levelIds.includes(demand.backlogServiceLevelId)) report('backlog_service_level', `${demand.backlogServiceLevelId} is not a declared service level`);
    for (const [code, litres] of Object.entries(demand.unitDemandLitresPerPersonPerDayByMunicipality)) {
      if (!atLeast(litres, 0)) report(`unit_demand_litres_per_person_per_day.${code}`, 'must be >= 0');
    }
    if (!(atLeast(demand.nonRevenueWaterShare, 0) && demand.nonRevenueWaterShare < 1)) report('non_revenue_water_share', 'must be at least 0 and below 1');
    if (!atLeast(demand.treatmentLossShare, 0)) report('treatment_loss_share', 'must be >= 0');
    if (!(atLeast(demand.summerPeakFactor, 0) && demand.summerPeakFactor > 0)) report('summer_peak_factor', 'must be > 0');
    if (!(demand.pumpingHoursPerDay > 0 && demand.pumpingHoursPerDay <= 24)) report('pumping_hours_per_day', 'must be more than 0 and at most 24');
  } else {
    const source = all.find((candidate) => candidate.service === demand.sourceService);
    if (source === undefined || source.demand.basis !== 'consumption') report('source_service', `${demand.sourceService} is not a declared consumption service`);
    if (!(atLeast(demand.returnShare, 0) && demand.returnShare <= 1)) report('return_share', 'must be between 0 and 1');
    if (!(atLeast(demand.sewerPeakFactor, 0) && demand.sewerPeakFactor > 0)) report('sewer_peak_factor', 'must be > 0');
  }
  const backlog = settings.backlog;
  if (backlog === null) return;
  if (!atLeast(backlog.unitCostRandPerHousehold, 0)) report('backlog.unit_cost_rand_per_household', 'must be >= 0');
  if (!(atLeast(backlog.phaseOneShare, 0) && backlog.phaseOneShare <= 1)) report('backlog.phase_one_share', 'must be between 0 and 1');
  if (!atLeast(backlog.singlePhaseBelowHouseholds, 0)) report('backlog.single_phase_below_households', 'must be >= 0');
  if (backlog.cashFlowPercentByPhase.length === 0) report('backlog.cashflow_percent', 'needs at least one cash flow');
  backlog.cashFlowPercentByPhase.forEach((percent, position) => checkCashFlow(percent, `backlog.cashflow_percent.${position + 1}`, report));
  if (!Number.isInteger(backlog.phaseTwoStartOffsetYears) || backlog.phaseTwoStartOffsetYears < 0) report('backlog.phase_two_start_offset_years', 'must be a whole number >= 0');
  if (!Number.isInteger(backlog.startWindowYears) || backlog.startWindowYears < 0) report('backlog.start_window_years', 'must be a whole number >= 0');
}

/** Settings of the asset types: numbers, options, and prerequisites without cycles. */
function checkAssetTypeSettings(assumptions: DemandAssumptions, problems: MasterPlanProblem[]): void {
  const typeOfRegisterType = new Map<string, AssetType>();
  for (const assetType of ASSET_TYPES) {
    const settings = assumptions.assetTypes[assetType];
    const report: Report = (key, message) => problems.push({ subject: `masterplan.asset_types.${assetType}`, key, message });
    if (!Number.isInteger(settings.designHorizonYears) || settings.designHorizonYears < 1) report('design_horizon_years', 'must be a whole number >= 1');
    if (!Number.isInteger(settings.leadTimeYears) || settings.leadTimeYears < 0) report('lead_time_years', 'must be a whole number >= 0');
    if (!Number.isInteger(settings.startWindowYears) || settings.startWindowYears < 0) report('start_window_years', 'must be a whole number >= 0');
    if (!(settings.moduleSize > 0 && Number.isFinite(settings.moduleSize))) report('module_size', 'must be > 0');
    const shareTotal = settings.phaseShares.reduce((sum, share) => sum + share, 0);
    if (settings.phaseShares.length === 0 || settings.phaseShares.some((share) => !(share > 0)) || Math.abs(shareTotal - 1) > 1e-9) {
      report('phase_shares', `must be one or more positive shares summing to 1 (got ${settings.phaseShares.join(';') || 'none'})`);
    }
    if (settings.options.length === 0) report('options', 'needs at least one way of providing capacity');
    if (settings.options.length > 1 && settings.phaseShares.length > 1) report('phase_shares', 'alternatives (several options) cannot be phased: use 1');
    const codes = settings.options.map((option) => option.code);
    if (new Set(codes).size !== codes.length) report('options', 'an option code appears twice');
    for (const option of settings.options) {
      checkCashFlow(option.cashFlowPercent, `options.${option.code}.cashflow_percent`, report);
      const curve = option.costCurve;
      if (!atLeast(curve.coefficientRand, 0) || !atLeast(curve.fixedRand, 0) || !(curve.exponent > 0 && Number.isFinite(curve.exponent))) {
        report(`options.${option.code}.cost_curve`, 'needs a >= 0, fixed >= 0 and b > 0');
      }
    }
    for (const prerequisite of settings.prerequisiteAssetTypes) {
      if (!ASSET_TYPES.includes(prerequisite)) report('prerequisite_asset_types', `${prerequisite} is not an asset type`);
      else if (ASSET_TYPE_RULES[prerequisite].basis !== ASSET_TYPE_RULES[assetType].basis) report('prerequisite_asset_types', `${prerequisite} carries a different flow`);
    }
    for (const registerType of settings.registerProjectTypes) {
      const other = typeOfRegisterType.get(registerType);
      if (other !== undefined && ASSET_TYPE_RULES[other].basis === ASSET_TYPE_RULES[assetType].basis) {
        report('register_project_types', `${registerType} is also listed for ${other}`);
      }
      typeOfRegisterType.set(registerType, assetType);
    }
  }
  const order = assetTypeOrder(assumptions);
  for (const assetType of ASSET_TYPES) {
    const late = assumptions.assetTypes[assetType].prerequisiteAssetTypes.filter((prerequisite) => order.indexOf(prerequisite) >= order.indexOf(assetType));
    if (late.length > 0) {
      problems.push({ subject: `masterplan.asset_types.${assetType}`, key: 'prerequisite_asset_types', message: `prerequisites form a cycle through ${late.join(', ')}` });
    }
  }
}

/** Every problem of the assumptions alone. */
export function checkDemandAssumptions(assumptions: DemandAssumptions): MasterPlanProblem[] {
  const problems: MasterPlanProblem[] = [];
  const serviceIds = assumptions.services.map((settings) => settings.service);
  if (new Set(serviceIds).size !== serviceIds.length) problems.push({ subject: 'masterplan.services', key: null, message: 'a service appears twice' });
  for (const settings of assumptions.services) {
    checkServiceSettings(settings, assumptions.services, (key, message) => problems.push({ subject: `masterplan.services.${settings.service}`, key, message }));
    const backlogType = settings.backlog?.projectType;
    if (backlogType !== undefined && ASSET_TYPES.some((assetType) => assumptions.assetTypes[assetType].registerProjectTypes.includes(backlogType) && ASSET_TYPE_RULES[assetType].basis === settings.demand.basis)) {
      problems.push({ subject: `masterplan.services.${settings.service}`, key: 'backlog.project_type', message: `${backlogType} is also an asset type's register project type` });
    }
  }
  for (const [arrangement, hours] of Object.entries(assumptions.storageHoursBySourceArrangement)) {
    if (!(hours > 0 && Number.isFinite(hours))) problems.push({ subject: 'masterplan.storage_hours', key: arrangement, message: 'must be > 0' });
  }
  if (assumptions.storageHoursBySourceArrangement[assumptions.defaultSourceArrangement] === undefined) {
    problems.push({ subject: 'masterplan', key: 'default_source_arrangement', message: `${assumptions.defaultSourceArrangement} has no storage hours` });
  }
  checkAssetTypeSettings(assumptions, problems);
  if (!(assumptions.capexRoundingRand > 0)) problems.push({ subject: 'masterplan', key: 'capex_rounding_rand', message: 'must be > 0' });
  const growth = assumptions.growth;
  if (growth.method === 'census_compound') {
    if (!(growth.censusIntervalYears > 0)) problems.push({ subject: 'masterplan.growth', key: 'census_interval_years', message: 'must be > 0' });
    if (!(growth.additionalGrowthPercentPerYear > -100)) problems.push({ subject: 'masterplan.growth', key: 'additional_growth_percent_per_year', message: 'must be above -100' });
    if (!Number.isInteger(growth.censusFinancialYear)) problems.push({ subject: 'masterplan.growth', key: 'census_financial_year', message: 'must be a financial year' });
  }
  return problems;
}

/** Every problem of the input read together with the assumptions (the assumptions' own problems first). */
export function checkMasterPlanInput(input: MasterPlanInput, assumptions: DemandAssumptions): MasterPlanProblem[] {
  const problems = checkDemandAssumptions(assumptions);
  if (!Number.isInteger(input.baseFinancialYear)) problems.push({ subject: 'model', key: 'base_financial_year', message: 'must be a financial year' });
  if (!Number.isInteger(input.horizonYears) || input.horizonYears < 1) problems.push({ subject: 'model', key: 'horizon_years', message: 'must be a whole number >= 1' });

  // Problems of a row carry where it came from, so the error names the file and row.
  const from = (table: InputRowSource['table'], row: number | undefined): { source?: InputRowSource } => (row === undefined ? {} : { source: { table, row } });
  const codes = new Set<string>();
  for (const municipality of input.municipalities) {
    const subject = `municipality ${municipality.code}`;
    const located = from('municipalities', municipality.sourceRow);
    if (codes.has(municipality.code)) problems.push({ subject, key: null, message: 'appears twice', ...located });
    codes.add(municipality.code);
    if (assumptions.growth.method === 'census_compound') {
      for (const [key, value] of [
        ['population_2011', municipality.population2011],
        ['population_2022', municipality.population2022],
        ['households_2011', municipality.households2011],
        ['households_2022', municipality.households2022],
      ] as const) {
        if (!(value > 0 && Number.isFinite(value))) problems.push({ subject, key, message: 'must be > 0 for the Census compound growth projection', ...located });
      }
    }
  }

  if (assumptions.growth.method === 'table') {
    const rows = input.projectionRows ?? [];
    const seen = new Set<string>();
    for (const row of rows) {
      const subject = `projection ${row.municipalityCode} ${row.financialYear}`;
      const located = from('projections', row.sourceRow);
      if (!codes.has(row.municipalityCode)) problems.push({ subject, key: 'municipality_code', message: 'is not a municipality of the model', ...located });
      if (seen.has(`${row.municipalityCode}|${row.financialYear}`)) problems.push({ subject, key: 'financial_year', message: 'appears twice', ...located });
      seen.add(`${row.municipalityCode}|${row.financialYear}`);
      if (!(row.population >= 0 && Number.isFinite(row.population))) problems.push({ subject, key: 'population', message: 'must be >= 0', ...located });
      if (!(row.households >= 0 && Number.isFinite(row.households))) problems.push({ subject, key: 'households', message: 'must be >= 0', ...located });
    }
    const reported = new Set<string>();
    for (const municipality of input.municipalities) {
      if (reported.has(municipality.code) || rows.some((row) => row.municipalityCode === municipality.code)) continue;
      reported.add(municipality.code);
      problems.push({ subject: `municipality ${municipality.code}`, key: 'municipality_code', message: 'has no row in the projection table', ...from('municipalities', municipality.sourceRow) });
    }
  }

  const settingsOf = (service: string): ServiceSettings | undefined => assumptions.services.find((settings) => settings.service === service);
  for (const need of input.needs) {
    const subject = `need ${need.municipalityCode} ${need.service}`;
    const located = from('needs', need.sourceRow);
    if (!codes.has(need.municipalityCode)) problems.push({ subject, key: 'municipality_code', message: 'is not a municipality of the model', ...located });
    if (!atLeast(need.backlogHouseholds, 0)) problems.push({ subject, key: 'backlog_households', message: 'must be >= 0', ...located });
    const demand = settingsOf(need.service)?.demand;
    for (const [levelId, households] of Object.entries(need.householdsByServiceLevel ?? {})) {
      if (demand?.basis !== 'consumption' || !demand.serviceLevels.some((level) => level.id === levelId)) {
        problems.push({ subject, key: `households_by_service_level.${levelId}`, message: `is not a service level of ${need.service}`, ...located });
      }
      if (!atLeast(households, 0)) problems.push({ subject, key: `households_by_service_level.${levelId}`, message: 'must be >= 0', ...located });
    }
  }

  const assetIds = new Set<string>();
  for (const asset of input.assets) {
    const subject = `asset ${asset.id}`;
    const located = asset.source === undefined ? {} : { source: asset.source };
    if (assetIds.has(asset.id)) problems.push({ subject, key: 'asset_id', message: 'appears twice', ...located });
    assetIds.add(asset.id);
    if (!codes.has(asset.municipalityCode)) problems.push({ subject, key: 'municipality_code', message: `${asset.municipalityCode} is not a municipality of the model`, ...located });
    if (!ASSET_TYPES.includes(asset.assetType)) {
      problems.push({ subject, key: 'asset_type', message: `${String(asset.assetType)} is not one of ${ASSET_TYPES.join(', ')}`, ...located });
      continue;
    }
    const rule = ASSET_TYPE_RULES[asset.assetType];
    const settings = settingsOf(asset.service);
    if (settings === undefined) problems.push({ subject, key: 'service', message: `${asset.service} has no master plan settings (masterplan.services)`, ...located });
    else if (settings.demand.basis !== rule.basis) {
      problems.push({ subject, key: 'asset_type', message: `a ${rule.label} carries ${rule.basis === 'consumption' ? 'water supply' : 'wastewater'}, but ${asset.service} is a ${settings.demand.basis.replace('_', ' ')} service`, ...located });
    }
    if (asset.capacityUnit !== rule.capacityUnit) problems.push({ subject, key: 'capacity_unit', message: `a ${rule.label} is measured in ${rule.capacityUnit}, not ${asset.capacityUnit}`, ...located });
    if (!atLeast(asset.capacity, 0)) problems.push({ subject, key: 'capacity', message: 'must be >= 0', ...located });
    if (asset.remainingLifeYears !== null && !atLeast(asset.remainingLifeYears, 0)) problems.push({ subject, key: 'remaining_life_years', message: 'must be >= 0', ...located });
    const perKm = assumptions.assetTypes[asset.assetType].options.some((option) => option.costCurve.perKm);
    if (perKm && !(asset.lengthKm !== null && asset.lengthKm > 0)) problems.push({ subject, key: 'length_km', message: `a ${rule.label} is costed per km, so its length is needed`, ...located });
    if (asset.sourceArrangement !== null && assumptions.storageHoursBySourceArrangement[asset.sourceArrangement] === undefined) {
      problems.push({ subject, key: 'source_arrangement', message: `${asset.sourceArrangement} is not one of ${Object.keys(assumptions.storageHoursBySourceArrangement).join(', ')}`, ...located });
    }
  }
  return problems;
}
