/**
 * The master plan sheets: a provincial summary and one support plan per municipality
 * (projection, demand against capacity per asset type, shortfall years, proposed upgrades with
 * size, cost and timing), each set to print on one A4 landscape page. Written by `infraplan
 * masterplan` and added to the run workbook when the run used the master plan. Totals are live
 * formulas whose cached value is the figure the stage computed.
 */
import type ExcelJS from 'exceljs';
import { formatFinancialYear } from '../../dataset/financial-year.js';
import type { Dataset } from '../../dataset/types.js';
import type { DatasetMasterPlan } from '../../masterplan/apply-master-plan.js';
import { ASSET_TYPE_RULES } from '../../masterplan/asset-type-rules.js';
import type { AssetBalance, GeneratedProject } from '../../masterplan/types.js';
import { formatProblem } from '../../errors/problems.js';
import { COUNT_FORMAT, RAND_MILLION_FORMAT, cellAddress, columnLetter, moneyTotal, roundRand, plainText, proseLineCount, styleTotalRow, sumFormula, writeTableHeader } from '../format.js';

/** Number format of Ml/day and Ml figures. */
const ML_FORMAT = '#,##0.0';
/**
 * A shortfall: two decimals, and a shortfall too small even for them said as such, so that the
 * first shortfall year never shows 0.0 (review u5, finding 17: WC011's raw-water source falls
 * short by 0.04 Ml/day in 2029/30, the year named, and the row showed 0.0).
 */
export const SHORTFALL_FORMAT = '[=0]0.00;[<0.01]"< 0.01";#,##0.00';
/** A year or `none to 2049/50` beside a number to its left: an indent keeps the two apart in print (`89,273none to 2049/50`, review u5, finding 18). */
const TEXT_AFTER_NUMBER: Partial<ExcelJS.Alignment> = { horizontal: 'left', indent: 1 };
/** Marks the sheets illustrative: generated upgrades and planning-norm demands are never official figures. */
const GENERATED_NOTE = 'master plan figures are generated from planning norms';
/** Excel's longest sheet name. */
const MAX_SHEET_NAME = 31;
/** Characters a sheet name may not hold. */
const FORBIDDEN_SHEET_CHARACTERS = /[[\]:*?/\\]/g;

/** The sheet name of a municipality's support plan, e.g. `WC044 George`. */
export function supportPlanSheetName(code: string, name: string): string {
  return `${code} ${name}`.replace(FORBIDDEN_SHEET_CHARACTERS, ' ').slice(0, MAX_SHEET_NAME).trim();
}

/** A year label, or words for none. */
function yearOrNone(year: number | null, lastYear: number): string {
  return year === null ? `none to ${formatFinancialYear(lastYear)}` : formatFinancialYear(year);
}

/** One page, landscape A4, the whole used range as the print area. */
function printOnOnePage(sheet: ExcelJS.Worksheet, lastColumn: number, lastRow: number): void {
  sheet.pageSetup.orientation = 'landscape';
  sheet.pageSetup.paperSize = 9; // A4
  sheet.pageSetup.fitToPage = true;
  sheet.pageSetup.fitToWidth = 1;
  sheet.pageSetup.fitToHeight = 1;
  sheet.pageSetup.margins = { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 };
  sheet.pageSetup.printArea = `A1:${columnLetter(lastColumn)}${lastRow}`;
  sheet.headerFooter.oddFooter = '&L&A&RPage &P of &N';
}

/** A section heading in bold on its own row. */
function heading(sheet: ExcelJS.Worksheet, row: number, text: string): void {
  const cell = sheet.getCell(row, 1);
  cell.value = text;
  cell.font = { name: 'Calibri', bold: true, size: 12 };
}

/** The balances of a municipality in the plan's order. */
function balancesOf(result: DatasetMasterPlan, code: string): AssetBalance[] {
  return result.masterPlan.balances.filter((balance) => balance.municipalityCode === code);
}

