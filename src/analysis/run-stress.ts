/**
 * `stress` as a library function: re-solve the model under random cost overruns and report how
 * robust each project's funding and the plan's benefit are.
 */
import { defaultReportsFolder } from '../files/output-folder.js';
import type { CommandLineOverrides } from '../scenario/resolve-scenario.js';
import { baselinePlanOptions, loadScenario, planOptionsFor, renderChartImages, type AnalysisRunOptions } from './analysis-run.js';
import { applyCostOverruns, DEFAULT_OVERRUN_DISTRIBUTION, drawOverrunFactors, type OverrunDistribution } from './cost-overruns.js';
import { fundedShareChart, fundedShareChartHeight } from './reports/stress-charts.js';
import { buildStressWorkbook } from './reports/stress-workbook.js';
import { analysisFolderName, writeAnalysisFolder } from './reports/write-analysis-folder.js';
import type { SolveJob } from './solve-job.js';
import { refuseWithoutAnyPlan } from './no-plan.js';
import { solveJobs } from './solve-pool.js';
import { summariseStress, type StressSummary } from './stress-summary.js';
import { prepareOutputFolder } from '../files/output-folder.js';

/** What `stress` needs. */
export interface StressInput {
  /** Model folder or workbook. */
  readonly modelPath: string;
  /** Scenario file, or undefined for the model as it is. */
  readonly scenarioPath?: string;
  /** Command-line overrides. */
  readonly commandLine?: CommandLineOverrides;
  /** Number of overrun draws (at least 1). */
  readonly draws: number;
  /** Seed of the random draws (a 32-bit integer). */
  readonly seed: number;
  /** Overrun distribution; default DEFAULT_OVERRUN_DISTRIBUTION. */
  readonly distribution?: OverrunDistribution;
}

/** What `stress` returns. */
export interface StressOutcome {
  /** Model name. */
  readonly modelName: string;
  /** Scenario name. */
  readonly scenarioName: string;
  /** The distribution used. */
  readonly distribution: OverrunDistribution;
  /** The summary. */
  readonly summary: StressSummary;
  /** Absolute path of the folder written, or null with skipFiles. */
  readonly folder: string | null;
}

/** Name of the stress workbook inside the folder. */
export const STRESS_WORKBOOK = 'stress.xlsx';

/** Solve the plan without overruns and one plan per draw, then summarise. */
export async function runStress(input: StressInput, options: AnalysisRunOptions = {}): Promise<StressOutcome> {
  const startedAt = (options.now ?? (() => new Date()))();
  // A bad --out is reported before the solves, not after them.
  await prepareOutputFolder(options.outDir ?? defaultReportsFolder(), options.onNote ? { onNote: options.onNote } : {});
  const distribution = input.distribution ?? DEFAULT_OVERRUN_DISTRIBUTION;
  const loaded = await loadScenario(input.modelPath, input.scenarioPath, input.commandLine, options.baseline);
  const { resolved } = loaded;
  const dataset = resolved.dataset;
  const factors = drawOverrunFactors(dataset.projects.length, input.draws, input.seed, distribution);
  const jobs: SolveJob[] = [
    { kind: 'dataset', label: 'without overruns', dataset, planOptions: planOptionsFor(resolved, baselinePlanOptions(loaded)) },
    ...factors.map(
      (factorByProject, draw): SolveJob => ({
        kind: 'dataset',
        label: `overrun draw ${draw + 1}`,
        dataset: applyCostOverruns(dataset, factorByProject),
        planOptions: planOptionsFor(resolved, { overridesApplied: [...resolved.overridesApplied, `cost overrun draw ${draw + 1} of seed ${input.seed} (stress)`], ...baselinePlanOptions(loaded) }),
      }),
    ),
  ];
  const [baseline, ...drawPlans] = await solveJobs(jobs, options);
  // Without a plan at the register's costs there is nothing whose robustness could be measured.
  refuseWithoutAnyPlan([baseline], ['without overruns'], 'the model has no plan without cost overruns, so there is nothing to stress');
  const summary = summariseStress(dataset, baseline, drawPlans, input.seed);
  const modelName = dataset.config.name;
  const outcome = { modelName, scenarioName: resolved.scenarioName, distribution, summary };
  if (options.skipFiles) return { ...outcome, folder: null };
  const title = `Cost-overrun stress test: ${modelName}, scenario ${resolved.scenarioName}, ${input.draws} draws, seed ${input.seed}`;
  const charts = await renderChartImages([
    { fileName: 'charts/funded-share.png', caption: 'Projects funded in some overrun draws but not all (every project is on the Project robustness sheet)', configuration: fundedShareChart(summary, dataset.config.illustrativeNote), heightPixels: fundedShareChartHeight(summary) },
  ]);
  const workbook = buildStressWorkbook(summary, distribution, title, charts);
  const folderName = analysisFolderName([modelName, resolved.scenarioName, 'stress', `${input.draws}-draws-seed-${input.seed}`], startedAt);
  const folder = await writeAnalysisFolder(
    options.outDir ?? defaultReportsFolder(),
    folderName,
    [
      { relativePath: STRESS_WORKBOOK, content: Buffer.from(await workbook.xlsx.writeBuffer()) },
      { relativePath: 'stress.json', content: `${JSON.stringify(outcome, null, 2)}\n` },
      ...charts.map((chart) => ({ relativePath: chart.fileName, content: chart.png })),
    ],
    options.force,
    options.onNote ? { onNote: options.onNote } : {},
  );
  return { ...outcome, folder };
}
