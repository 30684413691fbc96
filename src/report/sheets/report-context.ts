/**
 * What every sheet module receives: the Plan, the Dataset it was solved from, the rendered charts
 * and the run manifest. Sheets read nothing else, so a workbook is a pure function of these.
 */
import type { DatasetMasterPlan } from '../../masterplan/apply-master-plan.js';
import type { Dataset } from '../../dataset/types.js';
import type { Plan } from '../../plan/types.js';
import type { RenderedChart } from '../charts/render-charts.js';
import type { RunManifest } from '../manifest.js';

/** Inputs shared by the sheet writers. */
export interface ReportContext {
  /** The solved plan. */
  readonly plan: Plan;
  /** The dataset as used (scenario applied). */
  readonly dataset: Dataset;
  /** Rendered charts, embedded on the Summary and Charts sheets. */
  readonly charts: readonly RenderedChart[];
  /** The run manifest. */
  readonly manifest: RunManifest;
  /** The bulk master plan the run used, for its sheets; absent when the run used none. */
  readonly masterPlan?: DatasetMasterPlan;
}

/** Sheet names, so cross-sheet formulas and tests spell them the same way. */
export const SHEET_NAMES = {
  summary: 'Summary',
  charts: 'Charts',
  fundedProjects: 'Funded projects',
  fundedByYear: 'Funded projects by year',
  allocations: 'Allocations',
  deferredProjects: 'Deferred projects',
  spendingByMunicipality: 'Spending by municipality',
  spendingByDistrict: 'Spending by district',
  spendingByService: 'Spending by service',
  spendingBySource: 'Spending by source',
  envelopeUse: 'Envelope use',
  municipalIndices: 'Municipal indices',
  inputNeeds: 'Input needs',
  inputProjects: 'Input projects',
  inputEnvelopes: 'Input envelopes',
  inputPolicy: 'Input policy',
  assumptions: 'Assumptions and sources',
  manifest: 'Run manifest',
} as const;

/** A reference to another sheet's cell for a formula, quoted as Excel requires for names with spaces. */
export function sheetReference(sheetName: string, address: string): string {
  return `'${sheetName.replace(/'/g, "''")}'!${address}`;
}