/** The generated upgrades and programmes of a municipality, as the merged register keeps them (planner rows won elsewhere). */
function upgradesOf(result: DatasetMasterPlan, code: string): GeneratedProject[] {
  return result.masterPlan.merge.rows.flatMap((row) => (row.origin === 'masterplan' && row.project.municipalityCode === code ? [row.project] : []));
}

/** Add one support plan sheet; returns its row count. */
function addSupportPlan(workbook: ExcelJS.Workbook, result: DatasetMasterPlan, dataset: Dataset, code: string, name: string): void {
  const { masterPlan } = result;
  const horizon = masterPlan.years.filter((year) => year <= masterPlan.lastHorizonYear);
  const indexOf = (year: number): number => masterPlan.years.indexOf(year);
  const sheet = workbook.addWorksheet(supportPlanSheetName(code, name));
  const yearColumns = horizon.map((year) => ({ header: formatFinancialYear(year), width: 10, numberFormat: ML_FORMAT }));
  const headerRow = writeTableHeader(
    sheet,
    `${code} ${name}: bulk master plan support plan, ${formatFinancialYear(masterPlan.baseFinancialYear)}–${formatFinancialYear(masterPlan.lastHorizonYear)}`,
    'Design demand from DWAF (2004) design criteria and the model\'s masterplan settings (docs/masterplan.md); generated upgrades are illustrative planning estimates.',
    [{ header: 'Projection and demand against capacity', width: 54 }, ...yearColumns],
    result.assumptions.illustrative ? GENERATED_NOTE : dataset.config.illustrativeNote,
  );
  let row = headerRow + 1;
  const projection = masterPlan.projections.find((entry) => entry.municipalityCode === code);
  if (projection !== undefined) {
    const line = (label: string, values: readonly number[]): void => {
      sheet.getCell(row, 1).value = label;
      horizon.forEach((year, position) => {
        const cell = sheet.getCell(row, position + 2);
        cell.value = Math.round(values[indexOf(year)]);
        cell.numFmt = COUNT_FORMAT;
      });
      row += 1;
    };
    line(`Population (${projection.method === 'table' ? 'projection table' : `${(projection.populationGrowthPercentPerYear ?? 0).toFixed(2)}% a year`})`, projection.populationByYear);
    line('Households', projection.householdsByYear);
  }
  for (const balance of balancesOf(result, code)) {
    const rule = ASSET_TYPE_RULES[balance.assetType];
    const unit = balance.capacityUnit;
    const series = (label: string, values: readonly number[], bold = false, numberFormat?: string): void => {
      sheet.getCell(row, 1).value = label;
      if (bold) sheet.getCell(row, 1).font = { name: 'Calibri', bold: true };
      horizon.forEach((year, position) => {
        const cell = sheet.getCell(row, position + 2);
        cell.value = values[indexOf(year)];
        if (numberFormat !== undefined) cell.numFmt = numberFormat;
      });
      row += 1;
    };
    series(`${rule.label}: design demand (${unit})`, balance.designDemandByYear, true);
    series(`   capacity, existing and committed (${unit})`, balance.capacityByYear);
    series(`   shortfall without new projects (${unit})`, balance.shortfallByYear, false, SHORTFALL_FORMAT);
  }
  row += 1;
  heading(sheet, row, 'Shortfall years (first year design demand exceeds capacity)');
  row += 1;
  for (const balance of balancesOf(result, code)) {
    sheet.getCell(row, 1).value = ASSET_TYPE_RULES[balance.assetType].label;
    sheet.getCell(row, 2).value = yearOrNone(balance.shortfallYear, masterPlan.years[masterPlan.years.length - 1]);
    row += 1;
  }
  row += 1;
  heading(sheet, row, 'Proposed upgrades and programmes (generated, illustrative)');
  row += 1;
  const upgradeHeaders = ['Project', 'Size', 'Unit', 'Capex (R million)', 'Needed from', 'Earliest start', 'Latest start', 'Late by (years)'];
  upgradeHeaders.forEach((text, position) => {
    const cell = sheet.getCell(row, position + 1);
    cell.value = text;
    cell.font = { name: 'Calibri', bold: true };
    cell.alignment = { wrapText: true, vertical: 'middle' };
  });
  sheet.getRow(row).height = 30;
  row += 1;
  const upgrades = upgradesOf(result, code);
  const firstUpgradeRow = row;
  for (const project of upgrades) {
    sheet.getCell(row, 1).value = plainText(`${project.id}: ${project.type.replace(/_/g, ' ')}`);
    // Households are whole (the column's year format shows one decimal: "648.0 households" in the review).
    const households = project.kind === 'backlog_eradication';
    sheet.getCell(row, 2).value = households ? Math.round(project.householdsServed) : project.capacityAdded;
    sheet.getCell(row, 2).numFmt = households ? COUNT_FORMAT : ML_FORMAT;
    sheet.getCell(row, 3).value = households ? 'households' : project.capacityUnit;
    sheet.getCell(row, 4).value = roundRand(project.capexRand);
    sheet.getCell(row, 4).numFmt = RAND_MILLION_FORMAT;
    sheet.getCell(row, 5).value = project.shortfallYear === null ? '' : formatFinancialYear(project.shortfallYear);
    sheet.getCell(row, 6).value = formatFinancialYear(project.earliestStartYear);
    sheet.getCell(row, 7).value = formatFinancialYear(project.latestStartYear);
    for (const column of [5, 6, 7]) sheet.getCell(row, column).alignment = TEXT_AFTER_NUMBER;
    sheet.getCell(row, 8).value = project.lateByYears;
    sheet.getCell(row, 8).numFmt = COUNT_FORMAT;
    row += 1;
  }
  sheet.getCell(row, 1).value = `Total (${upgrades.length} project${upgrades.length === 1 ? '' : 's'})`;
  const totalRand = moneyTotal(upgrades.map((project) => project.capexRand));
  sheet.getCell(row, 4).value = upgrades.length === 0 ? 0 : sumFormula(cellAddress(firstUpgradeRow, 4), cellAddress(row - 1, 4), totalRand);
  sheet.getCell(row, 4).numFmt = RAND_MILLION_FORMAT;
  styleTotalRow(sheet.getRow(row), upgradeHeaders.length);
  printOnOnePage(sheet, Math.max(horizon.length + 1, upgradeHeaders.length), row);
}

