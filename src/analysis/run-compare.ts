/**
 * `compare` as a library function: solve the same model under several scenarios and write one
 * comparison workbook with charts.
 */
import { defaultReportsFolder } from '../files/output-folder.js';
import type { PortfolioPlan } from '../plan/types.js';
import type { CommandLineOverrides } from '../scenario/resolve-scenario.js';
import { barChartHeight, baselinePlanOptions, loadScenario, planOptionsFor, renderChartImages, type AnalysisRunOptions } from './analysis-run.js';
import { compareScenarios, type ScenarioComparison } from './comparison.js';
import { benefitByScenarioChart, spendingByMunicipalityChart } from './reports/analysis-charts.js';
import { buildComparisonWorkbook } from './reports/comparison-workbook.js';
import { analysisFolderName, folderSlug, writeAnalysisFolder } from './reports/write-analysis-folder.js';
import type { SolveJob } from './solve-job.js';
import { refuseWithoutAnyPlan } from './no-plan.js';
import { solveJobs } from './solve-pool.js';
import { prepareOutputFolder } from '../files/output-folder.js';
import { toJsonText } from '../report/json-output.js';

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
  /** The plans, one per scenario. */
  readonly plans: readonly PortfolioPlan[];
  /** Absolute path of the folder written, or null with skipFiles. */
  readonly folder: string | null;
}

/** Name of the comparison workbook inside the folder. */
export const COMPARISON_WORKBOOK = 'comparison.xlsx';

/**
 * Solve every scenario and compare. Scenarios are resolved here first, so every problem in every
 * scenario file is reported before any solving starts.
 */
export async function runCompare(input: CompareInput, options: AnalysisRunOptions = {}): Promise<CompareResult> {
  const startedAt = (options.now ?? (() => new Date()))();
  // A bad --out is reported before the solves, not after them.
  await prepareOutputFolder(options.outDir ?? defaultReportsFolder(), options.onNote ? { onNote: options.onNote } : {});
  const loaded = [];
  for (const scenarioPath of input.scenarioPaths) loaded.push(await loadScenario(input.modelPath, scenarioPath, input.commandLine, options.baseline));
  const jobs: SolveJob[] = loaded.map((scenario) => ({ kind: 'dataset', label: scenario.resolved.scenarioName, dataset: scenario.resolved.dataset, planOptions: planOptionsFor(scenario.resolved, baselinePlanOptions(scenario)) }));
  const plans = await solveJobs(jobs, options);
  refuseWithoutAnyPlan(plans, jobs.map((job) => job.label), 'no scenario has a plan');
  const comparison = compareScenarios(plans, loaded.map((scenario) => scenario.resolved.dataset));
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
  const scenarioNames = comparison.scenarios.map((figures) => folderSlug(figures.scenarioName)).join('-vs-');
  const folderName = analysisFolderName([plans[0].modelName, 'compare', scenarioNames], startedAt);
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
