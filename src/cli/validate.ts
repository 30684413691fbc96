/**
 * `infraplan validate [model]`: check a planning model and print a one-screen summary, or every
 * problem with its file, row and column. The work is done by validateModel; this file only prints.
 */
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { InvalidInputError, formatProblem, type DataProblem } from '../errors/problems.js';
import type { ModelSummary } from '../dataset/validate-model.js';
import { validateRun } from '../pipeline/validate-run.js';
import { EXIT_INVALID, EXIT_OK } from '../errors/exit-codes.js';
import { formatRandMillion } from '../dataset/money-text.js';

/** Arguments of the validate command. */
interface ValidateArguments {
  /** Model folder, model.xlsx, model.yaml or embedded model name; default models/western-cape. */
  readonly model?: string;
  /** Print JSON instead of text. */
  readonly json: boolean;
  /** A scenario file checked against the model (without solving). */
  readonly scenario?: string;
}

/** Break text into lines of at most `width` characters at spaces (a longer word gets a line of its own). */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter((part) => part !== '')) {
    if (current !== '' && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else {
      current = current === '' ? word : `${current} ${word}`;
    }
  }
  if (current !== '') lines.push(current);
  return lines;
}

/** A path as short as it can be shown: relative when inside the working directory. */
function displayPath(modelPath: string): string {
  const relative = path.relative(process.cwd(), path.resolve(modelPath));
  return relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? path.resolve(modelPath) : relative;
}

/** The summary screen of a valid model, as lines of text. */
export function formatSummary(
  summary: ModelSummary,
  modelPath: string,
  notes: readonly string[],
  warnings: readonly DataProblem[] = [],
  scenario?: { readonly path: string; readonly name: string; readonly overridesApplied: readonly string[] },
): string[] {
  const label = (text: string): string => `  ${text.padEnd(16)}`;
  const indent = ' '.repeat(18);
  const { candidate, committed, excluded } = summary.projectsByStatus;
  const projectTotal = candidate + committed + excluded;
  const lines = [
    `${summary.title} [${summary.name}]`,
    `${label('model')}${displayPath(modelPath)}`,
    // With --scenario the figures below are of the model as the scenario changes it: say so, with each override.
    ...(scenario === undefined
      ? []
      : [
          `${label('scenario')}${scenario.name} (${displayPath(scenario.path)}): ${scenario.overridesApplied.length === 0 ? 'changes nothing' : scenario.overridesApplied.length === 1 ? '1 override applied; the figures below include it' : `${scenario.overridesApplied.length} overrides applied; the figures below include them`}`,
          ...scenario.overridesApplied.map((line) => `${indent}${line}`),
        ]),
    `${label('horizon')}${summary.horizonLabel} (${summary.horizonYears} financial years)`,
    `${label('municipalities')}${summary.municipalityCount} in ${summary.districtCount} district${summary.districtCount === 1 ? '' : 's'}`,
    `${label('projects')}${projectTotal}: ${candidate} candidate, ${committed} committed, ${excluded} excluded; capex ${formatRandMillion(summary.candidateAndCommittedCapexRand)} (not excluded)`,
  ];
  const idWidth = Math.max(...summary.fundingBySource.map((source) => source.sourceId.length));
  const nameWidth = Math.max(...summary.fundingBySource.map((source) => source.sourceName.length));
  summary.fundingBySource.forEach((source, index) => {
    lines.push(`${index === 0 ? label('funding') : indent}${source.sourceId.padEnd(idWidth)}  ${source.sourceName.padEnd(nameWidth)}  ${formatRandMillion(source.totalRand)}`);
  });
  // Capital and operating money never mix, so a model with operating envelopes gets two totals.
  const capitalTotal = summary.fundingBySource.filter((source) => source.purpose !== 'operating').reduce((sum, source) => sum + source.totalRand, 0);
  const operating = summary.fundingBySource.filter((source) => source.purpose === 'operating');
  lines.push(`${indent}${(operating.length > 0 ? 'total capital' : 'total').padEnd(idWidth + nameWidth + 2)}  ${formatRandMillion(capitalTotal)} over the horizon`);
  if (operating.length > 0) {
    lines.push(`${indent}${'total operating'.padEnd(idWidth + nameWidth + 2)}  ${formatRandMillion(operating.reduce((sum, source) => sum + source.totalRand, 0))} over the horizon (running costs)`);
  }
  // funding is counted by source (its flag is per source), the other tables by row.
  const illustrative = summary.illustrativeTables.map((table) => `${table.table} (${table.illustrativeRows} of ${table.totalRows} ${table.table === 'funding' ? 'sources' : 'rows'})`);
  lines.push(`${label('illustrative')}${illustrative.length > 0 ? illustrative.join(', ') : 'none; all rows are marked as published figures'}`);
  if (summary.illustrativeNote !== '') {
    wrapWords(summary.illustrativeNote, 100 - indent.length).forEach((line, index) => lines.push(`${index === 0 ? label('note') : indent}${line}`));
  }
  for (const note of notes) lines.push(`${label('note')}${note}`);
  for (const warning of warnings) lines.push(`${label('warning')}${formatProblem(warning)}`);
  const what = scenario === undefined ? '' : ' (model and scenario)';
  lines.push(warnings.length === 0 ? `valid${what}: no problems found` : `valid${what}: no problems found; ${warnings.length} warning${warnings.length === 1 ? '' : 's'} to look at (listed above)`);
  return lines;
}

/** The `validate` command. */
export const validateCommand: CommandModule<object, ValidateArguments> = {
  command: 'validate [model]',
  describe: 'Check a planning model and summarise it, or list every problem with file, row and column',
  builder: (yargs) =>
    yargs
      .positional('model', {
        type: 'string',
        describe: 'Model folder, model.xlsx, model.yaml, or the name of an embedded model (default: western-cape)',
      })
      .option('json', { type: 'boolean', default: false, describe: 'Print {valid, problems, summary} as JSON' })
      .option('scenario', { type: 'string', requiresArg: true, describe: 'Also check a scenario file (YAML) against the model, without solving; the summary is of the model as the scenario changes it' })
      .example('$0 validate', 'Check the embedded Western Cape model')
      .example('$0 validate --scenario scenarios/budget-cut-20.yaml', 'Check a scenario against the default model in seconds, before solving it')
      .example('$0 validate south-africa', 'Check the embedded model models/south-africa')
      .example('$0 validate my-models/district', 'Check a folder of CSV files with model.yaml')
      .example('$0 validate my-models/district/model.xlsx --json', 'Check a workbook and print the result as JSON'),
  handler: async (argv) => {
    const report = await validateRun(argv.model, argv.scenario);
    const { modelPath } = report;
    if (argv.json) {
      const counts = report.valid ? {} : { problemCount: report.problemCount, notShownCount: report.notShownCount };
      process.stdout.write(`${JSON.stringify({ valid: report.valid, problems: report.problems, ...counts, summary: report.summary, notes: report.notes, warnings: report.warnings, ...(report.scenario !== undefined ? { scenario: report.scenario } : {}) }, null, 2)}\n`);
      process.exitCode = report.valid ? EXIT_OK : EXIT_INVALID;
      return;
    }
    // command-line.ts prints InvalidInputError as one line per problem and exits with code 1.
    if (!report.valid) throw new InvalidInputError(report.problems, undefined, report.notShownCount);
    process.stdout.write(`${formatSummary(report.summary!, modelPath, report.notes, report.warnings, report.scenario).join('\n')}\n`);
  },
};
