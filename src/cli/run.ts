/**
 * `infraplan run`: validate, apply the scenario, plan and check, and write a new run folder with
 * the investment-plan workbook, charts, plan.json and manifest.json. Exit 0 with a plan, 1 when
 * the input is invalid, the model is infeasible or the run folder exists (without --force).
 */
import type { Argv, CommandModule } from 'yargs';
import type { PlanKind } from '../plan/types.js';
import { formatDiagnosis } from '../plan/diagnose-infeasibility.js';
import { RunFolderExistsError } from '../report/write-run.js';
import { defaultReportsFolder } from '../files/output-folder.js';
import path from 'node:path';
import { runModel, type RunModelOptions, type RunModelResult, type RunModelStep } from '../pipeline/run-model.js';
import { createProgressReporter } from '../analysis/progress.js';
import { statusInWords } from '../analysis/comparison-summary.js';
import { DEFAULT_MODEL_NAME, resolveModelPath } from '../dataset/load-model.js';
import { HIGHS_DEFAULT_RELATIVE_GAP } from '../solve/highs-engine.js';
import { editedCopyFolder, modelNameWords } from './model-folder-words.js';
import { commandLineOverridesFromArgv, scenarioOptions, type ScenarioArguments } from '../scenario/cli-options.js';
import { EXIT_CRASH, EXIT_INVALID, EXIT_OK, UserFacingError } from '../errors/exit-codes.js';
import { printNote } from './exit.js';
import { noPlanWords, solverTimeWords } from './solve.js';
import { formatRandMillion } from '../dataset/money-text.js';
import { moneyBalanceWords, priceBasisShortWords } from '../report/summary-figures.js';
import { statusHasSolution } from '../solve/engine.js';
import { servedWords } from '../dataset/services.js';
import { formatFinancialYear } from '../dataset/financial-year.js';
import { baselineOptions, baselineRequestFromArgv, formatBaselineChanges, type BaselineArguments } from './baseline-options.js';
import { CHANGES_FROM_BASELINE_SHEET } from '../report/sheets/changes-from-baseline-sheet.js';

/** Arguments of `run`. */
export interface RunArguments extends ScenarioArguments, BaselineArguments {
  /** Model folder, workbook or bare model name. */
  readonly model?: string;
  /** Folder for run folders; default `<cwd>/reports`. */
  readonly out?: string;
  /** Replace an existing run folder of the same name. */
  readonly force?: boolean;
  /** Formulation. */
  readonly formulation?: PlanKind;
  /** Print no progress lines on stderr. */
  readonly quiet?: boolean;
}

/** The engine settings a solve step is told, as resolveRun returns them. */
type SolveSettings = NonNullable<Parameters<NonNullable<RunModelOptions['onStep']>>[1]>;

/** What the solve step will ask for, in words: `to within 0.1% of the best possible, stopping at 300 s at the latest`. */
export function solveTargetWords(settings: SolveSettings | undefined): string {
  const gap = settings?.relativeGap ?? ((settings?.engine ?? 'highs') === 'highs' ? HIGHS_DEFAULT_RELATIVE_GAP : undefined);
  const target = gap === undefined ? '' : gap <= 0 ? ' to the best possible plan' : ` to within ${Number((gap * 100).toPrecision(3))}% of the best possible`;
  const limit = settings?.timeLimitSeconds === undefined ? '' : `, stopping at ${settings.timeLimitSeconds} s at the latest`;
  return `${target}${limit}`;
}

/**
 * The line `run` prints as each stage starts, or null for a stage too short to name. A run of the
 * default model takes one to several minutes: a command silent for that long reads as hung, so the
 * solve line says what it is waiting for and how long that usually takes.
 */
