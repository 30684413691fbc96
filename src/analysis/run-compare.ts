/**
 * `compare` as a library function: solve the same model under several scenarios and write one
 * comparison workbook with charts.
 */
import { shortenName } from '../files/file-names.js';
import { defaultReportsFolder } from '../files/output-folder.js';
import type { PortfolioPlan } from '../plan/types.js';
import type { CommandLineOverrides } from '../scenario/resolve-scenario.js';
import { barChartHeight, baselineLineOf, baselinePlanOptions, loadScenario, planOptionsFor, renderChartImages, type AnalysisRunOptions, type LoadedScenario } from './analysis-run.js';
import { compareScenarios, scenarioFigures, type ComparedFigures, type ScenarioComparison } from './comparison.js';
import { benefitByScenarioChart, spendingByMunicipalityChart } from './reports/analysis-charts.js';
import { buildComparisonWorkbook } from './reports/comparison-workbook.js';
import { analysisFolderName, folderSlug, writeAnalysisFolder } from './reports/write-analysis-folder.js';
import type { DatasetSolveJob, SolveJob } from './solve-job.js';
import { decisionsOfPlan, type AnalysisPlan } from './plan-shortcut.js';
import { DEFAULT_ENGINE } from '../dataset/engine-catalogue.js';
import { HIGHS_DEFAULT_RELATIVE_GAP } from '../solve/highs-engine.js';
import { refuseWithoutAnyPlan } from './no-plan.js';
import { numberedFrom, solveJobs, type JobDoneEvent } from './solve-pool.js';
import { withOutputFolder } from '../files/output-folder.js';
import { toJsonText } from '../report/json-output.js';
import { hasSolution } from '../solve/engine.js';
import { BASELINE_SCENARIO_NAME } from '../scenario/resolve-scenario.js';

/** What `compare` needs. */
export interface CompareInput {
  /** Model folder or workbook. */
  readonly modelPath: string;
  /** Scenario files, in the order to show them. */
  readonly scenarioPaths: readonly string[];
  /** Command-line overrides applied on top of every scenario. */
  readonly commandLine?: CommandLineOverrides;
}

/** What `compare` returns. */
export interface CompareResult {
  /** The comparison data. */
  readonly comparison: ScenarioComparison;
  /** The plans, one per scenario; a later scenario's says how it was solved from the first's plan (howSolved). */
  readonly plans: readonly AnalysisPlan[];
  /** Absolute path of the folder written, or null with skipFiles. */
  readonly folder: string | null;
}

/** A scenario whose solve ended, with its figures as the comparison will state them. */
export interface ScenarioDone {
  /** The pool's event (job number = the scenario's place in the list, its label the scenario name). */
  readonly event: JobDoneEvent;
  /** The scenario file, as given (`baseline` for the baseline compare adds beside a single scenario). */
  readonly scenarioPath: string;
  /** The scenario's figures (compare.json's), or null when its solve failed. */
  readonly figures: ComparedFigures | null;
  /** The first scenario's figures when its plan is done and has a solution (the comparison's differences are against it), else null. */
  readonly firstFigures: ComparedFigures | null;
}

/** Options of runCompare. */
export interface CompareRunOptions extends AnalysisRunOptions {
  /** Called as each scenario's solve ends (in the order they end), for a line per finished scenario. */
  readonly onScenarioDone?: (done: ScenarioDone) => void;
}

/**
 * A later scenario's job started from the first scenario's plan: its decisions completed (or
 * repaired) as a plan of this scenario, accepted when its LP bound proves it within the scenario's
 * gap, else the MIP start of the scenario's MILP at that gap (planFromNeighbour), and kept close
 * to the baseline with --baseline. The scenario's time limit and engine hold as without a start.
 */
