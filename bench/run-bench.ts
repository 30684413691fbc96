/**
 * `npm run bench`: times the planning pipeline on the default model, the national model, the
 * national model scaled 5× and 20× under a 60 s time limit (how far past the limit does a call
 * run?), the 7 OR-Library mknap1 problems and the 30 mknapcb1 problems, on both engines, and
 * writes bench/results.json and bench/results.md (see docs/benchmarks.md).
 *
 * The OR-Library cases are also correctness checks, the ones `npm test` leaves to the bench
 * because they take minutes: every funded selection is read back into item numbers and judged on
 * the original file's numbers (it must fit every constraint and its profit must equal the
 * objective), and the cases the tests once asserted must be proven optimal at their known optimum
 * (mknap1 on both engines, mknapcb1 on HiGHS). A failed check is printed and the bench exits 1.
 *
 * Options:
 *   --quick            one run per case instead of three (results go to bench/results-quick.*)
 *   --only <case>      only the case with that id, or else every case whose id contains <case>
 *                      (e.g. `western-cape`, `south-africa-x`, `mknap1`, `mknapcb1-07`)
 *   --engine <name>    only one engine (`highs` or `jslp`)
 *   --previous <ref>   the previous release the issue-14 cases are compared with (a git tag, branch
 *                      or commit; default the newest `v*` tag; `none` for no comparison)
 *   --no-previous      no previous release (the issue's figures are then the only comparison)
 *   --help             print the usage and stop (a bad option prints it too and exits 1)
 * The working-speed targets of issue 14 (bench/issue14-targets.ts: issue14-run, issue14-stability,
 * issue14-explain-project, issue14-explain-top10, issue14-stress-100, issue14-sweep-9) run in a
 * full bench and with `--only issue14` (or one of their ids); they go to the "Working-speed
 * targets" table of results.md and `workingSpeed` in results.json. Each of them is then also run
 * as a command-line process on the previous release (a temporary git worktree, built) and on the
 * current checkout, alternately (bench/release-compare.ts, bench/issue14-cli-cases.ts): each case
 * then runs three times (in-process, and the command line on both releases); `--no-previous` skips
 * the command-line runs.
 * With --only or --engine the fresh results replace the same cases in bench/results.json and the
 * other cases are kept.
 *
 * Progress goes to stderr. Each run is a whole `planModel` call (indices, program, solve,
 * interpretation, independent check); loading the model from disk is not timed.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkOrLibSelection, describeOrLibProblem, MKNAPCB1_BEST_KNOWN, readOrLibFile, writeOrLibModel, type OrLibProblem, type OrLibSelectionCheck } from '../src/benchmarks/or-library.js';
import { loadModel } from '../src/dataset/load-model.js';
import { hardStopGraceSeconds } from '../src/solve/solve-options.js';
import { writeScaledModel } from './scale-model.js';
import { formatProblem, InvalidInputError } from '../src/errors/problems.js';
import type { Dataset } from '../src/dataset/types.js';
import { datasetRun, planRun } from '../src/pipeline/plan-run.js';
import type { PlanOptions } from '../src/plan/plan-model.js';
import { RELATIVE_TOLERANCE } from '../src/dataset/tolerance.js';
import { hasSolution, type EngineName, type SolveStatus } from '../src/solve/engine.js';
import { bestBoundOf, objectiveOf } from '../src/plan/types.js';
import { runWorkingSpeedCases, WORKING_SPEED_CASES, workingSpeedMarkdown, type WorkingSpeedResult } from './issue14-targets.js';
import { issue14CliCases } from './issue14-cli-cases.js';
import { choosePreviousRef, commitOf, previousColumnsOf, readGitFacts, runAgainstPreviousRelease, wordsOfCall, type PreviousReleaseSummary } from './release-compare.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BENCH_FOLDER = path.join(ROOT, 'bench');
/** The OR-Library files: Petersen's seven problems with stated optima, and the first Chu–Beasley set. */
const ORLIB_PATHS = {
  mknap1: path.join(ROOT, 'tests', 'benchmarks', 'data', 'mknap1.txt'),
  mknapcb1: path.join(ROOT, 'tests', 'benchmarks', 'data', 'mknapcb1.txt'),
} as const;
/** Problems in mknap1.txt. */
const MKNAP1_PROBLEM_COUNT = 7;
/**
 * A safety limit for HiGHS on the default model, seconds. Its target is 5 s; a run stopped here is
 * reported with its status and gap rather than left running.
 */
const HIGHS_MODEL_SAFETY_LIMIT_SECONDS = 120;
/**
 * jslp is not run on the planning models unless asked for with `--engine jslp`: its timeout bounds
 * only its branch and bound, and on western-cape it was still running after 4.5 minutes with a
 * 60 s limit (measured 2026-11-23), which would hold up the whole bench.
 */
