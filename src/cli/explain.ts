/**
 * `infraplan explain`: for each deferred project of the plan, the cheapest change found that funds
 * it (more money in one envelope, a policy rule switched off, a structural change), each verified
 * by applying it and solving again. Writes nothing unless --out is given.
 */
import os from 'node:os';
import type { Argv, CommandModule } from 'yargs';
import { checkOptionNumber } from '../analysis/analysis-options.js';
import { checkProjectIds, DEFAULT_PRECISION_RAND, explainDeferrals } from '../analysis/explain-deferral.js';
import { explanationsToJson, formatExplanations, withOutPath, writeExplanations, type ExplainReport, type PlanExplained } from '../analysis/explain-output.js';
import { createProgressReporter } from '../analysis/progress.js';
import { progressStream, QUIET_OPTION } from './quiet-option.js';
import { planRun } from '../pipeline/plan-run.js';
import { resolveRun } from '../pipeline/resolve-run.js';
import { scenarioOptions, type ScenarioArguments } from '../scenario/cli-options.js';
import { runRequestFromArgv } from './run-request.js';
import { EXIT_INVALID, EXIT_OK, UserFacingError } from '../errors/exit-codes.js';
import { InvalidInputError } from '../errors/problems.js';
import { COMMAND_LINE } from '../scenario/command-line-layer.js';
import { printNote } from './exit.js';
import { hasSolution } from '../solve/engine.js';
import { applyBaseline } from '../pipeline/baseline-run.js';
import { baselineOptions, baselineRequestFromArgv, type BaselineArguments } from './baseline-options.js';
import type { Explanation, ExplainStart } from '../analysis/explain-deferral.js';
import type { Dataset } from '../dataset/types.js';
import { planFromNeighbour, type HowSolved } from '../analysis/plan-shortcut.js';
import { answerInWords, changesInWords, failedRunWords } from '../analysis/explain-words.js';
import type { ProgressEvent } from '../analysis/solve-pool.js';
import { readRunBound } from '../analysis/run-record.js';
import { HIGHS_DEFAULT_RELATIVE_GAP } from '../analysis/frontier.js';
import type { BaselineDecisions } from '../dataset/types.js';
import type { PortfolioPlan } from '../plan/types.js';
import type { ResolvedRun } from '../pipeline/resolve-run.js';

/** Arguments of `explain`. */
export interface ExplainArguments extends ScenarioArguments, BaselineArguments {
  /** Model folder, workbook or name; default the embedded western-cape model. */
  readonly model?: string;
  /** --quiet: no progress lines on stderr. */
  readonly quiet?: boolean;
  /** Project ids to explain (repeatable). */
  readonly project?: readonly (string | number)[];
  /** Explain the N deferred projects with the highest derived benefit, an exclusive group counted once. */
  readonly top?: number;
  /** With --top, count every alternative of an exclusive group on its own. */
  readonly eachAlternative?: boolean;
  /** Print JSON instead of text. */
  readonly json?: boolean;
  /** Write the explanations to this .json, .xlsx or .md file. */
  readonly out?: string;
  /** Replace an existing --out file. */
  readonly force?: boolean;
  /** Worker threads for the re-solves. */
  readonly workers?: number;
  /** Bisection precision of a top-up, rand. */
  readonly precision?: number;
  /** Seconds (CPU seconds with HiGHS) all answers together may search for; default with --top TOP_SECONDS_PER_THREAD per project searched at once. */
  readonly totalTimeLimit?: number;
}

/**
 * Most seconds each re-solve of explain may take when --time-limit is not given (issue 14): on the
 * default model a least-extra-money MILP and its verification then stay near the 30 s target per
 * project; a re-solve stopped by it keeps its best plan and its gap is printed with the answer.
 * CPU seconds of HiGHS's thread since task x1 (the wall clock stops a solve at 4 × it:
 * src/analysis/explain-limits.ts), so what an answer reaches does not depend on the machine's load.
 */
export const EXPLAIN_SOLVE_SECONDS = 15;

/**
 * The default `--top` allowance (task t1, issue 14 target: `--top 10` within 3 minutes on 2 cores):
 * seconds of search per project searched at once (CPU seconds with HiGHS), shared by all answers
 * (ExplainOptions.totalSearchSeconds). On 2 workers 280 CPU s. Measured with 120 (240 CPU s) on the
 * default model: 223.8 CPU s in all, the unboxed work (programs built, start LPs, the plan from the
 * run folder) included, 194.6 s wall at load 4–6 (docs/benchmarks.md, task t1); 140 leaves the
 * proofs more and stays within about 160 s of two busy cores. `--total-time-limit` sets another.
 */
