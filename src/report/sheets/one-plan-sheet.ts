/**
 * One Plan: the District Development Model's one plan per district. Every sphere's funded projects
 * (the municipalities' own, provincial and national departments') stand together, district by
 * district, with what each spends by financial year and by funding source, so a district's
 * intergovernmental forum reads one list instead of three. One block per district: a title row,
 * the funded projects by sphere (municipal, provincial, national) and owner, and a totals row of
 * live SUM formulas; districts without a funded project say so.
 *
 * The owner of a project is its projects.csv `owner_sphere` and `owner_name` (src/dataset/owners.ts).
 * Printed on A4 landscape at a readable size, across pages when ten years and seven sources need
 * them (sphere, owner and project id repeated), with the title and column headers repeated on
 * every page. The workbook prints it as an annex, after the inputs.
 */
import type ExcelJS from 'exceljs';
import { formatFinancialYear } from '../../dataset/financial-year.js';
import { SPHERE_ORDER, ownerOf } from '../../dataset/owners.js';
import type { PlannedProject } from '../../plan/types.js';
import type { ProjectOwner } from '../../dataset/types.js';
import { illustrativeTablesWords } from '../illustrative-tables.js';
import { priceBasisWords } from '../summary-figures.js';
import { CHARACTERS_PER_LANDSCAPE_PAGE, PRINT_MARGINS_INCHES, RAND_MILLION_FORMAT, applyPrintSetup, cellAddress, moneyTotal, roundRand, proseLineCount, codeInWords, columnLetter, fitIdentifierColumn, fitWrappedRowHeights, plainText, serviceLabelOf, styleTotalRow, sumFormula, writeTableHeader, type ColumnSpec } from '../format.js';
import type { ReportContext } from './report-context.js';

/** Columns whose text wraps in its cell: owner, service (its label), project type, description. */
const WRAPPED_COLUMNS: readonly number[] = [2, 5, 6, 7];

/** The sheet's name. */
export const ONE_PLAN_SHEET = 'One Plan';

/** The sheet that introduces the annex, printed before it. */
export const ONE_PLAN_INTRODUCTION_SHEET = 'One Plan introduction';

/** Width of the introduction's text column, in column-width units (as the Assumptions sheet's text: LibreOffice clipped wrapped lines of a 150-unit column at the page edge). */
const INTRODUCTION_WIDTH = 110;

/** Columns printed on every page across (sphere, owner, project id) when the table is wider than a page. */
const REPEATED_COLUMNS = 3;

/** Fill of a district's title row. */
const DISTRICT_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };

/** A funded project with its owner, as the sheet lists it. */
export interface OnePlanLine {
  /** The project as planned. */
  readonly project: PlannedProject;
  /** Who owns it. */
  readonly owner: ProjectOwner;
}

/** One district's block. */
export interface OnePlanDistrict {
  /** District code, e.g. `DC1`. */
  readonly districtCode: string;
  /** District name. */
  readonly districtName: string;
  /** Funded projects by sphere (municipal, provincial, national), owner name and project id. */
  readonly lines: readonly OnePlanLine[];
}

/** The blocks of the One Plan, one per district in the order the model lists them. */
export function onePlanDistricts(context: Pick<ReportContext, 'plan' | 'dataset'>): OnePlanDistrict[] {
  const { plan, dataset } = context;
  const projectsById = new Map(dataset.projects.map((project) => [project.id, project]));
  const districts = new Map<string, string>();
  for (const municipality of dataset.municipalities) if (!districts.has(municipality.districtCode)) districts.set(municipality.districtCode, municipality.districtName);
  const funded = plan.kind === 'portfolio' ? plan.projects.filter((project) => project.funded) : [];
  return [...districts].map(([districtCode, districtName]) => ({
    districtCode,
    districtName,
    lines: funded
      .filter((project) => project.districtCode === districtCode)
      .map((project) => {
        const source = projectsById.get(project.id);
        const owner = source === undefined ? { sphere: 'municipal' as const, name: project.municipalityCode } : ownerOf(source, dataset.municipalities);
        return { project, owner };
      })
      .sort(
        (first, second) =>
          SPHERE_ORDER.indexOf(first.owner.sphere) - SPHERE_ORDER.indexOf(second.owner.sphere) ||
          first.owner.name.localeCompare(second.owner.name, 'en') ||
          (first.project.id < second.project.id ? -1 : first.project.id > second.project.id ? 1 : 0),
      ),
  }));
}

