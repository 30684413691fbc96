/**
 * Apply stacked scenario layers to a Dataset. Pure: the input Dataset is never changed; the result
 * is a new object that shares the parts no override touched.
 *
 * Precedence: layers are given farthest first (the root of the `extends` chain, ..., the scenario
 * file, the command line). A setting with one value (a policy field, `budget_scale`, a project's
 * status, a source's delay) takes the value of the nearest layer that sets it. Envelope overrides
 * are edits: all of them apply, in layer order, each to the envelope as the previous edits left it.
 *
 * Order of the money steps: horizon, envelope edits, delays, then `budget_scale`, so a scale
 * multiplies the delayed, edited envelopes.
 */
import { formatFinancialYear } from '../dataset/financial-year.js';
import { horizonFrom, horizonOf } from '../dataset/horizon.js';
import { LARGEST_RAND } from '../dataset/limits.js';
import { InvalidInputError, type DataProblem } from '../errors/problems.js';
import type {
  Dataset,
  FundingSource,
  IndicatorDeclaration,
  ModelConfig,
  PolicySettings,
  Project,
  ProjectStatus,
  RingFence,
} from '../dataset/types.js';
import { suggestId } from '../dataset/suggest.js';
import type { EngineName } from '../dataset/engine-catalogue.js';
import { formatKeyPath, layerProblem, type KeyPath, type ScenarioLayer } from './scenario-layer.js';
import type { EnvelopeOverride } from './scenario-schema.js';
import { masterPlanSettingLines, mergeMasterPlanSettings } from '../dataset/masterplan-settings.js';
import type { MasterPlanSettings } from '../dataset/types.js';
import { applyPolicyEntries, checkPolicyEntries, policyEntries, type PolicyEntry } from '../rules/registry.js';
import { describeYears, parseYearSelection } from './year-selection.js';
import { withCostFactors } from '../dataset/cost-factors.js';

/** Engine settings chosen by the layers. */
export interface EngineOptions {
  /** Engine name, when a layer chose one. */
  readonly engine?: EngineName;
  /** Wall-clock limit, seconds. */
  readonly timeLimitSeconds?: number;
  /** Relative MIP gap. */
  readonly relativeGap?: number;
  /** A race of two HiGHS runs (`engine.race`). */
  readonly race?: boolean;
  /** HiGHS `random_seed` (`engine.random_seed`). */
  readonly randomSeed?: number;
}

/** What applying the layers produced. */
export interface AppliedScenario {
  /** The new Dataset. */
  readonly dataset: Dataset;
  /** One readable line per override applied, in order: `key = value (source)`. */
  readonly overridesApplied: readonly string[];
  /** Engine settings. */
  readonly engineOptions: EngineOptions;
}

/** A value set by one layer, remembered with where it was set. */
interface Setting<Value> {
  readonly value: Value;
  readonly layer: ScenarioLayer;
  readonly keyPath: KeyPath;
}

/** An override line waiting for its place in the output. */
interface OverrideLine {
  readonly text: string;
}

/**
 * Settings where the nearest layer wins. Setting a key again removes its earlier line and appends
 * a new one, so the list stays in the order the winning values were applied.
 */
class NearestWins<Value> {
  private readonly settings = new Map<string, Setting<Value>>();
  constructor(private readonly lines: Map<string, OverrideLine>) {}

  set(id: string, setting: Setting<Value>, shown: string, note?: string): void {
    this.settings.set(id, setting);
    this.lines.delete(id);
    this.lines.set(id, { text: `${formatKeyPath(setting.keyPath)} = ${shown} (${setting.layer.label}${note === undefined ? '' : `; ${note}`})` });
  }

  get(id: string): Setting<Value> | undefined {
    return this.settings.get(id);
  }

  entries(): [string, Setting<Value>][] {
    return [...this.settings.entries()];
  }
}

/** Show a number the way a reader expects: no exponent for ordinary amounts. */
function showNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(12)));
}

/** A rand amount for a message: plain digits up to a trillion, then in exponent form. */
function showAmount(rand: number): string {
  return rand < 1e15 ? Math.round(rand).toLocaleString('en-GB') : rand.toExponential(2);
}

/** Multiply every envelope of a source by `factor`. */
function scaleEnvelopes(record: Readonly<Record<number, number>>, factor: number): Record<number, number> {
  const result: Record<number, number> = {};
  for (const [year, amount] of Object.entries(record)) result[Number(year)] = amount * factor;
  return result;
}

