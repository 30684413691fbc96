/**
 * `infraplan stress`: re-solve the model under random cost overruns and report how often each
 * project stays funded, the spread of benefit and how many draws no longer fit the budget.
 */
import type { Argv, CommandModule } from 'yargs';
import { formatRandMillion } from '../dataset/money-text.js';
import { analysisOutputOptions, checkOptionNumber, formatNumber, textTable, type AnalysisOutputArguments } from '../analysis/analysis-options.js';
import { DEFAULT_OVERRUN_DISTRIBUTION } from '../analysis/cost-overruns.js';
import { createProgressReporter } from '../analysis/progress.js';
import { runStress, type StressOutcome, type StressSolving } from '../analysis/run-stress.js';
import { resolveModelPath } from '../dataset/load-model.js';
import { InvalidInputError } from '../errors/problems.js';
import { COMMAND_LINE } from '../scenario/command-line-layer.js';
import { commandLineOverridesFromArgv, scenarioOptions, type ScenarioArguments } from '../scenario/cli-options.js';
import { baselineOptions, baselineRequestFromArgv, type BaselineArguments } from './baseline-options.js';
import { toJsonText } from '../report/json-output.js';
import { statusHasSolution } from '../solve/engine.js';
import { printNote } from './exit.js';

/** Arguments of `stress`. */
export interface StressArguments extends ScenarioArguments, AnalysisOutputArguments, BaselineArguments {
  /** Model folder, workbook or name. */
  readonly model?: string;
  /** Number of draws. */
  readonly draws: number;
  /** Seed. */
  readonly seed: number;
  /** Median overrun factor. */
  readonly overrunMedian: number;
  /** Sigma of ln(factor). */
  readonly overrunSigma: number;
}

/** Run `stress` from parsed arguments. */
export async function stressFromArguments(argv: StressArguments): Promise<StressOutcome> {
  const draws = checkOptionNumber('draws', argv.draws, 'drawCount') as number;
  const seed = checkOptionNumber('seed', argv.seed, 'seed') as number;
  const workers = checkOptionNumber('workers', argv.workers, 'workerCount');
  checkOptionNumber('overrun-median', argv.overrunMedian, 'costFactor', '1.1');
  checkOptionNumber('overrun-sigma', argv.overrunSigma, 'logSpread', '0.2');
  const progress = createProgressReporter();
  try {
    return await runStress(
      {
        modelPath: resolveModelPath(argv.model),
        scenarioPath: argv.scenario,
        commandLine: commandLineOverridesFromArgv(argv),
        draws,
        seed,
        distribution: { medianFactor: argv.overrunMedian, sigma: argv.overrunSigma },
      },
      { workers, outDir: argv.out, force: argv.force, onProgress: progress.onProgress, onNote: printNote, baseline: baselineRequestFromArgv(argv) },
    );
  } finally {
    progress.done();
  }
}

/** How the draws were solved, for the console: the gap and why, the shortcut, the time box and the largest gap left. */
export function solvingLines(outcome: StressOutcome): string[] {
  const { solving } = outcome;
  if (solving === undefined) return [];
  const accepted = solving.draws.filter((draw) => draw.method === 'accepted_shortcut').length;
  const boxed = solving.draws.filter((draw) => draw.status === 'feasible' && draw.stoppedByStagnation !== true);
  const stalled = solving.draws.filter((draw) => draw.status === 'feasible' && draw.stoppedByStagnation === true).length;
  return [
    `solving: ${solving.gapWords}; a draw the plan without overruns still fits starts from it, any other draw is solved without a start; at most ${solving.drawTimeLimitWords ?? `${solving.drawTimeLimitSeconds} s`} per draw (--time-limit)${solving.drawTimeLimitNote === undefined ? '' : `, ${solving.drawTimeLimitNote}`}`,
    `  ${accepted} draw(s) accepted without a MILP, ${solving.draws.length - accepted} solved as a MILP; ${boxed.length} stopped by the time box${stalled > 0 ? `, ${stalled} as their gap had stalled` : ''}; ${largestGapWords(solving)}`,
    ...(solving.baselineLine !== undefined ? [solving.baselineLine] : []),
  ];
}

/**
 * The largest proven gap over the draws with a plan. A draw without a plan (infeasible, failed)
 * has no gap: it is not a gap of 0, so when no draw has a plan (or none states a gap) the line says
 * so rather than "largest proven gap 0.00%".
 */
export function largestGapWords(solving: StressSolving): string {
  const withPlan = solving.draws.filter((draw) => statusHasSolution(draw.status));
  if (withPlan.length === 0) return 'no draw has a plan, so there is no proven gap';
  const gaps = withPlan.flatMap((draw) => (draw.gap === null ? [] : [draw.gap]));
  if (gaps.length === 0) return 'no draw with a plan states a proven gap';
  const unknown = withPlan.length - gaps.length;
  return `largest proven gap ${(Math.max(...gaps) * 100).toFixed(2)}%${unknown > 0 ? ` (${unknown} draw(s) with a plan state no gap)` : ''}`;
}