/** Rand a project spends in one year (all sources). */
function randInYear(project: PlannedProject, financialYear: number): number {
  return project.spending.filter((line) => line.financialYear === financialYear).reduce((sum, line) => sum + line.amountRand, 0);
}

/** Rand a project draws from one source (all years). */
function randFromSource(project: PlannedProject, sourceId: string): number {
  return project.spending.filter((line) => line.sourceId === sourceId).reduce((sum, line) => sum + line.amountRand, 0);
}

/**
 * The annex's introduction, a page of its own before the table (new-user review): what the annex
 * is, whose plans it joins (the three spheres), how its pages are ordered, and that figures from
 * illustrative inputs are not facts, with the list of the tables they come from.
 */
export function onePlanIntroduction(context: Pick<ReportContext, 'plan' | 'dataset'>): { heading: string; text: string }[] {
  const { plan, dataset } = context;
  const districts = onePlanDistricts(context);
  const lines = districts.flatMap((district) => district.lines);
  const bySphere = SPHERE_ORDER.map((sphere) => {
    const count = lines.filter((line) => line.owner.sphere === sphere).length;
    return `${count} ${sphere}`;
  });
  const districtList = districts.map((district) => `${district.districtCode} ${district.districtName} (${district.lines.length} project${district.lines.length === 1 ? '' : 's'})`).join('; ');
  const illustrative =
    plan.illustrativeNote.trim() === ''
      ? 'The model marks none of its inputs illustrative.'
      : `${plan.illustrativeNote.trim()} ${illustrativeTablesWords(dataset)} Every figure that comes from those tables, and every amount worked out from them, is a planning assumption, not a fact: it is no sphere's approved budget or commitment, and must not be quoted as one.`;
  return [
    {
      heading: 'What this annex is',
      text:
        "The District Development Model asks for one plan per district: the projects every sphere of government means to fund there, read together instead of in three separate plans. " +
        `This annex is that One Plan as this investment plan proposes it: every funded project, district by district, with what it spends in each financial year and what each funding source pays${plan.kind === 'portfolio' ? '' : ' (an allocation plan funds no projects, so its blocks are empty; see the Allocations sheet)'}.`,
    },
    {
      heading: 'Whose plans it joins',
      text:
        'The three spheres: the municipalities (their own projects, as in their IDPs), the provincial departments and the national departments. ' +
        `Each project's sphere and owner are owner_sphere and owner_name in projects.csv (municipal, the municipality itself, unless the register says otherwise). Within a district the projects are listed municipal first, then provincial, then national, by owner and project id; each district ends with a totals row of live formulas naming the spheres present. In this plan: ${bySphere.join(', ')} projects.`,
    },
    {
      heading: 'How it prints',
      text:
        `Each district starts on a new page, in the model's order: ${districtList}. ` +
        'The table is wider than a page, so the pages of a district follow one another across before the next rows: first the project, its type and start year, then the spending per financial year, then what each source pays, with sphere, owner and project id repeated on every page and the column headers at the top of each. Amounts are rand shown as R million.',
    },
    { heading: 'Illustrative figures are not facts', text: illustrative },
    { heading: 'Prices', text: priceBasisWords(dataset.config.baseFinancialYear) },
  ];
}

/** Add the introduction sheet: one page, its paragraphs as tall as their wrapped text. */
function addOnePlanIntroductionSheet(workbook: ExcelJS.Workbook, context: ReportContext): void {
  const sheet = workbook.addWorksheet(ONE_PLAN_INTRODUCTION_SHEET);
  sheet.getColumn(1).width = INTRODUCTION_WIDTH;
  sheet.getCell('A1').value = 'One Plan by district: introduction';
  sheet.getCell('A1').font = { name: 'Calibri', bold: true, size: 14 };
  let rowNumber = 3;
  for (const { heading, text } of onePlanIntroduction(context)) {
    const headingCell = sheet.getCell(rowNumber, 1);
    headingCell.value = heading;
    headingCell.font = { name: 'Calibri', bold: true, size: 12 };
    rowNumber += 1;
    const cell = sheet.getCell(rowNumber, 1);
    cell.value = plainText(text);
    cell.font = { name: 'Calibri' };
    cell.alignment = { wrapText: true, vertical: 'top' };
    sheet.getRow(rowNumber).height = proseLineCount(text, INTRODUCTION_WIDTH) * 15 + 2;
    rowNumber += 2;
  }
  applyPrintSetup(sheet);
  // One page: it is read once, before the table.
  sheet.pageSetup.fitToHeight = 1;
}

