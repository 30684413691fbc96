/**
 * `infraplan sweep`: trace the efficient frontier by solving the model with every envelope scaled
 * by each factor of a range, and report benefit, households and the marginal benefit of money.
 */
import type { Argv, CommandModule } from 'yargs';
import { analysisOutputOptions, checkOptionNumber, formatNumber, textTable, type AnalysisOutputArguments } from '../analysis/analysis-options.js';
import { parseBudgetRange } from '../analysis/budget-range.js';
import { progressStream, QUIET_OPTION } from './quiet-option.js';
import { createProgressReporter, type ProgressStream } from '../analysis/progress.js';
import { runSweep, type SweepOutcome } from '../analysis/run-sweep.js';
import { resolveModelPath } from '../dataset/load-model.js';
import { commandLineOverridesFromArgv, scenarioOptions, type ScenarioArguments } from '../scenario/cli-options.js';
import { baselineOptions, baselineRequestFromArgv, type BaselineArguments } from './baseline-options.js';
import { toJsonText } from '../report/json-output.js';
import { printNote } from './exit.js';
import { formatRandMillion } from '../dataset/money-text.js';
import { hasSolution } from '../solve/engine.js';
import { statusInWords } from '../analysis/comparison-summary.js';

/** Arguments of `sweep`. */
export interface SweepArguments extends Omit<ScenarioArguments, 'budgetScale'>, AnalysisOutputArguments, BaselineArguments {
  /** Model folder, workbook or name. */
  readonly model?: string;
  /** The range `from:to:steps`. */
  readonly budgetScale: string;
  /** Also print how the levels were solved in solver terms (LP bound, MILP). */
  readonly verbose?: boolean;
  /** Print no progress on stderr. */
  readonly quiet?: boolean;
}

/** Run `sweep` from parsed arguments. */
export async function sweepFromArguments(argv: SweepArguments, stream: ProgressStream = process.stderr): Promise<SweepOutcome> {
  const budgetFactors = parseBudgetRange(String(argv.budgetScale));
  const workers = checkOptionNumber('workers', argv.workers, 'workerCount');
  // On a terminal, the scenario (or level) solving and the time elapsed, rewritten every second.
  const progress = createProgressReporter(progressStream(argv.quiet, stream), { elapsed: true });
  try {
    return await runSweep(
      { modelPath: resolveModelPath(argv.model), scenarioPath: argv.scenario, commandLine: commandLineOverridesFromArgv({ ...argv, budgetScale: undefined }), budgetFactors },
      { workers, outDir: argv.out, force: argv.force, onProgress: progress.onProgress, onNote: printNote, baseline: baselineRequestFromArgv(argv) },
    );
  } finally {
    progress.done();
  }
}

/** A relative MIP gap as the sweep workbook shows it (number format 0.000%), or `unknown`. */
export function gapWords(gap: number | null): string {
  return gap === null ? 'unknown' : `${(gap * 100).toFixed(3)}%`;
}

/** Options of formatSweep. */
export interface SweepFormatOptions {
  /** `--verbose`: add the solver's account of how the levels were solved (the LP bound, which levels were a MILP). */
  readonly verbose?: boolean;
}

/** The gap every level was solved to, in words: `each level solved to within 1% of the best possible`. */
function requestedGapWords(relativeGap: number | null): string {
  if (relativeGap === null) return 'each level solved to the engine\'s default gap (0.01% for HiGHS)';
  return relativeGap <= 0 ? 'each level solved to the best possible plan' : `each level solved to within ${Number((relativeGap * 100).toPrecision(3))}% of the best possible`;
}

/**
 * The terminal summary of a sweep, for a treasury analyst: the table in money, households and
 * benefit points. How the levels were solved (the LP bound against the plan at ×1, whether a level
 * could be accepted without a MILP) is solver talk, and "the LP bound is 21% above its plan" next
 * to "proven within 0.76%" read as a contradiction (review u2, 6): only with `--verbose` (and in
 * the workbook's notes and sweep.json).
 */
