/**
 * The master plan folder of `infraplan masterplan`: masterplan.xlsx (provincial summary and one
 * support plan per municipality), masterplan.json (the whole MasterPlan with the assumptions and
 * notes) and the two charts, written together through the atomic folder writer.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadExcelJs } from '../dataset/excel-module.js';
import type { Dataset } from '../dataset/types.js';
import { checkFolderNamed } from '../files/output-folder.js';
import { writeFolderAtomic } from '../files/atomic-folder.js';
import type { DatasetMasterPlan } from '../masterplan/apply-master-plan.js';
import { formatProblem } from '../errors/problems.js';
import { renderMasterPlanCharts } from './charts/masterplan-charts.js';
import { toJsonText } from './json-output.js';
import { addMasterPlanSheets } from './sheets/masterplan-sheets.js';
import { RunFolderExistsError, utcStamp } from './write-run.js';
import { workbookBytes } from './workbook.js';

/** File names inside a master plan folder. */
export const MASTERPLAN_FILES = { workbook: 'masterplan.xlsx', json: 'masterplan.json' } as const;

/**
 * The JSON document: where the plan came from, its assumptions, notes, warnings and the plan itself.
 * Every generated figure is illustrative. `warnings` are the ones the console prints (edited
 * generated rows, rows without a fingerprint, other owners' replacements), each with its file,
 * row, column, message and the console's sentence (`text`); empty when there are none.
 */
export function masterPlanDocument(result: DatasetMasterPlan, dataset: Dataset, scenarioName: string, overridesApplied: readonly string[]): Record<string, unknown> {
  return {
    model: dataset.config.name,
    scenario: scenarioName,
    overridesApplied,
    illustrative: result.assumptions.illustrative || result.masterPlan.balances.some((balance) => balance.illustrative),
    illustrativeNote: 'Design demands, shortfalls and generated upgrades are planning estimates from DWAF (2004) criteria and the model\'s masterplan settings (docs/masterplan.md), not official figures.',
    assetsFromNeeds: result.assetsFromNeeds,
    notes: result.notes,
    warnings: result.warnings.map((warning) => ({ file: warning.file, row: warning.row, column: warning.column, message: warning.message, text: formatProblem(warning) })),
    assumptions: result.assumptions,
    masterPlan: result.masterPlan,
  };
}

/** The master plan workbook bytes. */
export async function masterPlanWorkbookBytes(result: DatasetMasterPlan, dataset: Dataset, createdAt: Date): Promise<Buffer> {
  const workbook = new (loadExcelJs().Workbook)();
  workbook.creator = 'infraplan';
  workbook.title = `${dataset.config.title}: bulk master plan`;
  workbook.created = createdAt;
  workbook.modified = createdAt;
  workbook.calcProperties = { fullCalcOnLoad: true };
  addMasterPlanSheets(workbook, result, dataset);
  return workbookBytes(workbook);
}

/** Options of writeMasterPlanFolder. */
export interface WriteMasterPlanOptions {
  /** Folder the master plan folder is created in. */
  readonly outDir: string;
  /** Replace an existing folder of the same name. */
  readonly force?: boolean;
  /** When the command started; names the folder (UTC). */
  readonly startedAt: Date;
}

/**
 * Write `<model>-<scenario>-masterplan-<stamp>/` with the workbook, JSON and charts; returns its
 * path. The order of every output folder (run `<model>-<scenario>-<stamp>`, sweep, frontier and
 * stress `<model>-<scenario>-<command>-...`), so that one model's folders sort together (review
 * u4, finding 14); folders of the older name `masterplan-<model>-...` are still what they were.
 */
export async function writeMasterPlanFolder(result: DatasetMasterPlan, dataset: Dataset, scenarioName: string, overridesApplied: readonly string[], options: WriteMasterPlanOptions): Promise<string> {
  checkFolderNamed(options.outDir);
  const outDir = path.resolve(options.outDir);
  const safe = (text: string): string => text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '').slice(0, 40) || 'unnamed';
  const name = `${safe(dataset.config.name)}-${safe(scenarioName)}-masterplan-${utcStamp(options.startedAt)}`;
  if (existsSync(path.join(outDir, name)) && !options.force) throw new RunFolderExistsError(path.join(outDir, name));
  return writeFolderAtomic(
    outDir,
    name,
    async (folder) => {
      await folder.writeFile(MASTERPLAN_FILES.workbook, await masterPlanWorkbookBytes(result, dataset, options.startedAt));
      await folder.writeFile(MASTERPLAN_FILES.json, toJsonText(masterPlanDocument(result, dataset, scenarioName, overridesApplied)));
      for (const [fileName, png] of await renderMasterPlanCharts(result, dataset)) await folder.writeFile(fileName, png);
    },
    { force: Boolean(options.force), existsError: (folder) => new RunFolderExistsError(folder) },
  );
}