/** Add the One Plan annex: its introduction, then the table. */
export function addOnePlanSheet(workbook: ExcelJS.Workbook, context: ReportContext): void {
  addOnePlanIntroductionSheet(workbook, context);
  addOnePlanTable(workbook, context);
}

/** Add the One Plan table. */
function addOnePlanTable(workbook: ExcelJS.Workbook, context: ReportContext): void {
  const { plan, dataset } = context;
  const sourceIds = dataset.fundingSources.map((source) => source.id);
  const sheet = workbook.addWorksheet(ONE_PLAN_SHEET);
  const fixedColumns: ColumnSpec[] = [
    { header: 'Sphere', width: 11 },
    { header: 'Owner', width: 22 },
    { header: 'Project id', width: 14 },
    { header: 'Municipality', width: 12 },
    { header: 'Service', width: 11 },
    { header: 'Project type', width: 22 },
    { header: 'Description', width: 50 },
    { header: 'Start year', width: 9 },
  ];
  const yearColumns: ColumnSpec[] = plan.financialYears.map((year) => ({ header: `${formatFinancialYear(year)} (R million)`, width: 11, numberFormat: RAND_MILLION_FORMAT }));
  const sourceColumns: ColumnSpec[] = sourceIds.map((sourceId) => ({ header: `From ${sourceId} (R million)`, width: 11, numberFormat: RAND_MILLION_FORMAT }));
  const columns = [...fixedColumns, ...yearColumns, ...sourceColumns];
  // The note repeats on every page, within the columns every page repeats (sphere, owner, id), so it
  // is short: what the annex is and how to read it is on the introduction sheet before it.
  const note =
    plan.kind === 'portfolio'
      ? `See the sheet ${ONE_PLAN_INTRODUCTION_SHEET} for what this annex is and which figures are illustrative.`
      : 'This plan allocates money to municipalities and services (the allocation formulation), not to projects, so no project is funded; see the Allocations sheet.';
  const headerRow = writeTableHeader(sheet, 'One Plan by district', note, columns, plan.illustrativeNote);
  const firstYearColumn = fixedColumns.length + 1;
  const firstSourceColumn = firstYearColumn + yearColumns.length;
  let rowNumber = headerRow + 1;
  for (const [districtIndex, district] of onePlanDistricts(context).entries()) {
    // Each district on pages of its own, so a district forum takes its pages and nothing else.
    if (districtIndex > 0) sheet.getRow(rowNumber - 1).addPageBreak();
    const title = sheet.getRow(rowNumber);
    title.getCell(1).value = plainText(`${district.districtCode} ${district.districtName}`);
    for (let column = 1; column <= columns.length; column += 1) {
      title.getCell(column).fill = DISTRICT_FILL;
      title.getCell(column).font = { name: 'Calibri', bold: true, size: 12 };
    }
    rowNumber += 1;
    if (district.lines.length === 0) {
      sheet.getRow(rowNumber).getCell(1).value = plan.kind === 'portfolio' ? 'No funded project in this district.' : 'No projects in an allocation plan.';
      sheet.getRow(rowNumber).getCell(1).font = { name: 'Calibri', italic: true };
      rowNumber += 2;
      continue;
    }
    const firstRow = rowNumber;
    for (const { project, owner } of district.lines) {
      const row = sheet.getRow(rowNumber);
      row.getCell(1).value = owner.sphere;
      row.getCell(2).value = plainText(owner.name);
      row.getCell(3).value = plainText(project.id);
      // The code only, as Annex A prints it: the district title names the place, and the full name
      // wrapped every row to two lines.
      row.getCell(4).value = plainText(project.municipalityCode);
      row.getCell(5).value = serviceLabelOf(plan.services, project.service);
      row.getCell(6).value = plainText(codeInWords(project.type));
      row.getCell(7).value = plainText(project.description);
      // Long owners, municipality names, types and descriptions wrap in their columns (row heights
      // fitted below) rather than running into the next cell or being cut at it.
      for (const column of WRAPPED_COLUMNS) row.getCell(column).alignment = { wrapText: true, vertical: 'top' };
      row.getCell(8).value = project.startYear === null ? '' : formatFinancialYear(project.startYear);
      plan.financialYears.forEach((year, index) => {
        row.getCell(firstYearColumn + index).value = roundRand(randInYear(project, year));
      });
      sourceIds.forEach((sourceId, index) => {
        row.getCell(firstSourceColumn + index).value = roundRand(randFromSource(project, sourceId));
      });
      rowNumber += 1;
    }
    const lastRow = rowNumber - 1;
    const total = sheet.getRow(rowNumber);
    const spheres = SPHERE_ORDER.filter((sphere) => district.lines.some((line) => line.owner.sphere === sphere));
    total.getCell(1).value = `Total ${district.districtCode} (${district.lines.length} project${district.lines.length === 1 ? '' : 's'}; ${spheres.join(', ')})`;
    const totals = [
      ...plan.financialYears.map((year) => moneyTotal(district.lines.map((line) => randInYear(line.project, year)))),
      ...sourceIds.map((sourceId) => moneyTotal(district.lines.map((line) => randFromSource(line.project, sourceId)))),
    ];
    totals.forEach((value, index) => {
      const column = firstYearColumn + index;
      total.getCell(column).value = sumFormula(cellAddress(firstRow, column), cellAddress(lastRow, column), value);
    });
    styleTotalRow(total, columns.length);
    rowNumber += 2;
  }
  // A project id is never cut: WC043-W-WTW-1 and WC043-W-WTW-2 printed alike at the old width.
  const idWidth = fitIdentifierColumn(sheet, 3, headerRow + 1, rowNumber);
  columns[2] = { ...columns[2], width: idWidth };
  fitWrappedRowHeights(sheet, headerRow + 1, rowNumber, WRAPPED_COLUMNS);
  sheet.views = [{ state: 'frozen', xSplit: 0, ySplit: headerRow, topLeftCell: cellAddress(headerRow + 1, 1), activeCell: cellAddress(headerRow + 1, 1) }];
  // A4 landscape at a readable size: ten years and seven sources are wider than a page, so the
  // table prints across as many pages as it needs, with sphere, owner and project id repeated on
  // each; the title and headers repeat on every page down.
  sheet.pageSetup.orientation = 'landscape';
  sheet.pageSetup.paperSize = 9;
  sheet.pageSetup.fitToPage = true;
  const widths = columns.map((column) => column.width);
  const repeatedWidth = widths.slice(0, REPEATED_COLUMNS).reduce((sum, width) => sum + width, 0);
  const totalWidth = widths.reduce((sum, width) => sum + width, 0);
  const pagesWide = totalWidth <= CHARACTERS_PER_LANDSCAPE_PAGE * 1.05 ? 1 : Math.ceil((totalWidth - repeatedWidth) / (CHARACTERS_PER_LANDSCAPE_PAGE - repeatedWidth));
  sheet.pageSetup.fitToWidth = pagesWide;
  if (pagesWide > 1) sheet.pageSetup.printTitlesColumn = `A:${columnLetter(REPEATED_COLUMNS)}`;
  sheet.pageSetup.fitToHeight = 0;
  sheet.pageSetup.printTitlesRow = `1:${headerRow}`;
  // A district's pages across (years, then sources) follow one another before its next rows.
  sheet.pageSetup.pageOrder = 'overThenDown';
  sheet.pageSetup.margins = { ...PRINT_MARGINS_INCHES };
  // The title and note print on every page inside the repeated columns, so they are wrapped there and never cut at a page edge.
  const repeatedWidthUnits = columns.slice(0, REPEATED_COLUMNS).reduce((sum, column) => sum + column.width, 0);
  if (headerRow === 3 && pagesWide > 1) {
    sheet.mergeCells(2, 1, 2, REPEATED_COLUMNS);
    const noteCell = sheet.getCell('A2');
    const noteText = typeof noteCell.value === 'string' ? noteCell.value : ((noteCell.value as ExcelJS.CellRichTextValue | null)?.richText ?? []).map((run) => run.text).join('');
    noteCell.alignment = { wrapText: true, vertical: 'top' };
    sheet.getRow(2).height = proseLineCount(noteText, repeatedWidthUnits / 1.1) * 15 + 2;
  }
  sheet.headerFooter.oddFooter = '&L&A&RPage &P of &N';
}
