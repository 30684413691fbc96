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
import { generatedFingerprintOf, matchesGeneratedFingerprint } from '../dataset/generated-fingerprint.js';
import { PROJECT_STATUSES } from '../dataset/schemas.js';
import { defaultOwner, ownerLabel, ownerOf, sameOwner } from '../dataset/owners.js';
import { InvalidInputError, formatProblem, type DataProblem } from '../errors/problems.js';
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
  /** Remarks: where the assets came from, the merge and the plan's own notes (applyMasterPlan adds the warnings below as sentences). */
  readonly notes: readonly string[];
  /**
   * Warnings on projects.csv rows, each on its file and row: rows the master plan wrote that a
   * planner edited (planned as written), that it no longer generates (kept), or that carry no
   * fingerprint (regenerated, so edits are not seen), and another owner's rows that replace
   * generated projects. validate lists them; applyMasterPlan adds them to its notes, which planRun reports with the plan.
   */
  readonly warnings: readonly DataProblem[];
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
  // Rows a master plan wrote into projects.csv are regenerated, not merged; a planner's edit to one
  // replaces only the generated project of its id, after the merge (docs/masterplan.md).
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
      serviceLabels: Object.fromEntries(dataset.config.services.map((service) => [service.id, service.label])),
      facilityServiceIds: dataset.config.services.filter((service) => service.blocks.length > 0).map((service) => service.id),
    },
  };
}

/**
 * The file a table was read from, as the loader names it: the CSV file among the model's source
 * files, else the sheet of its model.xlsx (`model.xlsx [assets]`), else `<table>.csv` (a Dataset
 * built in code).
 */
function tableFile(dataset: Dataset, table: InputRowSource['table'] | 'projects'): string {
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
    // A copy of generated alternatives replaces only those: say that the rest of its group stays.
    const group = replacement.exclusiveGroup === undefined ? '' : `, copied from exclusive group ${replacement.exclusiveGroup}, whose other alternatives stay (at most one of the group is funded)`;
    notes.push(
      `master plan: the planner's ${replacement.plannerProjectIds.join(', ')} replace${replacement.plannerProjectIds.length === 1 ? 's' : ''} the generated ${replacement.generatedProjectIds.join(', ')} (${mergeKeyText(replacement.key).replace(/\|/g, ' ')})${group}`,
    );
  }
  for (const [from, to] of Object.entries(masterPlan.merge.renamedIds)) notes.push(`master plan: generated ${from} is named ${to}, since the register already uses ${from}`);
  notes.push(...masterPlan.notes.map((note) => `master plan: ${note}`));
  const warnings = [...generatedRowsOf(dataset, masterPlan).warnings, ...replacementWarnings(dataset, masterPlan)];
  return { masterPlan, assumptions, assetsFromNeeds: derived, notes, warnings };
}

/** How the stage treats the rows of projects.csv the master plan wrote (origin masterplan). */
interface GeneratedRows {
  /** Rows a planner edited (their values no longer match generated_fingerprint) whose id the plan generates: each replaces the generated project of its id. */
  readonly editedById: ReadonlyMap<string, Project>;
  /** Rows whose id the plan no longer generates (edited or as written), kept as written after the merged rows. */
  readonly kept: readonly Project[];
  /** One warning per edited or kept row, and one for the rows without a fingerprint. */
  readonly warnings: readonly DataProblem[];
}

/**
 * Sort the register rows the master plan wrote: a row whose values still match its fingerprint is
 * regenerated (it follows changed needs and assumptions); a row that no longer matches is a
 * planner's edit and is planned as written; a row without a fingerprint (a file from before the
 * column) is regenerated as before, with one warning that edits to such rows are not seen. A row
 * whose id the plan no longer generates is kept; one whose generated project a planner's row of
 * its key replaces follows that project out. Nothing to sort with `use_generated_register: false`.
 */
