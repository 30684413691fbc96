/**
 * `stress` as a library function: re-solve the model under random cost overruns and report how
 * robust each project's funding and the plan's benefit are.
 */
import { defaultReportsFolder } from '../files/output-folder.js';
import type { CommandLineOverrides } from '../scenario/resolve-scenario.js';
import { analysisRelativeGap, baselineLineOf, basePlanFromRun, baselinePlanOptions, loadScenario, planOptionsFor, renderChartImages, STRESS_DRAW_SECONDS, type AnalysisRunOptions } from './analysis-run.js';
import { plannedDataset } from '../pipeline/plan-run.js';
import { loadMathjs } from '../indicators/math-module.js';
import type { SolveStatus, StagnationStop } from '../solve/engine.js';
import { DEFAULT_ENGINE } from '../dataset/engine-catalogue.js';
import { CPU_BOX_WALL_FACTOR, decisionsOfPlan, engineBoxesInCpuSeconds, percentWords, relativeGapOf, type HowSolved, type LpBoundGap } from './plan-shortcut.js';
import { DEFAULT_OVERRUN_DISTRIBUTION, drawOverrunFactors, type OverrunDistribution } from './cost-overruns.js';
import { fundedShareChart, fundedShareChartHeight } from './reports/stress-charts.js';
import { buildStressWorkbook } from './reports/stress-workbook.js';
import { analysisFolderName, writeAnalysisFolder } from './reports/write-analysis-folder.js';
import type { LpBoundJob, SolveJob } from './solve-job.js';
import { refuseWithoutAnyPlan } from './no-plan.js';
import { solveJobs, startSolvePool, type SolvePool } from './solve-pool.js';
import { summariseStress, type StressSummary } from './stress-summary.js';
import { withOutputFolder } from '../files/output-folder.js';

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
  /**
   * A draw the plan without overruns no longer fits: `cold` (default, STRESS_WHEN_BROKEN) a MILP
   * without a start; `repair` the keep-or-drop and shift repair (STRESS_SHIFT_YEARS) as its start,
   * the default before 2026-12-01 23:00, kept for measuring one against the other.
   */
  readonly whenBroken?: 'repair' | 'cold';
  /** With `whenBroken: 'cold'`: start a broken draw's MILP from the guided start; default STRESS_GUIDED_START. False measures the plain cold MILP. */
  readonly guidedStart?: boolean;
  /** Stop a draw's MILP once its gap has stalled (STRESS_STAGNATION_STOP); default STRESS_STAGNATION. False measures the MILP run to its box. */
  readonly stagnationStop?: boolean;
  /** Solve the plan without overruns on a pool worker instead of this thread; default STRESS_BASE_PLAN_ON_WORKER. For measuring one against the other. */
  readonly basePlanOnWorker?: boolean;
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
  /** How the draws were solved: the gap, the time box, and per draw its status, gap and method. */
  readonly solving?: StressSolving;
  /** Absolute path of the folder written, or null with skipFiles. */
  readonly folder: string | null;
}

/** How one draw was solved. */
export interface DrawSolving {
  /** Solve status. */
  readonly status: SolveStatus;
  /** Proven relative gap, or null when unknown. */
  readonly gap: number | null;
  /** How the plan was obtained (see HowSolved). */
  readonly method: HowSolved['method'];
  /** The same in words. */
  readonly words: string;
  /** Seconds the draw took. */
  readonly seconds: number;
  /** True when the draw's MILP was stopped short of the gap because its gap had stalled (STRESS_STAGNATION_STOP); absent otherwise. */
  readonly stoppedByStagnation?: boolean;
}

