/**
 * The master plan stage on a Dataset: fill MasterPlanInput from the loaded (and scenario-changed)
 * model, build the plan, and give the program what it needs: the register to plan (the generated
 * projects with the planner's rows merged in, unless model.yaml says `use_generated_register:
 * false`) and the capacity balances whose shortfalls a capacity project's benefit counts.
 *
 * A pure function of the Dataset. planRun calls applyMasterPlan when the model has a `masterplan:`
 * block; `infraplan masterplan` calls buildDatasetMasterPlan on any model.
 */
import path from 'node:path';
import { horizonOf } from '../dataset/horizon.js';
import { NO_FACILITY_FIELDS, type CapacityBalance, type Dataset, type Project } from '../dataset/types.js';
import { InvalidInputError, type DataProblem } from '../errors/problems.js';
import { assetsFromNeeds } from './assets-from-needs.js';
import { demandAssumptionsFrom } from './assumptions-from-settings.js';
import { buildMasterPlan } from './build-master-plan.js';
import { MasterPlanInputError } from './check-input.js';
import { mergeKeyText } from './register-targets.js';
import type { AssetType, BulkAsset, DemandAssumptions, GeneratedProject, InputRowSource, MasterPlan, MasterPlanInput, MasterPlanProblem } from './types.js';

/** The master plan of a model with the assumptions it was built with and the remarks for the reader. */
export interface DatasetMasterPlan {
  /** The plan. */
  readonly masterPlan: MasterPlan<Project>;
  /** The assumptions (defaults with the model's and scenario's `masterplan:` keys). */
  readonly assumptions: DemandAssumptions;
  /** True when the assets were derived from needs.csv (the model has no assets table). */
  readonly assetsFromNeeds: boolean;
  /** Remarks: where the assets came from, the merge, and the plan's own notes. */
  readonly notes: readonly string[];
}

/** The treatment works a service's need capacity stands for, by its demand basis. */
function treatmentAssetTypes(assumptions: DemandAssumptions): Record<string, AssetType> {
  return Object.fromEntries(
    assumptions.services.map((settings) => [settings.service, settings.demand.basis === 'consumption' ? 'water_treatment_works' : 'wastewater_treatment_works'] as const),
  );
}

/** The stage's input from a Dataset: its assets (or treatment works from needs) and the register without rows a master plan wrote. */
export function masterPlanInputOf(dataset: Dataset, assumptions: DemandAssumptions): { input: MasterPlanInput<Project>; assetsFromNeeds: boolean } {
  const loadedAssets = dataset.assets ?? [];
  const derived = loadedAssets.length === 0;
  const assets: BulkAsset[] = derived
    ? assetsFromNeeds(dataset.needs, treatmentAssetTypes(assumptions))
    : loadedAssets.map((asset) => ({
        id: asset.id,
        municipalityCode: asset.municipalityCode,
        service: asset.service,
        assetType: asset.assetType,
        capacity: asset.capacity,
        capacityUnit: asset.capacityUnit,
        yearBuilt: asset.yearBuilt,
        remainingLifeYears: asset.remainingLifeYears,
        lengthKm: asset.lengthKm,
        sourceArrangement: asset.sourceArrangement,
        illustrative: asset.illustrative,
        ...(asset.sourceRow !== undefined ? { source: { table: 'assets' as const, row: asset.sourceRow } } : {}),
      }));
  const useGenerated = dataset.config.masterplan?.use_generated_register !== false;
  // Rows a master plan wrote into projects.csv are regenerated, not merged (docs/masterplan.md).
  const register = useGenerated ? dataset.projects.filter((project) => project.origin !== 'masterplan') : dataset.projects;
  return {
    assetsFromNeeds: derived,
    input: {
      baseFinancialYear: dataset.config.baseFinancialYear,
      horizonYears: dataset.config.horizonYears,
      municipalities: dataset.municipalities,
      needs: dataset.needs.map((need) => ({
        municipalityCode: need.municipalityCode,
        service: need.service,
        backlogHouseholds: need.backlogHouseholds,
        illustrative: need.illustrative,
        ...(need.sourceRow !== undefined ? { sourceRow: need.sourceRow } : {}),
      })),
      assets,
      register,
      ...(dataset.projections !== undefined ? { projectionRows: dataset.projections } : {}),
    },
  };
}

/**
 * The file a table was read from, as the loader names it: the CSV file among the model's source
 * files, else the sheet of its model.xlsx (`model.xlsx [assets]`), else `<table>.csv` (a Dataset
 * built in code).
 */
function tableFile(dataset: Dataset, table: InputRowSource['table']): string {
  const csv = dataset.sourceFiles.find((file) => path.basename(file.path) === `${table}.csv`);
  if (csv !== undefined) return csv.path;
  const workbook = dataset.sourceFiles.find((file) => file.path.toLowerCase().endsWith('.xlsx'));
  return workbook !== undefined ? `${workbook.path} [${table}]` : `${table}.csv`;
}

/**
 * A master plan problem as a located input problem: a row's problem on its file, row and column
 * (the source the loader gave the row), settings on model.yaml by their key.
 */
function toDataProblem(problem: MasterPlanProblem, dataset: Dataset): DataProblem {
  const located = problem.source;
  if (located !== undefined) {
    // A key that is not a column (households_by_service_level.yard_tap) names the row's subject instead.
    return { file: tableFile(dataset, located.table), row: located.row, column: problem.key, message: `${problem.subject}: ${problem.message}` };
  }
  if (problem.subject.startsWith('asset ')) return { file: tableFile(dataset, 'assets'), row: null, column: problem.key, message: `${problem.subject}: ${problem.message}` };
  if (problem.subject.startsWith('municipality ')) return { file: tableFile(dataset, 'municipalities'), row: null, column: problem.key ?? 'municipality_code', message: `${problem.subject} ${problem.message}` };
  return { file: 'model.yaml', row: null, column: problem.key === null ? problem.subject : `${problem.subject}.${problem.key}`, message: problem.message };
}