function generatedRowsOf(dataset: Dataset, masterPlan: MasterPlan<Project>): GeneratedRows {
  const editedById = new Map<string, Project>();
  const kept: Project[] = [];
  const warnings: DataProblem[] = [];
  if (dataset.config.masterplan?.use_generated_register === false) return { editedById, kept, warnings };
  const file = tableFile(dataset, 'projects');
  const generatedIds = new Set(masterPlan.merge.rows.flatMap((row) => (row.origin === 'masterplan' ? [row.project.id] : [])));
  const unmarked: Project[] = [];
  for (const project of dataset.projects) {
    if (project.origin !== 'masterplan') continue;
    if (project.generatedFingerprint === undefined) {
      unmarked.push(project);
      continue;
    }
    const edited = !matchesGeneratedFingerprint(project, dataset.municipalities);
    const generated = generatedIds.has(project.id);
    if (!edited && generated) continue;
    const at = { file, row: project.sourceRow ?? null, column: null };
    const replacement = masterPlan.merge.replacements.find((entry) => entry.generatedProjectIds.includes(project.id));
    if (replacement !== undefined) {
      // Generated, then replaced by the planner's own rows of its key: those win, as over any generated project.
      if (edited) {
        warnings.push({
          ...at,
          message:
            replacement.exclusiveGroup === undefined
              ? `${project.id} was edited after the master plan wrote it, but the planner's ${replacement.plannerProjectIds.join(', ')} replace${replacement.plannerProjectIds.length === 1 ? 's' : ''} the generated projects of ${mergeKeyText(replacement.key).replace(/\|/g, ' ')}, so it is not planned`
              : `${project.id} was edited after the master plan wrote it, but the planner's ${replacement.plannerProjectIds.join(', ')} in its exclusive group ${replacement.exclusiveGroup} ${replacement.plannerProjectIds.length === 1 ? 'is a copy' : 'are copies'} of it and replace${replacement.plannerProjectIds.length === 1 ? 's' : ''} it, so it is not planned`,
        });
      }
      continue;
    }
    if (generated) {
      editedById.set(project.id, project);
      // Only the status changed: say so, since a scenario's `statuses` changes it too.
      const writtenStatus = PROJECT_STATUSES.find((status) => status !== project.status && generatedFingerprintOf({ ...project, status }, dataset.municipalities) === project.generatedFingerprint);
      const change = writtenStatus === undefined ? '' : ` (status ${writtenStatus} → ${project.status}, in the file or by a scenario's committed or excluded list)`;
      warnings.push({ ...at, message: `${project.id} was edited after the master plan wrote it${change}: your values are planned, not regenerated (delete the row to have the master plan generate it again)` });
    } else {
      kept.push(project);
      warnings.push({
        ...at,
        message: `${project.id} is no longer generated by the master plan (its needs or assumptions changed)${edited ? ' and was edited after it was written' : ''}; the row is planned as written: delete it if it is no longer wanted`,
      });
    }
  }
  if (unmarked.length > 0) {
    const rows = unmarked.flatMap((project) => (project.sourceRow === undefined ? [] : [project.sourceRow]));
    warnings.push({
      file,
      row: rows[0] ?? null,
      column: 'generated_fingerprint',
      message:
        `${unmarked.length} row${unmarked.length === 1 ? '' : 's'} with origin masterplan (${unmarked[0].id}${unmarked.length > 1 ? ', …' : ''}) ${unmarked.length === 1 ? 'has' : 'have'} no generated_fingerprint (written before the column), so ${unmarked.length === 1 ? 'it is' : 'they are'} regenerated and edits to ${unmarked.length === 1 ? 'it' : 'them'} are not seen: ` +
        'regenerate the register (npm run generate-models for the shipped models) to add the column, or set origin to planner on a row you edited to plan it as your own',
    });
  }
  return { editedById, kept, warnings };
}

/** What a set of projects can serve at most: the sum, an exclusive group counted by its largest member. */
function mostServed(projects: readonly Project[], measure: (project: Project) => number): number {
  const largestOfGroup = new Map<string, number>();
  let total = 0;
  for (const project of projects) {
    if (project.exclusiveGroup === null) total += measure(project);
    else largestOfGroup.set(project.exclusiveGroup, Math.max(largestOfGroup.get(project.exclusiveGroup) ?? 0, measure(project)));
  }
  for (const value of largestOfGroup.values()) total += value;
  return total;
}

/**
 * Warnings on the planner's rows that replace generated projects (the planner's row wins over
 * every generated project of its municipality, service and asset type):
 * - a row of another owner (a provincial or national department, or another municipality's name):
 *   the municipality's own upgrade leaves the plan, right only when the department's project meets
 *   the same need;
 * - the municipality's own backlog rows that together serve fewer households than the generated
 *   backlog phases they replace: the households left without a project are said, with how to keep
 *   the generated projects beside the planner's row. A new user's review (u2, finding 8) added one
 *   900-household backlog row and lost, without a word, the two funded phases that served all
 *   4,255 households of that backlog. Replacing like with like (the planner's own upgrade for the
 *   generated one) is the merge's purpose and says nothing more than the note.
 */