export const TOP_SECONDS_PER_THREAD = 140;

/**
 * The plan explained. With --baseline: the baseline's plan when it can be shown to be within the
 * gap, without a MILP: through the run's own proven bound when the run folder was made from the
 * same inputs (manifest hashes, scenario, overrides), else through the LP bound; otherwise a solve
 * that stays close to the baseline, as before. Without a baseline: a solve.
 */
export async function planToExplain(
  resolved: ResolvedRun,
  baseline: BaselineDecisions | null,
  baselinePath: string | undefined,
): Promise<{ readonly plan: PortfolioPlan; readonly howSolved: HowSolved | null; readonly planExplained: PlanExplained }> {
  const runOptions = { marginalValues: false } as const;
  if (baseline === null || baselinePath === undefined) {
    const { plan } = await planRun(resolved, { formulation: 'portfolio', ...runOptions });
    return { plan, howSolved: null, planExplained: { baselinePath: null, runNotReusedBecause: null } };
  }
  const runBound = await readRunBound(baselinePath, resolved.dataset, resolved.scenarioName, resolved.overridesApplied);
  const relativeGap = resolved.engineOptions.relativeGap ?? HIGHS_DEFAULT_RELATIVE_GAP;
  const plan = await planFromNeighbour(resolved, runOptions, {
    startFrom: baseline.startYearByProjectId,
    relativeGap,
    knownBoundBenefitPoints: runBound.matches ? runBound.boundBenefitPoints : null,
    knownBoundWords: runBound.words,
    // The run's bound is what proves its plan; without it, one LP may.
    tryLpBound: !runBound.matches,
    stayCloseTo: baseline,
  });
  const howSolved = plan.howSolved ?? null;
  const planExplained: PlanExplained = { baselinePath, runNotReusedBecause: runBound.matches ? null : runBound.words };
  return { plan, planExplained, howSolved: howSolved === null ? null : { ...howSolved, words: runBound.matches ? howSolved.words : `${howSolved.words} (run bound not reused: ${runBound.words})` } };
}

/** Seconds as `1 min 05 s` or `42 s`. */
function durationWords(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  return whole >= 60 ? `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s` : `${whole} s`;
}

/**
 * Plan the model and explain its deferred projects: the library function behind the command.
 * With --out, the file is rewritten (atomically) after each answer, so an interrupted run keeps
 * every answer found so far. Progress goes to `stream` (stderr) whether or not it is a terminal:
 * one line before the first solve with the estimate, one line per answer as it is written
 * (`explain: 3 of 10 answered, WC011-S-01: R2.1 million more from MIG in 2028/29; about 2 min
 * left`); on a terminal also a live line, rewritten every second, while a solve runs.
 */
