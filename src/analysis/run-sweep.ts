/**
 * `sweep` as a library function: solve the model with every envelope scaled by each factor of a
 * range and trace the efficient frontier.
 */
import { defaultReportsFolder } from '../files/output-folder.js';
import type { CommandLineOverrides } from '../scenario/resolve-scenario.js';
import { analysisRelativeGap, basePlanFromRun, baselinePlanOptions, loadScenario, planOptionsFor, renderChartImages, type AnalysisRunOptions } from './analysis-run.js';
import { datasetRun } from '../pipeline/plan-run.js';
import { hasSolution } from '../solve/engine.js';
import { decisionsOfPlan, lpBoundGap, percentWords, type AnalysisPlan } from './plan-shortcut.js';
import { scaleEnvelopes, totalEnvelopeRand } from './budget-range.js';
import { buildFrontier, HIGHS_DEFAULT_RELATIVE_GAP, type Frontier } from './frontier.js';
import { frontierChart } from './reports/analysis-charts.js';
import { buildSweepWorkbook } from './reports/sweep-workbook.js';
import { analysisFolderName, writeAnalysisFolder } from './reports/write-analysis-folder.js';
import type { SolveJob } from './solve-job.js';
import { refuseWithoutAnyPlan } from './no-plan.js';
import { solveJobs } from './solve-pool.js';
import { withOutputFolder } from '../files/output-folder.js';
import { toJsonText } from '../report/json-output.js';

/** What `sweep` needs. */
export interface SweepInput {
  /** Model folder or workbook. */
  readonly modelPath: string;
  /** Scenario file, or undefined for the model as it is. */
  readonly scenarioPath?: string;
  /** Command-line overrides (not --budget-scale: the sweep sets the scale). */
  readonly commandLine?: CommandLineOverrides;
  /** Budget factors in ascending order, e.g. from parseBudgetRange. */
  readonly budgetFactors: readonly number[];
}

/** What `sweep` returns. */
export interface SweepOutcome {
  /** Model name. */
  readonly modelName: string;
  /** Scenario name. */
  readonly scenarioName: string;
  /** Relative MIP gap the solves were asked for: --gap, else the sweep default (ANALYSIS_RELATIVE_GAP.sweep) or a looser scenario gap. */
  readonly requestedRelativeGap: number | null;
  /** How the levels were solved, in words: the gap and why, and what the LP bound allowed. */
  readonly solving?: { readonly gapWords: string; readonly lpBoundWords: string };
  /** The frontier. */
  readonly frontier: Frontier;
  /** Absolute path of the folder written, or null with skipFiles. */
  readonly folder: string | null;
}

/** Name of the sweep workbook inside the folder. */
export const SWEEP_WORKBOOK = 'sweep.xlsx';

/**
 * Trace the frontier. Each factor multiplies the envelopes of the resolved scenario (so a
 * scenario's own budget_scale is applied first). Solves use the gap of the scenario or the command
 * line, else the engine default (HiGHS 1e-4, which it reports as optimal): a gap of 0 proves every
 * point exactly but can take very long on a full provincial register. Points that are not optimal,
 * and falls larger than the gap allows, are flagged in `frontier.warnings`.
 */
export async function runSweep(input: SweepInput, options: AnalysisRunOptions = {}): Promise<SweepOutcome> {
  // A bad --out is reported before the solves, not after them; a run that fails leaves no folder it created.
  return withOutputFolder(options.outDir ?? defaultReportsFolder(), { ...(options.onNote ? { onNote: options.onNote } : {}), prepare: options.skipFiles !== true }, () => runSweepInFolder(input, options));
}