function startedFromFirst(job: DatasetSolveJob, firstPlan: AnalysisPlan, scenario: LoadedScenario): DatasetSolveJob {
  const engine = scenario.resolved.engineOptions.engine ?? DEFAULT_ENGINE;
  const relativeGap = scenario.resolved.engineOptions.relativeGap ?? (engine === 'highs' ? HIGHS_DEFAULT_RELATIVE_GAP : 0);
  return {
    ...job,
    // No LP bound: compare solves to the model's own gap (0.1% for the default model), and the default model's LP bound lies 10.8% above its plan.
    shortcut: { startFrom: decisionsOfPlan(firstPlan), relativeGap, tryLpBound: false, ...(scenario.baseline !== null ? { stayCloseTo: scenario.baseline } : {}) },
  };
}

/** Whether a loaded scenario is the baseline: the same overrides and solver settings (a scenario file that sets nothing, or the shipped baseline). */
function sameAsBaseline(scenario: LoadedScenario, baseline: LoadedScenario): boolean {
  const settings = (loaded: LoadedScenario): string => JSON.stringify([loaded.resolved.overridesApplied, loaded.resolved.engineOptions]);
  return settings(scenario) === settings(baseline);
}

/** Name of the comparison workbook inside the folder. */
export const COMPARISON_WORKBOOK = 'comparison.xlsx';

/**
 * A comparison's folder: `<model>-<a>-vs-<b>...-compare-<time>`, the order every command names its
 * folder in, so one model's folders sort together (review u4, finding 14). The scenarios' part is
 * shortened on its own (a hash keeps it unique), so `compare` stays in the name however many scenarios.
 */
export function comparisonFolderName(modelName: string, scenarioNames: readonly string[], startedAt: Date): string {
  const scenarios = shortenName(scenarioNames.map(folderSlug).join('-vs-'), COMPARE_SCENARIOS_MAX_CHARS);
  return analysisFolderName([modelName, scenarios, 'compare'], startedAt);
}

/** Most characters of the scenarios' part of a comparison folder's name (the whole name is at most MAX_FOLDER_NAME_CHARS). */
const COMPARE_SCENARIOS_MAX_CHARS = 48;

/**
 * Solve every scenario and compare. Scenarios are resolved here first, so every problem in every
 * scenario file is reported before any solving starts. With one scenario (other than the baseline
 * itself), the baseline is solved beside it, first: the model as given with the command line's
 * settings, so the comparison says what the scenario changes (`baselineAdded`).
 */
export async function runCompare(input: CompareInput, options: CompareRunOptions = {}): Promise<CompareResult> {
  // A bad --out is reported before the solves, not after them; a run that fails leaves no folder it created.
  return withOutputFolder(options.outDir ?? defaultReportsFolder(), { ...(options.onNote ? { onNote: options.onNote } : {}), prepare: options.skipFiles !== true }, () => runCompareInFolder(input, options));
}

