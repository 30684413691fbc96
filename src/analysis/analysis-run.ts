/**
 * What every analysis command shares: loading a model with a scenario, the pool and output
 * options, turning a resolved scenario into plan options, and rendering charts for a folder.
 */
import type { ChartConfiguration } from 'chart.js';
import type { BaselineDecisions, Dataset } from '../dataset/types.js';
import { applyBaseline, type BaselineRequest } from '../pipeline/baseline-run.js';
import type { PlanOptions } from '../plan/plan-model.js';
import type { PortfolioPlan } from '../plan/types.js';
import { hasSolution } from '../solve/engine.js';
import { CHART_HEIGHT_PIXELS, CHART_WIDTH_PIXELS, renderChartToPng } from '../report/charts/chart-canvas.js';
import { resolveRun } from '../pipeline/resolve-run.js';
import type { CommandLineOverrides, ResolvedScenario } from '../scenario/resolve-scenario.js';
import type { ChartImage } from './reports/workbook-parts.js';
import type { SolvePoolOptions } from './solve-pool.js';
import { planFromNeighbour, type AnalysisPlan } from './plan-shortcut.js';
import { readRunBound } from './run-record.js';

/** Options of every analysis command's library function. */
export interface AnalysisRunOptions extends SolvePoolOptions {
  /** Folder in which the output folder is created, like `run --out`; default `<cwd>/reports`. */
  readonly outDir?: string;
  /** Replace an existing output folder of the same name. */
  readonly force?: boolean;
  /** Clock for the UTC time in the folder name; default the system clock (tests fix it). */
  readonly now?: () => Date;
  /** Skip writing the folder (the data is still returned); default false. */
  readonly skipFiles?: boolean;
  /** Called with a sentence for each thing recovered from an earlier interrupted run into outDir. */
  readonly onNote?: (note: string) => void;
  /** `--baseline` and `--lock-years`: every plan of the analysis stays close to (and starts from) the baseline plan. */
  readonly baseline?: BaselineRequest;
}

/** A model with a scenario applied, and the file the model came from. */
export interface LoadedScenario {
  /** The model folder or workbook as given to loadModel. */
  readonly modelPath: string;
  /** The model as loaded, before the scenario. */
  readonly model: Dataset;
  /** The scenario applied to it (its dataset carries the lock of --lock-years, when asked for). */
  readonly resolved: ResolvedScenario;
  /** The baseline plan's decisions (--baseline), or null. */
  readonly baseline: BaselineDecisions | null;
}

/** Load a model and apply a scenario file (or none), command-line overrides (resolveRun) and a baseline with its lock. */
export async function loadScenario(modelPath: string, scenarioPath: string | undefined, commandLine: CommandLineOverrides | undefined, baselineRequest: BaselineRequest = {}): Promise<LoadedScenario> {
  const resolvedRun = await resolveRun({ model: modelPath, ...(scenarioPath !== undefined ? { scenarioPath } : {}), ...(commandLine !== undefined ? { commandLine } : {}) });
  const { run, baseline } = await applyBaseline(resolvedRun, baselineRequest);
  return { modelPath: run.modelPath, model: run.model, resolved: run, baseline };
}

/** The plan options that carry a loaded scenario's baseline into every solve (none without one). */
export function baselinePlanOptions(loaded: LoadedScenario): PlanOptions {
  return loaded.baseline === null ? {} : { baseline: loaded.baseline };
}

/**
 * Plan options for a resolved scenario. Marginal values are switched off: the analysis commands
 * never report them, and computing them costs a second solve per plan.
 */
export function planOptionsFor(resolved: ResolvedScenario, extra: PlanOptions = {}): PlanOptions {
  return {
    ...resolved.engineOptions,
    scenarioName: resolved.scenarioName,
    overridesApplied: resolved.overridesApplied,
    marginalValues: false,
    ...extra,
  };
}