export function formatSweep(outcome: SweepOutcome, options: SweepFormatOptions = {}): string {
  const table = textTable(
    // Each point's status in the words compare and run use ("proven within 0.74% of the best
    // possible") beside its proven gap: "optimal" alone read as "the best" to a reviewer. The
    // budget is every envelope scaled, capital and operating (running costs) together, as the
    // factor scales both; the column says so, since run and compare name capital on its own.
    ['factor', 'budget (capital + operating)', 'status', 'proven gap', 'benefit points', 'households served', 'projects funded', 'benefit points per extra R100 million'],
    outcome.frontier.points.map((point) =>
      // A point without a plan has no figures: zeros would read as a plan that funds nothing.
      hasSolution(point)
        ? [
            String(point.budgetFactor),
            formatRandMillion(point.totalBudgetRand),
            statusInWords(point.status, point.gap),
            gapWords(point.gap),
            formatNumber(point.benefit),
            formatNumber(point.householdsServed),
            String(point.projectsFunded),
            point.marginalBenefitPer100MillionRand === null ? '-' : formatNumber(point.marginalBenefitPer100MillionRand, 1),
          ]
        : [String(point.budgetFactor), formatRandMillion(point.totalBudgetRand), point.status, gapWords(point.gap), 'n/a', 'n/a', 'n/a', '-'],
    ),
  );
  return [
    `Efficient frontier of ${outcome.modelName}, scenario ${outcome.scenarioName} (${requestedGapWords(outcome.requestedRelativeGap)})`,
    ...(outcome.solving
      ? [`solving: ${outcome.solving.gapWords}; ${options.verbose === true ? outcome.solving.lpBoundWords : 'each level starts from the plan of the level next to it, nearer ×1 (--verbose says how each was solved)'}`]
      : []),
    table,
    ...(outcome.baselineLine !== undefined ? [outcome.baselineLine] : []),
    ...outcome.frontier.warnings.map((warning) => `warning: ${warning}`),
    ...(outcome.folder ? ['', `wrote ${outcome.folder}`] : []),
  ].join('\n');
}

/** The shared scenario options without the single --budget-scale factor, which sweep replaces by a range. */
const { 'budget-scale': _singleBudgetScale, ...sweepScenarioOptions } = scenarioOptions;

/** yargs module for `sweep`. */
export const sweepCommand: CommandModule<object, SweepArguments> = {
  command: 'sweep [model]',
  describe: 'Trace the efficient frontier: benefit and households served as the budget grows',
  builder: (yargs: Argv<object>) =>
    yargs
      .positional('model', { type: 'string', describe: 'Model folder, model.xlsx or model name (default: the embedded western-cape model)' })
      .options(sweepScenarioOptions)
      .option('budget-scale', {
        type: 'string',
        demandOption: true,
        requiresArg: true,
        describe: 'Budget factors from:to:steps, e.g. 0.5:1.5:5 = every envelope ×0.5, ×0.75, ×1, ×1.25, ×1.5',
      })
      .options(analysisOutputOptions)
      .options(baselineOptions)
      .option('quiet', QUIET_OPTION)
      .option('verbose', { type: 'boolean', default: false, describe: 'Also print how the levels were solved in solver terms (the LP bound at ×1, which levels were solved as a MILP)' })
      .example('$0 sweep --budget-scale 0.5:1.5:5', 'Frontier of the default model from half to one and a half times the budget')
      .example('$0 sweep tests/fixtures/tiny --scenario scenarios/growth-led.yaml --budget-scale 0.6:2:8 --json', 'Frontier of a scenario, printed as JSON')
      .example('$0 sweep --budget-scale 0.8:1.2:5 --gap 0 --workers 1', 'A frontier proven exactly optimal at every point, solved in-process')
      .example('$0 sweep --budget-scale 0.6:1:5 --baseline reports/western-cape-baseline-20261124-080000 --lock-years 2', 'Budget cuts with the first two years of last week\'s plan held; a level the lock alone cannot pay for says so') as unknown as Argv<SweepArguments>,
  handler: async (argv) => {
    const outcome = await sweepFromArguments(argv);
    process.stdout.write(argv.json ? toJsonText(outcome) : `${formatSweep(outcome, { verbose: argv.verbose === true })}\n`);
  },
};