/**
 * Move every envelope `delayYears` later. The years kept are those the source already had plus
 * the horizon; a year whose money came from before gets 0, and money landing after the last kept
 * year is lost (a grant delayed past the horizon does not arrive within the plan).
 */
export function delayEnvelopes(
  record: Readonly<Record<number, number>>,
  delayYears: number,
  horizon: readonly number[],
): Record<number, number> {
  const years = new Set<number>([...Object.keys(record).map(Number), ...horizon]);
  const result: Record<number, number> = {};
  for (const year of [...years].sort((a, b) => a - b)) result[year] = record[year - delayYears] ?? 0;
  return result;
}

/** Scale a project's cost (kept here for its callers; it lives with the other cost factors). */
export { escalateProject } from '../dataset/cost-factors.js';

/** What the layers set, nearest winning, before any of it is applied. */
interface CollectedSettings {
  /** The override lines, keyed so that a stronger layer's line replaces a weaker one's. */
  readonly lines: Map<string, OverrideLine>;
  readonly scalars: NearestWins<number | string>;
  readonly statuses: NearestWins<ProjectStatus>;
  readonly delays: NearestWins<number>;
  /** Envelope edits, every one, in layer order. */
  readonly envelopeEdits: readonly Setting<EnvelopeOverride>[];
  /** Money ring-fenced for projects, every entry of every layer, in layer order (years parsed). */
  readonly ringFences: readonly RingFence[];
  /** The winning value of every policy key (nearest layer), by its key path under policy. */
  readonly policyEntriesWon: ReadonlyMap<string, PolicyEntry>;
  /** The `masterplan:` blocks of the layers, farthest first (merged key by key into the model's). */
  readonly masterplanBlocks: readonly MasterPlanSettings[];
  /** Number of financial years after the layers. */
  readonly horizonLength: number;
  /** The financial years of that horizon. */
  readonly horizon: readonly number[];
}

/**
 * The project register a scenario's project ids are checked against, for the keys that may name a
 * project the master plan generates (`ring_fenced`): the pipeline passes the register the master
 * plan stage makes (the stage is a layer above this one); by default the model's own rows.
 */
export type RegisterOf = (dataset: Dataset) => readonly Project[];

