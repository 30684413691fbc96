/**
 * The investment-plan workbook: one module per sheet under sheets/, assembled here in the order an
 * official reads and prints them. WORKBOOK_LAYOUT is that order as data: the investment plan itself
 * first (Summary to Municipal indices), then the inputs and provenance of the numbers, then the
 * annexes (detail tables a treasury analyst reads, printed after the inputs so the plan itself stays
 * short), then the master plan's support plans and the run manifest.
 */
import type ExcelJS from 'exceljs';
import { loadExcelJs } from '../dataset/excel-module.js';
import { serviceLabelsInWords } from './format.js';
import { addAssumptionsSheet } from './sheets/assumptions-sheet.js';
import { addChangesFromBaselineSheet } from './sheets/changes-from-baseline-sheet.js';
import { addDeferredProjectsSheet } from './sheets/deferred-projects-sheet.js';
import { addEnvelopeUseSheet, type EnvelopeSheetTotals } from './sheets/envelope-use-sheet.js';
import { addFundedByYearSheet, addFundedProjectsSheet } from './sheets/funded-projects-sheet.js';
import { addFacilityRollOutSheets } from './sheets/facility-roll-out-sheet.js';
import { addInputSheets } from './sheets/input-sheets.js';
import { addManifestSheet } from './sheets/manifest-sheet.js';
import { addMasterPlanSheets } from './sheets/masterplan-sheets.js';
import { addMunicipalIndicesSheet } from './sheets/municipal-indices-sheet.js';
import { addOnePlanSheet } from './sheets/one-plan-sheet.js';
import { SHEET_NAMES, type ReportContext } from './sheets/report-context.js';
import { addSpendingSheets, type SpendingSheetTotals } from './sheets/spending-sheets.js';
import { addGrantSheets } from './sheets/grant-sheets.js';
import { addChartsSheet, fillSummarySheet } from './sheets/summary-sheet.js';

/**
 * The parts of the workbook, in print order. `plan` is the investment plan itself (what the
 * page target of issue 15 counts: every sheet before the first input sheet); `annex` sheets are
 * clearly titled annexes listed on the Summary.
 */
export type WorkbookPart = 'plan' | 'inputs' | 'annex' | 'master-plan' | 'provenance';

/** An annex as the Summary lists it and its sheets are titled: `Annex A. ...`. */
export interface AnnexSpec {
  /** Letter, in print order. */
  readonly letter: string;
  /** What the annex holds, in words. */
  readonly description: string;
}

/** What the sections of the workbook pass on to the Summary, which is filled last. */
interface WorkbookBuild {
  spendingTotals?: SpendingSheetTotals;
  envelopeTotals?: EnvelopeSheetTotals;
}

/** One section of the workbook: a sheet or a group of sheets written by one module. */
export interface WorkbookSection {
  /** Short key, for tests and docs. */
  readonly key: string;
  /** Which part of the workbook it belongs to. */
  readonly part: WorkbookPart;
  /** Set for annexes. */
  readonly annex?: AnnexSpec;
  /** Add the section's sheets (none when the plan has nothing for it). */
  readonly add: (workbook: ExcelJS.Workbook, context: ReportContext, build: WorkbookBuild) => void;
}

