/**
 * `infraplan indices [model]`: the need and growth-potential index and the spatial-principle
 * quadrant of every municipality, as an aligned table or as JSON. The indices come from
 * computeIndices; this file joins them with municipality names, sorts and prints.
 */
import type { CommandModule } from 'yargs';
import { resolveRun } from '../pipeline/resolve-run.js';
import type { Dataset, Normalisation } from '../dataset/types.js';
import { computeIndices, describeQuadrant } from '../indicators/indices.js';
import { NORMALISATIONS } from '../indicators/normalise.js';
import { QUADRANTS, type Quadrant } from '../indicators/types.js';
import { UserFacingError } from '../errors/exit-codes.js';
import { hasIllustrativeNote, ILLUSTRATIVE_INPUTS_LINE } from '../report/format.js';
import { STATS_SA_CREDIT } from '../report/sheets/assumptions-sheet.js';

/** Orders the table can be sorted in: need or growth index (highest first), or municipality code. */
export const INDEX_SORT_ORDERS = ['need', 'growth', 'code'] as const;
/** A sort order of the indices table. */
export type IndexSortOrder = (typeof INDEX_SORT_ORDERS)[number];

/** One municipality's line of the indices report. */
export interface IndexReportRow {
  /** Demarcation code. */
  readonly municipalityCode: string;
  /** Municipality name. */
  readonly municipalityName: string;
  /** District municipality name. */
  readonly districtName: string;
  /** Need index, 0..1. */
  readonly needIndex: number;
  /** Growth-potential index, 0..1. */
  readonly growthIndex: number;
  /** Spatial-principle quadrant. */
  readonly quadrant: Quadrant;
}

/** The result of the indices command before printing. */
export interface IndicesReport {
  /** Model title from model.yaml. */
  readonly modelTitle: string;
  /** Normalisation used. */
  readonly normalisation: Normalisation;
  /** Normalisation model.yaml asks for (differs from `normalisation` when overridden). */
  readonly modelNormalisation: Normalisation;
  /** Need index at or above this counts as high need. */
  readonly needThreshold: number;
  /** Growth index at or above this counts as high growth potential. */
  readonly growthThreshold: number;
  /** One row per municipality, in the requested order. */
  readonly rows: readonly IndexReportRow[];
  /** The model's illustrative note (model.yaml), empty when no input is illustrative. */
  readonly illustrativeNote: string;
  /** With `--scenario`: the scenario file, its name and the overrides it applied (index weights, normalisation, …). */
  readonly scenario?: { readonly path: string; readonly name: string; readonly overridesApplied: readonly string[] };
}

/** Arguments of the indices command. */
interface IndicesArguments {
  /** Model folder, model.xlsx, model.yaml or embedded model name; default models/western-cape. */
  readonly model?: string;
  /** Normalisation overriding model.yaml. */
  readonly normalisation?: Normalisation;
  /** Print JSON instead of a table. */
  readonly json: boolean;
  /** Row order. */
  readonly sort: IndexSortOrder;
  /** A scenario file whose index weights and normalisation apply. */
  readonly scenario?: string;
}

/** Rows ordered for reading: need or growth highest first (ties by code), or by code. */
export function sortIndexRows(rows: readonly IndexReportRow[], order: IndexSortOrder): IndexReportRow[] {
  const byCode = (left: IndexReportRow, right: IndexReportRow): number =>
    left.municipalityCode.localeCompare(right.municipalityCode, 'en');
  const sorted = [...rows];
  if (order === 'code') return sorted.sort(byCode);
  const key = order === 'need' ? 'needIndex' : 'growthIndex';
  return sorted.sort((left, right) => right[key] - left[key] || byCode(left, right));
}

/** The indices report of a dataset: indices joined with names, in the requested order. */
export function buildIndicesReport(
  dataset: Dataset,
  normalisation: Normalisation = dataset.config.index.normalisation,
  order: IndexSortOrder = 'code',
  scenario?: { readonly path: string; readonly name: string; readonly overridesApplied: readonly string[]; readonly model: Dataset },
): IndicesReport {
  const indices = computeIndices(dataset, normalisation);
  const rows = dataset.municipalities.map((municipality, position): IndexReportRow => {
    const index = indices[position]!;
    return {
      municipalityCode: municipality.code,
      municipalityName: municipality.name,
      districtName: municipality.districtName,
      needIndex: index.needIndex,
      growthIndex: index.growthIndex,
      quadrant: index.quadrant,
    };
  });
  return {
    modelTitle: dataset.config.title,
    illustrativeNote: dataset.config.illustrativeNote,
    normalisation,
    // model.yaml's own setting, also when a scenario changed it, so the heading can say which applied.
    modelNormalisation: (scenario?.model ?? dataset).config.index.normalisation,
    ...(scenario !== undefined ? { scenario: { path: scenario.path, name: scenario.name, overridesApplied: scenario.overridesApplied } } : {}),
    needThreshold: dataset.config.index.needThreshold,
    growthThreshold: dataset.config.index.growthThreshold,
    rows: sortIndexRows(rows, order),
  };
}

