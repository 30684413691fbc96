/**
 * `frontier` as a library function: the households-growth trade-off at the model's budget
 * (src/analysis/households-growth-frontier.ts), solved on the solve pool, and its folder.
 */
import { defaultReportsFolder, withOutputFolder } from '../files/output-folder.js';
import type { PlanOptions } from '../plan/plan-model.js';
import { plannedDataset } from '../pipeline/plan-run.js';
import { toJsonText } from '../report/json-output.js';
import type { CommandLineOverrides } from '../scenario/resolve-scenario.js';
import { OBJECTIVE_MEASURES } from '../rules/objective-settings.js';
import { hasSolution } from '../solve/engine.js';
import { analysisRelativeGap, baselineLineOf, baselinePlanOptions, loadScenario, planOptionsFor, renderChartImages, type AnalysisRunOptions } from './analysis-run.js';
import { HIGHS_DEFAULT_RELATIVE_GAP } from './frontier.js';
import {
  buildHouseholdsGrowthFrontier,
  DEFAULT_FRONTIER_POINTS,
  frontierLevels,
  frontierPointDataset,
  tradeOffFigures,
  withFrontierPolicy,
  type HouseholdsGrowthFrontier,
} from './households-growth-frontier.js';
import { refuseWithoutAnyPlan } from './no-plan.js';
import { householdsGrowthChart } from './reports/analysis-charts.js';
import { buildFrontierWorkbook } from './reports/frontier-workbook.js';
import { analysisFolderName, writeAnalysisFolder } from './reports/write-analysis-folder.js';
import type { DatasetSolveJob } from './solve-job.js';
import { solveJobs } from './solve-pool.js';

/** What `frontier` needs. */
export interface FrontierInput {
  /** Model folder or workbook. */
  readonly modelPath: string;
  /** Scenario file, or undefined for the model as it is. */
  readonly scenarioPath?: string;
  /** Command-line overrides (--set, --gap, --time-limit, --budget-scale, ...). */
  readonly commandLine?: CommandLineOverrides;
  /** Points on the frontier, both end points included (2 to 15); default 5. */
  readonly points?: number;
}

/** What `frontier` returns. */
export interface FrontierOutcome {
  /** Model name. */
  readonly modelName: string;
  /** Scenario name. */
  readonly scenarioName: string;
  /** Relative MIP gap the solves were asked for, or null for the engine default (HiGHS 1e-4). */
  readonly requestedRelativeGap: number | null;
  /** The frontier with its end points and the current plan. */
  readonly frontier: HouseholdsGrowthFrontier;
  /** With --baseline: which baseline, its lock years and the decisions the current plan changed against it (baselineLineOf); absent without. */
  readonly baselineLine?: string;
  /** Absolute path of the folder written, or null with skipFiles. */
  readonly folder: string | null;
}

/** Name of the frontier workbook inside the folder. */
export const FRONTIER_WORKBOOK = 'frontier.xlsx';

/**
 * Trace the frontier: first the plan as given and the two single-quantity plans (one pool run of
 * three solves), then one solve per households level between the end points' households. When an
 * end point has no plan there is no range of levels to hold, and the command says so (exit 1).
 */
export async function runFrontier(input: FrontierInput, options: AnalysisRunOptions = {}): Promise<FrontierOutcome> {
  // A bad --out is reported before the solves, not after them; a run that fails leaves no folder it created.
  return withOutputFolder(options.outDir ?? defaultReportsFolder(), { ...(options.onNote ? { onNote: options.onNote } : {}), prepare: options.skipFiles !== true }, () => runFrontierInFolder(input, options));
}

