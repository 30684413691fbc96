/**
 * `sweep` as a library function: solve the model with every envelope scaled by each factor of a
 * range and trace the efficient frontier.
 */
import { defaultReportsFolder } from '../files/output-folder.js';
import type { CommandLineOverrides } from '../scenario/resolve-scenario.js';
import { analysisRelativeGap, baselineLineOf, basePlanFromRun, baselinePlanOptions, loadScenario, planOptionsFor, renderChartImages, type AnalysisRunOptions } from './analysis-run.js';
import { buildRunProgram, datasetRun } from '../pipeline/plan-run.js';
import type { Dataset } from '../dataset/types.js';
import { DEFAULT_ENGINE, type EngineName } from '../dataset/engine-catalogue.js';
import { formatFinancialYear } from '../dataset/financial-year.js';
import { horizonOf } from '../dataset/horizon.js';
import { getEngine } from '../solve/engines.js';
import { solveProgram } from '../solve/solve-program.js';
import { hasSolution } from '../solve/engine.js';
import { decisionsOfPlan, fittingNeighbour, lpBoundGap, percentWords, type AnalysisPlan } from './plan-shortcut.js';
import { scaleEnvelopes, totalEnvelopeRand } from './budget-range.js';
import { buildFrontier, HIGHS_DEFAULT_RELATIVE_GAP, type Frontier } from './frontier.js';
import { frontierChart } from './reports/analysis-charts.js';
import { buildSweepWorkbook } from './reports/sweep-workbook.js';
import { analysisFolderName, writeAnalysisFolder } from './reports/write-analysis-folder.js';
import type { DatasetSolveJob, SolveJob } from './solve-job.js';
import { refuseWithoutAnyPlan } from './no-plan.js';
import { numberedFrom, solveJobs } from './solve-pool.js';
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
  /** With --baseline: which baseline, its lock years and the decisions each level changed against it (baselineLineOf); absent without. */
  readonly baselineLine?: string;
  /** Absolute path of the folder written, or null with skipFiles. */
  readonly folder: string | null;
}

/**
 * What a level does when the plan of its neighbour no longer fits it (a level below ×1, where the
 * money is less): `cold`, the 1% MILP without a start, as stress draws do (ShortcutRequest.
 * whenBroken). Measured on the default model (docs/benchmarks.md, "Stress and sweep at working
 * speed", task t1): ×0.9 and ×0.8 took 21.8 and 17.3 CPU s from the keep-or-drop repair as MIP
 * start, 17.3 and 5.3 CPU s cold; a neighbour that fits (the levels above ×1) stays the MIP start.
 */
export const SWEEP_WHEN_BROKEN: 'repair' | 'cold' = 'cold';

/** Most seconds the feasibility solve of lockWarningsOf may take per level. */
const LOCK_CHECK_SECONDS = 30;

/**
 * For each budget level without a plan under `--lock-years`: whether the locked decisions alone
 * are why it has none: a feasibility solve of the level without the lock (no plan without it
 * either: the budget is why, and nothing is said), then one LP with only the locked starts (every
 * other project out). A sentence per level the lock leaves without a plan, saying whether the
 * locked decisions alone cost more than the level's budget.
 */
