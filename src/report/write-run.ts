/**
 * The run folder: `<model>-<scenario>-<YYYYMMDD-HHMMSS>` (UTC) holding investment-plan.xlsx,
 * charts/*.png, plan.json and manifest.json. Everything is written into a temporary sibling
 * `.tmp-<name>-<pid>` and renamed into place at the end, so an interrupted run leaves nothing
 * half-written, and an existing run is replaced only with `force` and only once the new one is
 * complete.
 */
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Dataset } from '../dataset/types.js';
import type { MunicipalIndex } from '../indicators/types.js';
import type { Plan } from '../plan/types.js';
import { renderCharts } from './charts/render-charts.js';
import { buildManifest, type RunManifest } from './manifest.js';
import { prepareOutputFolder } from './output-folder.js';
import { buildWorkbook, writeWorkbookFile } from './workbook.js';
import { toJsonText } from './json-output.js';

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

/** A name safe in a folder name on every platform: letters, digits, `-`, `_` and `.` only. */
function safeNamePart(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '');
  return cleaned === '' ? 'unnamed' : cleaned;
}

/** The run folder name `<model>-<scenario>-<YYYYMMDD-HHMMSS>` for a plan started at `startedAt`. */
export function runFolderName(plan: Plan, startedAt: Date): string {
  return `${safeNamePart(plan.modelName)}-${safeNamePart(plan.scenarioName)}-${utcStamp(startedAt)}`;
}

/** Write a run folder (workbook, charts, plan.json, manifest.json) atomically; never overwrites unless force. Returns its path. */
export async function writeRunFolder(input: RunInput, options: WriteRunOptions): Promise<string> {
  const now = options.now ?? (() => new Date());
  const startedAt = input.startedAt ?? now();
  const outDir = path.resolve(options.outDir);
  const name = runFolderName(input.plan, startedAt);
  const runFolder = path.join(outDir, name);
  // Checked first so a refused run costs nothing; checked again before the rename in case another run got there.
  if (existsSync(runFolder) && !options.force) throw new RunFolderExistsError(runFolder);
  await prepareOutputFolder(outDir);
  const temporaryFolder = path.join(outDir, `.tmp-${name}-${process.pid}`);
  await rm(temporaryFolder, { recursive: true, force: true });
  await mkdir(path.join(temporaryFolder, RUN_FILES.chartsFolder), { recursive: true });
  try {
    options.onStep?.('charts');
    const charts = await renderCharts(input.plan, input.dataset);
    for (const chart of charts) await writeFile(path.join(temporaryFolder, RUN_FILES.chartsFolder, chart.fileName), chart.png);

    const files = [RUN_FILES.workbook, ...charts.map((chart) => `${RUN_FILES.chartsFolder}/${chart.fileName}`), RUN_FILES.plan, RUN_FILES.manifest];
    const manifest: RunManifest = buildManifest(
      input.plan,
      input.dataset,
      { modelPath: input.modelPath, scenarioPath: input.scenarioPath, startedAt },
      now(),
      files,
    );

    options.onStep?.('workbook');
    const workbook = buildWorkbook({ plan: input.plan, dataset: input.dataset, charts, manifest }, startedAt);
    await writeWorkbookFile(workbook, path.join(temporaryFolder, RUN_FILES.workbook));

    options.onStep?.('json');
    const planDocument = { plan: input.plan, indices: input.indices ?? null };
    await writeFile(path.join(temporaryFolder, RUN_FILES.plan), toJsonText(planDocument));
    await writeFile(path.join(temporaryFolder, RUN_FILES.manifest), toJsonText(manifest));

    options.onStep?.('commit');
    await commitFolder(temporaryFolder, runFolder, Boolean(options.force));
  } catch (error) {
    await rm(temporaryFolder, { recursive: true, force: true });
    throw error;
  }
  return runFolder;
}

/**
 * Move the finished temporary folder into place. With force, the old folder is first moved aside
 * and deleted only after the new one is in place, so a failure at any point keeps one complete run.
 */
async function commitFolder(temporaryFolder: string, runFolder: string, force: boolean): Promise<void> {
  if (!existsSync(runFolder)) {
    await rename(temporaryFolder, runFolder);
    return;
  }
  if (!force) throw new RunFolderExistsError(runFolder);
  const asideFolder = `${path.join(path.dirname(runFolder), `.tmp-replaced-${path.basename(runFolder)}`)}-${process.pid}`;
  await rm(asideFolder, { recursive: true, force: true });
  await rename(runFolder, asideFolder);
  try {
    await rename(temporaryFolder, runFolder);
  } catch (error) {
    await rename(asideFolder, runFolder);
    throw error;
  }
  await rm(asideFolder, { recursive: true, force: true });
}