/** Add the provincial summary; one row per municipality with a total. */
function addProvincialSummary(workbook: ExcelJS.Workbook, result: DatasetMasterPlan, dataset: Dataset): void {
  const { masterPlan } = result;
  const sheet = workbook.addWorksheet('Master plan summary');
  const types = [...new Set(masterPlan.balances.map((balance) => balance.assetType))];
  const last = masterPlan.years[masterPlan.years.length - 1];
  const columns = [
    { header: 'Code', width: 9 },
    { header: 'Municipality', width: 20 },
    { header: `Population ${formatFinancialYear(masterPlan.baseFinancialYear)}`, width: 13, numberFormat: COUNT_FORMAT },
    { header: `Population ${formatFinancialYear(masterPlan.lastHorizonYear)}`, width: 13, numberFormat: COUNT_FORMAT },
    ...types.map((assetType) => ({ header: `First shortfall: ${ASSET_TYPE_RULES[assetType].label}`, width: 15 })),
    { header: 'Generated projects', width: 11, numberFormat: COUNT_FORMAT },
    { header: 'Generated capex (R million)', width: 14, numberFormat: RAND_MILLION_FORMAT },
  ];
  const headerRow = writeTableHeader(
    sheet,
    `${dataset.config.title}: bulk master plan, provincial summary`,
    `Shortfall years to ${formatFinancialYear(last)}; each municipality has its own support plan sheet.`,
    columns,
    GENERATED_NOTE,
  );
  let row = headerRow + 1;
  const base = masterPlan.years.indexOf(masterPlan.baseFinancialYear);
  const lastHorizon = masterPlan.years.indexOf(masterPlan.lastHorizonYear);
  let totalRand = 0;
  let totalCount = 0;
  for (const municipality of dataset.municipalities) {
    const projection = masterPlan.projections.find((entry) => entry.municipalityCode === municipality.code);
    const upgrades = upgradesOf(result, municipality.code);
    const capexRand = moneyTotal(upgrades.map((project) => project.capexRand));
    totalRand += capexRand;
    totalCount += upgrades.length;
    const cells = [
      municipality.code,
      plainText(municipality.name),
      projection === undefined ? null : Math.round(projection.populationByYear[base]),
      projection === undefined ? null : Math.round(projection.populationByYear[lastHorizon]),
      ...types.map((assetType) => {
        const balance = masterPlan.balances.find((candidate) => candidate.municipalityCode === municipality.code && candidate.assetType === assetType);
        return balance === undefined ? '' : yearOrNone(balance.shortfallYear, last);
      }),
      upgrades.length,
      capexRand,
    ];
    sheet.getRow(row).values = cells;
    types.forEach((_, position) => {
      sheet.getCell(row, 5 + position).alignment = TEXT_AFTER_NUMBER;
    });
    row += 1;
  }
  const countColumn = columns.length - 1;
  const randColumn = columns.length;
  sheet.getCell(row, 1).value = 'Total';
  sheet.getCell(row, countColumn).value = sumFormula(cellAddress(headerRow + 1, countColumn), cellAddress(row - 1, countColumn), totalCount);
  sheet.getCell(row, randColumn).value = sumFormula(cellAddress(headerRow + 1, randColumn), cellAddress(row - 1, randColumn), roundRand(totalRand));
  styleTotalRow(sheet.getRow(row), columns.length);
  row = addWarningsBlock(sheet, result, row + 2, columns.reduce((sum, column) => sum + column.width, 0), columns.length);
  sheet.pageSetup.orientation = 'landscape';
  sheet.pageSetup.paperSize = 9;
  sheet.pageSetup.fitToPage = true;
  sheet.pageSetup.fitToWidth = 1;
  sheet.pageSetup.fitToHeight = 0;
  sheet.pageSetup.printArea = `A1:${columnLetter(columns.length)}${row}`;
  sheet.headerFooter.oddFooter = '&L&A&RPage &P of &N';
}

