/**
 * The one gate every input file passes: tables, workbooks, model.yaml and scenario files. It reads
 * only regular files (a pipe or a device such as /dev/zero would block or never end), refuses files
 * past a size limit before reading them, and decodes text as UTF-8 only, with advice that fits the
 * kind of file. Problems come back located, never thrown, so a loader can collect them all.
 */
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { MAX_TABLE_FILE_BYTES, MAX_YAML_FILE_BYTES } from './limits.js';
import type { DataProblem } from '../errors/problems.js';

/** What a file holds, which decides its size limit and the advice on encoding. */
export type InputFileKind = 'csv' | 'xlsx' | 'yaml' | 'json';

/** The size limit of each kind, bytes. */
export const MAX_FILE_BYTES: Readonly<Record<InputFileKind, number>> = {
  csv: MAX_TABLE_FILE_BYTES,
  xlsx: MAX_TABLE_FILE_BYTES,
  yaml: MAX_YAML_FILE_BYTES,
  // A plan.json of a national register is tens of megabytes: the table limit, not the YAML one.
  json: MAX_TABLE_FILE_BYTES,
};

/** Each kind in words for messages. */
const KIND_WORDS: Readonly<Record<InputFileKind, string>> = { csv: 'table file', xlsx: 'table file', yaml: 'YAML file', json: 'JSON file' };

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
    return { bytes: null, problems: [fileProblem(label, `file is ${megabytes(stats.size)}, more than the ${megabytes(limit)} a ${KIND_WORDS[kind]} may have (see docs/validation.md)`)] };
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
        return { bytes: null, problems: [fileProblem(label, `file is more than the ${megabytes(limit)} a ${KIND_WORDS[kind]} may have (see docs/validation.md)`)] };
      }
    }
    return { bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total), problems: [] };
  } catch (error) {
    return { bytes: null, problems: [fileProblem(label, readErrorMessage(error, missingMessage))] };
  } finally {
    await handle.close();
  }
}

/** How to save a file of each kind as UTF-8, for the advice in a message. */
const SAVE_AS_UTF8: Readonly<Record<Exclude<InputFileKind, 'xlsx'>, string>> = {
  csv: 'save it from Excel as "CSV UTF-8 (comma delimited)"',
  yaml: 'save it as UTF-8 (in Notepad: Save As, Encoding "UTF-8")',
  json: 'save it as UTF-8 (in Notepad: Save As, Encoding "UTF-8")',
};

/**
 * Decode bytes as UTF-8, refusing anything else so that mis-encoded names are not silently
 * garbled. A byte-order mark (which Excel writes in "CSV UTF-8" files) is dropped.
 */
export function decodeUtf8(bytes: Buffer, label: string, kind: Exclude<InputFileKind, 'xlsx'> = 'csv'): { text: string | null; problems: DataProblem[] } {
  const advice = SAVE_AS_UTF8[kind];
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { text: null, problems: [fileProblem(label, `file is UTF-16 text; ${advice}`)] };
  }
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
export async function readInputText(filePath: string, label: string, kind: Exclude<InputFileKind, 'xlsx'>, options: ReadInputOptions = {}): Promise<{ text: string | null; bytes: Buffer | null; problems: DataProblem[] }> {
  const read = await readInputFile(filePath, label, kind, options);
  if (read.bytes === null) return { text: null, bytes: null, problems: read.problems };
  const decoded = decodeUtf8(read.bytes, label, kind);
  return { text: decoded.text, bytes: read.bytes, problems: decoded.problems };
}