/** How a stress run solved its draws. */
export interface StressSolving {
  /** Relative gap every plan was solved to. */
  readonly relativeGap: number;
  /** Why that gap, in words (printed and in the workbook). */
  readonly gapWords: string;
  /** Most seconds one draw could take (its time box): CPU seconds of the solver's thread when drawTimeLimitClock is `cpu`. */
  readonly drawTimeLimitSeconds: number;
  /** What the box counts: `cpu`, the MILP's CPU seconds (the wall clock stops a draw only at CPU_BOX_WALL_FACTOR × the box), or `wall`, wall-clock seconds. */
  readonly drawTimeLimitClock?: 'cpu' | 'wall';
  /** The box in words for the console and workbook, e.g. `15 CPU s`. */
  readonly drawTimeLimitWords?: string;
  /** With the CPU box: what it counts and when the wall clock stops a draw, in words. */
  readonly drawTimeLimitNote?: string;
  /** Gap of the LP relaxation's bound over the plan without overruns, or null. */
  readonly lpBoundGap: number | null;
  /** What that meant for the shortcut, in words. */
  readonly lpBoundWords: string;
  /** Per draw, in draw order. */
  readonly draws: readonly DrawSolving[];
  /** How the plan without overruns was obtained: solved, or taken from the --baseline run folder (same inputs). */
  readonly basePlanWords: string;
  /** With --baseline: which baseline, its lock years and the decisions the plans changed against it (baselineLineOf); absent without. */
  readonly baselineLine?: string;
}

/**
 * What a draw does when the plan without overruns no longer fits it (ShortcutRequest.whenBroken):
 * `cold`, the 1% MILP without a start (the keep-or-drop repair only when that MILP ends without a
 * plan). Measured on the default model (docs/analysis.md, "Stress: what cuts the CPU time per
 * draw", 8 draws in CPU s): cold 5.4 per draw; from the keep-or-drop start 1.7 + 5.6; from the shift
 * repair 5.9 + 2.2 (and far more once the 15 s box cuts the shift short). A plan without overruns
 * that still fits is the MIP start as before.
 */
export const STRESS_WHEN_BROKEN: 'repair' | 'cold' = 'cold';

/**
 * How many years later than in the plan without overruns the shift repair (plan-shortcut.ts,
 * ShortcutRequest.shiftYears) lets a draw's projects start with `whenBroken: 'repair'`; no longer
 * the default (see STRESS_WHEN_BROKEN).
 */
export const STRESS_SHIFT_YEARS = 2;

/**
 * Stress draws count their time box in CPU seconds of the solver's thread (ShortcutRequest.
 * boxInCpuSeconds, task x2): with a wall-clock box a draw on a machine shared by other work got
 * 1–6 CPU s of its 15 s (docs/analysis.md), so which draws were proven and the gaps reported
 * depended on the load rather than on the draw. On a quiet machine the two are the same.
 */
export const STRESS_BOX_IN_CPU_SECONDS = true;

/**
 * HiGHS's feasibility jump for stress draws (ShortcutRequest.feasibilityJump). Off: on 8 draws of
 * the default model at 1% it never found a plan, every draw found the same plan without it, and
 * the MILP took 0.2–0.5 CPU s less in 7 of the 8 (docs/analysis.md, "Task x2").
 */
export const STRESS_FEASIBILITY_JUMP = false;

/**
 * A draw the plan without overruns no longer fits starts its MILP from the guided start
 * (ShortcutRequest.guidedStart, src/solve/guided-start.ts, task p1): the plan without overruns'
 * starts fixed where the draw's LP relaxation agrees with them, the small MILP over the other
 * starts (about 120 of 1 416) within 1.5 CPU s. HiGHS has a root bound within 1% of a draw's plan
 * after a few tenths of a CPU second and spent the rest of a cold draw in its sub-MIP heuristics
 * looking for a plan within 1% of it; from the guided start it ends at its root in most draws.
 * Measured on draws 2–11 of seed 1 of the default model (docs/benchmarks.md, task p1): 3.64 CPU s
 * per draw cold, 2.20 guided (LP, sub-MIP and MILP), every draw proven at 1%.
 */
export const STRESS_GUIDED_START = true;