export function stageLine(step: RunModelStep, context: { readonly modelWords: string; readonly scenarioPath?: string; readonly defaultModel: boolean }, settings?: SolveSettings): string | null {
  switch (step) {
    case 'load':
      return `checking the model ${context.modelWords}`;
    case 'scenario':
      return context.scenarioPath === undefined ? null : `applying the scenario ${context.scenarioPath}`;
    case 'solve':
      return `solving${solveTargetWords(settings)}, then checking the plan${context.defaultModel ? ' (usually under a minute on 2 cores; longer on a busy machine)' : ''}`;
    case 'charts':
      return 'drawing the charts';
    case 'workbook':
      return 'writing the workbook';
    case 'json':
      return 'writing plan.json and manifest.json';
    case 'commit':
      return null;
  }
}

/**
 * Progress on stderr, one lasting line per stage, in a terminal and in a pipe alike (as compare's
 * line per scenario and as build tools log their steps): a log file of a five-minute run should
 * say where it was. stdout keeps the summary alone; `--quiet` prints no progress.
 */
function progressReporter(argv: RunArguments, modelFolder: string): ((step: RunModelStep, settings?: SolveSettings) => void) | undefined {
  if (argv.quiet === true) return undefined;
  const progress = createProgressReporter(process.stderr);
  const context = { modelWords: modelWords(argv.model, modelFolder), defaultModel: argv.model === undefined, ...(argv.scenario !== undefined ? { scenarioPath: argv.scenario } : {}) };
  return (step, settings) => {
    const line = stageLine(step, context, settings);
    if (line !== null) progress.line(line, false);
  };
}

/** The model as the user named it; the folder it was read from when the name alone would not say. */
function modelWords(argument: string | undefined, modelFolder: string): string {
  if (argument === undefined) return `${DEFAULT_MODEL_NAME} (the embedded default model)`;
  return path.resolve(argument) === path.resolve(modelFolder) ? argument : `${argument} (${modelFolder})`;
}

/** 12,345 households. */
function count(value: number): string {
  return value.toLocaleString('en-GB', { maximumFractionDigits: 0 });
}

/** solverTimeWords lives beside solve's summary, which prints it too; re-exported for existing callers. */
export { solverTimeWords };

