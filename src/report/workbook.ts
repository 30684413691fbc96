/**
 * The investment-plan workbook: one module per sheet under sheets/, assembled here in the order an
 * official reads them (summary first, inputs and provenance last).
 */
import type ExcelJS from 'exceljs';
import { loadExcelJs } from '../dataset/excel-module.js';
import { addAssumptionsSheet } from './sheets/assumptions-sheet.js';
import { addChangesFromBaselineSheet } from './sheets/changes-from-baseline-sheet.js';
import { addDeferredProjectsSheet } from './sheets/deferred-projects-sheet.js';
import { addEnvelopeUseSheet } from './sheets/envelope-use-sheet.js';
import { addFundedProjectsSheet } from './sheets/funded-projects-sheet.js';
import { addFacilityRollOutSheets } from './sheets/facility-roll-out-sheet.js';
import { addInputSheets } from './sheets/input-sheets.js';
import { addManifestSheet } from './sheets/manifest-sheet.js';
import { addMasterPlanSheets } from './sheets/masterplan-sheets.js';
import { addMunicipalIndicesSheet } from './sheets/municipal-indices-sheet.js';
import { addOnePlanSheet } from './sheets/one-plan-sheet.js';
import { SHEET_NAMES, type ReportContext } from './sheets/report-context.js';
import { addSpendingSheets } from './sheets/spending-sheets.js';
import { addGrantSheets } from './sheets/grant-sheets.js';
import { addChartsSheet, fillSummarySheet } from './sheets/summary-sheet.js';
import { serviceIdsInWords } from '../dataset/services.js';

/** Build the workbook in memory. `createdAt` becomes the document's created date (pass a UTC-based Date). */
export function buildWorkbook(context: ReportContext, createdAt: Date): ExcelJS.Workbook {
  const workbook = new (loadExcelJs().Workbook)();
  workbook.creator = 'infraplan';
  workbook.lastModifiedBy = 'infraplan';
  workbook.title = `${context.dataset.config.title}: investment plan (${context.plan.scenarioName})`;
  workbook.subject = `Budget-constrained bulk ${serviceIdsInWords(context.plan.services)} investment plan`;
  workbook.keywords = `infraplan; ${context.plan.modelName}; ${context.plan.scenarioName}`;
  workbook.created = createdAt;
  workbook.modified = createdAt;
  // Recalculate on open so a reader who edits an input sees every total follow.
  workbook.calcProperties = { fullCalcOnLoad: true };

  const summary = workbook.addWorksheet(SHEET_NAMES.summary);
  addChartsSheet(workbook, context);
  addFundedProjectsSheet(workbook, context);
  addDeferredProjectsSheet(workbook, context);
  addOnePlanSheet(workbook, context);
  addChangesFromBaselineSheet(workbook, context);
  const spendingTotals = addSpendingSheets(workbook, context);
  addGrantSheets(workbook, context);
  const envelopeTotals = addEnvelopeUseSheet(workbook, context);
  addFacilityRollOutSheets(workbook, context);
  addMunicipalIndicesSheet(workbook, context);
  addInputSheets(workbook, context);
  addAssumptionsSheet(workbook, context);
  // The bulk master plan the run planned from: its summary and a one-page support plan per municipality.
  if (context.masterPlan !== undefined) addMasterPlanSheets(workbook, context.masterPlan, context.dataset);
  addManifestSheet(workbook, context);
  fillSummarySheet(workbook, summary, context, spendingTotals, envelopeTotals);
  return workbook;
}

/**
 * The workbook as the bytes of an .xlsx file. Files are written by the atomic writers
 * (atomic-file.ts, atomic-folder.ts), never by exceljs itself, which writes in place.
 */
export async function workbookBytes(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
