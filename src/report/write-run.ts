/**
 * The run folder: `<model>-<scenario>-<YYYYMMDD-HHMMSS>` (UTC) holding investment-plan.xlsx,
 * charts/*.png, plan.json and manifest.json. It is written by writeFolderAtomic: into a hidden
 * temporary sibling first, renamed into place at the end, so an interrupted run leaves nothing
 * half-written, and an existing run is replaced only with `force`, recoverably.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DatasetMasterPlan } from '../masterplan/apply-master-plan.js';
import type { Dataset } from '../dataset/types.js';
import type { MunicipalIndex } from '../indicators/types.js';
import type { Plan } from '../plan/types.js';
import type { FileOperations } from '../files/atomic-file.js';
import { writeFolderAtomic } from '../files/atomic-folder.js';
import { renderCharts } from './charts/render-charts.js';
import { shortenName } from '../files/file-names.js';
import { buildManifest, type RunManifest } from './manifest.js';
import { checkFolderNamed } from '../files/output-folder.js';
import { buildWorkbook, workbookBytes } from './workbook.js';
import { planFileDocument, toJsonText } from './json-output.js';
import { priceBasis } from './summary-figures.js';

/** What a run folder is written from. */
export interface RunInput {
  /** The solved and checked plan. */
  readonly plan: Plan;
  /** The dataset as used (scenario applied). */
  readonly dataset: Dataset;
  /** Municipal indices (also summarised in the plan); written to plan.json for reuse. */
  readonly indices?: readonly MunicipalIndex[];
  /** Model folder or workbook path, or null for a dataset built in memory. */
  readonly modelPath: string | null;
  /** Scenario file, or null without one. */
  readonly scenarioPath: string | null;
  /** When the run started; names the folder (UTC). Default: now. */
  readonly startedAt?: Date;
  /** The bulk master plan the run used (its sheets join the workbook); absent when it used none. */
  readonly masterPlan?: DatasetMasterPlan;
}

/** The steps writeRunFolder reports, in order. */
export type RunStep = 'charts' | 'workbook' | 'json' | 'commit';

/** Options of writeRunFolder. */
export interface WriteRunOptions {
  /** Folder under which the run folder is created (made if missing). */
  readonly outDir: string;
  /** Replace an existing run folder of the same name. Default false. */
  readonly force?: boolean;
  /** Called before each step; used by the CLI for progress on a terminal. An error thrown here aborts the run cleanly. */
  readonly onStep?: (step: RunStep) => void;
  /** Clock for the finished timestamp (tests pin it). Default: the system clock. */
  readonly now?: () => Date;
  /** Called with a sentence for each thing recovered from an earlier interrupted run into outDir. */
  readonly onNote?: (note: string) => void;
  /** File-system operations; default the real ones (tests inject a full disk). */
  readonly operations?: FileOperations;
}

/** Thrown when the run folder exists and `force` was not given. Nothing is written. */
export class RunFolderExistsError extends Error {
  /** The folder that already exists. */
  readonly runFolder: string;
  constructor(runFolder: string) {
    super(`The run folder ${runFolder} already exists; pass --force to replace it, or wait a second for a new timestamp.`);
    this.name = 'RunFolderExistsError';
    this.runFolder = runFolder;
  }
}

/** File names inside a run folder. */
export const RUN_FILES = {
  workbook: 'investment-plan.xlsx',
  plan: 'plan.json',
  manifest: 'manifest.json',
  chartsFolder: 'charts',
} as const;

/** `YYYYMMDD-HHMMSS` of a date in UTC. */
export function utcStamp(date: Date): string {
  const pad = (value: number): string => String(value).padStart(2, '0');
  return (
    `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}-` +
    `${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`
  );
}

/** Longest model or scenario part of a run folder name, in characters; longer names are shortened with a hash. */
export const MAX_NAME_PART_CHARS = 40;

/** A name safe in a folder name on every platform: letters, digits, `-`, `_` and `.` only, at most MAX_NAME_PART_CHARS long. */
function safeNamePart(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '');
  return cleaned === '' ? 'unnamed' : shortenName(cleaned, MAX_NAME_PART_CHARS, text);
}

/**
 * The run folder name `<model>-<scenario>-<YYYYMMDD-HHMMSS>` for a plan started at `startedAt`.
 * A long model or scenario name is cut to 40 characters ending in a hash of the full name, so the
 * folder name stays within file-system limits (at most 97 characters).
 */
export function runFolderName(plan: Plan, startedAt: Date): string {
  return `${safeNamePart(plan.modelName)}-${safeNamePart(plan.scenarioName)}-${utcStamp(startedAt)}`;
}

/** Write a run folder (workbook, charts, plan.json, manifest.json) atomically; never overwrites unless force. Returns its path. */
export async function writeRunFolder(input: RunInput, options: WriteRunOptions): Promise<string> {
  const now = options.now ?? (() => new Date());
  const startedAt = input.startedAt ?? now();
  checkFolderNamed(options.outDir);
  const outDir = path.resolve(options.outDir);
  const name = runFolderName(input.plan, startedAt);
  // Checked first so a refused run costs nothing (not even the output folder).
  if (existsSync(path.join(outDir, name)) && !options.force) throw new RunFolderExistsError(path.join(outDir, name));
  return writeFolderAtomic(
    outDir,
    name,
    async (folder) => {
      options.onStep?.('charts');
      const charts = await renderCharts(input.plan, input.dataset);
      for (const chart of charts) await folder.writeFile(`${RUN_FILES.chartsFolder}/${chart.fileName}`, chart.png);

      const files = [RUN_FILES.workbook, ...charts.map((chart) => `${RUN_FILES.chartsFolder}/${chart.fileName}`), RUN_FILES.plan, RUN_FILES.manifest];
      const manifest: RunManifest = buildManifest(
        input.plan,
        input.dataset,
        { modelPath: input.modelPath, scenarioPath: input.scenarioPath, startedAt },
        now(),
        files,
      );

      options.onStep?.('workbook');
      const workbook = buildWorkbook({ plan: input.plan, dataset: input.dataset, charts, manifest, ...(input.masterPlan !== undefined ? { masterPlan: input.masterPlan } : {}) }, startedAt);
      await folder.writeFile(RUN_FILES.workbook, await workbookBytes(workbook));

      options.onStep?.('json');
      await folder.writeFile(RUN_FILES.plan, toJsonText(planFileDocument(input.plan, input.indices ?? null, priceBasis(input.dataset.config.baseFinancialYear), input.dataset)));
      await folder.writeFile(RUN_FILES.manifest, toJsonText(manifest));
    },
    {
      force: Boolean(options.force),
      existsError: (folder) => new RunFolderExistsError(folder),
      beforeCommit: () => options.onStep?.('commit'),
      ...(options.onNote ? { onNote: options.onNote } : {}),
      ...(options.operations ? { operations: options.operations } : {}),
    },
  );
}