/** A chart to render: file name, caption, configuration and height. */
export interface ChartSpecification {
  /** File name, e.g. `frontier.png`. */
  readonly fileName: string;
  /** Caption in the workbook. */
  readonly caption: string;
  /** chart.js configuration. */
  readonly configuration: ChartConfiguration;
  /** Height in pixels; default the report's standard height. */
  readonly heightPixels?: number;
}

/** Render charts to PNG in the order given, so files and workbook images always come out in the same order. */
export async function renderChartImages(specifications: readonly ChartSpecification[]): Promise<ChartImage[]> {
  const images: ChartImage[] = [];
  for (const specification of specifications) {
    const heightPixels = specification.heightPixels ?? CHART_HEIGHT_PIXELS;
    const png = await renderChartToPng(specification.configuration, CHART_WIDTH_PIXELS, heightPixels);
    images.push({ fileName: specification.fileName, caption: specification.caption, png, widthPixels: CHART_WIDTH_PIXELS, heightPixels });
  }
  return images;
}

/** Height for a horizontal bar chart with `barCount` bars, so long lists stay readable. */
export function barChartHeight(barCount: number): number {
  return Math.max(CHART_HEIGHT_PIXELS, 200 + 26 * barCount);
}

/**
 * The relative gap each analysis solves to when `--gap` is not given, and why (docs/analysis.md,
 * "Analysis gap and time box"). `run` solves to the model's gap (0.1% for the default model);
 * these questions are about differences far larger than 1%, so they default to 1% (on the default
 * model a 1% solve takes 3–20 s against 23–36 s at 0.1%). A scenario or model gap looser than this
 * is kept; `--gap` always wins.
 */
export const ANALYSIS_RELATIVE_GAP = {
  /** Budget levels ×0.5…×1.5 differ by 10% and more of the money: a 1% gap is far below what a frontier step shows. */
  sweep: 0.01,
  /** Overrun draws (sigma 0.2) move benefit by several percent; each draw starts from the plan without overruns, so projects stay put unless a better plan is found. */
  stress: 0.01,
  /**
   * The trade-off's points step by 3-4% of capacity on the default model (887, 863, 829, 804, 773 Ml/day
   * at five points): 1% separates them. At the model's 0.1% the five points and three anchors took 803 s
   * on 2 shared cores and four points stopped unproven (review u5).
   */
  frontier: 0.01,
} as const;

/**
 * Most seconds one stress draw may take when `--time-limit` is not given: a draw stopped by it
 * keeps its best plan and reports its gap. 100 draws on 2 workers then take at most about 50 × this.
 */
export const STRESS_DRAW_SECONDS = 15;

/** The gap an analysis solves to: `--gap`, else the looser of the scenario's and the command's default; with the sentence saying so. */
export function analysisRelativeGap(command: keyof typeof ANALYSIS_RELATIVE_GAP, commandLine: CommandLineOverrides | undefined, resolved: ResolvedScenario): { readonly relativeGap: number; readonly words: string } {
  const asked = commandLine?.relativeGap;
  if (asked !== undefined) return { relativeGap: asked, words: `every plan solved to the ${percent(asked)} gap asked for (--gap)` };
  const ownDefault = ANALYSIS_RELATIVE_GAP[command];
  const scenarioGap = resolved.engineOptions.relativeGap;
  if (scenarioGap !== undefined && scenarioGap > ownDefault) return { relativeGap: scenarioGap, words: `every plan solved to the scenario's ${percent(scenarioGap)} gap` };
  return {
    relativeGap: ownDefault,
    words: `every plan solved to a ${percent(ownDefault)} gap, the ${command} default (run uses ${scenarioGap === undefined ? 'the engine default' : `the model's ${percent(scenarioGap)}`}; --gap to change it)`,
  };
}

/** A gap as a percentage: `1%`, `0.1%`. */
function percent(gap: number): string {
  return `${Number((gap * 100).toPrecision(3))}%`;
}