/** runCompare once its output folder is ready. */
async function runCompareInFolder(input: CompareInput, options: CompareRunOptions): Promise<CompareResult> {
  const startedAt = (options.now ?? (() => new Date()))();
  const loaded: LoadedScenario[] = [];
  for (const scenarioPath of input.scenarioPaths) loaded.push(await loadScenario(input.modelPath, scenarioPath, input.commandLine, options.baseline));
  // One scenario alone compares with nothing: the baseline (the model as given) goes first beside it,
  // unless the scenario is the model as given itself (it changes nothing the command line does not).
  const baseline = loaded.length === 1 ? await loadScenario(input.modelPath, undefined, input.commandLine, options.baseline) : null;
  const baselineAdded = baseline !== null && !sameAsBaseline(loaded[0], baseline);
  if (baselineAdded) loaded.unshift(baseline);
  const scenarioPaths = baselineAdded ? [BASELINE_SCENARIO_NAME, ...input.scenarioPaths] : input.scenarioPaths;
  const jobs: DatasetSolveJob[] = loaded.map((scenario) => ({ kind: 'dataset', label: scenario.resolved.scenarioName, dataset: scenario.resolved.dataset, planOptions: planOptionsFor(scenario.resolved, baselinePlanOptions(scenario)) }));
  // Figures per scenario as each plan arrives; the first scenario's are kept for the differences.
  let firstFigures: ComparedFigures | null = null;
  const { onScenarioDone } = options;
  const onJobDone = onScenarioDone
    ? (event: JobDoneEvent): void => {
        options.onJobDone?.(event);
        const index = event.jobNumber - 1;
        const figures = event.plan === null ? null : scenarioFigures(event.plan, loaded[index].resolved.dataset);
        if (index === 0 && figures !== null && hasSolution(figures)) firstFigures = figures;
        onScenarioDone({ event, scenarioPath: scenarioPaths[index], figures, firstFigures: index === 0 ? null : firstFigures });
      }
    : options.onJobDone;
  const poolOptions: CompareRunOptions = { ...options, ...(onJobDone ? { onJobDone } : {}) };
  // The first scenario first; every later one starts from its plan (repaired when the scenario
  // breaks it), through the acceptance shortcut at the scenario's own gap (issue 14).
  const [firstPlan] = await solveJobs(jobs.slice(0, 1), { ...numberedFrom(poolOptions, 0, jobs.length), workers: 1 });
  const laterJobs = jobs.slice(1).map((job, index): SolveJob => (hasSolution(firstPlan) ? startedFromFirst(job, firstPlan, loaded[index + 1]) : job));
  const laterPlans = await solveJobs(laterJobs, numberedFrom(poolOptions, 1, jobs.length));
  // Each later plan says it started from the first scenario's plan.
  const firstName = loaded[0].resolved.scenarioName;
  const plans = [firstPlan, ...laterPlans.map((plan) => (plan.howSolved === undefined ? plan : { ...plan, howSolved: { ...plan.howSolved, words: `started from the plan of scenario ${firstName}: ${plan.howSolved.words}` } }))];
  refuseWithoutAnyPlan(plans, jobs.map((job) => job.label), 'no scenario has a plan');
  const compared = compareScenarios(plans, loaded.map((scenario) => scenario.resolved.dataset), { baselineAdded });
  // Every scenario reads the same --baseline; its lock (when asked for) is on every scenario's dataset.
  const baselineLine = loaded[0] === undefined ? null : baselineLineOf(loaded[0], plans.map((plan, index) => ({ label: loaded[index].resolved.scenarioName, plan })));
  const comparison: ScenarioComparison = baselineLine === null ? compared : { ...compared, baselineLine };
  if (options.skipFiles) return { comparison, plans, folder: null };
  // Every scenario resolves the same model, so the first scenario's illustrative note is the model's.
  const illustrativeNote = loaded[0]?.resolved.dataset.config.illustrativeNote ?? null;
  const charts = await renderChartImages([
    { fileName: 'charts/benefit-by-scenario.png', caption: 'Benefit by scenario, need-led and growth-led', configuration: benefitByScenarioChart(comparison, illustrativeNote ?? '') },
    {
      fileName: 'charts/spending-by-municipality.png',
      caption: 'Planned spending by municipality across scenarios',
      configuration: spendingByMunicipalityChart(comparison, illustrativeNote ?? ''),
      heightPixels: barChartHeight(comparison.municipalities.length * Math.max(1, plans.length / 2)),
    },
  ]);
  const workbook = buildComparisonWorkbook(comparison, charts, illustrativeNote);
  const folderName = comparisonFolderName(plans[0].modelName, comparison.scenarios.map((figures) => figures.scenarioName), startedAt);
  const folder = await writeAnalysisFolder(
    options.outDir ?? defaultReportsFolder(),
    folderName,
    [
      { relativePath: COMPARISON_WORKBOOK, content: Buffer.from(await workbook.xlsx.writeBuffer()) },
      { relativePath: 'comparison.json', content: toJsonText(comparison) },
      ...charts.map((chart) => ({ relativePath: chart.fileName, content: chart.png })),
    ],
    options.force,
    options.onNote ? { onNote: options.onNote } : {},
  );
  return { comparison, plans, folder };
}