/** Build the master plan of a Dataset. Throws InvalidInputError naming every problem of its input. */
export function buildDatasetMasterPlan(dataset: Dataset): DatasetMasterPlan {
  const assumptions = demandAssumptionsFrom(dataset.config.masterplan);
  const { input, assetsFromNeeds: derived } = masterPlanInputOf(dataset, assumptions);
  let masterPlan: MasterPlan<Project>;
  try {
    masterPlan = buildMasterPlan(input, assumptions);
  } catch (error) {
    if (error instanceof MasterPlanInputError) throw new InvalidInputError(error.problems.map((problem) => toDataProblem(problem, dataset)));
    throw error;
  }
  const notes: string[] = [];
  if (derived) notes.push('the model has no assets table, so each treatment capacity in needs.csv stands for one treatment works (add assets.csv for pipelines, reservoirs and sources)');
  for (const replacement of masterPlan.merge.replacements) {
    notes.push(
      `master plan: the planner's ${replacement.plannerProjectIds.join(', ')} replace${replacement.plannerProjectIds.length === 1 ? 's' : ''} the generated ${replacement.generatedProjectIds.join(', ')} (${mergeKeyText(replacement.key).replace(/\|/g, ' ')})`,
    );
  }
  for (const [from, to] of Object.entries(masterPlan.merge.renamedIds)) notes.push(`master plan: generated ${from} is named ${to}, since the register already uses ${from}`);
  notes.push(...masterPlan.notes.map((note) => `master plan: ${note}`));
  return { masterPlan, assumptions, assetsFromNeeds: derived, notes };
}

/** A generated project as a register row (origin masterplan), its funding sources those of the model. */
function generatedRow(project: GeneratedProject, dataset: Dataset): Project {
  const known = new Set(dataset.fundingSources.map((source) => source.id));
  const sources = project.fundingSourceIds.filter((id) => known.has(id));
  return {
    id: project.id,
    municipalityCode: project.municipalityCode,
    service: project.service,
    type: project.type,
    description: project.description,
    capexRand: project.capexRand,
    cashFlowRandByBuildYear: project.cashFlowRandByBuildYear,
    householdsServed: project.householdsServed,
    capacityAddedMlPerDay: project.capacityAddedMlPerDay,
    earliestStartYear: project.earliestStartYear,
    latestStartYear: project.latestStartYear,
    prerequisiteIds: project.prerequisiteIds,
    exclusiveGroup: project.exclusiveGroup,
    // A source the model has no envelope for cannot fund it; when none is known the row keeps its list and stays unfunded.
    fundingSourceIds: sources.length > 0 ? sources : project.fundingSourceIds,
    status: project.status,
    benefitOverride: project.benefitOverride,
    // Bulk works, not centres: no running cost charged to an operating envelope.
    ...NO_FACILITY_FIELDS,
    illustrative: project.illustrative,
    origin: 'masterplan',
  };
}

/** The balances as the program reads them: unmet design demand per horizon year in Ml/day (storage as the daily flow it balances). */
export function capacityBalancesOf(masterPlan: MasterPlan, assumptions: DemandAssumptions, dataset: Dataset): CapacityBalance[] {
  const { years } = horizonOf(dataset.config);
  return masterPlan.balances.map((balance) => {
    const toFlow = balance.storageHours === null ? 1 : 24 / balance.storageHours;
    const shortfallMlPerDayByYear: Record<number, number> = {};
    for (const year of years) {
      const index = masterPlan.years.indexOf(year);
      shortfallMlPerDayByYear[year] = index < 0 ? 0 : balance.shortfallByYear[index] * toFlow;
    }
    return {
      municipalityCode: balance.municipalityCode,
      service: balance.service,
      assetType: balance.assetType,
      projectTypes: assumptions.assetTypes[balance.assetType].registerProjectTypes,
      shortfallMlPerDayByYear,
      illustrative: balance.illustrative,
    };
  });
}

/** The Dataset a run plans, with the master plan it came from. */
export interface AppliedMasterPlan extends DatasetMasterPlan {
  /** The register to plan (merged, or as given) and the capacity balances. */
  readonly dataset: Dataset;
}

/**
 * Apply the master plan to a run's Dataset: the merged register (unless `use_generated_register:
 * false`) and the capacity balances. A Dataset that already carries balances is returned as it is,
 * so planning an applied Dataset again (an analysis re-plan) changes nothing.
 */
export function applyMasterPlan(dataset: Dataset): AppliedMasterPlan {
  const built = buildDatasetMasterPlan(dataset);
  if (dataset.capacityBalances !== undefined) return { ...built, dataset };
  const useGenerated = dataset.config.masterplan?.use_generated_register !== false;
  const projects = useGenerated
    ? built.masterPlan.merge.rows.map((row) => (row.origin === 'planner' ? row.project : generatedRow(row.project, dataset)))
    : dataset.projects;
  const generatedCount = projects.filter((project) => project.origin === 'masterplan').length;
  const registerNote = useGenerated
    ? `master plan: ${generatedCount} generated project${generatedCount === 1 ? '' : 's'} planned beside the ${built.masterPlan.merge.rows.length - generatedCount} rows of projects.csv`
    : 'master plan: projects.csv is planned as given (masterplan.use_generated_register: false)';
  return {
    ...built,
    notes: [registerNote, ...built.notes],
    dataset: { ...dataset, projects, capacityBalances: capacityBalancesOf(built.masterPlan, built.assumptions, dataset) },
  };
}