/** Read every layer (farthest first) into settings where the nearest wins; throws InvalidInputError naming every unknown id. */
function collectSettings(dataset: Dataset, layers: readonly ScenarioLayer[], registerOf: RegisterOf): CollectedSettings {
  const problems: DataProblem[] = [];
  const lines = new Map<string, OverrideLine>();
  const scalars = new NearestWins<number | string>(lines);
  const statuses = new NearestWins<ProjectStatus>(lines);
  const delays = new NearestWins<number>(lines);
  const envelopeEdits: Setting<EnvelopeOverride>[] = [];
  const ringFences: RingFence[] = [];
  // A ring fence may name a project the master plan generates: its register is built only when a layer ring-fences money.
  let plannedProjects: readonly Project[] | null = null;
  const plannedProjectsOf = (): readonly Project[] => (plannedProjects ??= registerOf(dataset));
  const masterplanBlocks: MasterPlanSettings[] = [];
  const config = dataset.config;
  const sourceIds = new Set(dataset.fundingSources.map((source) => source.id));
  const projectIds = new Set(dataset.projects.map((project) => project.id));
  const indicatorIds = new Set(config.indicators.map((indicator) => indicator.id));
  // The winning value of every policy key (nearest layer), by its key path under policy.
  const policyEntriesWon = new Map<string, PolicyEntry>();

  // The horizon decides which years an envelope override may name, so settle it first.
  let horizonLength = config.horizonYears;
  for (const layer of layers) {
    const value = layer.settings.horizon_years;
    if (value !== undefined) horizonLength = value;
  }
  const { years: horizon } = horizonFrom(config.baseFinancialYear, horizonLength);

  for (const layer of layers) {
    const settings = layer.settings;
    const setScalar = (keyPath: KeyPath, value: number | string | undefined, note?: string): void => {
      if (value === undefined) return;
      const shown = typeof value === 'number' ? showNumber(value) : value;
      scalars.set(formatKeyPath(keyPath), { value, layer, keyPath }, shown, note);
    };
    setScalar(['horizon_years'], settings.horizon_years);
    setScalar(['normalisation'], settings.normalisation);
    for (const [id, weight] of Object.entries(settings.index_weights ?? {})) {
      if (!indicatorIds.has(id)) {
        problems.push(layerProblem(layer, ['index_weights', id], `unknown indicator '${id}'; the model declares ${[...indicatorIds].join(', ')}`));
        continue;
      }
      setScalar(['index_weights', id], weight);
    }
    const entries = policyEntries(settings.policy ?? {});
    const policyProblems = checkPolicyEntries(entries, config.services);
    for (const problem of policyProblems) problems.push(layerProblem(layer, ['policy', ...problem.keyPath], problem.message));
    if (policyProblems.length === 0) {
      for (const entry of entries) {
        setScalar(['policy', ...entry.keyPath], entry.value, entry.formerKey === undefined ? undefined : `written as policy.${entry.formerKey}, its former name`);
        policyEntriesWon.set(entry.keyPath.join('.'), entry);
      }
    }

    (settings.envelopes ?? []).forEach((override, index) => {
      const keyPath: KeyPath = ['envelopes', index];
      if (!sourceIds.has(override.source)) {
        problems.push(layerProblem(layer, [...keyPath, 'source'], `unknown funding source '${override.source}'; the model has ${[...sourceIds].join(', ')}`));
        return;
      }
      const years = parseYearSelection(override.years, horizon);
      if ('error' in years) {
        problems.push(layerProblem(layer, [...keyPath, 'years'], years.error));
        return;
      }
      envelopeEdits.push({ value: override, layer, keyPath });
      const change =
        override.amount_rand !== undefined ? `set to ${showNumber(override.amount_rand)} rand` : `change ${showNumber(override.change_percent!)}%`;
      lines.set(`envelopes#${envelopeEdits.length}`, {
        text: `${formatKeyPath(keyPath)} = ${override.source}, ${describeYears(years.years, horizon)}, ${change} (${layer.label})`,
      });
    });

    (settings.ring_fenced ?? []).forEach((entry, index) => {
      const keyPath: KeyPath = ['ring_fenced', index];
      const projects = plannedProjectsOf();
      const project = projects.find((candidate) => candidate.id === entry.project);
      if (project === undefined) {
        problems.push(layerProblem(layer, [...keyPath, 'project'], `unknown project '${entry.project}'${suggestId(entry.project, projects.map((candidate) => candidate.id))}`));
        return;
      }
      if (!sourceIds.has(entry.source)) {
        problems.push(layerProblem(layer, [...keyPath, 'source'], `unknown funding source '${entry.source}'${suggestId(entry.source, sourceIds)}; the model has ${[...sourceIds].join(', ')}`));
        return;
      }
      if (!project.fundingSourceIds.includes(entry.source)) {
        problems.push(layerProblem(layer, [...keyPath, 'source'], `project ${project.id} does not draw on ${entry.source} (its sources: ${project.fundingSourceIds.join(', ')}); money ring-fenced for it must be of one of them`));
        return;
      }
      const years = parseYearSelection(entry.years, horizon);
      if ('error' in years) {
        problems.push(layerProblem(layer, [...keyPath, 'years'], years.error));
        return;
      }
      for (const financialYear of years.years) ringFences.push({ projectId: project.id, sourceId: entry.source, financialYear, amountRand: entry.amount_rand });
      lines.set(`ring_fenced#${ringFences.length}`, {
        text: `${formatKeyPath(keyPath)} = ${showNumber(entry.amount_rand)} rand of ${entry.source}, ${describeYears(years.years, horizon)}, ring-fenced for ${project.id} (${layer.label})`,
      });
    });

    const delayedHere = new Set<string>();
    (settings.delays ?? []).forEach((delay, index) => {
      const keyPath: KeyPath = ['delays', index];
      if (!sourceIds.has(delay.source)) {
        problems.push(layerProblem(layer, [...keyPath, 'source'], `unknown funding source '${delay.source}'; the model has ${[...sourceIds].join(', ')}`));
        return;
      }
      if (delayedHere.has(delay.source)) {
        problems.push(layerProblem(layer, [...keyPath, 'source'], `${delay.source} is delayed twice in this file; give one delay per source`));
        return;
      }
      delayedHere.add(delay.source);
      delays.set(`delays#${delay.source}`, { value: delay.delay_years, layer, keyPath }, `${delay.source} ${delay.delay_years} year${delay.delay_years === 1 ? '' : 's'} later`);
    });

    if (settings.masterplan !== undefined) {
      masterplanBlocks.push(settings.masterplan as MasterPlanSettings);
      // One line per key, keyed by its path, so a nearer layer's value replaces a farther one's.
      for (const line of masterPlanSettingLines(settings.masterplan as MasterPlanSettings)) lines.set(`masterplan#${line.split(' = ')[0]}`, { text: `${line} (${layer.label})` });
    }

    setScalar(['budget_scale'], settings.budget_scale);
    setScalar(['cost_escalation_percent'], settings.cost_escalation_percent);

    const statusHere = new Map<string, string>();
    for (const status of ['committed', 'excluded'] as const) {
      (settings[status] ?? []).forEach((projectId, index) => {
        const keyPath: KeyPath = [status, index];
        if (!projectIds.has(projectId)) {
          problems.push(layerProblem(layer, keyPath, `unknown project '${projectId}'`));
          return;
        }
        const earlier = statusHere.get(projectId);
        if (earlier !== undefined) {
          problems.push(layerProblem(layer, keyPath, `project ${projectId} is also listed under ${earlier} in this file`));
          return;
        }
        statusHere.set(projectId, formatKeyPath(keyPath));
        statuses.set(`status#${projectId}`, { value: status, layer, keyPath }, projectId);
      });
    }

    setScalar(['engine', 'solver'], settings.engine?.solver);
    setScalar(['engine', 'time_limit_seconds'], settings.engine?.time_limit_seconds);
    setScalar(['engine', 'relative_gap'], settings.engine?.relative_gap);
    // A boolean is kept as its word, as the override line shows it (`engine.race = true`).
    setScalar(['engine', 'race'], settings.engine?.race === undefined ? undefined : String(settings.engine.race));
    setScalar(['engine', 'random_seed'], settings.engine?.random_seed);
  }
  if (problems.length > 0) throw new InvalidInputError(problems);
  return { lines, scalars, statuses, delays, envelopeEdits, ringFences, policyEntriesWon, masterplanBlocks, horizonLength, horizon };
}

