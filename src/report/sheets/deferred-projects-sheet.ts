/**
 * Deferred projects: every project of the register the plan does not fund, with what it would buy
 * (households, capacity in Ml/day, the benefit it would add), the reason in words and the
 * one-sentence detail naming the blocking project, year or rule. The best unfunded projects come
 * first: sorted by the benefit they would add per rand, highest first.
 */
import type ExcelJS from 'exceljs';
import {
  BENEFIT_FORMAT,
  COUNT_FORMAT,
  SCORE_FORMAT,
  RAND_MILLION_FORMAT,
  applyPrintSetup,
  cellAddress,
  fitIdentifierColumn,
  fitWrappedRowHeights,
  plainText,
  styleTotalRow,
  sumFormula,
  proseLineCount,
  textWidthUnits,
  writeTableHeader,
  serviceLabelOf,
  type ColumnSpec,
} from '../format.js';
import { deferralReasonInWords, peopleWithinReachOf } from '../plan-figures.js';
import { SHEET_NAMES, type ReportContext } from './report-context.js';
import { longestWordWidth, shareWrappedWidths, widthForLines } from './wrapped-column-widths.js';
import { writeNotesUnderTable } from './table-notes.js';
import { descriptionBesideMunicipality, writeServedCells } from './project-table-cells.js';
import { moneyTotal, objectiveWords, roundRand } from '../summary-figures.js';
import type { PlannedProject } from '../../plan/types.js';

/**
 * Width of the Deferred projects table, in column-width units: one landscape page at 8-point type
 * (fitToWidthScale 0.72, the smallest the print check allows; CHARACTERS_PER_LANDSCAPE_PAGE and a
 * twentieth). Every unit counts: a unit more for the text takes about five lines off the sheet.
 */
const DEFERRED_TABLE_WIDTH = 199;

/** Width of the people column that a register with deferred centres adds; the text columns give it up, so the table stays one page wide. */
const PEOPLE_COLUMN_WIDTH = 10;

/** Width of the capacity (Ml/day) and benefit-if-funded columns; the text columns give them up. */
const CAPACITY_COLUMN_WIDTH = 8;
const BENEFIT_COLUMN_WIDTH = 9;
/** Width of the Capex column: `12,345.6` and its header in two lines. */
const CAPEX_COLUMN_WIDTH = 9;
/** Narrowest Service column: "Sanitation" on one line ("Thusong service centres" in three). */
const SERVICE_COLUMN_WIDTH = 9;

/** Benefit the project would add per rand of capex, for the sort (0 when it has no possible start). */
function benefitPerRand(project: PlannedProject): number {
  return project.capexRand > 0 ? (project.benefitIfFunded ?? 0) / project.capexRand : 0;
}

/**
 * The deferred projects, best first: by the benefit they would add per rand, highest first; then by
 * benefit, then in register order (the sort is stable).
 */
export function deferredInOrder(projects: readonly PlannedProject[]): PlannedProject[] {
  return projects
    .filter((project) => !project.funded)
    .map((project, position) => ({ project, position }))
    .sort((left, right) => benefitPerRand(right.project) - benefitPerRand(left.project) || (right.project.benefitIfFunded ?? 0) - (left.project.benefitIfFunded ?? 0) || left.position - right.position)
    .map(({ project }) => project);
}

/**
 * Whether a label of `label` (the Service column at its width) would make some row taller than
 * two lines and than every other wrapped cell of the row (`others`, each column at its width).
 */
export function labelSetsRowHeight(label: { readonly texts: readonly string[]; readonly width: number }, others: readonly { readonly texts: readonly string[]; readonly width: number }[]): boolean {
  return label.texts.some((text, index) => {
    const tallestOther = Math.max(1, ...others.map((column) => proseLineCount(column.texts[index] ?? '', column.width)));
    return proseLineCount(text, label.width) > Math.max(2, tallestOther);
  });
}

