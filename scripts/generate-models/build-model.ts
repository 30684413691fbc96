/**
 * Assembles the two models (western-cape, south-africa) from the Census records as model.yaml and
 * five tables following docs/data-format.md. Writing them is the model writer's job
 * (src/dataset/write-model.ts): the generator only decides what the cells say.
 */
import { parseModelConfig } from '../../src/dataset/model-config.js';
import { describeTable, type ModelTables, type TableRows } from '../../src/dataset/model-tables.js';
import { modelConfigToYaml } from '../../src/dataset/model-yaml.js';
import { MODEL_CONFIG_FILE } from '../../src/dataset/load-model.js';
import { formatFinancialYear } from '../../src/dataset/financial-year.js';
import type { TableName } from '../../src/dataset/schemas.js';
import type { ModelConfig } from '../../src/dataset/types.js';
import { BASE_FINANCIAL_YEAR, HORIZON_YEARS } from './assumptions.js';
import type { CensusMunicipality } from './census.js';
import { CASH_FLOW_IN_HORIZON_SIZING, buildFundingRows, type EnvelopeDemand, type EnvelopeSizing } from './funding.js';
import { buildProjectRows, type GeneratedProject } from './register.js';
import { generateMasterPlan, type NamedAsset } from './master-plan.js';
import { generatedFingerprintOfCells } from '../../src/dataset/generated-fingerprint.js';
import { demandAssumptionsFrom } from '../../src/masterplan/assumptions-from-settings.js';
import { DEFAULT_DEMAND_ASSUMPTIONS } from '../../src/masterplan/default-assumptions.js';
import { ASSET_TYPES } from '../../src/masterplan/types.js';
import { INDICATOR_DECLARATIONS, buildIndicatorRows, buildMunicipalityRows, buildNeedRows, profileMunicipality, type CsvRow } from './tables.js';
import { DEFAULT_SERVICES } from '../../src/dataset/types.js';
import {
  THUSONG_ALLOCATION_COST_PER_PERSON_RAND,
  THUSONG_BACKLOG_COLUMN,
  THUSONG_BENEFIT_PER_PERSON_WITHIN_REACH,
  THUSONG_EXEMPTIONS,
  THUSONG_MAX_OPENED_PER_YEAR,
  THUSONG_ROLLOUT_TARGET_YEAR,
  THUSONG_SERVICE,
  THUSONG_SERVICE_ID,
  buildCentreProjectRows,
  buildFacilityRows,
  buildOperatingFundingRows,
  buildThusongNeedRows,
  centreEnvelopeDemand,
  generateCandidateCentres,
} from './thusong.js';

/** What distinguishes one generated model from another. */
export interface ModelDefinition {
  /** Folder and model name. */
  readonly name: string;
  /** Human title. */
  readonly title: string;
  /** Which Census municipalities the model covers. */
  readonly includes: (municipality: CensusMunicipality) => boolean;
  /**
   * The model.yaml `engine:` block: the solver settings the model asks for by default (scenarios
   * and the command line override them). Gaps are relative; see bench/results.md for timings.
   */
  readonly engine: { readonly relative_gap: number; readonly time_limit_seconds: number; readonly start_variables?: 'single' | 'cumulative' };
  /** True when the model plans the Thusong service centre roll-out beside water and sanitation (thusong.ts). */
  readonly thusong: boolean;
  /**
   * Which of a capacity upgrade's start years ask for capital (funding.ts): western-cape's
   * envelopes count every start whose cash flow ends within the horizon (kept so its files stay as
   * they are); south-africa's only the starts that put the capacity in service within the plan, so
   * its last year's capital, which no work in service within the plan could use, is nil.
   */
  readonly envelopeSizing: EnvelopeSizing;
}

