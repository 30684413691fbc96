/**
 * The one gate every input file passes: tables, workbooks, model.yaml and scenario files. It reads
 * only regular files (a pipe or a device such as /dev/zero would block or never end), refuses files
 * past a size limit before reading them, and decodes text as UTF-8 only, with advice that fits the
 * kind of file. Problems come back located, never thrown, so a loader can collect them all.
 */
import { constants, statSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { MAX_DATABASE_FILE_BYTES, MAX_JSON_FILE_BYTES, MAX_TABLE_FILE_BYTES, MAX_YAML_FILE_BYTES } from './limits.js';
import type { DataProblem } from '../errors/problems.js';

/**
 * What a file holds, which decides its size limit and the advice on encoding: model tables and
 * returned forms (csv, xlsx), model.yaml and scenarios (yaml), JSON documents such as a plan
 * (json), and the central database (database, opened by SQLite itself after this check).
 */
export type InputFileKind = 'csv' | 'xlsx' | 'yaml' | 'json' | 'database';

/** The size limit of each kind, bytes. */
export const MAX_FILE_BYTES: Readonly<Record<InputFileKind, number>> = {
  csv: MAX_TABLE_FILE_BYTES,
  xlsx: MAX_TABLE_FILE_BYTES,
  yaml: MAX_YAML_FILE_BYTES,
  json: MAX_JSON_FILE_BYTES,
  database: MAX_DATABASE_FILE_BYTES,
};

/** The kind in words, for the size message. */
const KIND_WORDS: Readonly<Record<InputFileKind, string>> = {
  csv: 'a table file',
  xlsx: 'a table file',
  yaml: 'a YAML file',
  json: 'a JSON file',
  database: 'a database file',
};

/** Bytes in megabytes for messages. */
function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MB`;
}

/** What a non-regular file is, in words. */
function describeSpecialFile(stats: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (stats.isDirectory()) return 'is a folder, expected a file';
  if (stats.isFIFO()) return 'is a pipe (FIFO), not a regular file; only regular files are read';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'is a device, not a regular file; only regular files are read';
  if (stats.isSocket()) return 'is a socket, not a regular file; only regular files are read';
  return 'is not a regular file; only regular files are read';
}

/** A problem about the whole file. */
function fileProblem(label: string, message: string): DataProblem {
  return { file: label, row: null, column: null, message };
}

/** The message for a failed read, by error code. */
function readErrorMessage(error: unknown, missingMessage: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return missingMessage;
  if (code === 'EISDIR') return 'is a folder, expected a file';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot read the file: permission denied';
  return `cannot read the file (${code ?? (error as Error).message})`;
}

/** Options of readInputFile. */
export interface ReadInputOptions {
  /** Message when the file does not exist; default `file not found`. */
  readonly missingMessage?: string;
}

/**
 * Read a whole input file through the gate: it must exist, be a regular file and be no larger
 * than its kind allows. Returns the bytes, or null with the problem.
 */
export async function readInputFile(filePath: string, label: string, kind: InputFileKind, options: ReadInputOptions = {}): Promise<{ bytes: Buffer | null; problems: DataProblem[] }> {
  const missingMessage = options.missingMessage ?? 'file not found';
  const limit = MAX_FILE_BYTES[kind];
  let stats;
  try {
    stats = await stat(filePath);
  } catch (error) {
    return { bytes: null, problems: [fileProblem(label, readErrorMessage(error, missingMessage))] };
  }
  if (!stats.isFile()) return { bytes: null, problems: [fileProblem(label, describeSpecialFile(stats))] };
  if (stats.size > limit) {
    return { bytes: null, problems: [fileProblem(label, `file is ${megabytes(stats.size)}, more than the ${megabytes(limit)} ${KIND_WORDS[kind]} may have (see docs/validation.md)`)] };
  }
  // Opened without blocking, and checked again once open: the path may have been swapped for a
  // pipe since the stat, and opening a pipe for reading would otherwise wait for a writer forever.
  let handle;
  try {
    handle = await open(filePath, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return { bytes: null, problems: [fileProblem(label, readErrorMessage(error, missingMessage))] };
  }
  try {
    const openStats = await handle.stat();
    if (!openStats.isFile()) return { bytes: null, problems: [fileProblem(label, describeSpecialFile(openStats))] };
    // Read in chunks up to one byte past the limit: the size a stat reports may be stale (the
    // file grows while read) or 0 for files whose length is unknown until read.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(openStats.size - total, 0) + 65_536, limit + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > limit) {
        return { bytes: null, problems: [fileProblem(label, `file is more than the ${megabytes(limit)} ${KIND_WORDS[kind]} may have (see docs/validation.md)`)] };
      }
    }
    return { bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total), problems: [] };
  } catch (error) {
    return { bytes: null, problems: [fileProblem(label, readErrorMessage(error, missingMessage))] };
  } finally {
    await handle.close();
  }
}

/**
 * The gate for a file another library opens itself (SQLite opens the database by its path): the
 * same checks as readInputFile without reading, synchronously. Returns the problem, or null when
 * the file is a regular file within its limit, or does not exist (the caller decides whether a
 * missing file is an error or is to be created).
 */
export function checkInputFileSync(filePath: string, label: string, kind: InputFileKind): DataProblem | null {
  let stats;
  try {
    stats = statSync(filePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return fileProblem(label, readErrorMessage(error, 'file not found'));
  }
  if (!stats.isFile()) return fileProblem(label, describeSpecialFile(stats));
  const limit = MAX_FILE_BYTES[kind];
  if (stats.size > limit) return fileProblem(label, `file is ${megabytes(stats.size)}, more than the ${megabytes(limit)} ${KIND_WORDS[kind]} may have (see docs/validation.md)`);
  return null;
}

/** How to save a file of each kind as UTF-8, for the advice in a message. */
const SAVE_AS_UTF8: Readonly<Record<TextFileKind, string>> = {
  csv: 'save it from Excel as "CSV UTF-8 (comma delimited)"',
  yaml: 'save it as UTF-8 (in Notepad: Save As, Encoding "UTF-8")',
  json: 'save it as UTF-8',
};

/** The kinds read as text. */
export type TextFileKind = Exclude<InputFileKind, 'xlsx' | 'database'>;

/**
 * The encoding of a text file that is not UTF-8 but one of the wide encodings Windows programs
 * write (Notepad's "Unicode" is UTF-16), named so the advice fits: by its byte-order mark, or
 * without one by where the zero bytes fall (ASCII text in UTF-16 has a zero byte beside every
 * letter). Any other zero byte means the file is not text at all: 'binary'. Null for text without
 * zero bytes, which is then decoded as UTF-8.
 */
function otherEncoding(bytes: Buffer): string | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0) return 'UTF-32';
  if (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff) return 'UTF-32';
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return 'UTF-16';
  const sample = bytes.subarray(0, 4096);
  let evenZeros = 0;
  let oddZeros = 0;
  for (let index = 0; index < sample.length; index += 1) {
    if (sample[index] === 0) {
      if (index % 2 === 0) evenZeros += 1;
      else oddZeros += 1;
    }
  }
  const zeros = evenZeros + oddZeros;
  if (zeros === 0) return null;
  if (zeros >= sample.length * 0.6) return 'UTF-32 (no byte-order mark)';
  if (oddZeros >= sample.length * 0.3 && evenZeros < oddZeros / 4) return 'UTF-16 little-endian (no byte-order mark)';
  if (evenZeros >= sample.length * 0.3 && oddZeros < evenZeros / 4) return 'UTF-16 big-endian (no byte-order mark)';
  return 'binary';
}

/**
 * Decode bytes as UTF-8, refusing anything else so that mis-encoded names are not silently
 * garbled. A byte-order mark (which Excel writes in "CSV UTF-8" files) is dropped.
 */
export function decodeUtf8(bytes: Buffer, label: string, kind: TextFileKind = 'csv'): { text: string | null; problems: DataProblem[] } {
  const advice = SAVE_AS_UTF8[kind];
  const other = otherEncoding(bytes);
  if (other === 'binary') return { text: null, problems: [fileProblem(label, `file holds zero bytes, which no text file has: it is not ${kind === 'yaml' ? 'YAML' : kind.toUpperCase()} text (a binary file, or an unknown encoding); ${advice}`)] };
  if (other !== null) return { text: null, problems: [fileProblem(label, `file is ${other} text, not UTF-8; ${advice}`)] };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), problems: [] };
  } catch {
    // Point at the line of the first undecodable byte so the user can find the offending name.
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const badIndex = lenient.indexOf('\uFFFD');
    let row: number | null = null;
    if (badIndex >= 0) {
      row = 1;
      for (let index = lenient.indexOf('\n'); index >= 0 && index < badIndex; index = lenient.indexOf('\n', index + 1)) row += 1;
    }
    return { text: null, problems: [{ file: label, row, column: null, message: `file is not UTF-8 text (first bad character on this ${kind === 'csv' ? 'row' : 'line'}); ${advice}` }] };
  }
}

/** Read and decode a text input file (CSV or YAML) through the gate. */
export async function readInputText(filePath: string, label: string, kind: TextFileKind, options: ReadInputOptions = {}): Promise<{ text: string | null; bytes: Buffer | null; problems: DataProblem[] }> {
  const read = await readInputFile(filePath, label, kind, options);
  if (read.bytes === null) return { text: null, bytes: null, problems: read.problems };
  const decoded = decodeUtf8(read.bytes, label, kind);
  return { text: decoded.text, bytes: read.bytes, problems: decoded.problems };
}