/**
 * The stagnation stop of a stress draw's MILP (ShortcutRequest.stagnationStop, task s1): once the
 * MILP has used `afterCpuSeconds` of its thread, a draw whose gap is still above the stress gap
 * and has fallen by less than `minGapDrop` over the last `windowCpuSeconds` is stopped there and
 * reported with the gap it has, as a draw stopped by the box is. A draw's gap falls in steps (a
 * sub-MIP finds a plan, or the bound moves after a restart), with plateaus of up to 3 CPU s
 * before a step in draws that then proved 1% (draw 26 of seed 1: 8.5% from 1 to 3 CPU s, then
 * 0.44%; draw 43: 18.3% for 4 CPU s, then 0.97%), so a gap above `atMostGap` (5%: a draw still
 * without a good plan) is never stopped; the hard draws creep at 1.1–4.2% (draw 16: 2.43% at 1
 * CPU s, 2.38% at 5, 2.25% at 8; draw 48: 4.15% from 5 to 12 CPU s). Replayed on the gap series
 * of draws 2–41 and the hard draws of seed 1 (docs/benchmarks.md, task s1), this rule stopped
 * each of the 9 draws that did not prove 1% within their box, at 5.1–9.8 CPU s, and no draw that did.
 * Earlier or shorter rules were measured on all 100 draws of seeds 1 and 2 and in whole runs side by
 * side (task ss, "Stress: the search settings"): after 4 CPU s over 2 with 0.5 points saved 10.4%
 * (seed 1) and 14.9% (seed 2) of a 100-draw run's CPU, after 3 over 1.5 with 0.3 points 11.0% and
 * 16.1%, but each proved 5–9 draws fewer, lost 0.02–0.07% more benefit per draw than runs of this
 * rule, and put a median of 6–10% fewer households at risk (likely: a draw stopped early keeps a
 * plan nearer the plan without overruns), all beyond the differences between two runs of this
 * rule, so this rule stays.
 */
export const STRESS_STAGNATION_STOP: Omit<StagnationStop, 'aboveGap'> = { afterCpuSeconds: 5, windowCpuSeconds: 3, minGapDrop: 0.002, atMostGap: 0.05 };

/** Stress draws use STRESS_STAGNATION_STOP (false: every MILP runs to its gap or its box, as before task s1). */
export const STRESS_STAGNATION = true;

/**
 * Where the plan without overruns is solved (task s2): false, on this thread (its modules are
 * loaded, so it starts at once) while the pool's workers, started first, load theirs and one of them
 * computes the LP bound; true, on a pool worker (it waits for the worker's start-up, about 0.5 s).
 * Either way the draws start on workers that are ready. See docs/benchmarks.md, "Stress: the time
 * the two cores do not spend on draws".
 */
export const STRESS_BASE_PLAN_ON_WORKER = false;

/** Name of the stress workbook inside the folder. */
export const STRESS_WORKBOOK = 'stress.xlsx';

/** Solve the plan without overruns and one plan per draw, then summarise. */
export async function runStress(input: StressInput, options: AnalysisRunOptions = {}): Promise<StressOutcome> {
  // A bad --out is reported before the solves, not after them; a run that fails leaves no folder it created.
  return withOutputFolder(options.outDir ?? defaultReportsFolder(), { ...(options.onNote ? { onNote: options.onNote } : {}), prepare: options.skipFiles !== true }, () => runStressInFolder(input, options));
}

/**
 * runStress once its output folder is ready. The pool's workers start first, so that their
 * modules load while this thread reads the model; then the plan without overruns is solved
 * (STRESS_BASE_PLAN_ON_WORKER) while a worker computes the LP bound, and the draws run on workers
 * that are ready (docs/benchmarks.md, "Stress: the time the two cores do not spend on draws").
 */
async function runStressInFolder(input: StressInput, options: AnalysisRunOptions): Promise<StressOutcome> {
  const startedAt = (options.now ?? (() => new Date()))();
  const pool = startSolvePool({ ...options, jobCount: input.draws + 1 });
  try {
    return await runStressOnPool(input, options, pool, startedAt);
  } finally {
    // Every worker has exited when stress returns or fails: none is left solving a draw nobody waits for.
    await pool.close();
  }
}