/** The models the generator writes. */
export const MODEL_DEFINITIONS: readonly ModelDefinition[] = [
  {
    name: 'western-cape',
    title: 'Western Cape bulk water and sanitation master plan with the Thusong service centre roll-out (24 non-metropolitan municipalities)',
    includes: (municipality) => municipality.provinceCode === 'WC' && municipality.miifCategoryPublished !== 'METRO',
    // A plan proven within 0.1% of the best possible is found in seconds; proving 0.01% takes
    // about half a minute more and changes the benefit by less than the illustrative data's precision.
    // Start decisions in the single form: on this model HiGHS reaches 0.1% in 22–33 CPU s that way
    // against 36–40 in the cumulative form that is the default below a 1% gap (seeds 0–3, measured
    // 2026-12-03; docs/benchmarks.md, "The start form, measured again"). The national model keeps the
    // default: there the cumulative form is faster (27 against 45 CPU s at its 0.5%).
    engine: { relative_gap: 0.001, time_limit_seconds: 300, start_variables: 'single' },
    thusong: true,
    envelopeSizing: CASH_FLOW_IN_HORIZON_SIZING,
  },
  {
    name: 'south-africa',
    title: 'South Africa bulk water and sanitation master plan (all 213 municipalities)',
    includes: () => true,
    // The national performance case: within 0.5% of optimal, as the benchmark target asks.
    engine: { relative_gap: 0.005, time_limit_seconds: 300 },
    thusong: false,
    // Runs plan with the stage, where a capacity project earns only the shortfall it closes: money
    // for works finishing in the last year would lapse (R4,466.7 million did), so none is given.
    // docs/data-sources.md ("funding.csv").
    envelopeSizing: { capacityStarts: 'in_service_in_horizon' },
  },
];

/** The statement printed on every report of a generated model. */
export const ILLUSTRATIVE_NOTE =
  'Municipal population, households, growth, MIIF category, service backlogs and all indicators are real ' +
  'Stats SA Census 2022 figures (source: Statistics South Africa; the analysis is infraplan\'s independent ' +
  'processing). The bulk assets and their capacities (assets.csv), treatment capacity and demand in ' +
  'needs.csv, the whole project register (projects.csv) and the funding envelopes (funding.csv) are ' +
  'ILLUSTRATIVE: generated by scripts/generate-models.ts through infraplan\'s master plan stage from ' +
  'planning norms and unit costs documented in docs/data-sources.md and docs/masterplan.md, not taken ' +
  'from any municipal or departmental plan, asset register or budget.';

/** The statement added when a model plans the Thusong roll-out. */
const THUSONG_NOTE =
  ' The Thusong service centres (facilities.csv, the thusong rows of needs.csv and projects.csv, and the operating ' +
  'envelopes TOPS and MOPS) are ILLUSTRATIVE as well: the province reports about 29 to 32 centres, but no count per ' +
  'municipality is published, so the existing centres and every cost are assumptions of scripts/generate-models/thusong.ts.';

/** One generated model, ready for the model writer. */
export interface GeneratedModel {
  /** Model name, also its folder name. */
  readonly name: string;
  /** model.yaml text and every table's rows as the cells' text. */
  readonly tables: ModelTables;
  /** The register before formatting, for checks. */
  readonly projects: readonly GeneratedProject[];
}

/** The first comment of every generated model.yaml. */
const MODEL_YAML_HEADER = ' Generated by scripts/generate-models.ts (npm run generate-models); do not edit by hand.\n Provenance of every table and column: docs/data-sources.md.';

/**
 * The columns a generated table is written with: the loader's columns in the writer's order
 * (model-tables.ts), without `cashflow_rand`, which would be empty on every row because the
 * generator gives each cash flow in percent.
 */
function generatedColumns(name: TableName, config: ModelConfig): string[] {
  return describeTable(name)
    .columns(config)
    // A column written only when some row fills it stays out, except projects' origin and generated_fingerprint, which the generated rows fill.
    .filter((column) => !column.omitWhenEmpty || (name === 'projects' && (column.name === 'origin' || column.name === 'generated_fingerprint')))
    .map((column) => column.name)
    .filter((column) => !(name === 'projects' && column === 'cashflow_rand'));
}

/** A table's rows under its generated columns; a row with a cell more or less than the columns is a bug in the generator. */
function tableRows(name: TableName, config: ModelConfig, rows: readonly CsvRow[]): TableRows {
  const columns = generatedColumns(name, config);
  for (const row of rows) {
    const cells = Object.keys(row);
    if (cells.length !== columns.length || !columns.every((column) => column in row)) {
      throw new Error(`generated ${name} row has the cells ${cells.join(', ')}; the table's columns are ${columns.join(', ')}`);
    }
  }
  return { columns, rows };
}

/**
 * The model.yaml `masterplan:` block: the stage's documented defaults written out (the main demand
 * settings of each service and the timing of each asset type), so a planner sees and edits them
 * where they apply. Every key the block leaves out keeps its default (docs/masterplan.md).
 */
