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

/**
 * Add one sheet per funding source of the model, in model order. Returns the sheet names. A
 * capital source's sheet shows what it builds, by municipality; an operating source's sheet shows
 * the running costs it pays, by funded centre (it never pays capital, so a capital table would be empty).
 */
export function addGrantSheets(workbook: ExcelJS.Workbook, context: ReportContext): string[] {
  const { plan, dataset } = context;
  const records = spendingRecords(plan, dataset);
  const runningCosts = spendingRecords(plan, dataset, 'operating');
  const municipalityName = new Map(dataset.municipalities.map((municipality) => [municipality.code, municipality.name]));
  const labels = Object.fromEntries(dataset.municipalities.map((municipality) => [municipality.code, `${municipality.code} ${municipality.name}`]));
  const names: string[] = [];
  for (const source of dataset.fundingSources) {
    const envelopeRand = plan.envelopeUse.filter((use) => use.sourceId === source.id).reduce((sum, use) => sum + use.envelopeRand, 0);
    const carryWords = source.carryOver ? 'Unspent money carries over to the next year.' : 'Unspent money does not carry over: it lapses at the end of each year.';
    const name = grantSheetName(source.id);
    const illustrativeNote = source.illustrative ? plan.illustrativeNote : null;
    if (source.purpose === 'operating') {
      const fromSource = runningCosts.filter((record) => record.sourceId === source.id);
      // Running costs are always a funded centre's (projectId set); the allocation has none.
      const centreOf = (record: (typeof fromSource)[number]): string => record.projectId ?? '';
      const centreIds = [...new Set(fromSource.map(centreOf))];
      const centreLabels = Object.fromEntries(fromSource.map((record) => [centreOf(record), `${centreOf(record)} ${municipalityName.get(record.municipalityCode) ?? record.municipalityCode}`]));
      const table = tabulateSpending(fromSource, centreOf, centreIds, centreLabels);
      const paidRand = fromSource.reduce((sum, record) => sum + record.amountRand, 0);
      const municipalityCount = new Set(fromSource.map((record) => record.municipalityCode)).size;
      const note =
        `${source.name} is an operating source: it pays running costs, never capital. It pays the running costs of ${centreIds.length} funded centres in ${municipalityCount} municipalities from their completion, ` +
        `${formatRandMillion(paidRand)} of its ${formatRandMillion(envelopeRand)} over the horizon. ${carryWords} Amounts in rand, shown in R million; MTEF = the first three years.`;
      addSpendingTableSheet(workbook, name, `${source.id} running costs by funded centre and financial year`, 'Centre', table, plan.financialYears, {
        note,
        illustrativeNote,
        totalLabel: 'Total running costs',
      });
      names.push(name);
      continue;
    }
    const fromSource = records.filter((record) => record.sourceId === source.id);
    const usedBy = new Set(fromSource.map((record) => record.municipalityCode));
    // Only municipalities the source pays for: a grant report lists where the money goes.
    const codes = dataset.municipalities.map((municipality) => municipality.code).filter((code) => usedBy.has(code));
    const table = tabulateSpending(fromSource, (record) => record.municipalityCode, codes, labels);
    const projectCount = projectsOf(plan).filter((project) => project.funded && project.spending.some((line) => line.sourceId === source.id && line.amountRand > 0)).length;
    const spentRand = fromSource.reduce((sum, record) => sum + record.amountRand, 0);
    const pays = plan.kind === 'portfolio' ? `${projectCount} funded projects in ${codes.length} municipalities` : `allocations to ${codes.length} municipalities`;
    const note =
      `${source.name}: pays for ${pays}, ${formatRandMillion(spentRand)} of its ${formatRandMillion(envelopeRand)} over the horizon. ` +
      `${carryWords} Amounts in rand, shown in R million; MTEF = the first three years.`;
    // The title names the source by id only: the name is in the note, which wraps, and a long name in the title was cut.
    addSpendingTableSheet(workbook, name, `${source.id} capital spending by municipality and financial year`, 'Municipality', table, plan.financialYears, {
      note,
      illustrativeNote,
    });
    names.push(name);
  }
  return names;
}