export async function lockWarningsOf(dataset: Dataset, budgetFactors: readonly number[], plans: readonly AnalysisPlan[], engineName: EngineName): Promise<string[]> {
  const lock = dataset.baselineLock;
  if (lock === undefined) return [];
  const engine = getEngine(engineName);
  const { firstYear } = horizonOf(dataset.config);
  const years = lock.lastLockedYear === firstYear ? formatFinancialYear(firstYear) : `${formatFinancialYear(firstYear)}–${formatFinancialYear(lock.lastLockedYear)}`;
  const lockedCount = Object.keys(lock.startYearByProjectId).length;
  const warnings: string[] = [];
  for (const [index, plan] of plans.entries()) {
    if (hasSolution(plan) || plan.status !== 'infeasible') continue;
    const scaled = scaleEnvelopes(dataset, budgetFactors[index]);
    // Without the lock: does this level have a plan at all? (A feasibility solve: no objective.)
    const { baselineLock: _lock, ...unlocked } = scaled;
    const free = buildRunProgram(datasetRun(unlocked));
    if (free.kind !== 'portfolio' || free.infeasibleReasons.length > 0) continue;
    const feasibility = await solveProgram(engine, { ...free.program, name: `${free.program.name}-feasibility`, objective: [], objectiveConstant: 0 }, { timeLimitSeconds: LOCK_CHECK_SECONDS });
    if (!hasSolution(feasibility)) continue;
    const built = buildRunProgram(datasetRun(scaled));
    if (built.kind !== 'portfolio') continue;
    const alone = built.infeasibleReasons.length === 0 ? await fittingNeighbour(engine, built.program, built.layout, lock.startYearByProjectId) : 'broken';
    const kept = `the ${lockedCount} project start${lockedCount === 1 ? '' : 's'} --lock-years ${lock.lockYears} keeps from ${lock.source}`;
    const remedy = `without the lock this level has a plan: lower --lock-years (now ${lock.lockYears}) or sweep from a larger factor`;
    warnings.push(
      alone === 'broken'
        ? `at ${budgetFactors[index]}× the locked ${years} decisions alone (${kept}) cost more than the budget, so no plan can keep them; ${remedy}`
        : `at ${budgetFactors[index]}× the locked ${years} decisions (${kept}) fit the budget alone but leave no plan that meets every other rule; ${remedy}`,
    );
  }
  return warnings;
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
  const jobOf = (budgetFactor: number): DatasetSolveJob => ({
    kind: 'dataset',
    label: `budget ×${budgetFactor}`,
    dataset: scaleEnvelopes(resolved.dataset, budgetFactor),
    planOptions: planOptionsFor(resolved, {
      overridesApplied: [...resolved.overridesApplied, `every envelope × ${budgetFactor} (sweep)`],
      relativeGap,
      ...baselinePlanOptions(loaded),
    }),
  });
  // The level nearest ×1 first; then outward in waves, each level starting from its neighbour
  // towards ×1 (issue 14): one level above and one below per wave, so two workers stay busy and a
  // level's start is the plan of a budget one step away rather than of ×1.
  const centre = input.budgetFactors.reduce((best, factor, index) => (Math.abs(factor - 1) < Math.abs(input.budgetFactors[best] - 1) ? index : best), 0);
  // With a --baseline run folder of the same inputs, its plan is the ×1 level (not solved again).
  const fromRun = input.budgetFactors[centre] === 1 ? await basePlanFromRun(loaded, options.baseline, relativeGap) : null;
  const [centrePlan] = fromRun !== null ? [fromRun] : await solveJobs([jobOf(input.budgetFactors[centre])], { ...numberedFrom(options, 0, input.budgetFactors.length), workers: 1 });
  const plans: AnalysisPlan[] = new Array(input.budgetFactors.length);
  plans[centre] = centrePlan;
  let lpBoundWords = 'every level solved on its own (the level nearest ×1 has no plan to start from)';
  let tryLpBound = false;
  if (hasSolution(centrePlan)) {
    const lpGap = await lpBoundGap(datasetRun(scaleEnvelopes(resolved.dataset, input.budgetFactors[centre])), centrePlan.objectiveBenefitPoints ?? 0, resolved.engineOptions.engine);
    tryLpBound = lpGap.gap !== null && lpGap.gap <= relativeGap;
    lpBoundWords =
      lpGap.gap === null
        ? 'each level starts from the plan of its neighbour towards ×1; the LP relaxation gave no bound'
        : `each level starts from the plan of its neighbour towards ×${input.budgetFactors[centre]} (the nearest level with a plan); the LP bound at ×${input.budgetFactors[centre]} is ${percentWords(lpGap.gap)} above its plan, ${tryLpBound ? 'within the gap, so a level whose repaired plan is within the gap of its LP bound is accepted without a MILP' : 'more than the gap, so it cannot accept a level: each is a MILP from its neighbour'}`;
  }
  /** The plan a level starts from: the nearest level towards the centre that has one, or null. */
  const neighbourOf = (index: number): AnalysisPlan | null => {
    const step = index < centre ? 1 : -1;
    for (let other = index + step; step > 0 ? other <= centre : other >= centre; other += step) if (hasSolution(plans[other])) return plans[other];
    return null;
  };
  let solvedCount = 1;
  for (let distance = 1; centre - distance >= 0 || centre + distance < input.budgetFactors.length; distance += 1) {
    const wave = [centre - distance, centre + distance].filter((index) => index >= 0 && index < input.budgetFactors.length);
    const startedFrom = new Map<number, number>();
    const jobs = wave.map((index): SolveJob => {
      const neighbour = neighbourOf(index);
      if (neighbour !== null) startedFrom.set(index, input.budgetFactors[plans.indexOf(neighbour)]);
      const job = jobOf(input.budgetFactors[index]);
      return neighbour === null ? job : { ...job, shortcut: { startFrom: decisionsOfPlan(neighbour), relativeGap, tryLpBound, whenBroken: SWEEP_WHEN_BROKEN, ...(loaded.baseline !== null ? { stayCloseTo: loaded.baseline } : {}) } };
    });
    const solved = await solveJobs(jobs, numberedFrom(options, solvedCount, input.budgetFactors.length));
    solvedCount += jobs.length;
    wave.forEach((index, position) => {
      const plan = solved[position];
      const from = startedFrom.get(index);
      // Each level's row says which level it started from.
      plans[index] = from === undefined || plan.howSolved === undefined ? plan : { ...plan, howSolved: { ...plan.howSolved, words: `started from the plan at ×${from}: ${plan.howSolved.words}` } };
    });
  }
  // Under --lock-years a level without a plan says whether the lock is why (also when no level has one).
  const lockWarnings = await lockWarningsOf(resolved.dataset, input.budgetFactors, plans, resolved.engineOptions.engine ?? DEFAULT_ENGINE);
  refuseWithoutAnyPlan(plans, input.budgetFactors.map((factor) => `budget ×${factor}`), `no budget level has a plan${lockWarnings.length > 0 ? ` (${lockWarnings.join('; ')})` : ''}`);
  let frontier = buildFrontier(
    plans.map((plan, index) => ({ budgetFactor: input.budgetFactors[index], totalBudgetRand: baseTotalRand * input.budgetFactors[index], plan })),
    // Only the envelopes change between levels: the scenario's backlogs cap every level's households.
    resolved.dataset,
    requestedRelativeGap ?? HIGHS_DEFAULT_RELATIVE_GAP,
  );
  if (lockWarnings.length > 0) frontier = { ...frontier, warnings: [...frontier.warnings, ...lockWarnings] };
  const solving = { gapWords, lpBoundWords };
  const modelName = resolved.dataset.config.name;
  const baselineLine = baselineLineOf(loaded, plans.map((plan, index) => ({ label: `×${input.budgetFactors[index]}`, plan })));
  const outcome = { modelName, scenarioName: resolved.scenarioName, requestedRelativeGap, solving, frontier, ...(baselineLine !== null ? { baselineLine } : {}) };
  if (options.skipFiles) return { ...outcome, folder: null };
  const title = `Efficient frontier: ${modelName}, scenario ${resolved.scenarioName}`;
  const charts = await renderChartImages([{ fileName: 'charts/frontier.png', caption: 'Benefit and households served against total budget', configuration: frontierChart(frontier, resolved.dataset.config.illustrativeNote) }]);
  const workbook = buildSweepWorkbook(frontier, title, charts, [`Solving: ${gapWords}.`, `Shortcut: ${lpBoundWords}.`, ...(baselineLine !== null ? [`Baseline: ${baselineLine}.`] : [])], resolved.dataset.config.illustrativeNote);
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
