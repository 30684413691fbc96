/**
 * Assumptions and data sources: the Stats SA credit the licence asks for, what is illustrative and
 * how it was generated, and the formulation in two sentences.
 */
import type ExcelJS from 'exceljs';
import { applyPrintSetup, plainText } from '../format.js';
import { SHEET_NAMES, type ReportContext } from './report-context.js';
import { benefitDefinitionWords, financialYearWords, priceBasisWords } from '../summary-figures.js';
import { OBJECTIVE_MEASURES } from '../../rules/objective-settings.js';
import { illustrativeTablesWords } from '../illustrative-tables.js';

/**
 * When a funded project counts, in one sentence per convention (docs/formulations.md, "When a
 * project counts"): one commissioning date, the end of the completion year, and the one deliberate
 * difference, running costs, said as such.
 */
export const TIMING_CONVENTION_WORDS =
  'A project spends in its build years and is commissioned at the end of its completion year (its last build year). ' +
  'Its households, and a new centre’s people within reach, count as served from then: in that year’s backlog, and a centre opens in that year (roll-out target year, opening cap). ' +
  'Its capacity serves the design demand of the following years: it closes a master plan shortfall, or meets shortfalls_met_by_year, from the year after completion; a committed project’s capacity counts from the year after its latest possible completion. ' +
  'A dependant starts at the earliest the year after its prerequisite’s completion. ' +
  'Running costs are the one deliberate difference: a full year is charged from the completion year itself, so the operating money is there when the centre opens, even if it opens early in that year.';

/** The credit Statistics South Africa asks users of its data to print. */
export const STATS_SA_CREDIT =
  'Source: Statistics South Africa, Census 2022 (and Census 2011 for growth rates), municipal tables. ' +
  'Statistics South Africa is not responsible for this analysis: the analysis is the result of the user’s independent processing of the data.';

/** Two sentences on what was solved, per formulation. */
export function formulationInTwoSentences(kind: 'portfolio' | 'allocation'): string {
  return kind === 'portfolio'
    ? 'Each candidate project is either funded with a start year or deferred, and the plan maximises the total benefit — households served and capacity added, weighted by the need and growth-potential indices and discounted to the year each counts in — as a mixed-integer programme solved to the stated gap. ' +
        'Spending must fit each funding source’s yearly envelope (with carry-over where allowed), respect prerequisites, exclusive groups and start windows, and meet the policy rules listed on the Input policy sheet.'
    : 'Each year’s money from each funding source is divided between municipalities and services as a linear programme that minimises weighted unmet need. ' +
        'Allocations must fit the yearly envelopes (with carry-over where allowed) and meet the policy rules listed on the Input policy sheet.';
}

/** Add the Assumptions and sources sheet. */
export function addAssumptionsSheet(workbook: ExcelJS.Workbook, context: ReportContext): void {
  const { plan, dataset } = context;
  const sheet = workbook.addWorksheet(SHEET_NAMES.assumptions);
  sheet.getColumn(1).width = 28;
  sheet.getColumn(2).width = 110;
  sheet.getCell('A1').value = 'Assumptions and data sources';
  sheet.getCell('A1').font = { name: 'Calibri', bold: true, size: 14 };
  const rows: [string, string][] = [
    ['Census data', STATS_SA_CREDIT],
    ['Illustrative inputs', plan.illustrativeNote.trim() === '' ? 'None of the inputs is marked illustrative.' : plainText(plan.illustrativeNote.trim())],
    // Every table with illustrative rows and the scripts the model names for them (one list, also on the Summary and the One Plan annex).
    ['Tables with illustrative rows', `${illustrativeTablesWords(dataset)} Rows marked illustrative = yes in the model files are assumptions, not facts; docs/data-sources.md in the infraplan repository gives each table's provenance.`],
    ['Formulation', formulationInTwoSentences(plan.kind)],
    // The benefit's definition depends on the run (master plan or not), so the workbook says which one it used.
    ...(plan.kind === 'portfolio' && dataset.config.policy.objectiveMeasure === OBJECTIVE_MEASURES.benefitPoints ? [['Benefit', benefitDefinitionWords(dataset)] as [string, string]] : []),
    ...(plan.kind === 'portfolio' ? [['When a project counts', TIMING_CONVENTION_WORDS] as [string, string]] : []),
    ['Money', `${priceBasisWords(dataset.config.baseFinancialYear)} Cells hold rand; the number format shows R million with one decimal, so totals add exactly.`],
    ['Financial years', financialYearWords(dataset.config.baseFinancialYear)],
    ['Model', plainText(`${dataset.config.title} (${dataset.config.name})`)],
  ];
  rows.forEach(([label, text], index) => {
    const row = sheet.getRow(index + 3);
    row.getCell(1).value = label;
    row.getCell(1).font = { name: 'Calibri', bold: true };
    row.getCell(1).alignment = { vertical: 'top' };
    row.getCell(2).value = text;
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
    // Rows do not grow to fit wrapped text in every viewer, so give long text room explicitly.
    row.height = Math.max(18, Math.ceil(text.length / 100) * 16);
  });
  applyPrintSetup(sheet);
}