/** The model configuration after the layers: horizon, normalisation, indicator weights, policy. */
function resolvedConfig(config: ModelConfig, collected: CollectedSettings): ModelConfig {
  const { scalars, policyEntriesWon, horizonLength, masterplanBlocks } = collected;
  const masterplan = masterplanBlocks.reduce<MasterPlanSettings | undefined>((merged, block) => mergeMasterPlanSettings(merged ?? {}, block), config.masterplan);
  const scalar = (key: string): number | string | undefined => scalars.get(key)?.value;
  const indicators: IndicatorDeclaration[] = config.indicators.map((indicator) => {
    const weight = scalar(`index_weights.${indicator.id}`);
    return weight === undefined ? indicator : { ...indicator, weight: weight as number };
  });
  const touchesPolicy = policyEntriesWon.size > 0;
  const policy = touchesPolicy ? applyPolicyEntries(config.policy, [...policyEntriesWon.values()], config.services) : config.policy;
  const normalisation = scalar('normalisation') as ModelConfig['index']['normalisation'] | undefined;
  const touchesIndicators = indicators.some((indicator, index) => indicator !== config.indicators[index]);
  return {
    ...config,
    horizonYears: horizonLength,
    index: normalisation === undefined ? config.index : { ...config.index, normalisation },
    indicators: touchesIndicators ? indicators : config.indicators,
    policy,
    ...(masterplan !== undefined ? { masterplan } : {}),
  };

}

/**
 * Funding and projects after the layers: envelope edits, then delays, then the scale; cost
 * escalation and statuses. Each step may push an amount past the largest plausible rand amount (an
 * envelope of R1 trillion scaled by 100); that is the scenario key's fault, not the model's, and it
 * is reported naming the key rather than left to overflow later.
 */