/** The terminal summary of a stress run. */
export function formatStress(outcome: StressOutcome): string {
  const { summary } = outcome;
  const spread = summary.benefitSpread;
  const fragile = summary.projects.filter((project) => project.fundedWithoutOverrun && project.fundedShare < 1);
  return [
    `Cost-overrun stress test of ${outcome.modelName}, scenario ${outcome.scenarioName}: ${summary.draws} draws, seed ${summary.seed}, ` +
      `lognormal overrun factor (median ${outcome.distribution.medianFactor}, sigma ${outcome.distribution.sigma})`,
    `draws with a plan: ${summary.drawsWithPlan}; infeasible: ${summary.infeasibleDraws}; failed otherwise: ${summary.otherFailedDraws}; not proven optimal: ${summary.notProvenOptimalDraws}`,
    ...solvingLines(outcome),
    `benefit without overruns: ${summary.benefitWithoutOverrun === null ? 'no plan' : formatNumber(summary.benefitWithoutOverrun)}`,
    spread
      ? `benefit over draws: min ${formatNumber(spread.min)}, p10 ${formatNumber(spread.p10)}, median ${formatNumber(spread.median)}, p90 ${formatNumber(spread.p90)}, max ${formatNumber(spread.max)}`
      : 'benefit over draws: no draw has a plan',
    ...(summary.atRisk
      ? [
          `at risk per draw (funded without overruns, dropped in the draw): households median ${formatNumber(summary.atRisk.households.median)}, p90 ${formatNumber(summary.atRisk.households.p90)}, max ${formatNumber(summary.atRisk.households.max)}; ` +
            `capex median ${formatRandMillion(summary.atRisk.rand.median)}, p90 ${formatRandMillion(summary.atRisk.rand.p90)}, max ${formatRandMillion(summary.atRisk.rand.max)}; ` +
            `benefit points median ${formatNumber(summary.atRisk.benefitPoints.median)}, p90 ${formatNumber(summary.atRisk.benefitPoints.p90)}, max ${formatNumber(summary.atRisk.benefitPoints.max)}`,
        ]
      : []),
    '',
    summary.drawsWithPlan === 0
      ? 'No draw has a plan, so nothing can be said about which projects stay funded under overruns.'
      : fragile.length === 0
      ? 'Every project funded without overruns stays funded in every draw with a plan.'
      : `Projects funded without overruns that drop out in some draws:\n${textTable(
          ['project', 'municipality', 'share of draws funded'],
          fragile.map((project) => [project.projectId, project.municipalityCode, `${formatNumber(project.fundedShare * 100, 0)}%`]),
        )}`,
    ...(outcome.folder ? ['', `wrote ${outcome.folder}`] : []),
  ].join('\n');
}

/** yargs module for `stress`. */
export const stressCommand: CommandModule<object, StressArguments> = {
  command: 'stress [model]',
  describe: 'Re-solve under random cost overruns: how robust is each project\'s funding?',
  builder: (yargs: Argv<object>) =>
    yargs
      .positional('model', { type: 'string', describe: 'Model folder, model.xlsx or model name (default: the embedded western-cape model)' })
      .options(scenarioOptions)
      .option('draws', { type: 'number', default: 50, requiresArg: true, describe: 'Number of random overrun draws' })
      .option('seed', { type: 'number', default: 1, requiresArg: true, describe: 'Seed of the draws (whole number); the same seed repeats the same draws' })
      .option('overrun-median', { type: 'number', default: DEFAULT_OVERRUN_DISTRIBUTION.medianFactor, requiresArg: true, describe: 'Median cost factor of the lognormal overrun (1.1 = +10%)' })
      .option('overrun-sigma', { type: 'number', default: DEFAULT_OVERRUN_DISTRIBUTION.sigma, requiresArg: true, describe: 'Standard deviation of ln(cost factor)' })
      .options(analysisOutputOptions)
      .options(baselineOptions)
      .example('$0 stress --draws 100 --seed 42', 'Stress the default model with 100 draws')
      .example('$0 stress tests/fixtures/tiny --scenario scenarios/budget-cut-20.yaml --draws 20 --seed 7 --json', 'Stress a budget cut, printed as JSON')
      .example('$0 stress --draws 200 --overrun-median 1.28 --overrun-sigma 0.3', 'A pessimistic case closer to the megaproject evidence') as unknown as Argv<StressArguments>,
  handler: async (argv) => {
    const outcome = await stressFromArguments(argv);
    process.stdout.write(argv.json ? toJsonText(outcome) : `${formatStress(outcome)}\n`);
  },
};