/**
 * The base plan of an analysis (stress without overruns, sweep at ×1) taken from the `--baseline`
 * run folder instead of solved again (issue 14), when that run was made from the same inputs
 * (readRunBound) and its proven gap is within `relativeGap`: its decisions, completed by one LP,
 * with the run's bound. Null without a baseline or when the run cannot be reused; the caller solves.
 */
export async function basePlanFromRun(loaded: LoadedScenario, request: BaselineRequest | undefined, relativeGap: number): Promise<AnalysisPlan | null> {
  if (loaded.baseline === null || request?.baselinePath === undefined) return null;
  const runBound = await readRunBound(request.baselinePath, loaded.resolved.dataset, loaded.resolved.scenarioName, loaded.resolved.overridesApplied);
  if (!runBound.matches) return null;
  const plan = await planFromNeighbour(loaded.resolved, { marginalValues: false, diagnoseInfeasibility: false }, {
    startFrom: loaded.baseline.startYearByProjectId,
    relativeGap,
    knownBoundBenefitPoints: runBound.boundBenefitPoints,
    knownBoundWords: runBound.words,
    tryLpBound: false,
    stayCloseTo: loaded.baseline,
  });
  return plan.howSolved?.method === 'taken_from_run' ? plan : null;
}

/** Changed funding decisions and start years of a plan against baseline decisions, over the plan's projects. */
export function changesAgainstBaseline(plan: PortfolioPlan, baseline: BaselineDecisions): { readonly fundingChanges: number; readonly startYearChanges: number } {
  let fundingChanges = 0;
  let startYearChanges = 0;
  for (const project of plan.projects) {
    const before = baseline.startYearByProjectId[project.id] ?? null;
    const after = project.funded ? project.startYear : null;
    if ((before === null) !== (after === null)) fundingChanges += 1;
    else if (before !== after) startYearChanges += 1;
  }
  return { fundingChanges, startYearChanges };
}

/** Most plans whose changes the baseline line lists one by one; beyond, it gives the fewest, median and most. */
const BASELINE_LINE_PLANS_LISTED = 6;

/**
 * The one line every analysis output carries with --baseline (console, workbook notes, JSON): which
 * baseline, its lock years, and how many decisions each plan changed against it (counted from the
 * plans themselves, so plans accepted without a MILP count too). Null without a baseline.
 */
export function baselineLineOf(loaded: LoadedScenario, entries: readonly { readonly label: string; readonly plan: PortfolioPlan }[]): string | null {
  const { baseline } = loaded;
  if (baseline === null) return null;
  const lock = loaded.resolved.dataset.baselineLock;
  const lockWords = lock === undefined ? 'no years locked' : `first ${lock.lockYears === 1 ? 'year' : `${lock.lockYears} years`} locked (--lock-years ${lock.lockYears})`;
  const counted = entries.filter((entry) => hasSolution(entry.plan)).map((entry) => ({ label: entry.label, ...changesAgainstBaseline(entry.plan, baseline) }));
  let changeWords: string;
  if (counted.length === 0) changeWords = 'no plan to count changes in';
  else if (counted.length <= BASELINE_LINE_PLANS_LISTED) {
    changeWords = counted.map((entry) => `${entry.label} ${entry.fundingChanges} funding and ${entry.startYearChanges} start-year change${entry.startYearChanges === 1 ? '' : 's'}`).join('; ');
  } else {
    const totals = counted.map((entry) => entry.fundingChanges + entry.startYearChanges).sort((a, b) => a - b);
    changeWords = `over the ${counted.length} plans, fewest ${totals[0]}, median ${totals[Math.floor((totals.length - 1) / 2)]}, most ${totals[totals.length - 1]} changed decisions (funding and start years)`;
  }
  return `baseline ${baseline.source}, ${lockWords}: decisions changed against it: ${changeWords}`;
}
