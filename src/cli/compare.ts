/**
 * `infraplan compare`: solve the same model under several scenarios and write one comparison
 * workbook (key figures side by side, spending by municipality, projects that differ and why).
 */
import type { Argv, CommandModule } from 'yargs';
import { analysisOutputOptions, checkOptionNumber, formatNumber, textTable, type AnalysisOutputArguments } from '../analysis/analysis-options.js';
import { createProgressReporter, type ProgressStream } from '../analysis/progress.js';
import { BENEFIT_POINTS_NOTE, describeOutcome } from '../analysis/reports/comparison-workbook.js';
import { runCompare, type CompareResult } from '../analysis/run-compare.js';
import { resolveModelPath } from '../dataset/load-model.js';
import { commandLineOverridesFromArgv, scenarioOptions, type ScenarioArguments } from '../scenario/cli-options.js';
import { baselineOptions, baselineRequestFromArgv, type BaselineArguments } from './baseline-options.js';
import { toJsonText } from '../report/json-output.js';
import { printNote } from './exit.js';
import { formatRandMillion } from '../dataset/money-text.js';
import { hasSolution } from '../solve/engine.js';

/** Arguments of `compare`. */
export interface CompareArguments extends Omit<ScenarioArguments, 'scenario'>, AnalysisOutputArguments, BaselineArguments {
  /** Scenario files, in the order to show them. */
  readonly scenarios: readonly string[];
  /** Model folder, workbook or name. */
  readonly model?: string;
}

/** Run `compare` from parsed arguments. */
export async function compareFromArguments(argv: CompareArguments, stream: ProgressStream = process.stderr): Promise<CompareResult> {
  const workers = checkOptionNumber('workers', argv.workers, 'workerCount');
  // On a terminal, the scenario (or level) solving and the time elapsed, rewritten every second.
  const progress = createProgressReporter(stream, { elapsed: true });
  try {
    return await runCompare(
      { modelPath: resolveModelPath(argv.model), scenarioPaths: argv.scenarios.map(String), commandLine: commandLineOverridesFromArgv(argv) },
      { workers, outDir: argv.out, force: argv.force, onProgress: progress.onProgress, onNote: printNote, baseline: baselineRequestFromArgv(argv) },
    );
  } finally {
    progress.done();
  }
}

/**
 * The sentence over the funded projects: only plans that exist are compared, so with fewer than two
 * plans there is no comparison to state ("Every scenario funds the same projects" would be false).
 */
function comparisonSentence({ comparison }: CompareResult): string {
  const planned = comparison.scenarios.filter((figures) => hasSolution(figures));
  if (planned.length < 2) {
    const names = planned.map((figures) => figures.scenarioName).join(', ');
    return `Only ${names} has a plan; the other scenarios have none, so no funded projects are compared.`;
  }
  const all = planned.length === comparison.scenarios.length;
  if (comparison.differences.length === 0) return all ? 'Every scenario funds the same projects.' : `Every scenario with a plan (${planned.map((figures) => figures.scenarioName).join(', ')}) funds the same projects.`;
  return `${comparison.differences.length} project(s) funded in one scenario${all ? '' : ' with a plan'} and not another:`;
}

/** The terminal summary of a comparison. */
export function formatComparison(result: CompareResult): string {
  const { comparison } = result;
  const table = textTable(
    // Capital spending, as on the workbook's Key figures and Spending by year; running costs are apart there.
    ['scenario', 'status', 'benefit', 'capital spending', 'projects', 'households'],
    comparison.scenarios.map((figures) =>
      hasSolution(figures)
        ? [
            figures.scenarioName,
            figures.status,
            formatNumber(figures.benefitTotal),
            formatRandMillion(figures.capitalSpendingRand),
            String(figures.projectsFunded),
            formatNumber(figures.householdsServed),
          ]
        : [figures.scenarioName, figures.status, 'n/a', 'n/a', 'n/a', 'n/a'],
    ),
  );
  const differences = comparison.differences.map(
    (difference) =>
      `  ${difference.projectId}: ` +
      difference.outcomes.map((outcome, index) => `${comparison.scenarios[index].scenarioName} ${describeOutcome(outcome)}`).join('; '),
  );
  const unproven = comparison.scenarios.filter((figures) => figures.status !== 'optimal');
  const notes = unproven.map((figures) =>
    figures.status === 'feasible'
      ? `note: ${figures.scenarioName} is not proven optimal (gap ${figures.gap === null ? 'unknown' : `${(figures.gap * 100).toFixed(2)}%`}); some differences may come from the solver stopping early`
      : figures.status === 'infeasible'
        ? `note: ${figures.scenarioName} has no plan (${figures.status}); infraplan solve --scenario <its file> names the rules that conflict`
        : `note: ${figures.scenarioName} has no plan (${figures.status}); infraplan solve --scenario <its file> says why and which settings would give one`,
  );
  const weightsDiffer = result.comparison.overridesByScenario.some((overrides) =>
    overrides.some((override) => /need_weight|growth_weight|index_weights|benefit_per_/.test(override)),
  );
  if (weightsDiffer) notes.push(`note: ${BENEFIT_POINTS_NOTE}`);
  return [
    table,
    ...notes,
    '',
    comparisonSentence(result),
    ...differences,
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
      .example('$0 compare scenarios/baseline.yaml scenarios/growth-led.yaml scenarios/basic-needs-first.yaml', 'Compare three policies on the default model')
      .example('$0 compare scenarios/baseline.yaml scenarios/budget-cut-20.yaml --model tests/fixtures/tiny --out reports/cut', 'Compare a budget cut on another model; the comparison folder goes under reports/cut')
      .example('$0 compare scenarios/baseline.yaml scenarios/delayed-grant.yaml --json', 'Print the comparison as JSON') as unknown as Argv<CompareArguments>,
  handler: async (argv) => {
    const result = await compareFromArguments(argv);
    process.stdout.write(argv.json ? toJsonText(result.comparison) : `${formatComparison(result)}\n`);
  },
};
