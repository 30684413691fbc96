/**
 * `infraplan compare`: solve the same model under several scenarios and write one comparison
 * workbook (key figures side by side, spending by municipality, projects that differ and why).
 */
import type { Argv, CommandModule } from 'yargs';
import { analysisOutputOptions, checkOptionNumber, formatNumber, textTable, type AnalysisOutputArguments } from '../analysis/analysis-options.js';
import { progressStream, QUIET_OPTION } from './quiet-option.js';
import { createProgressReporter, elapsedWords, type ProgressStream } from '../analysis/progress.js';
import { runCompare, type CompareResult, type ScenarioDone } from '../analysis/run-compare.js';
import { resolveModelPath } from '../dataset/load-model.js';
import { commandLineOverridesFromArgv, scenarioOptions, type ScenarioArguments } from '../scenario/cli-options.js';
import { baselineOptions, baselineRequestFromArgv, type BaselineArguments } from './baseline-options.js';
import { toJsonText } from '../report/json-output.js';
import { printNote } from './exit.js';
import { formatRandMillion } from '../dataset/money-text.js';
import { hasSolution, type SolveStatus } from '../solve/engine.js';
import { noPlanWords } from './solve.js';
import { becauseReasonWords, gapInWords, projectsWord, statusInWords } from '../analysis/comparison-summary.js';
import { benefitNotComparableWords, type ComparedFigures, type ProjectDifference, type ProjectOutcome } from '../analysis/comparison.js';
import { formatFinancialYear } from '../dataset/financial-year.js';
import type { PlanService } from '../plan/types.js';

/** Arguments of `compare`. */
export interface CompareArguments extends Omit<ScenarioArguments, 'scenario'>, AnalysisOutputArguments, BaselineArguments {
  /** Scenario files, in the order to show them. */
  readonly scenarios: readonly string[];
  /** Model folder, workbook or name. */
  readonly model?: string;
  /** Print no progress on stderr. */
  readonly quiet?: boolean;
}

/** Run `compare` from parsed arguments. */
export async function compareFromArguments(argv: CompareArguments, stream: ProgressStream = process.stderr): Promise<CompareResult> {
  const workers = checkOptionNumber('workers', argv.workers, 'workerCount');
  // On a terminal, the scenario (or level) solving and the time elapsed, rewritten every second;
  // above it, a lasting line as each scenario's plan is done (on any stream).
  const progress = createProgressReporter(progressStream(argv.quiet, stream), { elapsed: true });
  try {
    return await runCompare(
      { modelPath: resolveModelPath(argv.model), scenarioPaths: argv.scenarios.map(String), commandLine: commandLineOverridesFromArgv(argv) },
      {
        workers,
        outDir: argv.out,
        force: argv.force,
        onProgress: progress.onProgress,
        onScenarioDone: (done) => progress.line(scenarioDoneLine(done), done.event.finishedCount < done.event.jobCount),
        onNote: printNote,
        baseline: baselineRequestFromArgv(argv),
      },
    );
  } finally {
    progress.done();
  }
}

/** `1,812 more than baseline`, `1,812 fewer than baseline` or `as many as baseline`. */
function householdsAgainst(households: number, first: { readonly householdsServed: number; readonly scenarioName: string }): string {
  const difference = Math.round(households) - Math.round(first.householdsServed);
  if (difference === 0) return `as many as ${first.scenarioName}`;
  return `${formatNumber(Math.abs(difference))} ${difference > 0 ? 'more' : 'fewer'} than ${first.scenarioName}`;
}

/** Served figures of services not counted in households, e.g. `20,000 people (Thusong service centres)`; none when 0. */
function otherServed(figures: ComparedFigures, services: readonly PlanService[]): string[] {
  const unitWords: Readonly<Record<string, string>> = { people: 'people', ml_per_day: 'Ml/day' };
  return services
    .filter((service) => service.needUnit !== 'households' && (figures.householdsServedByService[service.id] ?? 0) > 0)
    .map((service) => `${formatNumber(figures.householdsServedByService[service.id])} ${unitWords[service.needUnit] ?? service.needUnit} (${service.label})`);
}

/**
 * The line printed as one scenario's solve ends, e.g. `scenario budget-cut-20 done (2 of 4, 41 s):
 * R1,203.5 million capital planned of R1,400.0 million, 61 projects funded, 88,410 households
 * served (1,217 fewer than baseline), benefit 301,204 points, proven within 0.08% of the best
 * possible`. Money and
 * households first (what a treasury analyst quotes), the solver's words last; the same figures as
 * compare.json's. The count is of scenarios finished so far (on workers they end in any order);
 * the time is this scenario's own solve. A scenario without a plan, or whose solve failed, says so.
 */