/** The lines printed at the end of a run. */
export function formatRunSummary(result: RunModelResult, options: { readonly modelCopyFolder?: string | null } = {}): string {
  // An edited copy of an embedded model (options.modelCopyFolder, from editedCopyFolder) is named with its folder on the model line.
  const { figures } = result;
  const plan = { ...result.plan, modelName: modelNameWords(result.plan.modelName, options.modelCopyFolder ?? null) };
  const lines = [
    `${result.runFolder}`,
    // The status in the words compare and solve use ("proven within 0.07% of the best possible"), not "optimal" beside a gap (u2, 14).
    `  ${plan.modelName} · scenario ${plan.scenarioName} · ${plan.kind} · ${plan.solver} · ${statusInWords(plan.status, plan.gap)} · ${solverTimeWords(plan)}`,
    // Capital and operating money named apart on every line, as the workbook's totals are: a total that mixed them would match neither envelope.
    `  planned spending ${formatRandMillion(figures.plannedSpendingRand)} of ${formatRandMillion(figures.envelopeTotalRand)} capital (${(100 * figures.shareOfEnvelopeUsed).toFixed(1)}% of the capital envelopes)`,
  ];
  // Once, beside the first money line: every rand is in base-year prices. The plan's first year is
  // the model's base_financial_year (src/dataset/horizon.ts); the result carries no dataset.
  if (plan.financialYears.length > 0) lines.push(`  ${priceBasisShortWords(plan.financialYears[0])}`);
  if (figures.operatingEnvelopeRand > 0) {
    const operatingShare = (100 * figures.runningCostsRand) / figures.operatingEnvelopeRand;
    lines.push(`  running costs paid from operating money ${formatRandMillion(figures.runningCostsRand)} of ${formatRandMillion(figures.operatingEnvelopeRand)} (${operatingShare.toFixed(1)}% of the operating envelopes)`);
  }
  if (plan.kind === 'portfolio') lines.push(`  projects funded ${figures.fundedProjectCount}, deferred ${figures.deferredProjectCount}`);
  // One line per need unit, each service by its declared label (model.yaml), never its id: households served: Water 50,544, Sanitation 41,146.
  for (const needUnit of [...new Set(plan.services.map((service) => service.needUnit))]) {
    const served = plan.services.filter((service) => service.needUnit === needUnit).map((service) => `${service.label} ${count(figures.householdsServedByService[service.id] ?? 0)}`);
    lines.push(`  ${servedWords(needUnit)}: ${served.join(', ')}`);
  }
  // Money that lapses is lost to the province: name it per source and year, with what would use it.
  const lapses = result.lapses ?? [];
  if (lapses.length > 0) {
    const totalRand = lapses.reduce((sum, lapse) => sum + lapse.lapsingRand, 0);
    const capitalRand = lapses.filter((lapse) => lapse.purpose === 'capital').reduce((sum, lapse) => sum + lapse.lapsingRand, 0);
    const operatingRand = totalRand - capitalRand;
    const split =
      capitalRand > 0 && operatingRand > 0 ? `${formatRandMillion(capitalRand)} capital and ${formatRandMillion(operatingRand)} operating` : capitalRand > 0 ? 'all capital' : 'all operating (running costs)';
    lines.push(`  money that lapses (no carry-over): ${formatRandMillion(totalRand)} (${split})`);
    if (plan.kind === 'allocation') {
      // The allocation has no projects to name: one line per source, the years added up.
      for (const sourceId of [...new Set(lapses.map((lapse) => lapse.sourceId))]) {
        const ofSource = lapses.filter((lapse) => lapse.sourceId === sourceId);
        lines.push(`    ${sourceId} (${ofSource[0]?.purpose ?? 'capital'}): ${formatRandMillion(ofSource.reduce((sum, lapse) => sum + lapse.lapsingRand, 0))} in ${ofSource.length} of ${plan.financialYears.length} years, not allocated because the priced need is met`);
      }
    }
    for (const lapse of plan.kind === 'allocation' ? [] : lapses) {
      const named = lapse.candidates.map((candidate) => candidate.projectId).join(', ');
      const users =
        lapse.candidates.length > 0
          ? lapse.purpose === 'operating'
            ? `could pay the running costs of ${named}`
            : `could be used by ${named}`
          : `no deferred project can take it that year under the plan's rules${lapse.barred[0] === undefined ? '' : ` (most because ${lapse.barred[0].words})`}`;
      lines.push(`    ${lapse.sourceId} ${formatFinancialYear(lapse.financialYear)} (${lapse.purpose}): ${formatRandMillion(lapse.lapsingRand)}; ${users}`);
    }
  }
  // Money carried out of the last year is neither spent nor lapsed: name it, so the envelopes add up.
  const carried = result.carriedPastHorizon ?? [];
  if (carried.length > 0) {
    const totalRand = carried.reduce((sum, entry) => sum + entry.carriedRand, 0);
    const named = carried.map((entry) => `${entry.sourceId} ${formatRandMillion(entry.carriedRand)}${entry.purpose === 'operating' ? ' operating' : ''}`).join(', ');
    lines.push(`  money carried past the horizon (carry-over, unspent at the end of ${formatFinancialYear(carried[0].financialYear)}): ${formatRandMillion(totalRand)} (${named})`);
  }
  const balance = result.capitalBalance;
  if (balance && (balance.lapsingRand > 0 || balance.carriedPastHorizonRand > 0)) lines.push(`  ${moneyBalanceWords(balance, 'capital envelopes')}`);
  if (result.pricedNeedNote) lines.push(`  note: ${result.pricedNeedNote}`);
  if (plan.kind === 'portfolio' && plan.baselineChanges) lines.push(...formatBaselineChanges(plan.baselineChanges, `see the ${CHANGES_FROM_BASELINE_SHEET} sheet`).map((line) => `  ${line}`));
  // The plan's warnings and notes (plan.json `warnings`, the Summary's notes), as solve prints them: a register row replaced or marginal values not computed must not be news from the workbook alone.
  for (const warning of plan.warnings ?? []) lines.push(`  note: ${warning}`);
  return `${lines.join('\n')}\n`;
}

