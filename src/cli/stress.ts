/**
 * `infraplan stress`: re-solve the model under random cost overruns and report how often each
 * project stays funded, the spread of benefit and how many draws no longer fit the budget.
 */
import { labelInTable } from '../dataset/services.js';
import type { Argv, CommandModule } from 'yargs';
import { formatRandMillion } from '../dataset/money-text.js';
import { analysisOutputOptions, checkOptionNumber, formatNumber, textTable, type AnalysisOutputArguments } from '../analysis/analysis-options.js';
import { DEFAULT_OVERRUN_DISTRIBUTION } from '../analysis/cost-overruns.js';
import { createProgressReporter } from '../analysis/progress.js';
import { progressStream, QUIET_OPTION } from './quiet-option.js';
import { runStress, type StressOutcome, type StressSolving } from '../analysis/run-stress.js';
import { resolveModelPath } from '../dataset/load-model.js';
import { InvalidInputError } from '../errors/problems.js';
import { COMMAND_LINE } from '../scenario/command-line-layer.js';
import { commandLineOverridesFromArgv, scenarioOptions, type ScenarioArguments } from '../scenario/cli-options.js';
import { baselineOptions, baselineRequestFromArgv, type BaselineArguments } from './baseline-options.js';
import { toJsonText } from '../report/json-output.js';
import { statusHasSolution } from '../solve/engine.js';
import { printNote } from './exit.js';
import { projectsAtRisk, type StressSummary } from '../analysis/stress-summary.js';
import { statusInWords } from '../analysis/comparison-summary.js';