export async function explainFromArguments(
  argv: ExplainArguments,
  stream: { readonly isTTY?: boolean; write(text: string): unknown } = process.stderr,
  library: { readonly workerScript?: URL } = {},
): Promise<ExplainReport> {
  const top = checkOptionNumber('top', argv.top, 'projectCount');
  const workers = checkOptionNumber('workers', argv.workers, 'workerCount');
  const precisionRand = checkOptionNumber('precision', argv.precision, 'precisionRand', '100000');
  const totalTimeLimit = checkOptionNumber('total-time-limit', argv.totalTimeLimit, 'timeLimitSeconds', '240');
  if (argv.eachAlternative === true && top === undefined) {
    throw new InvalidInputError([{ file: COMMAND_LINE, row: null, column: '--each-alternative', message: 'applies only with --top N (without --top every deferred project is explained, each alternative included)' }]);
  }
  const baselineRequest = baselineRequestFromArgv(argv);
  return withOutPath(argv.out, argv.force ?? false, printNote, async () => {
    const { run: resolved, baseline } = await applyBaseline(await resolveRun(runRequestFromArgv(argv)), baselineRequest);
    if (argv.project !== undefined) checkProjectIds(resolved.dataset, argv.project.map(String));
    // Every re-solve is time-boxed (issue 14): --time-limit, else the scenario's limit up to EXPLAIN_SOLVE_SECONDS; a boxed re-solve reports its gap.
    const timeLimitSeconds = argv.timeLimit ?? Math.min(resolved.engineOptions.timeLimitSeconds ?? EXPLAIN_SOLVE_SECONDS, EXPLAIN_SOLVE_SECONDS);
    const planOptions = { ...resolved.engineOptions, timeLimitSeconds, scenarioName: resolved.scenarioName, overridesApplied: resolved.overridesApplied };
    const { plan, howSolved, planExplained } = await planToExplain(resolved, baseline, baselineRequest.baselinePath);
    if (!hasSolution(plan)) {
      throw new UserFacingError(`the model has no plan (${plan.status}), so there are no deferrals to explain`, EXIT_INVALID);
    }
    const reportOf = (explanations: readonly Explanation[]): ExplainReport => ({
      ...(howSolved !== null ? { planHowSolved: howSolved } : {}),
      planExplained,
      planGap: plan.gap,
      // The plain words need the model (rule words and values, which sources are operating money).
      answerWords: Object.fromEntries(explanations.map((explanation) => [explanation.projectId, answerInWords(explanation, resolved.dataset)])),
      modelName: plan.modelName,
      scenarioName: plan.scenarioName,
      illustrativeNote: resolved.dataset.config.illustrativeNote,
      objective: plan.objectiveBenefitPoints,
      deferredCount: plan.projects.filter((project) => !project.funded).length,
      explanations,
    });
    // --top's answers share one allowance (task t1), by default TOP_SECONDS_PER_THREAD per project searched at once; --total-time-limit for any selection.
    const totalSeconds = totalTimeLimit ?? (top !== undefined ? TOP_SECONDS_PER_THREAD * Math.max(1, Math.min(top, workers ?? os.availableParallelism())) : undefined);
    const estimate = createAnswerClock(planSolveTime(plan, howSolved, timeLimitSeconds));
    const progress = createProgressReporter(progressStream(argv.quiet, stream), { suffix: () => estimate.liveWords(), verb: 'planning', label: plainProgressLabel });
    const found: Explanation[] = [];
    let written = false;
    try {
      const explanations = await explainDeferrals(resolved.dataset, plan, {
        ...(argv.project !== undefined ? { projectIds: argv.project.map(String) } : {}),
        ...(top !== undefined ? { top } : {}),
        ...(argv.eachAlternative === true ? { eachAlternative: true } : {}),
        ...(workers !== undefined ? { workers } : {}),
        // A plan taken from the run folder (or accepted by the LP bound) was not solved here: its seconds say nothing about the model's size.
        planSolveSeconds: howSolved === null ? plan.seconds : howSolved.milpSolves > 0 ? howSolved.seconds : null,
        ...(library.workerScript !== undefined ? { workerScript: library.workerScript } : {}),
        precisionRand: precisionRand ?? DEFAULT_PRECISION_RAND,
        searchSecondsPerProject: 4 * timeLimitSeconds,
        ...(totalSeconds !== undefined ? { totalSearchSeconds: totalSeconds } : {}),
        planOptions,
        ...(progress.onProgress ? { onProgress: progress.onProgress } : {}),
        onStart: (start) => {
          estimate.start(start);
          progress.line(`explain: ${start.answerCount} ${start.answerCount === 1 ? 'project' : 'projects'} to answer, about ${start.estimatedSolves} planning runs${estimate.startWords()}`, true);
        },
        onSolved: (seconds) => estimate.solved(seconds),
        onExplanation: async (explanation, number, count) => {
          found.push(explanation);
          // The file first, then the line: a line that says an answer is in means it is in the file.
          if (argv.out !== undefined) {
            await writeExplanations(reportOf(found), argv.out, (argv.force ?? false) || written);
            written = true;
          }
          estimate.answered(number);
          progress.line(answeredLine(number, count, explanation.projectId, shortAnswer(explanation, resolved.dataset), estimate.afterAnswerWords()), number < count);
        },
      });
      return reportOf(explanations);
    } finally {
      progress.done();
    }
  });
}

/**
 * The progress line of an answer: `explain: 3 of 10 answered, WC011-S-01: R2.1 million more from MIG
 * in 2028/29; about 2 min left`. The short answer is not put in brackets: its own words may end in
 * some (`dropping WC012-W-02 (the funded alternative in group CED-RES)`), which printed `…CED-RES))`.
 */
export function answeredLine(number: number, count: number, projectId: string, short: string, timeWords: string): string {
  return `explain: ${number} of ${count} answered, ${projectId}: ${short}; ${timeWords}`;
}