/** runFrontier once its output folder is ready. */
async function runFrontierInFolder(input: FrontierInput, options: AnalysisRunOptions): Promise<FrontierOutcome> {
  const startedAt = (options.now ?? (() => new Date()))();
  // --lock-years holds at every point (the dataset carries the lock); the current plan also stays close to --baseline.
  const loaded = await loadScenario(input.modelPath, input.scenarioPath, input.commandLine, options.baseline);
  const { resolved } = loaded;
  const model = resolved.dataset;
  // The register and master plan balances the plans were made with: every point's benefit is counted on them.
  const planned = plannedDataset(model).dataset;
  const pointCount = input.points ?? DEFAULT_FRONTIER_POINTS;
  // 1% unless --gap or a looser scenario gap says otherwise, as sweep and stress (ANALYSIS_RELATIVE_GAP.frontier).
  const { relativeGap } = analysisRelativeGap('frontier', input.commandLine, resolved);
  const requestedRelativeGap: number | null = relativeGap;
  const job = (label: string, dataset: typeof model, override: string | null, extra: PlanOptions = {}): DatasetSolveJob => ({
    kind: 'dataset',
    label,
    dataset,
    planOptions: planOptionsFor(resolved, { overridesApplied: [...resolved.overridesApplied, ...(override === null ? [] : [`${override} (frontier)`])], relativeGap, ...extra }),
  });
  const anchorJobs = [
    job('current plan', model, null, baselinePlanOptions(loaded)),
    job('growth only', withFrontierPolicy(model, OBJECTIVE_MEASURES.capacityAddedMlPerDay), 'policy.objective_measure = 1'),
    job('households only', withFrontierPolicy(model, OBJECTIVE_MEASURES.householdsServed), 'policy.objective_measure = 2'),
  ];
  const [currentPlan, growthOnly, householdsOnly] = await solveJobs(anchorJobs, options);
  // Both ends must have a plan: without one the range of households to hold is unknown.
  const ends = [
    { plan: growthOnly, label: 'growth only' },
    { plan: householdsOnly, label: 'households only' },
  ].filter((end) => !hasSolution(end.plan));
  refuseWithoutAnyPlan(ends.map((end) => end.plan), ends.map((end) => end.label), 'an end point of the frontier has no plan at this budget, so there is no range of households to hold');
  const lowHouseholds = tradeOffFigures(growthOnly, planned).householdsServed ?? 0;
  const highHouseholds = tradeOffFigures(householdsOnly, planned).householdsServed ?? 0;
  const levels = frontierLevels(lowHouseholds, highHouseholds, pointCount);
  // The lowest level is the growth-only plan's own households: that plan is already the most capacity
  // at it (the same objective, and the floor holds), so point 1 is not solved again.
  const firstIsGrowthOnly = levels[0] === lowHouseholds;
  // (Starting the other points from the households-only plan, which fits every level, was measured
  // side by side on the default model: 269 against 248 CPU s, no gain; docs/analysis.md.)
  const pointJobs = levels
    .slice(firstIsGrowthOnly ? 1 : 0)
    .map((level) => job(`households ≥ ${Math.round(level)}`, frontierPointDataset(model, level), `policy.objective_measure = 1, policy.min_households_served = ${level}`));
  const pointPlans = [...(firstIsGrowthOnly ? [growthOnly] : []), ...(await solveJobs(pointJobs, options))];
  const frontier = buildHouseholdsGrowthFrontier(
    { currentPlan, growthOnly, householdsOnly, points: levels.map((householdsLevel, index) => ({ householdsLevel, plan: pointPlans[index] })) },
    planned,
    requestedRelativeGap ?? HIGHS_DEFAULT_RELATIVE_GAP,
  );
  const modelName = model.config.name;
  const baselineLine = baselineLineOf(loaded, [{ label: 'current plan', plan: currentPlan }]);
  const outcome = { modelName, scenarioName: resolved.scenarioName, requestedRelativeGap, frontier, ...(baselineLine !== null ? { baselineLine } : {}) };
  if (options.skipFiles) return { ...outcome, folder: null };
  const title = `Households served against capacity added for growth: ${modelName}, scenario ${resolved.scenarioName}`;
  const charts = await renderChartImages([
    { fileName: 'charts/frontier.png', caption: 'Households served against capacity added for growth, at the model budget', configuration: householdsGrowthChart(frontier, model.config.illustrativeNote) },
  ]);
  const workbook = buildFrontierWorkbook(frontier, title, charts, model.config.illustrativeNote ?? '', baselineLine === null ? [] : [`Baseline: ${baselineLine}.`]);
  const folderName = analysisFolderName([modelName, resolved.scenarioName, 'frontier', String(pointCount)], startedAt);
  const folder = await writeAnalysisFolder(
    options.outDir ?? defaultReportsFolder(),
    folderName,
    [
      { relativePath: FRONTIER_WORKBOOK, content: Buffer.from(await workbook.xlsx.writeBuffer()) },
      { relativePath: 'frontier.json', content: toJsonText(outcome) },
      ...charts.map((chart) => ({ relativePath: chart.fileName, content: chart.png })),
    ],
    options.force,
    options.onNote ? { onNote: options.onNote } : {},
  );
  return { ...outcome, folder };
}
