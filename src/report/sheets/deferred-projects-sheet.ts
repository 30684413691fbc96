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
  writeTableHeader,
  serviceLabelOf,
  type ColumnSpec,
} from '../format.js';
import { deferralReasonInWords, peopleWithinReachOf } from '../plan-figures.js';
import { SHEET_NAMES, type ReportContext } from './report-context.js';
import { moneyTotal, objectiveWords, roundRand } from '../summary-figures.js';
import type { PlannedProject } from '../../plan/types.js';

/**
 * Width of the Deferred projects table, in column-width units: one landscape page at about 8-point
 * type. The description, reason and detail share it so that most rows take two lines (measured on
 * the default register: 48, 24 and 50 beside a 26-unit id give about 320 lines for 134 projects,
 * where 32, 26 and 59 gave about 400).
 */
const DEFERRED_TABLE_WIDTH = 198;

/** Width of the people column that a register with deferred centres adds; the description gives it up, so the table stays one page wide. */
const PEOPLE_COLUMN_WIDTH = 10;

/** Width of the capacity (Ml/day) and benefit-if-funded columns; the description gives them up. */
const CAPACITY_COLUMN_WIDTH = 8;
const BENEFIT_COLUMN_WIDTH = 9;

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
  // One page wide, so the project and the reason it waits are always read together.
  const otherColumnsWidth = 136 + CAPACITY_COLUMN_WIDTH + BENEFIT_COLUMN_WIDTH + (withPeople ? PEOPLE_COLUMN_WIDTH : 0);
  const columns: ColumnSpec[] = [
    { header: 'Project id', width: 12 },
    { header: 'Municipality', width: 20 },
    { header: 'Service', width: 9 },
    { header: 'Description', width: DEFERRED_TABLE_WIDTH - otherColumnsWidth },
    { header: 'Capex (R million)', width: 10, numberFormat: RAND_MILLION_FORMAT },
    { header: 'Households it would serve', width: 11, numberFormat: COUNT_FORMAT },
    ...(withPeople ? [{ header: 'People within reach (centres)', width: PEOPLE_COLUMN_WIDTH, numberFormat: COUNT_FORMAT }] : []),
    { header: 'Capacity added (Ml/day)', width: CAPACITY_COLUMN_WIDTH, numberFormat: SCORE_FORMAT },
    // What the plan maximises, by what it measures (objective_measure), as the Funded projects sheet heads it.
    { header: `${objective.projectHeader.replace(/^Objective: /, '')} if funded`, width: BENEFIT_COLUMN_WIDTH, numberFormat: objective.hasSplit ? BENEFIT_FORMAT : SCORE_FORMAT },
    { header: 'Reason', width: 24 },
    { header: 'Detail', width: 50 },
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
    'Projects of the register that this plan does not fund, and why; the best first: sorted by the benefit each would add per rand of capex, highest first. ' +
      'Benefit if funded: what it would add to this plan started at its earliest possible start (a master plan project: the shortfall still unmet that it would close); blank when it cannot start.',
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
    row.getCell(4).value = plainText(project.description);
    row.getCell(column.capex).value = roundRand(project.capexRand);
    const people = peopleById.get(project.id) ?? null;
    if (people === null || column.people === null) {
      row.getCell(column.households).value = project.householdsServed;
      householdsTotal += project.householdsServed;
    } else {
      row.getCell(column.people).value = people;
      peopleTotal += people;
    }
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
  // A long project id widens its column; the description gives the room back, so the table stays one page wide.
  sheet.getColumn(4).width = DEFERRED_TABLE_WIDTH - (otherColumnsWidth - 12) - fitIdentifierColumn(sheet, 1, headerRow + 1, rowNumber - 1);
  fitWrappedRowHeights(sheet, headerRow + 1, rowNumber - 1, [3, 4, column.reason, column.detail]);
  applyPrintSetup(sheet);
}