/** A run longer than this is not repeated: more runs of a slow case would not change its verdict. */
const REPEAT_ONLY_BELOW_SECONDS = 30;
/** jslp's limit on the planning models, seconds. */
const JSLP_MODEL_TIME_LIMIT_SECONDS = 60;
/**
 * jslp's limit on each mknapcb1 problem, seconds. Measured: at 60 s it returns no incumbent on
 * 5.100-00, so a longer limit would only make the bench take 30 minutes more for the same answer.
 */
const JSLP_KNAPSACK_TIME_LIMIT_SECONDS = 30;
/**
 * HiGHS's relative gap on the knapsacks. Its default (1e-4) lets it stop one profit unit short: on
 * 5.100-12 it stopped at 41967 with bound 41971 (measured). Profits are whole numbers below 10^5,
 * so a gap of 1e-6 means a bound less than one unit above the objective: a proof of optimality.
 */
const KNAPSACK_RELATIVE_GAP = 1e-6;
/** A safety limit for HiGHS on the knapsacks, seconds; reaching it is reported, not hidden. */
const HIGHS_KNAPSACK_TIME_LIMIT_SECONDS = 300;

/** Copies of the national register in the time-limit cases, and the limit they are held to. */
const SCALED_COPIES: readonly number[] = [5, 20];
/** The time limit of the scaled cases, seconds: the limit of the issue that found the overshoot. */
const SCALED_TIME_LIMIT_SECONDS = 60;

/** `model` for planning models, `scaled` for the time-limit cases, `mknap1` and `mknapcb1` for the OR-Library problems. */
type CaseGroup = 'model' | 'scaled' | 'mknap1' | 'mknapcb1';

/** One thing to time. */
interface BenchCase {
  /** Id used by --only and in the results. */
  readonly id: string;
  readonly group: CaseGroup;
  /** For an OR-Library case: the problem (1-based) to convert into modelPath first. */
  readonly orLibProblemNumber?: number;
  /**
   * Engines that must prove the known optimum (status optimal, objective equal to it): the
   * assertions the test suite made before these cases moved here.
   */
  readonly mustReachKnownOptimum?: readonly EngineName[];
  /** For a scaled case: how many copies of models/south-africa's register to write into modelPath first. */
  readonly scaleCopies?: number;
  /** Model folder. */
  readonly modelPath: string;
  /** Known optimum, or null. */
  readonly knownOptimum: number | null;
  /** Runs per engine (median reported). */
  readonly runs: number;
  /** planModel options per engine. */
  readonly options: Readonly<Record<EngineName, PlanOptions>>;
}

/** The measured outcome of one case on one engine. */
interface CaseResult {
  readonly id: string;
  readonly group: CaseGroup;
  readonly engine: EngineName;
  /** Options passed to planModel (engine, limits). */
  readonly options: PlanOptions;
  /** Number of timed runs. */
  readonly runs: number;
  /** Wall-clock seconds of each planModel call. */
  readonly secondsPerRun: readonly number[];
  /** Median of secondsPerRun, or null when skipped. */
  readonly medianSeconds: number | null;
  /** Median seconds inside the engine, as the engine reports them. */
  readonly medianEngineSeconds: number | null;
  /** Status of the last run (`skipped` when the case could not run). */
  readonly status: SolveStatus | 'skipped';
  /** Statuses of every run, when they differ. */
  readonly statuses: readonly string[];
  /** Objective of the last run. */
  readonly objective: number | null;
  /** Best bound of the last run (null when the engine gives none). */
  readonly bestBound: number | null;
  /** Relative gap of the last run as the engine reports it. */
  readonly gap: number | null;
  /** Known optimum, or null. */
  readonly knownOptimum: number | null;
  /** Whether the objective equals the known optimum within 1e-6 relative (null when unknown). */
  readonly reachedKnownOptimum: boolean | null;
  /** (known - objective) / known, or null. */
  readonly gapToKnownOptimum: number | null;
  /**
   * Whether the returned binaries were integral: `yes` for a returned solution (the jslp adapter
   * rejects a fractional or violating point, and the independent checker re-verifies the plan),
   * `no solution` when the engine returned none.
   */
  readonly integral: 'yes' | 'no solution' | null;
  /**
   * Longest run divided by the time limit (1.05 = 5% past it), or null without a limit. The
   * promise is at most (limit + hardStopGraceSeconds(limit)) / limit.
   */
  readonly worstOvershootRatio?: number | null;
  /** Projects in the model's register (absent in results written before it was recorded). */
  readonly projectCount?: number;
  /**
   * OR-Library cases: the last run's funded selection judged on the original file's numbers
   * (`fits every constraint; profit = objective`, or what is wrong); null for other cases or
   * without a solution. Absent in results written before it was recorded.
   */
  readonly selectionCheck?: string | null;
  /** Correctness checks that failed (empty when all passed). Absent in results written before it was recorded. */
  readonly checkFailures?: readonly string[];
  /** Why a case was skipped or failed. */
  readonly note: string | null;
}

