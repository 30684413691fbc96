/**
 * The issue-14 cases as command lines, for measuring the previous release against the current
 * checkout in the same run (bench/release-compare.ts). Both releases get the same input: the
 * current checkout's models/western-cape (and, for the stability case, a copy of it with one
 * unfundable project added), so the ratio measures the code, not a changed model. An older release
 * gets it as it can read it (modelAsReleaseReadsIt): the columns its own shipped model lacks (such
 * as `generated_fingerprint`, which records a generated row as written, added after v0.1.0) are
 * left out of its copy, so it plans the same rows without refusing an unknown column. A run folder an
 * explain or stability case starts from is made by that release's own `run` (untimed unless it is
 * the issue14-run case itself), because a plan.json of one release need not be readable by another.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { CliCall, CliOption, ComparedCase, ReleaseSide } from './release-compare.js';
import { timeCli } from './release-compare.js';

/** The default model's gap in the issue's `run` target (0.1%). */
const RUN_RELATIVE_GAP = '0.001';
/** The in-process cases' explain pool, kept for the command lines. */
const WORKERS = '2';

/** An option that changes what the case measures: a release without it cannot run the case. */
function essential(name: string, ...values: string[]): CliOption {
  return { name, values, essential: true };
}

/** An option a release may lack without changing what is measured (it is dropped with a note). */
function optional(name: string, ...values: string[]): CliOption {
  return { name, values, essential: false };
}

/** Copy a model folder (its files only: models are flat folders of CSV and model.yaml). */
function copyModelFolder(source: string, target: string): void {
  mkdirSync(target, { recursive: true });
  for (const entry of readdirSync(source, { withFileTypes: true })) if (entry.isFile()) copyFileSync(path.join(source, entry.name), path.join(target, entry.name));
}

/** The header of a CSV file, or null when there is none. */
function headerOf(csvPath: string): string[] | null {
  if (!existsSync(csvPath)) return null;
  const [header] = parse(readFileSync(csvPath, 'utf8'), { to_line: 1 }) as string[][];
  return header ?? null;
}

/**
 * A copy of the model at `modelPath` as the release checked out at `releaseFolder` reads it: each
 * CSV table keeps only the columns the same table of that release's own copy of the model has
 * (every column when that release has no such table). Returns `modelPath` itself when nothing
 * needs leaving out, else the copy in `targetFolder`.
 */