function resolvedMoneyAndProjects(dataset: Dataset, collected: CollectedSettings): { fundingSources: FundingSource[]; projects: Project[]; escalationFactor: number } {
  const { scalars, statuses, delays, envelopeEdits, horizon } = collected;
  const overflowProblems: DataProblem[] = [];
  const blameOverflow = (setting: Setting<unknown>, what: string, amountRand: number): void => {
    if (overflowProblems.some((problem) => problem.file === setting.layer.label && problem.column === formatKeyPath(setting.keyPath))) return;
    overflowProblems.push(
      layerProblem(
        setting.layer,
        setting.keyPath,
        `makes ${what} R${showAmount(amountRand)}, more than the largest plausible amount of R${showAmount(LARGEST_RAND)} (R10 trillion); check the value`,
      ),
    );
  };
  const firstOverflow = (record: Readonly<Record<number, number>>): [number, number] | null => {
    for (const [year, amount] of Object.entries(record)) if (!(amount <= LARGEST_RAND)) return [Number(year), amount];
    return null;
  };
  const budgetSetting = scalars.get('budget_scale') as Setting<unknown> | undefined;
  const budgetScale = budgetSetting?.value as number | undefined;
  const fundingSources: FundingSource[] = dataset.fundingSources.map((source) => {
    let record: Record<number, number> | null = null;
    for (const edit of envelopeEdits) {
      if (edit.value.source !== source.id) continue;
      record ??= { ...source.envelopeRandByYear };
      const years = parseYearSelection(edit.value.years, horizon) as { years: readonly number[] };
      for (const year of years.years) {
        if (edit.value.amount_rand !== undefined) record[year] = edit.value.amount_rand;
        else if (record[year] !== undefined) record[year] = record[year] * (1 + edit.value.change_percent! / 100);
      }
      const overflow = firstOverflow(record);
      if (overflow !== null) blameOverflow({ ...edit, keyPath: [...edit.keyPath, 'change_percent'] }, `the ${source.id} envelope of ${formatFinancialYear(overflow[0])}`, overflow[1]);
    }
    const delay = delays.get(`delays#${source.id}`);
    if (delay !== undefined && delay.value > 0) record = delayEnvelopes(record ?? source.envelopeRandByYear, delay.value, horizon);
    if (budgetScale !== undefined && budgetScale !== 1) {
      record = scaleEnvelopes(record ?? source.envelopeRandByYear, budgetScale);
      const overflow = firstOverflow(record);
      if (overflow !== null) blameOverflow(budgetSetting!, `the ${source.id} envelope of ${formatFinancialYear(overflow[0])}`, overflow[1]);
    }
    return record === null ? source : { ...source, envelopeRandByYear: record };
  });

  // Projects: escalation and statuses.
  const escalationSetting = scalars.get('cost_escalation_percent') as Setting<unknown> | undefined;
  const escalation = escalationSetting?.value as number | undefined;
  const factor = escalation === undefined ? 1 : 1 + escalation / 100;
  // The escalation is recorded, not applied: it reaches the register the program is built from
  // after the master plan stage adds its generated rows (src/dataset/cost-factors.ts).
  const projects: Project[] = dataset.projects.map((project) => {
    const escalatedCapexRand = project.capexRand * factor;
    if (escalatedCapexRand > LARGEST_RAND) blameOverflow(escalationSetting!, `the capex of ${project.id}`, escalatedCapexRand);
    const status = statuses.get(`status#${project.id}`);
    return status !== undefined && status.value !== project.status ? { ...project, status: status.value } : project;
  });
  if (overflowProblems.length > 0) throw new InvalidInputError(overflowProblems);

  return { fundingSources, projects, escalationFactor: factor };
}

/** Apply the layers (farthest first) to the dataset. Throws InvalidInputError listing every problem. */
export function applyScenarioLayers(dataset: Dataset, layers: readonly ScenarioLayer[], registerOf: RegisterOf = (model) => model.projects): AppliedScenario {
  const collected = collectSettings(dataset, layers, registerOf);
  const { lines, scalars, statuses } = collected;
  const scalar = (key: string): number | string | undefined => scalars.get(key)?.value;
  const newConfig = resolvedConfig(dataset.config, collected);
  const { fundingSources, projects, escalationFactor } = resolvedMoneyAndProjects(dataset, collected);

  const changed: Dataset = {
    ...dataset,
    // Ring-fenced money is kept as a list, made into sources after the master plan stage (src/dataset/ring-fences.ts).
    ...(collected.ringFences.length > 0 ? { ringFences: [...(dataset.ringFences ?? []), ...collected.ringFences] } : {}),
    config: newConfig,
    fundingSources: fundingSources.every((source, index) => source === dataset.fundingSources[index]) ? dataset.fundingSources : fundingSources,
    projects: projects.every((project, index) => project === dataset.projects[index]) ? dataset.projects : projects,
  };
  const resolved = escalationFactor === 1 ? changed : withCostFactors(changed, { escalationFactor });

  const consistencyProblems = checkResolvedDataset(resolved, { scalars, statuses, layers });
  if (consistencyProblems.length > 0) throw new InvalidInputError(consistencyProblems);

  const engine = scalar('engine.solver') as EngineName | undefined;
  const timeLimitSeconds = scalar('engine.time_limit_seconds') as number | undefined;
  const relativeGap = scalar('engine.relative_gap') as number | undefined;
  const raceWord = scalar('engine.race');
  const randomSeed = scalar('engine.random_seed') as number | undefined;
  return {
    dataset: resolved,
    overridesApplied: [...lines.values()].map((line) => line.text),
    // The model's own engine settings are the lowest layer of the documented precedence.
    engineOptions: {
      ...dataset.config.engine,
      ...(engine !== undefined ? { engine } : {}),
      ...(timeLimitSeconds !== undefined ? { timeLimitSeconds } : {}),
      ...(relativeGap !== undefined ? { relativeGap } : {}),
      ...(raceWord !== undefined ? { race: raceWord === 'true' } : {}),
      ...(randomSeed !== undefined ? { randomSeed } : {}),
    },
  };
}