function masterplanBlock(): Record<string, unknown> {
  const defaults = DEFAULT_DEMAND_ASSUMPTIONS;
  const services = Object.fromEntries(
    defaults.services.map((settings) => {
      const demand =
        settings.demand.basis === 'consumption'
          ? {
              service_levels_litres_per_person_per_day: Object.fromEntries(settings.demand.serviceLevels.map((level) => [level.id, level.litresPerPersonPerDay])),
              non_revenue_water_share: settings.demand.nonRevenueWaterShare,
              treatment_loss_share: settings.demand.treatmentLossShare,
              summer_peak_factor: settings.demand.summerPeakFactor,
              pumping_hours_per_day: settings.demand.pumpingHoursPerDay,
            }
          : { return_share: settings.demand.returnShare, sewer_peak_factor: settings.demand.sewerPeakFactor };
      return [settings.service, { ...demand, ...(settings.backlog !== null ? { backlog_unit_cost_rand_per_household: settings.backlog.unitCostRandPerHousehold } : {}) }];
    }),
  );
  const assetTypes = Object.fromEntries(
    ASSET_TYPES.map((assetType) => {
      const settings = defaults.assetTypes[assetType];
      return [assetType, { design_horizon_years: settings.designHorizonYears, lead_time_years: settings.leadTimeYears, module_size: settings.moduleSize }];
    }),
  );
  const growth = defaults.growth.method === 'census_compound' ? { method: 'census_compound', additional_growth_percent_per_year: defaults.growth.additionalGrowthPercentPerYear } : { method: defaults.growth.method };
  return { use_generated_register: true, growth, storage_hours: { ...defaults.storageHoursBySourceArrangement }, services, asset_types: assetTypes };
}

/**
 * The ModelConfig of a generated model, with the policy defaults that keep it feasible (see
 * docs/data-sources.md). Written in model.yaml words and read by the loader's own parser, so the
 * defaults it fills in are the loader's.
 */
function buildModelConfig(definition: ModelDefinition): ModelConfig {
  const yamlObject = {
    name: definition.name,
    title: definition.title,
    base_financial_year: formatFinancialYear(BASE_FINANCIAL_YEAR),
    horizon_years: HORIZON_YEARS,
    currency: 'ZAR',
    illustrative_note: ILLUSTRATIVE_NOTE + (definition.thusong ? THUSONG_NOTE : ''),
    services: [
      ...DEFAULT_SERVICES.map((service) => ({ id: service.id, label: service.label, need_unit: service.needUnit, backlog_column: service.backlogColumn })),
      ...(definition.thusong ? [THUSONG_SERVICE] : []),
    ],
    ...(definition.thusong ? { rollout_exemptions: THUSONG_EXEMPTIONS } : {}),
    indicators: INDICATOR_DECLARATIONS.map((declaration) => ({ ...declaration })),
    index: { normalisation: 'min-max', need_threshold: 0.5, growth_threshold: 0.5 },
    policy: {
      discount_rate_percent: 5,
      need_weight: 0.5,
      growth_weight: 0.5,
      benefit_per_household: 1,
      benefit_per_ml_per_day: 500,
      basic_package_floor_share: 0.15,
      basic_package_min_spend_rand: 0,
      min_service_share: { sanitation: 0.3 },
      district_share_min: 0,
      district_share_max: 1,
      max_concurrent_projects_per_municipality: 3,
      ...(definition.thusong
        ? {
            allocation_cost_per_household_rand: { water: 25_000, sanitation: 30_000, [THUSONG_SERVICE_ID]: THUSONG_ALLOCATION_COST_PER_PERSON_RAND },
            benefit_per_person_within_reach: THUSONG_BENEFIT_PER_PERSON_WITHIN_REACH,
            rollout_target_year: { [THUSONG_SERVICE_ID]: THUSONG_ROLLOUT_TARGET_YEAR },
            max_facilities_opened_per_year: { [THUSONG_SERVICE_ID]: THUSONG_MAX_OPENED_PER_YEAR },
          }
        : {}),
    },
    // Both models plan with the stage: run and solve regenerate the register and count the shortfall each capacity project closes.
    masterplan: masterplanBlock(),
    engine: { solver: 'highs', ...definition.engine },
  };
  const { config, problems } = parseModelConfig(JSON.stringify(yamlObject), MODEL_CONFIG_FILE);
  // The settings above are fixed, so a problem here is a bug in the generator, not bad input.
  if (config === null) throw new Error(`generated model.yaml for ${definition.name} is invalid: ${problems.map((problem) => problem.message).join('; ')}`);
  return config;
}