/** An answer in a few words for its progress line, in plain words: the change, or what came of the search. */
export function shortAnswer(explanation: Explanation, dataset: Dataset): string {
  const changes = changesInWords(explanation.changes, dataset);
  switch (explanation.outcome) {
    case 'verified':
      // Verified with no change: a plan that funds it is already as good as the best, within the plan's accuracy (the answer says so in full).
      return changes === '' ? "no change needed: a plan that funds it is as good as the best, within the plan's accuracy" : changes;
    case 'solve_failed':
      return `no answer, ${explanation.failure === null ? 'a planning run' : failedRunWords(explanation.failure)} did not finish`;
    case 'no_change_found':
      // A plan that funds it with no change, worth less than one without it (task tp: the repaired plan of the money search).
      return explanation.verification?.outcome === 'better_without' ? 'no change found: a plan can fund it only with other projects giving way, NOT ENOUGH' : 'no change found';
    default:
      return changes === '' ? 'no change found' : `${changes}, ${explanation.verification?.outcome === 'better_without' ? 'NOT ENOUGH' : 'NOT VERIFIED'}`;
  }
}

/**
 * The live line's words for one planning run of the search (the search's own labels name solver
 * steps: `WC011-S-01 least extra money (one MILP)`), e.g. `WC011-S-01: finding the least extra money`.
 */
export function plainProgressLabel(event: ProgressEvent): string {
  const space = event.label.indexOf(' ');
  const id = space < 0 ? event.label : event.label.slice(0, space);
  const step = space < 0 ? '' : event.label.slice(space + 1);
  const count = (/ (\d+)\/(\d+)$/.exec(step));
  const of = count === null || count[2] === '1' ? '' : ` (${count[1]} of ${count[2]})`;
  const round = /round (\d+)/.exec(step);
  let words: string;
  if (/^least extra money/.test(step)) words = 'finding the least extra money';
  else if (/^least policy relaxation/.test(step)) words = `finding the least change of the rules${round === null ? '' : ` (round ${round[1]})`}`;
  else if (/^verifying/.test(step)) words = 'checking the answer by planning again with the change';
  else if (/^structural/.test(step)) words = `planning with the change to the register${of}`;
  else if (/^policy/.test(step)) words = `planning with one policy rule switched off${of}`;
  else if (/^top-up/.test(step)) words = `planning with extra money in one grant${of}`;
  else words = `planning${of}`;
  return `${id}: ${words}`;
}

/** A solve's seconds and the words for where they come from, e.g. `the plan's solve`. */
export interface SolveTimeBasis {
  /** Seconds of the solve (wall clock). */
  readonly seconds: number;
  /** Where they come from, for the estimate line. */
  readonly basis: string;
}

/**
 * The time of the MILP that made the plan explained, as the first estimate of a re-solve's, at
 * most the re-solves' box (`timeLimitSeconds`): the plan's solve without --baseline; with
 * --baseline, the plan's re-solve when it took a MILP (HowSolved.milpSolves; its seconds include
 * the completion LP and the closest-plan step, so the estimate leans long). Null when no MILP made
 * the plan (accepted without one, or taken from the run folder): the search's first solve is then
 * the first time known.
 */
export function planSolveTime(plan: PortfolioPlan, howSolved: HowSolved | null, timeLimitSeconds: number): SolveTimeBasis | null {
  if (!hasSolution(plan)) return null;
  if (howSolved === null) return { seconds: Math.min(plan.seconds, timeLimitSeconds), basis: 'as long as planning the plan took' };
  if (howSolved.milpSolves > 0) return { seconds: Math.min(howSolved.seconds, timeLimitSeconds), basis: 'as long as planning the plan with --baseline took' };
  return null;
}

/**
 * The time-left estimate of explain (issue 14). Before the first answer: seconds per solve (the
 * plan's own solve when it was solved, or its MILP re-solve with --baseline (planSolveTime), else
 * the first answer MILP or re-solve batch of the search)
 * × the solves the question is expected to need ÷ the projects searched at once, less the time
 * spent; said to be an estimate. After an answer: the time so far per answer × answers left.
 */
