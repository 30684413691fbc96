/**
 * A sheet per funding source, as a treasury analyst reports a grant: what it pays for, by
 * municipality and financial year, with the MTEF subtotal and the total over the horizon.
 */
import type ExcelJS from 'exceljs';
import { formatRandMillion } from '../../dataset/money-text.js';
import { spendingRecords, tabulateSpending } from '../plan-figures.js';
import { addSpendingTableSheet } from './spending-sheets.js';
import type { ReportContext } from './report-context.js';
import { projectsOf } from '../../plan/types.js';

/** Longest sheet name Excel accepts. */
const MAX_SHEET_NAME_CHARS = 31;

/** The sheet name of a funding source's sheet: `Source MIG` (characters Excel forbids replaced). */
export function grantSheetName(sourceId: string): string {
  return `Source ${sourceId.replace(/[\[\]:*?/\\']/g, '-')}`.slice(0, MAX_SHEET_NAME_CHARS);
}

/** Add one sheet per funding source of the model, in model order. Returns the sheet names. */
export function addGrantSheets(workbook: ExcelJS.Workbook, context: ReportContext): string[] {
  const { plan, dataset } = context;
  const records = spendingRecords(plan, dataset);
  const labels = Object.fromEntries(dataset.municipalities.map((municipality) => [municipality.code, `${municipality.code} ${municipality.name}`]));
  const names: string[] = [];
  for (const source of dataset.fundingSources) {
    const fromSource = records.filter((record) => record.sourceId === source.id);
    const usedBy = new Set(fromSource.map((record) => record.municipalityCode));
    // Only municipalities the source pays for: a grant report lists where the money goes.
    const codes = dataset.municipalities.map((municipality) => municipality.code).filter((code) => usedBy.has(code));
    const table = tabulateSpending(fromSource, (record) => record.municipalityCode, codes, labels);
    const projectCount = projectsOf(plan).filter((project) => project.funded && project.spending.some((line) => line.sourceId === source.id && line.amountRand > 0)).length;
    const envelopeRand = plan.envelopeUse.filter((use) => use.sourceId === source.id).reduce((sum, use) => sum + use.envelopeRand, 0);
    const spentRand = fromSource.reduce((sum, record) => sum + record.amountRand, 0);
    const pays = plan.kind === 'portfolio' ? `${projectCount} funded projects in ${codes.length} municipalities` : `allocations to ${codes.length} municipalities`;
    const note =
      `${source.name}: pays for ${pays}, ${formatRandMillion(spentRand)} of its ${formatRandMillion(envelopeRand)} over the horizon. ` +
      `${source.carryOver ? 'Unspent money carries over to the next year.' : 'Unspent money does not carry over: it lapses at the end of each year.'} ` +
      'Amounts in rand, shown in R million; MTEF = the first three years.';
    const name = grantSheetName(source.id);
    addSpendingTableSheet(workbook, name, `${source.id} ${source.name} by municipality and financial year`, 'Municipality', table, plan.financialYears, {
      note,
      illustrativeNote: source.illustrative ? plan.illustrativeNote : null,
    });
    names.push(name);
  }
  return names;
}
