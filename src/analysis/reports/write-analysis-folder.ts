/**
 * Output folders of the analysis commands, written the way `run` writes its folder
 * (files/atomic-folder.ts): everything goes into a hidden temporary sibling folder first, which
 * is renamed into place at the end, so a reader never sees half a report; an existing folder is
 * only replaced with `force`, recoverably.
 */
import { UserFacingError } from '../../errors/exit-codes.js';
import type { FileOperations } from '../../files/atomic-file.js';
import { writeFolderAtomic } from '../../files/atomic-folder.js';
import { MAX_FOLDER_NAME_CHARS, shortenName } from '../../files/file-names.js';
import { utcStamp } from '../../report/write-run.js';

/** One file of an output folder: a relative path and its content. */
export interface OutputFile {
  /** Path inside the folder, e.g. `charts/frontier.png`. */
  readonly relativePath: string;
  /** Bytes or UTF-8 text. */
  readonly content: Buffer | string;
}

/** Options of writeAnalysisFolder besides force. */
export interface AnalysisFolderOptions {
  /** Called with a sentence for each thing recovered from an earlier interrupted run. */
  readonly onNote?: (note: string) => void;
  /** File-system operations; default the real ones (tests inject a full disk). */
  readonly operations?: FileOperations;
}

/**
 * Write `files` into the folder `name` inside `parentFolder` atomically and return the folder's
 * absolute path. Throws a UserFacingError when the folder exists and `force` is not set.
 */
export async function writeAnalysisFolder(
  parentFolder: string,
  name: string,
  files: readonly OutputFile[],
  force = false,
  options: AnalysisFolderOptions = {},
): Promise<string> {
  return writeFolderAtomic(
    parentFolder,
    name,
    async (folder) => {
      for (const file of files) await folder.writeFile(file.relativePath, file.content);
    },
    {
      force,
      existsError: (target) => new UserFacingError(`${target} already exists; add --force to replace it`),
      ...(options.onNote ? { onNote: options.onNote } : {}),
      ...(options.operations ? { operations: options.operations } : {}),
    },
  );
}

/** Characters of an analysis folder name before `-<YYYYMMDD-HHMMSS>`. */
const MAX_PREFIX_CHARS = MAX_FOLDER_NAME_CHARS - '-YYYYMMDD-HHMMSS'.length;

/**
 * The folder name `<parts joined by ->-<YYYYMMDD-HHMMSS UTC>`, like a run folder's. Parts that
 * together are long (many scenarios compared, long names) are cut to fit MAX_FOLDER_NAME_CHARS,
 * ending in a hash of the full text so that different long names keep different folders.
 */
export function analysisFolderName(parts: readonly string[], startedAt: Date): string {
  const full = parts.map(folderSlug).join('-');
  return `${shortenName(full, MAX_PREFIX_CHARS, parts.join('\u0000'))}-${utcStamp(startedAt)}`;
}

/** A folder-name-safe slug: lower case letters, digits, dots and hyphens. */
export function folderSlug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9.]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'unnamed';
}