/** The report as lines of text: a heading, an aligned table and a count per quadrant. */
export function formatIndicesReport(report: IndicesReport): string[] {
  const header = ['code', 'name', 'district', 'need index', 'growth index', 'quadrant'];
  const body = report.rows.map((row) => [
    row.municipalityCode,
    row.municipalityName,
    row.districtName,
    row.needIndex.toFixed(3),
    row.growthIndex.toFixed(3),
    describeQuadrant(row.quadrant),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column]!.length)));
  // Index columns are right-aligned so the decimal points line up.
  const numericColumns = new Set([3, 4]);
  const renderLine = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (numericColumns.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  const scenarioSetsNormalisation = report.scenario?.overridesApplied.some((line) => line.startsWith('index.normalisation') || line.startsWith('normalisation')) ?? false;
  const normalisationNote =
    report.normalisation === report.modelNormalisation
      ? `${report.normalisation} (from model.yaml)`
      : `${report.normalisation} (from ${scenarioSetsNormalisation ? 'the scenario' : 'the command line'}; model.yaml says ${report.modelNormalisation})`;
  const scenarioLines =
    report.scenario === undefined
      ? []
      : [
          `scenario ${report.scenario.name} (${report.scenario.path}): ${report.scenario.overridesApplied.length === 0 ? 'no overrides' : `${report.scenario.overridesApplied.length} override${report.scenario.overridesApplied.length === 1 ? '' : 's'} applied`}`,
          ...report.scenario.overridesApplied.map((line) => `  ${line}`),
        ];
  const lines = [
    `${report.modelTitle}: need and growth-potential indices`,
    ...scenarioLines,
    `normalisation: ${normalisationNote}`,
    `thresholds: high need when need index >= ${report.needThreshold}; high growth when growth index >= ${report.growthThreshold}`,
    '',
    renderLine(header),
    renderLine(widths.map((width) => '-'.repeat(width))),
    ...body.map(renderLine),
    '',
  ];
  const quadrantWidth = Math.max(...QUADRANTS.map((quadrant) => describeQuadrant(quadrant).length));
  for (const quadrant of QUADRANTS) {
    const count = report.rows.filter((row) => row.quadrant === quadrant).length;
    lines.push(`${describeQuadrant(quadrant).padEnd(quadrantWidth)}  ${count} municipalit${count === 1 ? 'y' : 'ies'}`);
  }
  // The indices rest on Census figures: the credit Stats SA asks for, and the model's own
  // illustrative note, travel with a table pasted into a memo as they do on the workbook.
  lines.push('', STATS_SA_CREDIT);
  if (hasIllustrativeNote(report.illustrativeNote)) lines.push(`${ILLUSTRATIVE_INPUTS_LINE}. ${report.illustrativeNote.trim()}`);
  return lines;
}

/** The `indices` command. */
export const indicesCommand: CommandModule<object, IndicesArguments> = {
  command: 'indices [model]',
  describe: 'Need and growth-potential index and spatial-principle quadrant of every municipality',
  builder: (yargs) =>
    yargs
      .positional('model', {
        type: 'string',
        describe: 'Model folder, model.xlsx, model.yaml, or the name of an embedded model (default: western-cape)',
      })
      .option('normalisation', {
        choices: NORMALISATIONS,
        describe: 'How indicators are put on a common scale (default: index.normalisation in model.yaml)',
      })
      .option('json', {
        type: 'boolean',
        default: false,
        describe: 'Print [{municipalityCode, municipalityName, needIndex, growthIndex, quadrant}] as JSON',
      })
      .option('scenario', {
        type: 'string',
        requiresArg: true,
        describe: 'Scenario file (YAML) whose index weights and normalisation apply, e.g. scenarios/growth-led.yaml',
      })
      .option('sort', {
        choices: INDEX_SORT_ORDERS,
        default: 'code' as IndexSortOrder,
        describe: 'Order rows by need or growth index (highest first) or by municipality code',
      })
      .example('$0 indices', 'Indices of the embedded Western Cape model, as a table')
      .example('$0 indices --sort need', 'Highest need first')
      .example('$0 indices models/western-cape --normalisation rank', 'Use rank normalisation instead of model.yaml\'s')
      .example('$0 indices tests/fixtures/tiny --json', 'Print the indices of a model as JSON')
      .example('$0 indices --scenario scenarios/growth-led.yaml', 'The indices under a scenario\'s index weights'),
  handler: async (argv) => {
    // command-line.ts's yargs fail handler reports a bad choice without stopping the command, so check again here.
    if (argv.normalisation !== undefined && !NORMALISATIONS.includes(argv.normalisation)) {
      throw new UserFacingError(`--normalisation must be one of ${NORMALISATIONS.join(', ')}, not "${String(argv.normalisation)}"`);
    }
    if (!INDEX_SORT_ORDERS.includes(argv.sort)) {
      throw new UserFacingError(`--sort must be one of ${INDEX_SORT_ORDERS.join(', ')}, not "${String(argv.sort)}"`);
    }
    // With --scenario the indices are those the plan would use: the scenario's index weights and normalisation applied.
    const resolved = await resolveRun({ ...(argv.model !== undefined ? { model: argv.model } : {}), ...(argv.scenario !== undefined ? { scenarioPath: argv.scenario } : {}) });
    const dataset = argv.scenario === undefined ? resolved.model : resolved.dataset;
    const scenario = argv.scenario === undefined ? undefined : { path: argv.scenario, name: resolved.scenarioName, overridesApplied: resolved.overridesApplied, model: resolved.model };
    const report = buildIndicesReport(dataset, argv.normalisation, argv.sort, scenario);
    if (argv.json) {
      const records = report.rows.map((row) => ({
        municipalityCode: row.municipalityCode,
        municipalityName: row.municipalityName,
        needIndex: row.needIndex,
        growthIndex: row.growthIndex,
        quadrant: row.quadrant,
      }));
      process.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
      return;
    }
    process.stdout.write(`${formatIndicesReport(report).join('\n')}\n`);
  },
};