/** The whole results file. */
interface BenchResults {
  readonly generatedAt: string;
  readonly machine: { readonly node: string; readonly platform: string; readonly cpu: string; readonly cpuCount: number };
  readonly command: string;
  readonly cases: readonly CaseResult[];
  /** The working-speed targets of issue 14 measured in this run (bench/issue14-targets.ts); absent in older results. */
  readonly workingSpeed?: readonly WorkingSpeedResult[];
  /** The previous release the working-speed targets were compared with in this run, or why none; absent in older results. */
  readonly previousRelease?: PreviousReleaseSummary;
}

/** Median of a non-empty list. */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Write progress to stderr. */
function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** The cases of a full bench; the knapsack models are converted into a scratch folder. */
function benchCases(quick: boolean, scratchFolder: string): BenchCase[] {
  const modelRuns = quick ? 1 : 3;
  const cases: BenchCase[] = [
    {
      id: 'western-cape',
      group: 'model',
      modelPath: path.join(ROOT, 'models', 'western-cape'),
      knownOptimum: null,
      runs: modelRuns,
      options: { highs: { engine: 'highs', timeLimitSeconds: HIGHS_MODEL_SAFETY_LIMIT_SECONDS }, jslp: { engine: 'jslp', timeLimitSeconds: JSLP_MODEL_TIME_LIMIT_SECONDS } },
    },
    {
      id: 'south-africa',
      group: 'model',
      modelPath: path.join(ROOT, 'models', 'south-africa'),
      knownOptimum: null,
      runs: modelRuns,
      options: { highs: { engine: 'highs', relativeGap: 0.005, timeLimitSeconds: 60 }, jslp: { engine: 'jslp', timeLimitSeconds: JSLP_MODEL_TIME_LIMIT_SECONDS } },
    },
  ];
  for (const copies of SCALED_COPIES) {
    cases.push({
      id: `south-africa-x${copies}`,
      group: 'scaled',
      modelPath: path.join(scratchFolder, `south-africa-x${copies}`),
      scaleCopies: copies,
      knownOptimum: null,
      runs: modelRuns,
      options: {
        highs: { engine: 'highs', relativeGap: 0.005, timeLimitSeconds: SCALED_TIME_LIMIT_SECONDS },
        jslp: { engine: 'jslp', timeLimitSeconds: SCALED_TIME_LIMIT_SECONDS },
      },
    });
  }
  const knapsackOptions: BenchCase['options'] = {
    highs: { engine: 'highs', relativeGap: KNAPSACK_RELATIVE_GAP, timeLimitSeconds: HIGHS_KNAPSACK_TIME_LIMIT_SECONDS, marginalValues: false },
    jslp: { engine: 'jslp', timeLimitSeconds: JSLP_KNAPSACK_TIME_LIMIT_SECONDS, marginalValues: false },
  };
  // Petersen's problems take well under a second on either engine; their optima are stated in the file.
  for (let problemNumber = 1; problemNumber <= MKNAP1_PROBLEM_COUNT; problemNumber += 1) {
    const number = String(problemNumber).padStart(2, '0');
    cases.push({
      id: `mknap1-${number}`,
      group: 'mknap1',
      orLibProblemNumber: problemNumber,
      mustReachKnownOptimum: ['highs', 'jslp'],
      modelPath: path.join(scratchFolder, `mknap1-${number}`),
      knownOptimum: null,
      runs: 1,
      options: knapsackOptions,
    });
  }
  MKNAPCB1_BEST_KNOWN.forEach((optimum, position) => {
    const number = String(position + 1).padStart(2, '0');
    cases.push({
      id: `mknapcb1-${number}`,
      group: 'mknapcb1',
      orLibProblemNumber: position + 1,
      // jslp finds no solution to most of them within its limit, so only HiGHS is held to the optimum.
      mustReachKnownOptimum: ['highs'],
      modelPath: path.join(scratchFolder, `mknapcb1-${number}`),
      knownOptimum: optimum,
      runs: 1,
      options: knapsackOptions,
    });
  });
  return cases;
}

/** Whether `objective` equals the known optimum within the checker's relative tolerance. */
function reaches(objective: number | null, known: number): boolean {
  return objective !== null && Math.abs(objective - known) <= RELATIVE_TOLERANCE * known;
}

/** What is wrong with a funded selection judged on the OR-Library numbers (empty when it fits and its profit is the objective). */
function selectionFailuresOf(selection: OrLibSelectionCheck, objective: number | null): string[] {
  const failures: string[] = [];
  if (selection.exceededConstraints.length > 0) failures.push(`the funded items exceed constraint(s) ${selection.exceededConstraints.join(', ')} of the OR-Library file`);
  if (objective === null || Math.abs(objective - selection.profit) > RELATIVE_TOLERANCE * Math.max(1, selection.profit)) failures.push(`objective ${objective} differs from the funded items' profit ${selection.profit}`);
  return failures;
}

/** What is wrong when this engine must prove the case's known optimum (empty when it did, or need not). */
function optimumFailuresOf(benchCase: BenchCase, engine: EngineName, status: SolveStatus, objective: number | null): string[] {
  const known = benchCase.knownOptimum;
  if (known === null || benchCase.mustReachKnownOptimum?.includes(engine) !== true) return [];
  const failures: string[] = [];
  if (status !== 'optimal') failures.push(`status ${status}, expected optimal`);
  if (!reaches(objective, known)) failures.push(`objective ${objective}, expected the known optimum ${known}`);
  return failures;
}

