/**
 * Output folders of the analysis commands, written the way `run` writes its folder: everything goes
 * into a temporary sibling folder first, which is renamed into place at the end, so a reader never
 * sees half a report; an existing folder is only replaced with `force`.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UserFacingError } from '../../cli/exit.js';
import { prepareOutputFolder } from '../../report/output-folder.js';
import { utcStamp } from '../../report/write-run.js';

/** One file of an output folder: a relative path and its content. */
export interface OutputFile {
  /** Path inside the folder, e.g. `charts/frontier.png`. */
  readonly relativePath: string;
  /** Bytes or UTF-8 text. */
  readonly content: Buffer | string;
}

/**
 * Write `files` into the folder `name` inside `parentFolder` atomically and return the folder's
 * absolute path. Throws a UserFacingError when the folder exists and `force` is not set.
 */
export async function writeAnalysisFolder(parentFolder: string, name: string, files: readonly OutputFile[], force = false): Promise<string> {
  const target = path.resolve(parentFolder, name);
  if (existsSync(target) && !force) {
    throw new UserFacingError(`${target} already exists; add --force to replace it`);
  }
  const parent = path.dirname(target);
  await prepareOutputFolder(parent);
  const temporary = await mkdtemp(path.join(parent, `.${path.basename(target)}.partial-`));
  try {
    for (const file of files) {
      const destination = path.join(temporary, file.relativePath);
      await mkdir(path.dirname(destination), { recursive: true });
      await writeFile(destination, file.content);
    }
    if (existsSync(target)) {
      // Move the old folder aside first so a failed rename below leaves it recoverable.
      const previous = `${temporary}.replaced`;
      await rename(target, previous);
      await rename(temporary, target);
      await rm(previous, { recursive: true, force: true });
    } else {
      await rename(temporary, target);
    }
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
  return target;
}

/** The folder name `<parts joined by ->-<YYYYMMDD-HHMMSS UTC>`, like a run folder's. */
export function analysisFolderName(parts: readonly string[], startedAt: Date): string {
  return [...parts.map(folderSlug), utcStamp(startedAt)].join('-');
}

/** A folder-name-safe slug: lower case letters, digits, dots and hyphens. */
export function folderSlug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9.]+/g, '-').replace(/^-+|-+$/g, '') || 'unnamed';
}
