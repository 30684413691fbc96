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
import { CHARACTERS_PER_LANDSCAPE_PAGE, PRINT_MARGINS_INCHES, RAND_MILLION_FORMAT, cellAddress, codeInWords, columnLetter, fitIdentifierColumn, fitWrappedRowHeights, plainText, serviceLabelOf, styleTotalRow, sumFormula, writeTableHeader, type ColumnSpec } from '../format.js';
import type { ReportContext } from './report-context.js';

/** Columns whose text wraps in its cell: owner, service (its label), project type, description. */
const WRAPPED_COLUMNS: readonly number[] = [2, 5, 6, 7];

/** The sheet's name. */
export const ONE_PLAN_SHEET = 'One Plan';

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

/** Add the One Plan sheet. */
export function addOnePlanSheet(workbook: ExcelJS.Workbook, context: ReportContext): void {
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
  const note =
    plan.kind === 'portfolio'
      ? "One block per district: every sphere's funded projects (municipal, provincial, national), with spending by financial year and by source, in rand shown as R million; each district's totals are live formulas."
      : 'This plan allocates money to municipalities and services (the allocation formulation), not to projects, so no project is funded; see the Allocations sheet.';
  const headerRow = writeTableHeader(sheet, 'One Plan by district', note, columns, plan.illustrativeNote);
  const firstYearColumn = fixedColumns.length + 1;
  const firstSourceColumn = firstYearColumn + yearColumns.length;
  let rowNumber = headerRow + 1;
  for (const district of onePlanDistricts(context)) {
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
        row.getCell(firstYearColumn + index).value = randInYear(project, year);
      });
      sourceIds.forEach((sourceId, index) => {
        row.getCell(firstSourceColumn + index).value = randFromSource(project, sourceId);
      });
      rowNumber += 1;
    }
    const lastRow = rowNumber - 1;
    const total = sheet.getRow(rowNumber);
    const spheres = SPHERE_ORDER.filter((sphere) => district.lines.some((line) => line.owner.sphere === sphere));
    total.getCell(1).value = `Total ${district.districtCode} (${district.lines.length} project${district.lines.length === 1 ? '' : 's'}; ${spheres.join(', ')})`;
    const totals = [
      ...plan.financialYears.map((year) => district.lines.reduce((sum, line) => sum + randInYear(line.project, year), 0)),
      ...sourceIds.map((sourceId) => district.lines.reduce((sum, line) => sum + randFromSource(line.project, sourceId), 0)),
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
  sheet.pageSetup.margins = { ...PRINT_MARGINS_INCHES };
  sheet.headerFooter.oddFooter = '&L&A&RPage &P of &N';
}
