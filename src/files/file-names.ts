/**
 * Names of the folders and temporary files infraplan writes. A name component may hold at most
 * 255 bytes on every common file system (ext4, APFS, NTFS), and Windows still limits a whole path
 * to 260 characters unless long paths are switched on. Model and scenario names come from input
 * files and can be any length, so every name built from them is shortened here, with a short hash
 * of the full text so that two long names that share a beginning still get different folders.
 *
 * Temporary names carry the writing process's id and a tag of its host, so that a later run can
 * tell an abandoned temporary (its process is gone) from one another run is still writing, even
 * when two machines write into the same network share.
 */
import { createHash } from 'node:crypto';
import os from 'node:os';

/** Longest name component a file system accepts, in bytes (ext4, APFS, NTFS). */
export const MAX_NAME_BYTES = 255;

/**
 * Longest run or analysis folder name infraplan makes, in characters (all ASCII). It leaves room
 * for the `.tmp-replaced-<pid>-<host>-` prefix of the temporary names below 255 bytes, and keeps a
 * run folder's deepest file within Windows' 260-character path limit for an `--out` path of up to
 * about 120 characters (see docs/reports.md).
 */
export const MAX_FOLDER_NAME_CHARS = 100;

/** Characters of the hash appended to a shortened name. */
const HASH_CHARS = 8;

/** The first `length` hex digits of the SHA-256 of `text`. */
function shortHash(text: string, length: number): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, length);
}

/** Bytes of `text` in UTF-8. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The longest beginning of `text` of at most `maxBytes` UTF-8 bytes that does not split a character. */
function truncateToBytes(text: string, maxBytes: number): string {
  let result = '';
  let bytes = 0;
  for (const character of text) {
    const size = utf8Bytes(character);
    if (bytes + size > maxBytes) break;
    result += character;
    bytes += size;
  }
  return result;
}

/**
 * `text` unchanged when it fits in `maxBytes` UTF-8 bytes; otherwise its beginning, a hyphen and
 * an 8-digit hash of `hashOf` (default the whole text), `maxBytes` long at most. `text` is expected
 * to be a name already made safe for file names; the cut never splits a character. Pass the
 * original name as `hashOf` when `text` is a cleaned version of it, so that names differing only
 * in characters cleaned away still get different hashes.
 */
export function shortenName(text: string, maxBytes: number, hashOf: string = text): string {
  if (utf8Bytes(text) <= maxBytes) return text;
  const hash = shortHash(hashOf, HASH_CHARS);
  const head = truncateToBytes(text, Math.max(0, maxBytes - HASH_CHARS - 1)).replace(/[-._\s]+$/u, '');
  return head === '' ? hash : `${head}-${hash}`;
}

/** A 6-digit tag of this machine's host name, so temporaries of another machine on a shared drive are never taken for abandoned ones. */
export const HOST_TAG = shortHash(os.hostname(), 6);

/** What a temporary name stands for: a file or folder being written, or an old folder moved aside by `--force`. */
export type TemporaryKind = 'writing' | 'replaced';

/** The parts of a temporary name. */
export interface TemporaryName {
  /** Being written, or moved aside by a `--force` replacement. */
  readonly kind: TemporaryKind;
  /** Id of the process that made it. */
  readonly pid: number;
  /** HOST_TAG of the machine that made it. */
  readonly hostTag: string;
  /** The visible name it stands for (shortened for a file being written whose name is very long). */
  readonly label: string;
}

const TEMPORARY_NAME = /^\.tmp-(replaced-)?(\d{1,10})-([0-9a-f]{6})-(.+)$/su;

/**
 * The hidden temporary name for `visibleName` in the same folder: `.tmp-<pid>-<host>-<name>`
 * while it is written, `.tmp-replaced-<pid>-<host>-<name>` for an old folder moved aside. A
 * file name too long to carry the prefix is shortened; a moved-aside folder must keep its exact
 * name (it is how it is restored), which the folder names above guarantee.
 */
export function temporaryName(kind: TemporaryKind, visibleName: string, pid: number = process.pid): string {
  const prefix = `.tmp-${kind === 'replaced' ? 'replaced-' : ''}${pid}-${HOST_TAG}-`;
  const room = MAX_NAME_BYTES - utf8Bytes(prefix);
  if (kind === 'replaced' && utf8Bytes(visibleName) > room) {
    throw new RangeError(`the folder name ${visibleName} is too long to be moved aside and restored`);
  }
  return `${prefix}${shortenName(visibleName, room)}`;
}

/** The parts of a temporary name, or null when `name` is not one infraplan makes. */
export function parseTemporaryName(name: string): TemporaryName | null {
  const match = TEMPORARY_NAME.exec(name);
  if (!match) return null;
  return { kind: match[1] ? 'replaced' : 'writing', pid: Number(match[2]), hostTag: match[3], label: match[4] };
}

/**
 * The file infraplan writes first into every temporary folder it makes, and into an old folder just
 * before `--force` moves it aside. The recovery of a later run removes or restores a folder only
 * when it carries this marker: a name alone is never proof, since other programs make hidden
 * `.tmp-*` folders too (a thesis backup, an editor's scratch folder) and those are never touched.
 */
export const TEMPORARY_MARKER = '.infraplan-temporary';

/** What the marker file says to someone who finds it. */
export const TEMPORARY_MARKER_TEXT =
  'This folder is a temporary copy made by infraplan while it writes or replaces a report folder.\n' +
  'If infraplan was interrupted, its next run into the parent folder restores or removes it.\n';