export function scenarioDoneLine({ event, scenarioPath, figures, firstFigures }: ScenarioDone): string {
  const count = `${event.finishedCount} of ${event.jobCount}`;
  const time = elapsedWords(event.seconds);
  if (event.error !== null || figures === null) {
    // The pool's message names the job already (`job 2 (drop): ...`); the line names the scenario.
    const message = (event.error?.message ?? 'no plan came back').split('\n')[0].replace(/^job \d+ \([^)]*\): /, '');
    return `scenario ${event.label} failed after ${time} (${count} finished): ${message}; compare stops here`;
  }
  if (!hasSolution(figures)) {
    const status = figures.status as Exclude<SolveStatus, 'optimal' | 'feasible'>;
    const next = status === 'infeasible' ? 'names the rules that conflict' : 'says why and which settings would give one';
    return `scenario ${event.label} done (${count}, ${time}): no plan (${status}): ${noPlanWords(status)}; infraplan solve --scenario ${scenarioPath} ${next}`;
  }
  const against = firstFigures === null ? '' : ` (${householdsAgainst(figures.householdsServed, firstFigures)})`;
  // Services counted in another unit (people within reach of Thusong centres) are named apart: they do not add to households.
  const otherUnits = otherServed(figures, event.plan?.services ?? []);
  return (
    `scenario ${event.label} done (${count}, ${time}): ` +
    `${formatRandMillion(figures.capitalSpendingRand)} capital planned of ${formatRandMillion(figures.capitalEnvelopeRand)}, ` +
    `${figures.projectsFunded} project${figures.projectsFunded === 1 ? '' : 's'} funded, ` +
    `${formatNumber(figures.householdsServed)} households served${against}${otherUnits.map((words) => `, ${words}`).join('')}, ` +
    `benefit ${formatNumber(figures.benefitTotal)} points, ${statusInWords(figures.status, figures.gap)}`
  );
}

/** A project's outcome in one plan, in the words of the summary above the list: `funded, starts 2027/28`, `not funded because the money runs out`. */
export function outcomeWords(outcome: ProjectOutcome): string {
  if (outcome.funded) return outcome.startYear === null ? 'funded' : `funded, starts ${formatFinancialYear(outcome.startYear)}`;
  return outcome.deferralReason === null ? 'not funded' : `not funded ${becauseReasonWords(outcome.deferralReason, outcome.policyRule, true)}`;
}

/**
 * The projects that differ, as two lists under their own headings: funded in some plans and not
 * others, then funded in every plan with a start year that moves (one list sorted by id mixed the
 * two, and a reader had to read every line to tell them apart). Only plans that exist are
 * compared, so with fewer than two plans there is no comparison to state ("Every scenario funds
 * the same projects" would be false).
 */
export function differenceLines({ comparison }: Pick<CompareResult, 'comparison'>): string[] {
  const planned = comparison.scenarios.filter((figures) => hasSolution(figures));
  // The baseline alone has nothing to be compared with (a single other scenario is compared with the baseline).
  if (comparison.scenarios.length === 1) return [`Only ${comparison.scenarios[0].scenarioName} was given, and it is the model as given (the baseline), so no funded projects are compared; name a scenario that changes something to compare it with the baseline.`];
  if (planned.length === 0) return ['No scenario has a plan, so no funded projects are compared.'];
  if (planned.length < 2) {
    const names = planned.map((figures) => figures.scenarioName).join(', ');
    return [`Only ${names} has a plan; the other scenarios have none, so no funded projects are compared.`];
  }
  const all = planned.length === comparison.scenarios.length;
  if (comparison.differences.length === 0) return [all ? 'Every scenario funds the same projects.' : `Every scenario with a plan (${planned.map((figures) => figures.scenarioName).join(', ')}) funds the same projects.`];
  const plannedIndices = comparison.scenarios.flatMap((figures, index) => (hasSolution(figures) ? [index] : []));
  const fundingDiffers = (difference: ProjectDifference): boolean => {
    const funded = plannedIndices.filter((index) => difference.outcomes[index].funded).length;
    return funded > 0 && funded < plannedIndices.length;
  };
  const line = (difference: ProjectDifference): string =>
    `  ${difference.projectId}: ` +
    plannedIndices.map((index) => `${comparison.scenarios[index].scenarioName} ${outcomeWords(difference.outcomes[index])}`).join('; ');
  const withPlan = all ? '' : ' with a plan';
  const funding = comparison.differences.filter(fundingDiffers);
  const moved = comparison.differences.filter((difference) => !fundingDiffers(difference));
  return [
    ...(funding.length > 0 ? [`${projectsWord(funding.length)} funded in one scenario${withPlan} and not another:`, ...funding.map(line)] : []),
    ...(funding.length > 0 && moved.length > 0 ? [''] : []),
    ...(moved.length > 0 ? [`${projectsWord(moved.length)} funded in every scenario${withPlan}, with a start year that moves:`, ...moved.map(line)] : []),
  ];
}