/** runSweep once its output folder is ready. */
async function runSweepInFolder(input: SweepInput, options: AnalysisRunOptions): Promise<SweepOutcome> {
  const startedAt = (options.now ?? (() => new Date()))();
  const loaded = await loadScenario(input.modelPath, input.scenarioPath, input.commandLine, options.baseline);
  const { resolved } = loaded;
  const { relativeGap, words: gapWords } = analysisRelativeGap('sweep', input.commandLine, resolved);
  const requestedRelativeGap: number | null = relativeGap;
  const baseTotalRand = totalEnvelopeRand(resolved.dataset);
  const jobOf = (budgetFactor: number): SolveJob => ({
    kind: 'dataset',
    label: `budget ×${budgetFactor}`,
    dataset: scaleEnvelopes(resolved.dataset, budgetFactor),
    planOptions: planOptionsFor(resolved, {
      overridesApplied: [...resolved.overridesApplied, `every envelope × ${budgetFactor} (sweep)`],
      relativeGap,
      ...baselinePlanOptions(loaded),
    }),
  });
  // The level nearest ×1 first; every other level starts from its plan (issue 14). With two
  // workers this costs no round: 1 + ⌈(n − 1)/2⌉ rounds against ⌈n/2⌉ for odd n.
  const centre = input.budgetFactors.reduce((best, factor, index) => (Math.abs(factor - 1) < Math.abs(input.budgetFactors[best] - 1) ? index : best), 0);
  // With a --baseline run folder of the same inputs, its plan is the ×1 level (not solved again).
  const fromRun = input.budgetFactors[centre] === 1 ? await basePlanFromRun(loaded, options.baseline, relativeGap) : null;
  const [centrePlan] = fromRun !== null ? [fromRun] : await solveJobs([jobOf(input.budgetFactors[centre])], { ...options, workers: 1 });
  const plans: AnalysisPlan[] = new Array(input.budgetFactors.length);
  plans[centre] = centrePlan;
  let lpBoundWords = 'every level solved on its own (the level nearest ×1 has no plan to start from)';
  if (hasSolution(centrePlan)) {
    const lpGap = await lpBoundGap(datasetRun(scaleEnvelopes(resolved.dataset, input.budgetFactors[centre])), centrePlan.objectiveBenefitPoints ?? 0, resolved.engineOptions.engine);
    const tryLpBound = lpGap.gap !== null && lpGap.gap <= relativeGap;
    lpBoundWords =
      lpGap.gap === null
        ? 'the LP relaxation gave no bound'
        : `every other level starts from the plan at ×${input.budgetFactors[centre]}; the LP bound there is ${percentWords(lpGap.gap)} above its plan, ${tryLpBound ? 'within the gap, so a level whose repaired plan is within the gap of its LP bound is accepted without a MILP' : 'more than the gap, so it cannot accept a level: each is a MILP from that plan'}`;
    const startFrom = decisionsOfPlan(centrePlan);
    const others = input.budgetFactors.map((factor, index) => ({ factor, index })).filter(({ index }) => index !== centre);
    const solved = await solveJobs(others.map(({ factor }) => ({ ...jobOf(factor), shortcut: { startFrom, relativeGap, tryLpBound, ...(loaded.baseline !== null ? { stayCloseTo: loaded.baseline } : {}) } })), options);
    others.forEach(({ index }, position) => {
      plans[index] = solved[position];
    });
  } else {
    const others = input.budgetFactors.map((factor, index) => ({ factor, index })).filter(({ index }) => index !== centre);
    const solved = await solveJobs(others.map(({ factor }) => jobOf(factor)), options);
    others.forEach(({ index }, position) => {
      plans[index] = solved[position];
    });
  }
  refuseWithoutAnyPlan(plans, input.budgetFactors.map((factor) => `budget ×${factor}`), 'no budget level has a plan');
  const frontier = buildFrontier(
    plans.map((plan, index) => ({ budgetFactor: input.budgetFactors[index], totalBudgetRand: baseTotalRand * input.budgetFactors[index], plan })),
    // Only the envelopes change between levels: the scenario's backlogs cap every level's households.
    resolved.dataset,
    requestedRelativeGap ?? HIGHS_DEFAULT_RELATIVE_GAP,
  );
  const solving = { gapWords, lpBoundWords };
  const modelName = resolved.dataset.config.name;
  const outcome = { modelName, scenarioName: resolved.scenarioName, requestedRelativeGap, solving, frontier };
  if (options.skipFiles) return { ...outcome, folder: null };
  const title = `Efficient frontier: ${modelName}, scenario ${resolved.scenarioName}`;
  const charts = await renderChartImages([{ fileName: 'charts/frontier.png', caption: 'Benefit and households served against total budget', configuration: frontierChart(frontier, resolved.dataset.config.illustrativeNote) }]);
  const workbook = buildSweepWorkbook(frontier, title, charts, [`Solving: ${gapWords}.`, `Shortcut: ${lpBoundWords}.`], resolved.dataset.config.illustrativeNote);
  const factors = input.budgetFactors;
  const folderName = analysisFolderName([modelName, resolved.scenarioName, 'sweep', `${factors[0]}-${factors[factors.length - 1]}-${factors.length}`], startedAt);
  const folder = await writeAnalysisFolder(
    options.outDir ?? defaultReportsFolder(),
    folderName,
    [
      { relativePath: SWEEP_WORKBOOK, content: Buffer.from(await workbook.xlsx.writeBuffer()) },
      { relativePath: 'sweep.json', content: toJsonText(outcome) },
      ...charts.map((chart) => ({ relativePath: chart.fileName, content: chart.png })),
    ],
    options.force,
    options.onNote ? { onNote: options.onNote } : {},
  );
  return { ...outcome, folder };
}