export function createAnswerClock(planSolve: number | SolveTimeBasis | null, now: () => number = () => performance.now()) {
  const started = now();
  const known = typeof planSolve === 'number' ? { seconds: planSolve, basis: 'as long as planning the plan took' } : planSolve;
  let secondsPerSolve = known?.seconds ?? null;
  let basis = known?.basis ?? null;
  let plan: ExplainStart | null = null;
  let done = 0;
  const elapsed = (): number => (now() - started) / 1000;
  const fromSolves = (): string | null => {
    if (secondsPerSolve === null || plan === null) return null;
    const left = Math.max(0, (secondsPerSolve * plan.estimatedSolves) / Math.max(1, plan.concurrency) - elapsed());
    // Not "(an estimate)": the live line puts these words in brackets of its own, which printed "(an estimate))".
    return `an estimated ${durationWords(left)} left`;
  };
  const fromAnswers = (): string => {
    const count = plan?.answerCount ?? done;
    return done >= count ? `all answered in ${durationWords(elapsed())}` : `about ${durationWords((elapsed() / done) * (count - done))} left`;
  };
  return {
    start: (start: ExplainStart): void => {
      plan = start;
    },
    solved: (seconds: number): void => {
      if (secondsPerSolve !== null) return;
      secondsPerSolve = seconds;
      basis = 'as long as the first planning run of the search took';
    },
    answered: (number: number): void => {
      done = number;
    },
    /** The opening line's tail: the estimate and its basis, or when it comes. */
    startWords: (): string => {
      const words = fromSolves();
      if (words === null || plan === null || secondsPerSolve === null) return '; the time left is estimated once the first planning run ends';
      return `; ${words}: ${durationWords(secondsPerSolve)} per planning run (${basis}) × ${plan.estimatedSolves} runs${plan.concurrency > 1 ? ` ÷ ${plan.concurrency} projects at once` : ''}`;
    },
    afterAnswerWords: fromAnswers,
    /** The live line's tail on a terminal: answers so far, elapsed, and the time left. */
    liveWords: (): string => {
      const count = plan?.answerCount;
      const left = done > 0 ? fromAnswers() : (fromSolves() ?? 'time left estimated once the first planning run ends');
      return `${done}${count === undefined ? '' : ` of ${count}`} answered; ${durationWords(elapsed())} elapsed, ${left}`;
    },
  };
}

/** yargs module for `explain`. */
export const explainCommand: CommandModule<object, ExplainArguments> = {
  command: 'explain [model]',
  describe: 'For each deferred project, why it is not funded and the cheapest change that funds it (money, policy or register), checked by planning again with the change',
  builder: (yargs: Argv<object>) =>
    yargs
      .positional('model', { type: 'string', describe: 'Model folder, model.xlsx or model name (default: the embedded western-cape model)' })
      .options(scenarioOptions)
      .options(baselineOptions)
      .option('project', { type: 'string', array: true, requiresArg: true, describe: 'Explain only this deferred project (repeatable)' })
      .option('top', { type: 'number', requiresArg: true, describe: 'Explain only the N deferred projects with the highest benefit; an exclusive group counts once (its best deferred alternative stands for it)' })
      .option('each-alternative', { type: 'boolean', default: false, describe: 'With --top: count every alternative of an exclusive group as an answer of its own' })
      .option('precision', { type: 'number', requiresArg: true, describe: `Precision of a suggested top-up in rand (default ${DEFAULT_PRECISION_RAND})` })
      .option('json', { type: 'boolean', default: false, describe: 'Print the explanations as JSON' })
      .option('out', { type: 'string', requiresArg: true, describe: 'Also write the explanations to a .json, .xlsx or .md file, rewritten after each answer (progress lines go to stderr, one per answer)' })
      .option('force', { type: 'boolean', default: false, describe: 'Replace an existing --out file' })
      .option('quiet', QUIET_OPTION)
      .option('workers', { type: 'number', requiresArg: true, describe: 'Plan on this many worker threads; 1 plans in-process (default: the number of CPUs)' })
      .option('total-time-limit', { type: 'number', requiresArg: true, describe: `Seconds (CPU seconds of the solver) all answers together may take, shared as they go: what a quick answer leaves goes to the next (default with --top: ${TOP_SECONDS_PER_THREAD} per project searched at once, so --top 10 on 2 cores takes under 3 minutes; an answer cut short says so)` })
      .example('$0 explain tests/fixtures/tiny', 'Explain every deferred project of the tiny test model')
      .example('$0 explain --project WC043-S-BL-1 --baseline reports/<run folder>', 'One project the default run defers for money, explaining that run\'s plan as it was: the least extra money, checked by planning again with it')
      .example('$0 explain --top 5 --gap 0.01 --out explain.xlsx', 'The five most valuable deferred projects, each answer checked to within 1% of the best plan; explain.xlsx is rewritten after each answer')
      .example('$0 explain --top 3 --scenario budget-cut-20 --gap 0.01 --out explain.xlsx', 'The three most valuable projects the shipped 20% budget cut defers, checked to within 1%, written to a workbook') as unknown as Argv<ExplainArguments>,
  handler: async (argv) => {
    const report = await explainFromArguments(argv);
    process.stdout.write(argv.json ? `${explanationsToJson(report)}\n` : formatExplanations(report));
    if (argv.out !== undefined) {
      // Rewritten once more with the finished report (each answer was already written as it came).
      const written = await writeExplanations(report, argv.out, true);
      if (!argv.json) process.stdout.write(`wrote ${written}\n`);
    }
    process.exitCode = EXIT_OK;
  },
};