/** `budget-cut-20 compared with the baseline (the model as given):` when compare added the baseline beside one scenario. */
export function baselineAddedWords(comparison: CompareResult['comparison']): string | null {
  if (!comparison.baselineAdded) return null;
  const [baseline, scenario] = comparison.scenarios;
  return `${scenario?.scenarioName ?? 'The scenario'} compared with the ${baseline?.scenarioName ?? 'baseline'} (the model as given${comparison.overridesByScenario[0]?.length ? ', with the command line\'s settings' : ''}), as only one scenario was given.`;
}

/** The terminal summary of a comparison. */
export function formatComparison(result: CompareResult): string {
  const { comparison } = result;
  const table = textTable(
    // Capital spending, as on the workbook's Key figures and Spending by year; running costs are apart there.
    ['scenario', 'status', 'proven gap', 'benefit', 'capital spending', 'projects', 'households'],
    comparison.scenarios.map((figures) =>
      hasSolution(figures)
        ? [
            figures.scenarioName,
            figures.statusWords,
            gapInWords(figures.status, figures.gap),
            formatNumber(figures.benefitTotal),
            formatRandMillion(figures.capitalSpendingRand),
            String(figures.projectsFunded),
            formatNumber(figures.householdsServed),
          ]
        : [figures.scenarioName, figures.statusWords, 'n/a', 'n/a', 'n/a', 'n/a', 'n/a'],
    ),
  );
  const unproven = comparison.scenarios.filter((figures) => figures.status !== 'optimal');
  const notes = unproven.map((figures) =>
    figures.status === 'feasible'
      ? `note: ${figures.scenarioName} stopped before the gap asked (proven gap ${gapInWords(figures.status, figures.gap)}); some differences may come from the solver stopping early`
      : figures.status === 'infeasible'
        ? `note: ${figures.scenarioName} has no plan (${figures.status}); infraplan solve --scenario <its file> names the rules that conflict`
        : `note: ${figures.scenarioName} has no plan (${figures.status}); infraplan solve --scenario <its file> says why and which settings would give one`,
  );
  // Only when the scenarios weigh benefit differently, the same sentence as the chart and the Key figures sheet.
  const notComparable = benefitNotComparableWords(comparison);
  if (notComparable !== null) notes.push(`note: ${notComparable}`);
  if (result.comparison.baselineLine !== undefined) notes.push(result.comparison.baselineLine);
  const added = baselineAddedWords(comparison);
  // What changes, in counts, rand and reasons, before the project-by-project list.
  const summaries = comparison.summaries.map((summary) => summary.sentence);
  return [
    ...(added === null ? [] : [added]),
    table,
    ...notes,
    ...comparison.noiseWarnings.map((warning) => `warning: ${warning.sentence}`),
    ...(summaries.length > 0 ? ['', ...summaries] : []),
    '',
    ...differenceLines(result),
    ...(result.folder ? ['', `wrote ${result.folder}`] : []),
  ].join('\n');
}

/** The shared scenario options without --scenario: compare takes its scenarios as positionals. */
const { scenario: _scenarioOption, ...sharedScenarioOptions } = scenarioOptions;

/** yargs module for `compare`. */
export const compareCommand: CommandModule<object, CompareArguments> = {
  command: 'compare <scenarios..>',
  describe: 'Solve several scenarios and compare them in one workbook',
  builder: (yargs: Argv<object>) =>
    yargs
      .positional('scenarios', { type: 'string', array: true, describe: 'Scenario files (YAML) to compare, in the order to show them', default: undefined })
      .option('model', { type: 'string', requiresArg: true, describe: 'Model folder, model.xlsx or model name (default: the embedded western-cape model)' })
      .options(sharedScenarioOptions)
      .options(analysisOutputOptions)
      .options(baselineOptions)
      .option('quiet', QUIET_OPTION)
      .example('$0 compare budget-cut-20 --gap 0.01', 'One scenario: compared with the baseline (the model as given), each solved to a 1% gap')
      .example('$0 compare scenarios/baseline.yaml scenarios/growth-led.yaml scenarios/basic-needs-first.yaml', 'Compare three policies on the default model')
      .example('$0 compare scenarios/baseline.yaml scenarios/budget-cut-20.yaml --model tests/fixtures/tiny --out reports/cut', 'Compare a budget cut on another model; the comparison folder goes under reports/cut')
      .example('$0 compare scenarios/baseline.yaml scenarios/delayed-grant.yaml --json', 'Print the comparison as JSON') as unknown as Argv<CompareArguments>,
  handler: async (argv) => {
    const result = await compareFromArguments(argv);
    process.stdout.write(argv.json ? toJsonText(result.comparison) : `${formatComparison(result)}\n`);
  },
};