/** Add the Deferred projects sheet (portfolio formulation only). */
export function addDeferredProjectsSheet(workbook: ExcelJS.Workbook, context: ReportContext): void {
  if (context.plan.kind !== 'portfolio') return;
  const { plan, dataset } = context;
  const municipalityNames = new Map(dataset.municipalities.map((municipality) => [municipality.code, municipality.name]));
  const deferred = deferredInOrder(plan.projects);
  const objective = objectiveWords(dataset);
  const registerById = new Map(dataset.projects.map((project) => [project.id, project]));
  // A centre (Thusong) reaches people, not households: its people stand in a column of their own,
  // as Input needs puts Backlog households and Backlog people apart, so each column holds one unit
  // and adds up. A register without deferred centres has no people column.
  const peopleById = new Map(deferred.map((project) => [project.id, peopleWithinReachOf(project.id, dataset, registerById)]));
  const withPeople = [...peopleById.values()].some((people) => people !== null);
  const sheet = workbook.addWorksheet(SHEET_NAMES.deferredProjects);
  // One page wide, so the project and the reason it waits are always read together. The widths of
  // the text columns are provisional here: they share what the id and the figures leave once the
  // rows are written (shareWrappedWidths).
  const numbersWidth = CAPEX_COLUMN_WIDTH + 11 + CAPACITY_COLUMN_WIDTH + BENEFIT_COLUMN_WIDTH + (withPeople ? PEOPLE_COLUMN_WIDTH : 0);
  const columns: ColumnSpec[] = [
    { header: 'Project id', width: 12 },
    { header: 'Municipality', width: 20 },
    { header: 'Service', width: SERVICE_COLUMN_WIDTH },
    { header: 'Description', width: 40 },
    { header: 'Capex (R million)', width: CAPEX_COLUMN_WIDTH, numberFormat: RAND_MILLION_FORMAT },
    { header: 'Households it would serve', width: 11, numberFormat: COUNT_FORMAT },
    ...(withPeople ? [{ header: 'People within reach (centres)', width: PEOPLE_COLUMN_WIDTH, numberFormat: COUNT_FORMAT }] : []),
    { header: 'Capacity added (Ml/day)', width: CAPACITY_COLUMN_WIDTH, numberFormat: SCORE_FORMAT },
    // What the plan maximises, by what it measures (objective_measure), as the Funded projects sheet heads it.
    { header: `${objective.projectHeader.replace(/^Objective: /, '')} if funded`, width: BENEFIT_COLUMN_WIDTH, numberFormat: objective.hasSplit ? BENEFIT_FORMAT : SCORE_FORMAT },
    { header: 'Reason', width: 24 },
    { header: 'Detail', width: 40 },
  ];
  const after = withPeople ? 1 : 0;
  const column = {
    capex: 5,
    households: 6,
    people: withPeople ? 7 : null,
    capacity: 7 + after,
    benefit: 8 + after,
    reason: 9 + after,
    detail: 10 + after,
  } as const;
  const headerRow = writeTableHeader(
    sheet,
    'Deferred projects',
    // One printed line with the illustrative-inputs line, as it repeats on every page; the columns
    // are explained once, under the table.
    'Best first: sorted by the benefit each would add per rand of capex, highest first.',
    columns,
    plan.illustrativeNote,
  );
  let rowNumber = headerRow + 1;
  let householdsTotal = 0;
  let peopleTotal = 0;
  for (const project of deferred) {
    const row = sheet.getRow(rowNumber);
    row.getCell(1).value = plainText(project.id);
    row.getCell(2).value = plainText(`${project.municipalityCode} ${municipalityNames.get(project.municipalityCode) ?? ''}`.trim());
    row.getCell(3).value = serviceLabelOf(plan.services, project.service);
    // The Municipality column beside it names the municipality a master plan description starts with.
    row.getCell(4).value = plainText(descriptionBesideMunicipality(project.description, municipalityNames.get(project.municipalityCode)));
    row.getCell(column.capex).value = roundRand(project.capexRand);
    const served = writeServedCells(row, project.householdsServed, peopleById.get(project.id) ?? null, column);
    householdsTotal += served.households;
    peopleTotal += served.people;
    row.getCell(column.capacity).value = project.capacityAddedMlPerDay;
    row.getCell(column.benefit).value = project.benefitIfFunded ?? null;
    row.getCell(column.reason).value = deferralReasonInWords(project.deferralReason);
    row.getCell(column.reason).alignment = { indent: 1 }; // clear of the right-aligned figure before it
    row.getCell(column.detail).value = plainText(project.deferralDetail);
    rowNumber += 1;
  }
  const totalRow = sheet.getRow(rowNumber);
  totalRow.getCell(1).value = `Total (${deferred.length} projects)`;
  const capexTotal = moneyTotal(deferred.map((project) => project.capexRand));
  const totalOf = (columnNumber: number, total: number) => (deferred.length > 0 ? sumFormula(cellAddress(headerRow + 1, columnNumber), cellAddress(rowNumber - 1, columnNumber), total) : 0);
  totalRow.getCell(column.capex).value = totalOf(column.capex, capexTotal);
  totalRow.getCell(column.households).value = totalOf(column.households, householdsTotal);
  if (column.people !== null) totalRow.getCell(column.people).value = totalOf(column.people, peopleTotal);
  styleTotalRow(totalRow, columns.length);
  if (deferred.length > 0) sheet.autoFilter = { from: cellAddress(headerRow, 1), to: cellAddress(rowNumber - 1, columns.length) };
  // A long project id widens its column; the text columns (municipality, service, description,
  // reason, detail) share what is left so that the rows print on the fewest lines, and the table
  // stays one page wide.
  const idWidth = fitIdentifierColumn(sheet, 1, headerRow + 1, rowNumber - 1);
  const textsOf = (columnNumber: number): string[] => deferred.map((_, index) => String(sheet.getRow(headerRow + 1 + index).getCell(columnNumber).value ?? ''));
  const municipalities = textsOf(2);
  const descriptions = textsOf(4);
  const details = textsOf(column.detail);
  const services = textsOf(3);
  const reasons = textsOf(column.reason);
  // A reason's first three words stay on the row's first line, beside the id, so that a reader
  // (and the print check) finds the project and why it waits on one line.
  const reasonOpeningWidth = Math.max(0, ...reasons.map((reason) => textWidthUnits(reason.split(' ').slice(0, 3).join(' ')))) + 2;
  const share = (serviceMinimumWidth: number): number[] =>
    shareWrappedWidths(
      [
        { texts: municipalities, minimumWidth: Math.max(13, longestWordWidth(municipalities)), preferredWidth: 15 },
        { texts: services, minimumWidth: serviceMinimumWidth, preferredWidth: serviceMinimumWidth },
        { texts: descriptions, minimumWidth: Math.max(20, longestWordWidth(descriptions)), preferredWidth: 40 },
        { texts: reasons, minimumWidth: Math.max(14, longestWordWidth(reasons), reasonOpeningWidth), preferredWidth: 24 },
        { texts: details, minimumWidth: Math.max(24, longestWordWidth(details)), preferredWidth: 36 },
      ],
      DEFERRED_TABLE_WIDTH - idWidth - numbersWidth,
    );
  // The Service label must never make a row taller than its other cells do (review u2, 13: "Thusong
  // service centres" on three lines made Thusong rows three lines tall on Funded projects). Here a
  // deferred row carries its reason and detail, so a Thusong row is usually taller than its label
  // anyway (the default model: 6 lines, the label 3): then the narrow column stands, since widening
  // it to hold the label on two lines takes width from the detail and cost a printed page (36 → 37
  // plan pages, measured 2026-12-03). Only where the label would set a row's height is it held to two lines.
  const narrow = share(Math.max(SERVICE_COLUMN_WIDTH, longestWordWidth(services)));
  const labelSetsHeight = labelSetsRowHeight({ texts: services, width: narrow[1] }, [municipalities, descriptions, reasons, details].map((texts, index) => ({ texts, width: narrow[[0, 2, 3, 4][index]] })));
  const [municipalityWidth, serviceWidth, descriptionWidth, reasonWidth, detailWidth] = labelSetsHeight ? share(widthForLines(services, 2, SERVICE_COLUMN_WIDTH)) : narrow;
  sheet.getColumn(2).width = municipalityWidth;
  sheet.getColumn(3).width = serviceWidth;
  sheet.getColumn(4).width = descriptionWidth;
  sheet.getColumn(column.reason).width = reasonWidth;
  sheet.getColumn(column.detail).width = detailWidth;
  fitWrappedRowHeights(sheet, headerRow + 1, rowNumber - 1, [2, 3, 4, column.reason, column.detail]);
  writeNotesUnderTable(sheet, rowNumber + 2, columns.length, [
    'Projects of the register that this plan does not fund, and why. Capacity added: the Ml/day of treatment, supply or storage the project adds (0 for a backlog project or a centre). ' +
      `${objective.projectHeader.replace(/^Objective: /, '')} if funded: what the project would add to this plan started at its earliest possible start (after its funded prerequisites finish); ` +
      'for a master plan project, the share of its shortfall still unmet that it would close; blank when it cannot start.',
  ]);
  applyPrintSetup(sheet);
}