/** The workbook's sections in print order (the Summary is created first and filled last). */
export const WORKBOOK_LAYOUT: readonly WorkbookSection[] = [
  { key: 'summary', part: 'plan', add: (workbook) => void workbook.addWorksheet(SHEET_NAMES.summary) },
  { key: 'charts', part: 'plan', add: addChartsSheet },
  { key: 'funded-projects', part: 'plan', add: addFundedProjectsSheet },
  { key: 'deferred-projects', part: 'plan', add: addDeferredProjectsSheet },
  { key: 'changes-from-baseline', part: 'plan', add: addChangesFromBaselineSheet },
  { key: 'spending', part: 'plan', add: (workbook, context, build) => (build.spendingTotals = addSpendingSheets(workbook, context)) },
  { key: 'envelope-use', part: 'plan', add: (workbook, context, build) => (build.envelopeTotals = addEnvelopeUseSheet(workbook, context)) },
  { key: 'facility-roll-out', part: 'plan', add: (workbook, context) => void addFacilityRollOutSheets(workbook, context) },
  { key: 'municipal-indices', part: 'plan', add: addMunicipalIndicesSheet },
  { key: 'inputs', part: 'inputs', add: addInputSheets },
  { key: 'assumptions', part: 'inputs', add: addAssumptionsSheet },
  {
    key: 'funded-by-year',
    part: 'annex',
    annex: { letter: 'A', description: "each funded project's spending per financial year (with the MTEF subtotal) and what each funding source pays" },
    add: addFundedByYearSheet,
  },
  {
    key: 'funding-sources',
    part: 'annex',
    annex: { letter: 'B', description: 'one sheet per funding source: what it pays for, by municipality and financial year, with the MTEF subtotal' },
    add: (workbook, context) => void addGrantSheets(workbook, context),
  },
  {
    key: 'one-plan',
    part: 'annex',
    annex: { letter: 'C', description: "the District Development Model's One Plan: an introduction (the three spheres it joins, which figures are illustrative), then every sphere's funded projects district by district, each district on pages of its own, with spending by year and by source" },
    add: addOnePlanSheet,
  },
  // The bulk master plan the run planned from: its summary and a one-page support plan per municipality.
  { key: 'master-plan', part: 'master-plan', add: (workbook, context) => (context.masterPlan !== undefined ? addMasterPlanSheets(workbook, context.masterPlan, context.dataset) : undefined) },
  { key: 'manifest', part: 'provenance', add: addManifestSheet },
];

/** An annex as written: its letter, description and the sheets it took (in order). */
export interface WrittenAnnex extends AnnexSpec {
  /** Sheet names. */
  readonly sheetNames: readonly string[];
}

/** Build the workbook in memory. `createdAt` becomes the document's created date (pass a UTC-based Date). */
export function buildWorkbook(context: ReportContext, createdAt: Date): ExcelJS.Workbook {
  const workbook = new (loadExcelJs().Workbook)();
  workbook.creator = 'infraplan';
  workbook.lastModifiedBy = 'infraplan';
  workbook.title = `${context.dataset.config.title}: investment plan (${context.plan.scenarioName})`;
  // The services as an official reads them (File > Info, a PDF's properties): labels, not ids (`thusong`).
  workbook.subject = `Budget-constrained investment plan: ${serviceLabelsInWords(context.plan.services)}`;
  workbook.keywords = `infraplan; ${context.plan.modelName}; ${context.plan.scenarioName}`;
  workbook.created = createdAt;
  workbook.modified = createdAt;
  // Recalculate on open so a reader who edits an input sees every total follow.
  workbook.calcProperties = { fullCalcOnLoad: true };

  const build: WorkbookBuild = {};
  const annexes: WrittenAnnex[] = [];
  for (const section of WORKBOOK_LAYOUT) {
    const before = workbook.worksheets.length;
    section.add(workbook, context, build);
    const added = workbook.worksheets.slice(before);
    if (section.annex !== undefined && added.length > 0) {
      for (const sheet of added) markAsAnnex(sheet, section.annex);
      annexes.push({ ...section.annex, sheetNames: added.map((sheet) => sheet.name) });
    }
  }
  const summary = workbook.getWorksheet(SHEET_NAMES.summary);
  if (summary === undefined || build.spendingTotals === undefined || build.envelopeTotals === undefined) throw new Error('the workbook layout lost the Summary, spending or envelope section');
  fillSummarySheet(workbook, summary, context, build.spendingTotals, build.envelopeTotals, annexes);
  return workbook;
}

/** Title an annex sheet `Annex A. <title>` and say so in its page footer, so a printed page is never mistaken for the plan. */
function markAsAnnex(sheet: ExcelJS.Worksheet, annex: AnnexSpec): void {
  const title = sheet.getCell('A1');
  if (typeof title.value === 'string') title.value = `Annex ${annex.letter}. ${title.value}`;
  sheet.headerFooter.oddFooter = `&LAnnex ${annex.letter}: &A&RPage &P of &N`;
}

/**
 * The workbook as the bytes of an .xlsx file. Files are written by the atomic writers
 * (atomic-file.ts, atomic-folder.ts), never by exceljs itself, which writes in place.
 */
export async function workbookBytes(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