/**
 * The stage's warnings under the provincial summary (the register rows the master plan wrote that
 * a planner edited, rows without a fingerprint, docs/masterplan.md "Rows the master plan wrote";
 * planner rows of another owner that replace generated projects),
 * one wrapped line each as the console prints them, so the workbook an official reads says what
 * the console said. Writes nothing without warnings; returns the last row used.
 */
function addWarningsBlock(sheet: ExcelJS.Worksheet, result: DatasetMasterPlan, firstRow: number, widthUnits: number, columnCount: number): number {
  if (result.warnings.length === 0) return firstRow - 2;
  heading(sheet, firstRow, `Warnings on the register (${result.warnings.length}), as the console prints them`);
  let row = firstRow + 1;
  for (const warning of result.warnings) {
    const text = formatProblem(warning);
    sheet.mergeCells(row, 1, row, columnCount);
    const cell = sheet.getCell(row, 1);
    cell.value = plainText(text);
    cell.alignment = { wrapText: true, vertical: 'top' };
    sheet.getRow(row).height = proseLineCount(text, widthUnits) * 15 + 2;
    row += 1;
  }
  return row - 1;
}

/** Add the master plan sheets: the provincial summary, then a support plan per municipality in model order. */
export function addMasterPlanSheets(workbook: ExcelJS.Workbook, result: DatasetMasterPlan, dataset: Dataset): void {
  addProvincialSummary(workbook, result, dataset);
  for (const municipality of dataset.municipalities) addSupportPlan(workbook, result, dataset, municipality.code, municipality.name);
}