/** Run one case on one engine `runs` times and summarise; `orLibProblem` is the source of an OR-Library case. */
async function runCase(benchCase: BenchCase, dataset: Dataset, engine: EngineName, orLibProblem: OrLibProblem | null): Promise<CaseResult> {
  const options = benchCase.options[engine];
  const secondsPerRun: number[] = [];
  const engineSeconds: number[] = [];
  const statuses: string[] = [];
  let last: { status: SolveStatus; objective: number | null; bestBound: number | null; gap: number | null } | null = null;
  let selection: OrLibSelectionCheck | null = null;
  let note: string | null = null;
  for (let run = 1; run <= benchCase.runs; run += 1) {
    const started = performance.now();
    try {
      const { plan } = await planRun(datasetRun(dataset), options);
      secondsPerRun.push((performance.now() - started) / 1000);
      engineSeconds.push(plan.seconds);
      statuses.push(plan.status);
      last = { status: plan.status, objective: objectiveOf(plan), bestBound: bestBoundOf(plan), gap: plan.gap };
      // An OR-Library case plans the portfolio (its options name no formulation): its selection
      // is the funded projects, read only from a plan that has a solution.
      selection =
        orLibProblem !== null && plan.kind === 'portfolio' && hasSolution(plan)
          ? checkOrLibSelection(orLibProblem, new Set(plan.projects.filter((project) => project.funded).map((project) => project.id)))
          : null;
      // Without a plan, the engine's own words say why (planModel puts them in the notes).
      const said = (plan.warnings ?? []).find((warning) => warning.startsWith('the solver said: '));
      if (said !== undefined && plan.status !== 'optimal' && plan.status !== 'feasible') note = said.slice('the solver said: '.length);
    } catch (error) {
      secondsPerRun.push((performance.now() - started) / 1000);
      statuses.push('error');
      note = `planModel failed: ${error instanceof Error ? error.message : String(error)}`;
      last = { status: 'error', objective: null, bestBound: null, gap: null };
      selection = null;
    }
    progress(`${benchCase.id} ${engine} run ${run}/${benchCase.runs}: ${statuses.at(-1)} objective ${last.objective ?? '-'} in ${secondsPerRun.at(-1)?.toFixed(2)} s`);
    if ((secondsPerRun.at(-1) ?? 0) >= REPEAT_ONLY_BELOW_SECONDS) break;
  }
  const objective = last?.objective ?? null;
  const known = benchCase.knownOptimum;
  const solved = last !== null && (last.status === 'optimal' || last.status === 'feasible');
  const selectionFailures = selection === null ? [] : selectionFailuresOf(selection, objective);
  const checkFailures = [...selectionFailures, ...optimumFailuresOf(benchCase, engine, last?.status ?? 'error', objective)];
  for (const failure of checkFailures) progress(`${benchCase.id} ${engine}: CHECK FAILED: ${failure}`);
  return {
    id: benchCase.id,
    group: benchCase.group,
    engine,
    options,
    runs: secondsPerRun.length,
    secondsPerRun,
    medianSeconds: median(secondsPerRun),
    medianEngineSeconds: engineSeconds.length > 0 ? median(engineSeconds) : null,
    status: last?.status ?? 'error',
    statuses: new Set(statuses).size > 1 ? statuses : [],
    objective,
    bestBound: last?.bestBound ?? null,
    gap: last?.gap ?? null,
    knownOptimum: known,
    reachedKnownOptimum: known === null ? null : reaches(objective, known),
    gapToKnownOptimum: known === null || objective === null ? null : (known - objective) / known,
    integral: solved ? 'yes' : 'no solution',
    worstOvershootRatio: options.timeLimitSeconds === undefined ? null : Math.max(...secondsPerRun) / options.timeLimitSeconds,
    projectCount: dataset.projects.length,
    selectionCheck: selection === null ? null : selectionFailures.length === 0 ? 'fits every constraint; profit = objective' : selectionFailures.join('; '),
    checkFailures,
    note,
  };
}

/** A result for a case that could not run. */
function skipped(benchCase: BenchCase, engine: EngineName, note: string): CaseResult {
  return {
    id: benchCase.id,
    group: benchCase.group,
    engine,
    options: benchCase.options[engine],
    runs: 0,
    secondsPerRun: [],
    medianSeconds: null,
    medianEngineSeconds: null,
    status: 'skipped',
    statuses: [],
    objective: null,
    bestBound: null,
    gap: null,
    knownOptimum: benchCase.knownOptimum,
    reachedKnownOptimum: null,
    gapToKnownOptimum: null,
    integral: null,
    note,
  };
}

/** One target and whether it is met. */
interface TargetVerdict {
  readonly target: string;
  readonly met: boolean | null;
  readonly evidence: string;
}

/** Number shown in a table, or a dash. */
function show(value: number | null, digits: number): string {
  return value === null ? '–' : value.toFixed(digits);
}