export function modelAsReleaseReadsIt(modelPath: string, releaseFolder: string, targetFolder: string): string {
  const releaseModel = path.join(releaseFolder, 'models', path.basename(modelPath));
  const yamlKept = modelYamlAsReleaseReadsIt(path.join(modelPath, 'model.yaml'), path.join(releaseModel, 'model.yaml'));
  const trimmed = new Map<string, string[]>();
  for (const entry of readdirSync(modelPath, { withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.csv')) continue;
    const known = headerOf(path.join(releaseModel, entry.name));
    const header = headerOf(path.join(modelPath, entry.name));
    if (known === null || header === null) continue;
    const kept = header.filter((column) => known.includes(column));
    if (kept.length < header.length) trimmed.set(entry.name, kept);
  }
  if (trimmed.size === 0 && yamlKept === null) return modelPath;
  copyModelFolder(modelPath, targetFolder);
  if (yamlKept !== null) writeFileSync(path.join(targetFolder, 'model.yaml'), yamlKept);
  for (const [name, columns] of trimmed) {
    const rows = parse(readFileSync(path.join(modelPath, name), 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    writeFileSync(path.join(targetFolder, name), stringify(rows, { header: true, columns }));
  }
  return targetFolder;
}

/** `value` with only the keys `known` has, recursively; a list's entries matched by `id` (else the first entry). */
function keysKnown(value: unknown, known: unknown): unknown {
  if (Array.isArray(value) && Array.isArray(known)) {
    return value.map((entry) => {
      const id = (entry as { id?: unknown } | null)?.id;
      const counterpart = known.find((candidate) => id !== undefined && (candidate as { id?: unknown } | null)?.id === id) ?? known[0];
      return counterpart === undefined ? entry : keysKnown(entry, counterpart);
    });
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && known !== null && typeof known === 'object' && !Array.isArray(known)) {
    const kept: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) if (key in known) kept[key] = keysKnown(entry, (known as Record<string, unknown>)[key]);
    return kept;
  }
  return value;
}

/**
 * The current model.yaml as a release reads it: the keys its own shipped model.yaml lacks (such as
 * a facility service's `anchor_departments`, added after v0.1.0, which v0.1.0 refuses, and with it
 * the whole file) left out, recursively. Null when nothing needs leaving out or either file is
 * missing. The copy loses the file's comments (it is the bench's scratch copy).
 */
export function modelYamlAsReleaseReadsIt(currentYamlPath: string, releaseYamlPath: string): string | null {
  if (!existsSync(currentYamlPath) || !existsSync(releaseYamlPath)) return null;
  const current = parseYaml(readFileSync(currentYamlPath, 'utf8')) as unknown;
  const kept = keysKnown(current, parseYaml(readFileSync(releaseYamlPath, 'utf8')) as unknown);
  return JSON.stringify(kept) === JSON.stringify(current) ? null : stringifyYaml(kept);
}

/**
 * Write a copy of the model with one project added that costs R400 million and serves nobody (the
 * in-process stability case's `unfundableProject`): no plan funds it, so with --baseline nothing
 * else should move. Returns the copy's folder.
 */
export function writeModelWithUnfundableProject(modelPath: string, targetFolder: string): string {
  copyModelFolder(modelPath, targetFolder);
  const projectsPath = path.join(targetFolder, 'projects.csv');
  const rows = parse(readFileSync(projectsPath, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const template = rows.find((row) => row.status === 'candidate');
  if (template === undefined) throw new Error(`${projectsPath}: no candidate project to copy`);
  const added: Record<string, string> = {
    ...template,
    project_id: `${template.project_id}-BENCH`,
    description: 'bench: added low-benefit pipeline',
    prerequisites: '',
    exclusive_group: '',
    households_served: '0',
    capacity_added_ml_per_day: '0.05',
    capex_rand: '400000000',
    cashflow_percent: '40;60',
    status: 'candidate',
    benefit_override: '',
  };
  // Money by percentage only (a template's rand cash flow would contradict it); a planner's entry.
  if ('cashflow_rand' in added) added.cashflow_rand = '';
  if ('origin' in added) added.origin = 'planner';
  // A planner's row carries no fingerprint of a generated one (docs/masterplan.md).
  if ('generated_fingerprint' in added) added.generated_fingerprint = '';
  writeFileSync(projectsPath, stringify([...rows, added], { header: true, columns: Object.keys(rows[0]) }));
  return targetFolder;
}

/** The run folder (the one folder holding plan.json) under `outFolder`, or null. */
export function runFolderUnder(outFolder: string): string | null {
  if (!existsSync(outFolder)) return null;
  const folders = readdirSync(outFolder, { withFileTypes: true }).filter((entry) => entry.isDirectory() && existsSync(path.join(outFolder, entry.name, 'plan.json')));
  return folders.length === 0 ? null : path.join(outFolder, folders[folders.length - 1].name);
}

/** The project the explain-project case asks about, as the in-process case picks it: WC011-S-01 when deferred, else the first deferred for money. */
export function deferredProjectOf(planJsonPath: string): string | null {
  const document = JSON.parse(readFileSync(planJsonPath, 'utf8')) as { plan?: { projects?: { id: string; funded: boolean; deferralReason?: string | null }[] } };
  const projects = document.plan?.projects ?? [];
  return (projects.find((project) => project.id === 'WC011-S-01' && !project.funded) ?? projects.find((project) => !project.funded && project.deferralReason === 'budget'))?.id ?? null;
}

/** The run call of the issue14-run case: the default model at the 0.1% gap, into `outFolder`. */
function runCall(modelPath: string, outFolder: string, baseline?: string): CliCall {
  return { command: 'run', positionals: [modelPath], options: [essential('gap', RUN_RELATIVE_GAP), ...(baseline === undefined ? [] : [essential('baseline', baseline)]), optional('out', outFolder)] };
}

/**
 * The compared cases for the wanted ids. `modelPath` is the current checkout's default model;
 * `scratchFolder` holds the stability model; each release writes under its own scratch folder.
 */
export function issue14CliCases(currentModelPath: string, scratchFolder: string, wanted: (id: string) => boolean, progress: (message: string) => void): ComparedCase[] {
  // Each release's copy of the default model, as it reads it (the current checkout's is the model itself).
  const models = new Map<string, string>();
  const modelOf = (side: ReleaseSide): string => {
    if (!models.has(side.label)) models.set(side.label, side.label === 'current' ? currentModelPath : modelAsReleaseReadsIt(currentModelPath, side.folder, path.join(scratchFolder, `western-cape-for-${side.label}`)));
    return models.get(side.label) as string;
  };
  const runOut = (side: ReleaseSide): string => path.join(side.scratchFolder, 'issue14-run');
  const prepared = new Map<string, string | null>();
  // The run folder an explain or stability case starts from: the issue14-run case's own, or one made now (untimed).
  const runFolderOf = async (side: ReleaseSide): Promise<string | null> => {
    const found = runFolderUnder(runOut(side));
    if (found !== null) return found;
    if (!prepared.has(side.label)) {
      progress(`issue14 on ${side.label}: the run folder the case starts from (not timed)`);
      const outFolder = path.join(side.scratchFolder, 'issue14-prepare');
      const made = await timeCli(side.folder, ['run', modelOf(side), '--gap', RUN_RELATIVE_GAP, '--out', outFolder], side.scratchFolder);
      if (made.exitCode !== 0) progress(`  the run failed (exit ${made.exitCode}): ${made.stderrTail.trim().split('\n').slice(-1)[0] ?? ''}`);
      prepared.set(side.label, runFolderUnder(outFolder));
    }
    return prepared.get(side.label) ?? null;
  };
  // A missing run folder is passed as a path that does not exist: that release's explain then fails
  // with its own message, which the comparison's note shows.
  const baselineOf = async (side: ReleaseSide): Promise<string> => (await runFolderOf(side)) ?? path.join(side.scratchFolder, 'no-run-folder');
  // Each release explains a project its own plan defers (chosen as the in-process case chooses): a
  // release whose benefit rules changed may fund the other's choice (v0.1.0 defers WC011-T-01, which
  // the current plan funds), and explaining a funded project is refused.
  const projectIds = new Map<string, string | null>();
  const explainedProject = async (side: ReleaseSide): Promise<string> => {
    if (!projectIds.has(side.label)) {
      const folder = await runFolderOf(side);
      projectIds.set(side.label, folder === null ? null : deferredProjectOf(path.join(folder, 'plan.json')));
    }
    return projectIds.get(side.label) ?? 'WC011-S-01';
  };
  const stabilityModels = new Map<string, string>();
  const cases: ComparedCase[] = [
    { id: 'issue14-run', call: (side) => runCall(modelOf(side), runOut(side)) },
    {
      id: 'issue14-stability',
      call: async (side) => {
        if (!stabilityModels.has(side.label)) stabilityModels.set(side.label, writeModelWithUnfundableProject(modelOf(side), path.join(scratchFolder, `western-cape-plus-one-for-${side.label}`)));
        return runCall(stabilityModels.get(side.label) as string, path.join(side.scratchFolder, 'issue14-stability'), await baselineOf(side));
      },
    },
    {
      id: 'issue14-explain-project',
      call: async (side) => ({ command: 'explain', positionals: [modelOf(side)], options: [essential('baseline', await baselineOf(side)), essential('project', await explainedProject(side)), optional('workers', WORKERS)] }),
    },
    {
      id: 'issue14-explain-top10',
      call: async (side) => ({ command: 'explain', positionals: [modelOf(side)], options: [essential('baseline', await baselineOf(side)), essential('top', '10'), optional('workers', WORKERS)] }),
    },
    {
      id: 'issue14-stress-100',
      call: (side) => ({ command: 'stress', positionals: [modelOf(side)], options: [essential('draws', '100'), essential('seed', '1'), optional('workers', WORKERS), optional('out', path.join(side.scratchFolder, 'issue14-stress'))] }),
    },
    {
      id: 'issue14-sweep-9',
      call: (side) => ({ command: 'sweep', positionals: [modelOf(side)], options: [essential('budget-scale', '0.6:1.4:9'), optional('workers', WORKERS), optional('out', path.join(side.scratchFolder, 'issue14-sweep'))] }),
    },
  ];
  return cases.filter((compared) => wanted(compared.id));
}