/** Arguments of `stress`. */
export interface StressArguments extends ScenarioArguments, AnalysisOutputArguments, BaselineArguments {
  /** Model folder, workbook or name. */
  readonly model?: string;
  /** --quiet: no progress lines on stderr. */
  readonly quiet?: boolean;
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
  const progress = createProgressReporter(progressStream(argv.quiet, process.stderr));
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

/** `1 draw`, `10 draws`. */
function drawsWord(count: number): string {
  return `${formatNumber(count)} draw${count === 1 ? '' : 's'}`;
}

/** A gap as a percentage without trailing zeros: `1%`, `0.5%`. */
function gapPercentWords(gap: number): string {
  return `${(gap * 100).toLocaleString('en-US', { maximumFractionDigits: 2 })}%`;
}

/**
 * How the draws were solved, for the console, in plain words (review u2, 12: "accepted without a
 * MILP" is solver talk): the gap and the time allowance; how many draws kept the plan without
 * overruns (it still fits, or fits with the projects that no longer do dropped or started later,
 * and is proven within the gap), how many needed a new plan, how many stopped before proving the
 * gap; the largest proven gap. The methods and raw words stay on the Draws sheet and in --json.
 */
export function solvingLines(outcome: StressOutcome): string[] {
  const { solving } = outcome;
  if (solving === undefined) return [];
  const kept = solving.draws.filter((draw) => draw.method === 'accepted_shortcut' || draw.method === 'taken_from_run').length;
  const withPlan = solving.draws.filter((draw) => statusHasSolution(draw.status));
  const newPlans = withPlan.length - withPlan.filter((draw) => draw.method === 'accepted_shortcut' || draw.method === 'taken_from_run').length;
  const stalled = solving.draws.filter((draw) => draw.status === 'feasible' && draw.stoppedByStagnation === true).length;
  const boxed = solving.draws.filter((draw) => draw.status === 'feasible' && draw.stoppedByStagnation !== true).length;
  const gap = gapPercentWords(solving.relativeGap);
  const keptWords = kept === 0 ? `no draw kept the plan without overruns` : `${drawsWord(kept)} kept the plan without overruns (it still fits, or fits once the projects that no longer do are dropped or start later, and is proven within ${gap})`;
  const newWords = `${newPlans === 0 ? 'none' : formatNumber(newPlans)} needed a new plan`;
  const stoppedCount = stalled + boxed;
  const why = [...(boxed > 0 ? [`${formatNumber(boxed)} at ${boxed === 1 ? 'its' : 'their'} time allowance`] : []), ...(stalled > 0 ? [`${formatNumber(stalled)} as ${stalled === 1 ? 'its' : 'their'} gap had stopped falling`] : [])];
  const stoppedWords = stoppedCount === 0 ? `every draw with a plan was proven within ${gap}` : `${drawsWord(stoppedCount)} stopped before proving ${gap} (${why.join(', ')}): their plans are good, but may be further from the best than ${gap}`;
  return [
    `solving: ${solving.gapWords}; a draw the plan without overruns still fits starts from it, any other draw is solved without a start; at most ${solving.drawTimeLimitWords ?? `${solving.drawTimeLimitSeconds} s`} per draw (--time-limit)${solving.drawTimeLimitNote === undefined ? '' : `, ${solving.drawTimeLimitNote}`}`,
    `  ${keptWords}; ${newWords}; ${stoppedWords}; ${largestGapWords(solving)}`,
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
  return `largest proven gap ${(Math.max(...gaps) * 100).toFixed(2)}%${unknown > 0 ? ` (${drawsWord(unknown)} with a plan state${unknown === 1 ? 's' : ''} no gap)` : ''}`;
}

/** `313,863 points`. */
function pointsWords(value: number): string {
  return `${formatNumber(value)} points`;
}

/**
 * The warning under the benefit spread when some draws have more benefit than the plan without
 * overruns (review u2, 12). Higher costs never make a plan better, so the excess is either within
 * the margins the two plans are proven within (compare's marginPoints and gaps: the solver
 * stopping at its gap, as compare warns for scenarios) or the projects the draw made cheaper (the
 * lognormal draws factors below 1 too). Null when no draw is above it.
 */
export function benefitAboveWords(summary: StressSummary): string | null {
  const above = summary.benefitAboveWithoutOverrun;
  if (above === null) return null;
  const which = `${above.draws === 1 ? '1 draw has' : `${drawsWord(above.draws)} have`} more benefit than the plan without overruns (${above.draws === 1 ? '' : 'at most '}${pointsWords(above.largestExcessPoints)} more, draw ${above.drawNumber})`;
  const cheaper = above.cheaperProjects === 0 ? '' : `${above.cheaperProjects === 1 ? '1 project costs' : `${formatNumber(above.cheaperProjects)} projects cost`} less in draw ${above.drawNumber} than in the register (an overrun factor below 1)`;
  const noGain = 'higher costs never make a plan better';
  if (above.marginPoints !== null && above.largestExcessPoints < above.marginPoints) {
    const also = cheaper === '' ? `and ${noGain}, so the difference is the solver stopping at its gap, not a gain from the overruns` : `so it may be the solver stopping at its gap, not the overruns; ${cheaper.replace(/ cost(s?) less/, ' also cost$1 less')}, which can make a plan better`;
    return `note: ${which}, less than the ${pointsWords(above.marginPoints)} the two plans are proven within together (${above.gapsWords}): it is within the draws' proven gaps, ${also}; stress with a smaller --gap to tell them apart.`;
  }
  const margin = above.marginPoints === null ? `the plans' proven gaps are not known (${above.gapsWords})` : `more than the ${pointsWords(above.marginPoints)} the two plans are proven within together (${above.gapsWords})`;
  if (cheaper !== '') return `note: ${which}, ${margin}: ${cheaper}, so its best plan can truly be better.`;
  return `note: ${which}, ${margin}; ${noGain}, so the difference is the solver's, not the overruns'.`;
}

/** The terminal summary of a stress run. */
export function formatStress(outcome: StressOutcome): string {
  const { summary } = outcome;
  const spread = summary.benefitSpread;
  const fragile = projectsAtRisk(summary);
  const above = benefitAboveWords(summary);
  const baseGap = summary.gapWithoutOverrun === null ? '' : ` (${statusInWords('optimal', summary.gapWithoutOverrun)})`;
  return [
    `Cost-overrun stress test of ${outcome.modelName}, scenario ${outcome.scenarioName}: ${drawsWord(summary.draws)}, seed ${summary.seed}, ` +
      `lognormal overrun factor (median ${outcome.distribution.medianFactor}, sigma ${outcome.distribution.sigma})`,
    `draws with a plan: ${formatNumber(summary.drawsWithPlan)}; with no plan that meets every rule: ${formatNumber(summary.infeasibleDraws)}; failed otherwise: ${formatNumber(summary.otherFailedDraws)}`,
    ...solvingLines(outcome),
    `benefit without overruns: ${summary.benefitWithoutOverrun === null ? 'no plan' : `${pointsWords(summary.benefitWithoutOverrun)}${baseGap}`}`,
    spread
      ? `benefit over the draws, in points: min ${formatNumber(spread.min)}, p10 ${formatNumber(spread.p10)}, median ${formatNumber(spread.median)}, p90 ${formatNumber(spread.p90)}, max ${formatNumber(spread.max)}`
      : 'benefit over the draws: no draw has a plan',
    ...(above === null ? [] : [`  ${above}`]),
    ...(summary.atRisk
      ? [
          `at risk per draw (funded without overruns, dropped in the draw): households median ${formatNumber(summary.atRisk.households.median)}, p90 ${formatNumber(summary.atRisk.households.p90)}, max ${formatNumber(summary.atRisk.households.max)}; ` +
            `capex median ${formatRandMillion(summary.atRisk.rand.median)}, p90 ${formatRandMillion(summary.atRisk.rand.p90)}, max ${formatRandMillion(summary.atRisk.rand.max)}; ` +
            `benefit median ${pointsWords(summary.atRisk.benefitPoints.median)}, p90 ${pointsWords(summary.atRisk.benefitPoints.p90)}, max ${pointsWords(summary.atRisk.benefitPoints.max)}`,
        ]
      : []),
    '',
    summary.drawsWithPlan === 0
      ? 'No draw has a plan, so nothing can be said about which projects stay funded under overruns.'
      : fragile.length === 0
      ? 'Every project funded without overruns stays funded in every draw with a plan.'
      : `Projects funded without overruns that drop out in some draws, the least often funded first:\n${textTable(
          ['project', 'municipality', 'service', 'capex', 'share of draws funded'],
          fragile.map((project) => [project.projectId, project.municipalityName, labelInTable(project.serviceLabel), formatRandMillion(project.capexRand), `${formatNumber(project.fundedShare * 100, 0)}%`]),
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
      .option('quiet', QUIET_OPTION)
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