/** The targets of docs/benchmarks.md, judged on the HiGHS results. */
function judgeTargets(cases: readonly CaseResult[]): TargetVerdict[] {
  const find = (id: string): CaseResult | undefined => cases.find((result) => result.id === id && result.engine === 'highs');
  const verdicts: TargetVerdict[] = [];
  const defaultModel = find('western-cape');
  if (!defaultModel || defaultModel.status === 'skipped') {
    verdicts.push({ target: 'Default model (western-cape) proven optimal in < 5 s', met: null, evidence: defaultModel?.note ?? 'not run' });
  } else {
    const allOptimal = defaultModel.statuses.length === 0 && defaultModel.status === 'optimal';
    verdicts.push({
      target: 'Default model (western-cape) proven optimal in < 5 s',
      met: allOptimal && (defaultModel.medianSeconds ?? Infinity) < 5,
      evidence: `HiGHS: ${defaultModel.status}, median ${show(defaultModel.medianSeconds, 2)} s over ${defaultModel.runs} runs, gap ${show(defaultModel.gap, 6)}`,
    });
  }
  const national = find('south-africa');
  if (!national || national.status === 'skipped') {
    verdicts.push({ target: 'National model (south-africa) within 0.5% of optimal in < 60 s', met: null, evidence: national?.note ?? 'not run' });
  } else {
    const withinGap = (national.status === 'optimal' || national.status === 'feasible') && national.gap !== null && national.gap <= 0.005 + 1e-12;
    verdicts.push({
      target: 'National model (south-africa) within 0.5% of optimal in < 60 s',
      met: withinGap && (national.medianSeconds ?? Infinity) < 60,
      evidence: `HiGHS (relativeGap 0.005, timeLimit 60 s): ${national.status}, gap ${show(national.gap, 5)}, median ${show(national.medianSeconds, 2)} s over ${national.runs} runs`,
    });
  }
  const scaled = cases.filter((result) => result.group === 'scaled' && result.status !== 'skipped');
  const promised = (result: CaseResult): number => {
    const limit = result.options.timeLimitSeconds ?? Infinity;
    return (limit + hardStopGraceSeconds(limit)) / limit;
  };
  verdicts.push({
    target: `The ${SCALED_TIME_LIMIT_SECONDS} s time limit held on the national model scaled ${SCALED_COPIES.join('× and ')}× (elapsed ≤ limit + grace)`,
    met: scaled.length === 0 ? null : scaled.every((result) => (result.worstOvershootRatio ?? Infinity) <= promised(result)),
    evidence:
      scaled.length === 0
        ? 'not run'
        : scaled.map((result) => `${result.id} ${result.engine}: ${show(result.worstOvershootRatio ?? null, 3)} × the limit (${result.status})`).join('; '),
  });
  const knapsacks = cases.filter((result) => result.group === 'mknapcb1' && result.engine === 'highs');
  const reached = knapsacks.filter((result) => result.reachedKnownOptimum === true).length;
  verdicts.push({
    target: 'All 30 mknapcb1 problems at their known optimum',
    met: knapsacks.length === 30 ? reached === 30 : null,
    evidence: `HiGHS reached the known optimum on ${reached} of the ${knapsacks.length} problems run (of 30)`,
  });
  // Results written before the checks existed carry no checkFailures: they count as not checked, never as passed.
  const orLibRuns = cases.filter((result) => (result.group === 'mknap1' || result.group === 'mknapcb1') && result.status !== 'skipped');
  const checked = orLibRuns.filter((result) => result.checkFailures !== undefined);
  const failed = checked.filter((result) => (result.checkFailures ?? []).length > 0);
  const unchecked = orLibRuns.length - checked.length;
  verdicts.push({
    target: 'OR-Library checks: every selection fits the original constraints with profit = objective; mknap1 (both engines) and mknapcb1 (HiGHS) proven at the known optimum',
    met: failed.length > 0 ? false : checked.length === 0 || unchecked > 0 ? null : true,
    evidence:
      failed.length > 0
        ? failed.map((result) => `${result.id} ${result.engine}: ${(result.checkFailures ?? []).join('; ')}`).join(' · ')
        : `${checked.length} OR-Library runs checked and passed (${checked.filter((result) => typeof result.selectionCheck === 'string').length} with a selection)` +
          (unchecked > 0 ? `; ${unchecked} results date from before the checks and were not checked` : ''),
  });
  return verdicts;
}

