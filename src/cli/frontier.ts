/**
 * `infraplan frontier`: the trade-off between backlog households served and capacity added for
 * growth at the model's budget, as a sheet and a chart with the current plan marked.
 */
import type { Argv, CommandModule } from 'yargs';
import { analysisOutputOptions, checkOptionNumber, formatNumber, textTable, type AnalysisOutputArguments } from '../analysis/analysis-options.js';
import { DEFAULT_FRONTIER_POINTS } from '../analysis/households-growth-frontier.js';
import { createProgressReporter, type ProgressStream } from '../analysis/progress.js';
import type { ProgressEvent } from '../analysis/solve-pool.js';
import { QUIET_OPTION, progressStream } from './quiet-option.js';
import { runFrontier, type FrontierOutcome } from '../analysis/run-frontier.js';
import type { TradeOffFigures } from '../analysis/households-growth-frontier.js';
import { resolveModelPath } from '../dataset/load-model.js';
import { formatRandMillion } from '../dataset/money-text.js';
import { toJsonText } from '../report/json-output.js';
import { commandLineOverridesFromArgv, scenarioOptions, type ScenarioArguments } from '../scenario/cli-options.js';
import { printNote } from './exit.js';
import { baselineOptions, baselineRequestFromArgv, type BaselineArguments } from './baseline-options.js';

/** Arguments of `frontier`. */
export interface FrontierArguments extends ScenarioArguments, AnalysisOutputArguments, BaselineArguments {
  /** Model folder, workbook or name. */
  readonly model?: string;
  /** Points on the frontier, 2 to 15. */
  readonly points?: number;
  /** No progress lines on stderr. */
  readonly quiet?: boolean;
}

/**
 * What frontier reports as it solves. On a terminal the live line of the analysis commands; in a
 * log or a pipe one line as each solve starts: the default model's frontier takes ten minutes and
 * more, and printed nothing at all until the end (review u5, finding 21).
 */
export function frontierProgress(stream: ProgressStream): { readonly onProgress: ((event: ProgressEvent) => void) | undefined; done(): void } {
  if (stream.isTTY) return createProgressReporter(stream);
  return {
    onProgress: (event) => void stream.write(`solving ${event.jobNumber}/${event.jobCount} ${event.label} ...\n`),
    done: () => undefined,
  };
}

/** Run `frontier` from parsed arguments. */
export async function frontierFromArguments(argv: FrontierArguments): Promise<FrontierOutcome> {
  const points = checkOptionNumber('points', argv.points, 'frontierPoints', '5');
  const workers = checkOptionNumber('workers', argv.workers, 'workerCount');
  const commandLine = commandLineOverridesFromArgv(argv);
  const progress = frontierProgress(progressStream(argv.quiet, process.stderr));
  try {
    return await runFrontier(
      { modelPath: resolveModelPath(argv.model), scenarioPath: argv.scenario, commandLine, ...(points !== undefined ? { points } : {}) },
      { workers, outDir: argv.out, force: argv.force, onProgress: progress.onProgress, onNote: printNote, baseline: baselineRequestFromArgv(argv) },
    );
  } finally {
    progress.done();
  }
}

/** One table row of figures; a point without a plan says so in every figure. */
function figureCells(figures: TradeOffFigures): string[] {
  if (figures.householdsServed === null || figures.capacityAddedMlPerDay === null) return [figures.status, 'no plan', 'no plan', 'no plan', 'no plan'];
  return [
    figures.status,
    formatNumber(figures.householdsServed),
    formatNumber(figures.capacityAddedMlPerDay, 2),
    formatNumber(figures.benefit ?? 0),
    formatRandMillion(figures.spendingRand ?? 0),
  ];
}

/** `each point solved to within 0.1% of the best possible`, or the engine's default when none was asked for. */
export function gapWords(relativeGap: number | null | undefined): string {
  if (relativeGap === null || relativeGap === undefined) return "each point solved to the solver's default gap (HiGHS: within 0.01% of the best possible)";
  if (relativeGap === 0) return 'each point proven the best possible';
  return `each point solved to within ${Number((relativeGap * 100).toPrecision(3))}% of the best possible`;
}

/** The terminal summary of a frontier. */
export function formatFrontier(outcome: FrontierOutcome): string {
  const { frontier } = outcome;
  const table = textTable(
    ['point', 'households at least', 'status', 'households', 'capacity Ml/day', 'benefit', 'spending'],
    [
      ...frontier.points.map((point, index) => [String(index + 1), formatNumber(point.householdsLevel), ...figureCells(point)]),
      ['current plan', '-', ...figureCells(frontier.currentPlan)],
    ],
  );
  return [
    // In sweep's words, not the solver's (`relative MIP gap 0.001`, review u5, finding 23).
    `Households served against capacity added for growth, ${outcome.modelName}, scenario ${outcome.scenarioName} (${gapWords(outcome.requestedRelativeGap)})`,
    table,
    ...(outcome.baselineLine !== undefined ? [outcome.baselineLine] : []),
    ...frontier.warnings.map((warning) => `warning: ${warning}`),
    ...(outcome.folder ? ['', `wrote ${outcome.folder}`] : []),
  ].join('\n');
}

/** yargs module for `frontier`. */
export const frontierCommand: CommandModule<object, FrontierArguments> = {
  command: 'frontier [model]',
  describe: 'Trade-off at the model budget: most capacity added for growth at a series of households-served levels, current plan marked',
  builder: (yargs: Argv<object>) =>
    yargs
      .positional('model', { type: 'string', describe: 'Model folder, model.xlsx or model name (default: the embedded western-cape model)' })
      .options(scenarioOptions)
      .option('points', { type: 'number', requiresArg: true, describe: `Points on the frontier, both end points included, 2 to 15 (default ${DEFAULT_FRONTIER_POINTS})` })
      .options(analysisOutputOptions)
      .options(baselineOptions)
      .option('quiet', QUIET_OPTION)
      .example('$0 frontier --out reports', 'The trade-off of the default model, five points')
      .example('$0 frontier tests/fixtures/tiny --points 7 --gap 0 --json', 'Seven points proven optimal on the tiny model, printed as JSON') as unknown as Argv<FrontierArguments>,
  handler: async (argv) => {
    const outcome = await frontierFromArguments(argv);
    process.stdout.write(argv.json ? toJsonText(outcome) : `${formatFrontier(outcome)}\n`);
  },
};