/** What the consistency checks need to know about who set what. */
interface Provenance {
  readonly scalars: NearestWins<number | string>;
  readonly statuses: NearestWins<ProjectStatus>;
  readonly layers: readonly ScenarioLayer[];
}

/**
 * Checks that the resolved model still makes sense. Each problem is blamed on the scenario key that
 * caused it; a problem the scenario did not cause belongs to the model loader, not here.
 */
function checkResolvedDataset(dataset: Dataset, provenance: Provenance): DataProblem[] {
  const problems: DataProblem[] = [];
  const { scalars, statuses } = provenance;
  const blame = (setting: Setting<unknown>, message: string): void => {
    problems.push(layerProblem(setting.layer, setting.keyPath, message));
  };
  const byId = new Map(dataset.projects.map((project) => [project.id, project]));
  const { lastYear } = horizonOf(dataset.config);
  const horizonSetting = scalars.get('horizon_years');

  for (const project of dataset.projects) {
    if (project.status !== 'committed') continue;
    const commitment = statuses.get(`status#${project.id}`);
    // A committed project whose prerequisite is excluded can never start.
    for (const prerequisiteId of project.prerequisiteIds) {
      const prerequisite = byId.get(prerequisiteId);
      if (prerequisite?.status !== 'excluded') continue;
      const exclusion = statuses.get(`status#${prerequisiteId}`);
      const culprit = exclusion ?? commitment;
      if (culprit) blame(culprit, `project ${project.id} is committed but its prerequisite ${prerequisiteId} is excluded`);
    }
    // The project must be able to start and finish within the horizon.
    const buildYears = project.cashFlowRandByBuildYear.length;
    const latestFittingStart = Math.min(project.latestStartYear, lastYear - buildYears + 1);
    if (project.earliestStartYear > latestFittingStart) {
      const culprit = horizonSetting ?? commitment;
      if (culprit) {
        blame(
          culprit,
          `committed project ${project.id} (${buildYears} build years, earliest start ${formatFinancialYear(project.earliestStartYear)}) cannot be completed by the end of the horizon in ${formatFinancialYear(lastYear)}`,
        );
      }
    }
  }

  // Two committed projects in one exclusive group cannot both be funded.
  const committedByGroup = new Map<string, Project>();
  for (const project of dataset.projects) {
    if (project.status !== 'committed' || project.exclusiveGroup === null) continue;
    const other = committedByGroup.get(project.exclusiveGroup);
    if (other) {
      const culprit = statuses.get(`status#${project.id}`) ?? statuses.get(`status#${other.id}`);
      if (culprit) blame(culprit, `projects ${other.id} and ${project.id} are both committed but belong to the same exclusive group ${project.exclusiveGroup}`);
    } else {
      committedByGroup.set(project.exclusiveGroup, project);
    }
  }

  // Indices need some weight in each theme, or they are 0/0.
  for (const theme of ['need', 'growth'] as const) {
    const ofTheme = dataset.config.indicators.filter((indicator) => indicator.theme === theme);
    if (ofTheme.length === 0 || ofTheme.some((indicator) => indicator.weight > 0)) continue;
    const culprit = ofTheme.map((indicator) => scalars.get(`index_weights.${indicator.id}`)).find((setting) => setting !== undefined);
    if (culprit) blame(culprit, `every ${theme} indicator now has weight 0, so the ${theme} index is undefined; keep at least one above 0`);
  }

  const policy = dataset.config.policy;
  if (policy.districtShareMin > policy.districtShareMax) {
    const culprit = scalars.get('policy.district_share_min') ?? scalars.get('policy.district_share_max');
    if (culprit) blame(culprit, `district_share_min (${policy.districtShareMin}) is above district_share_max (${policy.districtShareMax})`);
  }
  return problems;
}