/** Readable markdown of the results. */
function renderMarkdown(results: BenchResults): string {
  const lines: string[] = [];
  lines.push('# infraplan benchmark results', '');
  lines.push(`Generated ${results.generatedAt} by \`${results.command}\` on ${results.machine.cpu} (${results.machine.cpuCount} cores), Node ${results.machine.node}, ${results.machine.platform}.`);
  lines.push('Seconds are wall-clock seconds of one `planModel` call (build, solve, interpret, check), median over the runs. See docs/benchmarks.md for how to read this.', '');
  lines.push('## Targets', '');
  lines.push('| target | met | evidence |', '| --- | --- | --- |');
  for (const verdict of judgeTargets(results.cases)) lines.push(`| ${verdict.target} | ${verdict.met === null ? 'not measured' : verdict.met ? 'yes' : 'NO'} | ${verdict.evidence} |`);
  lines.push('', '## Planning models', '');
  const header = '| case | engine | runs | median s | engine s | status | objective | best bound | gap | known optimum | reached | integral |';
  const rule = '| --- | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- | --- |';
  const row = (result: CaseResult): string =>
    `| ${result.id} | ${result.engine} | ${result.runs} | ${show(result.medianSeconds, 2)} | ${show(result.medianEngineSeconds, 2)} | ${result.status}${result.statuses.length > 0 ? ` (${result.statuses.join(', ')})` : ''} | ${show(result.objective, 1)} | ${show(result.bestBound, 1)} | ${show(result.gap, 6)} | ${show(result.knownOptimum, result.knownOptimum !== null && !Number.isInteger(result.knownOptimum) ? 1 : 0)} | ${result.reachedKnownOptimum === null ? '–' : result.reachedKnownOptimum ? 'yes' : 'no'} | ${result.integral ?? '–'} |`;
  lines.push(header, rule);
  for (const result of results.cases.filter((candidate) => candidate.group === 'model')) lines.push(row(result));
  lines.push('', `## Time limits: the national model scaled (${SCALED_TIME_LIMIT_SECONDS} s limit)`, '');
  lines.push(
    'The register of models/south-africa repeated N times with suffixed ids and N times the envelopes (bench/scale-model.ts). ' +
      '**overshoot** is the longest `planModel` call divided by the limit; the promise is at most (limit + grace) / limit.',
    '',
  );
  lines.push('| case | engine | projects | limit s | longest s | overshoot | promised at most | status | objective | gap |', '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |');
  for (const result of results.cases.filter((candidate) => candidate.group === 'scaled')) {
    const limit = result.options.timeLimitSeconds ?? null;
    const longest = result.secondsPerRun.length > 0 ? Math.max(...result.secondsPerRun) : null;
    const promise = limit === null ? null : (limit + hardStopGraceSeconds(limit)) / limit;
    lines.push(
      `| ${result.id} | ${result.engine} | ${result.projectCount === undefined ? '–' : result.projectCount.toLocaleString('en-GB')} | ${show(limit, 0)} | ${show(longest, 2)} | ${show(result.worstOvershootRatio ?? null, 3)} | ${show(promise, 3)} | ${result.status} | ${show(result.objective, 1)} | ${show(result.gap, 6)} |`,
    );
  }
  const notes = results.cases.filter((result) => result.note !== null);
  const orLibHeader = `${header} selection |`;
  const orLibRule = `${rule} --- |`;
  const orLibRow = (result: CaseResult): string => `${row(result)} ${result.selectionCheck ?? '–'} |`;
  lines.push('', '## OR-Library mknap1 (Petersen 1967: 6 to 50 items × 5 or 10 years, optima stated in the file)', '');
  lines.push(orLibHeader, orLibRule);
  for (const result of results.cases.filter((candidate) => candidate.group === 'mknap1')) lines.push(orLibRow(result));
  lines.push('', '## OR-Library mknapcb1 (100 items × 5 years each)', '');
  for (const engine of ['highs', 'jslp'] as const) {
    const knapsacks = results.cases.filter((result) => result.group === 'mknapcb1' && result.engine === engine && result.medianSeconds !== null);
    if (knapsacks.length === 0) continue;
    const reached = knapsacks.filter((result) => result.reachedKnownOptimum === true).length;
    const statusCounts = new Map<string, number>();
    for (const result of knapsacks) statusCounts.set(result.status, (statusCounts.get(result.status) ?? 0) + 1);
    const optionSets = new Map<string, number>();
    for (const result of knapsacks) {
      const text = `time limit ${result.options.timeLimitSeconds ?? 'none'} s, relative gap ${result.options.relativeGap ?? 'engine default'}`;
      optionSets.set(text, (optionSets.get(text) ?? 0) + 1);
    }
    const optionsText = [...optionSets].map(([text, count]) => (optionSets.size === 1 ? text : `${text} on ${count}`)).join('; ');
    lines.push(
      `- **${engine}** (${optionsText}): known optimum reached on ${reached} of ${knapsacks.length}; statuses ${[...statusCounts].map(([status, count]) => `${status} ${count}`).join(', ')}; ` +
        `median ${median(knapsacks.map((result) => result.medianSeconds ?? 0)).toFixed(2)} s per problem, total ${knapsacks.reduce((sum, result) => sum + (result.medianSeconds ?? 0), 0).toFixed(1)} s.`,
    );
  }
  lines.push('', orLibHeader, orLibRule);
  for (const result of results.cases.filter((candidate) => candidate.group === 'mknapcb1')) lines.push(orLibRow(result));
  if (notes.length > 0) {
    lines.push('', '## Notes', '');
    for (const result of notes) lines.push(`- ${result.id} (${result.engine}): ${result.note}`);
  }
  lines.push('', ...workingSpeedMarkdown(results.workingSpeed ?? [], results.previousRelease));
  return `${lines.join('\n')}\n`;
}