/** assets.csv rows: every asset and capacity is illustrative. */
function buildAssetRows(assets: readonly NamedAsset[]): CsvRow[] {
  return assets.map((asset) => ({
    asset_id: asset.id,
    municipality_code: asset.municipalityCode,
    service: asset.service,
    asset_type: asset.assetType,
    asset_name: asset.name,
    capacity_ml_per_day: asset.capacityUnit === 'Ml/day' ? asset.capacity.toFixed(2) : '',
    storage_ml: asset.capacityUnit === 'Ml' ? asset.capacity.toFixed(2) : '',
    year_built: '',
    remaining_life_years: '',
    length_km: asset.lengthKm === null ? '' : String(asset.lengthKm),
    source_arrangement: asset.sourceArrangement ?? '',
    illustrative: 'yes',
  }));
}

/**
 * The rows with their generated_fingerprint: the digest of each row the master plan wrote (origin
 * masterplan), taken of the row as the loader will read it, so that a planner's later edit to it is
 * seen (src/dataset/generated-fingerprint.ts); empty on the planner's rows.
 */
function withFingerprints(rows: readonly CsvRow[], config: ModelConfig, municipalityNames: ReadonlyMap<string, string>): CsvRow[] {
  return rows.map((row) => ({
    ...row,
    generated_fingerprint: row.origin === 'masterplan' ? generatedFingerprintOfCells(row, config.services, municipalityNames.get(row.municipality_code as string)) : '',
  }));
}

/** Build one model from the joined Census records (in Stats SA file order). */
export function buildModel(definition: ModelDefinition, census: readonly CensusMunicipality[]): GeneratedModel {
  const profiles = census.filter(definition.includes).map(profileMunicipality);
  const config = buildModelConfig(definition);
  // The block holds the stage's defaults (masterplanBlock), so the register written is the one runs regenerate.
  const { assets, masterPlan, register } = generateMasterPlan(profiles, demandAssumptionsFrom(config.masterplan));
  const baseIndex = masterPlan.years.indexOf(config.baseFinancialYear);
  const needFigures = (municipalityCode: string, service: string): { treatmentCapacityMlPerDay: number; demandMlPerDay: number } => {
    const works = assets.find((asset) => asset.municipalityCode === municipalityCode && asset.service === service && (asset.assetType === 'water_treatment_works' || asset.assetType === 'wastewater_treatment_works'));
    const demand = masterPlan.demands.find((candidate) => candidate.municipalityCode === municipalityCode && candidate.service === service);
    if (works === undefined || demand === undefined) throw new Error(`the master plan has no treatment works or demand for ${municipalityCode} ${service}`);
    return { treatmentCapacityMlPerDay: works.capacity, demandMlPerDay: demand.averageMlPerDayByYear[baseIndex] as number };
  };
  const municipalityNames = new Map(profiles.map((profile) => [profile.census.code, profile.census.name]));
  const centres = definition.thusong ? generateCandidateCentres(profiles) : [];
  // The centres' capital shares MIG and own funds with the bulk projects, so it sizes those envelopes too.
  const capitalDemand: EnvelopeDemand[] = [...register, ...centres.map(centreEnvelopeDemand)];
  // With a Thusong service the needs table has a second backlog column; each row leaves the other's empty.
  const bulkNeedRows = buildNeedRows(profiles, needFigures);
  const needRows = definition.thusong
    ? [...bulkNeedRows.map((row) => ({ ...row, [THUSONG_BACKLOG_COLUMN]: '' })), ...buildThusongNeedRows(profiles).map((row) => ({ ...row, backlog_households: '' }))]
    : bulkNeedRows;
  return {
    name: definition.name,
    tables: {
      configYaml: modelConfigToYaml(config, MODEL_YAML_HEADER),
      tables: {
        municipalities: tableRows('municipalities', config, buildMunicipalityRows(profiles)),
        needs: tableRows('needs', config, needRows),
        indicators: tableRows('indicators', config, buildIndicatorRows(profiles)),
        projects: tableRows('projects', config, withFingerprints([...buildProjectRows(register, municipalityNames), ...buildCentreProjectRows(centres, municipalityNames)], config, municipalityNames)),
        funding: tableRows('funding', config, [...buildFundingRows(capitalDemand, definition.envelopeSizing), ...(definition.thusong ? buildOperatingFundingRows(centres) : [])]),
        // Optional tables: facilities with the Thusong roll-out, assets from the master plan stage. The writer leaves an empty one out.
        facilities: tableRows('facilities', config, definition.thusong ? buildFacilityRows(profiles) : []),
        assets: tableRows('assets', config, buildAssetRows(assets)),
        // Optional table the generator does not fill: growth is the Census compound rate.
        projections: tableRows('projections', config, []),
      },
    },
    projects: register,
  };
}