/** yargs module for `run`. */
export const runCommand: CommandModule<object, RunArguments> = {
  command: 'run [model]',
  describe: 'Plan a model and write a run folder: investment-plan.xlsx, charts, plan.json, manifest.json',
  builder: (yargs: Argv<object>) =>
    yargs
      .positional('model', { type: 'string', describe: 'Model folder, model.xlsx or model name (default: the embedded western-cape model)' })
      .options(scenarioOptions)
      .options(baselineOptions)
      .option('out', { type: 'string', requiresArg: true, describe: 'Folder in which the run folder is created (default: ./reports)' })
      .option('force', { type: 'boolean', default: false, describe: 'Replace an existing run folder of the same name' })
      .option('formulation', { type: 'string', choices: ['portfolio', 'allocation'] as const, default: 'portfolio' as PlanKind, describe: 'portfolio: fund projects (MILP); allocation: split envelopes by need (LP)' })
      .option('quiet', { type: 'boolean', default: false, describe: 'Print no progress lines on stderr (the summary on stdout and errors are still printed)' })
      .example('$0 run', 'Plan the default Western Cape model and write reports/western-cape-baseline-<UTC time>/')
      .example('$0 run --scenario scenarios/budget-cut-20.yaml', 'The same with every envelope cut by 20%')
      .example('$0 run --baseline reports/western-cape-baseline-20261124-080000 --lock-years 2', 'Plan again, staying close to last week\'s plan and keeping its first two years')
      .example('$0 run models/western-cape --out /tmp/runs --time-limit 60 --gap 0.005', 'Stop the solver after 60 s or at a 0.5% gap; write under /tmp/runs') as unknown as Argv<RunArguments>,
  handler: async (argv) => {
    const modelFolder = resolveModelPath(argv.model);
    const onStep = progressReporter(argv, modelFolder);
    let result: RunModelResult;
    const baselineRequest = baselineRequestFromArgv(argv);
    try {
      result = await runModel({
        ...(argv.model !== undefined ? { model: argv.model } : {}),
        ...(argv.scenario !== undefined ? { scenarioPath: argv.scenario } : {}),
        commandLine: commandLineOverridesFromArgv(argv),
        formulation: argv.formulation ?? 'portfolio',
        ...baselineRequest,
        outDir: argv.out ?? defaultReportsFolder(),
        force: argv.force ?? false,
        ...(onStep ? { onStep } : {}),
        onNote: printNote,
      });
    } catch (error) {
      if (error instanceof RunFolderExistsError) throw new UserFacingError(error.message, EXIT_INVALID);
      throw error;
    }
    if (result.runFolder === null) {
      const { status } = result.plan;
      const exitCode = status === 'error' ? EXIT_CRASH : EXIT_INVALID;
      const warnings = result.plan.warnings ?? [];
      // With a diagnosis, it is the reason and the plan's other notes (the master plan's register, a floor
      // lowered) are said as notes after it, not as more reasons (review u4, finding 19).
      const diagnosis = result.plan.infeasibility === undefined ? null : formatDiagnosis(result.plan.infeasibility).join('\n      - ');
      const ordered = diagnosis !== null && warnings.includes(diagnosis)
        ? [`  - ${diagnosis}`, ...warnings.filter((warning) => warning !== diagnosis).map((warning) => `  note: ${warning}`)]
        : warnings.map((warning) => `  - ${warning}`);
      const reasons = ordered.length > 0 ? `\n${ordered.join('\n')}` : '';
      // No plan figures are printed at all: "projects funded 0" would read as a real, empty plan.
      const why = statusHasSolution(status) ? `status ${status}` : `${noPlanWords(status)} (status ${status})`;
      throw new UserFacingError(`No plan to report: ${why}; no run folder was written.${reasons}`, exitCode);
    }
    process.stdout.write(formatRunSummary(result, { modelCopyFolder: editedCopyFolder(result.plan.modelName, modelFolder) }));
    process.exitCode = EXIT_OK;
  },
};