const USAGE = 'usage: npm run bench [-- [--quick] [--only <case>] [--engine highs|jslp] [--previous <git ref>|none] [--no-previous]]  (docs/benchmarks.md)';

/** True for the errors node:util's parseArgs throws for unknown or malformed options. */
function isArgumentError(error: unknown): error is TypeError {
  return error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
}

/** The options, or the exit code when there is nothing to run (help, or a bad option: exit 1 with the usage, not a stack). */
function parseBenchArguments(argv: readonly string[]): { quick: boolean; only?: string; engine?: string; previous?: string; 'no-previous': boolean } | number {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        quick: { type: 'boolean', default: false },
        only: { type: 'string' },
        engine: { type: 'string' },
        previous: { type: 'string' },
        'no-previous': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    return values;
  } catch (error) {
    if (!isArgumentError(error)) throw error;
    process.stderr.write(`error: ${error.message}\n${USAGE}\n`);
    return 1;
  }
}

/** Parse options, run the cases, write the results. */
async function main(argv: readonly string[]): Promise<number> {
  const values = parseBenchArguments(argv);
  if (typeof values === 'number') return values;
  const engines: EngineName[] = values.engine === undefined ? ['highs', 'jslp'] : [values.engine as EngineName];
  if (!engines.every((engine) => engine === 'highs' || engine === 'jslp')) {
    process.stderr.write(`error: --engine must be highs or jslp, found ${JSON.stringify(values.engine)}\n`);
    return 1;
  }
  // A --previous ref that names no commit is a bad option: say so now, not after an hour of cases.
  const previousChoice = choosePreviousRef({ previousOption: values.previous, noPrevious: values['no-previous'] }, readGitFacts(ROOT));
  if (previousChoice.ref !== null && commitOf(ROOT, previousChoice.ref) === null) {
    process.stderr.write(`error: --previous ${previousChoice.ref}: no such tag, branch or commit in ${ROOT}\n${USAGE}\n`);
    return 1;
  }
  // The converted knapsack models are scratch files, kept out of the repository.
  const scratchFolder = mkdtempSync(path.join(tmpdir(), 'infraplan-bench-'));
  // An exact id picks that case alone (`south-africa` is not also its scaled copies); otherwise
  // every case whose id contains the text.
  const allCases = benchCases(values.quick, scratchFolder);
  const exact = allCases.filter((benchCase) => benchCase.id === values.only);
  const cases = exact.length > 0 ? exact : allCases.filter((benchCase) => values.only === undefined || benchCase.id.includes(values.only));
  const workingSpeedWanted = (id: string): boolean => values.engine !== 'jslp' && !values.quick && (values.only === undefined || id === values.only || (id.includes(values.only) && !WORKING_SPEED_CASES.includes(values.only as (typeof WORKING_SPEED_CASES)[number])));
  const anyWorkingSpeed = WORKING_SPEED_CASES.some(workingSpeedWanted);
  if (cases.length === 0 && !anyWorkingSpeed) {
    process.stderr.write(`error: no case matches --only ${values.only}; cases are western-cape, south-africa, south-africa-x5, south-africa-x20, mknap1-01 … mknap1-07, mknapcb1-01 … mknapcb1-30, and the working-speed targets issue14-run, issue14-stability, issue14-explain-project, issue14-explain-top10, issue14-stress-100, issue14-sweep-9\n`);
    return 1;
  }
  const results: CaseResult[] = [];
  const orLibFiles = new Map<string, readonly OrLibProblem[]>();
  for (const listedCase of cases) {
    let benchCase = listedCase;
    let orLibProblem: OrLibProblem | null = null;
    if (benchCase.scaleCopies !== undefined) writeScaledModel(path.join(ROOT, 'models', 'south-africa'), benchCase.scaleCopies, benchCase.modelPath, { force: true });
    if ((benchCase.group === 'mknap1' || benchCase.group === 'mknapcb1') && benchCase.orLibProblemNumber !== undefined) {
      const sourcePath = ORLIB_PATHS[benchCase.group];
      if (!existsSync(sourcePath)) {
        for (const engine of engines) results.push(skipped(benchCase, engine, `OR-Library file not found: ${sourcePath}`));
        continue;
      }
      if (!orLibFiles.has(sourcePath)) orLibFiles.set(sourcePath, readOrLibFile(sourcePath));
      const { problem, description } = describeOrLibProblem(orLibFiles.get(sourcePath) ?? [], sourcePath, benchCase.orLibProblemNumber);
      await writeOrLibModel(problem, benchCase.modelPath, description, { force: true });
      // The known optimum is the converter's: stated in mknap1.txt, from mkcbres.txt for mknapcb1.
      benchCase = { ...benchCase, knownOptimum: description.knownOptimum };
      orLibProblem = problem;
    }
    let dataset: Dataset;
    try {
      dataset = await loadModel(benchCase.modelPath);
    } catch (error) {
      const reason = error instanceof InvalidInputError ? error.problems.slice(0, 3).map(formatProblem).join('; ') : error instanceof Error ? error.message : String(error);
      const note = existsSync(benchCase.modelPath) ? `model could not be loaded: ${reason}` : `${path.relative(ROOT, benchCase.modelPath)} does not exist`;
      progress(`${benchCase.id}: skipped (${note})`);
      for (const engine of engines) results.push(skipped(benchCase, engine, note));
      continue;
    }
    for (const engine of engines) {
      results.push(await runCase(benchCase, dataset, engine, orLibProblem));
    }
  }

  let workingSpeed: WorkingSpeedResult[] = [];
  let previousRelease: PreviousReleaseSummary | undefined;
  if (anyWorkingSpeed) {
    const defaultPath = path.join(ROOT, 'models', 'western-cape');
    workingSpeed = await runWorkingSpeedCases(await loadModel(defaultPath), defaultPath, workingSpeedWanted, progress);
    // The same cases as command lines on the previous release and the current checkout, alternately.
    progress(previousChoice.ref === null ? `previous release: none (${previousChoice.reason})` : `previous release: ${previousChoice.ref} (${previousChoice.reason})`);
    const compared = await runAgainstPreviousRelease({ repoFolder: ROOT, choice: previousChoice, cases: (shared) => issue14CliCases(defaultPath, shared, workingSpeedWanted, progress), progress });
    previousRelease = compared.summary;
    workingSpeed = workingSpeed.map((result) => {
      const entry = compared.comparisons.get(result.id);
      return { ...result, ...previousColumnsOf(compared.summary.ref, entry?.comparison ?? null, entry ? wordsOfCall(entry.call) : '', compared.summary.ref === null ? compared.summary.reason : 'not run through the command line') };
    });
  }

  const partial = values.quick;
  const jsonPath = path.join(BENCH_FOLDER, partial ? 'results-quick.json' : 'results.json');
  const markdownPath = path.join(BENCH_FOLDER, partial ? 'results-quick.md' : 'results.md');
  let merged: readonly CaseResult[] = results;
  let mergedWorkingSpeed: readonly WorkingSpeedResult[] = workingSpeed;
  let mergedPreviousRelease = previousRelease;
  if ((values.only !== undefined || values.engine !== undefined) && !partial && existsSync(jsonPath)) {
    // --only and --engine refresh some cases of the full results and keep the others, the
    // working-speed targets included (one `--only issue14-…` run must not drop the other rows).
    const previous = JSON.parse(readFileSync(jsonPath, 'utf8')) as BenchResults;
    const fresh = new Set(results.map((result) => `${result.id}|${result.engine}`));
    merged = [...previous.cases.filter((result) => !fresh.has(`${result.id}|${result.engine}`)), ...results];
    const order = benchCases(false, scratchFolder).map((benchCase) => benchCase.id);
    merged = [...merged].sort((left, right) => order.indexOf(left.id) - order.indexOf(right.id) || left.engine.localeCompare(right.engine));
    const freshSpeed = new Set(workingSpeed.map((result) => result.id));
    const speedOrder: readonly string[] = WORKING_SPEED_CASES;
    // A run without the working-speed cases keeps the previous release the kept rows were compared with.
    mergedPreviousRelease ??= previous.previousRelease;
    mergedWorkingSpeed = [...(previous.workingSpeed ?? []).filter((result) => !freshSpeed.has(result.id)), ...workingSpeed].sort((left, right) => speedOrder.indexOf(left.id) - speedOrder.indexOf(right.id));
  }
  const output: BenchResults = {
    generatedAt: new Date().toISOString(),
    machine: { node: process.versions.node, platform: `${process.platform} ${process.arch}`, cpu: cpus()[0]?.model ?? 'unknown', cpuCount: cpus().length },
    command: `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`,
    cases: merged,
    workingSpeed: mergedWorkingSpeed,
    ...(mergedPreviousRelease !== undefined ? { previousRelease: mergedPreviousRelease } : {}),
  };
  mkdirSync(BENCH_FOLDER, { recursive: true });
  writeFileSync(jsonPath, `${JSON.stringify(output, null, 2)}\n`);
  writeFileSync(markdownPath, renderMarkdown(output));
  progress(`wrote ${path.relative(ROOT, jsonPath)} and ${path.relative(ROOT, markdownPath)}`);
  for (const verdict of judgeTargets(merged)) progress(`target: ${verdict.target}: ${verdict.met === null ? 'not measured' : verdict.met ? 'met' : 'NOT met'} (${verdict.evidence})`);
  // A failed correctness check of this run fails the bench; slow cases only miss their targets.
  const failedChecks = results.filter((result) => (result.checkFailures ?? []).length > 0);
  if (failedChecks.length > 0) {
    progress(`${failedChecks.length} case(s) failed a correctness check: ${failedChecks.map((result) => `${result.id} ${result.engine}`).join(', ')}`);
    return 1;
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