/** runStressInFolder on its started pool. */
async function runStressOnPool(input: StressInput, options: AnalysisRunOptions, pool: SolvePool, startedAt: Date): Promise<StressOutcome> {
  const distribution = input.distribution ?? DEFAULT_OVERRUN_DISTRIBUTION;
  const loaded = await loadScenario(input.modelPath, input.scenarioPath, input.commandLine, options.baseline);
  const { resolved } = loaded;
  // The register the program is built from (a master plan's generated rows merged in, the scenario's escalation applied): every draw's factors cover each of its projects.
  const dataset = plannedDataset(resolved.dataset).dataset;
  const factors = drawOverrunFactors(dataset.projects.length, input.draws, input.seed, distribution);
  const { relativeGap, words: gapWords } = analysisRelativeGap('stress', input.commandLine, resolved);
  const drawSeconds = input.commandLine?.timeLimitSeconds ?? STRESS_DRAW_SECONDS;
  const basePlanOptions = planOptionsFor(resolved, { relativeGap, ...baselinePlanOptions(loaded) });
  // The plan without overruns first: every draw starts from it (issue 14), so it cannot run alongside them.
  // With a --baseline run folder of the same inputs, its plan is the plan without overruns (not solved again).
  const fromRun = await basePlanFromRun(loaded, options.baseline, relativeGap);
  const baseOnWorker = input.basePlanOnWorker ?? STRESS_BASE_PLAN_ON_WORKER;
  const baseJob: SolveJob = { kind: 'dataset', label: 'without overruns', dataset, planOptions: basePlanOptions };
  const baselineSolved = fromRun !== null ? Promise.resolve([fromRun]) : baseOnWorker ? pool.solve([baseJob], options) : solveJobs([baseJob], { ...options, workers: 1 });
  // One LP, on a worker while the plan without overruns is solved (after it when the pool solves in this thread, one
  // solve at a time): when the LP bound of the model without overruns is already further from its plan than the gap,
  // no draw can be accepted by it.
  const lpJob: LpBoundJob = { kind: 'lp-bound', label: 'LP bound without overruns', dataset, benefitPoints: 0, ...(resolved.engineOptions.engine !== undefined ? { engine: resolved.engineOptions.engine } : {}) };
  const lpEarly = pool.workerCount === 0 ? null : pool.lpBound(lpJob);
  // A failure of the plan without overruns closes the pool, which rejects the LP bound too: that rejection is not a second error.
  lpEarly?.catch(() => undefined);
  // This thread waits while the plan without overruns and the LP are solved: load what the summary needs now
  // (mathjs, 0.3–0.5 s), once the LP is done (the CPU goes to the solves first), not after the last draw.
  void lpEarly?.then(() => loadMathjs(), () => undefined);
  const [baseline] = await baselineSolved;
  // Without a plan at the register's costs there is nothing whose robustness could be measured.
  refuseWithoutAnyPlan([baseline], ['without overruns'], 'the model has no plan without cost overruns, so there is nothing to stress');
  const startFrom = decisionsOfPlan(baseline);
  const lpGap = lpGapAgainst(await (lpEarly ?? pool.lpBound(lpJob)), baseline.objectiveBenefitPoints ?? 0);
  const tryLpBound = lpGap.gap !== null && lpGap.gap <= relativeGap;
  const whenBroken = input.whenBroken ?? STRESS_WHEN_BROKEN;
  const cpuBox = STRESS_BOX_IN_CPU_SECONDS && engineBoxesInCpuSeconds(resolved.engineOptions.engine ?? DEFAULT_ENGINE);
  const whenBrokenRequest = whenBroken === 'cold' ? { whenBroken, guidedStart: input.guidedStart ?? STRESS_GUIDED_START } : { whenBroken, shiftYears: STRESS_SHIFT_YEARS };
  // The stall stop counts CPU seconds of the solver's thread, so it applies only where the box does.
  const stagnationStop: StagnationStop | null = cpuBox && (input.stagnationStop ?? STRESS_STAGNATION) ? { ...STRESS_STAGNATION_STOP, aboveGap: relativeGap } : null;
  const jobs: SolveJob[] = factors.map(
    (factorByProject, draw): SolveJob => ({
      kind: 'dataset',
      label: `overrun draw ${draw + 1}`,
      // One dataset object for every draw, the draw's overruns as its cost factors: the pool sends the dataset to each worker once (solve-pool.ts).
      dataset,
      costFactors: { factorByProjectId: Object.fromEntries(dataset.projects.map((project, index) => [project.id, factorByProject[index]])) },
      planOptions: planOptionsFor(resolved, { overridesApplied: [...resolved.overridesApplied, `cost overrun draw ${draw + 1} of seed ${input.seed} (stress)`], timeLimitSeconds: drawSeconds }),
      shortcut: { startFrom, relativeGap, tryLpBound, boxInCpuSeconds: STRESS_BOX_IN_CPU_SECONDS, feasibilityJump: STRESS_FEASIBILITY_JUMP, ...whenBrokenRequest, ...(stagnationStop !== null ? { stagnationStop } : {}), ...(loaded.baseline !== null ? { stayCloseTo: loaded.baseline } : {}) },
    }),
  );
  const drawPlans = await pool.solve(jobs, options);
  const baselineLine = baselineLineOf(loaded, [{ label: 'without overruns', plan: baseline }, ...drawPlans.map((plan, draw) => ({ label: `draw ${draw + 1}`, plan }))]);
  const solving: StressSolving = {
    ...(baselineLine !== null ? { baselineLine } : {}),
    basePlanWords: fromRun?.howSolved !== undefined ? `taken from the baseline run: ${fromRun.howSolved.words}` : 'solved',
    relativeGap,
    gapWords,
    drawTimeLimitSeconds: drawSeconds,
    drawTimeLimitClock: cpuBox ? 'cpu' : 'wall',
    drawTimeLimitWords: cpuBox ? `${drawSeconds} CPU s` : `${drawSeconds} s`,
    ...(cpuBox ? { drawTimeLimitNote: `counted in the solver's own CPU time, so a busy machine does not cut a draw short (a draw stopped by a CPU limit can still differ slightly between two runs of the same seed, within its proven gap; the wall clock stops a draw at ${drawSeconds * CPU_BOX_WALL_FACTOR} s)${stagnationStop === null ? '' : `; ${stagnationWords(stagnationStop)}`}` } : {}),
    lpBoundGap: lpGap.gap,
    lpBoundWords:
      lpGap.gap === null
        ? 'the LP relaxation gave no bound, so every draw is a MILP from the plan without overruns'
        : tryLpBound
          ? `the LP bound is ${percentWords(lpGap.gap)} above the plan without overruns, within the gap: a draw whose repaired plan is within the gap of its LP bound is accepted without a MILP`
          : `the LP bound is ${percentWords(lpGap.gap)} above the plan without overruns, more than the gap, so it cannot accept a draw: every draw is a MILP started from the plan without overruns (repaired)`,
    draws: drawPlans.map((plan) => ({ status: plan.status, gap: plan.gap, method: plan.howSolved?.method ?? 'milp', words: plan.howSolved?.words ?? '', seconds: plan.howSolved?.seconds ?? plan.seconds, ...(plan.howSolved?.stoppedByStagnation === true ? { stoppedByStagnation: true } : {}) })),
  };
  const summary = summariseStress(dataset, baseline, drawPlans, input.seed);
  const modelName = dataset.config.name;
  const outcome = { modelName, scenarioName: resolved.scenarioName, distribution, summary, solving };
  if (options.skipFiles) return { ...outcome, folder: null };
  const title = `Cost-overrun stress test: ${modelName}, scenario ${resolved.scenarioName}, ${input.draws} draws, seed ${input.seed}`;
  const charts = await renderChartImages([
    { fileName: 'charts/funded-share.png', caption: 'Projects funded in some overrun draws but not all (every project is on the Project robustness sheet)', configuration: fundedShareChart(summary, dataset.config.illustrativeNote), heightPixels: fundedShareChartHeight(summary) },
  ]);
  const workbook = buildStressWorkbook(summary, distribution, title, charts, solving, dataset.config.illustrativeNote);
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

/** The LP bound's gap over a plan's benefit (the bound was computed before the plan was known). */
function lpGapAgainst(bound: LpBoundGap, benefitPoints: number): LpBoundGap {
  return { lpBoundBenefitPoints: bound.lpBoundBenefitPoints, gap: bound.lpBoundBenefitPoints === null ? null : relativeGapOf(bound.lpBoundBenefitPoints, benefitPoints) };
}

/** The stall stop in words for the console and workbook, e.g. `a draw whose gap, still between 1.00% and 3.00% after 5 CPU s, has fallen by less than 0.2 percentage points in the last 3 CPU s is stopped there with the gap it has`. */
export function stagnationWords(stop: StagnationStop): string {
  const range = stop.atMostGap === undefined ? `still above ${(stop.aboveGap * 100).toFixed(2)}%` : `still between ${(stop.aboveGap * 100).toFixed(2)}% and ${(stop.atMostGap * 100).toFixed(2)}%`;
  return `a draw whose gap, ${range} after ${stop.afterCpuSeconds} CPU s, has fallen by less than ${(stop.minGapDrop * 100).toFixed(1)} percentage points in the last ${stop.windowCpuSeconds} CPU s is stopped there with the gap it has`;
}