function replacementWarnings(dataset: Dataset, masterPlan: MasterPlan<Project>): DataProblem[] {
  const file = tableFile(dataset, 'projects');
  const byId = new Map(dataset.projects.map((project) => [project.id, project]));
  const generatedById = new Map(masterPlan.candidateProjects.map((project) => [project.id, generatedRow(project, dataset)]));
  const warnings: DataProblem[] = [];
  for (const replacement of masterPlan.merge.replacements) {
    const own: Project[] = [];
    for (const id of replacement.plannerProjectIds) {
      const project = byId.get(id);
      if (project === undefined || project.status === 'excluded') continue;
      const owner = ownerOf(project, dataset.municipalities);
      const municipality = dataset.municipalities.find((candidate) => candidate.code === project.municipalityCode);
      if (sameOwner(owner, defaultOwner(project.municipalityCode, municipality?.name))) {
        own.push(project);
        continue;
      }
      warnings.push({
        file,
        row: project.sourceRow ?? null,
        column: 'owner_name',
        message: `${id} (${ownerLabel(owner)}) replaces the generated ${replacement.generatedProjectIds.join(', ')} of ${mergeKeyText(replacement.key).replace(/\|/g, ' ')}: check that it meets the same need, or give it another project_type`,
      });
    }
    // A copy of one generated alternative replaces only that alternative; the rest of its group stays.
    if (own.length === 0 || replacement.exclusiveGroup !== undefined) continue;
    const asProjects = replacement.generatedProjectIds.map((id) => generatedById.get(id)).filter((project): project is Project => project !== undefined);
    const shortHouseholds = mostServed(asProjects, (project) => project.householdsServed) - mostServed(own, (project) => project.householdsServed);
    // Only a backlog is a count the rows share out; a capacity upgrade's size is the planner's design choice.
    if (replacement.key.target !== 'backlog' || shortHouseholds < 1) continue;
    const ids = replacement.generatedProjectIds;
    const them = ids.length === 1 ? 'it' : 'them';
    const last = own[own.length - 1];
    warnings.push({
      file,
      row: last.sourceRow ?? null,
      column: 'project_type',
      message:
        `${own.map((project) => project.id).join(', ')} replace${own.length === 1 ? 's' : ''} the master plan's ${ids.join(', ')} (${mergeKeyText(replacement.key).replace(/\|/g, ' ')}), serving ${Math.round(shortHouseholds).toLocaleString('en-GB')} fewer households of the backlog than ${them}; ` +
        (ids.every((id) => byId.has(id))
          ? `to plan ${them} beside your row${own.length === 1 ? '' : 's'}, set origin to planner on ${ids.length === 1 ? 'that row' : 'those rows'} in projects.csv`
          : `to plan ${them} beside your row${own.length === 1 ? '' : 's'}, copy ${them} from the master plan's register (infraplan masterplan) into projects.csv with origin planner`),
    });
  }
  return warnings;
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

/** A generated project as a register row, with the fingerprint a writer of the planned register writes with it. */
function fingerprintedRow(project: GeneratedProject, dataset: Dataset): Project {
  const row = generatedRow(project, dataset);
  return { ...row, generatedFingerprint: generatedFingerprintOf(row, dataset.municipalities) };
}

/**
 * A kept row's prerequisites among the planned ids: one the merge rewrote (its generated project
 * was replaced by a planner's row) follows the rewrite; one that names no planned project is left out.
 */
function plannedPrerequisites(project: Project, plannedIds: ReadonlySet<string>, masterPlan: MasterPlan<Project>): Project {
  const prerequisiteIds = project.prerequisiteIds.flatMap((id) => {
    if (plannedIds.has(id)) return [id];
    const rewritten = masterPlan.merge.rewrittenPrerequisites.find((entry) => entry.projectId === project.id && entry.from === id);
    return rewritten !== undefined && rewritten.to !== null ? [rewritten.to] : [];
  });
  return prerequisiteIds.length === project.prerequisiteIds.length && prerequisiteIds.every((id, index) => id === project.prerequisiteIds[index]) ? project : { ...project, prerequisiteIds: [...new Set(prerequisiteIds)] };
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
  let projects: readonly Project[] = dataset.projects;
  if (useGenerated) {
    // A planner's edit to a generated row replaces the generated project of its id; rows no longer generated are kept after the merged ones.
    const { editedById, kept } = generatedRowsOf(dataset, built.masterPlan);
    const merged = built.masterPlan.merge.rows.map((row) => (row.origin === 'planner' ? row.project : (editedById.get(row.project.id) ?? fingerprintedRow(row.project, dataset))));
    const plannedIds = new Set([...merged, ...kept].map((project) => project.id));
    projects = [...merged, ...kept].map((project) => (project.origin === 'masterplan' && (editedById.has(project.id) || kept.includes(project)) ? plannedPrerequisites(project, plannedIds, built.masterPlan) : project));
  }
  const generatedCount = projects.filter((project) => project.origin === 'masterplan').length;
  const asWritten = projects.filter((project) => project.origin === 'masterplan' && project.generatedFingerprint !== undefined && !matchesGeneratedFingerprint(project, dataset.municipalities)).length;
  const registerNote = useGenerated
    ? `master plan: ${generatedCount} generated project${generatedCount === 1 ? '' : 's'}${asWritten === 0 ? '' : ` (${asWritten} as a planner edited ${asWritten === 1 ? 'it' : 'them'})`} planned beside the ${projects.length - generatedCount} planner project${projects.length - generatedCount === 1 ? '' : 's'} of projects.csv (${projects.length} in all)`
    : 'master plan: projects.csv is planned as given (masterplan.use_generated_register: false)';
  return {
    ...built,
    notes: [registerNote, ...built.notes, ...built.warnings.map(formatProblem)],
    dataset: { ...dataset, projects, capacityBalances: capacityBalancesOf(built.masterPlan, built.assumptions, dataset) },
  };
}
